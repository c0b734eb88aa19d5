// The value the lexicon automaton stores for a phrase; included by `build.rs`, which writes the
// automaton, and by the classifier, which reads it, so the two cannot drift apart.

/// `category << 8 | language`: category 0 for a filler, else its position + 1; the language's
/// position in `langs.rs` (the order of the `Lang` enum in both places).
#[allow(dead_code)]
pub(crate) fn encode(category: Option<Category>, lang: Lang) -> u64 {
    let category = category.map_or(0, |c| c as u64 + 1);
    category << 8 | lang as u64
}
