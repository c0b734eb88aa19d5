//! Streamed replies: `POST /chat` with `Accept: text/event-stream` answers as Server-Sent Events.
//!
//! The wire format (the same for the local server and Lambda):
//!
//! ```text
//! event: delta
//! data: {"text":"Hel"}
//!
//! event: delta
//! data: {"text":"lo!"}
//!
//! event: done
//! data: {"session_id":"…","source":"model","usage":{"input_tokens":12,"output_tokens":3},"cost_usd":0.0000112,"turn":1}
//! ```
//!
//! Exactly one `done` or one `error` (`data: {"code","message","retry_after_secs"?}`) ends every stream.
//! An error known before the first event keeps its HTTP status (e.g. `429` with `Retry-After`), with
//! that one `error` event as the body; after the first event the status is already sent (`200`).
//!
//! A handler streams by returning [`stream_response`] with a [`Stream`] of [`ChatEvent`]s. The body
//! ([`ChatBody`]) encodes the events as they come, ends the stream with `deadline_exceeded` at the
//! request's [`RequestDeadline`] (never in the middle of an event), and, when the stream ends for any
//! reason — done, failed, cut by the deadline, or dropped because the client went away — runs the
//! [`StreamHooks`] in the response extensions exactly once. Outer layers use them: the metrics layer
//! writes its EMF line and fills in `cost_usd` of the `done` event, the cache stores a reply that
//! completed.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::stream::{stream_response, ChatEvent};
//! use frugal_middleware::ChatReply;
//! use http_body_util::BodyExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let request = http::Request::post("/chat").header("accept", "text/event-stream").body(Bytes::new()).unwrap();
//! let events = futures_util::stream::iter([
//!     ChatEvent::Delta("Hello".into()),
//!     ChatEvent::Done(ChatReply::canned("s1", "Hello", frugal_middleware::Source::Cache)),
//! ]);
//! let response = stream_response(&request, events, None);
//! let body = response.into_body().collect().await.unwrap().to_bytes();
//! assert!(body.starts_with(b"event: delta\ndata: {\"text\":\"Hello\"}\n\n"));
//! # }
//! ```

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::future::Future as _;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use serde::Serialize;
use tokio::time::Sleep;

use crate::error::FrugalError;
use crate::types::{ChatReply, ModelCall, RequestDeadline, Usage};

/// The media type of a streamed reply.
pub const EVENT_STREAM: &str = "text/event-stream";

/// Whether the client asked for a streamed reply (`Accept: text/event-stream`).
pub fn wants_event_stream<B>(request: &Request<B>) -> bool {
    request
        .headers()
        .get_all(http::header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or_default().trim();
            // `q=0` means "not acceptable".
            let refused = parts.any(|param| {
                param
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            media.eq_ignore_ascii_case(EVENT_STREAM) && !refused
        })
}

/// One thing a streamed reply says.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatEvent {
    /// More answer text, as the model wrote it.
    Delta(String),
    /// The text is complete and the handler is storing it: from here the deadline no longer ends the
    /// stream, so a write that may land is never reported as failed (the deadline layer's margin
    /// before the Lambda timeout is there for it).
    Storing,
    /// The answer is complete (and stored, when the handler stores answers). Ends the stream.
    Done(ChatReply),
    /// The answer failed. Ends the stream.
    Failed(StreamError),
}

/// Why a stream ended without an answer: the `error` event, plus what the metrics need.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StreamError {
    /// The status this error has when it happens before the first event.
    pub status: StatusCode,
    /// The stable error code (the same codes as JSON errors).
    pub code: Cow<'static, str>,
    /// A human-readable message.
    pub message: String,
    /// Seconds to wait before retrying (throttling), when known.
    pub retry_after_secs: Option<u64>,
    /// The model tokens spent before the failure, so they are still priced.
    pub model_call: Option<ModelCall>,
}

impl StreamError {
    /// An error with this status, code and message.
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            retry_after_secs: None,
            model_call: None,
        }
    }

    /// The same error, telling the client when to retry.
    #[must_use]
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// The same error, carrying the model call it cost.
    #[must_use]
    pub fn with_model_call(mut self, call: Option<ModelCall>) -> Self {
        self.model_call = call;
        self
    }

    /// The client went away before the stream ended (status 499, as nginx logs it).
    pub fn client_closed() -> Self {
        Self::new(
            StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
            "client_closed",
            "the client closed the connection before the answer was complete",
        )
    }
}

impl From<FrugalError> for StreamError {
    fn from(error: FrugalError) -> Self {
        Self::new(error.status(), error.code(), error.to_string())
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

fn event(name: &str, data: &impl Serialize) -> Bytes {
    // serde_json never writes a raw newline inside a value, so `data:` is always one line.
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: {name}\ndata: {json}\n\n"))
}

/// `event: delta` with this text.
pub fn delta_event(text: &str) -> Bytes {
    #[derive(Serialize)]
    struct Delta<'a> {
        text: &'a str,
    }
    event("delta", &Delta { text })
}

/// `event: done` with the reply's metadata (session, source, usage, cost, turn; not the text, which
/// the deltas carried).
pub fn done_event(reply: &ChatReply) -> Bytes {
    #[derive(Serialize)]
    struct Done<'a> {
        session_id: &'a str,
        source: crate::Source,
        usage: Usage,
        cost_usd: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        turn: Option<u64>,
    }
    event(
        "done",
        &Done {
            session_id: &reply.session_id,
            source: reply.source,
            usage: reply.usage,
            cost_usd: reply.cost_usd,
            turn: reply.turn,
        },
    )
}

/// `event: error` with the code, message and, when known, the retry delay.
pub fn error_event(error: &StreamError) -> Bytes {
    #[derive(Serialize)]
    struct Error<'a> {
        code: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    }
    event(
        "error",
        &Error {
            code: &error.code,
            message: &error.message,
            retry_after_secs: error.retry_after_secs,
        },
    )
}

/// A whole reply as a finished stream: one `delta` with the text, then `done`.
pub fn reply_events(reply: &ChatReply) -> Bytes {
    let mut bytes = Vec::with_capacity(reply.reply.len() + 160);
    bytes.extend_from_slice(&delta_event(&reply.reply));
    bytes.extend_from_slice(&done_event(reply));
    Bytes::from(bytes)
}

fn set_event_stream_headers(headers: &mut http::HeaderMap) {
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    // Proxies that buffer (nginx) pass the events through as they come.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
}

/// A finished event stream (`body` already encoded) with `status` and the event-stream headers.
pub fn event_stream_response<B: From<Bytes>>(status: StatusCode, body: Bytes) -> Response<B> {
    let mut response = Response::new(B::from(body));
    *response.status_mut() = status;
    set_event_stream_headers(response.headers_mut());
    response
}

/// An error before the first event: the error's status (and `Retry-After` when throttled), with one
/// `error` event as the body.
pub fn error_stream_response<B: From<Bytes>>(error: &StreamError) -> Response<B> {
    let mut response = event_stream_response(error.status, error_event(error));
    if let Some(secs) = error.retry_after_secs {
        response
            .headers_mut()
            .insert(http::header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// How a stream ended, handed to every [`StreamHooks`] callback (which may change it: the metrics
/// layer fills in the reply's `cost_usd` before the `done` event is written).
#[derive(Debug)]
#[non_exhaustive]
pub struct StreamEnd {
    /// The complete reply, or why there is none.
    pub outcome: Result<ChatReply, StreamError>,
    /// When the first `delta` was sent, if any.
    pub first_delta_at: Option<Instant>,
    /// When the stream ended.
    pub ended_at: Instant,
}

impl StreamEnd {
    /// The model call behind the stream (its final usage, or what was spent before a failure).
    pub fn model_call(&self) -> Option<&ModelCall> {
        match &self.outcome {
            Ok(reply) => reply.model_call(),
            Err(error) => error.model_call.as_ref(),
        }
    }
}

type Hook = Box<dyn FnOnce(&mut StreamEnd) + Send>;

/// Callbacks run once when a streamed reply ends, in the order they were added (inner layers
/// first). [`stream_response`] puts one in the response extensions; layers add theirs there.
#[derive(Clone, Default)]
pub struct StreamHooks(Arc<Mutex<Vec<Hook>>>);

impl fmt::Debug for StreamHooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.lock().map_or(0, |hooks| hooks.len());
        f.debug_tuple("StreamHooks").field(&count).finish()
    }
}

impl StreamHooks {
    /// Runs `hook` when the stream ends.
    pub fn on_end(&self, hook: impl FnOnce(&mut StreamEnd) + Send + 'static) {
        if let Ok(mut hooks) = self.0.lock() {
            hooks.push(Box::new(hook));
        }
    }

    fn run(&self, end: &mut StreamEnd) {
        let hooks = match self.0.lock() {
            Ok(mut hooks) => std::mem::take(&mut *hooks),
            Err(_) => return,
        };
        for hook in hooks {
            hook(end);
        }
    }
}

/// A boxed stream of chat events.
pub type EventStream = Pin<Box<dyn Stream<Item = ChatEvent> + Send>>;

/// The response body of the chat stack: a complete buffer, or a stream of [`ChatEvent`]s encoded as
/// Server-Sent Events as they arrive. See the [module docs](self).
pub struct ChatBody {
    kind: Kind,
}

enum Kind {
    Full(Option<Bytes>),
    Events(Box<Events>),
}

struct Events {
    stream: Option<EventStream>,
    hooks: StreamHooks,
    deadline: Option<Instant>,
    /// The deadline's timer, made on the first poll (inside the runtime that polls the body).
    sleep: Option<Pin<Box<Sleep>>>,
    estimate: Option<ModelCall>,
    started: Instant,
    delta_chars: usize,
    first_delta_at: Option<Instant>,
}

impl fmt::Debug for ChatBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Full(bytes) => f
                .debug_tuple("ChatBody::Full")
                .field(&bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Kind::Events(events) => f
                .debug_struct("ChatBody::Events")
                .field("open", &events.stream.is_some())
                .finish_non_exhaustive(),
        }
    }
}

impl Default for ChatBody {
    /// An empty body.
    fn default() -> Self {
        Self::full(Bytes::new())
    }
}

impl From<Bytes> for ChatBody {
    fn from(bytes: Bytes) -> Self {
        Self::full(bytes)
    }
}

impl From<String> for ChatBody {
    fn from(text: String) -> Self {
        Self::full(Bytes::from(text))
    }
}

impl ChatBody {
    /// A body of these bytes.
    pub fn full(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            kind: Kind::Full((!bytes.is_empty()).then_some(bytes)),
        }
    }

    /// A body that encodes `events` as they come and runs `hooks` when they end.
    pub fn events(
        events: impl Stream<Item = ChatEvent> + Send + 'static,
        hooks: StreamHooks,
    ) -> Self {
        Self {
            kind: Kind::Events(Box::new(Events {
                stream: Some(Box::pin(events)),
                hooks,
                deadline: None,
                sleep: None,
                estimate: None,
                started: Instant::now(),
                delta_chars: 0,
                first_delta_at: None,
            })),
        }
    }

    /// Ends the stream with `deadline_exceeded` at `deadline` (between events, never inside one).
    #[must_use]
    pub fn deadline(mut self, deadline: Option<Instant>) -> Self {
        if let Kind::Events(events) = &mut self.kind {
            events.deadline = deadline;
        }
        self
    }

    /// What the model call is expected to cost (its input tokens), priced when the stream is cut
    /// before the model reported its usage: the input as estimated, the output from the text sent.
    #[must_use]
    pub fn estimate(mut self, call: Option<ModelCall>) -> Self {
        if let Kind::Events(events) = &mut self.kind {
            events.estimate = call;
        }
        self
    }
}

impl Events {
    /// The usage to price when the model never reported its own.
    fn spent(&self) -> Option<ModelCall> {
        let mut call = self.estimate.clone()?;
        call.usage.output_tokens = call
            .usage
            .output_tokens
            .max(self.delta_chars.div_ceil(4) as u64);
        call.latency = self.started.elapsed();
        Some(call)
    }

    /// Ends the stream: runs the hooks once, returns the last event.
    fn finish(&mut self, mut outcome: Result<ChatReply, StreamError>) -> Bytes {
        self.stream = None;
        self.deadline = None;
        self.sleep = None;
        if let Err(error) = &mut outcome {
            if error.model_call.is_none() {
                error.model_call = self.spent();
            }
        }
        let mut end = StreamEnd {
            outcome,
            first_delta_at: self.first_delta_at,
            ended_at: Instant::now(),
        };
        self.hooks.run(&mut end);
        match &end.outcome {
            Ok(reply) => done_event(reply),
            Err(error) => error_event(error),
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        if self.stream.is_some() {
            // The client went away (or the server dropped the response): the model stream is dropped
            // with this body, so no more tokens are generated; the hooks still see what was spent.
            let _ = self.finish(Err(StreamError::client_closed()));
        }
    }
}

impl Body for ChatBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let events = match &mut self.get_mut().kind {
            Kind::Full(bytes) => return Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Kind::Events(events) => events,
        };
        loop {
            if events.stream.is_none() {
                return Poll::Ready(None);
            }
            // The deadline first: a model that keeps writing must not outrun it.
            if let Some(at) = events.deadline {
                let sleep = events
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(at.into())));
                if sleep.as_mut().poll(cx).is_ready() {
                    tracing::warn!("deadline reached while streaming, ending the stream");
                    let last = events.finish(Err(FrugalError::DeadlineExceeded.into()));
                    return Poll::Ready(Some(Ok(Frame::data(last))));
                }
            }
            let Some(stream) = events.stream.as_mut() else {
                return Poll::Ready(None);
            };
            let event = match stream.as_mut().poll_next(cx) {
                Poll::Ready(event) => event,
                Poll::Pending => return Poll::Pending,
            };
            let last = match event {
                Some(ChatEvent::Storing) => {
                    events.deadline = None;
                    events.sleep = None;
                    continue;
                }
                Some(ChatEvent::Delta(text)) => {
                    if text.is_empty() {
                        continue;
                    }
                    events.first_delta_at.get_or_insert_with(Instant::now);
                    events.delta_chars += text.chars().count();
                    return Poll::Ready(Some(Ok(Frame::data(delta_event(&text)))));
                }
                Some(ChatEvent::Done(reply)) => events.finish(Ok(reply)),
                Some(ChatEvent::Failed(error)) => events.finish(Err(error)),
                None => events.finish(Err(StreamError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "the answer ended without completing",
                ))),
            };
            return Poll::Ready(Some(Ok(Frame::data(last))));
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Full(bytes) => bytes.is_none(),
            Kind::Events(events) => events.stream.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Events(_) => SizeHint::default(),
        }
    }
}

/// A `200` event-stream response whose body encodes `events` as they come, ending at the request's
/// [`RequestDeadline`] (set by the deadline layer) if it has one, with a [`StreamHooks`] in its
/// extensions. `estimate` is the model call's expected input, priced if the stream is cut before the
/// model reports its usage.
pub fn stream_response<B>(
    request: &Request<B>,
    events: impl Stream<Item = ChatEvent> + Send + 'static,
    estimate: Option<ModelCall>,
) -> Response<ChatBody> {
    let hooks = StreamHooks::default();
    let deadline = request
        .extensions()
        .get::<RequestDeadline>()
        .map(|deadline| deadline.0);
    let body = ChatBody::events(events, hooks.clone())
        .deadline(deadline)
        .estimate(estimate);
    let mut response = Response::new(body);
    set_event_stream_headers(response.headers_mut());
    response.extensions_mut().insert(hooks);
    response
}

/// Input tokens of a prompt of `chars` characters, estimated without a tokenizer (about four
/// characters per token for English; more tokens per character in other scripts, so this errs low).
pub fn estimate_tokens(chars: usize) -> u64 {
    chars.div_ceil(4) as u64
}

/// Tokens of `text`, estimated without a tokenizer or a network call, erring high rather than low:
/// a quarter token per ASCII character (English averages about four characters a token) and one per
/// other character (CJK is about one a character; accented Latin less).
///
/// ```
/// use frugal_middleware::stream::estimate_text_tokens;
/// assert_eq!(estimate_text_tokens("What is DynamoDB?"), 5);
/// assert_eq!(estimate_text_tokens("東京は晴れ"), 5);
/// ```
pub fn estimate_text_tokens(text: &str) -> u64 {
    let ascii = text.bytes().filter(u8::is_ascii).count();
    let other = text.chars().filter(|c| !c.is_ascii()).count();
    (ascii.div_ceil(4) + other) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;
    use futures_util::StreamExt;
    use http_body_util::BodyExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn call(input: u64, output: u64) -> ModelCall {
        ModelCall {
            model_id: "anthropic.claude-3-haiku-20240307-v1:0".into(),
            usage: Usage {
                input_tokens: input,
                output_tokens: output,
                ..Usage::default()
            },
            latency: Duration::from_millis(5),
        }
    }

    fn sse_request() -> Request<Bytes> {
        Request::post("/chat")
            .header("accept", "text/html, text/event-stream;q=0.9")
            .body(Bytes::new())
            .unwrap()
    }

    #[test]
    fn accept_header_is_parsed_as_a_list_of_media_ranges() {
        assert!(wants_event_stream(&sse_request()));
        let json = Request::post("/chat")
            .header("accept", "application/json")
            .body(())
            .unwrap();
        assert!(!wants_event_stream(&json));
        assert!(!wants_event_stream(&Request::new(())));
        let upper = Request::post("/chat")
            .header("accept", "Text/Event-Stream")
            .body(())
            .unwrap();
        assert!(wants_event_stream(&upper));
        let refused = Request::post("/chat")
            .header("accept", "application/json, text/event-stream;q=0")
            .body(())
            .unwrap();
        assert!(!wants_event_stream(&refused));
    }

    #[tokio::test]
    async fn the_deadline_does_not_cut_a_stream_that_is_storing_its_answer() {
        let events = async_stream::stream! {
            yield ChatEvent::Delta("all the text".into());
            yield ChatEvent::Storing;
            // The write takes longer than the time left.
            tokio::time::sleep(Duration::from_millis(150)).await;
            yield ChatEvent::Done(ChatReply::from_model("s", "all the text", call(1, 3)).with_turn(1));
        };
        let mut request = sse_request();
        request
            .extensions_mut()
            .insert(RequestDeadline(Instant::now() + Duration::from_millis(50)));
        let body = stream_response(&request, events, None)
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes();
        let text = std::str::from_utf8(&body).unwrap();
        assert!(text.contains("event: done"), "{text}");
        assert!(!text.contains("event: error"), "{text}");
    }

    #[tokio::test]
    async fn events_are_encoded_and_hooks_run_once_before_done_is_written() {
        let runs = Arc::new(AtomicUsize::new(0));
        let events = futures_util::stream::iter([
            ChatEvent::Delta("Hel".into()),
            ChatEvent::Delta(String::new()),
            ChatEvent::Delta("lo\n\"there\"".into()),
            ChatEvent::Done(ChatReply::from_model("s", "Hello", call(3, 2)).with_turn(4)),
        ]);
        let response = stream_response(&sse_request(), events, None);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream; charset=utf-8"
        );
        let hooks = response.extensions().get::<StreamHooks>().unwrap().clone();
        let counter = runs.clone();
        hooks.on_end(move |end| {
            counter.fetch_add(1, Ordering::SeqCst);
            assert!(end.first_delta_at.is_some());
            if let Ok(reply) = &mut end.outcome {
                reply.cost_usd = 0.25;
            }
        });
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let text = std::str::from_utf8(&body).unwrap();
        assert_eq!(
            text,
            "event: delta\ndata: {\"text\":\"Hel\"}\n\n\
             event: delta\ndata: {\"text\":\"lo\\n\\\"there\\\"\"}\n\n\
             event: done\ndata: {\"session_id\":\"s\",\"source\":\"model\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2},\"cost_usd\":0.25,\"turn\":4}\n\n"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stream_past_its_deadline_ends_with_deadline_exceeded_and_prices_what_was_sent() {
        let events = futures_util::stream::iter([ChatEvent::Delta("12345678".into())])
            .chain(futures_util::stream::pending());
        let mut request = sse_request();
        request
            .extensions_mut()
            .insert(RequestDeadline(Instant::now() + Duration::from_millis(50)));
        let response = stream_response(&request, events, Some(call(100, 0)));
        let hooks = response.extensions().get::<StreamHooks>().unwrap().clone();
        let seen = Arc::new(Mutex::new(None));
        let sink = seen.clone();
        hooks.on_end(move |end| {
            *sink.lock().unwrap() = end.model_call().cloned();
        });
        let started = Instant::now();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(started.elapsed() < Duration::from_secs(2));
        let text = std::str::from_utf8(&body).unwrap();
        assert!(text.starts_with("event: delta\n"), "{text}");
        assert!(
            text.ends_with("event: error\ndata: {\"code\":\"deadline_exceeded\",\"message\":\"the request did not finish before its deadline\"}\n\n"),
            "{text}"
        );
        let spent = seen.lock().unwrap().clone().unwrap();
        assert_eq!(spent.usage.input_tokens, 100);
        assert_eq!(spent.usage.output_tokens, 2);
    }

    #[tokio::test]
    async fn dropping_an_unfinished_stream_runs_the_hooks_as_client_closed() {
        let events = futures_util::stream::pending::<ChatEvent>();
        let response = stream_response(&sse_request(), events, Some(call(10, 0)));
        let hooks = response.extensions().get::<StreamHooks>().unwrap().clone();
        let code = Arc::new(Mutex::new(String::new()));
        let sink = code.clone();
        hooks.on_end(move |end| {
            if let Err(error) = &end.outcome {
                *sink.lock().unwrap() = error.code.to_string();
            }
        });
        drop(response);
        assert_eq!(*code.lock().unwrap(), "client_closed");
    }

    #[tokio::test]
    async fn a_stream_that_stops_without_done_is_an_error_not_a_silent_end() {
        let events = futures_util::stream::iter([ChatEvent::Delta("partial".into())]);
        let body = stream_response(&sse_request(), events, None)
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes();
        assert!(std::str::from_utf8(&body)
            .unwrap()
            .contains("event: error\ndata: {\"code\":\"internal_error\""));
    }

    #[test]
    fn canned_replies_and_early_errors_are_whole_streams() {
        let reply = ChatReply::canned("s", "Hi!", Source::SmallTalk);
        let text = String::from_utf8(reply_events(&reply).to_vec()).unwrap();
        assert!(text.starts_with("event: delta\ndata: {\"text\":\"Hi!\"}\n\nevent: done\n"));
        assert!(!text.contains("\"turn\""));
        let error = StreamError::new(StatusCode::TOO_MANY_REQUESTS, "throttled", "slow down")
            .retry_after(2);
        let response: Response<ChatBody> = error_stream_response(&error);
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "2");
    }
}
