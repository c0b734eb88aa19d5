//! Request and reply types shared by the layers and the handler behind them.

use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// Longest accepted `message`, in characters.
pub const MAX_MESSAGE_CHARS: usize = 16_000;
/// Longest accepted `session_id`, in characters (`[A-Za-z0-9_-]`).
pub const MAX_SESSION_ID_CHARS: usize = 128;

/// A validated `POST /chat` body. The guard parses it once and stores it in the request extensions,
/// so later layers never parse the body again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The user's message, never blank.
    pub message: String,
    /// The conversation to continue; `None` starts a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl ChatRequest {
    /// A request for a new conversation.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            session_id: None,
        }
    }

    /// The same request, continuing `session_id`.
    #[must_use]
    pub fn in_session(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }
}

/// The request header a client sets to make `POST /chat` safe to retry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// A validated `Idempotency-Key` header (1 to 128 characters of `[A-Za-z0-9_-]`), in the request
/// extensions of a `POST /chat`. A retry with the same key (for the same caller) gets the stored reply
/// instead of a second model call.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(pub String);

/// The authenticated caller, from the API Gateway JWT authorizer (`sub`) or the local dev user.
/// Every key that scopes data (history, cache) is derived from this, never from client input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity(pub String);

/// Who answered a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A canned reply to a greeting, thanks or goodbye.
    #[serde(rename = "smalltalk")]
    SmallTalk,
    /// A cached model answer.
    Cache,
    /// The model.
    Model,
}

impl Source {
    /// The wire name (`smalltalk`, `cache`, `model`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::SmallTalk => "smalltalk",
            Source::Cache => "cache",
            Source::Model => "model",
        }
    }
}

/// Token usage of one model call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Prompt tokens read at the full input price (Bedrock's `inputTokens`: the tokens neither read
    /// from nor written to the prompt cache).
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Prompt tokens read from Bedrock's prompt cache (`cacheReadInputTokens`), at the cache-read price.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cache_read_input_tokens: u64,
    /// Prompt tokens written to Bedrock's prompt cache (`cacheWriteInputTokens`), at the cache-write
    /// price.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cache_write_input_tokens: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ModelCall {
    /// What the call's tokens cost in USD (input, output and prompt-cache reads and writes, each at its
    /// own price), or `None` for a model the price table does not know.
    pub fn token_cost(&self) -> Option<f64> {
        let usage = &self.usage;
        frugal_pricing::model_price(&self.model_id).map(|price| {
            price.token_cost_with_cache(
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_read_input_tokens,
                usage.cache_write_input_tokens,
            )
        })
    }
}

/// What a handler reports about its model call. [`ChatReply::from_model`] puts it in the response
/// extensions, where the metrics layer turns it into `ModelLatency`, `InputTokens`, `OutputTokens` and
/// the token part of the cost. A handler that answers without [`ChatReply`] can insert it itself.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelCall {
    /// The model that answered (a Bedrock model id or inference profile id).
    pub model_id: String,
    /// Tokens used.
    pub usage: Usage,
    /// Time spent waiting for the model.
    pub latency: Duration,
}

/// The `POST /chat` reply body, built with [`ChatReply::from_model`] (or [`ChatReply::canned`] for
/// answers that cost no model call). Also stored in the response extensions so outer layers read it
/// without parsing the body; the metrics layer fills in `cost_usd`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChatReply {
    /// The conversation this turn belongs to.
    pub session_id: String,
    /// The answer text.
    pub reply: String,
    /// Who answered.
    pub source: Source,
    /// Tokens the model used for this reply (zero for small talk and cache hits).
    pub usage: Usage,
    /// Estimated cost of this request in USD, filled in by the metrics layer.
    pub cost_usd: f64,
    /// The stored turn number of this reply within its session, when the handler stored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<u64>,
    #[serde(skip)]
    model_call: Option<ModelCall>,
}

impl ChatReply {
    /// A model's answer: usage comes from `call`, the cost is left to the metrics layer.
    pub fn from_model(
        session_id: impl Into<String>,
        text: impl Into<String>,
        call: ModelCall,
    ) -> Self {
        Self {
            session_id: session_id.into(),
            reply: text.into(),
            source: Source::Model,
            usage: call.usage,
            cost_usd: 0.0,
            turn: None,
            model_call: Some(call),
        }
    }

    /// An answer that cost no model call (small talk or a cached answer): zero usage.
    pub fn canned(session_id: impl Into<String>, text: impl Into<String>, source: Source) -> Self {
        Self {
            session_id: session_id.into(),
            reply: text.into(),
            source,
            usage: Usage::default(),
            cost_usd: 0.0,
            turn: None,
            model_call: None,
        }
    }

    /// A reply stored earlier, served again (an idempotent retry): `usage` as recorded then, no model
    /// call now, so no token cost.
    pub fn stored(
        session_id: impl Into<String>,
        text: impl Into<String>,
        source: Source,
        usage: Usage,
    ) -> Self {
        Self {
            usage,
            ..Self::canned(session_id, text, source)
        }
    }

    /// The same reply, saying which stored turn of the session it is.
    #[must_use]
    pub fn with_turn(mut self, turn: u64) -> Self {
        self.turn = Some(turn);
        self
    }

    /// The model call behind this reply, if any.
    pub fn model_call(&self) -> Option<&ModelCall> {
        self.model_call.as_ref()
    }

    /// The response `request` asked for: a finished event stream (one `delta`, then `done`) when it
    /// accepts `text/event-stream`, else JSON ([`ChatReply::into_response`]).
    pub fn respond_to<B: From<Bytes>, R>(self, request: &http::Request<R>) -> http::Response<B> {
        if crate::stream::wants_event_stream(request) {
            self.into_event_stream_response()
        } else {
            self.into_response()
        }
    }

    /// Builds a `200 OK` event-stream response of this whole reply (one `delta`, then `done`),
    /// carrying the reply (and its [`ModelCall`]) in its extensions like [`ChatReply::into_response`].
    pub fn into_event_stream_response<B: From<Bytes>>(self) -> http::Response<B> {
        let mut response = crate::stream::event_stream_response(
            http::StatusCode::OK,
            crate::stream::reply_events(&self),
        );
        if let Some(call) = &self.model_call {
            response.extensions_mut().insert(call.clone());
        }
        response.extensions_mut().insert(self);
        response
    }

    /// Builds a `200 OK` JSON response carrying this reply in its body and extensions (and its
    /// [`ModelCall`], if any).
    pub fn into_response<B: From<Bytes>>(self) -> http::Response<B> {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = http::Response::new(B::from(Bytes::from(body)));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        if let Some(call) = &self.model_call {
            response.extensions_mut().insert(call.clone());
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// When the current request must be answered by (the deadline layer's budget, its margin already
/// taken off); in the request extensions. A streamed reply ends with `deadline_exceeded` then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestDeadline(pub std::time::Instant);

impl RequestDeadline {
    /// Time left, zero when past.
    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(std::time::Instant::now())
    }
}

/// DynamoDB request units one request used (history, shared cache, budget). The metrics layer puts one
/// in the request extensions; whoever calls DynamoDB adds its units, and the metrics layer prices them
/// (on-demand) into `EstimatedCost` when the answer (or its stream) ends. Clones share the count.
#[derive(Clone, Debug, Default)]
pub struct StorageMeter(std::sync::Arc<std::sync::Mutex<StorageUnits>>);

/// Read and write request units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StorageUnits {
    /// Read request units (an eventually consistent read of up to 4 KB is half a unit).
    pub read: f64,
    /// Write request units (a write of up to 1 KB is one; transactional writes count twice).
    pub write: f64,
}

impl StorageMeter {
    /// Adds `units` read request units.
    pub fn read(&self, units: f64) {
        if let Ok(mut count) = self.0.lock() {
            count.read += units;
        }
    }

    /// Adds `units` write request units.
    pub fn write(&self, units: f64) {
        if let Ok(mut count) = self.0.lock() {
            count.write += units;
        }
    }

    /// The write units of an item of about `bytes` (one per started KB).
    pub fn write_item(&self, bytes: usize) {
        self.write(bytes.div_ceil(1024).max(1) as f64);
    }

    /// The units counted so far.
    pub fn units(&self) -> StorageUnits {
        self.0.lock().map(|count| *count).unwrap_or_default()
    }
}

/// A fresh session id (UUID v4, within the `[A-Za-z0-9_-]` alphabet).
pub fn new_session_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Whether a client-supplied session id is acceptable: 1 to 128 characters of `[A-Za-z0-9_-]`.
pub fn is_valid_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_SESSION_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_reply_carries_usage_and_its_call() {
        let call = ModelCall {
            model_id: "m".into(),
            usage: Usage {
                input_tokens: 3,
                output_tokens: 4,
                ..Usage::default()
            },
            latency: Duration::from_millis(7),
        };
        let response: http::Response<Bytes> = ChatReply::from_model("s", "hi", call.clone())
            .with_turn(2)
            .into_response();
        assert_eq!(response.extensions().get::<ModelCall>(), Some(&call));
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(body["usage"]["output_tokens"], 4);
        assert_eq!(body["turn"], 2);
        assert_eq!(body["source"], "model");
        let canned: http::Response<Bytes> =
            ChatReply::canned("s", "hello", Source::SmallTalk).into_response();
        assert!(canned.extensions().get::<ModelCall>().is_none());
        let body: serde_json::Value = serde_json::from_slice(canned.body()).unwrap();
        assert!(body.get("turn").is_none());
    }
}
