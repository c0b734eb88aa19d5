//! The README's adoption example: the whole Frugal stack in front of your own `lambda_http` handler.
use std::time::Instant;

use bytes::Bytes;
use frugal_middleware::{new_session_id, ChatReply, ChatRequest, FrugalStack, ModelCall, Usage};
use http_body_util::Full;

const MODEL_ID: &str = "amazon.nova-micro-v1:0";

/// Your handler: the guard has already validated the body and put a `ChatRequest` in the extensions.
async fn answer(
    request: http::Request<Bytes>,
) -> Result<http::Response<Full<Bytes>>, lambda_http::Error> {
    let Some(chat) = request.extensions().get::<ChatRequest>() else {
        return Ok(http::Response::new(Full::new(Bytes::from_static(b"{}"))));
    };
    let started = Instant::now();
    let text = format!("You asked: {}", chat.message); // call your model here
    let usage = Usage {
        input_tokens: 12,
        output_tokens: 5,
        ..Usage::default()
    };
    let call = ModelCall {
        model_id: MODEL_ID.into(),
        usage,
        latency: started.elapsed(),
    };
    let session = chat.session_id.clone().unwrap_or_else(new_session_id);
    Ok(ChatReply::from_model(session, text, call).into_response())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let stack = FrugalStack::from_env(MODEL_ID, "You are a helpful assistant.");
    lambda_http::run(tower::ServiceBuilder::new().layer(stack).service_fn(answer)).await
}
