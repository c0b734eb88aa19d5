//! Answers greetings, thanks, goodbyes and "how are you" from canned replies, without calling the
//! inner service (the model).
//!
//! The [`Classifier`] is conservative by design: a message is small talk only when known phrases cover
//! all of it, so "hi, how do I reset my password?" still reaches the model.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::{small_talk::SmallTalkLayer, ChatRequest, Identity, ChatReply, Source};
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let model = service_fn(|_req: http::Request<Bytes>| async {
//!     Ok::<_, std::convert::Infallible>(http::Response::new(Bytes::from_static(b"from the model")))
//! });
//! let service = SmallTalkLayer::new().layer(model);
//!
//! let mut request = http::Request::new(Bytes::new());
//! request.extensions_mut().insert(ChatRequest { message: "Merci beaucoup !".into(), session_id: None });
//! request.extensions_mut().insert(Identity("alice".into()));
//! let response = service.oneshot(request).await.unwrap();
//! let reply = response.extensions().get::<ChatReply>().unwrap();
//! assert_eq!(reply.source, Source::SmallTalk);
//! assert_eq!(reply.reply, "Avec plaisir ! Autre chose ?");
//! # }
//! ```

mod classifier;
mod config;
mod edits;
mod english;
mod expand;
mod frames;
mod kinds;
mod layer;
mod names;
mod normalize;
mod replies;
#[cfg(test)]
mod typos;

pub use classifier::{lexicon_size, Classifier, MAX_SMALL_TALK_BYTES};
pub use config::{Config, ConfigError, Matched, Response};
pub use kinds::{Category, Classification, Lang};
pub use layer::{ResponseFuture, SmallTalk, SmallTalkLayer};
pub use normalize::normalize;
pub use replies::Replies;
