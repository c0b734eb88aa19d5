//! Cache keys.

use unicode_normalization::UnicodeNormalization;

/// Whose answers a cached entry may serve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Only the caller who asked (the default).
    #[default]
    PerUser,
    /// Every caller. Only for prompts with no personal context; opt-in.
    Shared,
}

/// The key of one cached answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// The caller's identity, or `None` for the shared scope.
    pub scope: Option<String>,
    /// Model id.
    pub model_id: std::sync::Arc<str>,
    /// A hash of the system prompt (the text itself can be long).
    pub system_prompt_hash: u64,
    /// The normalised prompt.
    pub prompt: String,
}

impl CacheKey {
    /// Bytes the key takes, for the weigher.
    pub fn weight(&self) -> usize {
        self.scope.as_ref().map_or(0, String::len) + self.model_id.len() + self.prompt.len() + 48
    }
}

/// Hashes a system prompt for the key: the first 8 bytes of its SHA-256, the same in every process
/// and release (the shared cache's keys depend on it).
#[cfg(feature = "cache")]
pub(crate) fn hash_text(text: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Normalises a prompt for the cache key: Unicode NFKC, lower case, runs of whitespace as one space,
/// trailing spaces and sentence punctuation removed. Inner punctuation stays ("C++" is not "C").
///
/// ```
/// use frugal_middleware::cache::normalize_prompt;
/// assert_eq!(normalize_prompt("  What is   Rust?? "), "what is rust");
/// assert_eq!(normalize_prompt("what is rust"), "what is rust");
/// assert_ne!(normalize_prompt("C++?"), normalize_prompt("C?"));
/// ```
pub fn normalize_prompt(prompt: &str) -> String {
    let mut out = String::with_capacity(prompt.len());
    for word in prompt
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches(['?', '!', '.', '。', '？', '！', '؟', ' ']);
    out.truncate(trimmed.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn normalization_is_idempotent_and_never_panics(text in any::<String>()) {
            let once = normalize_prompt(&text);
            prop_assert_eq!(normalize_prompt(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
        }

        #[test]
        fn case_and_spacing_do_not_matter(words in prop::collection::vec("[a-z]{1,8}", 1..6)) {
            let plain = words.join(" ");
            let noisy = format!("  {}  ?", words.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>().join("   "));
            prop_assert_eq!(normalize_prompt(&plain), normalize_prompt(&noisy));
        }
    }
}
