//! Conversation history behind one [`History`] trait: [`DynamoHistory`] in production,
//! [`MemoryHistory`] for the local server, benchmarks and demos.
//!
//! Key schema (DESIGN.md): `pk = "<user>#<session>"`, `sk` = zero-padded turn number. The user part
//! always comes from the authenticated identity, so no client value can reach another user's turns.
//! Writes never overwrite a turn: a write whose number is taken by another write fails with
//! [`WriteError::Conflict`] and the caller moves to the next number, while the same write again (same
//! `write_id`) succeeds without a second copy. One behavioural suite (`tests/tests/history.rs`) runs
//! against both stores, the DynamoDB one on the emulator.

mod dynamodb;
mod memory;

use std::time::{SystemTime, UNIX_EPOCH};

use frugal_middleware::Source;
use futures_util::future::BoxFuture;
use serde::Serialize;

pub use dynamodb::DynamoHistory;
pub use memory::MemoryHistory;

use crate::error::ChatError;

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

/// How long an idempotency key is remembered: a retry within this window gets the stored reply.
pub const IDEMPOTENCY_WINDOW_SECS: u64 = 24 * 3600;

/// An idempotency key to store with a turn: `user`'s `key` names this turn of `session_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRecord {
    /// The authenticated user (keys are scoped by user).
    pub user: String,
    /// The client's `Idempotency-Key`.
    pub key: String,
    /// The session the turn belongs to.
    pub session_id: String,
}

/// A turn found through its idempotency key.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// The session of the turn.
    pub session_id: String,
    /// The stored turn.
    pub turn: Turn,
}

/// Why a write failed.
#[derive(Debug)]
pub enum WriteError {
    /// Another writer already stored this turn number.
    Conflict,
    /// Another write already stored this idempotency key (within its window).
    KeyTaken,
    /// The store failed.
    Store(ChatError),
}

/// The last turns of a session, for the model's context.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recent {
    /// Up to the requested number of turns, oldest first.
    pub turns: Vec<Turn>,
    /// The highest turn number stored (0 for a new session).
    pub last: u64,
}

/// Where the turns of conversations are kept.
pub trait History: Send + Sync + std::fmt::Debug {
    /// The last `n` turns of partition `pk`, oldest first, and the highest turn number stored.
    fn recent<'a>(&'a self, pk: &'a str, n: usize) -> BoxFuture<'a, Result<Recent, ChatError>>;

    /// Stores `turn` unless its number is taken by another write; the same write again (same
    /// `write_id`, e.g. a retry whose first attempt landed) succeeds without storing a second copy.
    /// With a `key`, the key is stored in the same atomic write, for [`IDEMPOTENCY_WINDOW_SECS`], unless
    /// another write holds it ([`WriteError::KeyTaken`]).
    fn append<'a>(
        &'a self,
        pk: &'a str,
        turn: &'a Turn,
        key: Option<&'a KeyRecord>,
    ) -> BoxFuture<'a, Result<(), WriteError>>;

    /// The turn `user` stored under idempotency `key`, if the key is known and within its window.
    fn find_key<'a>(
        &'a self,
        user: &'a str,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Replay>, ChatError>>;

    /// Every turn of `pk`, oldest first (at most [`MAX_LISTED_TURNS`]).
    fn list<'a>(&'a self, pk: &'a str) -> BoxFuture<'a, Result<Vec<Turn>, ChatError>>;

    /// Readies the store for its first call (the DynamoDB store builds its client), so that the work
    /// can run while the caller waits for something else — the model's answer — instead of after it.
    /// Nothing by default.
    fn prepare(&self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// Partition key of a user's idempotency keys: `!` is not allowed in session ids, so it can never be
/// a session's partition.
fn key_partition(user: &str) -> String {
    format!("{user}#!idempotency")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_as_numbers() {
        assert!(sort_key(9) < sort_key(10));
        assert_eq!(sort_key(1).len(), SK_WIDTH);
    }
}
