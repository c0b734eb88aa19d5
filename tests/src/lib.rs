//! Test support: a Bedrock Converse stand-in, a DynamoDB emulator handle, and a running chat server.
//!
//! Nothing here talks to AWS. DynamoDB is the moto server `scripts/test.sh` starts
//! (`FRUGAL_TEST_AWS_ENDPOINT`); Bedrock is [`BedrockStandIn`], an HTTP server that speaks the Converse
//! JSON protocol and can be told to throttle, stall, fail or answer garbage.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use frugal_chat::app::{build, App, AuthMode};
use frugal_chat::aws::{AwsSettings, LambdaEnv};
use frugal_chat::config::{Config, HistoryBackend};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

/// What the stand-in does with the next request.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// 429 ThrottlingException.
    Throttle,
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// 500 InternalServerException.
    ServerError,
    /// 200 with a body that is not a Converse response.
    Malformed,
    /// 400 ValidationException with this message.
    Validation(String),
    /// 408 ModelTimeoutException.
    ModelTimeout,
    /// ConverseStream only: an `internalServerException` after this many text deltas.
    StreamErrorAfter(usize),
    /// ConverseStream only: this many deltas, then nothing (the connection stays open) until the
    /// client goes away.
    StallAfter(usize),
    /// ConverseStream only: this many deltas, then a frame whose CRC is wrong.
    GarbageAfter(usize),
}

/// A request the stand-in received.
#[derive(Clone, Debug)]
pub struct Received {
    /// Model id from the path.
    pub model_id: String,
    /// The JSON body.
    pub body: serde_json::Value,
}

#[derive(Default)]
struct State {
    faults: Mutex<VecDeque<Fault>>,
    received: Mutex<Vec<Received>>,
    calls: AtomicUsize,
    latency: Mutex<Duration>,
    pace: Mutex<Duration>,
    cache_usage: Mutex<(u64, u64)>,
    streams_completed: AtomicUsize,
    streams_abandoned: AtomicUsize,
}

/// An HTTP server speaking the Bedrock Converse protocol on 127.0.0.1.
#[derive(Clone)]
pub struct BedrockStandIn {
    /// Base URL (`http://127.0.0.1:port`).
    pub url: String,
    state: Arc<State>,
}

impl BedrockStandIn {
    /// Starts the stand-in on an ephemeral port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind stand-in");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(State::default());
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(handle(state, request).await) }
                    });
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { url, state }
    }

    /// Queues faults for the next requests, in order.
    pub fn inject(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.faults.lock().expect("lock").extend(faults);
    }

    /// Adds latency to every normal answer.
    pub fn set_latency(&self, latency: Duration) {
        *self.state.latency.lock().expect("lock") = latency;
    }

    /// Waits this long between two streamed words (ConverseStream).
    pub fn set_pace(&self, pace: Duration) {
        *self.state.pace.lock().expect("lock") = pace;
    }

    /// Reports this many prompt-cache tokens (read, written) in every answer's usage, as Bedrock
    /// does for models that cache prompts.
    pub fn set_cache_usage(&self, read: u64, written: u64) {
        *self.state.cache_usage.lock().expect("lock") = (read, written);
    }

    /// Streams sent to their end.
    pub fn streams_completed(&self) -> usize {
        self.state.streams_completed.load(Ordering::SeqCst)
    }

    /// Streams the client stopped reading before their end (the connection went away).
    pub fn streams_abandoned(&self) -> usize {
        self.state.streams_abandoned.load(Ordering::SeqCst)
    }

    /// Requests received so far.
    pub fn calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }

    /// Bodies received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().expect("lock").clone()
    }
}

/// The stand-in's response body: whole, or frames sent as they are written.
type StandInBody = http_body_util::combinators::BoxBody<Bytes, Infallible>;

fn full(bytes: impl Into<Bytes>) -> StandInBody {
    Full::new(bytes.into()).boxed()
}

fn error(status: StatusCode, kind: &str, message: &str) -> Response<StandInBody> {
    let mut response = Response::new(full(serde_json::json!({ "message": message }).to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        "x-amzn-errortype",
        http::HeaderValue::from_str(kind).expect("header"),
    );
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Response<StandInBody> {
    let path = request.uri().path().to_owned();
    let route = path.strip_prefix("/model/").and_then(|p| {
        p.strip_suffix("/converse-stream")
            .map(|id| (id, true))
            .or_else(|| p.strip_suffix("/converse").map(|id| (id, false)))
    });
    let Some((model_id, streaming)) = route else {
        return error(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "only Converse and ConverseStream are served",
        );
    };
    let model_id = percent_decode(model_id);
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
    state.calls.fetch_add(1, Ordering::SeqCst);
    state.received.lock().expect("lock").push(Received {
        model_id,
        body: body.clone(),
    });

    let fault = state.faults.lock().expect("lock").pop_front();
    let mut stream_fault = None;
    let latency = *state.latency.lock().expect("lock");
    match fault {
        Some(Fault::Throttle) => {
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                "Too many requests, please wait before trying again.",
            )
        }
        Some(Fault::ServerError) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                "internal failure",
            )
        }
        Some(Fault::Validation(message)) => {
            return error(StatusCode::BAD_REQUEST, "ValidationException", &message)
        }
        Some(Fault::ModelTimeout) => {
            return error(
                StatusCode::REQUEST_TIMEOUT,
                "ModelTimeoutException",
                "model timed out",
            )
        }
        Some(Fault::Malformed) => {
            let mut response = Response::new(full(Bytes::from_static(
                b"{\"output\": 42, \"usage\": \"lots\"",
            )));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            return response;
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(
            fault @ (Fault::StreamErrorAfter(_) | Fault::StallAfter(_) | Fault::GarbageAfter(_)),
        ) => {
            if !streaming {
                return error(
                    StatusCode::BAD_REQUEST,
                    "ValidationException",
                    "stream faults need ConverseStream",
                );
            }
            stream_fault = Some(fault);
        }
        None => {}
    }
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    if messages.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            "messages must not be empty",
        );
    }
    let last = messages
        .last()
        .and_then(|m| m["content"][0]["text"].as_str())
        .unwrap_or_default()
        .to_owned();
    let input_chars: usize = messages
        .iter()
        .filter_map(|m| m["content"][0]["text"].as_str())
        .map(str::len)
        .sum();
    let text = format!("echo({}): {last}", messages.len());
    let (input_tokens, output_tokens) = (10 + input_chars as u64 / 4, 7);
    if streaming {
        return stream(state, &text, input_tokens, output_tokens, stream_fault);
    }
    let answer = serde_json::json!({
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": usage_json(&state, input_tokens, output_tokens),
        "metrics": {"latencyMs": latency.as_millis() as u64},
    });
    let mut response = Response::new(full(answer.to_string()));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Bedrock's usage object, with the prompt-cache counts when set.
fn usage_json(state: &State, input_tokens: u64, output_tokens: u64) -> serde_json::Value {
    let (read, written) = *state.cache_usage.lock().expect("lock");
    let mut usage = serde_json::json!({
        "inputTokens": input_tokens,
        "outputTokens": output_tokens,
        "totalTokens": input_tokens + output_tokens + read + written,
    });
    if read + written > 0 {
        usage["cacheReadInputTokens"] = serde_json::json!(read);
        usage["cacheWriteInputTokens"] = serde_json::json!(written);
    }
    usage
}

/// A ConverseStream answer: event-stream frames, one word at a time at the configured pace, with the
/// fault, if any, after its number of words.
fn stream(
    state: Arc<State>,
    text: &str,
    input_tokens: u64,
    output_tokens: u64,
    fault: Option<Fault>,
) -> Response<StandInBody> {
    use frugal_bench::event_stream as frames;
    let pieces = frames::pieces(text);
    let pace = *state.pace.lock().expect("lock");
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::spawn(async move {
        let send = |frame: Bytes| {
            let sender = sender.clone();
            async move { sender.send(frame).await.is_ok() }
        };
        let abandoned = || state.streams_abandoned.fetch_add(1, Ordering::SeqCst);
        if !send(frames::event(
            "messageStart",
            &serde_json::json!({"role": "assistant"}),
        ))
        .await
        {
            abandoned();
            return;
        }
        for (i, piece) in pieces.iter().enumerate() {
            match &fault {
                Some(Fault::StreamErrorAfter(n)) if *n == i => {
                    let _ = send(frames::exception(
                        "internalServerException",
                        "the model failed mid-answer",
                    ))
                    .await;
                    return;
                }
                Some(Fault::StallAfter(n)) if *n == i => {
                    // Hold the connection open until the client drops it.
                    sender.closed().await;
                    abandoned();
                    return;
                }
                Some(Fault::GarbageAfter(n)) if *n == i => {
                    let mut frame = frames::delta(piece).to_vec();
                    let at = frame.len() - 1;
                    frame[at] ^= 0x5a;
                    let _ = send(Bytes::from(frame)).await;
                    return;
                }
                _ => {}
            }
            if i > 0 && !pace.is_zero() {
                tokio::time::sleep(pace).await;
            }
            if !send(frames::delta(piece)).await {
                abandoned();
                return;
            }
        }
        for frame in [
            frames::event(
                "contentBlockStop",
                &serde_json::json!({"contentBlockIndex": 0}),
            ),
            frames::event(
                "messageStop",
                &serde_json::json!({"stopReason": "end_turn"}),
            ),
            frames::event(
                "metadata",
                &serde_json::json!({"usage": usage_json(&state, input_tokens, output_tokens), "metrics": {"latencyMs": 1}}),
            ),
        ] {
            if !send(frame).await {
                abandoned();
                return;
            }
        }
        state.streams_completed.fetch_add(1, Ordering::SeqCst);
    });
    let frames = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let frame = receiver.recv().await?;
        Some((
            Ok::<_, Infallible>(hyper::body::Frame::data(frame)),
            receiver,
        ))
    });
    let mut response = Response::new(http_body_util::StreamBody::new(frames).boxed());
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(frames::CONTENT_TYPE),
    );
    response
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub mod proxy;

/// Whether the tests that need the AWS emulator can run. With `FRUGAL_TEST_AWS_ENDPOINT` set (as
/// `./scripts/test.sh` does) always `true`, so a missing emulator fails those tests rather than passing
/// them; in a plain `cargo test` with nothing on the default port, `false`, after one line on stderr
/// (once per test binary) saying how to run them.
pub fn emulator_available() -> bool {
    static CHECKED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CHECKED.get_or_init(|| {
        if std::env::var_os("FRUGAL_TEST_AWS_ENDPOINT").is_some() {
            return true;
        }
        let up = std::net::TcpStream::connect_timeout(
            &SocketAddr::from(([127, 0, 0, 1], 5599)),
            Duration::from_millis(200),
        )
        .is_ok();
        if !up {
            use std::io::Write as _;
            // Written to the stream itself, not through the test harness's captured `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: the tests that need the AWS emulator (no FRUGAL_TEST_AWS_ENDPOINT, nothing on \
                 127.0.0.1:5599); run ./scripts/test.sh, which starts it"
            );
        }
        up
    })
}

/// Returns from the calling test when the AWS emulator is not available (see [`emulator_available`]).
#[macro_export]
macro_rules! require_emulator {
    () => {
        if !$crate::emulator_available() {
            return;
        }
    };
}

/// The DynamoDB emulator's endpoint (`FRUGAL_TEST_AWS_ENDPOINT`, default `http://127.0.0.1:5599`).
pub fn emulator_endpoint() -> String {
    std::env::var("FRUGAL_TEST_AWS_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:5599".into())
}

/// Dummy credentials for the emulators, as Lambda would pass them.
pub fn dummy_lambda_env() -> LambdaEnv {
    LambdaEnv {
        region: "us-east-1".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        session_token: None,
    }
}

/// A DynamoDB client for the emulator.
pub async fn dynamodb_client() -> aws_sdk_dynamodb::Client {
    dynamodb_client_at(&emulator_endpoint())
}

/// A DynamoDB client for an emulator at `endpoint`.
pub fn dynamodb_client_at(endpoint: &str) -> aws_sdk_dynamodb::Client {
    let credentials =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "tests");
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// Creates a table with a unique name (pk/sk strings, TTL on `expires_at`); panics with a hint when the
/// emulator is not running.
pub async fn create_table(client: &aws_sdk_dynamodb::Client, prefix: &str) -> String {
    let name = format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT_TABLE.fetch_add(1, Ordering::SeqCst)
    );
    create_named_table(client, &name).await;
    name
}

/// Creates the table `name` with Frugal's key schema and TTL.
pub async fn create_named_table(client: &aws_sdk_dynamodb::Client, name: &str) {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        TimeToLiveSpecification,
    };
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .expect("attr")
    };
    let key = |n: &str, t| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .expect("key")
    };
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk"))
        .attribute_definitions(attr("sk"))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .send()
        .await
        .unwrap_or_else(|e| panic!("creating table {name} on the DynamoDB emulator failed ({e:?}); run ./scripts/test.sh, which starts it"));
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name("expires_at")
                .build()
                .expect("ttl"),
        )
        .send()
        .await
        .expect("enable TTL");
}

/// Every stored item of one partition (`<user>#<session>`), in key order.
pub async fn stored_items(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    pk: &str,
) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    client
        .query()
        .table_name(table)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(
            ":pk",
            aws_sdk_dynamodb::types::AttributeValue::S(pk.to_owned()),
        )
        .send()
        .await
        .expect("query the emulator")
        .items()
        .to_vec()
}

static NEXT_TABLE: AtomicUsize = AtomicUsize::new(0);

/// A running `frugal-chat` server (the real stack on a real socket).
pub struct ChatServer {
    /// Base URL.
    pub url: String,
    /// The app (to inspect lazily built clients).
    pub chat: frugal_chat::service::ChatService,
}

/// Starts the chat server on an ephemeral port against `table` (or memory) and `bedrock_url`.
pub async fn start_chat(config: Config, bedrock_url: &str, auth: AuthMode) -> ChatServer {
    start_chat_at(config, &emulator_endpoint(), bedrock_url, auth).await
}

/// Starts the chat server with DynamoDB at `dynamodb_url` (the emulator, or a proxy in front of it).
pub async fn start_chat_at(
    config: Config,
    dynamodb_url: &str,
    bedrock_url: &str,
    auth: AuthMode,
) -> ChatServer {
    let aws = AwsSettings {
        dynamodb_endpoint: Some(dynamodb_url.to_owned()),
        bedrock_endpoint: Some(bedrock_url.to_owned()),
        from_lambda_env: Some(dummy_lambda_env()),
        max_attempts: config.max_attempts,
        ca_bundle: None,
    };
    let app = build(&config, aws, auth, Instant::now());
    app.mark_ready();
    let App { chat, service, .. } = app;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind chat");
    let address: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(frugal_chat::server::serve(listener, service, None));
    ChatServer {
        url: format!("http://{address}"),
        chat,
    }
}

/// A Bedrock stand-in, a fresh table on the emulator, and a chat server (insecure dev auth) using both.
pub async fn start_stack(prefix: &str) -> (BedrockStandIn, Client, ChatServer, String) {
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, prefix).await;
    let server = start_chat(
        dynamo_config(&table),
        &bedrock.url,
        AuthMode::InsecureHeader,
    )
    .await;
    let client = Client::new(&server.url);
    (bedrock, client, server, table)
}

/// A Bedrock stand-in, a fresh table on the emulator behind a [`proxy::FaultProxy`] (which counts the
/// operations and injects faults on the wire), and a chat server (insecure dev auth) using both, with
/// `max_attempts` attempts per AWS call.
pub async fn start_proxied_stack(prefix: &str, max_attempts: u32) -> ProxiedStack {
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, prefix).await;
    let proxy = proxy::FaultProxy::start(&emulator_endpoint()).await;
    let config = Config {
        max_attempts,
        ..dynamo_config(&table)
    };
    let server = start_chat_at(config, &proxy.url, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);
    ProxiedStack {
        bedrock,
        proxy,
        server,
        client,
        table,
    }
}

/// What [`start_proxied_stack`] starts.
pub struct ProxiedStack {
    /// The Bedrock stand-in.
    pub bedrock: BedrockStandIn,
    /// The proxy between the chat server and the emulator.
    pub proxy: proxy::FaultProxy,
    /// The chat server.
    pub server: ChatServer,
    /// A client of the chat server.
    pub client: Client,
    /// The table's name.
    pub table: String,
}

/// A config using DynamoDB `table`.
pub fn dynamo_config(table: &str) -> Config {
    Config {
        history: HistoryBackend::DynamoDb {
            table: table.to_owned(),
        },
        max_attempts: 1,
        ..Config::default()
    }
}

/// A reply: status, headers, JSON body.
#[derive(Debug)]
pub struct Reply {
    /// Status.
    pub status: u16,
    /// Headers.
    pub headers: http::HeaderMap,
    /// Body as JSON (Null when not JSON).
    pub json: serde_json::Value,
}

/// One Server-Sent Event.
#[derive(Debug)]
pub struct SseEvent {
    /// `delta`, `done` or `error`.
    pub name: String,
    /// The `data:` line as JSON.
    pub data: serde_json::Value,
    /// When it arrived, since the request was sent.
    pub at: Duration,
}

impl SseEvent {
    fn parse(block: &str, at: Duration) -> Self {
        let mut name = String::new();
        let mut data = serde_json::Value::Null;
        for line in block.lines() {
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_owned();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = serde_json::from_str(value).expect("data is one line of JSON");
            }
        }
        Self { name, data, at }
    }
}

/// A streamed reply.
#[derive(Debug)]
pub struct SseReply {
    /// Status.
    pub status: u16,
    /// Headers.
    pub headers: http::HeaderMap,
    /// The events, in order.
    pub events: Vec<SseEvent>,
}

impl SseReply {
    /// The text of all `delta` events.
    pub fn text(&self) -> String {
        self.events
            .iter()
            .filter(|e| e.name == "delta")
            .filter_map(|e| e.data["text"].as_str())
            .collect()
    }

    /// The last event (`done` or `error`).
    pub fn last(&self) -> &SseEvent {
        self.events.last().expect("at least one event")
    }
}

/// A `POST /chat` body.
fn chat_body(message: &str, session: Option<&str>) -> String {
    let mut body = serde_json::json!({ "message": message });
    if let Some(session) = session {
        body["session_id"] = serde_json::json!(session);
    }
    body.to_string()
}

/// A small HTTP client.
#[derive(Clone)]
pub struct Client {
    inner: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        Full<Bytes>,
    >,
    base: String,
    permits: Option<Arc<tokio::sync::Semaphore>>,
}

impl Client {
    /// A client for `base`.
    pub fn new(base: &str) -> Self {
        Self {
            inner: hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http(),
            base: base.to_owned(),
            permits: None,
        }
    }

    /// The same client, with at most as many requests in flight as `permits` allows.
    pub fn throttled(client: Client, permits: Arc<tokio::sync::Semaphore>) -> Self {
        Self {
            permits: Some(permits),
            ..client
        }
    }

    /// Sends a request.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        user: Option<&str>,
        body: impl Into<Bytes>,
    ) -> Reply {
        self.send_with_headers(method, path, user, &[], body).await
    }

    /// Sends a request with extra headers.
    pub async fn send_with_headers(
        &self,
        method: &str,
        path: &str,
        user: Option<&str>,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Reply {
        let _permit = match &self.permits {
            Some(permits) => Some(
                permits
                    .clone()
                    .acquire_owned()
                    .await
                    .expect("semaphore open"),
            ),
            None => None,
        };
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(user) = user {
            builder = builder.header("x-frugal-user", user);
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Full::new(body.into())).expect("request");
        let response = self.inner.request(request).await.expect("HTTP request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Reply {
            status,
            headers,
            json: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        }
    }

    /// `POST /chat` asking for Server-Sent Events; returns the events as they arrived.
    pub async fn chat_stream(&self, user: &str, message: &str, session: Option<&str>) -> SseReply {
        let request = Request::builder()
            .method("POST")
            .uri(format!("{}/chat", self.base))
            .header("x-frugal-user", user)
            .header("accept", "text/event-stream")
            .body(Full::new(Bytes::from(chat_body(message, session))))
            .expect("request");
        let started = Instant::now();
        let response = self.inner.request(request).await.expect("HTTP request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = response.into_body();
        let mut buffer = String::new();
        let mut events = Vec::new();
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { break };
            let Ok(data) = frame.into_data() else {
                continue;
            };
            buffer.push_str(std::str::from_utf8(&data).expect("UTF-8 events"));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                events.push(SseEvent::parse(&block, started.elapsed()));
            }
        }
        assert!(buffer.is_empty(), "a partial event at the end: {buffer:?}");
        SseReply {
            status,
            headers,
            events,
        }
    }

    /// `POST /chat` with an `Idempotency-Key`.
    pub async fn chat_with_key(
        &self,
        user: &str,
        message: &str,
        session: Option<&str>,
        key: &str,
    ) -> Reply {
        self.send_with_headers(
            "POST",
            "/chat",
            Some(user),
            &[("idempotency-key", key)],
            chat_body(message, session),
        )
        .await
    }

    /// `POST /chat`.
    pub async fn chat(&self, user: &str, message: &str, session: Option<&str>) -> Reply {
        self.send("POST", "/chat", Some(user), chat_body(message, session))
            .await
    }
}
