//! `ResponseCacheLayer` and its service.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use moka::future::Cache;
use tower::{Service, ServiceExt};

use super::key::{hash_text, normalize_prompt, CacheKey, Scope};
use super::shared::{
    self, CacheLevel, SharedCache, SharedCacheFailed, DEFAULT_MAX_SHARED_REPLY_BYTES,
};
use crate::error::error_response;
use crate::future::define_inner_service_accessors;
use crate::stream::{wants_event_stream, StreamHooks};
use crate::types::{
    new_session_id, ChatReply, ChatRequest, IdempotencyKey, Identity, Source, StorageMeter,
};

/// Default byte budget of the cache (32 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Default time to live of an entry (1 hour).
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// One cached model answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedAnswer {
    /// The answer text.
    pub reply: String,
}

/// Caches model answers to prompts that start a conversation. See the [module docs](super).
///
/// Every service made by one layer (and its clones) shares one cache. To run without a cache, leave
/// the layer out (`Option<ResponseCacheLayer>` through `tower::util::option_layer`, or
/// [`FrugalStack::without_cache`](crate::FrugalStack::without_cache)).
#[derive(Clone, Debug)]
pub struct ResponseCacheLayer {
    /// Built when a service first needs it, so that configuring the layer builds it once and a
    /// process that never reaches the cache (a greeting cold start) never builds it.
    cache: Arc<OnceLock<Cache<CacheKey, Arc<CachedAnswer>>>>,
    shared: Option<Arc<dyn SharedCache>>,
    max_shared_reply_bytes: usize,
    model_id: Arc<str>,
    /// The system prompt's hash, computed when a key is first made (not on a greeting cold start).
    system_prompt_hash: Arc<OnceLock<u64>>,
    system_prompt: Arc<str>,
    scope: Scope,
    max_bytes: u64,
    ttl: Duration,
}

fn build_cache(max_bytes: u64, ttl: Duration) -> Cache<CacheKey, Arc<CachedAnswer>> {
    Cache::builder()
        .max_capacity(max_bytes)
        .weigher(|key: &CacheKey, value: &Arc<CachedAnswer>| {
            u32::try_from(key.weight() + value.reply.len()).unwrap_or(u32::MAX)
        })
        .time_to_live(ttl)
        .build()
}

impl ResponseCacheLayer {
    /// A per-user cache for answers of `model_id` under `system_prompt`, [`DEFAULT_MAX_BYTES`] large,
    /// entries living [`DEFAULT_TTL`].
    pub fn new(model_id: &str, system_prompt: &str) -> Self {
        Self {
            cache: Arc::default(),
            shared: None,
            max_shared_reply_bytes: DEFAULT_MAX_SHARED_REPLY_BYTES,
            model_id: Arc::from(model_id),
            system_prompt_hash: Arc::default(),
            system_prompt: Arc::from(system_prompt),
            scope: Scope::PerUser,
            max_bytes: DEFAULT_MAX_BYTES,
            ttl: DEFAULT_TTL,
        }
    }

    /// Bounds the cache to `max_bytes` (keys and answers). Starts a new, empty cache.
    #[must_use]
    pub fn max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self.cache = Arc::default();
        self
    }

    /// How long an entry lives. Starts a new, empty cache.
    #[must_use]
    pub fn time_to_live(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self.cache = Arc::default();
        self
    }

    /// Sets who may be served a cached answer (per user by default).
    #[must_use]
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// Puts `shared` behind the in-process cache as a second level, shared by every execution
    /// environment (see [`shared`](super::shared)): read on a miss, written after a model answer.
    /// The entries live as long as in the first level ([`ResponseCacheLayer::time_to_live`]).
    #[must_use]
    pub fn shared(mut self, shared: Arc<dyn SharedCache>) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Replies longer than this are not written to the shared cache (default 64 KiB).
    #[must_use]
    pub fn max_shared_reply_bytes(mut self, bytes: usize) -> Self {
        self.max_shared_reply_bytes = bytes;
        self
    }

    /// The underlying cache (for inspection and metrics).
    pub fn cache(&self) -> &Cache<CacheKey, Arc<CachedAnswer>> {
        self.cache
            .get_or_init(|| build_cache(self.max_bytes, self.ttl))
    }
}

impl<S> tower::Layer<S> for ResponseCacheLayer {
    type Service = ResponseCache<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ResponseCache {
            inner,
            layer: self.clone(),
        }
    }
}

/// The response-cache service, made by [`ResponseCacheLayer`].
#[derive(Clone, Debug)]
pub struct ResponseCache<S> {
    inner: S,
    layer: ResponseCacheLayer,
}

impl<S> ResponseCache<S> {
    define_inner_service_accessors!();

    fn key_for<B>(&self, request: &Request<B>) -> Option<CacheKey> {
        let chat = request.extensions().get::<ChatRequest>()?;
        if chat.session_id.is_some() {
            return None;
        }
        let scope = match self.layer.scope {
            // No identity means no safe scope: do not cache at all.
            Scope::PerUser => Some(request.extensions().get::<Identity>()?.0.clone()),
            Scope::Shared => None,
        };
        Some(CacheKey {
            scope,
            model_id: self.layer.model_id.clone(),
            system_prompt_hash: *self
                .layer
                .system_prompt_hash
                .get_or_init(|| hash_text(&self.layer.system_prompt)),
            prompt: normalize_prompt(&chat.message),
        })
    }
}

/// The outcome of a miss we resolved ourselves, handed out of the cache's init future.
enum Resolved<R, E> {
    Response(R),
    Error(E),
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ResponseCache<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    ReqBody: Send + 'static,
    ResBody: From<Bytes> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let Some(key) = self.key_for(&request) else {
            let future = inner.call(request);
            return Box::pin(future);
        };
        let mut levels = Levels::of(&self.layer);
        levels.meter = request.extensions().get::<StorageMeter>().cloned();
        if request.extensions().get::<IdempotencyKey>().is_some() {
            // A retry of a keyed request must get the reply stored for its key (same session, same
            // turn, same source), which only the handler knows: never answer it from the cache,
            // but do remember a fresh model answer for requests without a key.
            return Box::pin(async move {
                let response = inner.oneshot(request).await?;
                if let Some((key, answer)) = levels.remember(key, &response) {
                    levels.l1.insert(key, answer).await;
                }
                Ok(response)
            });
        }
        if wants_event_stream(&request) {
            // A streamed answer is known only when its stream completes, too late to hand to
            // concurrent misses; a hit still answers at once.
            return Box::pin(async move {
                let (hit, failed) = levels.lookup(&key).await;
                if let Some((answer, level)) = hit {
                    let reply =
                        ChatReply::canned(new_session_id(), answer.reply.clone(), Source::Cache);
                    return Ok(with_level(reply.into_event_stream_response(), level));
                }
                let response = inner.oneshot(request).await?;
                if let Some((key, answer)) = levels.remember(key, &response) {
                    levels.l1.insert(key, answer).await;
                }
                Ok(with_failure(response, failed))
            });
        }
        Box::pin(async move {
            let mut pending = Some(request);
            let mut resolved: Option<Resolved<Response<ResBody>, S::Error>> = None;
            let mut leader = Some(inner.clone());
            let mut from_shared = false;
            let mut shared_failed = false;
            let cache = levels.l1.clone();
            // Only one caller per key runs this; the others wait and share its answer.
            let init = async {
                let (Some(request), Some(service)) = (pending.take(), leader.take()) else {
                    return Err(());
                };
                match levels.shared_get(&key).await {
                    Ok(Some(answer)) => {
                        from_shared = true;
                        // Back in `pending`: only a caller that resolved nothing reads it.
                        pending = Some(request);
                        return Ok(answer);
                    }
                    Ok(None) => {}
                    Err(()) => shared_failed = true,
                }
                let answer = match service.oneshot(request).await {
                    Ok(response) => {
                        let answer = cacheable(&response);
                        if let Some(answer) = &answer {
                            levels.shared_put_later(&key, answer);
                        }
                        resolved = Some(Resolved::Response(response));
                        answer
                    }
                    Err(error) => {
                        resolved = Some(Resolved::Error(error));
                        None
                    }
                };
                answer.ok_or(())
            };
            let shared = cache.try_get_with(key.clone(), init).await;
            match (resolved, shared) {
                (Some(Resolved::Response(response)), _) => {
                    Ok(with_failure(response, shared_failed))
                }
                (Some(Resolved::Error(error)), _) => Err(error),
                (None, Ok(answer)) => {
                    tracing::debug!(shared = from_shared, "response cache hit");
                    let reply =
                        ChatReply::canned(new_session_id(), answer.reply.clone(), Source::Cache);
                    let level = if from_shared {
                        CacheLevel::L2
                    } else {
                        CacheLevel::L1
                    };
                    Ok(with_level(reply.into_response(), level))
                }
                // Another caller's miss failed; ask the inner service ourselves.
                (None, Err(_)) => match pending.take() {
                    Some(request) => inner.oneshot(request).await,
                    // Only our own init takes the request, and it always records an outcome, so this
                    // is never reached; answer a 500 rather than panic if it ever is.
                    None => Ok(error_response(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal_error",
                        "the response cache lost the request",
                    )),
                },
            }
        })
    }
}

fn with_level<B>(mut response: Response<B>, level: CacheLevel) -> Response<B> {
    response.extensions_mut().insert(level);
    response
}

fn with_failure<B>(mut response: Response<B>, failed: bool) -> Response<B> {
    if failed {
        response.extensions_mut().insert(SharedCacheFailed);
    }
    response
}

/// Both levels of one layer, for one request.
#[derive(Clone)]
struct Levels {
    /// Where the shared cache's request units are counted (priced as DynamoDB on-demand).
    meter: Option<StorageMeter>,
    l1: Cache<CacheKey, Arc<CachedAnswer>>,
    shared: Option<Arc<dyn SharedCache>>,
    ttl: Duration,
    max_shared_reply_bytes: usize,
}

impl Levels {
    fn of(layer: &ResponseCacheLayer) -> Self {
        Self {
            meter: None,
            l1: layer.cache().clone(),
            shared: layer.shared.clone(),
            ttl: layer.ttl,
            max_shared_reply_bytes: layer.max_shared_reply_bytes,
        }
    }

    /// The first level, then the shared one (copied into the first on a hit); and whether the
    /// shared cache failed.
    async fn lookup(&self, key: &CacheKey) -> (Option<(Arc<CachedAnswer>, CacheLevel)>, bool) {
        if let Some(answer) = self.l1.get(key).await {
            return (Some((answer, CacheLevel::L1)), false);
        }
        match self.shared_get(key).await {
            Ok(Some(answer)) => {
                self.l1.insert(key.clone(), answer.clone()).await;
                (Some((answer, CacheLevel::L2)), false)
            }
            Ok(None) => (None, false),
            Err(()) => (None, true),
        }
    }

    /// The shared cache's unexpired answer; `Err` when it failed (already counted and logged).
    async fn shared_get(&self, key: &CacheKey) -> Result<Option<Arc<CachedAnswer>>, ()> {
        let Some(shared) = &self.shared else {
            return Ok(None);
        };
        if let Some(meter) = &self.meter {
            meter.read(0.5);
        }
        match shared.get(&key.shared_id()).await {
            // Stores delete expired items lazily: an expired one is a miss.
            Ok(Some(answer)) if answer.expires_at > shared::now_secs() => {
                Ok(Some(Arc::new(CachedAnswer {
                    reply: answer.reply,
                })))
            }
            Ok(_) => Ok(None),
            Err(error) => {
                shared::count_failure(&error);
                Err(())
            }
        }
    }

    /// Writes `answer` to the shared cache in the background, unless it is too long.
    fn shared_put_later(&self, key: &CacheKey, answer: &CachedAnswer) {
        let Some(shared) = self.shared.clone() else {
            return;
        };
        if answer.reply.len() > self.max_shared_reply_bytes {
            return;
        }
        if let Some(meter) = &self.meter {
            meter.write_item(answer.reply.len() + 150);
        }
        let (id, entry) = (key.shared_id(), shared::entry(&answer.reply, self.ttl));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = shared.put(&id, entry).await {
                    shared::count_failure(&error);
                }
            });
        }
    }

    /// The model answer to store in the first level now, when `response` carries a complete one
    /// (the shared level is written in the background). A streamed answer is stored in both when its
    /// stream completes successfully; errors and cut or failed streams are never stored.
    #[must_use]
    fn remember<B>(
        &self,
        key: CacheKey,
        response: &Response<B>,
    ) -> Option<(CacheKey, Arc<CachedAnswer>)> {
        if let Some(answer) = cacheable(response) {
            self.shared_put_later(&key, &answer);
            return Some((key, answer));
        }
        if response.status() != StatusCode::OK {
            return None;
        }
        let hooks = response.extensions().get::<StreamHooks>()?;
        let levels = self.clone();
        hooks.on_end(move |end| {
            let Ok(reply) = &end.outcome else { return };
            if reply.source != Source::Model {
                return;
            }
            let answer = Arc::new(CachedAnswer {
                reply: reply.reply.clone(),
            });
            levels.shared_put_later(&key, &answer);
            // Hooks are synchronous; moka's insert is not, and must not block the response body.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                let l1 = levels.l1.clone();
                runtime.spawn(async move { l1.insert(key, answer).await });
            }
        });
        None
    }
}

/// A model answer worth caching: a 200 carrying a [`ChatReply`] from the model.
fn cacheable<B>(response: &Response<B>) -> Option<Arc<CachedAnswer>> {
    if response.status() != StatusCode::OK {
        return None;
    }
    let reply = response.extensions().get::<ChatReply>()?;
    (reply.source == Source::Model).then(|| {
        Arc::new(CachedAnswer {
            reply: reply.reply.clone(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_helpers::{chat_request, counting_model};
    use std::sync::atomic::Ordering;
    use tower::Layer;

    fn source(response: &Response<Bytes>) -> Source {
        response.extensions().get::<ChatReply>().unwrap().source
    }

    #[tokio::test]
    async fn second_identical_prompt_is_a_hit() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys").layer(model);
        let first = service
            .clone()
            .oneshot(chat_request("alice", "What is Rust?", None))
            .await
            .unwrap();
        let second = service
            .clone()
            .oneshot(chat_request("alice", "  what is rust ", None))
            .await
            .unwrap();
        assert_eq!(source(&first), Source::Model);
        assert_eq!(source(&second), Source::Cache);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let reply = second.extensions().get::<ChatReply>().unwrap();
        assert_eq!(reply.reply, "echo: What is Rust?");
    }

    #[tokio::test]
    async fn services_of_one_layer_and_its_clones_share_one_cache() {
        let (model, calls) = counting_model();
        let layer = ResponseCacheLayer::new("m", "sys")
            .max_bytes(1 << 20)
            .time_to_live(Duration::from_secs(60));
        assert!(layer.cache.get().is_none(), "built before it was needed");
        let first = layer.layer(model.clone());
        let second = layer.clone().layer(model);
        first
            .oneshot(chat_request("alice", "What is Rust?", None))
            .await
            .unwrap();
        let again = second
            .oneshot(chat_request("alice", "What is Rust?", None))
            .await
            .unwrap();
        assert_eq!(source(&again), Source::Cache);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(layer.cache().policy().max_capacity(), Some(1 << 20));
        assert_eq!(
            layer.cache().policy().time_to_live(),
            Some(Duration::from_secs(60))
        );
        // Reconfiguring starts a new, empty cache, as documented.
        let fresh = layer.time_to_live(Duration::from_secs(5));
        assert_eq!(fresh.cache().entry_count(), 0);
        assert_eq!(
            fresh.cache().policy().time_to_live(),
            Some(Duration::from_secs(5))
        );
    }

    #[tokio::test]
    async fn users_never_share_answers_by_default() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys").layer(model);
        service
            .clone()
            .oneshot(chat_request("alice", "secret plan", None))
            .await
            .unwrap();
        let bob = service
            .clone()
            .oneshot(chat_request("bob", "secret plan", None))
            .await
            .unwrap();
        assert_eq!(source(&bob), Source::Model);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn shared_scope_is_opt_in() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys")
            .scope(Scope::Shared)
            .layer(model);
        service
            .clone()
            .oneshot(chat_request("alice", "capital of france", None))
            .await
            .unwrap();
        let bob = service
            .clone()
            .oneshot(chat_request("bob", "capital of france", None))
            .await
            .unwrap();
        assert_eq!(source(&bob), Source::Cache);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn follow_up_turns_are_never_cached() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys").layer(model);
        for _ in 0..2 {
            let response = service
                .clone()
                .oneshot(chat_request("alice", "and then?", Some("s1")))
                .await
                .unwrap();
            assert_eq!(source(&response), Source::Model);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn keyed_requests_are_never_answered_from_the_cache_but_fill_it() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys").layer(model);
        let keyed = || {
            let mut request = chat_request("alice", "What is Rust?", None);
            request.extensions_mut().insert(IdempotencyKey("k1".into()));
            request
        };
        for _ in 0..2 {
            let response = service.clone().oneshot(keyed()).await.unwrap();
            assert_eq!(source(&response), Source::Model);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        let plain = service
            .clone()
            .oneshot(chat_request("alice", "what is rust", None))
            .await
            .unwrap();
        assert_eq!(source(&plain), Source::Cache);
    }

    #[tokio::test]
    async fn concurrent_misses_call_the_model_once() {
        let (model, calls) = counting_model();
        let service = ResponseCacheLayer::new("m", "sys").layer(model);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let service = service.clone();
                tokio::spawn(async move {
                    service
                        .oneshot(chat_request("alice", "same question", None))
                        .await
                })
            })
            .collect();
        let mut sources = Vec::new();
        for task in tasks {
            sources.push(source(&task.await.unwrap().unwrap()));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(sources.iter().filter(|s| **s == Source::Model).count(), 1);
    }

    #[tokio::test]
    async fn a_left_out_layer_means_no_cache() {
        let (model, calls) = counting_model();
        let service = tower::util::option_layer(None::<ResponseCacheLayer>).layer(model);
        for _ in 0..2 {
            let response = service
                .clone()
                .oneshot(chat_request("alice", "same", None))
                .await
                .unwrap();
            assert_eq!(source(&response), Source::Model);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn byte_budget_bounds_the_cache() {
        let (model, _) = counting_model();
        let layer = ResponseCacheLayer::new("m", "sys").max_bytes(4096);
        let service = layer.layer(model);
        for i in 0..200 {
            service
                .clone()
                .oneshot(chat_request(
                    "alice",
                    &format!("question number {i} {}", "x".repeat(100)),
                    None,
                ))
                .await
                .unwrap();
        }
        let cache = service.layer.cache();
        cache.run_pending_tasks().await;
        assert!(
            cache.weighted_size() <= 4096,
            "weighted size {}",
            cache.weighted_size()
        );
        assert!(cache.entry_count() < 200);
    }
}
