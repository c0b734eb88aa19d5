//! The small-talk classifier: normalisation plus whole-message phrase cover.

use super::normalize::{is_unspaced_script, normalize};
use super::{Category, Classification, Lang};

// `LEXICON_TEXT`: every phrase and filler of `lexicon_templates.rs`, expanded and normalised by
// `build.rs`, sorted, back to back; `LEXICON`: (start, length) into it, category and language, in the
// same order, for binary search; `MAX_PHRASE_BYTES`: the longest. Offsets rather than `&str`s, so the
// table needs no relocation when the process loads. Nothing is built at run time.
include!(concat!(env!("OUT_DIR"), "/lexicon_table.rs"));

/// Longest message (in bytes, after normalisation) the classifier looks at. Small talk is short;
/// anything longer goes to the model without being scanned, which also bounds the work per request.
pub const MAX_SMALL_TALK_BYTES: usize = 256;

/// Recognises messages that are only greetings, thanks, goodbyes or "how are you".
///
/// A message is small talk when known phrases and filler words cover all of it, after normalisation
/// (Unicode compatibility folding, lower case, accents and apostrophes dropped, punctuation and emoji
/// treated as spaces). Anything left over, such as a question, keeps the message out. The phrase table
/// is generated at build time, so creating a classifier and the first classification cost no init work.
///
/// ```
/// use frugal_middleware::small_talk::{Category, Classifier};
///
/// let classifier = Classifier::new();
/// assert_eq!(classifier.classify("Hi there!").map(|c| c.category), Some(Category::Greeting));
/// assert_eq!(classifier.classify("¡Muchas gracias!").map(|c| c.category), Some(Category::Thanks));
/// assert!(classifier.classify("hi, how do I reset my password?").is_none());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Classifier {
    _private: (),
}

/// Number of phrases and fillers in the built-in table.
pub fn lexicon_size() -> usize {
    LEXICON.len()
}

/// The phrase at `start`, `len` bytes long, in `LEXICON_TEXT`.
fn text(start: u32, len: u16) -> &'static str {
    let start = start as usize;
    LEXICON_TEXT
        .get(start..start + usize::from(len))
        .unwrap_or("")
}

fn lookup(phrase: &str) -> Option<(Option<Category>, Lang)> {
    LEXICON
        .binary_search_by(|&(start, len, _, _)| text(start, len).cmp(phrase))
        .ok()
        .map(|i| (LEXICON[i].2, LEXICON[i].3))
}

impl Classifier {
    /// A classifier over the built-in lexicon.
    pub fn new() -> Self {
        Self::default()
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
        cover(&normalized)
    }
}

/// Finds a cover of the whole text by phrases, fillers and spaces: dynamic programming over byte
/// positions, keeping for each reachable position the strongest category of any cover reaching it
/// (goodbye > thanks > how-are-you > greeting) and the language of its first phrase.
fn cover(text: &str) -> Option<Classification> {
    let bytes = text.as_bytes();
    let n = bytes.len();
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
    for start in 0..n {
        let Some((category, lang)) = state[start] else {
            continue;
        };
        if bytes[start] == b' ' {
            relax(&mut state, start + 1, (category, lang));
            continue;
        }
        if !text.is_char_boundary(start) || !at_boundary(text, start, true) {
            continue;
        }
        let last = n.min(start + MAX_PHRASE_BYTES);
        for end in start + 1..=last {
            if !text.is_char_boundary(end) || !at_boundary(text, end, false) {
                continue;
            }
            if let Some((phrase_category, phrase_lang)) = lookup(&text[start..end]) {
                let next_category = category.max(phrase_category);
                let next_lang = lang.or(phrase_category.map(|_| phrase_lang));
                relax(&mut state, end, (next_category, next_lang));
            }
        }
    }
    let (category, lang) = state[n]?;
    Some(Classification {
        category: category?,
        lang: lang.unwrap_or(Lang::En),
    })
}

/// Whether a phrase may start (or end) at `pos`: at the text's edge, next to a space, or where the
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(LEXICON
            .windows(2)
            .all(|w| text(w[0].0, w[0].1) < text(w[1].0, w[1].1)));
        let bytes: usize = LEXICON.iter().map(|r| usize::from(r.1)).sum();
        assert_eq!(bytes, LEXICON_TEXT.len(), "every phrase once, nothing else");
        assert!(lexicon_size() > 1000);
    }

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
        use super::super::normalize::normalize_lexicon;
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
