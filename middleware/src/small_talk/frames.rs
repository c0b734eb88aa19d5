//! Indirect small talk: a first-person hedge around a small-talk clause ("just wanted to say thanks",
//! "figured I'd say hi", "I was wondering how you are", "I'd like to know how things are with you",
//! "I wish you a very good evening"). The frame says nothing of its own; the message is small talk
//! only when the clause is, and nothing is left over: "I was wondering how to reset my password",
//! "just wanted to say my order never arrived" and "I'd like to know how you store my data" go to
//! the model.
//!
//! A frame is an optional lead-in that asks for nothing ("no questions", "nothing much"), or small
//! talk ("hey, …"); a subject ("I", "I'd", "I'm", "I was", "we"); adverbs ("just", "really"); a
//! hedge ("wanted to", "thought I'd", "came by to", "dropping a line to"), optionally a visit ("come
//! and", "pop in and"); then a verb of saying ("say", "tell you", "let you know", "send", "wish
//! you", "bid you") before a greeting, thanks or goodbye, or a verb of asking ("wondering", "curious",
//! "like to know", "wanted to see") before a "how are you" in the word order of a reported question
//! ("how you are", "how your day's been", "if you're ok"), which is put back in the order of a
//! question ("how are you", "how has your day been", "are you ok") before it is looked up.

use super::Category;

/// What the frame does with its clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// Says it: the clause is a greeting, thanks or goodbye ("… say thanks").
    Say,
    /// Wishes it: the clause is what is wished ("I wish you a good night": "have a good night").
    Wish,
    /// Asks it: the clause is a reported "how are you" ("I was wondering how you are").
    Ask,
}

impl Frame {
    /// Whether a clause of `category` completes this frame.
    pub(super) fn takes(self, category: Category) -> bool {
        match self {
            Frame::Say | Frame::Wish => true,
            // Not a greeting: "I'd like to know what's new" may ask about the product.
            Frame::Ask => category == Category::HowAreYou,
        }
    }
}

/// Words that may open a frame: the first word of a subject, an adverb, a hedge or a verb of saying
/// or asking. A message whose words at the possible starts are none of these has no frame, which a
/// few comparisons decide.
const OPENERS: &[&str] = &[
    "i",
    "im",
    "id",
    "ive",
    "ill",
    "we",
    "was",
    "am",
    "been",
    "just",
    "only",
    "really",
    "simply",
    "merely",
    "also",
    "actually",
    "honestly",
    "quickly",
    "sincerely",
    "truly",
    "genuinely",
    "wanted",
    "want",
    "wanna",
    "wish",
    "wished",
    "would",
    "like",
    "love",
    "hoping",
    "thought",
    "figured",
    "came",
    "come",
    "stopped",
    "stopping",
    "dropped",
    "dropping",
    "popped",
    "popping",
    "checking",
    "writing",
    "messaging",
    "reaching",
    "let",
    "lemme",
    "saying",
    "sending",
    "wondering",
    "curious",
    "here",
    "had",
    "have",
    "gotta",
    "must",
    "needed",
    "letting",
    "telling",
    "cant",
    "can",
    "cannot",
    "words",
    "a",
    "couldnt",
    "couldn",
    "could",
    "didnt",
    "didn",
    "did",
    "wont",
    "won",
    "wouldnt",
    "wouldn",
    "dont",
    "don",
];

/// Not leaving without saying it ("couldn't leave without saying thanks", "didn't want to go
/// without saying goodbye"): `words` after "without saying", if they start so.
fn eat_leaving<'w, 'a>(words: &'w [&'a str]) -> Option<&'w [&'a str]> {
    let rest = eat(
        words,
        &[
            "couldnt",
            "couldn t",
            "could not",
            "cant",
            "can t",
            "cannot",
            "wont",
            "won t",
            "didnt want to",
            "didn t want to",
            "did not want to",
            "wouldnt want to",
            "wouldn t want to",
            "dont want to",
            "don t want to",
        ],
    )?;
    let rest = eat(
        rest,
        &[
            "leave",
            "go",
            "log off",
            "sign off",
            "head off",
            "disappear",
            "go offline",
            "log out",
        ],
    )?;
    eat(rest, &["without saying", "without"])
}

/// What may come before a frame on its own: words that ask nothing ("no questions, just wanted to
/// say hi", "nothing much, just saying hello", "anyway, I'll say bye"). Small talk may too ("hey,
/// just wanted to say thanks").
const LEAD_INS: &[&str] = &[
    "no question",
    "no questions",
    "no question today",
    "no questions today",
    "no questions this time",
    "no question this time",
    "no questions for now",
    "no question for now",
    "no questions really",
    "no real question",
    "nothing much",
    "nothing much really",
    "not much",
    "nothing really",
    "nothing",
    "nothing special",
    "nothing in particular",
    "nothing to ask",
    "nothing to ask today",
    "no",
    "nah",
    "anyway",
    "anyways",
    "well",
    "so",
    "oh",
    "ok",
    "okay",
    "alright",
    "right",
    "and",
    "also",
    "ok so",
    "okay so",
    "well anyway",
    "ok anyway",
    "oh and",
    "and also",
];

/// Who speaks: "I", "I'd", "I'm", "I was", "we".
const SUBJECTS: &[&str] = &[
    "i",
    "im",
    "i m",
    "i am",
    "id",
    "i d",
    "i would",
    "i was",
    "was",
    "am",
    "ive",
    "i ve",
    "i have",
    "ive been",
    "i ve been",
    "i have been",
    "been",
    "we",
    "we d",
    "we would",
    "we were",
    "we just",
];

/// Adverbs between the subject and the hedge, or after it ("I'd just like to", "wanted to quickly
/// say").
const ADVERBS: &[&str] = &[
    "just",
    "only",
    "really",
    "simply",
    "merely",
    "also",
    "actually",
    "honestly",
    "quickly",
    "sincerely",
    "truly",
    "genuinely",
    "personally",
    "quickly just",
    "kinda",
    "kind of",
    "sort of",
];

/// Hedges after which a verb of saying or asking follows ("wanted to say", "thought I'd say", "came
/// by to say", "I'd like to know").
const HEDGES: &[&str] = &[
    "wanted to",
    "want to",
    "wanna",
    "wish to",
    "wished to",
    "would like to",
    "like to",
    "would love to",
    "love to",
    "was hoping to",
    "hoping to",
    "hoped to",
    "thought i d",
    "thought id",
    "thought i would",
    "thought i should",
    "thought i might",
    "thought i ll",
    "thought ill",
    "figured i d",
    "figured id",
    "figured i would",
    "figured i should",
    "figured i might",
    "decided to",
    "had to",
    "have to",
    "gotta",
    "got to",
    "must",
    "needed to",
    "came to",
    "came here to",
    "came by to",
    "came in to",
    "came on to",
    "come to",
    "here to",
    "stopped by to",
    "stopping by to",
    "stopped in to",
    "stopping in to",
    "dropped by to",
    "dropping by to",
    "dropped in to",
    "dropping in to",
    "popped in to",
    "popping in to",
    "popped by to",
    "popping by to",
    "popped on to",
    "popping on to",
    "swung by to",
    "swinging by to",
    "checking in to",
    "writing to",
    "messaging to",
    "texting to",
    "reaching out to",
    "ill",
    "i ll",
    "ll",
    "i will",
    "will",
    "i shall",
    "shall",
    "let me",
    "lemme",
    "allow me to",
    "to",
];

/// Verbs that send a note, before "a (quick) line / note / message to" ("dropping you a quick note
/// to say thanks").
const SENDING: &[&str] = &[
    "dropping",
    "dropped",
    "sending",
    "sent",
    "writing",
    "leaving",
    "shooting",
    "dropping in",
];

/// A note sent to say something ([`SENDING`]): `words` after "(you) (a|this) (quick|short) line
/// to", if they start so.
fn eat_note<'w, 'a>(words: &'w [&'a str]) -> Option<&'w [&'a str]> {
    // "a quick note to say thanks": the note without a verb too.
    let rest = eat(words, SENDING).unwrap_or(words);
    let rest = eat(rest, &["you"]).unwrap_or(rest);
    let rest = eat(rest, &["a", "this"]).unwrap_or(rest);
    let rest = eat(rest, &["quick", "short", "little", "brief"]).unwrap_or(rest);
    let rest = eat(rest, &["line", "note", "message", "msg", "text", "email"])?;
    eat(rest, &["to", "just to"])
}

/// A visit before the verb ("wanted to come say hello", "drop by and say hi").
const VISITS: &[&str] = &[
    "come",
    "come and",
    "come by and",
    "come on and",
    "come over and",
    "come in and",
    "pop in and",
    "pop by and",
    "pop on and",
    "stop by and",
    "stop in and",
    "drop by and",
    "drop in and",
    "swing by and",
    "check in and",
    "check in to",
    "reach out and",
    "hop on and",
    "hop in and",
    "log on and",
    "jump on and",
    "jump in and",
];

/// Verbs of saying, before a greeting, thanks or goodbye ("say hi", "tell you thanks", "send my
/// thanks"). Not after nothing but adverbs: "just say thanks" asks the assistant to say it.
const SAY_VERBS: &[&str] = &[
    "say",
    "tell you",
    "let you know",
    "send",
    "send you",
    "drop",
    "drop you",
    "leave",
    "leave you",
    "give you",
    "give",
    "offer",
    "offer you",
    "extend",
    "express",
    "convey",
    "pass on",
    "share",
];

/// Verbs of saying in the progressive, which need no hedge ("I'm just saying hi", "just saying
/// hello", "sending thanks").
const SAYING: &[&str] = &[
    "saying",
    "sending",
    "sending you",
    "dropping",
    "leaving",
    "letting you know",
    "telling you",
    "cant tell you",
    "can t tell you",
    "cannot tell you",
    "cant express",
    "can t express",
    "cannot express",
    "cant describe",
    "can t describe",
    "cannot describe",
    "words cant describe",
    "words can t describe",
    "words cannot describe",
    "words cant express",
    "words can t express",
    "words cannot express",
    "popping in to say",
    "popping by to say",
    "dropping in to say",
    "dropping by to say",
    "stopping by to say",
];

/// Verbs of wishing, whose object is what a goodbye wishes ("wish you a good night": "have a good
/// night"); performative after a bare subject too ("I wish you a very good evening").
const WISH_VERBS: &[&str] = &[
    "wish you",
    "wish u",
    "bid you",
    "wish",
    "bid",
    "wishing you",
];

/// Verbs of asking after a hedge ("wanted to know", "I'd love to hear", "wanted to see").
const ASK_VERBS: &[&str] = &[
    "know",
    "ask",
    "ask you",
    "ask after",
    "see",
    "check",
    "hear",
    "find out",
    "learn",
    "inquire",
    "enquire",
];

/// Verbs of asking that need no hedge ("I was wondering", "curious", "just checking to see").
const ASKING: &[&str] = &[
    "wondering",
    "wonder",
    "curious",
    "curious to know",
    "curious to hear",
    "curious to see",
    "curious about",
    "interested to know",
    "interested to hear",
    "keen to know",
    "keen to hear",
    "eager to know",
    "eager to hear",
    "dying to know",
    "checking in to see",
    "checking to see",
    "checking in on",
    "asking",
    "asking after",
    "enquiring",
    "inquiring",
    "hoping to hear",
];

/// Every word of the frames above, sorted: a message with a word no phrase holds has a frame only
/// when each such word is one of these ("wondering", "curious"), which a lookup per word decides
/// before any frame is parsed ("hi, how do I reset my password" has none).
const FRAME_WORDS: &[&str] = &[
    "a",
    "about",
    "actually",
    "after",
    "allow",
    "alright",
    "also",
    "am",
    "and",
    "anyway",
    "anyways",
    "are",
    "arrived",
    "ask",
    "asking",
    "been",
    "bid",
    "brief",
    "by",
    "came",
    "can",
    "cannot",
    "cant",
    "check",
    "checking",
    "come",
    "coming",
    "convey",
    "could",
    "couldn",
    "couldnt",
    "curious",
    "d",
    "day",
    "days",
    "decided",
    "describe",
    "did",
    "didn",
    "didnt",
    "disappear",
    "doing",
    "don",
    "dont",
    "drop",
    "dropped",
    "dropping",
    "dying",
    "eager",
    "email",
    "enquire",
    "enquiring",
    "evening",
    "everythings",
    "express",
    "extend",
    "farewell",
    "figured",
    "find",
    "for",
    "genuinely",
    "give",
    "go",
    "going",
    "gone",
    "good",
    "got",
    "gotta",
    "greet",
    "had",
    "has",
    "have",
    "head",
    "hear",
    "hello",
    "here",
    "hi",
    "holding",
    "honestly",
    "hop",
    "hoped",
    "hoping",
    "how",
    "i",
    "id",
    "if",
    "ill",
    "im",
    "in",
    "inquire",
    "inquiring",
    "interested",
    "is",
    "ive",
    "jump",
    "just",
    "keen",
    "kind",
    "kinda",
    "know",
    "learn",
    "leave",
    "leaving",
    "lemme",
    "let",
    "letting",
    "like",
    "line",
    "little",
    "ll",
    "log",
    "looking",
    "love",
    "m",
    "me",
    "merely",
    "message",
    "messaging",
    "might",
    "msg",
    "much",
    "must",
    "my",
    "nah",
    "needed",
    "never",
    "night",
    "no",
    "not",
    "note",
    "nothing",
    "now",
    "of",
    "off",
    "offer",
    "offline",
    "oh",
    "ok",
    "okay",
    "on",
    "only",
    "order",
    "out",
    "over",
    "particular",
    "pass",
    "personally",
    "pop",
    "popped",
    "popping",
    "question",
    "questions",
    "quick",
    "quickly",
    "re",
    "reach",
    "reaching",
    "real",
    "really",
    "right",
    "s",
    "say",
    "saying",
    "see",
    "send",
    "sending",
    "sent",
    "shall",
    "share",
    "shooting",
    "short",
    "should",
    "sign",
    "simply",
    "sincerely",
    "so",
    "sort",
    "special",
    "stop",
    "stopped",
    "stopping",
    "swing",
    "swinging",
    "swung",
    "t",
    "tell",
    "telling",
    "text",
    "texting",
    "thank",
    "thanks",
    "that",
    "this",
    "thought",
    "time",
    "to",
    "today",
    "treating",
    "truly",
    "u",
    "ve",
    "wanna",
    "want",
    "wanted",
    "was",
    "we",
    "well",
    "went",
    "were",
    "what",
    "whether",
    "will",
    "wish",
    "wished",
    "wishing",
    "without",
    "won",
    "wonder",
    "wondering",
    "wont",
    "words",
    "would",
    "wouldn",
    "wouldnt",
    "writing",
    "you",
    "your",
];

/// Whether `word` is a word of some frame ([`FRAME_WORDS`]).
pub(super) fn is_frame_word(word: &str) -> bool {
    FRAME_WORDS
        .binary_search_by(|w| w.bytes().cmp(word.bytes()))
        .is_ok()
}

/// The longest alternative of `alternatives` (each one or more words) that `words` starts with, and
/// the words after it.
fn eat<'w, 'a>(words: &'w [&'a str], alternatives: &[&str]) -> Option<&'w [&'a str]> {
    let first = words.first()?.as_bytes().first()?;
    let mut best: Option<&'w [&'a str]> = None;
    for alternative in alternatives {
        // Most alternatives differ at the first letter: no need to split them.
        if alternative.as_bytes().first() != Some(first) {
            continue;
        }
        let mut rest = words;
        let mut matched = true;
        for part in alternative.split(' ') {
            match rest.split_first() {
                Some((word, after)) if *word == part => rest = after,
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        if matched && best.is_none_or(|b| rest.len() < b.len()) {
            best = Some(rest);
        }
    }
    best
}

/// `words` after a run of adverbs, if any.
fn skip_adverbs<'w, 'a>(mut words: &'w [&'a str]) -> &'w [&'a str] {
    while let Some(rest) = eat(words, ADVERBS) {
        words = rest;
    }
    words
}

/// The frames that `words` open with, and their clauses (the words after the verb), in order: a
/// verb in the progressive ("just saying hi"), one of asking ("wondering"), a performative wish
/// ("I wish you"), then a hedge with a verb of wishing, asking or saying after it.
fn parse<'w, 'a>(words: &'w [&'a str], out: &mut Vec<(Frame, &'w [&'a str])>) {
    if !words.first().is_some_and(|w| OPENERS.contains(w)) {
        return;
    }
    let after_subject = eat(words, SUBJECTS);
    let rest = skip_adverbs(after_subject.unwrap_or(words));
    if let Some(clause) = eat(rest, SAYING).or_else(|| eat_leaving(rest)) {
        out.push((Frame::Say, clause));
    }
    if let Some(clause) = eat(rest, ASKING) {
        out.push((Frame::Ask, clause));
    }
    // A performative: "I wish you a pleasant evening", "we bid you farewell".
    if after_subject.is_some() {
        if let Some(clause) = eat(rest, WISH_VERBS) {
            out.push((Frame::Wish, clause));
        }
    }
    let Some(rest) = eat(rest, HEDGES)
        .or_else(|| eat_note(rest))
        .map(skip_adverbs)
    else {
        return;
    };
    let rest = eat(rest, VISITS).map_or(rest, skip_adverbs);
    if let Some(clause) = eat(rest, WISH_VERBS) {
        out.push((Frame::Wish, clause));
    } else if let Some(clause) = eat(rest, ASK_VERBS) {
        out.push((Frame::Ask, clause));
    } else if let Some(clause) = eat(rest, SAY_VERBS) {
        out.push((Frame::Say, clause));
    } else if rest
        .first()
        .is_some_and(|w| matches!(*w, "thank" | "thanks" | "greet"))
    {
        // The clause is a verb of its own: "I just wanted to thank you", "I'd like to greet you".
        out.push((Frame::Say, rest));
    }
}

/// Auxiliaries of a reported question, and what they are in a question ("how you're doing": "how
/// are you doing"). "s" is "has" before "been", "is" otherwise.
fn auxiliary(word: &str, next: Option<&str>) -> Option<&'static str> {
    Some(match word {
        "are" | "re" => "are",
        "is" => "is",
        "s" if next == Some("been") => "has",
        "s" => "is",
        "was" => "was",
        "were" => "were",
        "have" | "ve" => "have",
        "has" => "has",
        "am" | "m" => "am",
        _ => return None,
    })
}

/// Participles and words after which a subject ending in "s" is the subject and "'s" with the
/// apostrophe dropped ("how your day's been": "your days been").
const AFTER_CONTRACTED: &[&str] = &[
    "been", "going", "doing", "treating", "looking", "coming", "gone", "went", "holding",
];

/// Readings of a clause to look up, in order: for a wish, "have" before it ("a good night": "have a
/// good night"); the clause as it is; for a frame that asks, a reported question put back in the
/// order of a question ("how you are": "how are you", "if you're ok": "are you ok", "how your day's
/// been": "how has your day been"); for a frame that says, a reported exclamation put back in the
/// order of a statement ("how much I appreciate you": "I appreciate you", "how grateful I am": "I am
/// grateful").
pub(super) fn readings(frame: Frame, clause: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(2);
    if frame == Frame::Wish {
        // What is wished first: "a good evening" alone is a greeting, wished a goodbye.
        out.push(format!("have {}", clause.join(" ")));
    }
    out.push(clause.join(" "));
    let clause = match clause {
        ["that", rest @ ..] if frame != Frame::Ask => rest,
        _ => clause,
    };
    match frame {
        Frame::Wish => {}
        Frame::Say => match clause {
            ["how", "much", rest @ ..] if !rest.is_empty() => out.push(rest.join(" ")),
            // "how grateful I am", "how helpful you've been".
            ["how", adjective, subject, aux, rest @ ..] if auxiliary(aux, None).is_some() => {
                let (been, rest) = match rest {
                    ["been", rest @ ..] => (" been", rest),
                    _ => ("", rest),
                };
                out.push(
                    format!("{subject} {aux}{been} {adjective} {}", rest.join(" "))
                        .trim_end()
                        .to_owned(),
                );
            }
            _ => out.push(clause.join(" ")),
        },
        Frame::Ask => {
            let (question_word, reported) = match clause {
                ["if" | "whether", rest @ ..] => (None, rest),
                [wh @ ("how" | "what"), rest @ ..] => (Some(*wh), rest),
                _ => return out,
            };
            if let Some(inverted) = inverted(reported) {
                out.push(match question_word {
                    Some(wh) => format!("{wh} {inverted}"),
                    None => inverted,
                });
            }
        }
    }
    out
}

/// A reported question's subject and auxiliary swapped ("you are doing": "are you doing", "your
/// days been": "has your day been"): the subject of one to three words before the first auxiliary.
fn inverted(words: &[&str]) -> Option<String> {
    for at in 1..words.len().min(4) {
        let next = words.get(at + 1).copied();
        if let Some(aux) = auxiliary(words[at], next) {
            let subject = words[..at].join(" ");
            let rest = words[at + 1..].join(" ");
            return Some(format!("{aux} {subject} {rest}").trim_end().to_owned());
        }
        // "'s" fused with the subject: "how your days been", "how everythings going".
        let word = words[at - 1];
        if let (Some(stem), Some(next)) = (word.strip_suffix('s'), words.get(at)) {
            if stem.len() >= 2 && AFTER_CONTRACTED.contains(next) {
                let aux = if *next == "been" { "has" } else { "is" };
                let subject = [&words[..at - 1], &[stem]].concat().join(" ");
                let rest = words[at..].join(" ");
                return Some(format!("{aux} {subject} {rest}"));
            }
        }
    }
    None
}

/// Where a frame may start: at the start, or after a lead-in or small talk, within the first
/// [`MAX_LEAD_WORDS`] words.
const MAX_LEAD_WORDS: usize = 4;

/// Every way `words` split into words before a frame, a frame and its clause: (position of the
/// frame, frame, position of the clause).
pub(super) fn frames(words: &[&str]) -> Vec<(usize, Frame, usize)> {
    let mut out = Vec::new();
    let mut found = Vec::new();
    for start in 0..words.len().min(MAX_LEAD_WORDS + 1) {
        found.clear();
        parse(&words[start..], &mut found);
        for &(frame, clause) in &found {
            if !clause.is_empty() {
                out.push((start, frame, words.len() - clause.len()));
            }
        }
    }
    out
}

/// Whether `words` (the words before a frame) ask nothing on their own.
pub(super) fn is_lead_in(words: &[&str]) -> bool {
    words.is_empty() || LEAD_INS.contains(&words.join(" ").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn every_word_of_a_frame_is_a_frame_word() {
        assert!(FRAME_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
        let lists = [
            OPENERS, LEAD_INS, SUBJECTS, ADVERBS, HEDGES, SENDING, VISITS, SAY_VERBS, SAYING,
            WISH_VERBS, ASK_VERBS, ASKING,
        ];
        for list in lists {
            for alternative in list {
                for word in alternative.split(' ') {
                    assert!(is_frame_word(word), "{word}");
                }
            }
        }
        for word in [
            "wondering",
            "curious",
            "figured",
            "without",
            "line",
            "quick",
            "shooting",
        ] {
            assert!(is_frame_word(word), "{word}");
        }
        assert!(!is_frame_word("password"));
    }

    #[test]
    fn frames_are_found_with_their_clause() {
        let found = |text: &str| {
            let words = split(text);
            frames(&words)
                .first()
                .map(|&(start, frame, clause)| (start, frame, words[clause..].join(" ")))
        };
        for (text, start, frame, clause) in [
            ("just wanted to say thanks", 0, Frame::Say, "thanks"),
            ("figured id say hi", 0, Frame::Say, "hi"),
            ("i was wondering how you are", 0, Frame::Ask, "how you are"),
            ("no questions just wanted to say hi", 2, Frame::Say, "hi"),
            (
                "i wish you a good evening",
                0,
                Frame::Wish,
                "a good evening",
            ),
            ("i just wanted to thank you", 0, Frame::Say, "thank you"),
            (
                "couldnt leave without saying thanks",
                0,
                Frame::Say,
                "thanks",
            ),
            ("just a quick note to say hi", 0, Frame::Say, "hi"),
        ] {
            assert_eq!(found(text), Some((start, frame, clause.into())), "{text}");
        }
        assert_eq!(found("just say thanks"), None, "asks the assistant to");
        assert_eq!(found("how do i say thanks"), None);
    }

    #[test]
    fn reported_questions_and_exclamations_are_put_back() {
        let read = |frame, text: &str| readings(frame, &split(text));
        assert!(read(Frame::Ask, "how you are").contains(&"how are you".into()));
        assert!(
            read(Frame::Ask, "how things are with you").contains(&"how are things with you".into())
        );
        assert!(read(Frame::Ask, "how your days been").contains(&"how has your day been".into()));
        assert!(read(Frame::Ask, "if you re ok").contains(&"are you ok".into()));
        assert!(read(Frame::Ask, "how you calculate shipping").len() == 1);
        assert!(read(Frame::Say, "how much i appreciate you").contains(&"i appreciate you".into()));
        assert!(read(Frame::Say, "how grateful i am").contains(&"i am grateful".into()));
        assert!(read(Frame::Wish, "a good night").contains(&"have a good night".into()));
    }
}
