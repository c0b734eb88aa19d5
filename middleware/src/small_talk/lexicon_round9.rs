// Round 9 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the fifth English probe set (`data/smalltalk/english-probes-5.tsv`), aimed at
// what the eighth English set scored lowest on (names, greetings, goodbyes). Names themselves are
// code: a name no list holds, typed in lower case or capitals ("hey zorbo", "bye bye nanami"), is
// `Classifier::unlisted_name` in `classifier.rs`, with `english.rs` telling it from an English word
// ("hi, invoice"). Here are the honorifics that follow a name in English chat ("hi Yuki-san",
// "thanks Priya-ji" is round 8's "ji"): fillers, never alone.
//
// Merging: `build.rs` chains `ROUND9_PHRASES` after `ROUND8_PHRASES` and `ROUND9_FILLERS` after
// `ROUND8_FILLERS`.
pub(crate) const ROUND9_FILLERS: &[(Lang, &str)] = &[
    // ---- Japanese honorifics after a name, typed in English chat: never alone
    (Lang::En, "{san|chan|kun|sama|senpai|sempai|dono}"),
];

pub(crate) const ROUND9_PHRASES: &[(Category, Lang, &str)] = &[];
