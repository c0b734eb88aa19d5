// Round 6 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the second English probe set (`data/smalltalk/english-probes-2.tsv`) and the
// known misses of the first. Terms of endearment used as vocatives ("hello my dear"), the Irish and
// northern English tag "like" next to a phrase, South African street greetings ("heita", "aweh"),
// the formal welcome ("a very warm welcome"), formal gratitude with an intensifier ("I am most
// grateful"), and the British "alright" greeting with a vocative ("alright mate?"). Bare "alright"
// stays an acknowledgement filler: it may answer the assistant.
//
// Merging: `build.rs` chains `ROUND6_PHRASES` after `ROUND5_PHRASES` and `ROUND6_FILLERS` after
// `ROUND5_FILLERS`.
pub(crate) const ROUND6_FILLERS: &[(Lang, &str)] = &[
    // ---- terms of endearment as vocatives: never alone
    (Lang::En, "{my dear|dearie|deary|my dearest|dearest|my love|my darling|my sweet|sweetheart|sweetie pie|honey|hunny|hon|babe|my babe|my lovely|lovely|my good man|my good sir|good sir|my good friend|dear friend|darlin|my darlin|luv|me luv|my luv|petal|my petal|flower|hen|doll|my friend|friend of mine}"),
    // ---- the tag "like" after a phrase ("how are you keeping, like?"): never alone
    (Lang::En, "{like|ya know|you know|y know}"),
];

pub(crate) const ROUND6_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Greeting
    (Category::Greeting, Lang::En, "{heita|heit|eita|aweh|howzit my bru}"),
    (Category::Greeting, Lang::En, "{and|} {a|} {very|most|really|} {warm|hearty|warmest|big} welcome {to you|to you all|to all|to everyone|}"),
    (Category::Greeting, Lang::En, "{alright|alrite|awright|aright|orite|oright|allright|all right} {mate|m8|pal|bud|buddy|love|luv|hun|chuck|duck|me duck|pet|bruv|bro|lads|lad|mucker|geezer|our kid|kid|son|babe|hen|my friend|my love|my dear}"),
    // ================= Fused chat forms
    (Category::Goodbye, Lang::En, "{kthxbye|kthxbai|kthnxbye|kthanksbye|okthxbye|kthxbi}"),
    (Category::Thanks, Lang::En, "{kthx|kthnx|kthanks|okthx|okthnx}"),
    // ================= Thanks: formal gratitude with an intensifier
    (Category::Thanks, Lang::En, "{i am|im|i m|i feel|we are|were|we re} {most|truly|deeply|eternally|forever|extremely|immensely|hugely|incredibly|so very|really very|very much|ever so|sincerely|genuinely|most sincerely|very} {grateful|thankful|obliged|indebted|appreciative} {indeed|to you|}"),
    (Category::Thanks, Lang::En, "{that is|thats|that s|this is|you are|youre|you re|how} {most|very|really|so|too|ever so|extremely|truly} kind {of you|indeed|}"),
];
