//! `ChatService`: the routes behind the middleware.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use frugal_middleware::{
    is_valid_session_id, new_session_id, ChatReply, ChatRequest, FrugalError, IdempotencyKey,
    Identity, ModelCall, Source, Usage,
};

use crate::error::ChatError;
use http::{Method, Request, Response};
use http_body_util::Full;
use serde::Serialize;

use crate::aws::LazyAws;
use crate::history::{now_secs, partition_key, History, KeyRecord, Replay, Turn, WriteError};
use crate::model::{converse, ModelSettings};

/// The response body type of the whole stack.
pub type Body = Full<Bytes>;

/// How many times a turn write is retried at the next free number when a concurrent request of the
/// same session took the slot.
const WRITE_ATTEMPTS: usize = 3;

struct Inner {
    aws: LazyAws,
    history: Arc<dyn History>,
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
        history: Arc<dyn History>,
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
            (_, "/chat") | (_, "/healthz") => Err(ChatError::MethodNotAllowed(path.clone())),
            (method, p) if p.starts_with("/sessions/") && p.ends_with("/messages") => {
                let id = &p["/sessions/".len()..p.len() - "/messages".len()];
                if method == Method::GET {
                    self.messages(&request, id).await
                } else {
                    Err(ChatError::MethodNotAllowed(path.clone()))
                }
            }
            _ => Err(ChatError::NoRoute(path.clone())),
        };
        result.unwrap_or_else(|error| {
            if error.status().is_server_error() {
                tracing::warn!(code = error.code(), %error, "request failed");
            }
            error.into_response()
        })
    }

    async fn chat(&self, request: &Request<Bytes>) -> Result<Response<Body>, ChatError> {
        let chat = request
            .extensions()
            .get::<ChatRequest>()
            .ok_or_else(|| ChatError::invalid("missing chat body"))?;
        let user = &request
            .extensions()
            .get::<Identity>()
            .ok_or(FrugalError::Unauthorized)?
            .0;
        let inner = &self.inner;
        let idempotency = request.extensions().get::<IdempotencyKey>();
        if let Some(key) = idempotency {
            if let Some(replay) = inner.history.find_key(user, &key.0).await? {
                return replay_response(chat, replay);
            }
        }
        let session_id = chat.session_id.clone().unwrap_or_else(new_session_id);
        let pk = partition_key(user, &session_id);
        let key_record = idempotency.map(|key| KeyRecord {
            user: user.clone(),
            key: key.0.clone(),
            session_id: session_id.clone(),
        });

        let recent = inner.history.recent(&pk, inner.history_turns).await?;
        let answer = converse(
            &inner.aws.get().await.bedrock,
            &inner.model,
            &recent.turns,
            &chat.message,
        )
        .await?;

        let mut turn = Turn {
            turn: recent.last + 1,
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
            match inner.history.append(&pk, &turn, key_record.as_ref()).await {
                Ok(()) => {
                    saved = true;
                    break;
                }
                Err(WriteError::Conflict) => turn.turn += 1,
                Err(WriteError::KeyTaken) => {
                    // A concurrent request with the same key stored its turn first: answer with
                    // that one (this answer is dropped, nothing is stored twice).
                    let Some(record) = key_record.as_ref() else {
                        return Err(ChatError::Internal("key taken without a key".into()));
                    };
                    return match inner.history.find_key(user, &record.key).await? {
                        Some(replay) => replay_response(chat, replay),
                        None => Err(ChatError::Storage(
                            "the idempotency key is being used by another request; retry".into(),
                        )),
                    };
                }
                Err(WriteError::Store(error)) => return Err(error),
            }
        }
        if !saved {
            return Err(ChatError::Storage(
                "too many concurrent writes to this session; retry".into(),
            ));
        }

        let call = ModelCall {
            model_id: inner.model.model_id.clone(),
            usage: answer.usage,
            latency: answer.latency,
        };
        Ok(ChatReply::from_model(session_id, answer.text, call)
            .with_turn(turn.turn)
            .into_response())
    }

    async fn messages(
        &self,
        request: &Request<Bytes>,
        session_id: &str,
    ) -> Result<Response<Body>, ChatError> {
        let user = &request
            .extensions()
            .get::<Identity>()
            .ok_or(FrugalError::Unauthorized)?
            .0;
        if !is_valid_session_id(session_id) {
            return Err(ChatError::invalid(
                "session id must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -",
            ));
        }
        let pk = partition_key(user, session_id);
        let messages = self.inner.history.list(&pk).await?;
        if messages.is_empty() {
            return Err(ChatError::NotFound);
        }
        Ok(json_response(&HistoryResponse {
            session_id,
            messages,
        }))
    }
}

/// Response header set on a reply served again for a repeated `Idempotency-Key`.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// The stored reply for a repeated idempotency key, or `409` when the key came with another request.
fn replay_response(chat: &ChatRequest, replay: Replay) -> Result<Response<Body>, ChatError> {
    let same_session = chat
        .session_id
        .as_deref()
        .is_none_or(|session| session == replay.session_id);
    if replay.turn.question != chat.message || !same_session {
        return Err(ChatError::IdempotencyConflict);
    }
    let usage = Usage {
        input_tokens: replay.turn.input_tokens,
        output_tokens: replay.turn.output_tokens,
    };
    let mut response = ChatReply::stored(
        replay.session_id,
        replay.turn.answer,
        replay.turn.source,
        usage,
    )
    .with_turn(replay.turn.turn)
    .into_response::<Body>();
    response
        .headers_mut()
        .insert(REPLAYED_HEADER, http::HeaderValue::from_static("true"));
    Ok(response)
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
        Err(e) => ChatError::Internal(e.to_string()).into_response(),
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
