//! Hostile input through the whole stack: arbitrary bytes and UTF-8, huge and deep bodies, control
//! characters, mixed scripts. Never a panic, never a 5xx, always a JSON answer.

use std::convert::Infallible;

use bytes::Bytes;
use frugal_middleware::guard::{GuardLayer, IdentitySource};
use frugal_middleware::metrics::{MetricsLayer, MetricsSink};
use frugal_middleware::{ChatReply, ChatRequest, FrugalStack, ModelCall, Usage};
use http_body_util::Full;
use proptest::prelude::*;
use tower::{Service, ServiceExt};

fn stack(
    max_body: usize,
) -> impl Service<
    http::Request<Full<Bytes>>,
    Response = http::Response<Full<Bytes>>,
    Error = Infallible,
> + Clone {
    let echo = tower::service_fn(|request: http::Request<Bytes>| async move {
        let chat = request.extensions().get::<ChatRequest>().cloned();
        let call = ModelCall {
            model_id: "amazon.nova-micro-v1:0".into(),
            usage: Usage::default(),
            latency: std::time::Duration::ZERO,
        };
        let text = chat
            .map(|c| c.message.chars().count().to_string())
            .unwrap_or_default();
        Ok::<_, Infallible>(ChatReply::from_model("s", text, call).into_response::<Full<Bytes>>())
    });
    FrugalStack::new("amazon.nova-micro-v1:0", "sys")
        .metrics(MetricsLayer::new().sink(MetricsSink::Disabled))
        .guard(
            GuardLayer::new()
                .identity(IdentitySource::Fixed("fuzz".into()))
                .max_body_bytes(max_body),
        )
        .service(echo)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn post(
    service: impl Service<
        http::Request<Full<Bytes>>,
        Response = http::Response<Full<Bytes>>,
        Error = Infallible,
    >,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let request = http::Request::post("/chat")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_get_a_json_4xx_or_an_answer(body in prop::collection::vec(any::<u8>(), 0..4096)) {
        let (status, json) = runtime().block_on(post(stack(64 * 1024), body));
        prop_assert!(status == 200 || status == 400, "status {}", status);
        prop_assert!(json.is_object(), "non-JSON answer");
    }

    #[test]
    fn arbitrary_messages_are_answered_or_rejected_cleanly(message in any::<String>(), session in proptest::option::of("[ -~]{0,140}")) {
        let mut body = serde_json::json!({ "message": message });
        if let Some(session) = session {
            body["session_id"] = serde_json::json!(session);
        }
        let (status, json) = runtime().block_on(post(stack(64 * 1024), body.to_string().into_bytes()));
        prop_assert!(status == 200 || status == 400, "status {}", status);
        if status == 400 {
            prop_assert_eq!(json["error"]["code"].as_str(), Some("invalid_request"));
        }
    }

    #[test]
    fn mixed_scripts_and_control_characters(parts in prop::collection::vec(prop::sample::select(vec![
        "hello", "谢谢", "مرحبا", "\u{0}", "\u{202e}", "\t", "\u{1F600}", "नमस्ते", "?", "bye", "\u{feff}", "\r\n",
    ]), 1..20)) {
        let body = serde_json::json!({ "message": parts.concat() }).to_string().into_bytes();
        let (status, _) = runtime().block_on(post(stack(64 * 1024), body));
        prop_assert!(status == 200 || status == 400);
    }
}

#[test]
fn one_megabyte_message_is_413_at_the_default_limit_and_400_above_it() {
    let rt = runtime();
    let body = serde_json::json!({ "message": "x".repeat(1 << 20) })
        .to_string()
        .into_bytes();
    assert_eq!(rt.block_on(post(stack(64 * 1024), body.clone())).0, 413);
    let (status, json) = rt.block_on(post(stack(4 << 20), body));
    assert_eq!(status, 400, "over 16,000 characters");
    assert!(json["error"]["message"].as_str().unwrap().contains("16000"));
}

#[test]
fn deep_json_and_empty_messages_are_400() {
    let rt = runtime();
    let deep = format!(
        "{{\"message\": {}\"x\"{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    )
    .into_bytes();
    assert_eq!(rt.block_on(post(stack(1 << 20), deep)).0, 400);
    for message in ["", " ", "\n\t  ", "\u{3000}"] {
        let body = serde_json::json!({ "message": message })
            .to_string()
            .into_bytes();
        assert_eq!(
            rt.block_on(post(stack(64 * 1024), body)).0,
            400,
            "{message:?}"
        );
    }
}

#[test]
fn long_small_talk_lookalikes_are_bounded_and_go_to_the_model() {
    let rt = runtime();
    let started = std::time::Instant::now();
    let message = "hi ".repeat(5000);
    let body = serde_json::json!({ "message": message })
        .to_string()
        .into_bytes();
    let (status, json) = rt.block_on(post(stack(64 * 1024), body));
    assert_eq!(status, 200);
    assert_eq!(json["source"], "model", "too long to be small talk");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}
