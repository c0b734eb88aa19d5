//! Tower layers that make a GenAI chat Lambda cheap and quick to start.
//!
//! | layer | what it does |
//! |---|---|
//! | [`guard`] | body limit (413), JSON validation (400), identity (401); parses the chat body once |
//! | [`metrics`] | cold start, init and request duration, tokens and cost as EMF lines; `x-frugal-*` headers |
//! | [`small_talk`] | answers greetings, thanks and goodbyes from canned replies, no model call |
//! | [`cache`] | answers repeated prompts from a byte-bounded moka cache, scoped per user |
//! | [`deadline`] | answers 504 before the Lambda timeout kills the invocation |
//!
//! Every layer also serves streamed replies (`Accept: text/event-stream`, see [`stream`]): a handler
//! returns [`stream::stream_response`] over its [`stream::ChatEvent`]s with a [`ChatBody`], and the
//! layers answer greetings and cache hits as whole event streams, end a stream at the deadline, write
//! the EMF line and the cost when it ends, and cache it only when it completed.
//!
//! [`FrugalStack`] is all of them in the recommended order, as one `tower::Layer`: guard, metrics,
//! small talk, cache, deadline, then your handler, which receives an `http::Request<Bytes>` with a
//! [`ChatRequest`] and an [`Identity`] in its extensions and answers with
//! [`ChatReply::from_model`]`(…).into_response()`.
//!
//! ```no_run
//! use std::time::Duration;
//! use bytes::Bytes;
//! use frugal_middleware::{ChatReply, ChatRequest, FrugalStack, ModelCall, Usage};
//! use http_body_util::Full;
//!
//! async fn answer(request: http::Request<Bytes>) -> Result<http::Response<Full<Bytes>>, lambda_http::Error> {
//!     let chat = request.extensions().get::<ChatRequest>().cloned().unwrap_or_else(|| ChatRequest::new(""));
//!     let call = ModelCall { model_id: "amazon.nova-micro-v1:0".into(), usage: Usage::default(), latency: Duration::ZERO };
//!     let session = chat.session_id.unwrap_or_else(frugal_middleware::new_session_id);
//!     Ok(ChatReply::from_model(session, format!("you said {}", chat.message), call).into_response())
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_http::Error> {
//!     let stack = FrugalStack::from_env("amazon.nova-micro-v1:0", "You are helpful.");
//!     lambda_http::run(tower::ServiceBuilder::new().layer(stack).service_fn(answer)).await
//! }
//! ```
//!
//! Features: one per layer (`guard`, `metrics`, `small-talk`, `cache`, `deadline`), `lambda` (identity
//! and deadline from `lambda_http`'s request extensions, and [`runtime_api`]'s layer for streamed
//! answers) and `full` (all, the default). Prices and
//! metric names come from [`pricing`] (the `frugal-pricing` crate).
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod cache;
#[cfg(feature = "deadline")]
pub mod deadline;
mod error;
pub mod future;
#[cfg(feature = "guard")]
pub mod guard;
#[cfg(feature = "metrics")]
pub mod metrics;
#[cfg(feature = "lambda")]
pub mod runtime_api;
#[cfg(feature = "small-talk")]
pub mod small_talk;
#[cfg(all(
    feature = "guard",
    feature = "metrics",
    feature = "small-talk",
    feature = "cache",
    feature = "deadline"
))]
pub mod stack;
pub mod stream;
mod types;

#[cfg(test)]
mod test_helpers;

pub use error::{error_response, FrugalError};
pub use frugal_pricing as pricing;
#[cfg(all(
    feature = "guard",
    feature = "metrics",
    feature = "small-talk",
    feature = "cache",
    feature = "deadline"
))]
pub use stack::{FrugalService, FrugalStack};
pub use stream::ChatBody;
pub use types::{
    is_valid_session_id, new_session_id, ChatReply, ChatRequest, IdempotencyKey, Identity,
    ModelCall, RequestDeadline, Source, StorageMeter, StorageUnits, Usage, IDEMPOTENCY_KEY_HEADER,
    MAX_MESSAGE_CHARS, MAX_SESSION_ID_CHARS,
};
