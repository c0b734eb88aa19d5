//! The second level of the response cache: one store shared by every execution environment.
//!
//! Lambda runs one request per environment, so at a few hundred concurrent environments a repeated
//! question rarely meets the environment whose in-process (L1) cache holds its answer. A
//! [`SharedCache`] (for example a DynamoDB table, `frugal-chat`'s `FRUGAL_CACHE_TABLE`) sits behind
//! the L1: read on an L1 miss (first turns only), copied into the L1 on a hit, written after a
//! successful model answer. Its failures are misses, never failed requests.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::key::CacheKey;

/// A boxed future, as the trait's methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An answer as the shared cache keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedAnswer {
    /// The answer text.
    pub reply: String,
    /// When it was written, seconds since the Unix epoch.
    pub created_at: u64,
    /// When it stops being served, seconds since the Unix epoch (stores delete lazily: check it).
    pub expires_at: u64,
}

/// Why a shared-cache call failed (logged and counted; the request goes on as a miss).
#[derive(Debug, thiserror::Error)]
#[error("shared cache: {0}")]
pub struct SharedCacheError(pub String);

/// A cache shared by every execution environment. Keys are [`CacheKey::shared_id`]s: a hash of the
/// scope, model, system prompt and normalised prompt, so no prompt text or user id is stored in the
/// key.
pub trait SharedCache: Send + Sync + std::fmt::Debug {
    /// The answer stored under `key`, if any.
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<SharedAnswer>, SharedCacheError>>;

    /// Stores `answer` under `key`.
    fn put<'a>(
        &'a self,
        key: &'a str,
        answer: SharedAnswer,
    ) -> BoxFuture<'a, Result<(), SharedCacheError>>;
}

/// Which level of the cache answered; in the response extensions of a cache hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheLevel {
    /// This process's in-memory cache.
    L1,
    /// The shared cache.
    L2,
}

/// The shared cache failed while this request read it (it went on as a miss); in the response
/// extensions, for the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedCacheFailed;

static FAILURES: AtomicU64 = AtomicU64::new(0);

/// Shared-cache calls that failed in this process so far (reads and writes).
pub fn shared_cache_failures() -> u64 {
    FAILURES.load(Ordering::Relaxed)
}

pub(crate) fn count_failure(error: &SharedCacheError) {
    FAILURES.fetch_add(1, Ordering::Relaxed);
    tracing::warn!(%error, "shared cache call failed; served as a miss");
}

/// Default largest reply written to the shared cache (64 KiB, well under DynamoDB's 400 KB item).
pub const DEFAULT_MAX_SHARED_REPLY_BYTES: usize = 64 * 1024;

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub(crate) fn entry(reply: &str, ttl: Duration) -> SharedAnswer {
    let now = now_secs();
    SharedAnswer {
        reply: reply.to_owned(),
        created_at: now,
        expires_at: now.saturating_add(ttl.as_secs().max(1)),
    }
}

impl CacheKey {
    /// A stable id of this key for a store shared across processes and releases: hex SHA-256 of the
    /// scope, model, system prompt hash and normalised prompt.
    pub fn shared_id(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.scope.as_deref().unwrap_or("\u{0}shared"),
            &self.model_id,
            &self.system_prompt_hash.to_string(),
            &self.prompt,
        ] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
