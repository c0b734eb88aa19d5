//! `SmallTalkLayer` and its service.

use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use tower::{Layer, Service};

use super::{Config, Matched, Replies};
use crate::future::{define_inner_service_accessors, EarlyOrInner};
use crate::types::{new_session_id, ChatReply, ChatRequest, Source};

/// Answers small talk from canned replies. See the [module docs](super).
#[derive(Clone, Debug, Default)]
pub struct SmallTalkLayer {
    config: Config,
}

impl SmallTalkLayer {
    /// The layer with the built-in lexicon and replies.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses these replies instead of the built-in ones.
    #[must_use]
    pub fn replies(mut self, replies: Replies) -> Self {
        self.config.set_replies(replies);
        self
    }

    /// Uses an operator's phrases, replies and FAQ rules (see [`Config`]).
    #[must_use]
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }
}

impl<S> Layer<S> for SmallTalkLayer {
    type Service = SmallTalk<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SmallTalk {
            inner,
            config: self.config.clone(),
        }
    }
}

/// The small-talk service, made by [`SmallTalkLayer`]. Requests without a parsed [`ChatRequest`]
/// extension pass straight through.
#[derive(Clone, Debug)]
pub struct SmallTalk<S> {
    inner: S,
    config: Config,
}

impl<S> SmallTalk<S> {
    define_inner_service_accessors!();
}

/// Response future of [`SmallTalk`].
pub type ResponseFuture<F, B> = EarlyOrInner<F, Response<B>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SmallTalk<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<Bytes>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let hit = request.extensions().get::<ChatRequest>().and_then(|chat| {
            let response = self.config.respond(&chat.message)?;
            match response.matched {
                Matched::Rule { name } => {
                    tracing::debug!(rule = name.unwrap_or(""), "operator rule")
                }
                Matched::SmallTalk(class) => tracing::debug!(
                    category = class.category.as_str(),
                    lang = class.lang.code(),
                    "small talk"
                ),
            }
            Some(ChatReply::canned(
                chat.session_id.clone().unwrap_or_else(new_session_id),
                response.text,
                Source::SmallTalk,
            ))
        });
        match hit {
            Some(reply) => EarlyOrInner::early(reply.respond_to(&request)),
            None => EarlyOrInner::inner(self.inner.call(request)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_helpers::{chat_request, counting_model};
    use tower::ServiceExt;

    #[tokio::test]
    async fn greeting_is_answered_without_calling_the_model() {
        let (model, calls) = counting_model();
        let service = SmallTalkLayer::new().layer(model);
        let response = service
            .oneshot(chat_request("alice", "Hello there!", Some("s1")))
            .await
            .unwrap();
        let reply = response.extensions().get::<ChatReply>().unwrap();
        assert_eq!(reply.source, Source::SmallTalk);
        assert_eq!(reply.session_id, "s1");
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn greeting_with_a_request_goes_to_the_model() {
        let (model, calls) = counting_model();
        let service = SmallTalkLayer::new().layer(model);
        for text in [
            "hi, how do I reset my password?",
            "thanks, and what about Friday?",
        ] {
            let response = service
                .clone()
                .oneshot(chat_request("alice", text, None))
                .await
                .unwrap();
            assert_eq!(
                response.extensions().get::<ChatReply>().unwrap().source,
                Source::Model
            );
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn custom_reply_is_used() {
        let (model, _) = counting_model();
        let replies = Replies::default().with(
            super::super::Category::Goodbye,
            super::super::Lang::De,
            "Auf Wiedersehen!",
        );
        let service = SmallTalkLayer::new().replies(replies).layer(model);
        let response = service
            .oneshot(chat_request("bob", "Tschüss!", None))
            .await
            .unwrap();
        assert_eq!(
            response.extensions().get::<ChatReply>().unwrap().reply,
            "Auf Wiedersehen!"
        );
    }
}
