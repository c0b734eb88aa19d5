// Round 8 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the fourth English probe set (`data/smalltalk/english-probes-4.tsv`), aimed at
// the styles the seventh English set scored lowest on (names and forms of address, formal register).
// Names themselves are code (`classifier.rs`: `vocative`, `given_name`, `signed`; `names.rs`), not
// phrases; here are the forms of address that stand where a name would:
// - roles, ranks, honorifics and kinship terms used to address the bot ("hey kiddo", "thanks
//   nurse", "good morning my lord", "bye gran", "thanks bhaiya"); fillers, never alone;
// - who else a formal greeting or wish goes to ("good morning to all", "with you and your team");
//   fillers, never alone;
// - formal register used alone: greetings with an adjective ("cordial greetings", "kind greetings from
//   the team"), "allow me to thank you", sign-offs with "yours" first ("faithfully yours"), and "I
//   wish you a pleasant day".
//
// Merging: `build.rs` chains `ROUND8_PHRASES` after `ROUND7_PHRASES` and `ROUND8_FILLERS` after
// `ROUND7_FILLERS`.
pub(crate) const ROUND8_FILLERS: &[(Lang, &str)] = &[
    // ---- roles, ranks and honorifics as vocatives: never alone. Not "agent", "human", "operator"
    // or "support" ("hi, agent" asks for a person)
    (Lang::En, "{kiddo|kid|sport|champ|champion|tiger|skipper|skip|coach|sensei|master|maestro|professor|prof|doctor|nurse|officer|sheriff|deputy|detective|commander|sergeant|sarge|lieutenant|colonel|general|admiral|cap|cappy|chef|comrade|teach|teacher|my lord|my lady|milord|milady|m lady|your honour|your honor|your majesty|your highness|your excellency|excellency|your grace|madame|maam|ma am|mister|miss}"),
    // ---- kinship and familiar terms as vocatives: never alone
    (Lang::En, "{auntie|aunty|aunt|uncle|unc|unkie|grandma|grandpa|granny|grandad|granddad|gran|nana|nan|nanna|gramps|grampa|papa|pops|pop|dad|daddy|mom|mum|mama|mummy|mommy|ma|son|sonny|lad|laddie|lass|lassie|young man|young lady|fella|fellas|cousin|neighbour|neighbor|old friend|old pal|my man|my dude|my friend|my dear|dearie|petal|sweetheart|sweetie|hon|bhai|bhaiya|bhaiyya|didi|ji|sir ji|madam ji|akka|oga|bot|botty|robo|robot|ai|computer}"),
    // ---- who else is greeted or wished well: never alone
    (Lang::En, "{to all|to you all|to y all|to yall|to everyone|to everybody|to one and all|to all of you|to the team|to you and yours|to you and your team|to you and your family|and your team|and the team|and your family|and your loved ones|and yours|from the team|from all of us|from our team|from us all|from us}"),
    // ---- what else one thanks for in a chat or an email: never alone
    (Lang::En, "for {going above and beyond|going the extra mile|all you do|all that you do|everything you do|connecting|connecting with me|the chat|chatting|the conversation|the talk|your message|the message|your email|the email|the warm welcome|having me}"),
    // ---- familiar address of two words
    (Lang::En, "{big dawg|big dog|big guy|big fella|big homie|buddy boy|capn|cap n|helper|helper bot|little helper|kind stranger|good stranger|stranger|cock|bab|babs|lovey|lovie|class|father|padre|rabbi|imam|pastor|reverend|vicar|squire|sire|my liege}"),
];

pub(crate) const ROUND8_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Greeting: formal register alone
    (Category::Greeting, Lang::En, "{cordial|cordially|kind|kindest|respectful|friendly|heartfelt|sincere|hearty|fond|affectionate} greetings"),
    // ================= Thanks: formal register alone
    (Category::Thanks, Lang::En, "{allow me to|permit me to|let me|i must|i wish to|may i} {thank you|express my gratitude|express my appreciation|extend my thanks|extend my gratitude|say thank you|offer my thanks}"),
    (Category::Thanks, Lang::En, "{i|i really|i truly|i do|really|truly|i greatly|i very much|we} appreciate you {taking the time|taking the time to help|taking time out|helping|helping me|helping out|getting back to me|responding|replying|being so patient|being patient|looking into this|sorting this out}"),
    (Category::Thanks, Lang::En, "{words cannot|words can t|words cant|i cannot|i can t|i cant} express {my gratitude|how grateful i am|how thankful i am|my thanks|my appreciation}"),
    (Category::Thanks, Lang::En, "{your help|your assistance|your support|your guidance|your advice|your input} {has been|was|is} {invaluable|a lifesaver|a great help|a huge help|a big help|tremendously helpful|incredibly helpful|greatly appreciated}"),
    (Category::Thanks, Lang::En, "{my|our} {heartfelt|sincere|deepest|profound|heartiest|warmest|utmost} {gratitude|thanks|appreciation}"),
    // ================= Greeting and "how are you": formal register alone
    (Category::Greeting, Lang::En, "{hello|hi|hey|greetings|good morning|good afternoon|good evening} and {welcome|a warm welcome}"),
    (Category::Greeting, Lang::En, "{honoured|honored|privileged|charmed} to make your acquaintance"),
    (Category::HowAreYou, Lang::En, "{how art thou|how art thee|how dost thou|how doest thou|how farest thou}"),
    (Category::Greeting, Lang::En, "{glad|great|nice|good|lovely|happy|pleased} to be in touch"),
    (Category::HowAreYou, Lang::En, "{trust|hope} {you are|youre|you re|ur|u r|you have been|youve been} doing {great|good|fine|okay|ok|alright|well today|great today}"),
    // ================= Goodbye: formal register alone
    (Category::Goodbye, Lang::En, "{sending|sending you|send} {my best|my best wishes|best wishes|warm wishes|my regards|my love|love|hugs|good vibes|positive vibes}"),
    (Category::Goodbye, Lang::En, "{faithfully|sincerely|respectfully|truly|cordially|gratefully|thankfully|appreciatively|warmly|affectionately|ever|always|very truly|most sincerely} yours"),
    (Category::Goodbye, Lang::En, "with {warmest|kindest|sincerest|fondest|fond|sincere|heartfelt|respectful} regards"),
    (Category::Goodbye, Lang::En, "{best|warm|warmest|all good|good} wishes for the {weekend|week|week ahead|holidays|holiday|new year|day|evening|rest of the day|rest of the week|future}"),
    (Category::Goodbye, Lang::En, "{always a pleasure|a pleasure as always|always a pleasure chatting|always a pleasure talking to you|always a pleasure speaking with you|always great chatting}"),
    (Category::Goodbye, Lang::En, "i {wont|won t|will not|shall not} keep you {any longer|longer|any further}"),
    (Category::Goodbye, Lang::En, "{i wish you|we wish you|wishing you|wish you} a {pleasant|nice|good|great|lovely|wonderful|blessed|productive} {day|evening|afternoon|morning|weekend|week|night}"),
];
