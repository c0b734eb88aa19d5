// Keyboard slips of the commonest English small-talk words; included by `build.rs`, which expands
// them into a table (slip → word) for the classifier, and by the crate for its tests.
//
// The classifier's general typo repair only reads words that are not in the lexicon, and only when
// every reading agrees; it cannot read "se you later" ("se" is a Spanish word of the lexicon) or
// "thank yu". This table can: for each word below, every one-letter slip — a letter left out, typed
// twice, two letters swapped, or a neighbouring key on a QWERTY keyboard hit instead — is read as
// that word, when the reading makes the whole message English small talk. A slip of two of these
// words at once ("hoe" for how and hope) is not read, nor is a slip that is an English word of its own
// ("who", "now", "be", "car"), which the user may have meant.

/// The words whose slips are read.
#[allow(dead_code)]
pub(crate) const SLIP_WORDS: &[&str] = &[
    "how",
    "are",
    "you",
    "your",
    "thank",
    "thanks",
    "hello",
    "hey",
    "morning",
    "afternoon",
    "evening",
    "night",
    "good",
    "great",
    "nice",
    "meet",
    "meeting",
    "see",
    "later",
    "bye",
    "goodbye",
    "have",
    "day",
    "doing",
    "going",
    "talk",
    "talking",
    "chat",
    "chatting",
    "speaking",
    "soon",
    "care",
    "take",
    "much",
    "very",
    "appreciate",
    "appreciated",
    "helpful",
    "help",
    "there",
    "today",
    "been",
    "well",
    "again",
    "pleasure",
    "everything",
    "everyone",
    "weekend",
    "week",
    "life",
    "things",
    "tomorrow",
    "cheers",
    "awesome",
    "amazing",
    "perfect",
    "really",
    "hope",
    "glad",
    "friend",
    "happy",
    "wonderful",
    "fantastic",
    "excellent",
    "brilliant",
    "answer",
    "time",
    "feeling",
    "keeping",
    "hows",
    "whats",
    "welcome",
];

/// Words whose slips are read since the twelfth round, after the keyboard slips of the eighth
/// English probe set and of the session's own mutations of the development sets' small talk (a
/// letter swapped, left out, doubled, a neighbouring key, a vowel for another): words of thanks,
/// greetings, letter closings and forms of address, and the short words between them ("thanks fro
/// everything", "warm regrads", "hey buddyy", "all teh best"). Their slips, and a vowel typed for
/// another in every word of [`SLIP_WORDS`] too ("guod morning", "how aru you"), are read only when
/// they are no English word and no word of a phrase (`build.rs` looks them up in
/// `english_words.txt` and the lexicon's vocabulary) and, for these words, of three letters or
/// more: no list was written by hand for them, as [`NOT_SLIPS`] was for the first words.
#[allow(dead_code)]
pub(crate) const ROUND12_SLIP_WORDS: &[&str] = &[
    "for",
    "the",
    "all",
    "with",
    "regards",
    "best",
    "wishes",
    "sincerely",
    "kind",
    "warm",
    "many",
    "mate",
    "buddy",
    "hiya",
    "heya",
    "howdy",
    "goodnight",
    "tonight",
    "lot",
    "fine",
    "lovely",
    "sir",
    "madam",
    "catch",
    "gotta",
    "greetings",
    "grateful",
    "thankful",
    "assistance",
    "support",
    "dear",
    "folks",
    "guys",
    "just",
    "wanted",
];

/// Slips that are English words in their own right, left to the model.
#[allow(dead_code)]
const NOT_SLIPS: &[&str] = &[
    "acre",
    "age",
    "alter",
    "appreciates",
    "ars",
    "ate",
    "ay",
    "be",
    "bee",
    "ben",
    "bern",
    "bight",
    "bow",
    "bows",
    "by",
    "bys",
    "cage",
    "car",
    "card",
    "carr",
    "cars",
    "cat",
    "catting",
    "char",
    "charting",
    "cheer",
    "coon",
    "da",
    "dare",
    "dat",
    "dee",
    "dell",
    "ding",
    "eben",
    "ell",
    "fake",
    "fare",
    "fay",
    "fiend",
    "food",
    "fried",
    "gad",
    "gain",
    "gave",
    "goad",
    "god",
    "gold",
    "gong",
    "goof",
    "goos",
    "greta",
    "hake",
    "hank",
    "hat",
    "hats",
    "hatting",
    "he",
    "hep",
    "here",
    "hings",
    "hod",
    "hods",
    "hoes",
    "hole",
    "hood",
    "hop",
    "hops",
    "hour",
    "howe",
    "hwy",
    "ice",
    "jello",
    "keeling",
    "lad",
    "lager",
    "late",
    "latter",
    "layer",
    "lice",
    "lie",
    "lief",
    "lire",
    "lite",
    "live",
    "met",
    "mete",
    "meting",
    "mice",
    "mich",
    "might",
    "mope",
    "mow",
    "mows",
    "mush",
    "nappy",
    "nave",
    "nigh",
    "nope",
    "now",
    "nows",
    "our",
    "peaking",
    "prefect",
    "rake",
    "rally",
    "ray",
    "reeling",
    "rime",
    "rood",
    "say",
    "seek",
    "sell",
    "sew",
    "shat",
    "sheers",
    "son",
    "taking",
    "tale",
    "tall",
    "tame",
    "thee",
    "thing",
    "thins",
    "thongs",
    "three",
    "tie",
    "tike",
    "tim",
    "tims",
    "tine",
    "tings",
    "tome",
    "tour",
    "tow",
    "tows",
    "treat",
    "vlad",
    "way",
    "what",
    "ye",
    "yelp",
    "yo",
    "youd",
];

/// English words typed for a small-talk word they sound like or nearly spell ("nice to meat you",
/// "take car", "have a good weak"): read as that word only in a message of two words or more, one
/// per message, when the reading makes all of it English small talk ("too" and "two" for "to": "nice
/// too meet you"; "you" for "your", its last letter left out: "hows you day going"; "yo", a greeting,
/// for "you": "how are yo"). Sorted by the
/// typed word. Left
/// out because the typed word makes requests with small-talk words: "by" ("by then", "by now"),
/// "tank" ("tank please"), "son", "here", "now", "who".
#[allow(dead_code)]
pub(crate) const REAL_WORD_SLIPS: &[(&str, &str)] = &[
    ("car", "care"),
    ("god", "good"),
    ("grate", "great"),
    ("hay", "hey"),
    ("latter", "later"),
    ("meat", "meet"),
    ("meating", "meeting"),
    ("mourning", "morning"),
    ("sea", "see"),
    ("their", "there"),
    ("too", "to"),
    ("two", "to"),
    ("weak", "week"),
    ("yo", "you"),
    ("you", "your"),
];

/// Chat spellings (numbers for syllables, letters for words, clipped words) and the English words
/// they stand for ("nice 2 meet u", "gud day", "see u 2morrow"): all of a message's chat spellings
/// are read at once, in a message of two words or more, when the reading makes the message English
/// small talk. Many are phrases of their own in some templates; this reads them in all. Also the
/// commonest misspellings of small-talk words that are two edits away, beyond the one-typo repair
/// ("thier", "greatful", "tommorow"). Sorted.
#[allow(dead_code)]
pub(crate) const CHAT_SPELLINGS: &[(&str, &str)] = &[
    ("2", "to"),
    ("2day", "today"),
    ("2moro", "tomorrow"),
    ("2morow", "tomorrow"),
    ("2morrow", "tomorrow"),
    ("2mrw", "tomorrow"),
    ("2nite", "tonight"),
    ("2nyt", "tonight"),
    ("4", "for"),
    ("aftn", "afternoon"),
    ("b4", "before"),
    ("da", "the"),
    ("dat", "that"),
    ("dis", "this"),
    ("evng", "evening"),
    ("freind", "friend"),
    ("gd", "good"),
    ("gr8", "great"),
    ("greatful", "grateful"),
    ("gud", "good"),
    ("hav", "have"),
    ("hv", "have"),
    ("hw", "how"),
    ("l8r", "later"),
    ("luv", "love"),
    ("m8", "mate"),
    ("mrng", "morning"),
    ("n", "and"),
    ("nd", "and"),
    ("nite", "night"),
    ("nyt", "night"),
    ("pls", "please"),
    ("plz", "please"),
    ("r", "are"),
    ("recieved", "received"),
    ("sm", "so much"),
    ("thier", "there"),
    ("thnq", "thank"),
    ("thx", "thanks"),
    ("tmr", "tomorrow"),
    ("tmrw", "tomorrow"),
    ("tnx", "thanks"),
    ("tommorow", "tomorrow"),
    ("tommorrow", "tomorrow"),
    ("tomorow", "tomorrow"),
    ("u", "you"),
    ("ur", "your"),
    ("wat", "what"),
    ("wid", "with"),
    ("wit", "with"),
    ("wkend", "weekend"),
    ("wknd", "weekend"),
    ("wot", "what"),
    ("ya", "you"),
    ("yu", "you"),
];

/// Keys next to `key` on a QWERTY keyboard.
#[allow(dead_code)]
fn neighbour_keys(key: u8) -> Vec<u8> {
    const ROWS: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];
    let Some((row, col)) = ROWS
        .iter()
        .enumerate()
        .find_map(|(r, keys)| keys.iter().position(|&k| k == key).map(|c| (r, c)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The rows and columns around the key: one before (if any), its own, one after (if any).
    let around = |i: usize| (i.saturating_sub(1), i + 2 - i.saturating_sub(1));
    let (first_row, rows) = around(row);
    let (first_col, cols) = around(col);
    for (r, keys) in ROWS.iter().enumerate().skip(first_row).take(rows) {
        for (c, &k) in keys.iter().enumerate().skip(first_col).take(cols) {
            if (r, c) != (row, col) {
                out.push(k);
            }
        }
    }
    out
}

/// Every slip of `word` (ASCII lower case): one letter left out (keeping two letters or more),
/// doubled, swapped with the next, or replaced by a neighbouring key.
#[allow(dead_code)]
fn slips_of(word: &str) -> Vec<String> {
    let bytes = word.as_bytes();
    let mut out: Vec<Vec<u8>> = Vec::new();
    for i in 0..bytes.len() {
        if bytes.len() > 2 {
            out.push([&bytes[..i], &bytes[i + 1..]].concat());
        }
        out.push([&bytes[..=i], &bytes[i..]].concat());
        for key in neighbour_keys(bytes[i]) {
            let mut replaced = bytes.to_vec();
            replaced[i] = key;
            out.push(replaced);
        }
        if i + 1 < bytes.len() && bytes[i] != bytes[i + 1] {
            let mut swapped = bytes.to_vec();
            swapped.swap(i, i + 1);
            out.push(swapped);
        }
    }
    out.into_iter()
        .filter_map(|w| String::from_utf8(w).ok())
        .collect()
}

/// Every word of `word` with one vowel after the first letter typed for another ("guod", "aru").
#[allow(dead_code)]
fn vowel_slips_of(word: &str) -> Vec<String> {
    let bytes = word.as_bytes();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if b"aeiou".contains(&b) {
            for &vowel in b"aeiou".iter().filter(|&&v| v != b) {
                let mut replaced = bytes.to_vec();
                replaced[i] = vowel;
                out.extend(String::from_utf8(replaced));
            }
        }
    }
    out
}

/// Every word whose slips are read: [`SLIP_WORDS`], then [`ROUND12_SLIP_WORDS`].
#[allow(dead_code)]
pub(crate) fn slip_words() -> impl Iterator<Item = &'static str> {
    SLIP_WORDS.iter().chain(ROUND12_SLIP_WORDS).copied()
}

/// The slip table, sorted by slip: each slip of a word of [`SLIP_WORDS`] and of
/// [`ROUND12_SLIP_WORDS`] that is neither one of those words, nor a slip of two of them, nor in
/// [`NOT_SLIPS`]; the slips of the twelfth round (see [`ROUND12_SLIP_WORDS`]) only where
/// `is_word` (an English word or a word of a phrase) is false.
#[allow(dead_code)]
pub(crate) fn slip_table(is_word: impl Fn(&str) -> bool) -> Vec<(String, &'static str)> {
    let mut table: std::collections::BTreeMap<String, Option<&'static str>> = Default::default();
    let checked = |slip: &String| !is_word(slip);
    let new_slips = |word: &'static str| {
        slips_of(word)
            .into_iter()
            .chain(vowel_slips_of(word))
            .filter(|slip| slip.len() >= 3)
            .filter(checked)
            .map(move |slip| (slip, word))
            .collect::<Vec<_>>()
    };
    let slips = SLIP_WORDS
        .iter()
        .flat_map(|&word| {
            let vowels = vowel_slips_of(word).into_iter().filter(checked);
            slips_of(word)
                .into_iter()
                .chain(vowels)
                .map(move |slip| (slip, word))
        })
        .chain(ROUND12_SLIP_WORDS.iter().flat_map(|&word| new_slips(word)));
    for (slip, word) in slips {
        if slip_words().any(|w| w == slip) || NOT_SLIPS.contains(&slip.as_str()) {
            continue;
        }
        table
            .entry(slip)
            .and_modify(|w| {
                if *w != Some(word) {
                    *w = None;
                }
            })
            .or_insert(Some(word));
    }
    table
        .into_iter()
        .filter_map(|(slip, word)| Some((slip, word?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_read_as_their_word_unless_shared_or_words_themselves() {
        let table = slip_table(|w| ["goad", "thinks", "fro"].contains(&w));
        let get = |slip: &str| {
            table
                .binary_search_by(|(s, _)| s.as_str().cmp(slip))
                .ok()
                .map(|i| table[i].1)
        };
        assert_eq!(get("se"), Some("see"), "a letter left out");
        assert_eq!(get("thamk"), Some("thank"), "a neighbouring key");
        assert_eq!(get("hwo"), Some("how"), "two letters swapped");
        assert_eq!(get("yuo"), Some("you"));
        assert_eq!(get("goodd"), Some("good"), "a letter typed twice");
        let sorted = |key: u8| {
            let mut keys = neighbour_keys(key);
            keys.sort_unstable();
            keys
        };
        assert_eq!(sorted(b'a'), b"qswxz");
        assert_eq!(sorted(b'g'), b"bfhnrtvy");
        assert_eq!(sorted(b'p'), b"lo");
        assert_eq!(get("hoe"), None, "how and hope");
        assert_eq!(get("hellp"), None, "hello and help");
        for word in [
            "now", "be", "car", "what", "here", "our", "nope", "say", "who",
        ] {
            assert_eq!(get(word), None, "{word} is a word");
        }
        assert_eq!(get("guod"), Some("good"), "a vowel for another");
        assert_eq!(
            get("regrads"),
            Some("regards"),
            "a word of the twelfth round"
        );
        assert_eq!(get("thonks"), Some("thanks"));
        assert_eq!(get("goad"), None, "a vowel slip that is a word");
        assert_eq!(get("thinks"), None);
        assert_eq!(get("fro"), None, "a twelfth-round slip that is a word");
        assert_eq!(get("fo"), None, "two letters");
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert!(
            REAL_WORD_SLIPS.windows(2).all(|w| w[0].0 < w[1].0),
            "real-word slips sorted"
        );
        assert!(
            CHAT_SPELLINGS.windows(2).all(|w| w[0].0 < w[1].0),
            "chat spellings sorted"
        );
        assert!(table.iter().all(|(s, _)| !slip_words().any(|w| w == s)));
    }
}
