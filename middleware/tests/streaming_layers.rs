//! The layers around a streaming handler, through the public API: the metrics layer writes one EMF
//! line when the stream ends and puts the cost in `done` (no cost header), the cache stores a streamed
//! answer only when it completed, and the deadline layer's own 504 is an `error` event.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use frugal_middleware::cache::ResponseCacheLayer;
use frugal_middleware::deadline::DeadlineLayer;
use frugal_middleware::metrics::{MetricsLayer, MetricsSink, COST_HEADER, SOURCE_HEADER};
use frugal_middleware::stream::{stream_response, ChatEvent, StreamError};
use frugal_middleware::{ChatBody, ChatReply, ChatRequest, Identity, ModelCall, Usage};
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use tower::{Layer, ServiceExt};

fn request(message: &str) -> Request<Bytes> {
    let mut request = Request::post("/chat")
        .header("accept", "text/event-stream")
        .body(Bytes::new())
        .unwrap();
    request.extensions_mut().insert(ChatRequest::new(message));
    request.extensions_mut().insert(Identity("ann".into()));
    request
}

/// Streams "echo" word by word; a message with "fail" fails after the first word.
fn handler(
    calls: Arc<AtomicUsize>,
) -> impl tower::Service<
    Request<Bytes>,
    Response = Response<ChatBody>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: Request<Bytes>| {
        calls.fetch_add(1, Ordering::SeqCst);
        async move {
            let message = request
                .extensions()
                .get::<ChatRequest>()
                .map(|c| c.message.clone())
                .unwrap_or_default();
            let call = ModelCall {
                model_id: frugal_middleware::pricing::DEFAULT_MODEL_ID.into(),
                usage: Usage {
                    input_tokens: 100,
                    output_tokens: 40,
                    ..Usage::default()
                },
                latency: Duration::from_millis(3),
            };
            let fail = message.contains("fail");
            let events = async_stream::stream! {
                yield ChatEvent::Delta("one ".into());
                if fail {
                    yield ChatEvent::Failed(StreamError::new(StatusCode::BAD_GATEWAY, "model_error", "broke").with_model_call(Some(call)));
                    return;
                }
                yield ChatEvent::Delta("two".into());
                yield ChatEvent::Done(ChatReply::from_model("s", "one two", call));
            };
            Ok(stream_response(&request, events, None))
        }
    })
}

async fn text(response: Response<ChatBody>) -> String {
    let body = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(body.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_write_one_line_when_the_stream_ends_and_put_the_cost_in_done() {
    let (sink, lines) = MetricsSink::memory();
    let calls = Arc::new(AtomicUsize::new(0));
    let service = MetricsLayer::new().sink(sink).layer(handler(calls));
    let response = service.clone().oneshot(request("hi there")).await.unwrap();
    assert_eq!(response.headers()[SOURCE_HEADER], "model");
    assert!(!response.headers().contains_key(COST_HEADER));
    assert!(lines.lock().unwrap().is_empty(), "written before the end");
    let events = text(response).await;
    let done = events
        .split("event: done\ndata: ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap();
    let done: serde_json::Value = serde_json::from_str(done).unwrap();
    let lines = lines.lock().unwrap().clone();
    assert_eq!(lines.len(), 1);
    let line: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(line["OutputTokens"], 40);
    assert!(line["TimeToFirstToken"].is_number());
    // The EMF line carries five significant digits.
    let (emf, body) = (
        line["EstimatedCost"].as_f64().unwrap(),
        done["cost_usd"].as_f64().unwrap(),
    );
    assert!((emf - body).abs() <= body * 1e-4, "{emf} vs {body}");
    assert!(done["cost_usd"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn the_cache_keeps_completed_streams_only() {
    let calls = Arc::new(AtomicUsize::new(0));
    let service = ResponseCacheLayer::new("m", "sys").layer(handler(calls.clone()));
    for _ in 0..2 {
        let failed = text(
            service
                .clone()
                .oneshot(request("please fail"))
                .await
                .unwrap(),
        )
        .await;
        assert!(failed.contains("event: error"));
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "a failed stream was cached"
    );

    let first = text(
        service
            .clone()
            .oneshot(request("count to two"))
            .await
            .unwrap(),
    )
    .await;
    assert!(first.contains("event: done"));
    // The insert runs as its own task when the stream ends.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let second = service
        .clone()
        .oneshot(request("count to two"))
        .await
        .unwrap();
    let second = text(second).await;
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(second.contains("\"source\":\"cache\""), "{second}");
    assert!(second.starts_with("event: delta\ndata: {\"text\":\"one two\"}"));
}

#[tokio::test]
async fn the_deadline_layers_own_504_is_an_error_event() {
    let slow = tower::service_fn(|_request: Request<Bytes>| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        Ok::<_, std::convert::Infallible>(Response::new(ChatBody::default()))
    });
    let service = DeadlineLayer::new()
        .local_budget(Duration::from_millis(50))
        .margin(Duration::ZERO)
        .layer(slow);
    let response = service.oneshot(request("anything")).await.unwrap();
    assert_eq!(response.status(), 504);
    assert_eq!(
        response.headers()["content-type"],
        "text/event-stream; charset=utf-8"
    );
    let events = text(response).await;
    assert!(events.starts_with("event: error\ndata: {\"code\":\"deadline_exceeded\""));
}
