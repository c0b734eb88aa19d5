//! Canned replies per category and language.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Category, Lang};

/// Canned replies, per category and language. Falls back to English for a language without its own.
///
/// ```
/// use frugal_middleware::small_talk::{Category, Lang, Replies};
///
/// let replies = Replies::default().with(Category::Greeting, Lang::En, "Hi! Ask me about your order.");
/// assert_eq!(replies.get(Category::Greeting, Lang::En), "Hi! Ask me about your order.");
/// assert_eq!(replies.get(Category::Thanks, Lang::Ko), "천만에요! 더 도와드릴까요?");
/// ```
#[derive(Clone, Debug)]
pub struct Replies {
    table: Arc<HashMap<(Category, Lang), Arc<str>>>,
}

impl Default for Replies {
    fn default() -> Self {
        let table = DEFAULT_REPLIES
            .iter()
            .flat_map(|(lang, texts)| {
                Category::ALL
                    .iter()
                    .zip(texts.iter())
                    .map(move |(category, text)| ((*category, *lang), Arc::from(*text)))
            })
            .collect();
        Self {
            table: Arc::new(table),
        }
    }
}

impl Replies {
    /// Replaces the reply for one category and language.
    #[must_use]
    pub fn with(mut self, category: Category, lang: Lang, text: impl Into<Arc<str>>) -> Self {
        Arc::make_mut(&mut self.table).insert((category, lang), text.into());
        self
    }

    /// The reply for a category in a language (English when that language has none).
    pub fn get(&self, category: Category, lang: Lang) -> &str {
        self.table
            .get(&(category, lang))
            .or_else(|| self.table.get(&(category, Lang::En)))
            .map_or("Hello!", |text| text)
    }
}

/// Built-in replies: greeting, how-are-you, thanks, goodbye.
const DEFAULT_REPLIES: &[(Lang, [&str; 4])] = &[
    (
        Lang::En,
        [
            "Hello! How can I help you today?",
            "I'm doing well, thanks for asking! How can I help?",
            "You're welcome! Anything else?",
            "Goodbye! Come back any time.",
        ],
    ),
    (
        Lang::Es,
        [
            "¡Hola! ¿En qué puedo ayudarte?",
            "¡Muy bien, gracias por preguntar! ¿En qué te ayudo?",
            "¡De nada! ¿Algo más?",
            "¡Adiós! Vuelve cuando quieras.",
        ],
    ),
    (
        Lang::Fr,
        [
            "Bonjour ! Comment puis-je vous aider ?",
            "Très bien, merci ! Que puis-je faire pour vous ?",
            "Avec plaisir ! Autre chose ?",
            "Au revoir ! À bientôt.",
        ],
    ),
    (
        Lang::De,
        [
            "Hallo! Wie kann ich helfen?",
            "Mir geht es gut, danke! Wie kann ich helfen?",
            "Gern geschehen! Noch etwas?",
            "Tschüss! Bis bald.",
        ],
    ),
    (
        Lang::Pt,
        [
            "Olá! Como posso ajudar?",
            "Tudo bem, obrigado por perguntar! Como posso ajudar?",
            "De nada! Mais alguma coisa?",
            "Tchau! Volte sempre.",
        ],
    ),
    (
        Lang::It,
        [
            "Ciao! Come posso aiutarti?",
            "Sto bene, grazie! Come posso aiutarti?",
            "Prego! Altro?",
            "Arrivederci! A presto.",
        ],
    ),
    (
        Lang::Nl,
        [
            "Hallo! Waarmee kan ik helpen?",
            "Goed, dank je! Waarmee kan ik helpen?",
            "Graag gedaan! Nog iets?",
            "Tot ziens!",
        ],
    ),
    (
        Lang::Zh,
        [
            "你好！有什么可以帮你的？",
            "我很好，谢谢关心！有什么可以帮你的？",
            "不客气！还有别的吗？",
            "再见！欢迎随时回来。",
        ],
    ),
    (
        Lang::Ja,
        [
            "こんにちは！何をお手伝いしましょうか？",
            "元気です、ありがとうございます！何をお手伝いしましょうか？",
            "どういたしまして！他に何かありますか？",
            "さようなら！またどうぞ。",
        ],
    ),
    (
        Lang::Ko,
        [
            "안녕하세요! 무엇을 도와드릴까요?",
            "잘 지내요, 물어봐 주셔서 감사해요! 무엇을 도와드릴까요?",
            "천만에요! 더 도와드릴까요?",
            "안녕히 가세요! 언제든 다시 오세요.",
        ],
    ),
    (
        Lang::Ru,
        [
            "Здравствуйте! Чем могу помочь?",
            "Всё хорошо, спасибо! Чем могу помочь?",
            "Пожалуйста! Что-нибудь ещё?",
            "До свидания! Возвращайтесь.",
        ],
    ),
    (
        Lang::Ar,
        [
            "مرحبا! كيف يمكنني مساعدتك؟",
            "بخير، شكرا لسؤالك! كيف يمكنني مساعدتك؟",
            "على الرحب والسعة! هل من شيء آخر؟",
            "مع السلامة! عد في أي وقت.",
        ],
    ),
    (
        Lang::Hi,
        [
            "नमस्ते! मैं आपकी क्या मदद कर सकता हूँ?",
            "मैं ठीक हूँ, पूछने के लिए धन्यवाद! मैं क्या मदद कर सकता हूँ?",
            "आपका स्वागत है! और कुछ?",
            "अलविदा! फिर आइएगा।",
        ],
    ),
    (
        Lang::Id,
        [
            "Halo! Ada yang bisa saya bantu?",
            "Baik, terima kasih sudah bertanya! Ada yang bisa saya bantu?",
            "Sama-sama! Ada lagi?",
            "Sampai jumpa!",
        ],
    ),
    (
        Lang::Tr,
        [
            "Merhaba! Size nasıl yardımcı olabilirim?",
            "İyiyim, sorduğunuz için teşekkürler! Nasıl yardımcı olabilirim?",
            "Rica ederim! Başka bir şey?",
            "Hoşça kalın!",
        ],
    ),
    (
        Lang::He,
        [
            "שלום! איך אפשר לעזור?",
            "הכול טוב, תודה ששאלת! איך אפשר לעזור?",
            "בשמחה! יש עוד משהו?",
            "להתראות! אפשר לחזור בכל זמן.",
        ],
    ),
    (
        Lang::Fa,
        [
            "سلام! چطور می‌توانم کمکتان کنم؟",
            "خوبم، ممنون که پرسیدید! چطور می‌توانم کمکتان کنم؟",
            "خواهش می‌کنم! کار دیگری هست؟",
            "خدانگهدار! هر وقت خواستید برگردید.",
        ],
    ),
    (
        Lang::Uk,
        [
            "Вітаю! Чим можу допомогти?",
            "Усе добре, дякую, що питаєте! Чим можу допомогти?",
            "Будь ласка! Щось іще?",
            "До побачення! Повертайтеся будь-коли.",
        ],
    ),
    (
        Lang::Bn,
        [
            "হ্যালো! আমি কীভাবে সাহায্য করতে পারি?",
            "ভালো আছি, জিজ্ঞেস করার জন্য ধন্যবাদ! কীভাবে সাহায্য করতে পারি?",
            "আপনাকেও ধন্যবাদ! আর কিছু লাগবে?",
            "বিদায়! আবার আসবেন।",
        ],
    ),
    (
        Lang::Mr,
        [
            "नमस्कार! मी तुमची काय मदत करू शकतो?",
            "मी छान आहे, विचारल्याबद्दल धन्यवाद! मी काय मदत करू शकतो?",
            "काही हरकत नाही! आणखी काही हवं आहे का?",
            "पुन्हा भेटू! कधीही परत या.",
        ],
    ),
    (
        Lang::Ta,
        [
            "வணக்கம்! நான் உங்களுக்கு எப்படி உதவலாம்?",
            "நான் நலமாக இருக்கிறேன், கேட்டதற்கு நன்றி! எப்படி உதவலாம்?",
            "மகிழ்ச்சி! வேறு ஏதாவது உதவி வேண்டுமா?",
            "மீண்டும் சந்திப்போம்! எப்போது வேண்டுமானாலும் வாருங்கள்.",
        ],
    ),
    (
        Lang::Ur,
        [
            "ہیلو! میں آپ کی کیا مدد کر سکتا ہوں؟",
            "میں ٹھیک ہوں، پوچھنے کا شکریہ! میں آپ کی کیا مدد کر سکتا ہوں؟",
            "کوئی بات نہیں! اور کچھ؟",
            "خدا حافظ! پھر تشریف لائیے گا۔",
        ],
    ),
    (
        Lang::Th,
        [
            "สวัสดีครับ! มีอะไรให้ช่วยไหมครับ",
            "สบายดีครับ ขอบคุณที่ถามนะครับ! มีอะไรให้ช่วยไหมครับ",
            "ยินดีครับ! มีอะไรอีกไหมครับ",
            "ลาก่อนครับ! กลับมาได้ทุกเมื่อนะครับ",
        ],
    ),
    (
        Lang::Sv,
        [
            "Hej! Hur kan jag hjälpa dig?",
            "Jag mår bra, tack för att du frågar! Hur kan jag hjälpa dig?",
            "Ingen orsak! Något mer?",
            "Hej då! Välkommen tillbaka när du vill.",
        ],
    ),
    (
        Lang::Vi,
        [
            "Xin chào! Tôi có thể giúp gì cho bạn?",
            "Tôi khỏe, cảm ơn bạn đã hỏi! Tôi có thể giúp gì cho bạn?",
            "Không có gì! Bạn cần gì thêm không?",
            "Tạm biệt! Hẹn gặp lại bạn.",
        ],
    ),
    (
        Lang::Pl,
        [
            "Cześć! W czym mogę pomóc?",
            "Wszystko dobrze, dziękuję za pytanie! W czym mogę pomóc?",
            "Nie ma za co! Coś jeszcze?",
            "Do widzenia! Zapraszam ponownie.",
        ],
    ),
    (
        Lang::El,
        [
            "Γεια σας! Πώς μπορώ να βοηθήσω;",
            "Είμαι καλά, ευχαριστώ που ρωτάτε! Πώς μπορώ να βοηθήσω;",
            "Παρακαλώ! Θέλετε κάτι άλλο;",
            "Αντίο! Ελάτε ξανά όποτε θέλετε.",
        ],
    ),
    (
        Lang::Ro,
        [
            "Bună! Cu ce vă pot ajuta?",
            "Sunt bine, mulțumesc că întrebați! Cu ce vă pot ajuta?",
            "Cu plăcere! Mai doriți ceva?",
            "La revedere! Reveniți oricând.",
        ],
    ),
    (
        Lang::Cs,
        [
            "Dobrý den! Jak vám mohu pomoci?",
            "Mám se dobře, děkuji za optání! Jak vám mohu pomoci?",
            "Rádo se stalo! Ještě něco?",
            "Na shledanou! Zastavte se zase.",
        ],
    ),
    (
        Lang::Da,
        [
            "Hej! Hvordan kan jeg hjælpe?",
            "Jeg har det godt, tak fordi du spørger! Hvordan kan jeg hjælpe?",
            "Selv tak! Er der andet, jeg kan hjælpe med?",
            "Farvel! Du er velkommen tilbage når som helst.",
        ],
    ),
    (
        Lang::No,
        [
            "Hei! Hvordan kan jeg hjelpe deg?",
            "Jeg har det bra, takk som spør! Hvordan kan jeg hjelpe?",
            "Bare hyggelig! Noe mer jeg kan hjelpe med?",
            "Ha det bra! Velkommen tilbake når som helst.",
        ],
    ),
    (
        Lang::Fi,
        [
            "Hei! Miten voin auttaa?",
            "Hyvää kuuluu, kiitos kysymästä! Miten voin auttaa?",
            "Eipä kestä! Voinko auttaa vielä jossain?",
            "Näkemiin! Tervetuloa uudelleen milloin vain.",
        ],
    ),
    (
        Lang::Hu,
        [
            "Üdv! Miben segíthetek?",
            "Köszönöm, jól vagyok! Miben segíthetek?",
            "Szívesen! Segíthetek még valamiben?",
            "Viszlát! Bármikor visszavárunk.",
        ],
    ),
    (
        Lang::Ms,
        [
            "Helo! Ada apa yang boleh saya bantu?",
            "Saya sihat, terima kasih kerana bertanya! Ada apa yang boleh saya bantu?",
            "Sama-sama! Ada apa-apa lagi?",
            "Selamat tinggal! Jumpa lagi.",
        ],
    ),
    (
        Lang::Tl,
        [
            "Kumusta! Paano kita matutulungan?",
            "Mabuti naman, salamat sa pagtatanong! Paano kita matutulungan?",
            "Walang anuman! May iba pa ba?",
            "Paalam! Bumalik ka lang anumang oras.",
        ],
    ),
    (
        Lang::Sw,
        [
            "Habari! Nikusaidie vipi?",
            "Niko salama, asante kwa kuuliza! Nikusaidie vipi?",
            "Karibu! Kuna kingine?",
            "Kwaheri! Karibu tena wakati wowote.",
        ],
    ),
];
