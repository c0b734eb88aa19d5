// Round 7 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// after the misses of the third English probe set (`data/smalltalk/english-probes-3.tsv`), aimed at
// the styles the fifth English set scored lowest on (slang, emoji, formal register):
// - street vocatives ("g", "guv", "bby", "bae", "queen") and formal forms of address used with a
//   phrase ("dear sir or madam", "colleagues", "ladies and gentlemen"); fillers, never alone;
// - street acknowledgements next to a phrase ("bet, thanks", "say less, later"); fillers;
// - slang greetings and "how are you" of US, Detroit, Nigerian pidgin, London (MLE), Irish,
//   Australian and Yorkshire English, with their spellings ("what's the word", "what up doe",
//   "wetin dey sup", "wys", "how's the form", "how's she going", "how do"), meme spellings of hello
//   ("hellur"), and "how's your mom n dem" with the family asked about;
// - slang thanks that praise the person ("good looks", "you a real one", "nuff respect");
// - goodbyes: "see you round", "smell ya later", "see you next week" and the days and times after
//   "see you";
// - "just dropping by to say thanks / bye", and "couldn't have done it without you";
// - formal register used alone: "greetings of the day", "I bid you good night", "please accept my
//   sincere thanks", "I greatly appreciate your assistance", "thank you for your time and
//   consideration", "well received, thank you".
// Emoticons (":D", "<3", "o/") are dropped by `normalize.rs`, not listed here.
//
// Merging: `build.rs` chains `ROUND7_PHRASES` after `ROUND6_PHRASES` and `ROUND7_FILLERS` after
// `ROUND6_FILLERS`.
pub(crate) const ROUND7_FILLERS: &[(Lang, &str)] = &[
    // ---- street vocatives: never alone
    (Lang::En, "{g|gee|my gee|guv|guvnor|gov|govnor|gaffer|bby|bb|bae|babes|babez|my babes|hunni|hunny bun|queen|king|my king|my queen|sista|sis|brudda|bruddah|bredrin|bredda|cuzzo|cuzzy|famo|fam bam|famalam|homeslice|homeskillet|mandem|my g|ma g|bossman|big bro|lil bro|bro bro|dawgy|shorty|yute|my yute|bestie|besties|bestiee|bff|girl|gurl|girly|gal|mucker}"),
    // ---- possessive and old-fashioned vocatives, Twitch's "chat": never alone
    (Lang::En, "{my bredrin|my bredren|my bredda|my bby|my bae|my sista|my sis|my cuz|my guy|me ol mucker|me old mucker|my old mucker|old mucker|me ol china|me old china|my old china|old bean|old boy|old son|old fruit|old chum|yout|youth|yoot|girlie|girlies|gurlie|lady|hinny|marra|kidda|big man|wee man|chat|chat fam}"),
    // ---- formal forms of address: never alone
    (Lang::En, "{dear sir or madam|sir or madam|dear sirs|dear sir|dear madam|dear all|dear team|dear colleagues|dear friends|dear everyone|dear support|dear support team|dear customer service|dear customer support|dear concerned|to whom it may concern|colleagues|my colleagues|esteemed colleagues|ladies and gentlemen|ladies and gents|gentlemen|ladies|my friends|friends|all concerned|one and all|each and every one of you|everyone here|all of you|you all}"),
    // ---- street acknowledgements next to a phrase: never alone
    (Lang::En, "{lekker|bet|bet bet|ight bet|aight bet|say less|no cap|fr|frfr|for real|for real tho|real talk|on god|deadass|true true|tru|yessir|yuh|ya feel me|innit tho}"),
    // ---- formal acknowledgements of receipt: never alone
    (Lang::En, "{well received|duly received|duly noted|well noted|noted with thanks|received with thanks|received and noted|noted and received|acknowledged with thanks|received with gratitude}"),
    // ---- who is grateful, and how much ("we are truly grateful for your support"): never alone. Not
    // "i am" / "i'm", which would let "hi, i'm john" through (a request to change the user's name)
    (Lang::En, "{we are|were|we re|we feel|i remain|we remain|i shall be|i will be|i ll be|i would be|i d be|we would be|we shall be|we will be}"),
    (Lang::En, "{very|most|so very|deeply|extremely|eternally|forever|immensely|hugely|incredibly|most sincerely|profoundly|especially|particularly}"),
    // ---- formal objects of thanks: "for your time and consideration"
    (Lang::En, "for {your|the|all your|all the|your kind|the kind|your prompt|the prompt|your quick|your continued|your ongoing|your generous|your valuable|your patient|your swift|your timely} {time and consideration|time and attention|time and effort|consideration|kind consideration|attention|prompt attention|kind attention|attention to this|attention to this matter|prompt response|prompt reply|swift response|timely response|speedy response|quick turnaround|continued support|ongoing support|understanding|cooperation|kind cooperation|patience and understanding|help and support|support and guidance|guidance and support|assistance in this matter|help in this matter|hard work|efforts|expertise|insight|insights|assistance|support|help|response|reply|guidance|advice|feedback|attention to detail}"),
];

pub(crate) const ROUND7_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Greeting: slang and regional
    (Category::Greeting, Lang::En, "{whats|what s|wats|whats the|what is} {the word|the good word|good word|the haps|the happs|the happenings|crackalacking|crackalackin|crackin|cracking|poppin|popping|happenin|happening}"),
    (Category::Greeting, Lang::En, "{what up|whatup|wat up|whaddup|whaddap|wassup|whats up|what s up|sup} {doe|dough|tho|doh}"),
    (Category::Greeting, Lang::En, "{hellur|hellurr|hellurrr|helloer|hellor|hellow there|hellooo|hellooooo|hellloo|hallur|hullur|hai|haii|haiii|hai there|heyo there|hewwo there|henlo there|hemlo|hemlo there|helo there|hello hello hello|hi hi|hey hey|heyy hey|hiya hiya}"),
    (Category::Greeting, Lang::En, "{wa gwaan|wah gwan|wa gwan|wagwaan|whagwaan|wha gwaan|wah gwaan|waguan|wagwarn|whaa gwaan|wat a gwaan|wha a gwan|weh yuh a seh|wah yuh a seh}"),
    (Category::Greeting, Lang::En, "{awrite|awryte|awryt|arite|alreet|areet|arreet|orreet|alrite} {mate|m8|pal|bud|buddy|love|luv|hun|chuck|duck|pet|bruv|bro|lads|lad|mucker|geezer|our kid|kid|son|babe|hen|hinny|marra|kidda|big man|wee man|my friend|my love}"),
    (Category::Greeting, Lang::En, "{alreet|areet|orreet} {there|then|like}"),
    (Category::Greeting, Lang::En, "{how do|ow do|owdo|howdo|now then} {lad|lass|love|luv|mate|duck|me duck|pet|our kid|cock|chuck|me old mucker|youth|young un}"),
    (Category::Greeting, Lang::En, "{warm|warmest|very warm|best|many} greetings {of the day|for the day|to you|to you all|to all|to everyone|}"),
    (Category::Greeting, Lang::En, "greetings {of the day|for the day|to all|to everyone|to you all}"),
    (Category::Greeting, Lang::En, "{a very|very|a very very} {good|gud|gd} {morning|mrng|afternoon|evening|day} {to you|to you all|to all|to everyone|to one and all|}"),
    (Category::Greeting, Lang::En, "{i|we|} bid you {good morning|good afternoon|good evening|good day|welcome|a good morning|a good day}"),
    // ================= How are you: slang and regional
    (Category::HowAreYou, Lang::En, "{wetin|watin|wetin dey|watin dey|wetin de|watin de|wetin di} {sup|dey sup|de sup|happen|dey happen|de happen|dey occur}"),
    (Category::HowAreYou, Lang::En, "{hows it gaun|how s it gaun|hoos it gaun|hows it goin|how ye daein|how ye doin|how ye keepin|how are ye keepin|hows yersel|how s yersel|how are ye|how are yez|how are yiz|fit like|fit like the day|fit like the nou|whit like|whit like the day|how ye getting on|how ye gettin on}"),
    (Category::HowAreYou, Lang::En, "{yuh|yu} {good|alright|aright|aight|ok|okay|irie}"),
    (Category::HowAreYou, Lang::En, "{you|u|ya|yuh} irie"),
    (Category::HowAreYou, Lang::En, "{whats|what s|wats} {really good|good good|gucci|the vibe|the vibes|the vibez|good wit you|good witchu|good wichu|good wit u|good wid you}"),
    (Category::HowAreYou, Lang::En, "{how do you fare|how fare you|how fare thee|how are you faring|how are ya faring|how fares it|how fares it with you|how goes it with you|how goes things|how goes everything|how are you getting along|how are you getting on|how is it going with you|how is life with you|how is life treating you}"),
    (Category::HowAreYou, Lang::En, "{hope|trust|do hope} you {had|have had|ve had|enjoyed|are having|re having|are enjoying|re enjoying} {a|the|your} {pleasant|good|great|lovely|nice|relaxing|restful|wonderful|safe} {weekend|week|day|holiday|holidays|break|evening|trip|journey|flight|vacation|christmas|new year|time off|long weekend|bank holiday|morning|night|rest|start to the week}"),
    (Category::HowAreYou, Lang::En, "{wys|wyd|wagwan wys|wys g|wys bro|wys fam|what you saying|what u saying|what you sayin|what u sayin|wat u sayin|wot u sayin|wot you saying|what ya saying|whatya saying|what you sayin g}"),
    (Category::HowAreYou, Lang::En, "{hows|how s} the form {today|lately|these days|}"),
    (Category::HowAreYou, Lang::En, "{hows|how s} she {going|goin|goin mate|going mate|cutting|cuttin|hanging|hangin}"),
    (Category::HowAreYou, Lang::En, "{hows|how s|how is|how are|how r|how} {your|ur|yo|ya|you|the} {mom|mum|mam|mama|momma|moms|mums|ma|mother|mother dear|folks|peoples|fam|family|familia|kids|kiddos|little ones|missus|mrs|wife|hubby|husband|other half|better half|crew} {n dem|and dem|an dem|n them|and them|n em|and em|and all|and everyone|doing|keeping|}"),
    (Category::HowAreYou, Lang::En, "{hows|how s|how is|how are|how} {everyone|everybody|everything|all} {at home|at your end|on your side|over there|back home|by you|}"),
    // ================= Thanks: slang praise of the person
    (Category::Thanks, Lang::En, "{good looks|good lookin|good looking|good lookin out|good looking out|good lookin out bro|preciate the good looks|goodlooks|good lookn out}"),
    (Category::Thanks, Lang::En, "{you|u|ya|youre|you re|you are|ur|u r|u a|you a|ya a|you da|you the|u the|u da} {a real one|real one|the real one|da real one|the real mvp|real mvp|da real mvp|the mvp|mvp|a real g|real g|a real gee|a gem|an absolute gem|a diamond|a saint|an angel|a hero|my hero|a godsend|a g|the g|the best fr|a real friend}"),
    (Category::Thanks, Lang::En, "{real one|real mvp|da real mvp|the real mvp|my hero|absolute gem|absolute legend}"),
    (Category::Thanks, Lang::En, "{nuff|nough|enuff|nuff nuff|big|massive|maximum|max|huge|all|much|mad|so much|full} respect {to you|g|bro|fam|bredren|bredrin|my g|}"),
    (Category::Thanks, Lang::En, "{i|we|} {couldnt|could not|couldn t|couldnt have|could not have|couldn t have|wouldnt have|would not have|wouldn t have|could never have|couldnt ve|couldve never} {done|done it|done this|done that|managed|managed it|managed this|made it|figured it out|figured this out|solved it|sorted it|got it done|got this done|finished it|finished this} without {you|ya|u|your help|ur help|you guys|you all|yall}"),
    (Category::Thanks, Lang::En, "{i|we|} {couldnt|could not|couldn t} have {done|done it|done this|done that|managed|managed it|managed this|made it|figured it out|figured this out|solved it|sorted it|got it done|got this done|finished it|finished this} without {you|ya|u|your help|ur help|you guys|you all|yall}"),
    (Category::Thanks, Lang::En, "{shot|shot shot|sho t|shot bra} {bru|boet|bra|my bra|bro|bud|china|my china|chommie|my bru|bru shot}"),
    (Category::Thanks, Lang::En, "{safe|safe safe|safe still} {bro|bruv|fam|g|my g|blud|bredren|bredrin|cuz|man|bossman|boss|mate|fam safe|still}"),
    (Category::Thanks, Lang::En, "{shoutout|shout out|shoutouts|shout outs|big shoutout|big shout out|massive shoutout|massive shout out|huge shoutout|huge shout out|mad shoutout|much love and shoutout} {to you|to ya|to u|to you guys|to yall|to y all|to you all}"),
    (Category::Thanks, Lang::En, "{big shoutout|big shout out|massive shoutout|massive shout out|huge shoutout|huge shout out|mad shoutout}"),
    (Category::Thanks, Lang::En, "{tah|taa|ta much|ta v much|ta very much indeed|ta loads|ta mate|ta luv|ta pet|ta chuck|ta hen}"),
    // ================= Thanks: formal register
    (Category::Thanks, Lang::En, "{grateful|thankful|obliged|indebted|appreciative|much obliged} for {your|the|all your|all the|your kind|the kind|your prompt|the prompt|your quick|your continued|your ongoing|your generous|your valuable|your patient} {support|help|assistance|guidance|time|patience|advice|input|feedback|response|reply|answer|answers|cooperation|understanding|consideration|attention|efforts|effort|hard work|kindness|generosity|expertise|insight|explanation|help and support|time and effort|time and help|help today|assistance today|support today}"),
    (Category::Thanks, Lang::En, "{express|extend|convey|offer} {my|our} {sincere|sincerest|heartfelt|deepest|deep|warmest|warm|profound|humble|utmost|most sincere|most heartfelt|special|personal|} {thanks|gratitude|appreciation|thanks and appreciation|gratitude and appreciation|appreciation and thanks|thanks and gratitude}"),
    (Category::Thanks, Lang::En, "{wish to|would like to|d like to|should like to|must|want to|wanted to|just want to|just wanted to|take this opportunity to|would like to take this opportunity to|allow me to|let me|permit me to|please allow me to|may i} {express|extend|convey|offer} {my|our} {sincere|sincerest|heartfelt|deepest|deep|warmest|warm|profound|utmost|most sincere|} {thanks|gratitude|appreciation}"),
    (Category::Thanks, Lang::En, "{i|we|} {wish to|would like to|d like to|should like to|must|take this opportunity to|would like to take this opportunity to} thank you {sincerely|most sincerely|wholeheartedly|from the bottom of my heart|very much|once again|again|kindly|}"),
    (Category::Thanks, Lang::En, "with {appreciation|sincere appreciation|deep appreciation|deepest appreciation|heartfelt appreciation|warm appreciation|much appreciation|great appreciation|heartfelt thanks|sincere thanks|deepest thanks|warmest thanks|grateful thanks|gratitude and appreciation|thanks and appreciation|heartfelt gratitude|sincere gratitude|deep gratitude|deepest gratitude|warm thanks}"),
    (Category::Thanks, Lang::En, "{please|kindly|do|please do|} accept {my|our|this as my|this as our} {sincere|sincerest|heartfelt|deepest|deep|warmest|warm|profound|humble|grateful|most sincere|most heartfelt|best|many|utmost|} {thanks|gratitude|appreciation|thanks and appreciation|gratitude and appreciation|appreciation and thanks|thanks and gratitude}"),
    (Category::Thanks, Lang::En, "{appreciate|appreciated|appreciating|appreciate all} {your|the|all your|all the|your kind|the kind|your prompt|the prompt|your quick|the quick|your swift|the swift|your timely|the timely|your speedy|your continued|your ongoing|your generous|your valuable|your patient|your thoughtful|your detailed|your thorough|your kind and prompt|your fast|the fast} {assistance|help|support|response|reply|answer|feedback|guidance|advice|input|time|time and effort|time and consideration|time and attention|effort|efforts|cooperation|understanding|patience|consideration|attention|attention to this|attention to this matter|work|hard work|insight|insights|expertise|explanation|clarification|follow up|turnaround|responses|replies|answers|help and support|assistance in this matter|help in this matter|help with this|assistance with this|help on this|kindness|generosity}"),
    (Category::Thanks, Lang::En, "{thanking you|thanking you in anticipation|thanking you in advance|thanking you sir|thanking you madam|thanking you and regards|thanks and regards|thanks and best regards|thanks and kind regards|thanks with regards|thanks n regards|thanks regards|thanks rgds|thx and regards|thank you and regards|thank you and best regards|thank you and kind regards|thank you with regards|regards and thanks|best regards and thanks|many thanks and regards|many thanks and best regards}"),
    // ================= Thanks, goodbye: said by dropping by
    (Category::Thanks, Lang::En, "{wanted to|want to|wanna|thought i d|thought id|thought i would|came to|came by to|stopped by to|popped in to|popped by to|dropped in to|dropped by to|popping in to|popping by to|stopping by to|dropping by to|dropping in to|swinging by to} say {thanks|thank you|thank u|thanx|thx|ty|cheers|a quick thanks|a quick thank you|a big thank you|a big thanks|a huge thank you|a huge thanks|a massive thank you|a massive thanks|a special thanks|a special thank you|thanks again|thank you again|thanks for the help|thank you for the help|thanks for your help|thank you for your help|thanks for everything|thank you for everything}"),
    (Category::Goodbye, Lang::En, "{wanted to|want to|wanna|thought i d|thought id|thought i would|came to|came by to|stopped by to|popped in to|dropped in to|dropped by to|popping in to|stopping by to|dropping by to|dropping in to} say {bye|goodbye|good bye|bye bye|good night|goodnight|farewell|a quick bye|a quick goodbye|bye for now|goodbye for now|see you|see ya|see you later|see you soon}"),
    // ================= Goodbye: slang, regional, formal
    (Category::Goodbye, Lang::En, "{likkle more|lickle more|likkle more den|lickle more den|lata likkle more|laters likkle more|likkle more yeah|inna di morrows|walk good fam|walk gud|lata yute|laters yute|later yout|laters yout}"),
    (Category::Goodbye, Lang::En, "{mind yourself|mind yerself|mind urself|mind yourselves|mind yourself now|mind yerself now|mind how you go now|mind the road|mind how ye go|mind yourself so}"),
    (Category::Goodbye, Lang::En, "{im|i m|i am|we re|were|we are|} {bout to|about to|boutta|bouta|finna|fixing to|fixin to|fixin ta} {dip|bounce|head out|head off|go|go now|log off|sign off|split|jet|roll|roll out|dash|skrrt|slide|hit the hay|hit the sack|go to bed|go to sleep|sleep|go offline|bounce fam|dip fam}"),
    (Category::Goodbye, Lang::En, "{gotta|got to|gota|i gotta|ive gotta|i ve gotta} {skrrt|skrt|slide|roll|roll out|head out|head off|split|scoot|scram|peace out|dash|jet off|zoom|run now|fly now|bounce now|dip now|log off|sign off|go offline|hop off|shoot|make a move|make moves}"),
    (Category::Goodbye, Lang::En, "{pleasure|a pleasure|its been a pleasure|it s been a pleasure|it has been a pleasure|it was a pleasure|always a pleasure|nice|good|great} doing business {with you|with ya|with u|}"),
    (Category::Goodbye, Lang::En, "{blessings|many blessings|abundant blessings|blessings to you|blessings to you all|blessings always|blessings and love|love and blessings|peace and blessings|blessings fam|blessings bro|blessings my friend|blessed day|have a blessed one|have a blessed evening|have a blessed night|have a blessed week|have a blessed weekend}"),
    (Category::Goodbye, Lang::En, "{smell ya later|smell you later|smell u later|smell ya l8r|smell ya laters|smell ye later|smell you on the flip side}"),
    (Category::Goodbye, Lang::En, "{see|catch|c|see ya|see u|see you} {round|around|round then|around then|round the traps|round the way|round mate|around mate}"),
    (Category::Goodbye, Lang::En, "{see|catch|talk to|speak to|chat with|chat to|c} {you|ya|u|yall|y all|you all|you guys|ye|yous} {next week|next month|next time round|next year|next weekend|next session|this weekend|at the weekend|on the weekend|over the weekend|after the weekend|after the holidays|after the break|in the new year|in the morning|tomorrow morning|tomorrow afternoon|tomorrow evening|tomorrow night|tonight|this evening|this afternoon|later today|later on|later then|real soon|very soon|pretty soon|sometime|some time|soon then|shortly|in a few|in a min|in a minute|in a sec|in a second|in a jiffy|in a week|in a month|in two weeks|on monday|on tuesday|on wednesday|on thursday|on friday|on saturday|on sunday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next monday|next tuesday|next wednesday|next thursday|next friday|next saturday|next sunday|at work|at the office|in class|at school|on the other side|down the road|down the track|down the line}"),
    (Category::Goodbye, Lang::En, "{i|we|} {bid you|bid ye|bid thee|bid you all|bid all|must bid you|shall bid you|will bid you|now bid you|bid everyone} {good night|goodnight|good day|good evening|farewell|a fond farewell|adieu|a good night|a good day|a pleasant evening|a pleasant night|a good evening|goodbye|a very good night|a very good day}"),
    (Category::Goodbye, Lang::En, "{i|we|} {must|shall|will|must now|shall now|will now} {bid farewell|bid you farewell|take my leave|take our leave|say goodbye|say farewell|be going|be off|be on my way|be on our way|be leaving|depart|sign off}"),
    (Category::Goodbye, Lang::En, "{aight|ight|aite|alright|ok|okay|k|bet|aight bet|ight bet|say less} {imma|ima|i ma|im gonna|i m gonna|i am gonna|gonna} {head out|dip|bounce|bounce now|dip now|head out now|go|go now|log off|sign off|hop off|roll|roll out|slide|dash|bounce fam|dip fam}"),
    (Category::Goodbye, Lang::En, "{imma|ima|i ma|im gonna|i m gonna|gonna} {head out|dip|bounce|bounce now|dip now|head out now|log off|sign off|hop off|roll|roll out|slide|dash|bounce fam|dip fam}"),
];
