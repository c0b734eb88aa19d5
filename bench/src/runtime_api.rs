//! A local Lambda Runtime API: serves queued events on `GET …/invocation/next`, records
//! `POST …/response` — buffered, or in the streaming response protocol (`Lambda-Runtime-Function-
//! Response-Mode: streaming`, a chunked body of a JSON prelude, eight NUL bytes, then the response
//! body), with the arrival time of every chunk — and holds the next poll open once the queue is
//! empty, as Lambda does.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::http1::{read_body, read_head, write_response};

#[derive(Default)]
struct State {
    events: VecDeque<(String, Vec<u8>)>,
    first_poll: Option<Instant>,
    polls: usize,
    served: Vec<Instant>,
    responses: Vec<Posted>,
}

/// A response the function posted.
#[derive(Clone, Debug)]
pub struct Posted {
    /// When the whole response had arrived.
    pub at: Instant,
    /// The path it was posted to (`…/invocation/{id}/response` or `…/error`).
    pub path: String,
    /// The body as posted (for a streamed response: prelude, separator, body).
    pub body: Vec<u8>,
    /// Sent in the streaming response protocol.
    pub streamed: bool,
    /// When each piece arrived, with the body's length after it.
    pub pieces: Vec<(Instant, usize)>,
}

/// The separator between a streamed response's JSON prelude and its body.
pub const PRELUDE_SEPARATOR: [u8; 8] = [0; 8];

impl Posted {
    /// Where a streamed response's body starts: just past the separator after its prelude.
    fn body_start(&self) -> Option<usize> {
        let split = self
            .body
            .windows(PRELUDE_SEPARATOR.len())
            .position(|w| w == PRELUDE_SEPARATOR)?;
        Some(split + PRELUDE_SEPARATOR.len())
    }

    /// A streamed response's prelude (`statusCode`, `headers`, `cookies`) and body.
    pub fn streamed_parts(&self) -> Option<(serde_json::Value, &[u8])> {
        let start = self.body_start()?;
        let prelude = serde_json::from_slice(&self.body[..start - PRELUDE_SEPARATOR.len()]).ok()?;
        Some((prelude, &self.body[start..]))
    }

    /// When the first `n` bytes of the response body (after a streamed response's prelude) had
    /// arrived.
    pub fn body_bytes_at(&self, n: usize) -> Option<Instant> {
        let offset = if self.streamed { self.body_start()? } else { 0 };
        self.pieces
            .iter()
            .find(|(_, len)| *len >= offset + n)
            .map(|(at, _)| *at)
    }
}

/// A running Runtime API on 127.0.0.1. Dropping it stops the listener; connections end when the
/// runtime process goes away.
pub struct RuntimeApi {
    /// Address for `AWS_LAMBDA_RUNTIME_API`.
    pub address: SocketAddr,
    state: Arc<(Mutex<State>, Condvar)>,
    stop: Arc<AtomicBool>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

impl RuntimeApi {
    /// Starts the server with these invocation events (JSON bodies).
    pub fn start(events: Vec<Vec<u8>>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
        if let Ok(mut s) = state.0.lock() {
            s.events = events
                .into_iter()
                .enumerate()
                .map(|(i, e)| (format!("req-{i}"), e))
                .collect();
        }
        let shared = state.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                let _ = stream.set_nodelay(true);
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, state));
            }
        });
        Ok(Self {
            address,
            state,
            stop,
        })
    }

    /// When the runtime first asked for work.
    pub fn first_poll(&self) -> Option<Instant> {
        self.state.0.lock().ok()?.first_poll
    }

    /// When each event was handed to the function, in order.
    pub fn served(&self) -> Vec<Instant> {
        self.state
            .0
            .lock()
            .map(|state| state.served.clone())
            .unwrap_or_default()
    }

    /// Waits until `n` responses were posted (or `timeout`); returns them with their arrival times.
    pub fn wait_responses(&self, n: usize, timeout: Duration) -> Vec<(Instant, String, Vec<u8>)> {
        self.wait_posted(n, timeout)
            .into_iter()
            .map(|posted| (posted.at, posted.path, posted.body))
            .collect()
    }

    /// Waits until `n` responses were posted (or `timeout`); returns them as posted.
    pub fn wait_posted(&self, n: usize, timeout: Duration) -> Vec<Posted> {
        self.wait_until(timeout, |state| state.responses.len() >= n)
            .map(|state| state.responses.clone())
            .unwrap_or_default()
    }

    /// Waits until the runtime has asked for work `n` times (or `timeout`); returns how many times it
    /// has. Once every event is served, the next ask is held open: `events + 1` asks means the
    /// runtime has posted its last response and is idle, its connections open.
    pub fn wait_polls(&self, n: usize, timeout: Duration) -> usize {
        self.wait_until(timeout, |state| state.polls >= n)
            .map_or(0, |state| state.polls)
    }

    /// The state once `done` holds or `timeout` has passed (`None` if the lock was poisoned).
    fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&State) -> bool,
    ) -> Option<std::sync::MutexGuard<'_, State>> {
        let deadline = Instant::now() + timeout;
        let (lock, signal) = &*self.state;
        let mut state = lock.lock().ok()?;
        while !done(&state) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = signal.wait_timeout(state, left).ok()?.0;
        }
        Some(state)
    }
}

fn serve(stream: std::net::TcpStream, state: Arc<(Mutex<State>, Condvar)>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_head(&mut reader) {
        let (lock, signal) = &*state;
        if request.method == "GET" && request.path.ends_with("/runtime/invocation/next") {
            if read_body(&mut reader, &request, |_| {}).is_none() {
                return;
            }
            let next = {
                let Ok(mut s) = lock.lock() else { return };
                s.first_poll.get_or_insert_with(Instant::now);
                s.polls += 1;
                signal.notify_all();
                let next = s.events.pop_front();
                if next.is_some() {
                    s.served.push(Instant::now());
                }
                next
            };
            let Some((id, body)) = next else {
                // Nothing more to do: hold the poll open until the process goes away (EOF).
                while reader.fill_buf().is_ok_and(|b| !b.is_empty()) {
                    let n = reader.buffer().len();
                    reader.consume(n);
                }
                return;
            };
            let deadline = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis())
                + 30_000;
            let headers = [
                ("lambda-runtime-aws-request-id", id),
                ("lambda-runtime-deadline-ms", deadline.to_string()),
                (
                    "lambda-runtime-invoked-function-arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:bench".into(),
                ),
                (
                    "lambda-runtime-trace-id",
                    "Root=1-00000000-000000000000000000000000".into(),
                ),
                ("content-type", "application/json".into()),
            ];
            if write_response(&mut writer, 200, &headers, &body).is_err() {
                return;
            }
        } else {
            let streamed = request
                .header("lambda-runtime-function-response-mode")
                .is_some_and(|mode| mode.eq_ignore_ascii_case("streaming"));
            let mut body = Vec::new();
            let mut pieces = Vec::new();
            let read = read_body(&mut reader, &request, |data| {
                body.extend_from_slice(data);
                pieces.push((Instant::now(), body.len()));
            });
            if read.is_none() {
                return;
            }
            if let Ok(mut s) = lock.lock() {
                s.responses.push(Posted {
                    at: Instant::now(),
                    path: request.path.clone(),
                    body,
                    streamed,
                    pieces,
                });
                signal.notify_all();
            }
            if write_response(&mut writer, 202, &[], b"{}").is_err() {
                return;
            }
        }
    }
}

/// An API Gateway HTTP API (v2) event for `POST /chat` from user `bench-user`.
pub fn http_api_chat_event(message: &str) -> Vec<u8> {
    http_api_chat_request_event(&serde_json::json!({ "message": message }))
}

/// An API Gateway HTTP API (v2) event for `POST /chat` from user `bench-user` with `request` as its
/// JSON body (e.g. a `session_id` to continue a conversation).
pub fn http_api_chat_request_event(request: &serde_json::Value) -> Vec<u8> {
    let body = request.to_string();
    serde_json::json!({
        "version": "2.0", "routeKey": "POST /chat", "rawPath": "/chat", "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "example.com", "domainPrefix": "example",
            "http": {"method": "POST", "path": "/chat", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench"},
            "requestId": "req", "routeKey": "POST /chat", "stage": "$default", "time": "28/Nov/2026:00:00:00 +0000", "timeEpoch": 0,
            "authorizer": {"jwt": {"claims": {"sub": "bench-user"}, "scopes": null}}
        },
        "body": body, "isBase64Encoded": false
    })
    .to_string()
    .into_bytes()
}

/// An API Gateway REST API (v1) proxy event for `POST /chat` from user `bench-user` (Cognito
/// user-pool authorizer claims), with these extra request headers (e.g. `accept`).
pub fn rest_api_chat_event(message: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    rest_api_chat_request_event(&serde_json::json!({ "message": message }), headers)
}

/// An API Gateway REST API (v1) proxy event for `POST /chat` from user `bench-user` with `request`
/// as its JSON body and these extra request headers.
pub fn rest_api_chat_request_event(
    request: &serde_json::Value,
    headers: &[(&str, &str)],
) -> Vec<u8> {
    let body = request.to_string();
    let mut all = serde_json::json!({"content-type": "application/json"});
    for (name, value) in headers {
        all[*name] = serde_json::json!(value);
    }
    let multi: serde_json::Map<String, serde_json::Value> = all
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(k, v)| (k.clone(), serde_json::json!([v])))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "resource": "/chat", "path": "/chat", "httpMethod": "POST",
        "headers": all, "multiValueHeaders": multi,
        "queryStringParameters": null, "multiValueQueryStringParameters": null,
        "pathParameters": null, "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "resourceId": "res", "resourcePath": "/chat",
            "httpMethod": "POST", "path": "/api/chat", "stage": "api", "requestId": "req",
            "protocol": "HTTP/1.1", "identity": {"sourceIp": "127.0.0.1", "userAgent": "bench"},
            "requestTimeEpoch": 0,
            "authorizer": {"claims": {"sub": "bench-user", "scope": "openid"}}
        },
        "body": body, "isBase64Encoded": false
    })
    .to_string()
    .into_bytes()
}

/// A child process killed (and reaped) when dropped, so a failing test leaves nothing running.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a Lambda bootstrap (`binary`) with exactly `env` (nothing inherited), its output discarded;
/// it is killed when the handle is dropped. Panics (it is for tests and benches) when it cannot start.
pub fn spawn_bootstrap<B, K, V>(binary: B, env: impl IntoIterator<Item = (K, V)>) -> KillOnDrop
where
    B: AsRef<std::ffi::OsStr>,
    K: AsRef<std::ffi::OsStr>,
    V: AsRef<std::ffi::OsStr>,
{
    let binary = binary.as_ref();
    let child = std::process::Command::new(binary)
        .env_clear()
        .envs(env)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start the bootstrap {}: {e}", binary.to_string_lossy()));
    KillOnDrop(child)
}

/// Runs a Lambda bootstrap (`binary`) under a local Runtime API with exactly `env` (nothing
/// inherited; `AWS_LAMBDA_RUNTIME_API` is set to this API's address), sends one HTTP API chat event per message, and returns the API Gateway responses it
/// posted, in order. Panics (it is for tests and benches) when the process cannot start or does not
/// answer within `timeout`.
pub fn invoke_bootstrap(
    binary: &str,
    env: &[(String, String)],
    messages: &[&str],
    timeout: Duration,
) -> Vec<serde_json::Value> {
    let events = messages.iter().map(|m| http_api_chat_event(m)).collect();
    invoke_bootstrap_events(binary, env, events, timeout)
}

/// [`invoke_bootstrap`] with these events instead of one per message.
pub fn invoke_bootstrap_events(
    binary: &str,
    env: &[(String, String)],
    events: Vec<Vec<u8>>,
    timeout: Duration,
) -> Vec<serde_json::Value> {
    let expected = events.len();
    let api = RuntimeApi::start(events).expect("start the Runtime API");
    let runtime_api = ("AWS_LAMBDA_RUNTIME_API".to_owned(), api.address.to_string());
    let _child = spawn_bootstrap(binary, env.iter().cloned().chain([runtime_api]));
    let responses = api.wait_responses(expected, timeout);
    assert_eq!(
        responses.len(),
        expected,
        "{binary} answered {} of {expected} events",
        responses.len(),
    );
    responses
        .into_iter()
        .map(|(_, _, body)| serde_json::from_slice(&body).expect("a JSON response"))
        .collect()
}

/// [`invoke_bootstrap`] with Lambda's environment (`crate::coldstart::lambda_env`, 256 MB) plus
/// `env`, a 30-second limit, and each API Gateway response read as its status and JSON body.
/// Panics (it is for tests) on a response without them.
pub fn invoke_chat(
    binary: &str,
    env: &[(String, String)],
    messages: &[&str],
) -> Vec<(u64, serde_json::Value)> {
    let requests: Vec<_> = messages
        .iter()
        .map(|m| serde_json::json!({ "message": m }))
        .collect();
    invoke_chat_requests(binary, env, &requests)
}

/// [`invoke_chat`] with these `POST /chat` bodies instead of one per message.
pub fn invoke_chat_requests(
    binary: &str,
    env: &[(String, String)],
    requests: &[serde_json::Value],
) -> Vec<(u64, serde_json::Value)> {
    let mut all = crate::coldstart::lambda_env("unused", 256);
    all.extend(env.iter().cloned());
    let events = requests.iter().map(http_api_chat_request_event).collect();
    invoke_bootstrap_events(binary, &all, events, Duration::from_secs(30))
        .into_iter()
        .map(|response| {
            let status = response["statusCode"].as_u64().expect("a status");
            let body = response["body"].as_str().expect("a body");
            (status, serde_json::from_str(body).expect("a JSON body"))
        })
        .collect()
}

/// Asserts that `answer` (from [`invoke_chat`]) is the stand-in's model answer
/// ([`crate::stand_in`]) with its turn stored; `context` names the case in the failure message.
pub fn assert_stand_in_answer(answer: &(u64, serde_json::Value), context: &str) {
    let (status, body) = answer;
    assert_eq!(*status, 200, "{context}: {body}");
    assert_eq!(body["source"], "model", "{context}: {body}");
    assert_eq!(
        body["reply"],
        crate::stand_in::CONVERSE_ANSWER,
        "{context}: {body}"
    );
    assert!(
        body["turn"].as_u64().is_some(),
        "{context}: stored in DynamoDB: {body}"
    );
}
