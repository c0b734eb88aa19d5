// Round 10 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the sixth English probe set (`data/smalltalk/english-probes-6.tsv`), aimed at
// what the ninth English set scored lowest on (names, greetings, indirect small talk, typos):
// - "your" typed for "you're" in a wish that the other is well ("hope your doing well", "trust your
//   well", "hope your having a good day"): the commonest grammar slip of English chat;
// - a closing "no" before "that's it" or "that's all" and thanks ("no that's it, thanks", "nope, all
//   good thanks"): the answer to "anything else?";
// - "calling it a night" and "call it a day" without a subject ("gonna call it a night");
// - coming back ("hi, back again", "guess who's back", "me again");
// - thanks and greetings said about themselves ("just saying thanks", "a quick hi", "wanted to drop
//   a thank you"), thanks for an earlier conversation ("thanks for earlier"), for what the help did
//   ("you really helped me out") and after praising the answer ("that's perfect, thank you");
//   "tgif".
// Names that are dictionary words ("hi max", "thanks luna") and common European given names the
// list lacked ("hey oskar") are `names.rs`; a dictionary word of
// four or five letters is no longer split in two as a space left out (`Classifier::respaced`: "hey
// tell me a joke" was "… jo ke", two words of other languages).
//
// Praise, "no …" and "for earlier" are fillers (never alone), so they join any thanks or goodbye.
//
// Merging: `build.rs` chains `ROUND10_PHRASES` after `ROUND9_PHRASES` and `ROUND10_FILLERS` after
// `ROUND9_FILLERS`.
pub(crate) const ROUND10_FILLERS: &[(Lang, &str)] = &[
    // ---- "no" before a closing, with thanks or a goodbye: never alone ("no that's it, thanks")
    (Lang::En, "{no|nope|nah|no no|nah nah|no sir} {thats it|that s it|thats all|that s all|thats everything|that s everything|thats all i needed|that s all i needed|thats all for now|that s all for now|all good|im good|i m good|im all good|i m all good|im all set|i m all set|all set|nothing else|nothing more|im fine|i m fine|were good|we re good|were done|we re done}"),
    // ---- praise of the answer before thanks: never alone ("that's perfect, thank you")
    (Lang::En, "{thats|that s|that is|this is|thats just|that s just|that was|this was|its|it s} {perfect|great|brilliant|awesome|amazing|excellent|fantastic|wonderful|lovely|exactly right|spot on|just right|just what i needed|exactly what i needed|ideal|super|superb|fab|fabulous|golden}"),
    // ---- an earlier conversation thanked for: never alone ("thanks for earlier")
    (Lang::En, "for {earlier|before|yesterday|the other day|last time|last night|this morning|this afternoon|the chat earlier|your help earlier|your help yesterday|the help earlier|the help yesterday}"),
];

pub(crate) const ROUND10_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= "How are you": "your" for "you're" in a wish
    (Category::HowAreYou, Lang::En, "{hope|i hope|hoping|trust|i trust|hope that} {your|yur} {well|good|ok|okay|fine|great|alright|doing well|doing good|doing great|doing fine|doing ok|doing okay|doing alright|keeping well|keeping safe|staying safe|having a good day|having a great day|having a nice day|having a lovely day|having a good week|having a great week|having a good weekend|having a great weekend|having a nice weekend|feeling better|well today|doing well today}"),
    // ================= Goodbye: calling it a night without a subject
    (Category::Goodbye, Lang::En, "{calling it|call it|gonna call it|going to call it|about to call it|time to call it|think ill call it|think i ll call it|might call it|might as well call it} {a night|a day|quits|a wrap}"),
    // ================= Thanks and greetings said about themselves ("just saying thanks", "a quick
    // hi", "wanted to drop a thank you"). Not "just say thanks" (asks the assistant to say it)
    (Category::Thanks, Lang::En, "{just wanted to|i just wanted to|wanted to|i wanted to|just wanna|i just wanna|wanna|just want to|i just want to|just popping in to|popping in to|just dropping in to|dropping in to|just stopping by to|stopping by to|just dropping by to|dropping by to|just messaging to|just writing to|writing to} {say|drop|send|leave} {thanks|thank you|a thank you|a quick thank you|a quick thanks|a big thank you|a big thanks|a huge thanks|a note of thanks|my thanks|thanks again|thank you again}"),
    (Category::Thanks, Lang::En, "{just|} {saying|sending|dropping|leaving} {thanks|thank you|a thank you|a quick thank you|a quick thanks|a big thank you|a big thanks|a huge thanks|my thanks|thanks again}"),
    (Category::Greeting, Lang::En, "{just|} {a|} quick {hi|hello|hey|hiya|one to say hi|note to say hi|hello from me|hi from me}"),
    // ================= Thanks: what the help did
    (Category::Thanks, Lang::En, "{you|you ve|youve|you have|you just|you really|you ve really|youve really|you have really|you totally} {helped me out|helped me out a lot|helped me out so much|helped me so much|helped me a lot|helped a lot|helped loads|saved me|saved me so much time|saved me a lot of time|saved me hours|saved the day|saved my day|saved my life|saved my bacon|made my day|made my life easier|been so helpful|been really helpful|been a great help|been a huge help}"),
    // ================= Greeting: the end of the week
    (Category::Greeting, Lang::En, "{tgif|tgif everyone|tgif all|happy friday eve|tgi friday|thank god its friday|thank god it s friday|thank god it is friday}"),
    // ================= Greeting: coming back. Not "back again" alone: "it's back again" is a bug
    // that came back
    (Category::Greeting, Lang::En, "{im back again|i m back again|i am back again|and im back|and i m back|guess whos back|guess who s back|look whos back|look who s back|me again|its me again|it s me again|its just me again|it s just me again|only me again|just me again}"),
    (Category::Greeting, Lang::En, "{hi|hey|hello|hiya|heya|heyo|yo|ok|okay|right} {back again|back once again}"),
    (Category::Greeting, Lang::En, "{back again|back once again} {hi|hey|hello|hiya|heya|heyo|everyone|all}"),
];
