//! The small-talk classifier: normalisation plus whole-message phrase cover.

use std::sync::Arc;

use fst::raw::Fst;

use super::edits;
use super::english::is_english;
use super::frames;
use super::names::NAMES;
use super::normalize::{is_unspaced_script, normalize, strip_emoticons};
use super::{Category, Classification, Lang};

// `MAX_PHRASE_BYTES` and `LEXICON_LEN`, written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/lexicon_table.rs"));

/// Every phrase and filler of the built-in templates, expanded and normalised by `build.rs`, as a
/// finite-state transducer from phrase to `category << 8 | language` (category 0 for a filler).
static LEXICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"));

/// Every ASCII word of those phrases, for the one-typo correction.
static VOCABULARY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/vocabulary.fst"));

/// Longest message (in bytes, after normalisation) the classifier looks at. Small talk is short;
/// anything longer goes to the model without being scanned, which also bounds the work per request.
pub const MAX_SMALL_TALK_BYTES: usize = 256;

/// Messages with more words than this are not repaired by a walk for typos or a slipped space: small
/// talk is short. The repairs that only look words up in tables (keyboard slips, real-word slips,
/// chat spellings) go up to [`MAX_NAME_WORDS`].
const MAX_REPAIR_WORDS: usize = 5;

/// Messages with more words than this are not repaired for a name ("thank you Alex, that was
/// great" has six).
const MAX_NAME_WORDS: usize = 9;

/// Words of degree that may stand before a word of a phrase without changing what it says
/// ([`Classifier::unintensified`]).
const INTENSIFIERS: &[&str] = &[
    "very",
    "really",
    "truly",
    "super",
    "most",
    "extremely",
    "incredibly",
    "awfully",
    "exceptionally",
    "especially",
    "particularly",
    "terribly",
    "immensely",
];

/// Messages with more words than this are not read as a frame around small talk ("I just wanted to
/// let you know how much I appreciate all your help" has thirteen).
const MAX_FRAMED_WORDS: usize = 16;

/// Question marks of the scripts the lexicon covers.
const QUESTION_MARKS: [char; 4] = ['?', '？', '¿', '؟'];

/// Words no phrase holds that a repair of a message longer than [`MAX_REPAIR_WORDS`] can account
/// for: a name of two words, a title and "from" (shorter messages may have every word read as a chat
/// spelling).
const MAX_UNCOVERABLE: usize = 4;

/// Unknown words a message may have and still be read with typos corrected.
const MAX_TYPOS: usize = 2;

/// A word with more known neighbours than this is not corrected.
const MAX_CANDIDATES: usize = 6;

/// Recognises messages that are only greetings, thanks, goodbyes or "how are you".
///
/// A message is small talk when known phrases and filler words cover all of it, after normalisation
/// (Unicode compatibility folding, lower case, accents and apostrophes dropped, punctuation and emoji
/// treated as spaces). Anything left over, such as a question, keeps the message out. Repairs are
/// tried on a short message that a word keeps out: that word is a name ("Thanks Maria!", "thanks
/// mike"; in a question only after "how are you"), a keyboard slip of a common English small-talk
/// word ("se you later"), or one typing error away from known words that all make it the same kind
/// of small talk ("thnaks"). A first-person frame around small talk is small talk ("just wanted to
/// say thanks", "I was wondering how you are"; see `frames.rs`). A wave or folded hands alone ("👋",
/// "🙏") is small talk too. The phrase table is generated at build time, so creating a classifier and
/// the first classification cost no init work.
///
/// ```
/// use frugal_middleware::small_talk::{Category, Classifier};
///
/// let classifier = Classifier::new();
/// assert_eq!(classifier.classify("Hi there!").map(|c| c.category), Some(Category::Greeting));
/// assert_eq!(classifier.classify("¡Muchas gracias!").map(|c| c.category), Some(Category::Thanks));
/// assert_eq!(classifier.classify("Thanks Maria!").map(|c| c.category), Some(Category::Thanks));
/// assert!(classifier.classify("hi, how do I reset my password?").is_none());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Classifier {
    extra: Option<Arc<Extra>>,
}

/// Operator phrases and fillers, compiled the same way as the built-in ones.
pub(crate) struct Extra {
    fst: Fst<Vec<u8>>,
    max_phrase_bytes: usize,
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extra")
            .field("phrases", &self.fst.len())
            .field("max_phrase_bytes", &self.max_phrase_bytes)
            .finish()
    }
}

impl Extra {
    /// Builds the automaton from normalised phrases and their encoded values (see `encode`).
    pub(crate) fn new(phrases: std::collections::BTreeMap<String, u64>) -> Result<Self, String> {
        let max_phrase_bytes = phrases.keys().map(String::len).max().unwrap_or(0);
        let fst = Fst::from_iter_map(phrases.iter().map(|(k, v)| (k.as_bytes(), *v)))
            .map_err(|e| e.to_string())?;
        Ok(Self {
            fst,
            max_phrase_bytes,
        })
    }
}

/// Number of phrases and fillers in the built-in table.
pub fn lexicon_size() -> usize {
    LEXICON_LEN
}

include!("value.rs");

fn decode(value: u64) -> (Option<Category>, Lang) {
    let category = match value >> 8 {
        1 => Some(Category::Greeting),
        2 => Some(Category::HowAreYou),
        3 => Some(Category::Thanks),
        4 => Some(Category::Goodbye),
        _ => None,
    };
    let lang = Lang::ALL
        .get((value & 0xff) as usize)
        .copied()
        .unwrap_or(Lang::En);
    (category, lang)
}

/// The message normalised, or `None` when it is empty or too long to be small talk (over 4 ×
/// [`MAX_SMALL_TALK_BYTES`] as typed, which bounds the normalisation, or over it once normalised).
pub(crate) fn normalized_if_short(text: &str) -> Option<String> {
    if text.len() > MAX_SMALL_TALK_BYTES * 4 {
        return None;
    }
    let normalized = normalize(text);
    (!normalized.is_empty() && normalized.len() <= MAX_SMALL_TALK_BYTES).then_some(normalized)
}

/// A message of emoji alone (normalisation leaves nothing of it): a waving hand is a greeting, folded
/// hands are thanks, with smiling faces, hearts, skin tones and joiners around them. Any other
/// symbol ("👍", "🙋", "❓") may answer or ask something, so it goes to the model.
pub(crate) fn emoji_small_talk(text: &str) -> Option<Classification> {
    if text.len() > 64 {
        return None;
    }
    // An ASCII waving arm ("o/", "\\o") is a wave; other ASCII emoticons (":)", ":D", "<3") are
    // like smiling faces.
    let (text, waved) = strip_emoticons(text);
    let mut category = waved.then_some(Category::Greeting);
    for c in text.chars() {
        let found = match c as u32 {
            0x1F44B => Some(Category::Greeting),
            0x1F64F => Some(Category::Thanks),
            // Smiling faces, hugs, hearts, sparkles, sun and flowers; skin tones, joiners, the
            // emoji variation selector, spaces and closing punctuation.
            0x1F600..=0x1F60E
            | 0x1F617..=0x1F61A
            | 0x1F642
            | 0x1F917
            | 0x1F970
            | 0x1F929
            | 0x263A
            | 0x2764
            | 0x1F493..=0x1F49F
            | 0x1F9E1
            | 0x1F90D
            | 0x1F90E
            | 0x1F5A4
            | 0x2728
            | 0x2600
            | 0x1F31E
            | 0x1F338
            | 0x1F3FB..=0x1F3FF
            | 0x200D
            | 0xFE0F => None,
            _ if c.is_whitespace()
                || matches!(
                    c,
                    '!' | '.' | '~' | ',' | ':' | ';' | '=' | '(' | ')' | '*' | '^' | '_' | '-'
                ) =>
            {
                None
            }
            _ => return None,
        };
        category = category.max(found);
    }
    Some(Classification {
        category: category?,
        lang: Lang::En,
    })
}

fn builtin() -> Option<Fst<&'static [u8]>> {
    Fst::new(LEXICON).ok()
}

impl Classifier {
    /// A classifier over the built-in lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn with_extra(extra: Option<Arc<Extra>>) -> Self {
        Self { extra }
    }

    /// Classifies one message; `None` when it is not (only) small talk.
    pub fn classify(&self, text: &str) -> Option<Classification> {
        match normalized_if_short(text) {
            Some(normalized) => self.classify_normalized(text, &normalized),
            None => emoji_small_talk(text),
        }
    }

    /// Classifies a message already normalised by [`normalized_if_short`]; `original` is the
    /// message as typed (for capitalised names).
    pub(crate) fn classify_normalized(
        &self,
        original: &str,
        normalized: &str,
    ) -> Option<Classification> {
        let lexicon = builtin()?;
        let vocabulary = Fst::new(VOCABULARY).ok()?;
        let words: Vec<&str> = normalized.split(' ').collect();
        if asks_to_thank_someone(&words) {
            return None;
        }
        // Words no phrase can cover: all ASCII letters and in no phrase of the built-in lexicon (a
        // phrase covers whole words of such letters). Every repair must drop or replace each of them.
        // Not known with an operator lexicon, whose words the vocabulary does not hold.
        let uncoverable: Vec<usize> = if self.extra.is_none() {
            (0..words.len())
                .filter(|&i| {
                    !words[i].is_empty()
                        && words[i].bytes().all(|b| b.is_ascii_lowercase())
                        && !vocabulary.contains_key(words[i])
                })
                .collect()
        } else {
            Vec::new()
        };
        // Most requests hold such a word ("password"): then no cover of the whole message can
        // succeed, and in a message too long for anything but a name, with more such words than a
        // name, a title and "from", no repair can either. A few lookups decide it before any walk.
        if !uncoverable.is_empty() {
            if uncoverable.len() > MAX_UNCOVERABLE && words.len() > MAX_REPAIR_WORDS {
                return None;
            }
            return self
                .repair(&lexicon, &vocabulary, original, &words, &uncoverable)
                .or_else(|| self.unlisted_name(&lexicon, original, &words, &uncoverable))
                .or_else(|| {
                    // A frame's clause is covered by phrases: only the frame may hold such words.
                    uncoverable
                        .iter()
                        .all(|&i| frames::is_frame_word(words[i]))
                        .then(|| self.framed(&lexicon, &words))
                        .flatten()
                });
        }
        self.cover(&lexicon, normalized)
            .or_else(|| self.repair(&lexicon, &vocabulary, original, &words, &uncoverable))
            .or_else(|| self.framed(&lexicon, &words))
            .or_else(|| self.unintensified(&lexicon, &words))
    }

    /// English small talk with a word of degree that no phrase holds there ("have a very good
    /// evening", "a really lovely weekend to you"): the message without those words, in a message of
    /// at most [`MAX_NAME_WORDS`] words with other words left.
    fn unintensified(&self, lexicon: &Fst<&[u8]>, words: &[&str]) -> Option<Classification> {
        if words.len() > MAX_NAME_WORDS {
            return None;
        }
        let text: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !INTENSIFIERS.contains(w))
            .collect();
        if text.len() == words.len() || text.is_empty() {
            return None;
        }
        // English only: "most" is also Hungarian for now, "super" a word of many languages.
        self.cover(lexicon, &text.join(" "))
            .filter(|class| class.lang == Lang::En)
    }

    /// Indirect small talk (`frames.rs`): a first-person hedge around a small-talk clause ("just
    /// wanted to say thanks", "I was wondering how you are"), after words that ask nothing or small
    /// talk, if any; English, of the clause's category (or the words' before it, if stronger).
    fn framed(&self, lexicon: &Fst<&[u8]>, words: &[&str]) -> Option<Classification> {
        if words.len() > MAX_FRAMED_WORDS {
            return None;
        }
        for (start, frame, clause) in frames::frames(words) {
            let lead = &words[..start];
            let lead = if frames::is_lead_in(lead) {
                None
            } else {
                match self.cover(lexicon, &lead.join(" ")) {
                    Some(class) => Some(class.category),
                    None => continue,
                }
            };
            let class = frames::readings(frame, &words[clause..])
                .iter()
                .find_map(|reading| {
                    self.cover(lexicon, reading)
                        .or_else(|| {
                            self.unintensified(lexicon, &reading.split(' ').collect::<Vec<_>>())
                        })
                        .filter(|c| frame.takes(c.category))
                });
            if let Some(class) = class {
                return Some(Classification {
                    category: lead.map_or(class.category, |l| l.max(class.category)),
                    lang: Lang::En,
                });
            }
        }
        None
    }

    fn cover(&self, lexicon: &Fst<&[u8]>, text: &str) -> Option<Classification> {
        let extra = self.extra.as_deref();
        cover(text, |start, found| {
            walk(lexicon, text, start, MAX_PHRASE_BYTES, &mut *found);
            if let Some(extra) = extra {
                walk(&extra.fst, text, start, extra.max_phrase_bytes, &mut *found);
            }
        })
    }

    /// A short message that one word keeps out: drop that word if it is a capitalised name, or read
    /// it as the known words one typing error away.
    fn repair(
        &self,
        lexicon: &Fst<&[u8]>,
        vocabulary: &Fst<&[u8]>,
        original: &str,
        words: &[&str],
        uncoverable: &[usize],
    ) -> Option<Classification> {
        if words.len() > MAX_NAME_WORDS {
            return None;
        }
        // A name: capitalised words in a vocative place, known words or not ("Hey Sam", where "sam"
        // is also a word of some phrase; "Thanks, Anna Smith"; "Maria, thank you"), or a common
        // given name typed in lower case ("thanks mike"). In a question only "how are you" takes a name
        // ("How are you, Sam?"): "Hello, Refund?" asks something.
        if words.len() > 1 {
            let question = original.contains(QUESTION_MARKS);
            let names = vocative(original, words, |w| lexicon.contains_key(w))
                .into_iter()
                .chain(std::iter::once_with(|| given_name(words).map(|n| (n, ANY))).flatten());
            for (name, allowed) in names {
                if errand(words, &name) {
                    continue;
                }
                let rest: Vec<&str> = words
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !name.contains(i))
                    .map(|(_, w)| *w)
                    .collect();
                // Words no phrase covers that the name leaves, by their position in `rest`: a
                // keyboard slip may still read them ("goodnigh luna", "thansk, Tom").
                let rest_uncoverable: Vec<usize> = uncoverable
                    .iter()
                    .filter(|i| !name.contains(i))
                    .map(|&i| i - name.iter().filter(|&&n| n < i).count())
                    .collect();
                let covered = rest_uncoverable.is_empty().then(|| {
                    self.cover(lexicon, &rest.join(" "))
                        .or_else(|| signed(original, &rest, &name, words))
                });
                let class = covered
                    .flatten()
                    .or_else(|| self.slipped(lexicon, &rest, &rest_uncoverable, question))
                    .filter(|class| allowed.contains(&class.category));
                if let Some(class) = class {
                    if !question || class.category == Category::HowAreYou {
                        return Some(class);
                    }
                }
            }
        }
        let asks = original.contains(QUESTION_MARKS);
        if let Some(class) = self.slipped(lexicon, words, uncoverable, asks) {
            return Some(class);
        }
        if words.len() > MAX_REPAIR_WORDS {
            return None;
        }
        // Whether each word is known, looked up once: a word no phrase can cover is not.
        let known: Vec<bool> = words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                !uncoverable.contains(&i)
                    && (vocabulary.contains_key(word)
                        || lexicon.contains_key(word)
                        || self
                            .extra
                            .as_ref()
                            .is_some_and(|e| e.fst.contains_key(word)))
            })
            .collect();
        if let Some(class) = self.respaced(lexicon, vocabulary, words, &known, uncoverable) {
            return Some(class);
        }
        // Typos: at most two unknown words of ASCII letters, each one edit away from known words
        // (two letters swapped only, for a word of three next to other words). Every reading must make the message small talk of the same kind:
        // "thansk" (thanks or thank) is thanks, "hellp" (hello or help) is not decided, so it goes to
        // the model.
        let unknown: Vec<usize> = (0..words.len()).filter(|&i| !known[i]).collect();
        if unknown.is_empty() || unknown.len() > MAX_TYPOS {
            return None;
        }
        // A name in a script without capitals ("شكرا أحمد", "धन्यवाद राहुल", "안녕 민수"): the one
        // unknown word, first or last in a message of two or three words that asks nothing, when the
        // rest is a greeting, thanks or goodbye.
        if let [i] = unknown[..] {
            let word = words[i];
            if (2..=3).contains(&words.len())
                && (i == 0 || i == words.len() - 1)
                && is_caseless_word(word)
                && !original.contains(QUESTION_MARKS)
            {
                let rest: Vec<&str> = words
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, w)| *w)
                    .collect();
                return self
                    .cover(lexicon, &rest.join(" "))
                    .filter(|c| c.category != Category::HowAreYou);
            }
        }
        let mut readings: Vec<Vec<String>> = Vec::with_capacity(unknown.len());
        for &i in &unknown {
            let word = words[i];
            if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                return None;
            }
            // Three letters leave too little to judge other edits: only two swapped ("teh", "yuo").
            let candidates = if word.len() == 3 {
                if words.len() == 1 {
                    // Alone, three letters are anything ("idk" is one swap from some word).
                    return None;
                }
                edits::swaps(vocabulary, word.as_bytes())
            } else {
                // Two letters swapped is the commonest slip and the most specific reading: when it
                // gives a known word, the other edits are not considered ("thansk" is "thanks", not
                // also "thank" or some "thans" of a longer phrase).
                let swapped = edits::swaps(vocabulary, word.as_bytes());
                if swapped.is_empty() {
                    edits::one_edit_away(vocabulary, word.as_bytes(), MAX_CANDIDATES)
                } else {
                    swapped
                }
            };
            if candidates.is_empty() {
                return None;
            }
            readings.push(
                candidates
                    .into_iter()
                    .filter_map(|c| String::from_utf8(c).ok())
                    .collect(),
            );
        }
        let combinations: usize = readings.iter().map(Vec::len).product();
        let mut result: Option<Classification> = None;
        for mut n in 0..combinations {
            let mut text: Vec<&str> = words.to_vec();
            for (slot, &i) in unknown.iter().enumerate() {
                let choices = &readings[slot];
                text[i] = &choices[n % choices.len()];
                n /= choices.len();
            }
            let class = self.cover(lexicon, &text.join(" "))?;
            if result.is_some_and(|r| r.category != class.category) {
                return None;
            }
            result.get_or_insert(class);
        }
        // A guess must not switch languages: when the words typed right (of three letters or more)
        // are entries of the lexicon, the reading's language must be one of theirs. "ok, vai
        // avanti" is not Swahili thanks because "avanti" is one letter from "asanti".
        let evidence: Vec<Lang> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| !unknown.contains(i) && w.chars().count() >= 3)
            .filter_map(|(_, w)| lexicon.get(w))
            .map(|value| decode(value.value()).1)
            .collect();
        result.filter(|class| evidence.is_empty() || evidence.contains(&class.lang))
    }
}

impl Classifier {
    /// The repairs that only look words up in tables, in a message of at most [`MAX_NAME_WORDS`]
    /// words (or the words a name leaves): keyboard slips ("se you later", "top of the morning to
    /// yyou"), a real word typed for a small-talk word ("nice to meat you"), chat spellings ("nice 2
    /// meet u").
    fn slipped(
        &self,
        lexicon: &Fst<&[u8]>,
        words: &[&str],
        uncoverable: &[usize],
        asks: bool,
    ) -> Option<Classification> {
        if words.is_empty() || words.len() > MAX_NAME_WORDS {
            return None;
        }
        // Each word no phrase covers must be read as another: a few lookups rule most requests out
        // ("thanks, invoice") before any cover.
        let slips = Fst::new(SLIPS).ok()?;
        let readable = |w: &str| {
            slip_of(&slips, w).is_some()
                || real_word_of(w).is_some()
                || lookup(CHAT_SPELLINGS, w).is_some()
        };
        if !uncoverable.iter().all(|&i| readable(words[i])) {
            return None;
        }
        self.slips(lexicon, words, uncoverable)
            .or_else(|| self.real_word_slip(lexicon, words))
            .or_else(|| self.chat_spellings(lexicon, words, asks))
    }
}

/// Orders two words byte by byte, as `str::cmp` does, in an inlined loop: `str::cmp` calls `memcmp`
/// for every probe of a binary search, and those calls were a third of the cost of a short request
/// with unknown words ("hello, refund my order"), which looks up every word in several tables.
#[inline]
fn cmp_word(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().cmp(b.bytes())
}

/// The value of `word` in `table`, sorted by its words.
fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table
        .binary_search_by(|(key, _)| cmp_word(key, word))
        .ok()
        .map(|i| table[i].1)
}

/// Keyboard slips of English small-talk words (see `typos.rs`), as an automaton from slip to the
/// position of its word in `SLIP_TARGETS`: about a fifth of the bytes of a sorted table of pairs.
static SLIPS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/slips.fst"));

/// The English small-talk word that `word` is a keyboard slip of, if any (see `typos.rs`).
fn slip_of(slips: &Fst<&[u8]>, word: &str) -> Option<&'static str> {
    let at = slips.get(word)?.value();
    SLIP_TARGETS.get(usize::try_from(at).ok()?).copied()
}

impl Classifier {
    /// Words that are keyboard slips of common English small-talk words ("se you later", "thank
    /// yu", "hwo are you"), read as those words, one and then two at a time (of the first three
    /// such words: at most six covers): the first reading that makes the message English small talk
    /// is taken.
    fn slips(
        &self,
        lexicon: &Fst<&[u8]>,
        words: &[&str],
        uncoverable: &[usize],
    ) -> Option<Classification> {
        let slips = Fst::new(SLIPS).ok()?;
        let slipped: Vec<(usize, &str)> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| slip_of(&slips, w).map(|word| (i, word)))
            .take(MAX_TYPOS + 1)
            .collect();
        let read = |replaced: &[(usize, &str)]| {
            // Every word no phrase covers must be one of those read as another.
            if !uncoverable
                .iter()
                .all(|i| replaced.iter().any(|(j, _)| j == i))
            {
                return None;
            }
            let mut text = words.to_vec();
            for &(i, word) in replaced {
                text[i] = word;
            }
            self.cover(lexicon, &text.join(" "))
                .filter(|class| class.lang == Lang::En)
        };
        let singles = slipped.iter().find_map(|one| read(&[*one]));
        singles.or_else(|| {
            slipped.iter().enumerate().find_map(|(a, first)| {
                slipped[a + 1..]
                    .iter()
                    .find_map(|second| read(&[*first, *second]))
            })
        })
    }
}

/// The small-talk word that the English word `word` may have been typed for ("meat" for meet), if
/// any (see `typos.rs`).
fn real_word_of(word: &str) -> Option<&'static str> {
    lookup(REAL_WORD_SLIPS, word)
}

impl Classifier {
    /// An English word typed for a small-talk word it sounds like or nearly spells ("nice to meat
    /// you", "take car"), in a message of two words or more: one such word is read as the small-talk
    /// word, with keyboard slips of the others, each in turn until that makes the message English
    /// small talk.
    fn real_word_slip(&self, lexicon: &Fst<&[u8]>, words: &[&str]) -> Option<Classification> {
        if words.len() < 2 {
            return None;
        }
        // Each such word in turn: "you" is one, and "see you, take car" means "care".
        words.iter().enumerate().find_map(|(i, w)| {
            let word = real_word_of(w)?;
            let mut text = words.to_vec();
            text[i] = word;
            self.cover(lexicon, &text.join(" "))
                .filter(|class| class.lang == Lang::En)
                .or_else(|| self.slips(lexicon, &text, &[]))
        })
    }

    /// Chat spellings ("nice 2 meet u", "gud day") read as the words they stand for, all at once,
    /// with keyboard slips of the other words, in a message of two words or more: English small
    /// talk only. "ya" is also "yeah": read as "you", it makes "how are you" only in a question
    /// ("ya ok?"), since "ya ok" / "ya well" answer the assistant.
    fn chat_spellings(
        &self,
        lexicon: &Fst<&[u8]>,
        words: &[&str],
        asks: bool,
    ) -> Option<Classification> {
        if words.len() < 2 {
            return None;
        }
        let yeah = !asks && words.contains(&"ya");
        let mut replaced = false;
        let text: Vec<&str> = words
            .iter()
            .map(|w| {
                lookup(CHAT_SPELLINGS, w).map_or(*w, |word| {
                    replaced = true;
                    word
                })
            })
            .collect();
        if !replaced {
            return None;
        }
        self.cover(lexicon, &text.join(" "))
            .filter(|class| class.lang == Lang::En)
            .or_else(|| self.slips(lexicon, &text, &[]))
            .filter(|class| !(yeah && class.category == Category::HowAreYou))
    }

    /// A space typed one letter off, left out or added ("how ar eyou", "howare you", "thank s"), in
    /// a message of two to five words: two neighbours that make a word of the vocabulary are joined,
    /// and a word that no phrase knows (ASCII letters) is split into two words of the vocabulary or
    /// has a letter moved across its boundary with a neighbour, when the words on both sides are then
    /// in the vocabulary; the first reading that makes the message English small talk is taken. At
    /// most a few dozen covers.
    fn respaced(
        &self,
        lexicon: &Fst<&[u8]>,
        vocabulary: &Fst<&[u8]>,
        words: &[&str],
        known: &[bool],
        uncoverable: &[usize],
    ) -> Option<Classification> {
        if words.len() < 2 {
            return None;
        }
        // A reading replaces one word or two neighbours: every word no phrase covers must be among
        // them, so words of that kind further apart leave nothing to try.
        let replaces_uncoverable =
            |from: usize, to: usize| uncoverable.iter().all(|i| (from..to).contains(i));
        if let (Some(first), Some(last)) = (uncoverable.first(), uncoverable.last()) {
            if last - first > 1 {
                return None;
            }
        }
        let ascii = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
        // (first word replaced, word after the last replaced, replacement).
        let mut readings: Vec<(usize, usize, String)> = Vec::new();
        // A space too many, between known words too ("thank s a lot").
        for (i, pair) in words.windows(2).enumerate() {
            if replaces_uncoverable(i, i + 2)
                && ascii(pair[0])
                && ascii(pair[1])
                && edits::is_word(vocabulary, &[pair[0].as_bytes(), pair[1].as_bytes()])
            {
                readings.push((i, i + 2, format!("{}{}", pair[0], pair[1])));
            }
        }
        for (i, &word) in words.iter().enumerate() {
            if known[i] || !ascii(word) {
                continue;
            }
            // A short word spelled right has no space left out: "hey tell me a joke" is not "… jo
            // ke", "hey bike" not "hey bi ke". Longer words keep the reading: the English word list's
            // Bloom filter takes one other word in seven for English, and a name such as "nanami" may
            // be one ("nana mi").
            if (4..=5).contains(&word.len()) && is_english(word) {
                continue;
            }
            if replaces_uncoverable(i, i + 1) {
                for cut in edits::splits(vocabulary, word.as_bytes()) {
                    let (a, b) = word.split_at(cut);
                    readings.push((i, i + 1, format!("{a} {b}")));
                }
            }
            let neighbours = [
                i.checked_sub(1).map(|p| (p, words[p], word)),
                words.get(i + 1).map(|&next| (i, word, next)),
            ];
            for (first, left, right) in neighbours.into_iter().flatten() {
                if !replaces_uncoverable(first, first + 2) || !ascii(left) || !ascii(right) {
                    continue;
                }
                let (l, r) = (left.as_bytes(), right.as_bytes());
                // The space one letter to the left or to the right of where it was typed.
                for cut in [l.len() - 1, l.len() + 1] {
                    if cut == 0 || cut >= l.len() + r.len() {
                        continue;
                    }
                    // The two sides of the cut, each in two parts (one may be empty).
                    let (a, b) = if cut <= l.len() {
                        ([&l[..cut], &[][..]], [&l[cut..], r])
                    } else {
                        ([l, &r[..cut - l.len()]], [&r[cut - l.len()..], &[][..]])
                    };
                    // The right side first: it fails sooner when the typed word is not a word.
                    if edits::is_word(vocabulary, &b) && edits::is_word(vocabulary, &a) {
                        let joined = format!("{left}{right}");
                        let (a, b) = joined.split_at(cut);
                        readings.push((first, first + 2, format!("{a} {b}")));
                    }
                }
            }
        }
        readings.into_iter().find_map(|(from, to, replacement)| {
            let text: Vec<&str> = words[..from]
                .iter()
                .copied()
                .chain(std::iter::once(replacement.as_str()))
                .chain(words[to..].iter().copied())
                .collect();
            self.cover(lexicon, &text.join(" "))
                .filter(|class| class.lang == Lang::En)
        })
    }
}

/// A word of a script without capital letters (Arabic, Hebrew, Indic scripts, Hangul, …): no ASCII,
/// no digit, nothing lower-case (cased letters are all lower case after normalisation).
fn is_caseless_word(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| {
            !c.is_ascii() && !c.is_numeric() && !c.is_lowercase() && !is_unspaced_script(c)
        })
}

/// Words of a message that may hold a name no list holds ([`Classifier::unlisted_name`]).
const MAX_UNLISTED_NAME_WORDS: usize = 8;

impl Classifier {
    /// A name no list holds, typed in lower case or in capitals ("hey zorbo", "bye bye nanami",
    /// "thank you ZORBO", "how's it going xiao", "hi zorbo nice to meet you", "zorbo, thanks"): the
    /// one word of the message no phrase holds, of four to eight letters (three are mostly
    /// abbreviations: "hi, kyc") with a vowel, or such a word and "bot" ("zorbobot"); not English
    /// (see `english.rs`: "hi, invoice", "bye command" and "hey, refund" ask for something); not an
    /// acronym or a word in mixed case (capitalised names are [`vocative`]'s); not after an errand's
    /// verb or "to", "for", "from" ("say hi to nanami", "thanks for paytm"), nor after "I'm", "is" or
    /// "it's" ("hi, i'm zorbo": a word the user says they are may be anything); with a title before it
    /// if any ("hi mr zorbo"); in an English message of at most [`MAX_UNLISTED_NAME_WORDS`] words
    /// whose rest is small talk (so a bot's word or an honorific may follow: "hey zorbo bot", "hi
    /// xiao-san"); in a question only "how are you". Tried after every other repair, so a typo of
    /// a small-talk word is read as that word first.
    fn unlisted_name(
        &self,
        lexicon: &Fst<&[u8]>,
        original: &str,
        words: &[&str],
        uncoverable: &[usize],
    ) -> Option<Classification> {
        let [at] = uncoverable[..] else {
            return None;
        };
        let word = words.get(at)?;
        // A bot's name made of it: "zorbobot".
        let name = word
            .strip_suffix("bot")
            .filter(|stem| stem.len() >= 4)
            .unwrap_or(word);
        if self.extra.is_some()
            || !(2..=MAX_UNLISTED_NAME_WORDS).contains(&words.len())
            || !(4..=8).contains(&name.len())
            || !name.bytes().any(|b| b"aeiou".contains(&b))
            || errand(words, &[at])
            || (at > 0
                && matches!(
                    words[at - 1],
                    "to" | "for" | "from" | "im" | "m" | "am" | "is" | "its"
                ))
            || is_english(name)
        {
            return None;
        }
        let typed = typed_words(original);
        let &(_, as_typed) = typed.iter().find(|(_, w)| normalize(w) == *word)?;
        let lower = as_typed.chars().all(|c| c.is_ascii_lowercase());
        let capitals = as_typed.chars().all(|c| c.is_ascii_uppercase());
        if !(lower || capitals) {
            return None;
        }
        // With a title before it: "hi mr zorbo".
        let title = (at > 0 && TITLES.contains(&words[at - 1])).then(|| at - 1);
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != at && Some(i) != title)
            .map(|(_, w)| *w)
            .collect();
        // A lone two-letter chat form ("ta", "ty", "yo", "cu") is also a common word in other
        // languages (Polish "ta druga", Spanish "yo quiero", Romanian "cu drag"): next to a word no
        // list holds it says nothing. "hi" is the exception: a greeting in every Latin script.
        if let [only] = rest[..] {
            if only.len() <= 2 && only != "hi" {
                return None;
            }
        }
        let class = self.cover(lexicon, &rest.join(" "))?;
        // A lone greeting and one word no list holds is also how a terse request reads ("hi,
        // hotmail", "hey numpy", "hello, factura", "hi, pasword"): a brand, a library, a foreign or
        // misspelt word looks like a name to a list of English words. It is a name with a title
        // ("hi mr zorbo"), with more small talk ("hi zorbo, nice to meet you", "good morning zorbo")
        // or after thanks, a goodbye or "how are you".
        if rest.len() == 1 && title.is_none() && class.category == Category::Greeting {
            return None;
        }
        let question = original.contains(QUESTION_MARKS);
        (class.lang == Lang::En && (!question || class.category == Category::HowAreYou))
            .then_some(class)
    }
}

/// Every category: what a name may go with.
const ANY: &[Category] = &[
    Category::Greeting,
    Category::HowAreYou,
    Category::Thanks,
    Category::Goodbye,
];

/// A greeting or "how are you": what a name that might be a request word goes with ("Kai! how are
/// you?", not "Refund! thanks").
const GREETS: &[Category] = &[Category::Greeting, Category::HowAreYou];

/// Courtesy titles that may stand before a name ("Thanks, Dr Smith").
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "herr", "frau", "sr", "sra", "mme",
    "mlle", "mx", "capt", "cpt", "lt", "sgt", "col", "maj", "cmdr", "rev", "fr", "hon", "dame",
    "det", "insp",
];

/// "thank Priya for me", "thank them for me": an errand for someone else, though every word may be
/// a phrase or filler ("thank", a name that is a Hindi filler, "for me").
fn asks_to_thank_someone(words: &[&str]) -> bool {
    words.len() > 3
        && words[0] == "thank"
        && !matches!(words[1], "you" | "u" | "ya" | "yu" | "yall" | "ye" | "thee")
        && words.ends_with(&["for", "me"])
}

/// Verbs that make a name after them the object of an errand, not the one addressed: "thank Priya
/// for me", "greet Mr. Chen".
const ERRAND_VERBS: &[&str] = &[
    "thank", "greet", "tell", "ask", "call", "wish", "text", "email", "message", "ping", "remind",
    "invite", "say", "send",
];

/// Whether the name at `name` (positions in `words`) follows a verb of an errand.
fn errand(words: &[&str], name: &[usize]) -> bool {
    let lead = name.iter().copied().min().unwrap_or(0);
    lead > 0 && ERRAND_VERBS.contains(&words[lead - 1])
}

/// Words that close a letter only with a signature after them: "Best, Sam", "Yours, Priya", "Love,
/// Mum". Alone, "best" or "love" say nothing to the bot, so they are not phrases of the lexicon. Not
/// "dear": a salutation alone ("Dear Sir,", "Dear Mr Okoye,") opens a message still to come.
const LETTER_WORDS: &[(&str, Category)] = &[
    ("best", Category::Goodbye),
    ("all best", Category::Goodbye),
    ("yours", Category::Goodbye),
    ("yours ever", Category::Goodbye),
    ("ever yours", Category::Goodbye),
    ("love", Category::Goodbye),
    ("lots of love", Category::Goodbye),
    ("much love", Category::Goodbye),
];

/// A letter's sign-off followed by a signature at the end (`rest` is the message without
/// the name at `name`, a position list of `words`), as English small talk.
fn signed(original: &str, rest: &[&str], name: &[usize], words: &[&str]) -> Option<Classification> {
    let lead = name.iter().copied().min()?;
    // The signature after a comma or a dash ("Best, Sam", not "Best Buy").
    let typed = typed_words(original);
    let signature = typed
        .iter()
        .rev()
        .find(|(_, w)| normalize(w) == words[lead]);
    let separated = signature.is_some_and(|&(start, _)| {
        original[..start]
            .trim_end()
            .ends_with([',', '-', '–', '—', '~'])
    });
    if !separated || lead != rest.len() || lead + name.len() != words.len() {
        return None;
    }
    let text = rest.join(" ");
    LETTER_WORDS
        .iter()
        .find(|(w, _)| *w == text)
        .map(|&(_, category)| Classification {
            category,
            lang: Lang::En,
        })
}

/// Last words of a letter's closing that only a signature follows ("Kind regards, J.", "Yours
/// sincerely, M."): after them an initial signs, where after "thanks" or "best" it may choose an
/// option ("thanks, B").
const LETTER_CLOSINGS: &[&str] = &[
    "regards",
    "rgds",
    "wishes",
    "sincerely",
    "faithfully",
    "respectfully",
    "cordially",
    "warmly",
    "truly",
    "yours",
];

/// Whether `word` (as typed) ends a letter's closing ([`LETTER_CLOSINGS`]).
fn is_letter_closing(word: &str) -> bool {
    LETTER_CLOSINGS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A courtesy title, in any case ("Dr", "MR").
fn is_title(word: &str) -> bool {
    TITLES.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// An apostrophe inside a name ("O'Brien") or a word ("can't").
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Capitalised like a name: "Maria", "McKenzie", "DeShawn", "FrugalBot", "O'Brien"; not "MARIA",
/// "maria", "ChatGPT" (two capitals in a row) or "I'll" (a capital after the apostrophe only).
fn name_shaped(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    first.is_uppercase()
        && (1..20).contains(&rest.len())
        && rest.iter().all(|&c| c.is_alphabetic() || is_apostrophe(c))
        && rest.windows(2).all(|p| {
            !(p[0].is_uppercase() && p[1].is_uppercase())
                && (!is_apostrophe(p[0]) || p[1].is_uppercase())
        })
        && (rest[0].is_lowercase() || is_apostrophe(rest[0]))
        && !is_apostrophe(rest[rest.len() - 1])
}

/// The positions in `words` (normalised) of a name in `original`, and the categories it may go
/// with (a greeting or "how are you" only, or any): one to three words capitalised like a name ([`name_shaped`];
/// "Anna Smith", "Jean-Luc Picard"), or an initial signing off ("cheers - T", "thanks Mr. T"), with a
/// title before them if any ("Mr. Patel", "Capt. Miller"), after the first word, or as the first
/// word when a comma follows it and it is not a phrase itself ("Maria, thanks", not "Hello, Anna");
/// with "!", ":" or a dash after it only before a greeting or "how are you" ("Kai! how are you?",
/// not "Refund! thanks"). With "from" before them ("hello from London"); with "here" after them at
/// the end, before a greeting only ("hi, Tom here"). A capital after a full stop, "!" or "?" starts
/// a sentence, not a name ("Thanks. Refund").
fn vocative(
    original: &str,
    words: &[&str],
    is_phrase: impl Fn(&str) -> bool,
) -> Option<(Vec<usize>, &'static [Category])> {
    let name_like = |w: &str| name_shaped(w) && !is_title(w);
    let typed = typed_words(original);
    let mut allowed = ANY;
    let leading_name = typed.first().is_some_and(|&(start, first)| {
        if !name_like(first) || is_phrase(&normalize(first)) {
            return false;
        }
        // After the whole name: "Mary-Jane, thanks".
        let mut end = start + first.len();
        for &(next, word) in &typed[1..] {
            if next != end + 1 || !original[end..].starts_with('-') || !name_like(word) {
                break;
            }
            end = next + word.len();
        }
        let after = original[end..].trim_start();
        // A dash with a space after it ("Sam - hi"), not a hyphen.
        let dash = after.starts_with(['-', '–', '—'])
            && after.chars().nth(1).is_some_and(|c| c.is_whitespace());
        if after.starts_with(['!', ':']) || dash {
            allowed = GREETS;
        }
        after.starts_with(',') || allowed == GREETS
    });
    let sentence_start = |i: usize| {
        let Some(&(start, _)) = typed.get(i) else {
            return false;
        };
        let before = original[..start].trim_end();
        let after_title = i > 0 && is_title(typed[i - 1].1);
        before.ends_with(['.', '!', '?', ';', ':', '。', '！', '？']) && !after_title
    };
    // An initial signing off after a dash, after a title or after a comma that ends a letter's
    // closing, last: "cheers - T", "thanks Mr. T", "Kind regards, J." (not "I"; not "thanks, B",
    // which may choose an option).
    let initial = |i: usize, w: &str| {
        let mut chars = w.chars();
        let (start, _) = typed[i];
        let before = original[..start].trim_end();
        let after = original[start + w.len()..].trim();
        i + 1 == typed.len()
            && i > 0
            && chars
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() && c != 'I')
            && chars.next().is_none()
            && (after.is_empty() || after == ".")
            && (before.ends_with(['-', '–', '—', '~'])
                || is_title(typed[i - 1].1)
                || (before.ends_with(',') && is_letter_closing(typed[i - 1].1)))
    };
    let typed_names: Vec<&str> = typed
        .iter()
        .enumerate()
        .filter(|(i, (_, w))| {
            (*i > 0 || leading_name) && (name_like(w) || initial(*i, w)) && !sentence_start(*i)
        })
        .map(|(_, (_, w))| *w)
        .collect();
    // Capitalised words are one name only when a space or a hyphen alone separates them ("Anna
    // Smith", not "Anna, Refund"), two given names when "and" or "&" does ("Sam and Priya", not
    // "Sam and Refund").
    if typed_names.is_empty()
        || typed_names.len() > 3
        || typed_names.windows(2).any(|pair| {
            let joined = |joints: &[&str]| joints.iter().any(|j| original.contains(&pair.join(j)));
            let given = pair.iter().all(|w| is_given_name(&normalize(w)));
            !(joined(&[" ", "-"]) || (given && joined(&[" and ", " & "])))
        })
    {
        return None;
    }
    let names: Vec<String> = typed_names.iter().map(|w| normalize(w)).collect();
    let first = words.iter().position(|w| *w == names[0])?;
    if first == 0 && !leading_name {
        return None;
    }
    let mut positions = vec![first];
    let mut end = first + 1;
    for next in &names[1..] {
        if words.get(end) == Some(&"and") && words.get(end + 1) == Some(&next.as_str()) {
            positions.push(end);
            end += 1;
        }
        if words.get(end) != Some(&next.as_str()) {
            return None;
        }
        positions.push(end);
        end += 1;
    }
    if first > 0 && TITLES.contains(&words[first - 1]) {
        positions.push(first - 1);
    }
    // Sent from a place or by someone: "hello from London", "greetings from Dr Okafor".
    let lead = positions.iter().copied().min().unwrap_or(first);
    if lead > 1 && words[lead - 1] == "from" {
        positions.push(lead - 1);
    }
    // Signed: "hi, Tom here".
    if end + 1 == words.len() && words[end] == "here" {
        positions.push(end);
        allowed = GREETS;
    }
    Some((positions, allowed))
}

/// The words of `original` (runs of letters, with apostrophes between letters: "O'Brien") with
/// their byte offsets.
fn typed_words(original: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in original.char_indices() {
        let inner_apostrophe = || {
            is_apostrophe(c)
                && original[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
        };
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) if !inner_apostrophe() => {
                out.push((s, &original[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &original[s..]));
    }
    out
}

/// A common given name ([`NAMES`]).
fn is_given_name(word: &str) -> bool {
    NAMES.binary_search_by(|name| cmp_word(name, word)).is_ok()
}

/// The given name a pet name or a bot's name is made of, if any: "sammy", "kenny" (a doubled last
/// letter and "y"), "jonnie", "priyabot" (the name and "bot").
fn pet_name(word: &str) -> Option<&str> {
    if let Some(stem) = word.strip_suffix("bot").filter(|s| s.len() > 2) {
        return Some(stem);
    }
    let stem = word
        .strip_suffix("ie")
        .or_else(|| word.strip_suffix('y'))?
        .as_bytes();
    // Only a doubled letter: "sammy" is sam's, but "andy" or "tony" are names of their own.
    match stem {
        [.., a, b] if a == b && stem.len() > 3 => std::str::from_utf8(&stem[..stem.len() - 1]).ok(),
        _ => None,
    }
}

/// The position of a common given name typed in lower case ([`NAMES`]) in a vocative place: last,
/// second ("thanks mike, that was great"), or first ("sam, thank you", "mike thanks"); with a title
/// before it if any.
fn given_name(words: &[&str]) -> Option<Vec<usize>> {
    let is_name = |w: &str| is_given_name(w) || pet_name(w).is_some_and(is_given_name);
    let last = words.len().checked_sub(1)?;
    let at = if is_name(words[last]) {
        last
    } else if words.len() > 2 && is_name(words[1]) {
        1
    } else if is_name(words[0]) {
        0
    } else {
        return None;
    };
    let mut positions = vec![at];
    if at > 0 && TITLES.contains(&words[at - 1]) {
        positions.push(at - 1);
    }
    Some(positions)
}

/// Walks `fst` along `text` from `start`, calling `found(end, value)` for every phrase that ends at
/// a word boundary: one pass over the bytes finds every phrase starting there.
fn walk<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    text: &str,
    start: usize,
    max_bytes: usize,
    found: &mut dyn FnMut(usize, u64),
) {
    let bytes = text.as_bytes();
    let last = bytes.len().min(start + max_bytes);
    let mut node = fst.root();
    let mut output = fst::raw::Output::zero();
    for (end, &byte) in bytes.iter().enumerate().take(last).skip(start) {
        let Some(i) = node.find_input(byte) else {
            return;
        };
        let t = node.transition(i);
        output = output.cat(t.out);
        node = fst.node(t.addr);
        let end = end + 1;
        if node.is_final() && text.is_char_boundary(end) && at_boundary(text, end, false) {
            found(end, output.cat(node.final_output()).value());
        }
    }
}

/// Finds a cover of the whole text by phrases, fillers and spaces: dynamic programming over byte
/// positions, keeping for each reachable position the strongest category of any cover reaching it
/// (goodbye > thanks > how-are-you > greeting) and the language of its first phrase. `phrases(start,
/// found)` reports every phrase starting at `start` as `found(end, value)`.
fn cover(
    text: &str,
    phrases: impl Fn(usize, &mut dyn FnMut(usize, u64)),
) -> Option<Classification> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // state[i]: None = [0, i) cannot be covered; Some((category, lang)) otherwise.
    type State = Option<(Option<Category>, Option<Lang>)>;
    let mut state: Vec<State> = vec![None; n + 1];
    state[0] = Some((None, None));
    fn relax(state: &mut [State], end: usize, candidate: (Option<Category>, Option<Lang>)) {
        if state[end].is_none_or(|(old, _)| candidate.0 > old) {
            state[end] = Some(candidate);
        }
    }
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
        phrases(start, &mut |end, value| {
            let (phrase_category, phrase_lang) = decode(value);
            let next_category = category.max(phrase_category);
            let next_lang = lang.or(phrase_category.map(|_| phrase_lang));
            relax(&mut state, end, (next_category, next_lang));
        });
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
    fn built_in_automata_load() {
        let lexicon = builtin().expect("the lexicon automaton loads");
        assert_eq!(lexicon.len(), LEXICON_LEN);
        lexicon.verify().expect("checksum");
        Fst::new(VOCABULARY)
            .expect("vocabulary")
            .verify()
            .expect("checksum");
        let slips = Fst::new(SLIPS).expect("slips");
        slips.verify().expect("checksum");
        assert_eq!(slips.len(), SLIPS_LEN);
        assert!(lexicon_size() > 10_000);
    }

    #[test]
    fn every_language_value_round_trips() {
        for lang in Lang::ALL {
            for category in [None, Some(Category::Greeting), Some(Category::Goodbye)] {
                assert_eq!(decode(encode(category, *lang)), (category, *lang));
            }
        }
    }

    #[test]
    fn normalizes_case_accents_punctuation_and_repeats() {
        assert_eq!(normalize("  ¡Hola, Cómo ESTÁS?!  "), "hola como estas");
        assert_eq!(normalize("What's up???"), "whats up");
        assert_eq!(normalize("hiiii 👋"), "hi");
        assert_eq!(normalize("good"), "good");
        assert_eq!(normalize("bye-bye"), "bye bye");
        assert_eq!(normalize("谢谢！"), "谢谢");
        assert_eq!(normalize("ΚΑΛΗΜΕΡΑ ΣΑΣ"), normalize("καλημέρα σας"));
        assert_eq!(normalize("Dziękuję, miło"), "dziekuje milo");
        assert_eq!(
            normalize("Tusen takk, ha det godt, Grüße"),
            "tusen takk ha det godt grusse"
        );
        assert_eq!(normalize("خیلی ممنون"), normalize("خيلي ممنون"));
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

    #[test]
    fn one_typo_is_forgiven_when_only_one_word_fits() {
        let c = Classifier::new();
        for typo in [
            "thnaks",
            "thansk",
            "helo there",
            "goodbey",
            "thank yoou",
            "thnaks budyy",
        ] {
            assert!(c.classify(typo).is_some(), "{typo}");
        }
        for request in [
            "hi, refund?",
            "thanks, invoice",
            "hello weather",
            "thnaks, cancel my order",
            "ok, vai avanti",
        ] {
            assert!(c.classify(request).is_none(), "{request}");
        }
    }

    #[test]
    fn keyboard_slips_of_common_words_even_when_the_slip_is_a_lexicon_word() {
        let c = Classifier::new();
        for (text, expected) in [
            ("se you later", Category::Goodbye),
            ("thank yu", Category::Thanks),
            ("thamk you", Category::Thanks),
            ("hwo are you", Category::HowAreYou),
            ("see yoi later", Category::Goodbye),
            ("thnak yuo", Category::Thanks),
            ("have a nive day", Category::Goodbye),
        ] {
            assert_eq!(
                c.classify(text).map(|c| c.category),
                Some(expected),
                "{text}"
            );
        }
        for request in [
            "who are you",
            "be nice",
            "nope, all good",
            "now what",
            "say hello",
            "hwo do i reset it",
            "thamk you, refund",
        ] {
            assert!(c.classify(request).is_none(), "{request}");
        }
    }

    #[test]
    fn a_capitalised_name_is_a_vocative_but_not_in_a_question() {
        let c = Classifier::new();
        assert_eq!(
            c.classify("Thanks Maria!").map(|c| c.category),
            Some(Category::Thanks)
        );
        assert!(c.classify("Good morning, Ahmed").is_some());
        assert!(c.classify("Спасибо, Анна!").is_some());
        assert!(c.classify("Thank you, Dr Smith").is_some());
        assert!(c.classify("Hey Sam!").is_some());
        assert!(c.classify("Maria, thank you").is_some());
        assert!(
            c.classify("Refund thanks").is_none(),
            "a leading name needs a comma"
        );
        assert!(
            c.classify("Hello Anna, Refund").is_none(),
            "three names is not a vocative"
        );
        assert!(c.classify("Hi Maria, where is my order?").is_none());
        assert!(c.classify("Hello Refund?").is_none());
        assert!(c.classify("Thanks, Refund?").is_none());
        assert!(c.classify("thanks refund").is_none(), "not capitalised");
        assert!(c.classify("Maria").is_none(), "a name alone");
        assert!(
            c.classify("Thanks. Refund").is_none(),
            "a capital after a full stop starts a sentence"
        );
        assert!(c.classify("Hi! Refund please").is_none());
    }

    #[test]
    fn names_in_longer_messages_questions_titles_and_lower_case() {
        let c = Classifier::new();
        let category = |text: &str| c.classify(text).map(|c| c.category);
        for (text, expected) in [
            ("thank you Alex, that was great", Category::Thanks),
            ("hello Nova, nice to meet you", Category::Greeting),
            ("how are you doing today, Sam", Category::HowAreYou),
            ("How are you, Sam?", Category::HowAreYou),
            ("Raj, how are you doing?", Category::HowAreYou),
            ("Hi Tom, how are you?", Category::HowAreYou),
            ("Good morning, Mr. Patel", Category::Greeting),
            ("Good afternoon Dr. Lee", Category::Greeting),
            ("Thanks, Mary-Jane!", Category::Thanks),
            ("thanks mike", Category::Thanks),
            ("hey jake 👋", Category::Greeting),
            ("morning dave", Category::Greeting),
            ("bye priya", Category::Goodbye),
            ("thanks chidi, that was helpful", Category::Thanks),
            ("sam, thank you", Category::Thanks),
        ] {
            assert_eq!(category(text), Some(expected), "{text}");
        }
        for request in [
            "How is Maria?",
            "How's Tom doing?",
            "hi sam, where is my order?",
            "thanks, will",
            "hello ram",
            "hi Maria, can you help",
            "thanks mike can you check my order",
            "Good morning, Mr. Patel wants a refund",
        ] {
            assert_eq!(category(request), None, "{request}");
        }
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
        fn mixed_scripts_marks_and_joiners_never_panic(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "hi", "👋", "\u{200d}", "\u{200c}", "\u{200e}", "\u{200f}", "\u{202e}", "שלום", "مرحبا",
                "你好", "🙏🏽", "e\u{301}", "ǅ", "ß", "Σ", "\u{fe0f}", " ", "?", "thanks", "ありがとう",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let _ = Classifier::new().classify(&text);
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
    fn a_wave_or_folded_hands_alone_is_small_talk_other_emoji_are_not() {
        let c = Classifier::new();
        let category = |text: &str| c.classify(text).map(|c| c.category);
        assert_eq!(category("👋"), Some(Category::Greeting));
        assert_eq!(category("👋🏽👋🏽 😊"), Some(Category::Greeting));
        assert_eq!(category("🙏🙏🙏"), Some(Category::Thanks));
        assert_eq!(category("🙏🏻❤️!"), Some(Category::Thanks));
        assert_eq!(category("👋🙏"), Some(Category::Thanks));
        assert_eq!(category("o/"), Some(Category::Greeting));
        assert_eq!(category("\\o :D"), Some(Category::Greeting));
        assert_eq!(category("🙏 <3"), Some(Category::Thanks));
        for other in [
            "👍", "🙋", "👋❓", "😊", "❤️", "👋 ?", "🙏👍", "", "  ", ":)", ":D", "<3", "o/ ?",
        ] {
            assert_eq!(category(other), None, "{other}");
        }
    }

    #[test]
    fn a_megabyte_is_refused_without_scanning() {
        let text = "hi ".repeat(350_000);
        assert!(Classifier::new().classify(&text).is_none());
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
