// Round 12 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// aimed at what the eleventh English set scored lowest on (indirect small talk and typing mistakes),
// after the misses of the eighth English probe set (`data/smalltalk/english-probes-8.tsv`). Most of
// the round is code: the frames of indirect small talk are `frames.rs`, the typing mistakes
// `typos.rs`; these are the words a frame's clause may end with:
// - what the leave is taken before ("thanks before I go", "I wanted to say goodbye before I go",
//   "bye before I log off"); fillers, never alone;
// - what a frame's clause may be, where no phrase held it yet: thanks that say what the help means
//   ("it means a lot", "I don't know how to thank you"), "a quick thank you", "wishing you well",
//   leave-takings that let the other go ("I'll let you get back to it", "I won't keep you") and
//   "happy to be here".
//
// Merging: `build.rs` chains `ROUND12_PHRASES` after `ROUND11_PHRASES` and `ROUND12_FILLERS` after
// `ROUND11_FILLERS`.
pub(crate) const ROUND12_FILLERS: &[(Lang, &str)] = &[
    // ---- what the leave is taken before: never alone ("goodbye before I go")
    (Lang::En, "before {i|we} {go|leave|head off|head out|log off|sign off|logout|log out|forget|disappear|go offline|get going}"),
];

pub(crate) const ROUND12_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Thanks: what the help means, a thanks too big for words
    (Category::Thanks, Lang::En, "{it|that|this|your help|all this|it really|that really|this really|your help really} {means|meant} {a lot|so much|a great deal|the world|everything} {to me|to us|}"),
    (Category::Thanks, Lang::En, "{i don t know|i dont know|i do not know|not sure} how {to|i can|i could|i will ever|ill ever|i ll ever} {thank you|repay you|thank you enough}"),
    (Category::Thanks, Lang::En, "{just|} {a|} {quick|big|huge|massive|little|small|special|heartfelt|sincere|warm} {thanks|thank you|thank u|thankyou|ty}"),
    // ================= Goodbye: letting the other go, wishing them well
    (Category::Goodbye, Lang::En, "{i ll|ill|i will|ok i ll|ok ill|okay ill|okay i ll|well i ll|well ill|anyway i ll|anyway ill} let you {go|go now|get back to it|get back to work|get back to your day|get on|get on with your day|be|get going|rest}"),
    (Category::Goodbye, Lang::En, "{i won t|i wont|i will not|won t|wont|i shan t|i shant} keep you {any longer|long|any more|anymore|}"),
    (Category::Goodbye, Lang::En, "{wishing you|wish you|i wish you|we wish you} {well|all the best|the best|all the very best|every success}"),
    // ================= Greeting: glad to be here
    (Category::Greeting, Lang::En, "{happy|glad|nice|great|good|so good|lovely} to be {here|here again|back|back again|chatting again|talking again}"),
];
