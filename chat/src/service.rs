//! `ChatService`: the routes behind the middleware.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use frugal_middleware::{
    is_valid_session_id, new_session_id, ChatReply, ChatRequest, FrugalError, Identity, ModelCall,
    Source,
};
use http::{Method, Request, Response};
use http_body_util::Full;
use serde::Serialize;

use crate::aws::LazyAws;
use crate::history::{now_secs, partition_key, DynamoHistory, MemoryHistory, Turn, WriteError};
use crate::model::{converse, ModelSettings};

/// The response body type of the whole stack.
pub type Body = Full<Bytes>;

/// How many times a turn write is retried at the next free number when a concurrent request of the
/// same session took the slot.
const WRITE_ATTEMPTS: usize = 3;

/// Where history lives.
#[derive(Clone, Debug)]
pub enum HistoryStore {
    /// DynamoDB.
    Dynamo(DynamoHistory),
    /// In process.
    Memory(MemoryHistory),
}

struct Inner {
    aws: LazyAws,
    history: HistoryStore,
    model: ModelSettings,
    history_turns: usize,
}

/// Serves `POST /chat`, `GET /sessions/{id}/messages` and `GET /healthz`.
#[derive(Clone)]
pub struct ChatService {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ChatService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatService")
            .field("model", &self.inner.model.model_id)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct HistoryResponse<'a> {
    session_id: &'a str,
    messages: Vec<Turn>,
}

impl ChatService {
    /// A chat service; AWS clients are built on the first request that needs them.
    pub fn new(
        aws: LazyAws,
        history: HistoryStore,
        model: ModelSettings,
        history_turns: usize,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                aws,
                history,
                model,
                history_turns,
            }),
        }
    }

    /// The lazily built AWS clients.
    pub fn aws(&self) -> &LazyAws {
        &self.inner.aws
    }

    async fn route(self, request: Request<Bytes>) -> Response<Body> {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        let result = match (method.clone(), path.as_str()) {
            (Method::GET, "/healthz") => Ok(json_response(&serde_json::json!({"status": "ok"}))),
            (Method::POST, "/chat") => self.chat(&request).await,
            (_, "/chat") | (_, "/healthz") => Err(FrugalError::MethodNotAllowed(path.clone())),
            (method, p) if p.starts_with("/sessions/") && p.ends_with("/messages") => {
                let id = &p["/sessions/".len()..p.len() - "/messages".len()];
                if method == Method::GET {
                    self.messages(&request, id).await
                } else {
                    Err(FrugalError::MethodNotAllowed(path.clone()))
                }
            }
            _ => Err(FrugalError::NoRoute(path.clone())),
        };
        result.unwrap_or_else(|error| {
            if error.status().is_server_error() {
                tracing::warn!(code = error.code(), %error, "request failed");
            }
            error.into_response()
        })
    }

    async fn chat(&self, request: &Request<Bytes>) -> Result<Response<Body>, FrugalError> {
        let chat = request
            .extensions()
            .get::<ChatRequest>()
            .ok_or_else(|| FrugalError::InvalidRequest("missing chat body".into()))?;
        let user = &request
            .extensions()
            .get::<Identity>()
            .ok_or(FrugalError::Unauthorized)?
            .0;
        let session_id = chat.session_id.clone().unwrap_or_else(new_session_id);
        let pk = partition_key(user, &session_id);
        let inner = &self.inner;

        let (history, last) = match &inner.history {
            HistoryStore::Memory(store) => store.recent(&pk, inner.history_turns)?,
            HistoryStore::Dynamo(store) => {
                store
                    .recent(&inner.aws.get().await.dynamodb, &pk, inner.history_turns)
                    .await?
            }
        };
        let answer = converse(
            &inner.aws.get().await.bedrock,
            &inner.model,
            &history,
            &chat.message,
        )
        .await?;

        let mut turn = Turn {
            turn: last + 1,
            question: chat.message.clone(),
            answer: answer.text.clone(),
            source: Source::Model,
            input_tokens: answer.usage.input_tokens,
            output_tokens: answer.usage.output_tokens,
            model_id: inner.model.model_id.clone(),
            created_at: now_secs(),
            write_id: new_session_id(),
        };
        let mut saved = false;
        for _ in 0..WRITE_ATTEMPTS {
            let result = match &inner.history {
                HistoryStore::Memory(store) => store.append(&pk, turn.clone()),
                HistoryStore::Dynamo(store) => {
                    store
                        .append(&inner.aws.get().await.dynamodb, &pk, &turn)
                        .await
                }
            };
            match result {
                Ok(()) => {
                    saved = true;
                    break;
                }
                Err(WriteError::Conflict) => turn.turn += 1,
                Err(WriteError::Store(error)) => return Err(error),
            }
        }
        if !saved {
            return Err(FrugalError::Storage(
                "too many concurrent writes to this session; retry".into(),
            ));
        }

        let reply = ChatReply {
            session_id,
            reply: answer.text,
            source: Source::Model,
            usage: answer.usage,
            cost_usd: 0.0,
        };
        let mut response = reply.into_response::<Body>();
        response.extensions_mut().insert(ModelCall {
            model_id: inner.model.model_id.clone(),
            usage: answer.usage,
            latency: answer.latency,
        });
        Ok(response)
    }

    async fn messages(
        &self,
        request: &Request<Bytes>,
        session_id: &str,
    ) -> Result<Response<Body>, FrugalError> {
        let user = &request
            .extensions()
            .get::<Identity>()
            .ok_or(FrugalError::Unauthorized)?
            .0;
        if !is_valid_session_id(session_id) {
            return Err(FrugalError::InvalidRequest(
                "session id must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -".into(),
            ));
        }
        let pk = partition_key(user, session_id);
        let messages = match &self.inner.history {
            HistoryStore::Memory(store) => store.list(&pk)?,
            HistoryStore::Dynamo(store) => {
                store
                    .list(&self.inner.aws.get().await.dynamodb, &pk)
                    .await?
            }
        };
        if messages.is_empty() {
            return Err(FrugalError::NotFound);
        }
        Ok(json_response(&HistoryResponse {
            session_id,
            messages,
        }))
    }
}

fn json_response<T: Serialize>(value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = Response::new(Full::new(Bytes::from(body)));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => FrugalError::Internal(e.to_string()).into_response(),
    }
}

impl tower::Service<Request<Bytes>> for ChatService {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { Ok(this.route(request).await) })
    }
}
