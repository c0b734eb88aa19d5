//! Small-talk accuracy on CLINC150 (Larson et al., EMNLP 2019, CC BY 3.0; see data/README.md) and on a
//! hand-written multilingual set.

use frugal_middleware::small_talk::{Category, Classifier, Lang};

fn clinc() -> Vec<(bool, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/smalltalk/clinc150-trainval.tsv"
    );
    let text = std::fs::read_to_string(path)
        .expect("data/smalltalk/clinc150-trainval.tsv is in the repository");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (label, intent, _split, text) =
                (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            Some((label == "smalltalk", intent.to_owned(), text.to_owned()))
        })
        .collect()
}

#[test]
fn clinc150_false_positives_and_recall_within_bounds() {
    let classifier = Classifier::new();
    let rows = clinc();
    let (mut fp, mut real, mut hits, mut small) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut false_positives = Vec::new();
    for (is_small, intent, text) in &rows {
        let predicted = classifier.classify(text).is_some();
        if *is_small {
            small += 1;
            if predicted {
                hits += 1
            } else {
                misses.push(format!("{intent}: {text}"))
            }
        } else {
            real += 1;
            if predicted {
                fp += 1;
                false_positives.push(format!("{intent}: {text}"))
            }
        }
    }
    let fp_rate = fp as f64 / real as f64;
    let recall = hits as f64 / small as f64;
    println!(
        "real rows {real}, false positives {fp} ({:.3} %)",
        fp_rate * 100.0
    );
    println!("small-talk rows {small}, recall {:.2} %", recall * 100.0);
    println!("false positives: {false_positives:#?}");
    println!("misses: {misses:#?}");
    assert!(fp_rate <= 0.002, "false-positive rate {fp_rate}");
    assert!(recall >= 0.95, "recall {recall}");
}

#[test]
fn multilingual_small_talk_is_recognised() {
    let classifier = Classifier::new();
    let cases: &[(&str, Category, Lang)] = &[
        ("Hello!", Category::Greeting, Lang::En),
        ("thanks a lot 🙏", Category::Thanks, Lang::En),
        ("ok bye!!", Category::Goodbye, Lang::En),
        ("How are you doing today?", Category::HowAreYou, Lang::En),
        ("¡Hola!", Category::Greeting, Lang::Es),
        ("¿Cómo estás?", Category::HowAreYou, Lang::Es),
        ("muchas gracias", Category::Thanks, Lang::Es),
        ("Hasta luego", Category::Goodbye, Lang::Es),
        ("Bonjour !", Category::Greeting, Lang::Fr),
        ("Merci beaucoup", Category::Thanks, Lang::Fr),
        ("Au revoir", Category::Goodbye, Lang::Fr),
        ("Guten Morgen", Category::Greeting, Lang::De),
        ("Danke schön!", Category::Thanks, Lang::De),
        ("Tschüss", Category::Goodbye, Lang::De),
        ("Olá, tudo bem?", Category::HowAreYou, Lang::Pt),
        ("Muito obrigado!", Category::Thanks, Lang::Pt),
        ("Buongiorno", Category::Greeting, Lang::It),
        ("Grazie mille", Category::Thanks, Lang::It),
        ("Arrivederci", Category::Goodbye, Lang::It),
        ("Goedemorgen", Category::Greeting, Lang::Nl),
        ("Dank je wel", Category::Thanks, Lang::Nl),
        ("Tot ziens", Category::Goodbye, Lang::Nl),
        ("你好", Category::Greeting, Lang::Zh),
        ("谢谢！", Category::Thanks, Lang::Zh),
        ("再见", Category::Goodbye, Lang::Zh),
        ("こんにちは", Category::Greeting, Lang::Ja),
        ("ありがとうございます", Category::Thanks, Lang::Ja),
        ("안녕하세요", Category::Greeting, Lang::Ko),
        ("감사합니다", Category::Thanks, Lang::Ko),
        ("Привет!", Category::Greeting, Lang::Ru),
        ("Спасибо большое", Category::Thanks, Lang::Ru),
        ("До свидания", Category::Goodbye, Lang::Ru),
        ("مرحبا", Category::Greeting, Lang::Ar),
        ("شكرا جزيلا", Category::Thanks, Lang::Ar),
        ("नमस्ते", Category::Greeting, Lang::Hi),
        ("धन्यवाद", Category::Thanks, Lang::Hi),
        ("Selamat pagi", Category::Greeting, Lang::Id),
        ("Terima kasih", Category::Thanks, Lang::Id),
        ("Merhaba", Category::Greeting, Lang::Tr),
        ("Teşekkür ederim", Category::Thanks, Lang::Tr),
        ("Görüşürüz", Category::Goodbye, Lang::Tr),
    ];
    let mut wrong = Vec::new();
    for (text, category, lang) in cases {
        match classifier.classify(text) {
            Some(c) if c.category == *category && c.lang == *lang => {}
            other => wrong.push(format!(
                "{text}: expected {category:?}/{lang:?}, got {other:?}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn messages_that_ask_for_something_go_through() {
    let classifier = Classifier::new();
    for text in [
        "hi, how do I reset my password?",
        "thanks, and what about Friday?",
        "hello, can you translate this into German?",
        "Hola, ¿cuál es el horario de la tienda?",
        "Bonjour, je voudrais réserver une table",
        "Danke, aber wie viel kostet das?",
        "你好，请帮我写一封邮件",
        "ありがとう、明日の天気は？",
        "안녕하세요, 비밀번호를 잊어버렸어요",
        "Привет, как установить Rust?",
        "مرحبا، كيف أغير كلمة المرور؟",
        "नमस्ते, मेरा ऑर्डर कहाँ है?",
        "thank you for the help, now summarise this document",
        "how are you different from ChatGPT?",
        "say hello in french",
        "bye the way, what is my balance",
        "what's up with my order",
        "goodbye world program in rust",
        "",
        "   ",
    ] {
        assert!(
            classifier.classify(text).is_none(),
            "{text:?} must reach the model"
        );
    }
}
