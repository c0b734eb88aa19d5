//! History in DynamoDB: conditional writes, newest-first queries for the prompt, paginated reads.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;
use frugal_middleware::Source;
use futures_util::future::{BoxFuture, FutureExt};

use super::{sort_key, History, Recent, Turn, WriteError, MAX_LISTED_TURNS};
use crate::aws::LazyAws;
use crate::error::ChatError;

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
        &self.aws.get().await.dynamodb
    }

    async fn recent_turns(&self, pk: &str, n: usize) -> Result<Recent, ChatError> {
        let output = self
            .client()
            .await
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(pk.to_owned()))
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

    async fn append_turn(&self, pk: &str, turn: &Turn) -> Result<(), WriteError> {
        let expires_at = turn.created_at + self.ttl.as_secs();
        let result = self
            .client()
            .await
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(pk.to_owned()))
            .item("sk", AttributeValue::S(sort_key(turn.turn)))
            .item("question", AttributeValue::S(turn.question.clone()))
            .item("answer", AttributeValue::S(turn.answer.clone()))
            .item("source", AttributeValue::S(turn.source.as_str().to_owned()))
            .item(
                "input_tokens",
                AttributeValue::N(turn.input_tokens.to_string()),
            )
            .item(
                "output_tokens",
                AttributeValue::N(turn.output_tokens.to_string()),
            )
            .item("model_id", AttributeValue::S(turn.model_id.clone()))
            .item("created_at", AttributeValue::N(turn.created_at.to_string()))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
            .item("write_id", AttributeValue::S(turn.write_id.clone()))
            // Our own earlier attempt (a retry after a lost acknowledgement) passes and rewrites the
            // same item; any other write of this number fails and moves to the next one.
            .condition_expression("attribute_not_exists(sk) OR write_id = :w")
            .expression_attribute_values(":w", AttributeValue::S(turn.write_id.clone()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(e)) if e.err().is_conditional_check_failed_exception() => {
                Err(WriteError::Conflict)
            }
            Err(e) => Err(WriteError::Store(storage_error("saving the turn", &e))),
        }
    }

    async fn list_turns(&self, pk: &str) -> Result<Vec<Turn>, ChatError> {
        let mut turns = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client()
                .await
                .query()
                .table_name(&self.table)
                .key_condition_expression("pk = :pk")
                .expression_attribute_values(":pk", AttributeValue::S(pk.to_owned()))
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
    fn recent<'a>(&'a self, pk: &'a str, n: usize) -> BoxFuture<'a, Result<Recent, ChatError>> {
        self.recent_turns(pk, n).boxed()
    }

    fn append<'a>(&'a self, pk: &'a str, turn: &'a Turn) -> BoxFuture<'a, Result<(), WriteError>> {
        self.append_turn(pk, turn).boxed()
    }

    fn list<'a>(&'a self, pk: &'a str) -> BoxFuture<'a, Result<Vec<Turn>, ChatError>> {
        self.list_turns(pk).boxed()
    }
}
