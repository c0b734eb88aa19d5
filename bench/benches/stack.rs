//! Full-stack overhead versus the bare inner service: a greeting, a cache hit and a pass-through.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use frugal_middleware::metrics::{MetricsLayer, MetricsSink};
use frugal_middleware::{ChatReply, FrugalStack, ModelCall, Usage};
use http_body_util::Full;
use tower::{Service, ServiceExt};

fn inner() -> impl Service<
    http::Request<Bytes>,
    Response = http::Response<Full<Bytes>>,
    Error = Infallible,
    Future = impl Send,
> + Clone
       + Send {
    tower::service_fn(|_request: http::Request<Bytes>| async {
        let call = ModelCall {
            model_id: "amazon.nova-micro-v1:0".into(),
            usage: Usage {
                input_tokens: 20,
                output_tokens: 30,
                ..Usage::default()
            },
            latency: Duration::from_millis(1),
        };
        let reply = ChatReply::from_model("s", "an answer from the inner service", call);
        Ok::<_, Infallible>(reply.into_response::<Full<Bytes>>())
    })
}

fn request(body: &str, session: bool) -> http::Request<Full<Bytes>> {
    let body = if session {
        serde_json::json!({"message": body, "session_id": "bench"})
    } else {
        serde_json::json!({"message": body})
    };
    http::Request::post("/chat")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap_or_default()
}

fn stack(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let service = FrugalStack::new("amazon.nova-micro-v1:0", "sys")
        .dev_user("bench")
        .metrics(MetricsLayer::new().sink(MetricsSink::Disabled))
        .service(inner());
    // Prime the cache and the classifier.
    runtime.block_on(async {
        let _ = service
            .clone()
            .oneshot(request("what is the capital of France?", false))
            .await;
        let _ = service.clone().oneshot(request("hello", false)).await;
    });

    let mut group = c.benchmark_group("stack");
    group.bench_function("bare_inner", |b| {
        b.to_async(&runtime).iter(|| async {
            let mut req = http::Request::post("/chat")
                .body(Bytes::from_static(b"{}"))
                .unwrap_or_default();
            req.extensions_mut()
                .insert(frugal_middleware::Identity("bench".into()));
            inner().oneshot(req).await
        })
    });
    group.bench_function("greeting", |b| {
        b.to_async(&runtime)
            .iter(|| service.clone().oneshot(request("hello", false)))
    });
    group.bench_function("cache_hit", |b| {
        b.to_async(&runtime).iter(|| {
            service
                .clone()
                .oneshot(request("what is the capital of France?", false))
        })
    });
    group.bench_function("pass_through", |b| {
        b.to_async(&runtime).iter(|| {
            service
                .clone()
                .oneshot(request("what is the capital of France?", true))
        })
    });
    group.finish();
}

fn emf(c: &mut Criterion) {
    let record = frugal_middleware::metrics::Record {
        cold_start: false,
        request_duration_ms: 812.5,
        model_latency_ms: Some(790.0),
        input_tokens: 420,
        output_tokens: 150,
        estimated_cost: 0.0003,
        model_call: true,
        max_memory_used_mb: Some(14.2),
        status: 200,
        ..Default::default()
    };
    c.bench_function("emf_line", |b| {
        b.iter(|| record.to_emf("Frugal", "frugal-chat", "fn"))
    });
    c.bench_function("max_memory_used_sampled", |b| {
        b.iter(frugal_middleware::metrics::max_memory_used_mb)
    });
}

fn parsed(message: &str, session: Option<&str>) -> http::Request<Bytes> {
    let mut request = http::Request::post("/chat")
        .body(Bytes::new())
        .unwrap_or_default();
    request
        .extensions_mut()
        .insert(frugal_middleware::ChatRequest {
            message: message.to_owned(),
            session_id: session.map(str::to_owned),
        });
    request
        .extensions_mut()
        .insert(frugal_middleware::Identity("bench".into()));
    request
}

/// Each layer alone over the bare inner service.
fn layers(c: &mut Criterion) {
    use frugal_middleware::cache::ResponseCacheLayer;
    use frugal_middleware::deadline::DeadlineLayer;
    use frugal_middleware::guard::{GuardLayer, IdentitySource};
    use frugal_middleware::small_talk::SmallTalkLayer;
    use tower::Layer;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("layer");
    group.bench_function("bare_inner", |b| {
        b.to_async(&runtime)
            .iter(|| inner().oneshot(parsed("what is rust?", Some("s"))))
    });

    let guard = GuardLayer::new()
        .identity(IdentitySource::Fixed("bench".into()))
        .layer(inner());
    group.bench_function("guard_pass_through", |b| {
        b.to_async(&runtime)
            .iter(|| guard.clone().oneshot(request("what is rust?", true)))
    });
    let metrics = MetricsLayer::new()
        .sink(MetricsSink::Disabled)
        .layer(inner());
    group.bench_function("metrics_pass_through", |b| {
        b.to_async(&runtime)
            .iter(|| metrics.clone().oneshot(parsed("what is rust?", Some("s"))))
    });
    let small_talk = SmallTalkLayer::new().layer(inner());
    group.bench_function("small_talk_greeting", |b| {
        b.to_async(&runtime).iter(|| {
            small_talk
                .clone()
                .oneshot(parsed("hello there!", Some("s")))
        })
    });
    group.bench_function("small_talk_pass_through", |b| {
        b.to_async(&runtime).iter(|| {
            small_talk
                .clone()
                .oneshot(parsed("what is rust?", Some("s")))
        })
    });
    let cache = ResponseCacheLayer::new("m", "sys").layer(inner());
    runtime.block_on(async {
        let _ = cache.clone().oneshot(parsed("what is rust?", None)).await;
    });
    group.bench_function("cache_hit", |b| {
        b.to_async(&runtime)
            .iter(|| cache.clone().oneshot(parsed("what is rust?", None)))
    });
    group.bench_function("cache_pass_through", |b| {
        b.to_async(&runtime)
            .iter(|| cache.clone().oneshot(parsed("what is rust?", Some("s"))))
    });
    let deadline = DeadlineLayer::new()
        .local_budget(Duration::from_secs(29))
        .layer(inner());
    group.bench_function("deadline_pass_through", |b| {
        b.to_async(&runtime)
            .iter(|| deadline.clone().oneshot(parsed("what is rust?", Some("s"))))
    });
    group.finish();
}

criterion_group!(benches, stack, layers, emf);
criterion_main!(benches);
