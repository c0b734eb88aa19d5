//! The whole Frugal stack in front of your own streaming `lambda_http` handler: answers go out word
//! by word as Server-Sent Events when the client sends `Accept: text/event-stream` (deploy behind a
//! REST API with response streaming or a function URL in `RESPONSE_STREAM` mode).
use std::time::{Duration, Instant};

use bytes::Bytes;
use frugal_middleware::runtime_api::RuntimeApiNoDelayLayer;
use frugal_middleware::stream::{stream_response, wants_event_stream, ChatEvent};
use frugal_middleware::{
    new_session_id, ChatBody, ChatReply, ChatRequest, FrugalStack, ModelCall, Usage,
};

const MODEL_ID: &str = "amazon.nova-micro-v1:0";

/// Your handler: stream the model's text as `Delta`s, then end with `Done` (or `Failed`).
async fn answer(
    request: http::Request<Bytes>,
) -> Result<http::Response<ChatBody>, lambda_http::Error> {
    let Some(chat) = request.extensions().get::<ChatRequest>().cloned() else {
        return Ok(http::Response::new(ChatBody::full("{}")));
    };
    let session = chat.session_id.clone().unwrap_or_else(new_session_id);
    let started = Instant::now();
    let text = format!("You asked: {}", chat.message); // your model's stream goes here
    let call = ModelCall {
        model_id: MODEL_ID.into(),
        usage: Usage {
            input_tokens: 12,
            output_tokens: 5,
            ..Usage::default()
        },
        latency: started.elapsed(),
    };
    if !wants_event_stream(&request) {
        return Ok(ChatReply::from_model(session, text, call).into_response());
    }
    let events = async_stream::stream! {
        for word in text.split_inclusive(' ') {
            tokio::time::sleep(Duration::from_millis(5)).await;
            yield ChatEvent::Delta(word.to_owned());
        }
        yield ChatEvent::Done(ChatReply::from_model(session, text.clone(), call));
    };
    Ok(stream_response(&request, events, None))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let stack = FrugalStack::from_env(MODEL_ID, "You are a helpful assistant.");
    // Nagle's algorithm off on the runtime's connection to the Runtime API, or each streamed chunk
    // may wait for a delayed ACK (frugal_middleware::runtime_api).
    let service = tower::ServiceBuilder::new()
        .layer(RuntimeApiNoDelayLayer)
        .layer(stack)
        .service_fn(answer);
    lambda_http::run_with_streaming_response(service).await
}
