//! History in DynamoDB: conditional writes, newest-first queries for the prompt, paginated reads.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;
use frugal_middleware::Source;
use futures_util::future::{BoxFuture, FutureExt};

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem};

use super::{
    key_partition, now_secs, partition_key, sort_key, History, KeyRecord, Recent, Replay, Turn,
    WriteError, IDEMPOTENCY_WINDOW_SECS, MAX_LISTED_TURNS,
};
use crate::aws::LazyAws;
use crate::error::ChatError;

/// A turn's own earlier attempt (a retry after a lost acknowledgement) passes and rewrites the same
/// item; any other write of this number fails and moves to the next one.
const TURN_CONDITION: &str = "attribute_not_exists(sk) OR write_id = :w";

/// History in a DynamoDB table (key schema in the [module docs](super)); the client is built on first
/// use through [`LazyAws`].
#[derive(Clone, Debug)]
pub struct DynamoHistory {
    aws: LazyAws,
    table: String,
    ttl: Duration,
}

fn storage_error<E: ProvideErrorMetadata + std::fmt::Debug>(
    what: &str,
    error: &SdkError<E>,
) -> ChatError {
    let detail = match error {
        SdkError::ServiceError(e) => format!(
            "{}: {}",
            e.err().code().unwrap_or("error"),
            e.err().message().unwrap_or("")
        ),
        SdkError::DispatchFailure(_) => "the history store is not reachable".into(),
        SdkError::TimeoutError(_) => "the history store timed out".into(),
        other => format!("{other:?}").chars().take(200).collect(),
    };
    tracing::warn!(what, detail, "DynamoDB call failed");
    ChatError::Storage(format!("{what}: {detail}"))
}

impl DynamoHistory {
    /// History in `table`; turns expire `ttl` after they are written (DynamoDB TTL on `expires_at`).
    pub fn new(aws: LazyAws, table: impl Into<String>, ttl: Duration) -> Self {
        Self {
            aws,
            table: table.into(),
            ttl,
        }
    }

    /// The table name.
    pub fn table(&self) -> &str {
        &self.table
    }

    async fn client(&self) -> &aws_sdk_dynamodb::Client {
        self.aws.dynamodb().await
    }

    /// A query for every item of partition `pk` (one session's turns).
    async fn partition_query(&self, pk: &str) -> QueryFluentBuilder {
        self.client()
            .await
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(pk.to_owned()))
    }

    async fn recent_turns(&self, pk: &str, n: usize) -> Result<Recent, ChatError> {
        let output = self
            .partition_query(pk)
            .await
            .scan_index_forward(false)
            .limit(i32::try_from(n.max(1)).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(|e| storage_error("reading history", &e))?;
        let mut turns: Vec<Turn> = output.items().iter().filter_map(turn_from_item).collect();
        let last = turns.first().map_or(0, |t| t.turn);
        turns.truncate(n);
        turns.reverse();
        Ok(Recent { turns, last })
    }

    fn turn_item(&self, pk: &str, turn: &Turn) -> HashMap<String, AttributeValue> {
        let expires_at = turn.created_at + self.ttl.as_secs();
        let s = |v: &str| AttributeValue::S(v.to_owned());
        let n = |v: u64| AttributeValue::N(v.to_string());
        HashMap::from([
            ("pk".to_owned(), s(pk)),
            ("sk".to_owned(), s(&sort_key(turn.turn))),
            ("question".to_owned(), s(&turn.question)),
            ("answer".to_owned(), s(&turn.answer)),
            ("source".to_owned(), s(turn.source.as_str())),
            ("input_tokens".to_owned(), n(turn.input_tokens)),
            ("output_tokens".to_owned(), n(turn.output_tokens)),
            ("model_id".to_owned(), s(&turn.model_id)),
            ("created_at".to_owned(), n(turn.created_at)),
            ("expires_at".to_owned(), n(expires_at)),
            ("write_id".to_owned(), s(&turn.write_id)),
        ])
    }

    async fn append_turn(
        &self,
        pk: &str,
        turn: &Turn,
        key: Option<&KeyRecord>,
    ) -> Result<(), WriteError> {
        let write_id = AttributeValue::S(turn.write_id.clone());
        let Some(key) = key else {
            let result = self
                .client()
                .await
                .put_item()
                .table_name(&self.table)
                .set_item(Some(self.turn_item(pk, turn)))
                .condition_expression(TURN_CONDITION)
                .expression_attribute_values(":w", write_id)
                .send()
                .await;
            return match result {
                Ok(_) => Ok(()),
                Err(SdkError::ServiceError(e))
                    if e.err().is_conditional_check_failed_exception() =>
                {
                    Err(WriteError::Conflict)
                }
                Err(e) => Err(WriteError::Store(storage_error("saving the turn", &e))),
            };
        };
        let now = now_secs();
        let key_item = HashMap::from([
            ("pk".to_owned(), AttributeValue::S(key_partition(&key.user))),
            ("sk".to_owned(), AttributeValue::S(key.key.clone())),
            (
                "session_id".to_owned(),
                AttributeValue::S(key.session_id.clone()),
            ),
            ("turn".to_owned(), AttributeValue::N(turn.turn.to_string())),
            ("write_id".to_owned(), write_id.clone()),
            (
                "expires_at".to_owned(),
                AttributeValue::N((now + IDEMPOTENCY_WINDOW_SECS).to_string()),
            ),
        ]);
        let put_turn = Put::builder()
            .table_name(&self.table)
            .set_item(Some(self.turn_item(pk, turn)))
            .condition_expression(TURN_CONDITION)
            .expression_attribute_values(":w", write_id.clone())
            .build()
            .map_err(|e| WriteError::Store(ChatError::Internal(e.to_string())))?;
        let put_key = Put::builder()
            .table_name(&self.table)
            .set_item(Some(key_item))
            // Free, ours already (a retried transaction), or past its window.
            .condition_expression("attribute_not_exists(sk) OR write_id = :w OR expires_at < :now")
            .expression_attribute_values(":w", write_id)
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .build()
            .map_err(|e| WriteError::Store(ChatError::Internal(e.to_string())))?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put_turn).build())
            .transact_items(TransactWriteItem::builder().put(put_key).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(e)) if e.err().is_transaction_canceled_exception() => {
                let reasons = match e.err() {
                    TransactWriteItemsError::TransactionCanceledException(t) => {
                        t.cancellation_reasons()
                    }
                    _ => &[],
                };
                let failed = |i: usize| {
                    reasons.get(i).and_then(|r| r.code()) == Some("ConditionalCheckFailed")
                };
                if failed(0) {
                    Err(WriteError::Conflict)
                } else if failed(1) {
                    Err(WriteError::KeyTaken)
                } else {
                    Err(WriteError::Store(storage_error(
                        "saving the turn",
                        &SdkError::ServiceError(e),
                    )))
                }
            }
            Err(e) => Err(WriteError::Store(storage_error("saving the turn", &e))),
        }
    }

    async fn find_turn_by_key(&self, user: &str, key: &str) -> Result<Option<Replay>, ChatError> {
        let client = self.client().await;
        let record = client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(key_partition(user)))
            .key("sk", AttributeValue::S(key.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| storage_error("reading an idempotency key", &e))?;
        let Some(item) = record.item() else {
            return Ok(None);
        };
        let number = |name: &str| {
            item.get(name)
                .and_then(|v| v.as_n().ok())
                .and_then(|v| v.parse::<u64>().ok())
        };
        // TTL deletion is lazy: an expired key is no key.
        if number("expires_at").is_none_or(|at| at < now_secs()) {
            return Ok(None);
        }
        let (Some(session_id), Some(turn)) = (
            item.get("session_id").and_then(|v| v.as_s().ok()).cloned(),
            number("turn"),
        ) else {
            return Ok(None);
        };
        let stored = client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(partition_key(user, &session_id)))
            .key("sk", AttributeValue::S(sort_key(turn)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| storage_error("reading the stored turn", &e))?;
        Ok(stored
            .item()
            .and_then(turn_from_item)
            .map(|turn| Replay { session_id, turn }))
    }

    async fn list_turns(&self, pk: &str) -> Result<Vec<Turn>, ChatError> {
        let mut turns = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .partition_query(pk)
                .await
                .scan_index_forward(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| storage_error("reading history", &e))?;
            turns.extend(output.items().iter().filter_map(turn_from_item));
            start = output.last_evaluated_key().cloned();
            if start.is_none() || turns.len() >= MAX_LISTED_TURNS {
                break;
            }
        }
        turns.truncate(MAX_LISTED_TURNS);
        Ok(turns)
    }
}

fn turn_from_item(item: &HashMap<String, AttributeValue>) -> Option<Turn> {
    let s = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
    let n = |name: &str| {
        item.get(name)
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<u64>().ok())
    };
    let source = match s("source")?.as_str() {
        "cache" => Source::Cache,
        "smalltalk" => Source::SmallTalk,
        _ => Source::Model,
    };
    Some(Turn {
        turn: s("sk")?.parse().ok()?,
        question: s("question")?,
        answer: s("answer")?,
        source,
        input_tokens: n("input_tokens").unwrap_or(0),
        output_tokens: n("output_tokens").unwrap_or(0),
        model_id: s("model_id").unwrap_or_default(),
        created_at: n("created_at").unwrap_or(0),
        write_id: s("write_id").unwrap_or_default(),
    })
}

impl History for DynamoHistory {
    fn prepare(&self) -> BoxFuture<'_, ()> {
        async {
            self.client().await;
        }
        .boxed()
    }

    fn recent<'a>(&'a self, pk: &'a str, n: usize) -> BoxFuture<'a, Result<Recent, ChatError>> {
        self.recent_turns(pk, n).boxed()
    }

    fn append<'a>(
        &'a self,
        pk: &'a str,
        turn: &'a Turn,
        key: Option<&'a KeyRecord>,
    ) -> BoxFuture<'a, Result<(), WriteError>> {
        self.append_turn(pk, turn, key).boxed()
    }

    fn find_key<'a>(
        &'a self,
        user: &'a str,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Replay>, ChatError>> {
        self.find_turn_by_key(user, key).boxed()
    }

    fn list<'a>(&'a self, pk: &'a str) -> BoxFuture<'a, Result<Vec<Turn>, ChatError>> {
        self.list_turns(pk).boxed()
    }
}
