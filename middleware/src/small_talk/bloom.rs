// The Bloom filter of English words (`english_words.txt`), shared by `build.rs`, which fills it, and
// `english.rs`, which asks it: its size, its two bit positions per word, and the endings that fold a
// word into a shorter one (only the shortest form of a word is stored; "invoices", "invoiced" and
// "invoicing" are found through "invoice"). A false answer is always right; a true one is wrong for
// about one word in seven that is not English, which then stays with the model.

/// Bytes of the filter: 12 KiB, about 3.9 bits per stored word.
const ENGLISH_BLOOM_BYTES: usize = 12 * 1024;

/// Longest word the filter is asked about (and holds); names no list holds are as long at most.
const ENGLISH_WORD_MAX: usize = 8;

/// Shortest word the filter holds.
const ENGLISH_WORD_MIN: usize = 3;

/// An ending and what replaces it, for folding a word into a shorter one.
const ENGLISH_ENDINGS: &[(&str, &str)] = &[
    ("s", ""),
    ("es", ""),
    ("d", ""),
    ("ed", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("r", ""),
    ("er", ""),
    ("ers", ""),
    ("est", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ier", "y"),
    ("iest", "y"),
    ("ness", ""),
    ("ment", ""),
    ("ful", ""),
    ("less", ""),
    ("able", ""),
    ("ism", ""),
    ("ist", ""),
    ("ity", ""),
    ("ally", ""),
    ("ation", "e"),
    ("ation", ""),
    ("ions", ""),
    ("ion", ""),
    ("ion", "e"),
];

/// The two bit positions of `word` (FNV-1a, 64 bits, split into two halves for double hashing).
fn english_bloom_bits(word: &[u8]) -> [usize; 2] {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let bits = (ENGLISH_BLOOM_BYTES * 8) as u64;
    let (low, high) = (hash & 0xffff_ffff, (hash >> 32) | 1);
    [(low % bits) as usize, (low.wrapping_add(high) % bits) as usize]
}

/// Calls `found` with each shorter form of `word` its endings give (of [`ENGLISH_WORD_MIN`] letters
/// or more), built in `buffer`, until `found` returns true; returns whether it did.
fn english_folds(word: &[u8], buffer: &mut [u8], mut found: impl FnMut(&[u8]) -> bool) -> bool {
    ENGLISH_ENDINGS.iter().any(|(ending, replacement)| {
        let Some(stem) = word.strip_suffix(ending.as_bytes()) else {
            return false;
        };
        let len = stem.len() + replacement.len();
        if len < ENGLISH_WORD_MIN || len > buffer.len() {
            return false;
        }
        buffer[..stem.len()].copy_from_slice(stem);
        buffer[stem.len()..len].copy_from_slice(replacement.as_bytes());
        found(&buffer[..len])
    })
}
