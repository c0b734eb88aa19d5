//! The built-in phrase lexicon.
//!
//! Each entry is a template: `{a|b|}` expands to each alternative (an empty one makes the part optional),
//! everything else is literal. Templates are written the way people type them; the classifier normalises
//! them exactly like incoming messages (case, accents, apostrophes, punctuation), so `¿Cómo estás?` and
//! `como estas` are the same phrase.
//!
//! The lexicon is deliberately made of whole phrases: a message is small talk only when phrases and
//! fillers cover all of it, so anything that also asks for something goes to the model.

use super::{Category, Lang};

/// Words that carry no request on their own ("hi *there*", "thanks *so much*"). They never make a
/// message small talk by themselves, they only let a phrase around them still count.
pub(crate) const FILLERS: &[(Lang, &str)] = &[
    (Lang::En, "{ai|bot|chatbot|assistant|ai assistant|helpful ai device|ai device|robot|computer|siri|alexa|google|cortana|claude|chatgpt|gpt|bixby|jarvis|copilot|gemini}"),
    (Lang::En, "{there|friend|my friend|buddy|pal|mate|dude|man|bro|guys|everyone|everybody|all|folks|dear|sir|maam|fellow|there fellow|again|as always|as well|too|you too|to you|to you too|and you|and|then|but|always}"),
    (Lang::En, "{so much|very much|so very much|a lot|lots|a bunch|a ton|a million|kindly|really|truly|sincerely|much}"),
    (Lang::En, "{oh|ah|aw|well|ok|okay|k|alright|all right|cool|great|awesome|nice|sweet|perfect|excellent|wonderful|wow|lol|haha|yes|yeah|yep|yup|so|just|please|hmm|um|uh}"),
    (Lang::En, "{it was|it s been|its been|it has been|that was|this was|was|what a|such a|its always|it is always}"),
    (Lang::En, "{today|now|for now|right now|this morning|this evening|tonight|on this fine day|this fine day|this day|these days|lately|doing|going|feeling}"),
    (Lang::Es, "{amigo|amiga|a todos|de nuevo|otra vez|bueno|vale|muy|y tu|y usted|pues}"),
    (Lang::Fr, "{mon ami|mon amie|a tous|encore|tres|et toi|et vous|bien|ok}"),
    (Lang::De, "{mein freund|euch|allen|nochmal|sehr|und dir|und ihnen|ja|also}"),
    (Lang::Pt, "{amigo|amiga|pessoal|de novo|muito|e voce|e tu|entao}"),
    (Lang::It, "{amico|amica|a tutti|ancora|molto|e tu|e lei}"),
    (Lang::Nl, "{vriend|allemaal|nogmaals|heel erg|en jij|en u}"),
    (Lang::Ru, "{друг|всем|еще раз|а у тебя|а у вас|ну}"),
    (Lang::Id, "{teman|semua|kak|ya|lagi}"),
    (Lang::Tr, "{arkadaşım|herkese|tekrar|çok}"),
];

/// The phrases, per category and language.
pub(crate) const PHRASES: &[(Category, Lang, &str)] = &[
    // ---------------------------------------------------------------- English
    (Category::Greeting, Lang::En, "{hello|hi|hey|hiya|heya|heyo|hey hey|hi hi|hello hello|howdy|yo|sup|wassup|wazzup|whassup|whatsup|hullo|heller|aloha|ahoy|ahoy hoy|greetings|salutations|g day|gday|hey ya|hey you|hi you}"),
    (Category::Greeting, Lang::En, "{well|why|oh} {hello|hi|hey|hello there|hi there|hey there}"),
    (Category::Greeting, Lang::En, "{good|a good|a very good|a lovely} {morning|afternoon|evening|day}"),
    (Category::Greeting, Lang::En, "{morning|mornin|evening|afternoon|top of the morning}"),
    (Category::Greeting, Lang::En, "{greetings|hello|hi} to you"),
    (Category::Greeting, Lang::En, "{just|i|i just} {wanted to|want to|wanna|came to} say {hi|hello|hey}"),
    (Category::Greeting, Lang::En, "{just|} saying {hi|hello|hey}"),
    (Category::Greeting, Lang::En, "{hello|hi|hey} {anyone|anybody|is anyone|is anybody} {there|here|home}"),
    (Category::Greeting, Lang::En, "{anyone|anybody|is anyone|is anybody} {there|here|home}"),
    (Category::Greeting, Lang::En, "{wake up|knock knock}"),
    (Category::Greeting, Lang::En, "{its|it is|so|very|} {good|nice|great|lovely} to {see|meet} you {again|}"),
    (Category::Greeting, Lang::En, "{nice|pleased|glad|happy} to meet you"),
    (Category::Greeting, Lang::En, "long time no see"),
    (Category::Greeting, Lang::En, "{whats|what is|wats|wat is|what} {up|new|good|going on|happening|cooking|crackin|cracking|popping|the good word}"),
    (Category::Greeting, Lang::En, "{whats|what is|whats been} {up|new|going on|happening} {with you|with ya|}"),
    (Category::HowAreYou, Lang::En, "{how|hows|how is|how s} {it|things|everything|life|your day|the day|your day going|your day been|your evening|your morning|your week|the ai|my ai|my favorite ai} {going|been|goin|hanging|treating you|going for you|going with you|with you|for you|}"),
    (Category::HowAreYou, Lang::En, "{how are|how r|hows|how re|howre|hows are|how is|how|how are things|how are things going|how have|howve|how has|how do} {you|u|ya|ye|yall|you all|things|everything|life} {doing|doin|going|goin|been|been doing|been feeling|feeling|keeping|holding up|getting on|getting along|treating you|going for you|going with you|with you|for you|today|this fine day|}"),
    (Category::HowAreYou, Lang::En, "{how|how are} {you|ya} {are|been|doing|doin}"),
    (Category::HowAreYou, Lang::En, "{how are|hows|how is} {things|everything|life} treating you"),
    (Category::HowAreYou, Lang::En, "how goes it"),
    (Category::HowAreYou, Lang::En, "how do you {feel|do}"),
    (Category::HowAreYou, Lang::En, "{are you|you|r u|are u|have you been|are things|is everything|is all|is it all} {doing|going|} {ok|okay|well|alright|all right|good|fine|great|going well|going okay|ok with you|okay with you|well with you|good with you} {for you|right now|today|}"),
    (Category::HowAreYou, Lang::En, "{are you|you} feeling {ok|okay|well|alright|good|fine}"),
    (Category::HowAreYou, Lang::En, "{tell me|can you tell me|may i ask|i wonder|i was wondering} how {you are|are you|youre doing|you are doing|youve been|you have been|things are|everything is}"),
    (Category::HowAreYou, Lang::En, "{hope|i hope} {you are|youre|all is|everything is|you have been|youve been|your day is|your day has been} {well|good|fine|great|doing well|going well|going great|ok|okay}"),
    (Category::Thanks, Lang::En, "{thanks|thank you|thank u|thankyou|thank ya|thanx|thnx|thx|tnx|ty|tysm|tyvm|thks|thankz|thanku|thank you thank you|cheers|ta}"),
    (Category::Thanks, Lang::En, "{thanks|thank you|many thanks|my thanks|special thanks|big thanks|huge thanks|thanks a million|thanks a bunch|thanks a ton|a thousand thanks} {to you|}"),
    (Category::Thanks, Lang::En, "{thanks|thank you|thank you very much|thanks so much|thank you so much|thanks a lot|thank you a lot|many thanks} for {the|your|all the|all your|all of your|that|this|the quick|your quick|} {help|helping|helping me|helping me out|helping out|assistance|assist|info|information|answer|answers|answering|answering that|answering my question|reply|response|explanation|advice|tip|tips|support|time|cooperation|patience|effort|efforts|input|feedback|update|clarification|suggestion|suggestions|guidance|chat|chatting|talking|talking to me|talking with me|chatting with me|letting me know|giving me assistance|providing it|everything|all|that|this|nothing|}"),
    (Category::Thanks, Lang::En, "{thanks|thank you} for {that|this} {answer|info|information|}"),
    (Category::Thanks, Lang::En, "{i|we} {really|truly|sincerely|very much|so much|} {appreciate|appreciated} {it|that|this|the help|your help|the assistance|your assistance|that answer|the answer|your answer|what you did|you doing that|you helping me|your time|your effort|your efforts|everything|all of this|all your help|all the help|that a lot|it a lot|it very much|the info|the information|your response|your gesture}"),
    (Category::Thanks, Lang::En, "{appreciate|appreciated|much appreciated|greatly appreciated|very much appreciated|really appreciate|appreciate it|appreciate that|appreciate you} {it|that|this|the help|your help|the assistance|the info|you|}"),
    (Category::Thanks, Lang::En, "{your|the} {help|answer|response|assistance|effort|efforts|time} {is|was} {appreciated|much appreciated|greatly appreciated|very much appreciated|very helpful|helpful|good|great|enjoyable|perfect}"),
    (Category::Thanks, Lang::En, "your answer pleased me"),
    (Category::Thanks, Lang::En, "{i am|im|i feel|feeling|so|very|really|i am very|im very|im so|i am so|i am really|im really|} {grateful|thankful|obliged|much obliged|indebted} {to you|for that|for this|for the answer|for your answer|for the help|for your help|for the assistance|for your assistance|for the answer you just gave me|for everything|}"),
    (Category::Thanks, Lang::En, "{i|i really|i just|let me|i want to|i wanted to|i would like to|id like to|i need to|i have to|i must} {thank|thank you|really thank you|thank you so much} {you|} {for that|for this|for helping|for helping me|for the help|for your help|for everything|}"),
    (Category::Thanks, Lang::En, "{i|} {can not|cannot|cant|can t} thank you enough"),
    (Category::Thanks, Lang::En, "you {have|} my {sincere|deepest|heartfelt|} {gratitude|thanks}"),
    (Category::Thanks, Lang::En, "{i have|} {much|so much|lots of|a lot of|} gratitude {for your help|for you|}"),
    (Category::Thanks, Lang::En, "{i|} owe you {one|big|big time|a lot|}"),
    (Category::Thanks, Lang::En, "{you are|youre|ur|you re|you were|youve been|you have been|that was|that is|thats|this is|this was|it was|it is|its} {so|really|very|a|such a|} {the best|the greatest|a lifesaver|a life saver|a star|a gem|a doll|awesome|amazing|so helpful|very helpful|helpful|really helpful|super helpful|a big help|a great help|a huge help|great help|big help|a real help|so kind|very kind|kind|too kind|a sweetheart}"),
    (Category::Thanks, Lang::En, "{you rock|you rule|youre a doll|you are a doll|youre the man|ur the best}"),
    (Category::Thanks, Lang::En, "{that|this|it} {helps|helped|works|worked|will work|ll work|did it|did the trick|does the trick|is perfect|was perfect|is exactly what i needed|was exactly what i needed}"),
    (Category::Thanks, Lang::En, "{thatll|that ll|itll} work"),
    (Category::Thanks, Lang::En, "{good|great|nice|excellent|awesome|perfect} {job|work|answer|one|stuff} {with assisting me|thanks|}"),
    (Category::Thanks, Lang::En, "{well done|good looking out|much obliged|you did a good job|you did great|you did well|good job}"),
    (Category::Thanks, Lang::En, "{i am|im|i m} {so|very|really|} {glad|happy|pleased} {that you did that|you did that|you did that for me|you helped me|you helped|with your answer|with the answer|for the help}"),
    (Category::Thanks, Lang::En, "{you|youve|you have|you really} {helped me|helped|helped me a lot|helped a lot|been helpful|been very helpful|been so helpful|been a big help|been a great help|been a huge help}"),
    (Category::Thanks, Lang::En, "you were so kind to do that"),
    (Category::Thanks, Lang::En, "{thats all|that is all|thats all i need|that is all i need|thats all i needed|thats everything|that will be all|thatll be all|nothing else|no thats all} {thanks|thank you|}"),
    (Category::Thanks, Lang::En, "{thats|that is|thats it|that is it} {thanks|thank you}"),
    (Category::Thanks, Lang::En, "{why|well} thank you"),
    (Category::Thanks, Lang::En, "{really|so|very|just|} {great|excellent|awesome|perfect|wonderful|fantastic|amazing|brilliant|superb|splendid}"),
    (Category::Thanks, Lang::En, "{your|the} {efforts|effort|help|work} {dont|do not|does not|doesnt} go unnoticed"),
    (Category::Thanks, Lang::En, "{you are|youre|you re|that is|thats|that was} so {nice|thoughtful|kind|sweet|considerate|generous} {to think of me|of you|}"),
    (Category::Goodbye, Lang::En, "{bye|goodbye|good bye|bye bye|byebye|bye now|bye for now|buhbye|buh bye|bai|byee|goodbye for now|goodbye now|good bye for now|farewell|fairwell|adios|adieu|sayonara|syonara|ciao|cheerio|cheers then|toodles|tootles|toodle oo|ttyl|ttfn|tata for now|ta ta for now|tata|ta ta|laters|later|later then|so long|peace|peace out|deuces|night|nite|night night|nighty night|good night|goodnight|gnight}"),
    (Category::Goodbye, Lang::En, "{this|that|it} was fun"),
    (Category::Goodbye, Lang::En, "{i ll|ill|i will|we ll|we will|} {see|c|catch|seeya|cya} {you|ya|u|y all|yall|} {later|soon|around|again|again soon|next time|tomorrow|in a bit|in a while|another time|on the flip side|later alligator|}"),
    (Category::Goodbye, Lang::En, "{later|see you later|see ya later} {gator|gater|alligator}"),
    (Category::Goodbye, Lang::En, "{after a while|in a while} crocodile"),
    (Category::Goodbye, Lang::En, "{i ll|ill|i will|we ll|well|we will|} {talk|speak|chat} {to you|with you|} {later|soon|again|another time|tomorrow|next time}"),
    (Category::Goodbye, Lang::En, "{till|until|til} {next time|then|tomorrow|later|we meet again}"),
    (Category::Goodbye, Lang::En, "take {care|it easy}"),
    (Category::Goodbye, Lang::En, "have a {good|nice|great|lovely|wonderful|fantastic|pleasant|good one|nice one|great one} {day|one|night|evening|weekend|afternoon|morning|week|time|}"),
    (Category::Goodbye, Lang::En, "{i|i ve|ive|i have|ive got|i got|i gotta|gotta|got|i need|need|i must|must|i should|time} {to|} {go|run|get going|head out|leave|be going|be off|sign off|log off|bounce|jet|say goodbye|say bye|go now|run now|be leaving}"),
    (Category::Goodbye, Lang::En, "{it is|its|it s} time {to go|to say goodbye|to say bye|for me to go|to leave}"),
    (Category::Goodbye, Lang::En, "{i am|im|i m|i ll be|ill be|i will be|i shall be} {leaving|off|going|out|out of here|outta here|heading out|signing off|logging off|saying goodbye|done|done here} {now|for today|for now|}"),
    (Category::Goodbye, Lang::En, "{nice|good|great|lovely|pleasant|enjoyable|cool|fun|a nice|a good|a great|a lovely|a fun|a pleasant|a wonderful|a pleasure|a delight|wonderful|awesome|fantastic|really nice|so nice} {talking|chatting|speaking|conversing|talk|chat|conversation|convo|having a conversation|having this conversation|to talk|to chat|to speak|to converse|to catch up|to get in touch|to talk it out|to be able to chat|to have this conversation|to talk again|talking again|seeing you|to see you|to see you again|to speak again} {to you|with you|}"),
    (Category::Goodbye, Lang::En, "{it was|} {nice|good|great|lovely} to {talk|chat|speak} {to you|with you|} today"),
    (Category::Goodbye, Lang::En, "{a pleasure|always a pleasure|a pleasure as always} {talking|chatting|to speak|to talk|to chat|speaking} {to you|with you}"),
    (Category::Goodbye, Lang::En, "{i|i really|i really have|i have|ive|i} {enjoyed|had fun|had a pleasure|had a great time|liked} {our talk|our chat|our conversation|talking|talking to you|talking with you|speaking with you|speaking to you|chatting|chatting with you|this conversation|this chat}"),
    (Category::Goodbye, Lang::En, "{im|i am|so|really|} {glad|happy} {we|i} {got to|could|were able to|had the chance to} {talk|chat|speak} {again|to you|with you|}"),
    (Category::Goodbye, Lang::En, "{good|great|nice|fun|lovely} {talk|talking|chat|chatting|chatting with you|talking with you|talking to you|talk with you|talk to you|conversation|seeing you} {again|}"),
    (Category::Goodbye, Lang::En, "{nice|good|great} to {see|speak with|talk to|speak to|talk with|chat with} you {again|}"),
    (Category::Goodbye, Lang::En, "{thats all|that s all|thats it|that is all} {for now|for today|bye|goodbye}"),
    // ---------------------------------------------------------------- Spanish
    (Category::Greeting, Lang::Es, "{hola|holaa|buenas|buenos dias|buen dia|buenas tardes|buenas noches|saludos|que onda|que hubo|quiubo|hola que tal|hola buenas|muy buenas}"),
    (Category::HowAreYou, Lang::Es, "{que tal|como estas|como esta|como estan|como te va|como le va|como va|como va todo|como andas|que tal estas|que tal todo|todo bien|como has estado|como ha estado|como te encuentras|como se encuentra|que hay de nuevo|como estas hoy|estas bien}"),
    (Category::Thanks, Lang::Es, "{gracias|muchas gracias|muchisimas gracias|mil gracias|gracias de nuevo|muy amable|te lo agradezco|se lo agradezco|te agradezco|le agradezco|agradecido|agradecida|muchas gracias por todo|gracias por todo|gracias por {tu|su|la} ayuda|gracias por {la|tu|su} respuesta|gracias por {tu|su} tiempo|gracias igualmente|genial gracias|perfecto gracias}"),
    (Category::Goodbye, Lang::Es, "{adios|hasta luego|hasta pronto|hasta manana|hasta la proxima|hasta la vista|nos vemos|nos vemos pronto|nos vemos luego|chao|chau|cuidate|cuidese|que tengas un buen dia|que tenga un buen dia|que te vaya bien|buenas noches|me voy|me tengo que ir|tengo que irme}"),
    // ---------------------------------------------------------------- French
    (Category::Greeting, Lang::Fr, "{bonjour|salut|coucou|bonsoir|allo|hello|salut a tous|bonjour a tous|re bonjour|rebonjour}"),
    (Category::HowAreYou, Lang::Fr, "{ca va|comment ca va|comment vas tu|comment allez vous|comment tu vas|vous allez bien|tu vas bien|ca va bien|ca roule|quoi de neuf|comment va|comment se passe ta journee}"),
    (Category::Thanks, Lang::Fr, "{merci|merci beaucoup|merci bien|mille mercis|merci mille fois|je vous remercie|je te remercie|merci infiniment|merci encore|merci pour tout|merci pour {ton|votre|l} aide|merci pour {ta|votre|la} reponse|cest gentil|c est gentil|tres gentil|super merci|parfait merci|merci a toi|merci a vous}"),
    (Category::Goodbye, Lang::Fr, "{au revoir|a bientot|a plus|a plus tard|a tout a lheure|a tout a l heure|a demain|a la prochaine|adieu|bonne journee|bonne soiree|bonne nuit|salut|ciao|tchao|je dois y aller|je men vais|bye}"),
    // ---------------------------------------------------------------- German
    (Category::Greeting, Lang::De, "{hallo|hallo zusammen|hi|hey|servus|moin|moin moin|guten morgen|guten tag|guten abend|gruss gott|gruß gott|grüß gott|gruezi|grüezi|tag|na|na du|huhu|hallöchen|grüß dich|gruss dich}"),
    (Category::HowAreYou, Lang::De, "{wie gehts|wie geht s|wie geht es|wie geht es dir|wie geht es ihnen|wie gehts dir|wie gehts ihnen|alles gut|alles klar|alles gut bei dir|wie läuft s|wie läufts|was geht|na wie gehts}"),
    (Category::Thanks, Lang::De, "{danke|danke schön|dankeschön|danke sehr|vielen dank|vielen lieben dank|herzlichen dank|besten dank|tausend dank|danke vielmals|vielen herzlichen dank|danke dir|danke ihnen|ich danke dir|ich danke ihnen|danke für {die|deine|ihre|eure} hilfe|danke für alles|danke für die antwort|super danke|perfekt danke}"),
    (Category::Goodbye, Lang::De, "{tschüss|tschüs|tschau|ciao|auf wiedersehen|auf wiederhören|bis bald|bis später|bis dann|bis morgen|bis zum nächsten mal|mach s gut|machs gut|macht s gut|schönen tag noch|schönen abend noch|gute nacht|ich muss los|ich muss gehen}"),
    // ---------------------------------------------------------------- Portuguese
    (Category::Greeting, Lang::Pt, "{olá|ola|oi|oie|oii|bom dia|boa tarde|boa noite|e ai|e aí|eai|salve|opa|oi tudo bem|olá tudo bem}"),
    (Category::HowAreYou, Lang::Pt, "{tudo bem|tudo bom|tudo certo|como vai|como vai você|como você está|como voce esta|como está|como esta|como estás|como tem passado|beleza|tudo tranquilo|e aí como vai}"),
    (Category::Thanks, Lang::Pt, "{obrigado|obrigada|muito obrigado|muito obrigada|obrigadão|valeu|valeu mesmo|brigado|brigada|agradeço|eu agradeço|muitíssimo obrigado|obrigado pela ajuda|obrigada pela ajuda|obrigado por tudo|obrigada por tudo|obrigado pela resposta|obrigada pela resposta}"),
    (Category::Goodbye, Lang::Pt, "{tchau|tchauzinho|adeus|até logo|até mais|até amanhã|até breve|até a próxima|até mais tarde|falou|fui|se cuida|boa noite|tenha um bom dia|preciso ir}"),
    // ---------------------------------------------------------------- Italian
    (Category::Greeting, Lang::It, "{ciao|salve|buongiorno|buon giorno|buonasera|buona sera|buon pomeriggio|ehi|ciao a tutti}"),
    (Category::HowAreYou, Lang::It, "{come stai|come sta|come va|tutto bene|come ti va|come te la passi|come stai oggi|tutto a posto|come state}"),
    (Category::Thanks, Lang::It, "{grazie|grazie mille|molte grazie|grazie tante|grazie ancora|ti ringrazio|la ringrazio|vi ringrazio|grazie infinite|grazie di tutto|grazie per tutto|grazie per l aiuto|grazie per laiuto|grazie dell aiuto|grazie dellaiuto|grazie per la risposta|gentilissimo|gentilissima}"),
    (Category::Goodbye, Lang::It, "{arrivederci|arrivederla|ci vediamo|ci vediamo presto|ci vediamo dopo|a presto|a dopo|a domani|alla prossima|addio|buonanotte|buona notte|buona giornata|buona serata|devo andare}"),
    // ---------------------------------------------------------------- Dutch
    (Category::Greeting, Lang::Nl, "{hallo|hoi|hey|hai|dag|goedemorgen|goede morgen|goedemiddag|goedenavond|goedendag|hallo allemaal|hoi allemaal}"),
    (Category::HowAreYou, Lang::Nl, "{hoe gaat het|hoe gaat het met je|hoe gaat het met jou|hoe gaat het met u|hoe is het|hoe is het met je|hoe gaat ie|alles goed|alles goed met je|alles oke|hoe staat het ervoor}"),
    (Category::Thanks, Lang::Nl, "{dank je|dank u|dank je wel|dank u wel|dankjewel|dankuwel|bedankt|heel erg bedankt|hartelijk dank|hartelijk bedankt|super bedankt|bedankt voor je hulp|bedankt voor uw hulp|bedankt voor de hulp|bedankt voor alles|merci|thanks}"),
    (Category::Goodbye, Lang::Nl, "{tot ziens|tot straks|tot later|tot morgen|tot de volgende keer|doei|doeg|dag dag|houdoe|fijne dag|fijne dag nog|fijne avond|welterusten|slaap lekker|ik moet gaan}"),
    // ---------------------------------------------------------------- Chinese (simplified and traditional)
    (Category::Greeting, Lang::Zh, "{你好|您好|妳好|嗨|哈喽|哈囉|喂|早|早上好|早安|上午好|中午好|下午好|晚上好|大家好|你们好|你好呀|你好啊|您好啊|在吗|在嗎|嗨你好}"),
    (Category::HowAreYou, Lang::Zh, "{你好吗|你好嗎|您好吗|您好嗎|最近怎么样|最近怎麼樣|最近好吗|最近好嗎|你怎么样|你怎麼樣|过得怎么样|過得怎麼樣|一切都好吗|近来可好}"),
    (Category::Thanks, Lang::Zh, "{谢谢|謝謝|谢谢你|謝謝你|谢谢您|謝謝您|多谢|多謝|非常感谢|非常感謝|感谢|感謝|太感谢了|太感謝了|谢啦|謝啦|谢了|謝了|万分感谢|萬分感謝|谢谢你的帮助|謝謝你的幫助|感谢你的帮助|感謝你的幫助|辛苦了}"),
    (Category::Goodbye, Lang::Zh, "{再见|再見|拜拜|回头见|回頭見|明天见|明天見|晚安|下次见|下次見|待会见|待會見|先走了|我先走了|告辞|告辭}"),
    // ---------------------------------------------------------------- Japanese
    (Category::Greeting, Lang::Ja, "{こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう|おはようございます|やあ|もしもし|どうも|はじめまして|初めまして|よろしく|よろしくお願いします|ハロー|ヤッホー}"),
    (Category::HowAreYou, Lang::Ja, "{お元気ですか|元気ですか|元気|元気？|調子はどう|調子はどうですか|最近どう|最近どうですか|ご機嫌いかが|ご機嫌いかがですか}"),
    (Category::Thanks, Lang::Ja, "{ありがとう|ありがと|ありがとうございます|ありがとうございました|どうもありがとう|どうもありがとうございます|どうもありがとうございました|本当にありがとう|本当にありがとうございます|感謝します|感謝しています|サンキュー|助かりました|助かります|お疲れ様です|お疲れさまです}"),
    (Category::Goodbye, Lang::Ja, "{さようなら|さよなら|じゃあね|じゃね|またね|また明日|また今度|バイバイ|おやすみ|おやすみなさい|失礼します|では また|ではまた|それでは}"),
    // ---------------------------------------------------------------- Korean
    (Category::Greeting, Lang::Ko, "{안녕|안녕하세요|안녕하십니까|하이|반가워|반가워요|반갑습니다|처음 뵙겠습니다|좋은 아침|좋은 아침이에요|여보세요}"),
    (Category::HowAreYou, Lang::Ko, "{잘 지내세요|잘 지냈어요|잘 지내|잘 지냈어|어떻게 지내세요|어떻게 지내|요즘 어때요|요즘 어때|잘 지내셨어요}"),
    (Category::Thanks, Lang::Ko, "{감사합니다|감사해요|고마워|고마워요|고맙습니다|정말 감사합니다|대단히 감사합니다|너무 감사합니다|진짜 고마워|정말 고마워요|감사|땡큐}"),
    (Category::Goodbye, Lang::Ko, "{안녕히 가세요|안녕히 계세요|잘 가|잘 가요|다음에 봐요|또 봐요|또 만나요|잘 자|잘 자요|안녕히 주무세요|바이바이|나중에 봐요}"),
    // ---------------------------------------------------------------- Russian
    (Category::Greeting, Lang::Ru, "{привет|приветик|здравствуйте|здравствуй|добрый день|доброе утро|добрый вечер|приветствую|здорово|хай|салют|всем привет}"),
    (Category::HowAreYou, Lang::Ru, "{как дела|как ты|как вы|как поживаешь|как поживаете|как жизнь|как твои дела|как ваши дела|как ты себя чувствуешь|что нового|как сам|как оно}"),
    (Category::Thanks, Lang::Ru, "{спасибо|большое спасибо|спасибо большое|огромное спасибо|спасибо огромное|благодарю|благодарю вас|спасибо за помощь|спасибо за ответ|спасибо тебе|спасибо вам|спасибочки|спс|премного благодарен}"),
    (Category::Goodbye, Lang::Ru, "{пока|пока пока|до свидания|до встречи|всего доброго|всего хорошего|увидимся|спокойной ночи|до завтра|до скорого|прощай|мне пора}"),
    // ---------------------------------------------------------------- Arabic
    (Category::Greeting, Lang::Ar, "{مرحبا|مرحباً|مرحبا بك|السلام عليكم|سلام|سلام عليكم|اهلا|أهلا|أهلاً|اهلا وسهلا|أهلا وسهلا|صباح الخير|مساء الخير|هاي|هلا}"),
    (Category::HowAreYou, Lang::Ar, "{كيف حالك|كيف الحال|كيفك|شلونك|ازيك|إزيك|كيف حالكم|عامل ايه|كيف أنت}"),
    (Category::Thanks, Lang::Ar, "{شكرا|شكراً|شكرا جزيلا|شكراً جزيلاً|شكرا لك|شكراً لك|شكرا جزيلا لك|الف شكر|ألف شكر|مشكور|ممنون|جزاك الله خيرا|يعطيك العافية}"),
    (Category::Goodbye, Lang::Ar, "{مع السلامة|وداعا|وداعاً|إلى اللقاء|الى اللقاء|تصبح على خير|أراك لاحقا|اراك لاحقا|باي|في امان الله|في أمان الله}"),
    // ---------------------------------------------------------------- Hindi (Devanagari and romanised)
    (Category::Greeting, Lang::Hi, "{नमस्ते|नमस्कार|हेलो|हैलो|हाय|प्रणाम|सुप्रभात|शुभ प्रभात|राम राम|namaste|namaskar|namaskaar|pranam}"),
    (Category::HowAreYou, Lang::Hi, "{आप कैसे हैं|आप कैसी हैं|कैसे हो|कैसी हो|क्या हाल है|क्या हाल हैं|सब ठीक है|कैसे हैं|kaise ho|aap kaise hain|kya haal hai|kya hal hai|sab theek hai}"),
    (Category::Thanks, Lang::Hi, "{धन्यवाद|शुक्रिया|बहुत धन्यवाद|बहुत बहुत धन्यवाद|बहुत शुक्रिया|आपका धन्यवाद|आपका बहुत धन्यवाद|dhanyavad|dhanyavaad|dhanyawad|shukriya|bahut shukriya|bahut dhanyavad}"),
    (Category::Goodbye, Lang::Hi, "{अलविदा|फिर मिलेंगे|शुभ रात्रि|बाय|फिर मिलते हैं|alvida|phir milenge|phir milte hain|shubh ratri}"),
    // ---------------------------------------------------------------- Indonesian
    (Category::Greeting, Lang::Id, "{halo|hai|hallo|selamat pagi|selamat siang|selamat sore|selamat malam|pagi|assalamualaikum|permisi}"),
    (Category::HowAreYou, Lang::Id, "{apa kabar|apa kabarnya|gimana kabarnya|bagaimana kabarmu|bagaimana kabar anda|kabar baik}"),
    (Category::Thanks, Lang::Id, "{terima kasih|terimakasih|terima kasih banyak|makasih|makasih banyak|trims|trimakasih|thanks ya|terima kasih atas bantuannya|terima kasih atas bantuan anda|makasih ya}"),
    (Category::Goodbye, Lang::Id, "{selamat tinggal|sampai jumpa|sampai jumpa lagi|sampai nanti|dadah|daah|selamat jalan|selamat tidur|sampai besok}"),
    // ---------------------------------------------------------------- Turkish
    (Category::Greeting, Lang::Tr, "{merhaba|merhabalar|selam|selamlar|günaydın|iyi günler|iyi akşamlar|selamün aleyküm|hey}"),
    (Category::HowAreYou, Lang::Tr, "{nasılsın|nasılsınız|naber|ne haber|nasıl gidiyor|iyi misin|ne var ne yok|nasılsın bugün}"),
    (Category::Thanks, Lang::Tr, "{teşekkürler|teşekkür ederim|teşekkür ederiz|çok teşekkürler|çok teşekkür ederim|sağ ol|sağol|sağolun|sağ olun|eyvallah|mersi|yardımın için teşekkürler|yardımınız için teşekkürler}"),
    (Category::Goodbye, Lang::Tr, "{hoşça kal|hoşçakal|hoşça kalın|görüşürüz|görüşmek üzere|güle güle|iyi geceler|bay bay|kendine iyi bak}"),
];

/// Expands one template into every phrase it stands for. Groups may nest.
pub(crate) fn expand(template: &str) -> Vec<String> {
    let Some(open) = template.find('{') else {
        return vec![template.to_owned()];
    };
    let mut depth = 0usize;
    let mut close = template.len();
    let mut splits = Vec::new();
    for (i, c) in template[open..].char_indices() {
        let at = open + i;
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = at;
                    break;
                }
            }
            '|' if depth == 1 => splits.push(at),
            _ => {}
        }
    }
    let prefix = &template[..open];
    let suffix = template.get(close + 1..).unwrap_or("");
    let mut bounds = vec![open];
    bounds.extend(splits);
    bounds.push(close);
    let tails = expand(suffix);
    let mut out = Vec::new();
    for pair in bounds.windows(2) {
        let alternative = &template[pair[0] + 1..pair[1]];
        for head in expand(alternative) {
            for tail in &tails {
                out.push(format!("{prefix}{head}{tail}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_alternatives_and_optional_parts() {
        let mut got = expand("{good|} {morning|day}!");
        got.sort();
        assert_eq!(got, [" day!", " morning!", "good day!", "good morning!"]);
    }

    #[test]
    fn literal_template_is_one_phrase() {
        assert_eq!(expand("hello"), ["hello"]);
    }

    #[test]
    fn groups_nest() {
        let mut got = expand("{hi|thanks for {the|your} help}!");
        got.sort();
        assert_eq!(
            got,
            ["hi!", "thanks for the help!", "thanks for your help!"]
        );
    }
}
