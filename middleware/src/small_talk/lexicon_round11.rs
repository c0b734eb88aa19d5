// Round 11 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the seventh English probe set (`data/smalltalk/english-probes-7.tsv`) and of
// the session's own variants of the kinds the tenth English set scored lowest on (names, formal
// register, greetings):
// - flattering and playful forms of address ("hey cutie", "thanks genius", "cheers smarty pants",
//   "hi handsome", "thanks wizard"); fillers, never alone;
// - where a greeting comes from, typed in lower case ("hello from india", "greetings from the uk",
//   "morning from sunny spain"; a capitalised place is a name already); fillers, never alone;
// - formal thanks that say the help is appreciated ("Your kind assistance is highly appreciated",
//   "Your cooperation is appreciated", "highly appreciated"); not "would be appreciated" or "any
//   help is appreciated", which ask for it, nor feedback or input, which are asked for;
// - "received with thanks", "acknowledged with thanks";
// - a greeting with an adjective before "good morning" ("a pleasant good evening to you"),
//   "greetings of the season", "wakey wakey", "look who's here", "good arvo";
// - the assistant with an adjective or a title ("hi smart assistant", "hello Mr. AI"); fillers;
// - formal thanks and leave-takings of a letter ("I am writing to thank you", "it has been a
//   pleasure corresponding with you"), "bon voyage";
// - a newcomer's greeting ("hi, I'm new here", "first time here") and a call for the assistant
//   ("anyone around?");
// - who is writing, after a greeting ("hi, this is Maria", "hey, it's Priya"), like "hi, Tom here":
//   a capitalised or listed given name only; not "I'm" or "my name is" (asks to be called so).
// Pet and assistant names that are dictionary words ("hey pickle", "thanks scout") are `names.rs`;
// an initial signing a letter closing ("Kindest regards, J.") is `classifier.rs` (`vocative`).
//
// Merging: `build.rs` chains `ROUND11_PHRASES` after `ROUND10_PHRASES` and `ROUND11_FILLERS` after
// `ROUND10_FILLERS`.
pub(crate) const ROUND11_FILLERS: &[(Lang, &str)] = &[
    // ---- flattering and playful forms of address: never alone ("thanks genius")
    (Lang::En, "{cutie|cutie pie|handsome|gorgeous|beautiful|genius|my genius|you genius|smarty|smarty pants|smartypants|clever clogs|nerd|my nerd|wizard|my wizard|tech wizard|whiz|whizz|whiz kid|brainiac|big brain|einstein|superstar|rockstar|rock star|hero|my hero|ace|angel|my angel|sweet pea|cupcake|pumpkin|buttercup|queen|my queen|king|my king|hotshot|boss lady|goat|the goat}"),
    // ---- what is appreciated, before "(highly) appreciated" or praise: never alone ("Your kind
    // assistance is highly appreciated"). Present or past only ("would be appreciated" asks for
    // it); not feedback or input (asked for), nor a reply that "is" appreciated (one waited for)
    (Lang::En, "{your|the|all your|all the} {kind|prompt|quick|swift|timely|continued|generous|valuable|patient|kind and prompt|prompt and kind|} {help|assistance|support|cooperation|understanding|consideration|patience|guidance|time|effort|efforts|kindness|hard work|dedication|help with this|assistance with this|help on this|assistance on this} {is|has been|was|are|have been|were}"),
    (Lang::En, "{your|the} {kind|prompt|quick|swift|timely|} {reply|response|answer|replies|responses|answers} {has been|was|have been|were}"),
    // ---- the assistant with an adjective or a title: never alone ("hi smart assistant", "hello
    // Mr. AI"). Not "agent" or "human" ("hi, agent" asks for a person)
    (Lang::En, "{smart|virtual|digital|personal|friendly|helpful|trusty|little|dear|clever|kind|wise|good|lovely|favourite|favorite|fave|magic|mighty|brilliant} {assistant|bot|ai|robot|helper|chatbot|chat bot|ai assistant|ai friend|ai buddy|ai pal|ai helper|computer|machine|genie|oracle}"),
    (Lang::En, "{mr|mister|mrs|miss|ms|dr|doctor|professor|sir|madam|lady|master|captain} {ai|bot|robot|chatbot|assistant|computer|gpt|chatgpt|machine}"),
    // ---- where a greeting comes from, in lower case: never alone ("hello from india")
    (Lang::En, "from {sunny|rainy|snowy|cold|chilly|hot|warm|beautiful|lovely|gorgeous|windy|foggy|} {india|pakistan|bangladesh|sri lanka|nepal|nigeria|kenya|ghana|uganda|tanzania|south africa|egypt|morocco|the uk|uk|the u k|britain|great britain|england|scotland|wales|ireland|northern ireland|the us|the usa|usa|the states|america|canada|australia|oz|new zealand|nz|down under|germany|france|spain|italy|portugal|greece|the netherlands|netherlands|holland|belgium|switzerland|austria|poland|sweden|norway|denmark|finland|russia|ukraine|turkey|israel|the uae|uae|dubai|saudi|saudi arabia|qatar|brazil|mexico|argentina|colombia|chile|peru|jamaica|the caribbean|the philippines|philippines|indonesia|malaysia|singapore|vietnam|thailand|japan|china|korea|south korea|hong kong|taiwan|london|manchester|dublin|edinburgh|new york|nyc|california|texas|florida|chicago|toronto|vancouver|sydney|melbourne|mumbai|delhi|bangalore|lagos|nairobi|manila|jakarta|berlin|madrid|rome|tokyo|seoul|the other side|across the pond|across the world|the other side of the world|home|the office|work}"),
];

pub(crate) const ROUND11_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Thanks: formal register, the help said to be appreciated (with the fillers
    // above: "Your kind assistance is highly appreciated")
    (Category::Thanks, Lang::En, "{it is|its|it s|that is|thats|that s|this is|it was|that was|all of it is|all} {highly|greatly|much|very much|truly|really|deeply|sincerely|most|so|very|} appreciated"),
    (Category::Thanks, Lang::En, "{highly|truly|deeply|sincerely|really|most|so|always|very|hugely|massively} appreciated"),
    (Category::Thanks, Lang::En, "{received|well received|duly received|acknowledged|duly acknowledged|duly noted|noted|understood} with {thanks|many thanks|sincere thanks|gratitude|appreciation|grateful thanks}"),
    (Category::Thanks, Lang::En, "{i am|im|i m|i am just|im just|i m just|just} writing to {thank you|say thank you|say thanks|express my gratitude|express my thanks|express my appreciation|express my sincere thanks|express my sincere gratitude|extend my thanks|extend my gratitude|offer my thanks}"),
    // ================= Goodbye: formal and travel leave-takings
    (Category::Goodbye, Lang::En, "{it has been|it s been|its been|it was|it is always|its always|it s always|always} a {pleasure|real pleasure|great pleasure|true pleasure|delight|privilege} {corresponding|working|dealing|communicating|interacting|connecting|speaking|talking|chatting} with you"),
    (Category::Goodbye, Lang::En, "{bon voyage|safe journey|have a safe journey|have a safe flight|safe flight|fare thee well|fare ye well|farewell for now}"),
    // ================= Greeting: someone new, or calling out for the assistant ("anyone around?")
    (Category::Greeting, Lang::En, "{im|i m|i am|just|} {new here|new to this|new to this app|new around here|a new user|new user here|first time here|here for the first time|using this for the first time|trying this for the first time}"),
    (Category::Greeting, Lang::En, "{first time here|first time using this|my first time here|first time trying this}"),
    (Category::Greeting, Lang::En, "{hello|hi|hey|} {anyone|anybody|is anyone|is anybody|is somebody|is someone|someone|somebody} {around|about|awake|online|out there|in there|listening}"),
    // ================= Greeting: the user says who is writing after a greeting, as with "hi, Tom
    // here" ("hi, this is Maria", "hey, it's Priya"): the name itself is dropped by the name repair
    // (capitalised, or a given name of `names.rs`); a word no list holds after these is not read as
    // a name (`Classifier::unlisted_name`). Not "I'm" or "my name is": "hi, i'm john" asks to be
    // called so (CLINC150's change_user_name)
    (Category::Greeting, Lang::En, "{hi|hello|hey|hiya|heya|hullo|howdy|greetings|hi there|hello there|hey there|hi again|hello again|good morning|good afternoon|good evening|morning|afternoon|evening} {this is|its|it s|it is}"),
    // ================= Greeting: an adjective before the time of day ("a pleasant good evening")
    (Category::Greeting, Lang::En, "{a|} {pleasant|wonderful|lovely|fine|bright|blessed|happy|glorious|beautiful|warm|cheerful|jolly|very pleasant|very warm} good {morning|afternoon|evening|day}"),
    (Category::Greeting, Lang::En, "{greetings|warm greetings|warmest greetings|best wishes|good wishes|blessings|happy greetings} of the {season|festive season|holiday season|day}"),
    (Category::Greeting, Lang::En, "{wakey wakey|wakey wakey eggs and bakey|hi de ho|hi de hi|howdy doody|look who it is|look who s here|look whos here|look who is here|if it isn t you|if it isnt you|well if it isnt you|well if it isn t you}"),
    (Category::Greeting, Lang::En, "{good|g} {arvo|aftie|afty}"),
];
