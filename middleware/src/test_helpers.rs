//! Helpers shared by the unit tests.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};

use crate::types::{ChatReply, ChatRequest, Identity, ModelCall, Usage};

/// A parsed chat request as the guard would hand it on.
pub(crate) fn chat_request(user: &str, message: &str, session_id: Option<&str>) -> Request<Bytes> {
    let mut request = Request::post("/chat").body(Bytes::new()).unwrap();
    request.extensions_mut().insert(ChatRequest {
        message: message.to_owned(),
        session_id: session_id.map(str::to_owned),
    });
    request.extensions_mut().insert(Identity(user.to_owned()));
    request
}

/// A stand-in model service that answers "echo: <message>" and counts its calls.
#[derive(Clone, Default)]
pub(crate) struct CountingModel {
    calls: Arc<AtomicUsize>,
}

impl tower::Service<Request<Bytes>> for CountingModel {
    type Response = Response<Bytes>;
    type Error = Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Response<Bytes>, Infallible>> + Send>,
    >;

    fn poll_ready(
        &mut self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let counter = self.calls.clone();
        Box::pin(async move {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(5)).await;
            let chat = request.extensions().get::<ChatRequest>().cloned();
            let message = chat.as_ref().map_or("", |c| c.message.as_str());
            let usage = Usage {
                input_tokens: 10,
                output_tokens: 20,
                ..Usage::default()
            };
            let session_id = chat
                .as_ref()
                .and_then(|c| c.session_id.clone())
                .unwrap_or_else(|| "new".into());
            let call = ModelCall {
                model_id: frugal_pricing::DEFAULT_MODEL_ID.into(),
                usage,
                latency: Duration::from_millis(5),
            };
            Ok(ChatReply::from_model(session_id, format!("echo: {message}"), call).into_response())
        })
    }
}

/// A counting model and its call counter.
pub(crate) fn counting_model() -> (CountingModel, Arc<AtomicUsize>) {
    let model = CountingModel::default();
    let calls = model.calls.clone();
    (model, calls)
}
