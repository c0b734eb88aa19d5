//! A fault-injecting HTTP proxy for the DynamoDB emulator: it forwards every request upstream and, for
//! the operations a rule picks, drops the client's connection instead of passing the answer back (the
//! write landed, its acknowledgement was lost) or delays the answer. Faults happen on the wire, so the
//! SDK's own retry logic is what gets tested; nothing of the SDK is mocked.
//!
//! DynamoDB applies each request atomically; moto 5 does not: its server is threaded and a cancelled
//! `TransactWriteItems` restores a copy of the whole table taken, without a lock, when the transaction
//! began, which silently undoes any write that landed in between. So the proxy passes one request at a
//! time to the emulator, as the real service would order them. Faults apply after the answer came
//! back, so clients still overlap: a delayed answer keeps its writer waiting while others go through.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

/// What to do with one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Forward the request, then close the connection without answering.
    DropResponse,
    /// Forward the request, then wait this long before answering.
    Delay(Duration),
    /// Do not forward: answer `500 InternalServerError` (nothing lands).
    Reject,
}

#[derive(Clone, Debug)]
struct Rule {
    operation: String,
    nth: usize,
    /// Instead of `nth`: every request whose body was not seen before (a write's first attempt).
    first_attempts: bool,
    action: Action,
}

#[derive(Default)]
struct State {
    rules: Mutex<Vec<Rule>>,
    bodies: Mutex<std::collections::HashSet<Bytes>>,
    seen: Mutex<HashMap<String, usize>>,
    dropped: AtomicUsize,
    /// Held while a request is at the emulator (see the module docs).
    upstream: tokio::sync::Mutex<()>,
}

/// A running proxy on 127.0.0.1.
#[derive(Clone)]
pub struct FaultProxy {
    /// Base URL to give the SDK (`AWS_ENDPOINT_URL_DYNAMODB`).
    pub url: String,
    state: Arc<State>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (for example the emulator's URL).
    pub async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let state = Arc::new(State::default());
        let client: HttpClient<HttpConnector, Full<Bytes>> =
            HttpClient::builder(TokioExecutor::new()).build_http();
        let upstream = upstream.trim_end_matches('/').to_owned();
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (state, client, upstream) = (shared.clone(), client.clone(), upstream.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        forward(state.clone(), client.clone(), upstream.clone(), request)
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { url, state }
    }

    /// Applies `action` to the `nth` (1-based) request of DynamoDB `operation` (e.g. `PutItem`,
    /// `TransactWriteItems`) from now on.
    pub fn on(&self, operation: &str, nth: usize, action: Action) {
        let already = self.count(operation);
        self.state.rules.lock().expect("lock").push(Rule {
            operation: operation.to_owned(),
            nth: already + nth,
            first_attempts: false,
            action,
        });
    }

    /// From now on, drops the answer to the first attempt of every `operation` request: the write
    /// lands, its acknowledgement is lost, the SDK's retry (the same body) goes through.
    pub fn drop_first_attempts(&self, operation: &str) {
        self.state.rules.lock().expect("lock").push(Rule {
            operation: operation.to_owned(),
            nth: 0,
            first_attempts: true,
            action: Action::DropResponse,
        });
    }

    /// How many answers were dropped so far.
    pub fn dropped(&self) -> usize {
        self.state.dropped.load(Ordering::SeqCst)
    }

    /// How many requests of `operation` went through.
    pub fn count(&self, operation: &str) -> usize {
        self.state
            .seen
            .lock()
            .expect("lock")
            .get(operation)
            .copied()
            .unwrap_or(0)
    }
}

/// The answer was deliberately not delivered; hyper closes the connection.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("answer dropped by the fault proxy")
    }
}

impl std::error::Error for Dropped {}

async fn forward(
    state: Arc<State>,
    client: HttpClient<HttpConnector, Full<Bytes>>,
    upstream: String,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    let operation = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit('.').next())
        .unwrap_or("")
        .to_owned();
    let count = {
        let mut seen = state.seen.lock().expect("lock");
        let count = seen.entry(operation.clone()).or_default();
        *count += 1;
        *count
    };
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let first_attempt = state.bodies.lock().expect("lock").insert(body.clone());
    let action = state
        .rules
        .lock()
        .expect("lock")
        .iter()
        .find(|r| {
            r.operation == operation
                && if r.first_attempts {
                    first_attempt
                } else {
                    r.nth == count
                }
        })
        .map(|r| r.action);
    if action == Some(Action::Reject) {
        let mut response = Response::new(Full::new(Bytes::from_static(
            br#"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"injected by the fault proxy"}"#,
        )));
        *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/x-amz-json-1.0"),
        );
        return Ok(response);
    }
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut outgoing = Request::builder()
        .method(parts.method.clone())
        .uri(format!("{upstream}{path}"));
    for (name, value) in &parts.headers {
        if name != http::header::HOST {
            outgoing = outgoing.header(name, value);
        }
    }
    let outgoing = outgoing.body(Full::new(body)).map_err(|_| Dropped)?;
    let (answer_parts, answer_body) = {
        let _one_at_a_time = state.upstream.lock().await;
        let answer = client.request(outgoing).await.map_err(|_| Dropped)?;
        let (parts, body) = answer.into_parts();
        (parts, body.collect().await.map_err(|_| Dropped)?.to_bytes())
    };
    match action {
        Some(Action::DropResponse) => {
            state.dropped.fetch_add(1, Ordering::SeqCst);
            Err(Dropped)
        }
        Some(Action::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            Ok(Response::from_parts(answer_parts, Full::new(answer_body)))
        }
        None | Some(Action::Reject) => {
            Ok(Response::from_parts(answer_parts, Full::new(answer_body)))
        }
    }
}
