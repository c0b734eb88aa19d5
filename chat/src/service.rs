//! `ChatService`: the routes behind the middleware.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use frugal_middleware::stream::{
    estimate_text_tokens, stream_response, wants_event_stream, ChatEvent, StreamError, StreamHooks,
};
use frugal_middleware::{
    is_valid_session_id, new_session_id, ChatBody, ChatReply, ChatRequest, FrugalError,
    IdempotencyKey, Identity, ModelCall, Source, StorageMeter, Usage,
};

use crate::error::ChatError;
use http::{Method, Request, Response};
use serde::Serialize;

use crate::aws::LazyAws;
use crate::budget::Budget;
use crate::history::{now_secs, partition_key, History, KeyRecord, Replay, Turn, WriteError};
use crate::model::{converse, converse_stream, prompt_tokens, ModelSettings, StreamPart};

/// The response body type of the whole stack: a whole JSON body, or Server-Sent Events as the model
/// writes them.
pub type Body = ChatBody;

/// A turn about to be answered and stored.
struct Pending {
    /// Where this request's DynamoDB units are counted (when the stores are DynamoDB).
    meter: Option<StorageMeter>,
    user: String,
    session_id: String,
    pk: String,
    key_record: Option<KeyRecord>,
    question: String,
}

/// Where a stored answer ended up.
enum Stored {
    /// Stored as this turn number.
    Turn(u64),
    /// A concurrent request with the same idempotency key stored first: its turn.
    Replay(Replay),
}

/// How many times a turn write is retried at the next free number when a concurrent request of the
/// same session took the slot.
const WRITE_ATTEMPTS: usize = 3;

struct Inner {
    aws: LazyAws,
    history: Arc<dyn History>,
    model: ModelSettings,
    history_turns: usize,
    budget: Option<Budget>,
    storage_priced: bool,
    /// Set when the history store last failed, cleared when it last answered: while set, a
    /// conversation's first message reads the (empty) history before asking the model, so that a store
    /// that is down fails the request before a model call is spent.
    store_suspect: Arc<AtomicBool>,
}

impl Inner {
    /// Records how the history store's last call went: answered (`None`) or failed.
    fn store_answered(&self, error: Option<&ChatError>) {
        match error {
            None => self.store_suspect.store(false, Ordering::Relaxed),
            Some(ChatError::Storage(_)) => self.store_suspect.store(true, Ordering::Relaxed),
            Some(_) => {}
        }
    }
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
                budget: None,
                storage_priced: false,
                store_suspect: Arc::default(),
            }),
        }
    }

    /// The same service, counting its DynamoDB request units in each request's [`StorageMeter`]
    /// (when history and budget are in DynamoDB), so the metrics layer prices them.
    #[must_use]
    pub fn with_storage_pricing(self, priced: bool) -> Self {
        let inner = Inner {
            aws: self.inner.aws.clone(),
            history: self.inner.history.clone(),
            model: self.inner.model.clone(),
            history_turns: self.inner.history_turns,
            budget: self.inner.budget.clone(),
            storage_priced: priced,
            store_suspect: self.inner.store_suspect.clone(),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The same service, refusing model calls of a user who spent `budget`'s daily limit.
    #[must_use]
    pub fn with_budget(self, budget: Option<Budget>) -> Self {
        let inner = Inner {
            aws: self.inner.aws.clone(),
            history: self.inner.history.clone(),
            model: self.inner.model.clone(),
            history_turns: self.inner.history_turns,
            budget,
            storage_priced: self.inner.storage_priced,
            store_suspect: self.inner.store_suspect.clone(),
        };
        Self {
            inner: Arc::new(inner),
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
            (method, p) if session_of(p).is_some() => {
                // `/sessions/messages` has no id: `session_of` gives "" and the id check answers 400.
                let id = session_of(p).unwrap_or_default();
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
            if path == "/chat" {
                error.respond_to(&request)
            } else {
                error.into_response()
            }
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
        let meter = request
            .extensions()
            .get::<StorageMeter>()
            .filter(|_| inner.storage_priced)
            .cloned();
        let idempotency = request.extensions().get::<IdempotencyKey>();
        if let Some(key) = idempotency {
            if let Some(meter) = &meter {
                meter.read(1.0);
            }
            if let Some(replay) = inner.history.find_key(user, &key.0).await? {
                return replay_response(request, chat, replay);
            }
        }
        // A conversation this request starts has no turns to read: its id is drawn here (a random
        // UUID, 122 bits, under this user's partition), so the history query is skipped — one round
        // trip and half a read unit less on every first message. Turn 1's conditional write still
        // refuses to overwrite anything. After the store failed, and until it answers again, the query
        // is made anyway: a store that is down then fails the request before a model call is spent
        // (one model call per environment is spent finding out).
        let read_history = chat.session_id.is_some() || inner.store_suspect.load(Ordering::Relaxed);
        let session_id = chat.session_id.clone().unwrap_or_else(new_session_id);
        let pending = Pending {
            meter: meter.clone(),
            pk: partition_key(user, &session_id),
            key_record: idempotency.map(|key| KeyRecord {
                user: user.clone(),
                key: key.0.clone(),
                session_id: session_id.clone(),
            }),
            user: user.clone(),
            session_id,
            question: chat.message.clone(),
        };
        if let Some(meter) = &meter {
            // The history query (eventually consistent, under 4 KB), and the budget's admission.
            if read_history {
                meter.read(0.5);
            }
            if inner.budget.is_some() {
                meter.write(1.0);
            }
        }
        if let Some(budget) = &inner.budget {
            budget.check(user).await?;
        }
        let recent = if read_history {
            let recent = inner.history.recent(&pending.pk, inner.history_turns).await;
            inner.store_answered(recent.as_ref().err());
            recent?
        } else {
            crate::history::Recent::default()
        };
        if wants_event_stream(request) {
            let response = self.chat_stream(request, pending, recent).await?;
            if let (Some(budget), Some(hooks)) =
                (&inner.budget, response.extensions().get::<StreamHooks>())
            {
                // Whatever the stream's end (done, failed, cut, client gone), its tokens are spent.
                let (budget, user, meter) = (budget.clone(), user.clone(), meter.clone());
                hooks.on_end(move |end| {
                    if let Some(call) = end.model_call() {
                        if let Some(meter) = &meter {
                            meter.write(1.0);
                        }
                        budget.charge_later(user, call.clone());
                    }
                });
            }
            return Ok(response);
        }
        // The history store gets ready (a first message has not built its DynamoDB client yet) while
        // the model answers: on one thread, in the time spent waiting for the model's bytes.
        let (answer, ()) = tokio::join!(
            converse(
                inner.aws.bedrock().await,
                &inner.model,
                &recent.turns,
                &chat.message,
            ),
            inner.history.prepare(),
        );
        let answer = answer?;
        if let Some(budget) = &inner.budget {
            let call = ModelCall {
                model_id: inner.model.model_id.clone(),
                usage: answer.usage,
                latency: answer.latency,
            };
            if let Some(meter) = &meter {
                meter.write(1.0);
            }
            if let Err(error) = budget.charge(user, &call).await {
                tracing::warn!(%error, "budget charge failed; this answer's cost is not counted");
            }
        }
        let turn = match self
            .store(&pending, recent.last, &answer.text, answer.usage)
            .await?
        {
            Stored::Turn(turn) => turn,
            Stored::Replay(replay) => return replay_response(request, chat, replay),
        };
        let call = ModelCall {
            model_id: inner.model.model_id.clone(),
            usage: answer.usage,
            latency: answer.latency,
        };
        Ok(ChatReply::from_model(pending.session_id, answer.text, call)
            .with_turn(turn)
            .into_response())
    }

    /// The streamed answer: `ConverseStream`'s text forwarded as `delta` events; the turn is stored
    /// when the model has finished, and `done` is sent only once it is stored (`storage_error`
    /// otherwise). A failure before the first event keeps its status (e.g. 429).
    async fn chat_stream(
        &self,
        request: &Request<Bytes>,
        pending: Pending,
        recent: crate::history::Recent,
    ) -> Result<Response<Body>, ChatError> {
        let inner = &self.inner;
        let model = &inner.model;
        let estimate = ModelCall {
            model_id: model.model_id.clone(),
            usage: Usage {
                input_tokens: prompt_tokens(model, &recent.turns, &pending.question),
                output_tokens: 0,
                ..Usage::default()
            },
            latency: std::time::Duration::ZERO,
        };
        // As in `chat`: the history store gets ready while the model starts its answer.
        let (stream, ()) = tokio::join!(
            converse_stream(
                inner.aws.bedrock().await,
                model,
                &recent.turns,
                &pending.question,
            ),
            inner.history.prepare(),
        );
        let mut stream = stream?;
        let this = self.clone();
        let priced = Some(estimate.clone());
        let events = async_stream::stream! {
            let mut text = String::new();
            let mut usage = None;
            loop {
                match stream.next().await {
                    Ok(Some(StreamPart::Text(delta))) => {
                        text.push_str(&delta);
                        yield ChatEvent::Delta(delta);
                    }
                    Ok(Some(StreamPart::Usage(reported))) => usage = Some(reported),
                    Ok(None) => break,
                    Err(error) => {
                        tracing::warn!(code = error.code(), %error, "model stream failed");
                        let call = usage.map(|usage| ModelCall { usage, latency: stream.elapsed(), ..estimate.clone() });
                        yield ChatEvent::Failed(error.into_stream_error().with_model_call(call));
                        return;
                    }
                }
            }
            let call = ModelCall {
                model_id: estimate.model_id.clone(),
                // No usage event (a stand-in or a truncated stream): price the estimate.
                usage: usage.unwrap_or(Usage {
                    input_tokens: estimate.usage.input_tokens,
                    output_tokens: estimate_text_tokens(&text),
                    ..Usage::default()
                }),
                latency: stream.elapsed(),
            };
            if text.trim().is_empty() {
                let error = ChatError::Model("the model returned no text".into());
                yield ChatEvent::Failed(error.into_stream_error().with_model_call(Some(call)));
                return;
            }
            // From here the deadline no longer cuts the stream, and the write runs in its own task:
            // neither the deadline nor a client that goes away cancels a write that may land.
            yield ChatEvent::Storing;
            let session_id = pending.session_id.clone();
            let (store, answer, usage, last) = (this.clone(), text.clone(), call.usage, recent.last);
            let stored = tokio::spawn(async move { store.store(&pending, last, &answer, usage).await })
                .await
                .unwrap_or_else(|error| Err(ChatError::Internal(format!("storing the turn: {error}"))));
            match stored {
                Ok(Stored::Turn(turn)) => {
                    let reply = ChatReply::from_model(session_id, text, call).with_turn(turn);
                    yield ChatEvent::Done(reply);
                }
                Ok(Stored::Replay(_)) => {
                    let error = StreamError::new(
                        http::StatusCode::CONFLICT,
                        "idempotency_conflict",
                        "a concurrent request with the same Idempotency-Key stored its answer first; retry to read it",
                    );
                    yield ChatEvent::Failed(error.with_model_call(Some(call)));
                }
                Err(error) => {
                    tracing::warn!(code = error.code(), %error, "streamed answer not stored");
                    yield ChatEvent::Failed(error.into_stream_error().with_model_call(Some(call)));
                }
            }
        };
        Ok(stream_response(request, events, priced))
    }

    /// Stores a model answer as the next turn of `pending`'s session, retrying at the next free
    /// number when a concurrent request of the same session took the slot.
    async fn store(
        &self,
        pending: &Pending,
        last: u64,
        answer: &str,
        usage: Usage,
    ) -> Result<Stored, ChatError> {
        let inner = &self.inner;
        let mut turn = Turn {
            turn: last + 1,
            question: pending.question.clone(),
            answer: answer.to_owned(),
            source: Source::Model,
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            model_id: inner.model.model_id.clone(),
            created_at: now_secs(),
            write_id: new_session_id(),
        };
        for _ in 0..WRITE_ATTEMPTS {
            if let Some(meter) = &pending.meter {
                // Every attempt is a write, a conflicting one too: the turn item (question, answer,
                // ~200 bytes of attributes); with a key, a transaction of two items, priced twice.
                let turn_bytes = turn.question.len() + turn.answer.len() + 200;
                meter.write_item(turn_bytes);
                if pending.key_record.is_some() {
                    meter.write_item(turn_bytes);
                    meter.write(2.0);
                }
            }
            match inner
                .history
                .append(&pending.pk, &turn, pending.key_record.as_ref())
                .await
            {
                Ok(()) => {
                    inner.store_answered(None);
                    return Ok(Stored::Turn(turn.turn));
                }
                Err(WriteError::Conflict) => turn.turn += 1,
                Err(WriteError::KeyTaken) => {
                    // A concurrent request with the same key stored its turn first: answer with
                    // that one (this answer is dropped, nothing is stored twice).
                    let Some(record) = pending.key_record.as_ref() else {
                        return Err(ChatError::Internal("key taken without a key".into()));
                    };
                    return match inner.history.find_key(&pending.user, &record.key).await? {
                        Some(replay) => Ok(Stored::Replay(replay)),
                        None => Err(ChatError::Storage(
                            "the idempotency key is being used by another request; retry".into(),
                        )),
                    };
                }
                Err(WriteError::Store(error)) => {
                    inner.store_answered(Some(&error));
                    return Err(error);
                }
            }
        }
        Err(ChatError::Storage(
            "too many concurrent writes to this session; retry".into(),
        ))
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

/// The session id of a `/sessions/{id}/messages` path (possibly empty), without slicing across the
/// overlapping prefix and suffix of `/sessions/messages`.
fn session_of(path: &str) -> Option<&str> {
    path.strip_prefix("/sessions/")?
        .strip_suffix("/messages")
        .or_else(|| (path == "/sessions/messages").then_some(""))
}

/// Response header set on a reply served again for a repeated `Idempotency-Key`.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// The stored reply for a repeated idempotency key, or `409` when the key came with another request.
fn replay_response(
    request: &Request<Bytes>,
    chat: &ChatRequest,
    replay: Replay,
) -> Result<Response<Body>, ChatError> {
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
        ..Usage::default()
    };
    let mut response = ChatReply::stored(
        replay.session_id,
        replay.turn.answer,
        replay.turn.source,
        usage,
    )
    .with_turn(replay.turn.turn)
    .respond_to::<Body, _>(request);
    response
        .headers_mut()
        .insert(REPLAYED_HEADER, http::HeaderValue::from_static("true"));
    Ok(response)
}

fn json_response<T: Serialize>(value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = Response::new(ChatBody::full(body));
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
