//! The whole stack in the recommended order, in one builder.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::{ChatReply, FrugalStack, Source, Usage};
//! use http_body_util::Full;
//! use tower::ServiceExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let model = tower::service_fn(|_request: http::Request<Bytes>| async {
//!     let reply = ChatReply { session_id: "s".into(), reply: "…".into(), source: Source::Model,
//!                             usage: Usage::default(), cost_usd: 0.0 };
//!     Ok::<_, std::convert::Infallible>(reply.into_response::<Full<Bytes>>())
//! });
//! let stack = FrugalStack::new("amazon.nova-micro-v1:0", "You are helpful.").dev_user("local");
//! let service = stack.service(model);
//! let request = http::Request::post("/chat").body(Full::new(Bytes::from(r#"{"message":"hello!"}"#))).unwrap();
//! let response = service.oneshot(request).await.unwrap();
//! assert_eq!(response.headers()["x-frugal-source"], "smalltalk");
//! # }
//! ```

use tower::Layer;

use crate::cache::{ResponseCache, ResponseCacheLayer};
use crate::deadline::{DeadlineLayer, DeadlineService};
use crate::guard::{Guard, GuardLayer, IdentitySource};
use crate::metrics::{Metrics, MetricsLayer};
use crate::small_talk::{SmallTalk, SmallTalkLayer};

/// The composed service: guard → metrics → small talk → cache → deadline → your handler.
pub type FrugalService<S> = Guard<Metrics<SmallTalk<ResponseCache<DeadlineService<S>>>>>;

/// Builder for the full Frugal stack.
#[derive(Clone, Debug)]
pub struct FrugalStack {
    /// Request guard.
    pub guard: GuardLayer,
    /// Metrics and cold start.
    pub metrics: MetricsLayer,
    /// Small-talk filter.
    pub small_talk: SmallTalkLayer,
    /// Response cache.
    pub cache: ResponseCacheLayer,
    /// Deadline.
    pub deadline: DeadlineLayer,
}

impl FrugalStack {
    /// Every layer with its defaults; the cache keyed on this model and system prompt.
    pub fn new(model_id: &str, system_prompt: &str) -> Self {
        Self {
            guard: GuardLayer::new(),
            metrics: MetricsLayer::new(),
            small_talk: SmallTalkLayer::new(),
            cache: ResponseCacheLayer::new(model_id, system_prompt),
            deadline: DeadlineLayer::new(),
        }
    }

    /// Takes every request as this user (local development; never in Lambda).
    pub fn dev_user(mut self, user: impl Into<String>) -> Self {
        self.guard = self.guard.identity(IdentitySource::Fixed(user.into()));
        self
    }

    /// Wraps `inner` in the stack.
    pub fn service<S>(&self, inner: S) -> FrugalService<S> {
        let inner = self.deadline.layer(inner);
        let inner = self.cache.layer(inner);
        let inner = self.small_talk.layer(inner);
        let inner = self.metrics.layer(inner);
        self.guard.layer(inner)
    }
}
