//! Expands and normalises the small-talk lexicon once, at build time, into a finite-state transducer
//! (an `fst::Map`) embedded in the binary, so the classifier has no init cost (it runs on the
//! cold-start path of a greeting) and walks each message through the automaton in one pass.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Greeting,
    HowAreYou,
    Thanks,
    Goodbye,
}

macro_rules! for_each_lang {
    ($($variant:ident $code:literal $name:literal,)*) => {
        #[derive(Clone, Copy, Debug)]
        enum Lang { $($variant,)* }
    };
}
include!("src/small_talk/langs.rs");

include!("src/small_talk/lexicon_templates.rs");
include!("src/small_talk/lexicon_more.rs");
include!("src/small_talk/lexicon_round2.rs");
include!("src/small_talk/lexicon_round3.rs");
include!("src/small_talk/lexicon_round4.rs");
include!("src/small_talk/lexicon_round5.rs");
include!("src/small_talk/lexicon_round6.rs");
include!("src/small_talk/lexicon_round7.rs");
include!("src/small_talk/lexicon_round8.rs");
include!("src/small_talk/lexicon_round9.rs");
include!("src/small_talk/lexicon_round10.rs");
include!("src/small_talk/lexicon_round11.rs");
include!("src/small_talk/lexicon_round12.rs");
include!("src/small_talk/expand.rs");
include!("src/small_talk/value.rs");
include!("src/small_talk/normalize.rs");
include!("src/small_talk/typos.rs");
include!("src/small_talk/bloom.rs");
include!("src/small_talk/gap_filter.rs");

fn main() {
    for file in [
        "src/small_talk/lexicon_templates.rs",
        "src/small_talk/lexicon_more.rs",
        "src/small_talk/lexicon_round2.rs",
        "src/small_talk/lexicon_round3.rs",
        "src/small_talk/lexicon_round4.rs",
        "src/small_talk/lexicon_round5.rs",
        "src/small_talk/lexicon_round6.rs",
        "src/small_talk/lexicon_round7.rs",
        "src/small_talk/lexicon_round8.rs",
        "src/small_talk/lexicon_round9.rs",
        "src/small_talk/lexicon_round10.rs",
        "src/small_talk/lexicon_round11.rs",
        "src/small_talk/lexicon_round12.rs",
        "src/small_talk/bloom.rs",
        "src/small_talk/english_words.txt",
        "src/small_talk/langs.rs",
        "src/small_talk/expand.rs",
        "src/small_talk/value.rs",
        "src/small_talk/normalize.rs",
        "src/small_talk/typos.rs",
        "src/small_talk/gap_filter.rs",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={file}");
    }

    // Phrases first: where a text is both a phrase and a filler, the phrase wins; then the first
    // language to list it (the original 15, their additions, round 2, the newer languages, round 3, rounds 4 to 12 (English)).
    let phrases = PHRASES
        .iter()
        .chain(ADDED_PHRASES)
        .chain(ROUND2_PHRASES)
        .chain(NEW_PHRASES)
        .chain(ROUND3_PHRASES)
        .chain(ROUND4_PHRASES)
        .chain(ROUND5_PHRASES)
        .chain(ROUND6_PHRASES)
        .chain(ROUND7_PHRASES)
        .chain(ROUND8_PHRASES)
        .chain(ROUND9_PHRASES)
        .chain(ROUND10_PHRASES)
        .chain(ROUND11_PHRASES)
        .chain(ROUND12_PHRASES)
        .map(|(c, l, t)| (Some(*c), *l, *t));
    let fillers = FILLERS
        .iter()
        .chain(ADDED_FILLERS)
        .chain(NEW_FILLERS)
        .chain(ROUND2_FILLERS)
        .chain(ROUND3_FILLERS)
        .chain(ROUND4_FILLERS)
        .chain(ROUND5_FILLERS)
        .chain(ROUND6_FILLERS)
        .chain(ROUND7_FILLERS)
        .chain(ROUND8_FILLERS)
        .chain(ROUND9_FILLERS)
        .chain(ROUND10_FILLERS)
        .chain(ROUND11_FILLERS)
        .chain(ROUND12_FILLERS)
        .map(|(l, t)| (None, *l, *t));
    let mut table: BTreeMap<String, u64> = BTreeMap::new();
    for (category, lang, template) in phrases.chain(fillers) {
        for phrase in expand(template) {
            let normalized = normalize_lexicon(&phrase);
            if !normalized.is_empty() {
                table
                    .entry(normalized)
                    .or_insert_with(|| encode(category, lang));
            }
        }
    }
    // Every word of a Latin-script phrase, for the classifier's one-typo correction.
    let words: BTreeSet<&str> = table
        .keys()
        .flat_map(|phrase| phrase.split(' '))
        .filter(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();

    let max = table.keys().map(String::len).max().unwrap_or(0);
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let lexicon = fst::Map::from_iter(table.iter().map(|(k, v)| (k.as_bytes(), *v)))
        .unwrap_or_else(|e| panic!("building the lexicon automaton: {e}"));
    let vocabulary = fst::Set::from_iter(words.iter())
        .unwrap_or_else(|e| panic!("building the vocabulary automaton: {e}"));
    write(&out_dir.join("lexicon.fst"), lexicon.as_fst().as_bytes());
    write(
        &out_dir.join("vocabulary.fst"),
        vocabulary.as_fst().as_bytes(),
    );
    // Prefixes of one to three letters and the two letters after a gap, for the typo walk.
    let mut gap_filter = vec![0u8; GAP_FILTER_BYTES];
    for word in &words {
        let word = word.as_bytes();
        for depth in 1..=GAP_FILTER_DEPTH {
            if let Some(&[a, b]) = word.get(depth + 1..depth + 3) {
                for bit in gap_filter_bits(&word[..depth], [a, b]) {
                    gap_filter[bit / 8] |= 1 << (bit % 8);
                }
            }
        }
    }
    write(&out_dir.join("gap_filter.bin"), &gap_filter);
    let mut rust = format!(
        "/// Longest phrase in bytes.\nconst MAX_PHRASE_BYTES: usize = {max};\n\
         /// Number of phrases and fillers.\nconst LEXICON_LEN: usize = {};\n",
        table.len()
    );
    // Keyboard slips of common English small-talk words (see `typos.rs`): an automaton from slip
    // to the position of its word in `SLIP_TARGETS`. Slips of the twelfth round are left out where
    // they are English words or words of a phrase.
    let english = english_words();
    let is_word = |w: &str| english.contains(w) || words.contains(w);
    let targets: Vec<&str> = slip_words().collect();
    let slips = fst::Map::from_iter(slip_table(is_word).iter().map(|(slip, word)| {
        let at = targets.iter().position(|t| t == word).unwrap_or(0);
        (slip.as_bytes(), at as u64)
    }))
    .unwrap_or_else(|e| panic!("building the slip automaton: {e}"));
    write(&out_dir.join("slips.fst"), slips.as_fst().as_bytes());
    rust.push_str(&format!(
        "/// Number of keyboard slips read.\n#[cfg(test)]\nconst SLIPS_LEN: usize = {};\n",
        slips.len()
    ));
    rust.push_str("/// The words keyboard slips stand for, by their position in `slips.fst`.\n");
    rust.push_str("static SLIP_TARGETS: &[&str] = &[\n");
    for word in &targets {
        rust.push_str(&format!("    {word:?},\n"));
    }
    rust.push_str("];\n");
    rust.push_str("/// Real words typed for a small-talk word, sorted (see `typos.rs`).\n");
    rust.push_str("static REAL_WORD_SLIPS: &[(&str, &str)] = &[\n");
    for (typed, word) in REAL_WORD_SLIPS {
        rust.push_str(&format!("    ({typed:?}, {word:?}),\n"));
    }
    rust.push_str("];\n");
    rust.push_str("/// Chat spellings and the words they stand for, sorted (see `typos.rs`).\n");
    rust.push_str("static CHAT_SPELLINGS: &[(&str, &str)] = &[\n");
    for (typed, word) in CHAT_SPELLINGS {
        rust.push_str(&format!("    ({typed:?}, {word:?}),\n"));
    }
    rust.push_str("];\n");
    write(&out_dir.join("lexicon_table.rs"), rust.as_bytes());
    write(&out_dir.join("english_words.bloom"), &english_bloom());
}

/// The words of `english_words.txt`: three to eight lower-case ASCII letters.
fn english_words() -> BTreeSet<String> {
    let text = std::fs::read_to_string("src/small_talk/english_words.txt")
        .unwrap_or_else(|e| panic!("reading src/small_talk/english_words.txt: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|w| !w.starts_with('#'))
        .filter(|w| (ENGLISH_WORD_MIN..=ENGLISH_WORD_MAX).contains(&w.len()))
        .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// The Bloom filter of `english_words.txt` (see `bloom.rs`): each word of three to eight letters,
/// shortest first, unless an ending folds it into a word already stored.
fn english_bloom() -> Vec<u8> {
    let english = english_words();
    let mut words: Vec<&str> = english.iter().map(String::as_str).collect();
    words.sort_by_key(|w| (w.len(), *w));
    let mut stored: BTreeSet<Vec<u8>> = BTreeSet::new();
    let mut buffer = [0u8; ENGLISH_WORD_MAX];
    for word in words {
        if !english_folds(word.as_bytes(), &mut buffer, |stem| stored.contains(stem)) {
            stored.insert(word.as_bytes().to_vec());
        }
    }
    let mut bloom = vec![0u8; ENGLISH_BLOOM_BYTES];
    for word in &stored {
        for bit in english_bloom_bits(word) {
            bloom[bit / 8] |= 1 << (bit % 8);
        }
    }
    bloom
}

fn write(path: &std::path::Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("writing {}: {e}", path.display());
    }
}
