//! Whether a word is English, for names no list holds: "hey zorbo" greets someone, "hi, invoice"
//! asks for something. A Bloom filter of about 44,000 English words of three to eight letters
//! (dictionary words, proper nouns, the words of CLINC150's requests, chat abbreviations, technical
//! and brand words; see `english_words.txt` and `scripts/english_words.py`), built by `build.rs`:
//! 12 KiB, two lookups per form of the word, no allocation.

include!("bloom.rs");

static ENGLISH_BLOOM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english_words.bloom"));

fn holds(word: &[u8]) -> bool {
    english_bloom_bits(word).iter().all(|&bit| {
        ENGLISH_BLOOM
            .get(bit / 8)
            .is_some_and(|byte| byte & (1 << (bit % 8)) != 0)
    })
}

/// Whether `word` (normalised: lower-case ASCII letters) may be an English word or an inflection of
/// one. True for every word of the list and its endings; true also for about one other word in
/// seven (the filter's false positives), so a name no list holds is sometimes left to the model,
/// never the other way round. Words longer than eight letters are taken for English.
pub(crate) fn is_english(word: &str) -> bool {
    let word = word.as_bytes();
    if word.len() > ENGLISH_WORD_MAX {
        return true;
    }
    let mut buffer = [0u8; ENGLISH_WORD_MAX];
    holds(word) || english_folds(word, &mut buffer, holds)
}

#[cfg(test)]
mod tests {
    use super::is_english;

    #[test]
    fn english_words_and_their_inflections_are_english() {
        for word in [
            "invoice",
            "invoices",
            "refund",
            "refunded",
            "world",
            "command",
            "help",
            "pizza",
            "weather",
            "summary",
            "colour",
            "summarise",
            "pdf",
            "sql",
            "wifi",
            "login",
            "spanish",
            "paris",
            "friday",
            "pixel",
            "orbit",
            "asap",
            "pls",
            "printing",
            "happily",
            "cheaper",
        ] {
            assert!(is_english(word), "{word}");
        }
    }

    #[test]
    fn invented_and_foreign_names_are_mostly_not() {
        let names = [
            "zorbo", "nanami", "xiao", "tiko", "mochi", "lumi", "zorblax", "quix", "ngozi",
            "thandiwe", "olumide", "ximena", "aiyana", "siobhan", "chidera", "yusuf", "bleepo",
        ];
        let english = names.iter().filter(|n| is_english(n)).count();
        assert!(
            english <= 4,
            "{english} of {} names taken for English",
            names.len()
        );
    }
}
