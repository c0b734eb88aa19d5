//! Request and reply types shared by the layers and the chat service.

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
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
}

/// What the inner service reports about its model call, through the response extensions. The metrics
/// layer turns it into `ModelLatency`, `InputTokens`, `OutputTokens` and the token part of the cost.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelCall {
    /// The model that answered (a Bedrock model id or inference profile id).
    pub model_id: String,
    /// Tokens used.
    pub usage: Usage,
    /// Time spent waiting for the model.
    pub latency: Duration,
}

/// The `POST /chat` reply body. Also stored in the response extensions so outer layers can read it
/// without parsing the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatReply {
    /// The conversation this turn belongs to.
    pub session_id: String,
    /// The answer text.
    pub reply: String,
    /// Who answered.
    pub source: Source,
    /// Tokens the model used for this reply (zero for small talk and cache hits).
    pub usage: Usage,
    /// Estimated cost of this request in USD (Lambda duration and request fee plus model tokens).
    pub cost_usd: f64,
}

impl ChatReply {
    /// Builds a `200 OK` JSON response carrying this reply in its body and extensions.
    pub fn into_response<B: From<Bytes>>(self) -> http::Response<B> {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = http::Response::new(B::from(Bytes::from(body)));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response.extensions_mut().insert(self);
        response
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
