//! History in this process (the local server without a table; benchmarks; demos).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::future::{self, BoxFuture, FutureExt};

use super::{
    now_secs, partition_key, History, KeyRecord, Recent, Replay, Turn, WriteError,
    IDEMPOTENCY_WINDOW_SECS, MAX_LISTED_TURNS,
};
use crate::error::ChatError;

#[derive(Debug, Default)]
struct Store {
    sessions: HashMap<String, BTreeMap<u64, Turn>>,
    /// (user, key) → the turn it names.
    keys: HashMap<(String, String), StoredKey>,
}

#[derive(Clone, Debug)]
struct StoredKey {
    session_id: String,
    turn: u64,
    write_id: String,
    expires_at: u64,
}

/// In-process history; lost when the process ends.
#[derive(Clone, Debug, Default)]
pub struct MemoryHistory {
    store: Arc<Mutex<Store>>,
}

impl MemoryHistory {
    fn lock(&self) -> Result<MutexGuard<'_, Store>, ChatError> {
        self.store
            .lock()
            .map_err(|_| ChatError::Internal("history lock poisoned".into()))
    }

    fn recent_now(&self, pk: &str, n: usize) -> Result<Recent, ChatError> {
        let store = self.lock()?;
        let Some(turns) = store.sessions.get(pk) else {
            return Ok(Recent::default());
        };
        let last = turns.keys().next_back().copied().unwrap_or(0);
        let mut recent: Vec<Turn> = turns.values().rev().take(n).cloned().collect();
        recent.reverse();
        Ok(Recent {
            turns: recent,
            last,
        })
    }

    fn append_now(&self, pk: &str, turn: &Turn, key: Option<&KeyRecord>) -> Result<(), WriteError> {
        let mut store = self.lock().map_err(WriteError::Store)?;
        let now = now_secs();
        let same_turn = match store.sessions.get(pk).and_then(|s| s.get(&turn.turn)) {
            Some(existing) if existing.write_id == turn.write_id => true,
            Some(_) => return Err(WriteError::Conflict),
            None => false,
        };
        if let Some(record) = key {
            let slot = (record.user.clone(), record.key.clone());
            if let Some(held) = store.keys.get(&slot) {
                if held.write_id != turn.write_id && held.expires_at >= now {
                    return Err(WriteError::KeyTaken);
                }
            }
            store.keys.insert(
                slot,
                StoredKey {
                    session_id: record.session_id.clone(),
                    turn: turn.turn,
                    write_id: turn.write_id.clone(),
                    expires_at: now + IDEMPOTENCY_WINDOW_SECS,
                },
            );
        }
        if !same_turn {
            store
                .sessions
                .entry(pk.to_owned())
                .or_default()
                .insert(turn.turn, turn.clone());
        }
        Ok(())
    }

    fn find_key_now(&self, user: &str, key: &str) -> Result<Option<Replay>, ChatError> {
        let store = self.lock()?;
        let Some(held) = store.keys.get(&(user.to_owned(), key.to_owned())) else {
            return Ok(None);
        };
        if held.expires_at < now_secs() {
            return Ok(None);
        }
        Ok(store
            .sessions
            .get(&partition_key(user, &held.session_id))
            .and_then(|turns| turns.get(&held.turn))
            .map(|turn| Replay {
                session_id: held.session_id.clone(),
                turn: turn.clone(),
            }))
    }

    fn list_now(&self, pk: &str) -> Result<Vec<Turn>, ChatError> {
        let store = self.lock()?;
        Ok(store
            .sessions
            .get(pk)
            .map(|t| t.values().take(MAX_LISTED_TURNS).cloned().collect())
            .unwrap_or_default())
    }
}

impl History for MemoryHistory {
    fn recent<'a>(&'a self, pk: &'a str, n: usize) -> BoxFuture<'a, Result<Recent, ChatError>> {
        future::ready(self.recent_now(pk, n)).boxed()
    }

    fn append<'a>(
        &'a self,
        pk: &'a str,
        turn: &'a Turn,
        key: Option<&'a KeyRecord>,
    ) -> BoxFuture<'a, Result<(), WriteError>> {
        future::ready(self.append_now(pk, turn, key)).boxed()
    }

    fn find_key<'a>(
        &'a self,
        user: &'a str,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Replay>, ChatError>> {
        future::ready(self.find_key_now(user, key)).boxed()
    }

    fn list<'a>(&'a self, pk: &'a str) -> BoxFuture<'a, Result<Vec<Turn>, ChatError>> {
        future::ready(self.list_now(pk)).boxed()
    }
}
