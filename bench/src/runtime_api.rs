//! A local Lambda Runtime API: serves queued events on `GET …/invocation/next`, records
//! `POST …/response`, and holds the next poll open once the queue is empty, as Lambda does.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::http1::{read_request, write_response};

#[derive(Default)]
struct State {
    events: VecDeque<(String, Vec<u8>)>,
    first_poll: Option<Instant>,
    responses: Vec<(Instant, String, Vec<u8>)>,
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

    /// Waits until `n` responses were posted (or `timeout`); returns them with their arrival times.
    pub fn wait_responses(&self, n: usize, timeout: Duration) -> Vec<(Instant, String, Vec<u8>)> {
        let deadline = Instant::now() + timeout;
        let (lock, signal) = &*self.state;
        let Ok(mut state) = lock.lock() else {
            return Vec::new();
        };
        while state.responses.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = match signal.wait_timeout(state, left) {
                Ok((guard, _)) => guard,
                Err(_) => return Vec::new(),
            };
        }
        state.responses.clone()
    }
}

fn serve(stream: std::net::TcpStream, state: Arc<(Mutex<State>, Condvar)>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let (lock, signal) = &*state;
        if request.method == "GET" && request.path.ends_with("/runtime/invocation/next") {
            let next = {
                let Ok(mut s) = lock.lock() else { return };
                s.first_poll.get_or_insert_with(Instant::now);
                signal.notify_all();
                s.events.pop_front()
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
            if let Ok(mut s) = lock.lock() {
                s.responses
                    .push((Instant::now(), request.path.clone(), request.body));
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
    let body = serde_json::json!({ "message": message }).to_string();
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

/// A child process killed (and reaped) when dropped, so a failing test leaves nothing running.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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
    let api = RuntimeApi::start(events).expect("start the Runtime API");
    let child = std::process::Command::new(binary)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("AWS_LAMBDA_RUNTIME_API", api.address.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the bootstrap");
    let _child = KillOnDrop(child);
    let responses = api.wait_responses(messages.len(), timeout);
    assert_eq!(
        responses.len(),
        messages.len(),
        "{binary} answered {} of {} events",
        responses.len(),
        messages.len()
    );
    responses
        .into_iter()
        .map(|(_, _, body)| serde_json::from_slice(&body).expect("a JSON response"))
        .collect()
}
