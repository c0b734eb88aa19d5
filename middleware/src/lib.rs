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
//! The recommended order is the one in [`stack`]: guard, metrics, small talk, cache, deadline, then
//! your handler, which receives an `http::Request<Bytes>` with a [`ChatRequest`] and an [`Identity`]
//! in its extensions and answers with [`ChatReply::into_response`] (plus a [`ModelCall`] extension
//! when it called a model).
//!
//! ```no_run
//! use bytes::Bytes;
//! use frugal_middleware::{ChatReply, ChatRequest, FrugalStack, Source, Usage};
//! use http_body_util::Full;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_http::Error> {
//!     let handler = tower::service_fn(|request: http::Request<Bytes>| async move {
//!         let message = request.extensions().get::<ChatRequest>().map(|c| c.message.clone());
//!         let reply = ChatReply {
//!             session_id: "s".into(), reply: format!("you said {message:?}"),
//!             source: Source::Model, usage: Usage::default(), cost_usd: 0.0,
//!         };
//!         Ok::<_, lambda_http::Error>(reply.into_response::<Full<Bytes>>())
//!     });
//!     lambda_http::run(FrugalStack::new("anthropic.claude-3-haiku-20240307-v1:0", "").service(handler)).await
//! }
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

#[cfg(feature = "cache")]
pub mod cache;
pub mod cost;
#[cfg(feature = "deadline")]
pub mod deadline;
mod error;
pub mod future;
#[cfg(feature = "guard")]
pub mod guard;
#[cfg(feature = "metrics")]
pub mod metrics;
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
mod types;

#[cfg(test)]
mod test_helpers;

pub use error::FrugalError;
#[cfg(all(
    feature = "guard",
    feature = "metrics",
    feature = "small-talk",
    feature = "cache",
    feature = "deadline"
))]
pub use stack::FrugalStack;
pub use types::{
    is_valid_session_id, new_session_id, ChatReply, ChatRequest, Identity, ModelCall, Source,
    Usage, MAX_MESSAGE_CHARS, MAX_SESSION_ID_CHARS,
};
