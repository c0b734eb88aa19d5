// Round 5 of the built-in lexicon, in the format of `lexicon_templates.rs`: English only, by kind,
// from general knowledge of how people chat and never from any held-out set. Thanks that praise the
// outcome ("that really helped", "it worked perfectly", "that sorted it"), acknowledgements and praise
// that may stand next to thanks but never alone ("makes sense", "super useful"), the reasons thanks
// give ("for being so patient with me"), elliptical "how are you" questions ("been well?", "all good
// with you?"), dropping in to say hello, and closing formulas ("that's it from my side", "I'd better
// get going", "I think I'm all set"). "You fixed it" and "let's wrap up" are left out: the first may
// ask, the second may ask for a summary.
//
// Merging: `build.rs` chains `ROUND5_PHRASES` after `ROUND4_PHRASES` and `ROUND5_FILLERS` after
// `ROUND4_FILLERS`.
pub(crate) const ROUND5_FILLERS: &[(Lang, &str)] = &[
    // ---- acknowledgements: they answer the assistant, so only next to a phrase
    (Lang::En, "{ok|okay|alright|right|} {that|this|it|} {makes sense|makes perfect sense|makes total sense|makes more sense now|makes sense now|clears it up|clears that up|clears things up|is clear now|is clear|is much clearer now|is clearer now}"),
    (Lang::En, "{got it|gotcha|understood|noted|i see|i get it|i get it now|i understand|i understand now|understood now|crystal clear|all clear|clear now|fair enough|good to know|nice to know|will do|i will do that|ill do that|ill try that|i ll try that|will try that|ill give it a try|ill give that a go|sounds good|sounds great|sounds perfect|that sounds good|that sounds great|lovely stuff|great stuff|good stuff|wonderful stuff}"),
    (Lang::En, "{thats|that s|that is|yes thats|yep thats|yeah thats} {exactly it|it exactly|exactly right|the one|right|correct|spot on|it|what i meant|what i wanted}"),
    // ---- slang vocatives
    (Lang::En, "{m8|m8s|my g|bud|budd|buddie|my bud|chap|old chap|my man|my mans|fella|my fella|big man|big dog|dawg|my dawg|homes|homeboy|blud|bredren|my bredda|my brudda|cuh|broski|bruh|brah|dude|my dude}"),
    // ---- a day's start ("hope your morning's off to a good start")
    (Lang::En, "{off to|got off to|is off to|s off to|getting off to|started off} {a good start|a great start|a flying start|a nice start|a lovely start|a good one|a great one}"),
    // ---- praise of the answer: never alone ("very clear" may answer "is that clear?")
    (Lang::En, "{super|very|really|so|incredibly|extremely|truly|genuinely|quite|most|pretty|} {useful|informative|insightful|helpful|clear|thorough|detailed|handy|valuable|interesting|well explained|easy to follow|to the point|on point|spot on}"),
    (Lang::En, "{you re|youre|you are|ur|u r|youve been|you have been|you were} {good at this|so good at this|really good at this|great at this|very good|so good|really good|good|quick|so quick|fast|so fast|patient|so patient|very patient|a great help|a star|great}"),
    // ---- what thanks are for
    (Lang::En, "for {being|explaining|helping|answering|clarifying|walking me through|taking the time|replying|responding|getting back|looking into|sorting|fixing|listening|bearing|putting up} {so patient|so helpful|so kind|so quick|so clear|patient|helpful|kind|it|that|this|everything|it all|all that|me|my question|my questions|this for me|that for me|it for me|it out|that out|this out|to me|with me|} {so clearly|so well|so quickly|so fast|patiently|in detail|in such detail|step by step|with me|for me|}"),
    (Lang::En, "{with me|for me|to me|on this|on that|with this|with that|today|earlier|just now|in the end|after all|at last|finally}"),
    // ---- "i just wanted to", "wanted to see" lead-ins before a how-are-you clause
    (Lang::En, "{wanted to|want to|just wanted to|was hoping to|hoping to|thought id|thought i d|thought i would|came to|popped in to|dropped by to} {see|know|ask|check|find out|hear|check in and see|see and ask}"),
    (Lang::En, "{by the way|btw|anyway|anyways|so anyway|oh and|also|first of all|first|before anything}"),
    // ---- "it's me again"; not self-introductions ("hi, I'm John" may ask to be called so)
    (Lang::En, "{its me|it s me|me again|its me again|it s me again}"),
];

pub(crate) const ROUND5_PHRASES: &[(Category, Lang, &str)] = &[
    // ================= Thanks: the answer worked
    (Category::Thanks, Lang::En, "{that|this|it|your answer|your reply|your fix|the fix|the solution|your solution|your suggestion|your tip|your advice|the advice|the tip|the trick|your explanation|the explanation} {really|totally|actually|definitely|completely|absolutely|finally|just|} {helped|solved it|solved that|fixed it|fixed that|worked|works|did it|did the trick|sorted it|sorted it out|sorted that|sorted me out|nailed it|helps|saved me|saved my day|saved the day|saved me a lot of time|solved my problem|fixed my problem|fixed the issue|solved the issue|solved everything|fixed everything|was what i needed|was exactly what i needed|is what i needed|is exactly what i needed|was just what i needed|is just what i needed|answered my question|answers my question|cleared it up|cleared things up|made it clear|made my day|made things clear|helped me a lot|helped a lot|helped so much|helped loads|helps a lot}"),
    (Category::Thanks, Lang::En, "{that|this|it} {worked|works|helped|helps|did it|fixed it|solved it} {perfectly|great|like a charm|a treat|beautifully|a lot|so much|wonders|brilliantly|fine|now}"),
    (Category::Thanks, Lang::En, "{you|youve|you have|you ve|you really|you totally|you just|u|uve} {made my day|saved my day|saved the day|saved me|saved my life|saved my bacon|saved me hours|saved me so much time|nailed it|sorted me out|are a star|are a lifesaver|are a legend}"),
    (Category::Thanks, Lang::En, "{exactly|just|precisely} what i {needed|was looking for|wanted|was after}"),
    (Category::Thanks, Lang::En, "{thats|that s|that is|this is|its|it s|it is} {exactly|just|precisely} what i {needed|was looking for|wanted|was after}"),
    (Category::Thanks, Lang::En, "{works|worked} {like a charm|perfectly|great|a treat|beautifully|now}"),
    // ================= HowAreYou: elliptical questions
    // Bare "all good", "doing ok", "been busy" answer or report: only with "you" or "with you".
    (Category::HowAreYou, Lang::En, "{you been|u been|youve been|have you been|you keeping|u keeping|been keeping|you staying} {well|good|ok|okay|alright|safe|well lately|good lately|ok lately}"),
    (Category::HowAreYou, Lang::En, "{been well|been keeping well|keeping well|staying safe and well}"),
    (Category::HowAreYou, Lang::En, "{all|everything|everythings|is everything|is all|alls|all is|things|life} {well with you|good with you|ok with you|okay with you|alright with you|fine with you|good on your end|well on your end|ok on your end|good over there|well over there|good on your side|well on your side|good at your end}"),
    (Category::HowAreYou, Lang::En, "{you doing|u doing|are you doing|r u doing|you feeling|u feeling|are you feeling} {ok|okay|alright|well|good|fine|better|good today|ok today|well today|alright today}"),
    (Category::HowAreYou, Lang::En, "{yall|y all|you all|you guys|u guys|ya all|everyone|everybody} {good|ok|okay|alright|well|doing well|doing good|doing ok|doing alright}"),
    (Category::HowAreYou, Lang::En, "how are you {finding|enjoying} {your day|the day|today|your week|the week|things|life}"),
    (Category::HowAreYou, Lang::En, "{what have|whatve|what ve|what} {you|u} been up to {lately|recently|these days|today|this week|since|}"),
    (Category::HowAreYou, Lang::En, "{how are|how r|how re|hows|how is} {you|u|ya|things|life|everything} {this fine|this lovely|this beautiful|this|on this fine} {morning|day|evening|afternoon|monday|friday|weekend}"),
    (Category::HowAreYou, Lang::En, "{hows|how is|how s|how are} {my|our} {favourite|favorite|fave|fav|trusty|dear|little|old} {assistant|bot|ai|robot|helper|buddy|friend|pal|chatbot}"),
    (Category::HowAreYou, Lang::En, "{hows|how is|how s} {my|our} {assistant|bot|ai|robot|helper|buddy|friend|pal|chatbot} {doing|today|this morning|doing today|}"),
    // ================= Greeting: dropping in, greeting the assistant
    (Category::Greeting, Lang::En, "{i|i just|just|} {thought i d|thought id|thought i would|wanted to|came to|came by to|want to|wanna|} {drop by|drop in|stop by|pop in|pop by|swing by|come by|pass by|check in} {and|to} say {hi|hello|hey|hiya|good morning|good evening}"),
    (Category::Greeting, Lang::En, "{i|i just|just|} {came|wanted|want|thought id|thought i d|thought i would|would like|d like|id like} {to|} {greet|greet you|say hello to you|say hi to you|say hey to you|wish you a good morning|wish you a good day}"),
    (Category::Greeting, Lang::En, "{just|only|} {dropping by|dropping in|stopping by|popping in|passing by|swinging by} {to say hi|to say hello|to say hey|to greet you|}"),
    // ================= Goodbye: closing formulas
    // Bare "that's it" or "that's everything" may answer a question: a lead-in or a tail is needed.
    (Category::Goodbye, Lang::En, "{i think|i guess|i believe|well} {thats|that s|that is|that ll be|thatll be|that will be} {it|all|everything|about it|about all|all i needed|all i had|all i wanted|all i have|all for me|it for me|everything i needed} {from me|from my side|from my end|on my end|on my side|for me|for now|for today|for the day|for tonight|}"),
    (Category::Goodbye, Lang::En, "{thats|that s|that is|that ll be|thatll be|that will be} {it|all|everything|about it|about all|all i needed|all i had|all i wanted|all i have|everything i needed} {from me|from my side|from my end|on my end|on my side|for me|for now|for today|for the day|for tonight}"),
    (Category::Goodbye, Lang::En, "{i d|id|i had|we d|wed|i|} {better|should|must|have to|need to|gotta|got to|ought to} {get going|go now|be going|be off|get off|head off|head out|sign off|log off|let you go|get back to work|hit the road|make a move|get a move on|get some sleep|go to bed|run now|dash|dash off|shoot off|call it a day|call it a night} {now|then|soon|}"),
    (Category::Goodbye, Lang::En, "{i think|i guess|looks like|seems like|well|} {im|i m|i am|were|we re|we are} {all set|all done|all sorted|sorted|done|finished|all finished|good to go|all good here} {now|here|then|for now|for today|for the day|}"),
    (Category::Goodbye, Lang::En, "{im|i m|i am|ill be|i ll be} {heading off|off now|going now|leaving now|wrapping up|logging out|popping off|off to bed|going to bed|off to sleep|calling it a day|calling it a night} {now|then|for today|for now|}"),
    (Category::HowAreYou, Lang::En, "{hope|hoping|i hope} {your|ur|the} {mornings|evenings|afternoons|weekends|nights|weeks|days|holidays|mondays|fridays}"),
    (Category::Goodbye, Lang::En, "{i ll|ill|i will|we ll|well|we will|i think ill|i think i ll|i guess ill|i guess i ll} {leave it there|leave it at that|stop there|stop here|call it a day|call it a night|leave you to it|let you get on|let you go} {for now|for today|then|}"),
    (Category::Goodbye, Lang::En, "{lets|let s|let us} {call it a day|call it a night|leave it there|stop here for today|leave it at that}"),
    (Category::Goodbye, Lang::En, "{have a|have a very|have a really} {god|gd|gud} {day|night|evening|weekend|one|week}"),
];
