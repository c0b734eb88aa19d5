//! The Frugal stack with your own small-talk replies: a support bot that greets in its own words.
use bytes::Bytes;
use frugal_middleware::small_talk::{Category, Lang, Replies, SmallTalkLayer};
use frugal_middleware::{new_session_id, ChatReply, ChatRequest, FrugalStack, Source};
use http_body_util::Full;

async fn answer(
    request: http::Request<Bytes>,
) -> Result<http::Response<Full<Bytes>>, lambda_http::Error> {
    let session = request
        .extensions()
        .get::<ChatRequest>()
        .and_then(|chat| chat.session_id.clone())
        .unwrap_or_else(new_session_id);
    // A real handler calls its model here (see `lambda_stack`).
    Ok(
        ChatReply::canned(session, "Let me check that order for you.", Source::Model)
            .into_response(),
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let replies = Replies::default()
        .with(
            Category::Greeting,
            Lang::En,
            "Hi! I'm Parcel, your delivery assistant. What's your order number?",
        )
        .with(
            Category::Greeting,
            Lang::De,
            "Hallo! Ich bin Parcel. Wie lautet Ihre Bestellnummer?",
        )
        .with(
            Category::Thanks,
            Lang::En,
            "Glad I could help. Anything else about your delivery?",
        );
    let stack = FrugalStack::from_env(
        "amazon.nova-micro-v1:0",
        "You are Parcel, a delivery assistant.",
    )
    .small_talk(SmallTalkLayer::new().replies(replies));
    lambda_http::run(tower::ServiceBuilder::new().layer(stack).service_fn(answer)).await
}
