// Text normalisation shared by the classifier and `build.rs` (which normalises the lexicon with it).

use unicode_normalization::UnicodeNormalization;

/// Chinese, Japanese and Thai are written without spaces between words.
pub(crate) fn is_unspaced_script(c: char) -> bool {
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

/// ASCII emoticons, each replaced by a space, and whether one of them was a waving arm ("o/", "\\o",
/// "\\o/"). Those made of punctuation alone (":)", ";-(") are separators anyway; the point is the
/// ones with a letter or a digit, which would otherwise leave a word behind: ":D", ":P", ":3",
/// "<3", "</3", "o_o", "T_T", "o/". A letter or digit right before or after one makes it part of a
/// word instead ("re:s", "1:3", "w/o", "x<3"), except before ":D" and ":P" ("thanks:D"). Also
/// "!1" and "!!11", exclamation marks typed with the shift key let go too soon ("thanks!1").
pub(crate) fn strip_emoticons(text: &str) -> (std::borrow::Cow<'_, str>, bool) {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut waved = false;
    let mut i = 0;
    while i < bytes.len() {
        let after_word = i > 0 && alnum(i - 1);
        let end = match bytes[i] {
            b':' | b';' | b'=' => {
                let mouth = i + 1 + usize::from(matches!(bytes.get(i + 1), Some(b'-' | b'\'')));
                match bytes.get(mouth) {
                    Some(&m) if b")(][}{|*<>$@DPpbOo03SsXxcC".contains(&m) => {
                        let run = bytes[mouth..].iter().take_while(|&&b| b == m).count();
                        let end = mouth + run;
                        let letter = m.is_ascii_alphanumeric();
                        let fits =
                            !letter || (!alnum(end) && (!after_word || matches!(m, b'D' | b'P')));
                        fits.then_some(end)
                    }
                    _ => None,
                }
            }
            b'<' if !after_word => {
                let three = i + 1 + usize::from(bytes.get(i + 1) == Some(&b'/'));
                let run = bytes[three.min(bytes.len())..]
                    .iter()
                    .take_while(|&&b| b == b'3')
                    .count();
                (run > 0 && !alnum(three + run)).then_some(three + run)
            }
            b'\\' if matches!(bytes.get(i + 1), Some(b'o' | b'O')) && !alnum(i + 2) => {
                waved = true;
                Some(i + 2 + usize::from(bytes.get(i + 2) == Some(&b'/')))
            }
            // "!1", "!!11": the shift key let go too soon while typing "!!!" ("thanks!1"); not
            // after a digit ("5!1").
            b'!' if !(i > 0 && bytes[i - 1].is_ascii_digit()) => {
                let run = bytes[i..]
                    .iter()
                    .take_while(|&&b| b == b'!' || b == b'1')
                    .count();
                let ones = bytes[i..i + run].contains(&b'1');
                (ones && !alnum(i + run)).then_some(i + run)
            }
            b'o' | b'O' if !after_word && bytes.get(i + 1) == Some(&b'/') && !alnum(i + 2) => {
                waved = true;
                Some(i + 2)
            }
            b'o' | b'O' | b'T' | b't' | b'u' | b'U' | b'x' | b'X'
                if !after_word
                    && bytes.get(i + 1) == Some(&b'_')
                    && bytes.get(i + 2) == Some(&bytes[i])
                    && !alnum(i + 3) =>
            {
                Some(i + 3)
            }
            _ => None,
        };
        match end {
            Some(end) => {
                spans.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    if spans.is_empty() {
        return (std::borrow::Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in spans {
        out.push_str(&text[last..start]);
        out.push(' ');
        last = end;
    }
    out.push_str(&text[last..]);
    (std::borrow::Cow::Owned(out), waved)
}

/// Normalises text for matching: compatibility folding, lower case, accents and apostrophes dropped,
/// ASCII emoticons dropped, every run of separators one space, a letter repeated three or more times
/// kept once ("hiii" → "hi").
pub fn normalize(text: &str) -> String {
    let (text, _) = strip_emoticons(text);
    let text = &*text;
    let mut spaced = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut fold = |c: char| {
        // One spelling per letter where keyboards and orthographies differ: Arabic hamza seats,
        // Persian and Urdu forms of yeh, kaf and heh, Greek final sigma (lower-casing "Σ" gives "σ"),
        // and Latin letters without a Unicode decomposition.
        let c = match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' | 'ی' | 'ې' => 'ي',
            'ک' => 'ك',
            'ہ' | 'ە' | 'ۀ' | 'ھ' => 'ه',
            'ς' => 'σ',
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            'ı' => 'i',
            'æ' => {
                push(&mut spaced, &mut pending_space, 'a');
                'e'
            }
            'ß' => {
                push(&mut spaced, &mut pending_space, 's');
                's'
            }
            other => other,
        };
        if matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ') {
            return;
        }
        if is_separator(c) {
            pending_space = !spaced.is_empty();
            return;
        }
        push(&mut spaced, &mut pending_space, c);
    };
    if text.is_ascii() {
        // Compatibility decomposition and composition leave ASCII as it is, and it has no marks to
        // drop: most messages skip both passes.
        text.chars()
            .map(|c| c.to_ascii_lowercase())
            .for_each(&mut fold);
    } else {
        text.nfkd()
            .filter(|c| !is_dropped_mark(*c))
            .nfc()
            .flat_map(char::to_lowercase)
            .for_each(&mut fold);
    }
    collapse_repeats(&spaced)
}

fn push(out: &mut String, pending_space: &mut bool, c: char) {
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(c);
}

/// Lexicon phrases are mostly plain ASCII already in normal form; only the others need the full
/// Unicode treatment (which dominates the build time otherwise).
#[allow(dead_code)]
pub(crate) fn normalize_lexicon(phrase: &str) -> String {
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
    use proptest::prelude::*;

    /// The full Unicode path, as [`normalize`] takes it for text that is not ASCII.
    fn unicode_path(text: &str) -> String {
        let mut spaced = String::new();
        let mut pending_space = false;
        for c in strip_emoticons(text)
            .0
            .nfkd()
            .filter(|c| !is_dropped_mark(*c))
            .nfc()
            .flat_map(char::to_lowercase)
        {
            if matches!(c, '\'' | '`') {
                continue;
            }
            if is_separator(c) {
                pending_space = !spaced.is_empty();
                continue;
            }
            push(&mut spaced, &mut pending_space, c);
        }
        collapse_repeats(&spaced)
    }

    #[test]
    fn emoticons_with_letters_are_dropped_but_not_inside_words() {
        assert_eq!(normalize("hey :D"), "hey");
        assert_eq!(normalize("thanks:P <3 </3 :-Dd"), "thanks dd");
        assert_eq!(normalize("o/ hi \\o/ T_T"), "hi");
        assert_eq!(normalize("ratio 1:3"), "ratio 1 3");
        assert_eq!(normalize("10:30"), "10 30");
        assert_eq!(normalize("w/o sugar"), "w o sugar");
        assert_eq!(normalize("is x<3"), "is x 3");
        assert_eq!(normalize("thank you!1 hi!!11!"), "thank you hi");
        assert_eq!(normalize("5!1 x!1y"), "5 1 x 1y");
        assert!(strip_emoticons("o/").1);
        assert!(!strip_emoticons("hi :)").1);
    }

    proptest! {
        #[test]
        fn ascii_takes_a_shortcut_to_the_same_result(text in "[ -~]{0,80}") {
            prop_assert_eq!(normalize(&text), unicode_path(&text));
        }
    }
}
