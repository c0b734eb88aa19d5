//! History in this process (the local server without a table; benchmarks; demos).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::future::{self, BoxFuture, FutureExt};

use super::{History, Recent, Turn, WriteError, MAX_LISTED_TURNS};
use crate::error::ChatError;

type Sessions = HashMap<String, BTreeMap<u64, Turn>>;

/// In-process history; lost when the process ends.
#[derive(Clone, Debug, Default)]
pub struct MemoryHistory {
    sessions: Arc<Mutex<Sessions>>,
}

impl MemoryHistory {
    fn lock(&self) -> Result<MutexGuard<'_, Sessions>, ChatError> {
        self.sessions
            .lock()
            .map_err(|_| ChatError::Internal("history lock poisoned".into()))
    }

    fn recent_now(&self, pk: &str, n: usize) -> Result<Recent, ChatError> {
        let sessions = self.lock()?;
        let Some(turns) = sessions.get(pk) else {
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

    fn append_now(&self, pk: &str, turn: &Turn) -> Result<(), WriteError> {
        let mut sessions = self.lock().map_err(WriteError::Store)?;
        let session = sessions.entry(pk.to_owned()).or_default();
        if let Some(existing) = session.get(&turn.turn) {
            return if existing.write_id == turn.write_id {
                Ok(())
            } else {
                Err(WriteError::Conflict)
            };
        }
        session.insert(turn.turn, turn.clone());
        Ok(())
    }

    fn list_now(&self, pk: &str) -> Result<Vec<Turn>, ChatError> {
        let sessions = self.lock()?;
        Ok(sessions
            .get(pk)
            .map(|t| t.values().take(MAX_LISTED_TURNS).cloned().collect())
            .unwrap_or_default())
    }
}

impl History for MemoryHistory {
    fn recent<'a>(&'a self, pk: &'a str, n: usize) -> BoxFuture<'a, Result<Recent, ChatError>> {
        future::ready(self.recent_now(pk, n)).boxed()
    }

    fn append<'a>(&'a self, pk: &'a str, turn: &'a Turn) -> BoxFuture<'a, Result<(), WriteError>> {
        future::ready(self.append_now(pk, turn)).boxed()
    }

    fn list<'a>(&'a self, pk: &'a str) -> BoxFuture<'a, Result<Vec<Turn>, ChatError>> {
        future::ready(self.list_now(pk)).boxed()
    }
}
