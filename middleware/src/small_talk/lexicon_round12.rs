// Round 12 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// aimed at what the eleventh English set scored lowest on (indirect small talk and typing mistakes),
// after the misses of the eighth English probe set (`data/smalltalk/english-probes-8.tsv`). Most of
// the round is code: the frames of indirect small talk are `frames.rs`, the typing mistakes
// `typos.rs`; these are the words a frame's clause may end with:
// - what the leave is taken before ("thanks before I go", "I wanted to say goodbye before I go",
//   "bye before I log off"); fillers, never alone.
//
// Merging: `build.rs` chains `ROUND12_PHRASES` after `ROUND11_PHRASES` and `ROUND12_FILLERS` after
// `ROUND11_FILLERS`.
pub(crate) const ROUND12_FILLERS: &[(Lang, &str)] = &[
    // ---- what the leave is taken before: never alone ("goodbye before I go")
    (Lang::En, "before {i|we} {go|leave|head off|head out|log off|sign off|logout|log out|forget|disappear|go offline|get going}"),
];

pub(crate) const ROUND12_PHRASES: &[(Category, Lang, &str)] = &[];
