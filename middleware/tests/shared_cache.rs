//! The response cache's second level through the public API, with an in-memory `SharedCache` that
//! can fail: a hit there answers (and fills the first level), expired entries and failures are misses,
//! long replies are not written, users stay apart.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use frugal_middleware::cache::shared::BoxFuture;
use frugal_middleware::cache::{
    CacheLevel, ResponseCacheLayer, SharedAnswer, SharedCache, SharedCacheError, SharedCacheFailed,
};
use frugal_middleware::{ChatReply, ChatRequest, Identity, ModelCall, Source, Usage};
use http::{Request, Response};
use tower::{Layer, ServiceExt};

#[derive(Debug, Default)]
struct Shared {
    items: Mutex<HashMap<String, SharedAnswer>>,
    down: AtomicBool,
}

impl SharedCache for Shared {
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<SharedAnswer>, SharedCacheError>> {
        Box::pin(async move {
            if self.down.load(Ordering::SeqCst) {
                return Err(SharedCacheError("down".into()));
            }
            Ok(self.items.lock().unwrap().get(key).cloned())
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        answer: SharedAnswer,
    ) -> BoxFuture<'a, Result<(), SharedCacheError>> {
        Box::pin(async move {
            if self.down.load(Ordering::SeqCst) {
                return Err(SharedCacheError("down".into()));
            }
            self.items.lock().unwrap().insert(key.to_owned(), answer);
            Ok(())
        })
    }
}

fn model(
    calls: Arc<AtomicUsize>,
    reply_len: usize,
) -> impl tower::Service<
    Request<Bytes>,
    Response = Response<Bytes>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: Request<Bytes>| {
        calls.fetch_add(1, Ordering::SeqCst);
        async move {
            let message = request
                .extensions()
                .get::<ChatRequest>()
                .unwrap()
                .message
                .clone();
            let call = ModelCall {
                model_id: "m".into(),
                usage: Usage::default(),
                latency: Duration::ZERO,
            };
            let text = format!("echo: {message}{}", "x".repeat(reply_len));
            Ok(ChatReply::from_model("s", text, call).into_response())
        }
    })
}

fn ask(user: &str, message: &str) -> Request<Bytes> {
    let mut request = Request::post("/chat").body(Bytes::new()).unwrap();
    request.extensions_mut().insert(ChatRequest::new(message));
    request.extensions_mut().insert(Identity(user.into()));
    request
}

fn source(response: &Response<Bytes>) -> Source {
    response.extensions().get::<ChatReply>().unwrap().source
}

async fn settle() {
    // Writes to the shared level run as their own tasks.
    tokio::time::sleep(Duration::from_millis(30)).await;
}

#[tokio::test]
async fn a_second_environment_is_answered_from_the_shared_level_for_the_same_user_only() {
    let shared = Arc::new(Shared::default());
    let calls = Arc::new(AtomicUsize::new(0));
    // Two environments: two layers (two first levels), one shared level.
    let env_a = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .layer(model(calls.clone(), 0));
    let env_b = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .layer(model(calls.clone(), 0));

    let first = env_a
        .clone()
        .oneshot(ask("ann", "What is Rust?"))
        .await
        .unwrap();
    assert_eq!(source(&first), Source::Model);
    settle().await;
    let stored = shared.items.lock().unwrap().clone();
    assert_eq!(stored.len(), 1);
    let key = stored.keys().next().unwrap().clone();
    assert_eq!(key.len(), 64, "a SHA-256, no prompt text or user id");
    assert!(!key.contains("ann"));

    let second = env_b
        .clone()
        .oneshot(ask("ann", " what is rust "))
        .await
        .unwrap();
    assert_eq!(source(&second), Source::Cache);
    assert_eq!(
        second.extensions().get::<CacheLevel>(),
        Some(&CacheLevel::L2)
    );
    let third = env_b
        .clone()
        .oneshot(ask("ann", "What is Rust?"))
        .await
        .unwrap();
    assert_eq!(
        third.extensions().get::<CacheLevel>(),
        Some(&CacheLevel::L1),
        "copied into L1"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let other = env_b
        .clone()
        .oneshot(ask("bob", "What is Rust?"))
        .await
        .unwrap();
    assert_eq!(source(&other), Source::Model);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn expired_entries_failures_and_long_replies_are_misses() {
    let shared = Arc::new(Shared::default());
    let calls = Arc::new(AtomicUsize::new(0));
    let env_a = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .layer(model(calls.clone(), 0));
    env_a.clone().oneshot(ask("ann", "q1")).await.unwrap();
    settle().await;
    // Expired but not deleted yet (TTL deletion is lazy): a miss.
    for answer in shared.items.lock().unwrap().values_mut() {
        answer.expires_at = 1;
    }
    let env_b = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .layer(model(calls.clone(), 0));
    assert_eq!(
        source(&env_b.clone().oneshot(ask("ann", "q1")).await.unwrap()),
        Source::Model
    );

    // The shared level down: a miss marked for the metrics, never an error.
    shared.down.store(true, Ordering::SeqCst);
    let env_c = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .layer(model(calls.clone(), 0));
    let down = env_c.clone().oneshot(ask("ann", "q2")).await.unwrap();
    assert_eq!(down.status(), 200);
    assert_eq!(source(&down), Source::Model);
    assert!(down.extensions().get::<SharedCacheFailed>().is_some());
    // The first level still serves.
    assert_eq!(
        source(&env_c.clone().oneshot(ask("ann", "q2")).await.unwrap()),
        Source::Cache
    );
    settle().await;
    shared.down.store(false, Ordering::SeqCst);

    // A reply over the size limit stays out of the shared level.
    let before = shared.items.lock().unwrap().len();
    let long = ResponseCacheLayer::new("m", "sys")
        .shared(shared.clone())
        .max_shared_reply_bytes(100)
        .layer(model(calls.clone(), 500));
    long.oneshot(ask("ann", "q3")).await.unwrap();
    settle().await;
    assert_eq!(shared.items.lock().unwrap().len(), before);
}
