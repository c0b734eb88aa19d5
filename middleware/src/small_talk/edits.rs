//! Known words one typing error away from a word, for the classifier's typo correction: one walk
//! along the word in the vocabulary automaton, trying every edit at each letter whose prefix is
//! still a prefix of some word. Nothing is allocated unless a word is found, and the gap filter
//! built by `build.rs` skips the neighbours of the widest nodes when no word could follow them.

use fst::raw::{Fst, Node};

include!("gap_filter.rs");

/// See `gap_filter.rs`.
static GAP_FILTER: &[u8; GAP_FILTER_BYTES] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gap_filter.bin"));

/// Whether some vocabulary word may start with `prefix`, any letter, then `next` (false only when
/// none does). Always true beyond the filter's depth or with fewer than two letters after the gap.
fn may_fill_gap(prefix: &[u8], next: &[u8]) -> bool {
    match next {
        [a, b, ..] if prefix.len() <= GAP_FILTER_DEPTH => gap_filter_bits(prefix, [*a, *b])
            .iter()
            .all(|&bit| GAP_FILTER[bit / 8] & (1 << (bit % 8)) != 0),
        _ => true,
    }
}

/// The node `bytes` lead to from `node`, if any.
fn follow<'f>(fst: &'f Fst<&[u8]>, mut node: Node<'f>, bytes: &[u8]) -> Option<Node<'f>> {
    for &byte in bytes {
        let i = node.find_input(byte)?;
        node = fst.node(node.transition_addr(i));
    }
    Some(node)
}

/// Whether `bytes` lead from `node` to the end of a word.
fn accepts(fst: &Fst<&[u8]>, node: Node<'_>, bytes: &[u8]) -> bool {
    follow(fst, node, bytes).is_some_and(|end| end.is_final())
}

/// Known words made by swapping two neighbouring letters of `word`, in the order of the swaps.
pub(super) fn swaps(vocabulary: &Fst<&[u8]>, word: &[u8]) -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    // `node` is reached by `word[..i]`: a swap further on keeps that prefix.
    let mut node = vocabulary.root();
    for i in 0..word.len().saturating_sub(1) {
        let (here, next) = (word[i], word[i + 1]);
        if here != next
            && follow(vocabulary, node, &[next, here])
                .is_some_and(|n| accepts(vocabulary, n, &word[i + 2..]))
        {
            let mut swapped = word.to_vec();
            swapped.swap(i, i + 1);
            found.push(swapped);
        }
        match follow(vocabulary, node, &[here]) {
            Some(n) => node = n,
            None => break,
        }
    }
    found
}

/// Known words one edit (insertion, deletion, substitution or swap of neighbours, the first letter
/// kept unless swapped with the second) away from `word`, sorted; none when there are more than
/// `max` (that is no correction at all).
pub(super) fn one_edit_away(vocabulary: &Fst<&[u8]>, word: &[u8], max: usize) -> Vec<Vec<u8>> {
    let mut found: Vec<Vec<u8>> = Vec::new();
    // Adds a word; false when there are too many.
    let mut add = |candidate: Vec<u8>| {
        if !found.contains(&candidate) {
            found.push(candidate);
        }
        found.len() <= max
    };
    let Some((&first, _)) = word.split_first() else {
        return Vec::new();
    };
    // People rarely mistype the first letter; fixing it would walk every branch of the root.
    // `node` is reached by `word[..i]`.
    let mut node = follow(vocabulary, vocabulary.root(), &[first]);
    let mut i = 1;
    while let Some(here_node) = node {
        let prefix = &word[..i];
        let Some((&here, tail)) = word[i..].split_first() else {
            // A letter missing at the end.
            for t in here_node.transitions() {
                if vocabulary.node(t.addr).is_final() && !add([word, &[t.inp]].concat()) {
                    return Vec::new();
                }
            }
            break;
        };
        // A letter too many.
        if accepts(vocabulary, here_node, tail) && !add([prefix, tail].concat()) {
            return Vec::new();
        }
        // A letter missing here, or a wrong one.
        let missing = may_fill_gap(prefix, &word[i..]);
        let wrong = may_fill_gap(prefix, tail);
        if missing || wrong {
            for t in here_node.transitions() {
                let next = vocabulary.node(t.addr);
                if missing
                    && accepts(vocabulary, next, &word[i..])
                    && !add([prefix, &[t.inp], &word[i..]].concat())
                {
                    return Vec::new();
                }
                if wrong
                    && t.inp != here
                    && accepts(vocabulary, next, tail)
                    && !add([prefix, &[t.inp], tail].concat())
                {
                    return Vec::new();
                }
            }
        }
        // Two neighbours swapped.
        if let Some((&second, after)) = tail.split_first() {
            if second != here
                && follow(vocabulary, here_node, &[second, here])
                    .is_some_and(|n| accepts(vocabulary, n, after))
                && !add([prefix, &[second, here], after].concat())
            {
                return Vec::new();
            }
        }
        node = follow(vocabulary, here_node, &[here]);
        i += 1;
    }
    // Two first letters swapped ("htanks").
    if let [first, second, after @ ..] = word {
        if second != first
            && follow(vocabulary, vocabulary.root(), &[*second, *first])
                .is_some_and(|n| accepts(vocabulary, n, after))
            && !add([&[*second, *first], after].concat())
        {
            return Vec::new();
        }
    }
    found.sort();
    found
}

/// Whether `parts`, one after the other, make a word of the vocabulary.
pub(super) fn is_word(vocabulary: &Fst<&[u8]>, parts: &[&[u8]]) -> bool {
    let mut node = vocabulary.root();
    for part in parts {
        match follow(vocabulary, node, part) {
            Some(next) => node = next,
            None => return false,
        }
    }
    node.is_final()
}

/// The places where `word` splits into two words of the vocabulary, in order: one walk along the
/// word, a lookup of the rest only where the first part is a word.
pub(super) fn splits(vocabulary: &Fst<&[u8]>, word: &[u8]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut node = vocabulary.root();
    for cut in 1..word.len() {
        match follow(vocabulary, node, &word[cut - 1..cut]) {
            Some(next) => node = next,
            None => break,
        }
        if node.is_final() && is_word(vocabulary, &[&word[cut..]]) {
            cuts.push(cut);
        }
    }
    cuts
}
