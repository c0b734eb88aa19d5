// The one-typo gap filter, shared by `build.rs` (which fills it from the vocabulary) and `edits.rs`
// (which reads it): a bit set saying, for a prefix of one to `GAP_FILTER_DEPTH` letters and the two
// letters after a gap, whether some vocabulary word may start so ("in" + any letter + "oi"). A clear
// bit is certain (no word does); a set bit may be a collision. It spares the typo walk the widest
// nodes of the automaton, next to the root, where a word has the most neighbours to try.

/// Size of the filter in bytes (two bits per key; about 10,000 keys, so about 7 % false positives).
const GAP_FILTER_BYTES: usize = 8192;

/// Longest prefix the filter covers.
const GAP_FILTER_DEPTH: usize = 3;

/// The two bits of the filter for `prefix`, a gap of one letter, then `next` (two letters).
fn gap_filter_bits(prefix: &[u8], next: [u8; 2]) -> [usize; 2] {
    // FNV-1a, then a final mix so that both halves of the hash are usable.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in prefix.iter().chain(&[0]).chain(&next) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 32;
    let bits = (GAP_FILTER_BYTES * 8) as u64;
    [(hash % bits) as usize, ((hash >> 32) % bits) as usize]
}
