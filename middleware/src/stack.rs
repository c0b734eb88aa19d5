//! The whole stack in the recommended order, as one [`Layer`].
//!
//! ```
//! use std::time::Duration;
//! use bytes::Bytes;
//! use frugal_middleware::{ChatReply, ChatRequest, FrugalStack, ModelCall, Usage};
//! use http_body_util::Full;
//! use tower::{ServiceBuilder, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let model = tower::service_fn(|request: http::Request<Bytes>| async move {
//!     let session = request.extensions().get::<ChatRequest>().and_then(|c| c.session_id.clone());
//!     let call = ModelCall { model_id: "amazon.nova-micro-v1:0".into(), usage: Usage::default(), latency: Duration::ZERO };
//!     let reply = ChatReply::from_model(session.unwrap_or_default(), "…", call);
//!     Ok::<_, std::convert::Infallible>(reply.into_response::<Full<Bytes>>())
//! });
//! let stack = FrugalStack::new("amazon.nova-micro-v1:0", "You are helpful.").dev_user("local");
//! let service = ServiceBuilder::new().layer(stack).service(model);
//! let request = http::Request::post("/chat").body(Full::new(Bytes::from(r#"{"message":"hello!"}"#))).unwrap();
//! let response = service.oneshot(request).await.unwrap();
//! assert_eq!(response.headers()["x-frugal-source"], "smalltalk");
//! # }
//! ```

use tower::util::{option_layer, Either};
use tower::Layer;

use crate::cache::{ResponseCache, ResponseCacheLayer};
use crate::deadline::{Deadline, DeadlineLayer};
use crate::guard::{Guard, GuardLayer, IdentitySource};
use crate::metrics::{Metrics, MetricsLayer};
use crate::small_talk::{SmallTalk, SmallTalkLayer};

/// The composed service: guard → metrics → small talk → cache (when on) → deadline → your handler.
pub type FrugalService<S> =
    Guard<Metrics<SmallTalk<Either<ResponseCache<Deadline<S>>, Deadline<S>>>>>;

/// Every Frugal layer in the recommended order, as one [`Layer`]. See the [module docs](self).
#[derive(Clone, Debug)]
#[must_use]
pub struct FrugalStack {
    guard: GuardLayer,
    metrics: MetricsLayer,
    small_talk: SmallTalkLayer,
    cache: Option<ResponseCacheLayer>,
    deadline: DeadlineLayer,
}

impl FrugalStack {
    /// Every layer with its defaults, the cache keyed on this model and system prompt. Reads no
    /// environment variable (see [`FrugalStack::from_env`]).
    pub fn new(model_id: &str, system_prompt: &str) -> Self {
        Self {
            guard: GuardLayer::new(),
            metrics: MetricsLayer::new(),
            small_talk: SmallTalkLayer::new(),
            cache: Some(ResponseCacheLayer::new(model_id, system_prompt)),
            deadline: DeadlineLayer::new(),
        }
    }

    /// [`FrugalStack::new`] with the metrics taken from the Lambda environment
    /// ([`MetricsLayer::from_env`]: `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`,
    /// `AWS_REGION`, `FRUGAL_ARCHITECTURE`, `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`).
    /// No other variable is read.
    pub fn from_env(model_id: &str, system_prompt: &str) -> Self {
        Self::new(model_id, system_prompt).metrics(MetricsLayer::from_env())
    }

    /// Replaces the request guard.
    pub fn guard(mut self, guard: GuardLayer) -> Self {
        self.guard = guard;
        self
    }

    /// Replaces the metrics layer.
    pub fn metrics(mut self, metrics: MetricsLayer) -> Self {
        self.metrics = metrics;
        self
    }

    /// Replaces the small-talk layer (for example with other replies).
    pub fn small_talk(mut self, small_talk: SmallTalkLayer) -> Self {
        self.small_talk = small_talk;
        self
    }

    /// Replaces the response cache.
    pub fn cache(mut self, cache: ResponseCacheLayer) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Runs without a response cache.
    pub fn without_cache(mut self) -> Self {
        self.cache = None;
        self
    }

    /// Replaces the deadline layer.
    pub fn deadline(mut self, deadline: DeadlineLayer) -> Self {
        self.deadline = deadline;
        self
    }

    /// Takes every request as this user (local development; never in Lambda).
    pub fn dev_user(mut self, user: impl Into<String>) -> Self {
        self.guard = self.guard.identity(IdentitySource::Fixed(user.into()));
        self
    }

    /// Wraps `inner` in the stack (the same as [`Layer::layer`]).
    pub fn service<S>(&self, inner: S) -> FrugalService<S> {
        self.layer(inner)
    }
}

impl<S> Layer<S> for FrugalStack {
    type Service = FrugalService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        let inner = self.deadline.layer(inner);
        let inner = option_layer(self.cache.clone()).layer(inner);
        let inner = self.small_talk.layer(inner);
        let inner = self.metrics.layer(inner);
        self.guard.layer(inner)
    }
}
