//! Conversation history: DynamoDB, or memory for the local server.
//!
//! Key schema (DESIGN.md): `pk = "<user>#<session>"`, `sk` = zero-padded turn number. The user part
//! always comes from the authenticated identity, so no client value can reach another user's turns.
//! Writes are conditional (`attribute_not_exists(sk)`), so a turn is never overwritten.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;
use frugal_middleware::{FrugalError, Source};
use serde::Serialize;

/// Width of the zero-padded turn number in `sk`.
const SK_WIDTH: usize = 10;
/// Most turns returned by one history read.
pub const MAX_LISTED_TURNS: usize = 1000;

/// One stored question and answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Turn {
    /// Turn number within the session (1-based).
    pub turn: u64,
    /// The user's message.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// Who answered.
    pub source: Source,
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Model id.
    pub model_id: String,
    /// Unix seconds.
    pub created_at: u64,
    /// Unique id of the write, so a retried write that already landed is recognised, not duplicated.
    #[serde(skip)]
    pub write_id: String,
}

/// Why a write failed.
#[derive(Debug)]
pub enum WriteError {
    /// Another writer already stored this turn number.
    Conflict,
    /// The store failed.
    Store(FrugalError),
}

/// Partition key of a session.
pub fn partition_key(user: &str, session: &str) -> String {
    format!("{user}#{session}")
}

fn sort_key(turn: u64) -> String {
    format!("{turn:0SK_WIDTH$}")
}

/// Unix seconds now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

type Sessions = HashMap<String, BTreeMap<u64, Turn>>;

/// In-process history (local server without DynamoDB).
#[derive(Clone, Debug, Default)]
pub struct MemoryHistory {
    sessions: Arc<Mutex<Sessions>>,
}

/// A DynamoDB table.
#[derive(Clone, Debug)]
pub struct DynamoHistory {
    /// Table name.
    pub table: String,
    /// TTL of stored turns.
    pub ttl: Duration,
}

impl MemoryHistory {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Sessions>, FrugalError> {
        self.sessions
            .lock()
            .map_err(|_| FrugalError::Internal("history lock poisoned".into()))
    }

    /// The last `n` turns, oldest first, and the highest turn number stored.
    pub fn recent(&self, pk: &str, n: usize) -> Result<(Vec<Turn>, u64), FrugalError> {
        let sessions = self.lock()?;
        let Some(turns) = sessions.get(pk) else {
            return Ok((Vec::new(), 0));
        };
        let last = turns.keys().next_back().copied().unwrap_or(0);
        let mut recent: Vec<Turn> = turns.values().rev().take(n).cloned().collect();
        recent.reverse();
        Ok((recent, last))
    }

    /// Stores a turn unless its number is taken.
    pub fn append(&self, pk: &str, turn: Turn) -> Result<(), WriteError> {
        let mut sessions = self.lock().map_err(WriteError::Store)?;
        let session = sessions.entry(pk.to_owned()).or_default();
        if let Some(existing) = session.get(&turn.turn) {
            return if existing.write_id == turn.write_id {
                Ok(())
            } else {
                Err(WriteError::Conflict)
            };
        }
        session.insert(turn.turn, turn);
        Ok(())
    }

    /// Every turn, oldest first.
    pub fn list(&self, pk: &str) -> Result<Vec<Turn>, FrugalError> {
        let sessions = self.lock()?;
        Ok(sessions
            .get(pk)
            .map(|t| t.values().take(MAX_LISTED_TURNS).cloned().collect())
            .unwrap_or_default())
    }
}

fn storage_error<E: ProvideErrorMetadata + std::fmt::Debug>(
    what: &str,
    error: &SdkError<E>,
) -> FrugalError {
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
    FrugalError::Storage(format!("{what}: {detail}"))
}

impl DynamoHistory {
    /// The last `n` turns, oldest first, and the highest turn number stored.
    pub async fn recent(
        &self,
        client: &aws_sdk_dynamodb::Client,
        pk: &str,
        n: usize,
    ) -> Result<(Vec<Turn>, u64), FrugalError> {
        let output = client
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
        Ok((turns, last))
    }

    /// Stores a turn unless its number is taken (conditional write).
    pub async fn append(
        &self,
        client: &aws_sdk_dynamodb::Client,
        pk: &str,
        turn: &Turn,
    ) -> Result<(), WriteError> {
        let expires_at = turn.created_at + self.ttl.as_secs();
        let result = client
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
            .condition_expression("attribute_not_exists(sk)")
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

    /// Every turn, oldest first (paginated reads, at most [`MAX_LISTED_TURNS`]).
    pub async fn list(
        &self,
        client: &aws_sdk_dynamodb::Client,
        pk: &str,
    ) -> Result<Vec<Turn>, FrugalError> {
        let mut turns = Vec::new();
        let mut start = None;
        loop {
            let output = client
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

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(n: u64) -> Turn {
        Turn {
            turn: n,
            question: format!("q{n}"),
            answer: format!("a{n}"),
            source: Source::Model,
            input_tokens: 1,
            output_tokens: 1,
            model_id: "m".into(),
            created_at: 0,
            write_id: format!("w{n}"),
        }
    }

    #[test]
    fn memory_history_never_overwrites_and_reads_newest_n() {
        let history = MemoryHistory::default();
        for n in 1..=5 {
            history.append("u#s", turn(n)).unwrap();
        }
        let mut other = turn(3);
        other.write_id = "another request".into();
        assert!(matches!(
            history.append("u#s", other),
            Err(WriteError::Conflict)
        ));
        // The same write again (a retry whose first attempt landed) is recognised, not duplicated.
        assert!(history.append("u#s", turn(3)).is_ok());
        assert_eq!(history.list("u#s").unwrap().len(), 5);
        let (recent, last) = history.recent("u#s", 2).unwrap();
        assert_eq!(last, 5);
        assert_eq!(recent.iter().map(|t| t.turn).collect::<Vec<_>>(), [4, 5]);
        assert!(history.list("other#s").unwrap().is_empty());
    }

    #[test]
    fn sort_keys_order_as_numbers() {
        assert!(sort_key(9) < sort_key(10));
        assert_eq!(sort_key(1).len(), SK_WIDTH);
    }
}
