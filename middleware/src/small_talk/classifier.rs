//! The small-talk classifier: normalisation plus whole-message phrase cover.

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;

use super::lexicon::{expand, FILLERS, PHRASES};
use super::{Category, Classification, Lang};

/// Longest message (in bytes) the classifier looks at. Small talk is short; anything longer goes to the
/// model without being scanned, which also bounds the work per request.
pub const MAX_SMALL_TALK_BYTES: usize = 256;

/// Recognises messages that are only greetings, thanks, goodbyes or "how are you".
///
/// A message is small talk when known phrases and filler words cover all of it, after normalisation
/// (Unicode NFKC, lower case, accents and apostrophes dropped, punctuation and emoji treated as spaces).
/// Anything left over, such as a question, keeps the message out. The patterns are compiled once per
/// process, on first use, and shared by every clone.
///
/// ```
/// use frugal_middleware::small_talk::{Category, Classifier};
///
/// let classifier = Classifier::new();
/// assert_eq!(classifier.classify("Hi there!").map(|c| c.category), Some(Category::Greeting));
/// assert_eq!(classifier.classify("¡Muchas gracias!").map(|c| c.category), Some(Category::Thanks));
/// assert!(classifier.classify("hi, how do I reset my password?").is_none());
/// ```
#[derive(Clone, Default)]
pub struct Classifier {
    _private: (),
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier").finish_non_exhaustive()
    }
}

#[derive(Clone, Copy)]
struct Entry {
    /// `None` for fillers.
    category: Option<Category>,
    lang: Lang,
}

struct Compiled {
    matcher: AhoCorasick,
    entries: Vec<Entry>,
}

fn compiled() -> &'static Arc<Compiled> {
    static COMPILED: OnceLock<Arc<Compiled>> = OnceLock::new();
    COMPILED.get_or_init(|| Arc::new(Compiled::build()))
}

impl Compiled {
    fn build() -> Self {
        let mut seen = std::collections::HashSet::new();
        let mut patterns = Vec::new();
        let mut entries = Vec::new();
        let phrases = PHRASES
            .iter()
            .map(|(category, lang, template)| (Some(*category), *lang, *template));
        let fillers = FILLERS
            .iter()
            .map(|(lang, template)| (None, *lang, *template));
        // Phrases first: where a text is both a phrase and a filler, the phrase wins.
        for (category, lang, template) in phrases.chain(fillers) {
            for phrase in expand(template) {
                let normalized = normalize_lexicon(&phrase);
                if normalized.is_empty() || !seen.insert(normalized.clone()) {
                    continue;
                }
                patterns.push(normalized);
                entries.push(Entry { category, lang });
            }
        }
        // Overlapping search needs the standard match semantics; the cover below tries every match.
        // The noncontiguous NFA builds several times faster than the DFA forms; messages are at most
        // 256 bytes, so its slower scan costs little, while build time is paid on a cold start.
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .prefilter(false)
            .build(&patterns)
            // The patterns are compile-time constants; building them cannot fail for valid input, and
            // a failure here would be a bug in the lexicon caught by the unit tests.
            .unwrap_or_else(|_| {
                AhoCorasick::new(Vec::<String>::new()).unwrap_or_else(|_| unreachable!())
            });
        Self { matcher, entries }
    }
}

/// Builds the pattern matcher from scratch and returns its pattern count (for the init bench; the
/// classifier itself compiles once per process).
#[doc(hidden)]
pub fn compile_for_bench() -> usize {
    Compiled::build().entries.len()
}

impl Classifier {
    /// A classifier over the built-in lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// Compiles the patterns now instead of on the first message (a few milliseconds).
    pub fn warm_up(&self) {
        let _ = compiled();
    }

    /// Classifies one message; `None` when it is not (only) small talk.
    pub fn classify(&self, text: &str) -> Option<Classification> {
        if text.len() > MAX_SMALL_TALK_BYTES * 4 {
            return None;
        }
        let normalized = normalize(text);
        if normalized.is_empty() || normalized.len() > MAX_SMALL_TALK_BYTES {
            return None;
        }
        cover(compiled(), &normalized)
    }
}

/// Finds a cover of the whole text by phrases, fillers and spaces: dynamic programming over byte
/// positions, keeping for each reachable position the strongest category of any cover reaching it
/// (goodbye > thanks > how-are-you > greeting) and the language of its first phrase.
fn cover(compiled: &Compiled, text: &str) -> Option<Classification> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut starts: Vec<Vec<(usize, Entry)>> = vec![Vec::new(); n + 1];
    for m in compiled.matcher.find_overlapping_iter(text) {
        if at_boundary(text, m.start(), true) && at_boundary(text, m.end(), false) {
            starts[m.start()].push((m.end(), compiled.entries[m.pattern().as_usize()]));
        }
    }
    // state[i]: None = [0, i) cannot be covered; Some((category, lang)) otherwise.
    type State = Option<(Option<Category>, Option<Lang>)>;
    let mut state: Vec<State> = vec![None; n + 1];
    state[0] = Some((None, None));
    let relax =
        |state: &mut Vec<State>, end: usize, candidate: (Option<Category>, Option<Lang>)| {
            if state[end].is_none_or(|(old, _)| candidate.0 > old) {
                state[end] = Some(candidate);
            }
        };
    for i in 0..n {
        let Some((category, lang)) = state[i] else {
            continue;
        };
        if bytes[i] == b' ' {
            relax(&mut state, i + 1, (category, lang));
        }
        for &(end, entry) in &starts[i] {
            let next_category = category.max(entry.category);
            let next_lang = lang.or(entry.category.map(|_| entry.lang));
            relax(&mut state, end, (next_category, next_lang));
        }
    }
    let (category, lang) = state[n]?;
    Some(Classification {
        category: category?,
        lang: lang.unwrap_or(Lang::En),
    })
}

/// Whether a match may start (or end) at `pos`: at the text's edge, next to a space, or where the
/// neighbouring character is from a script written without spaces.
fn at_boundary(text: &str, pos: usize, start: bool) -> bool {
    if pos == 0 || pos == text.len() {
        return true;
    }
    let (before, after) = (text[..pos].chars().next_back(), text[pos..].chars().next());
    match (before, after) {
        (Some(b), Some(a)) => {
            let outside = if start { b } else { a };
            let inside = if start { a } else { b };
            outside == ' ' || is_unspaced_script(inside) || is_unspaced_script(outside)
        }
        _ => true,
    }
}

/// Chinese, Japanese and Thai are written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x0E00..=0x0E7F // Thai
    )
}

/// Treated as a space: whitespace, punctuation, symbols and emoji of the common blocks.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c.is_ascii_punctuation()
        || matches!(c as u32,
            0x00A1..=0x00BF     // Latin-1 punctuation and symbols (¡ ¿ « » …)
            | 0x00D7 | 0x00F7
            | 0x0589 | 0x05BE   // Armenian / Hebrew punctuation
            | 0x060C | 0x061B | 0x061F | 0x06D4 // Arabic comma, semicolon, question mark, full stop
            | 0x0964 | 0x0965   // Devanagari danda
            | 0x2000..=0x2BFF   // general punctuation, arrows, math, technical, dingbats, misc symbols
            | 0x3000..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F // CJK punctuation
            | 0x30FB            // katakana middle dot
            | 0xFE10..=0xFE6F   // vertical and small forms
            | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
            | 0x1F000..=0x1FAFF // emoji and pictographs
            | 0xFE0F            // emoji variation selector
        )
}

/// Marks dropped after decomposition: Latin accents and Arabic short vowels.
fn is_dropped_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670)
}

/// Normalises text for matching: compatibility folding, lower case, accents and apostrophes dropped,
/// every run of separators one space, a letter repeated three or more times kept once ("hiii" → "hi").
pub fn normalize(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    let mut pending_space = false;
    let folded = text
        .nfkd()
        .filter(|c| !is_dropped_mark(*c))
        .nfc()
        .flat_map(char::to_lowercase);
    for c in folded {
        let c = match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            other => other,
        };
        if matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ') {
            continue;
        }
        if is_separator(c) {
            pending_space = !spaced.is_empty();
            continue;
        }
        if pending_space {
            spaced.push(' ');
            pending_space = false;
        }
        spaced.push(c);
    }
    collapse_repeats(&spaced)
}

/// Lexicon phrases are mostly plain ASCII already in normal form; only the others need the full
/// Unicode treatment (which dominates the build time otherwise).
fn normalize_lexicon(phrase: &str) -> String {
    if phrase.bytes().all(|b| b.is_ascii_lowercase() || b == b' ') {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let joined = words.join(" ");
        if !joined
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2])
        {
            return joined;
        }
    }
    normalize(phrase)
}

fn collapse_repeats(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i + 1;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && c.is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_accents_punctuation_and_repeats() {
        assert_eq!(normalize("  ¡Hola, Cómo ESTÁS?!  "), "hola como estas");
        assert_eq!(normalize("What's up???"), "whats up");
        assert_eq!(normalize("hiiii 👋"), "hi");
        assert_eq!(normalize("good"), "good");
        assert_eq!(normalize("bye-bye"), "bye bye");
        assert_eq!(normalize("谢谢！"), "谢谢");
    }

    #[test]
    fn ascii_fast_path_matches_full_normalization() {
        for phrase in ["hello  there", " good morning ", "hiii", "thanks a lot"] {
            assert_eq!(normalize_lexicon(phrase), normalize(phrase));
        }
    }

    #[test]
    fn cjk_phrases_need_no_spaces_but_must_cover_everything() {
        let c = Classifier::new();
        assert!(c.classify("你好，谢谢").is_some());
        assert!(c.classify("谢谢你帮我写代码").is_none());
        assert!(c.classify("ありがとうございます！").is_some());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn classification_never_panics_on_any_utf8(text in proptest::prelude::any::<String>()) {
            let classifier = Classifier::new();
            let _ = classifier.classify(&text);
            let normalized = normalize(&text);
            proptest::prop_assert!(!normalized.starts_with(' ') && !normalized.ends_with(' '));
        }

        #[test]
        fn a_greeting_followed_by_a_request_is_never_small_talk(
            greeting in proptest::sample::select(vec!["hi", "hello", "thanks", "bye", "hola", "merci", "你好"]),
            request in "[a-z]{4,10} (my|the|a) [a-z]{4,10} (order|invoice|password|account)",
        ) {
            let text = format!("{greeting}, {request}?");
            proptest::prop_assert!(Classifier::new().classify(&text).is_none(), "{}", text);
        }
    }

    #[test]
    fn latin_phrases_respect_word_boundaries() {
        let c = Classifier::new();
        assert!(c.classify("history").is_none());
        assert!(c.classify("hithere").is_none());
        assert!(
            c.classify("ok").is_none(),
            "a filler alone is not small talk"
        );
    }
}
