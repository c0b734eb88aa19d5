//! Serves repeated prompts from an in-process cache instead of calling the model again.
//!
//! A [`moka::future::Cache`] bounded in bytes (through a weigher) with a time to live. The key is the
//! normalised prompt, the model id, the system prompt and a scope; the scope is the caller's identity
//! unless a shared cache is asked for, so a user never gets another user's answer. Only prompts that
//! start a conversation (no `session_id`) are cached: a multi-turn answer depends on its history.
//! Concurrent misses for one key call the inner service once; the others wait for its answer. A
//! request with an [`IdempotencyKey`](crate::IdempotencyKey) is never answered from the cache (its retry
//! must get the reply stored for the key, which only the handler knows), but its model answer is
//! cached for the requests without one.
//!
//! ```
//! use std::time::Duration;
//! use bytes::Bytes;
//! use frugal_middleware::{cache::ResponseCacheLayer, ChatReply, ChatRequest, Identity, ModelCall, Source, Usage};
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let model = service_fn(|_req: http::Request<Bytes>| async {
//!     let call = ModelCall { model_id: "my-model".into(), usage: Usage::default(), latency: Duration::ZERO };
//!     Ok::<_, std::convert::Infallible>(ChatReply::from_model("s", "42", call).into_response::<Bytes>())
//! });
//! let service = ResponseCacheLayer::new("my-model", "be brief")
//!     .max_bytes(8 * 1024 * 1024)
//!     .time_to_live(Duration::from_secs(600))
//!     .layer(model);
//! let ask = || {
//!     let mut request = http::Request::new(Bytes::new());
//!     request.extensions_mut().insert(ChatRequest::new("What is 6 x 7?"));
//!     request.extensions_mut().insert(Identity("alice".into()));
//!     request
//! };
//! let first = service.clone().oneshot(ask()).await.unwrap();
//! assert_eq!(first.extensions().get::<ChatReply>().unwrap().source, Source::Model);
//! let second = service.oneshot(ask()).await.unwrap();
//! assert_eq!(second.extensions().get::<ChatReply>().unwrap().source, Source::Cache);
//! # }
//! ```

mod key;
#[cfg(feature = "cache")]
mod layer;
#[cfg(feature = "cache")]
pub mod shared;

pub use key::{normalize_prompt, CacheKey, Scope};
#[cfg(feature = "cache")]
pub use layer::{CachedAnswer, ResponseCache, ResponseCacheLayer, DEFAULT_MAX_BYTES, DEFAULT_TTL};
#[cfg(feature = "cache")]
pub use shared::{CacheLevel, SharedAnswer, SharedCache, SharedCacheError, SharedCacheFailed};
