//! Small-talk accuracy on CLINC150 (Larson et al., EMNLP 2019, CC BY 3.0; see data/README.md) and on a
//! hand-written multilingual set.

use frugal_middleware::small_talk::{Category, Classifier, Lang};

/// (is small talk, intent, split, text).
fn clinc() -> Vec<(bool, String, String, String)> {
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
            let (label, intent, split, text) =
                (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            let split = if split.ends_with("val") {
                "val"
            } else {
                "train"
            };
            Some((
                label == "smalltalk",
                intent.to_owned(),
                split.to_owned(),
                text.to_owned(),
            ))
        })
        .collect()
}

/// Counts for one split.
#[derive(Default)]
struct Score {
    small: usize,
    hits: usize,
    real: usize,
    false_positives: usize,
}

impl Score {
    fn add(&mut self, is_small: bool, predicted: bool) {
        if is_small {
            self.small += 1;
            self.hits += usize::from(predicted);
        } else {
            self.real += 1;
            self.false_positives += usize::from(predicted);
        }
    }
    fn recall(&self) -> f64 {
        self.hits as f64 / self.small.max(1) as f64
    }
    fn fp_rate(&self) -> f64 {
        self.false_positives as f64 / self.real.max(1) as f64
    }
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<24} small talk {:>5}  recall {:>6.2} %   real {:>6}  false positives {:>3} ({:.3} %)",
            self.small,
            self.recall() * 100.0,
            self.real,
            self.false_positives,
            self.fp_rate() * 100.0
        )
    }
}

/// CLINC150: the train split was used while writing rules; the validation split was not. Both are
/// reported; the bounds are the goals (recall >= 95 % English, false positives <= 0.1 %).
#[test]
fn clinc150_false_positives_and_recall_within_bounds() {
    let classifier = Classifier::new();
    let (mut train, mut val) = (Score::default(), Score::default());
    let mut false_positives = Vec::new();
    let mut misses = Vec::new();
    for (is_small, intent, split, text) in &clinc() {
        let predicted = classifier.classify(text).is_some();
        let score = if split == "val" { &mut val } else { &mut train };
        score.add(*is_small, predicted);
        if predicted && !is_small {
            false_positives.push(format!("{split} {intent}: {text}"));
        }
        if !predicted && *is_small && split == "train" {
            misses.push(format!("{intent}: {text}"));
        }
    }
    println!("{}", train.line("CLINC150 train (tuned)"));
    println!("{}", val.line("CLINC150 val (held out)"));
    println!("false positives: {false_positives:#?}");
    println!("train misses: {misses:#?}");
    for score in [&train, &val] {
        assert!(
            score.fp_rate() <= 0.001,
            "false-positive rate {}",
            score.fp_rate()
        );
        assert!(score.recall() >= 0.95, "recall {}", score.recall());
    }
}

/// Scores one multilingual held-out split (`data/smalltalk/`, see HELDOUT.md): scores only, never
/// rows, so that reading the output cannot turn it into training data.
fn held_out_split(file: &str) -> (Score, std::collections::BTreeMap<String, Score>) {
    let path = format!("{}/../data/smalltalk/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the held-out split is in the repository");
    let classifier = Classifier::new();
    let mut all = Score::default();
    let mut by_lang: std::collections::BTreeMap<String, Score> = Default::default();
    let mut by_style: std::collections::BTreeMap<String, Score> = Default::default();
    let mut by_category: std::collections::BTreeMap<String, Score> = Default::default();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [label, category, lang, style, text] = cols[..] else {
            panic!("a row of {file} has {} columns", cols.len());
        };
        let is_small = label == "smalltalk";
        let predicted = classifier.classify(text).is_some();
        all.add(is_small, predicted);
        by_lang
            .entry(lang.to_owned())
            .or_default()
            .add(is_small, predicted);
        by_style
            .entry(style.to_owned())
            .or_default()
            .add(is_small, predicted);
        by_category
            .entry(category.to_owned())
            .or_default()
            .add(is_small, predicted);
    }
    println!("{}", all.line(file));
    for (name, table) in [
        ("lang", &by_lang),
        ("style", &by_style),
        ("category", &by_category),
    ] {
        for (key, score) in table {
            println!("{}", score.line(&format!("  {name} {key}")));
        }
    }
    println!("languages: {}", by_lang.len());
    (all, by_lang)
}

/// The three multilingual held-out splits, scored apart. The goals are recall >= 95 % in
/// English and >= 85 % over all languages with false positives <= 0.1 % of real requests; whether
/// they are met is reported in docs/small-talk.md. This test guards against regressions below the
/// levels measured when the lexicon was last changed (the same floors for both splits).
#[test]
fn multilingual_held_out_splits() {
    let mut failures = Vec::new();
    for file in [
        "multilingual-heldout.tsv",
        "multilingual-heldout-2.tsv",
        "multilingual-heldout-3.tsv",
    ] {
        let (all, by_lang) = held_out_split(file);
        let english = &by_lang["en"];
        if by_lang.len() < 30 {
            failures.push(format!("{file}: {} languages", by_lang.len()));
        }
        if english.recall() < FLOOR_ENGLISH_RECALL {
            failures.push(format!("{file}: English recall {:.4}", english.recall()));
        }
        if all.recall() < FLOOR_RECALL {
            failures.push(format!("{file}: recall {:.4}", all.recall()));
        }
        if all.false_positives > 1 {
            failures.push(format!("{file}: {} false positives", all.false_positives));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The English held-out split, written after the last English round and scored once after it. Same
/// floors as the multilingual splits' English rows; the goal (95 %) is reported in
/// docs/small-talk.md.
#[test]
fn english_held_out_split() {
    let (all, by_lang) = held_out_split("english-heldout-4.tsv");
    assert_eq!(by_lang.len(), 1);
    assert!(
        all.recall() >= FLOOR_ENGLISH_RECALL,
        "recall {}",
        all.recall()
    );
    assert!(
        all.false_positives <= 1,
        "{} false positives",
        all.false_positives
    );
}

/// The test splits of the sixth English round (English set 5) and of every round until then
/// (multilingual set 6), each scored once when those rules were final (English 93.88 %, all 37
/// languages 91.72 %). The seventh round did not read their rows, but set 5's scores by style chose
/// its kinds: after it, set 5 scores 95.63 % (a development figure now). Floors at the levels measured;
/// the goals are reported in docs/small-talk.md.
#[test]
fn test_splits_written_after_the_rules() {
    let (english, by_lang) = held_out_split("english-heldout-5.tsv");
    assert_eq!(by_lang.len(), 1);
    let (all, by_lang) = held_out_split("multilingual-heldout-6.tsv");
    println!(
        "english-heldout-5: recall {:.4}, false positives {}; multilingual-heldout-6: recall {:.4}, English {:.4}, {} languages, false positives {}",
        english.recall(),
        english.false_positives,
        all.recall(),
        by_lang["en"].recall(),
        by_lang.len(),
        all.false_positives
    );
    // Scored once on 2026-11-29: English 93.88 % (goal 95 %: not met), all 37 languages 91.72 %
    // (goal 85 %: met), no false positive on 257 real requests.
    assert!(english.recall() >= 0.938, "{}", english.recall());
    assert!(all.recall() >= 0.917, "{}", all.recall());
    assert!(by_lang.len() >= 37);
    assert_eq!(english.false_positives + all.false_positives, 0);
}

/// English set 7 (`english-heldout-7.tsv`), written while the seventh English round was written, by
/// a session that read nothing of the filter, and scored once after that round: the test set of the
/// seventh round (HELDOUT.md).
#[test]
fn english_set_written_during_the_seventh_round() {
    // Scored once on 2026-11-29: 92.26 % (298 of 323; the 95 % goal is not met), no false positive
    // on 100 real requests. Its scores by style then chose the eighth round's kinds: 93.19 % after it.
    english_test_set("english-heldout-7.tsv", 0.931);
}

/// English set 8 (`english-heldout-8.tsv`), written while the eighth English round was written, by
/// a session that read nothing of the filter, weighted toward names and formal register, and scored
/// once after that round: its test set (HELDOUT.md).
#[test]
fn english_set_written_during_the_eighth_round() {
    // Scored once on 2026-11-29: 92.83 % (298 of 321; the 95 % goal is not met), no false positive
    // on 100 real requests. Its scores by style chose the ninth round's kinds: 93.15 % after it.
    english_test_set("english-heldout-8.tsv", 0.931);
}

/// English set 9 (`english-heldout-9.tsv`), written while the ninth English round was written, by a
/// session that read nothing of the filter, as the natural mix of an assistant's small talk (not
/// weighted toward a hard kind), and scored once after that round: its test set (HELDOUT.md).
#[test]
fn english_set_written_during_the_ninth_round() {
    // Scored once on 2026-11-29: 94.38 % (302 of 320; the 95 % goal is not met), no false positive
    // on 100 real requests. Its scores by style chose the tenth round's kinds: 94.38 % after it.
    english_test_set("english-heldout-9.tsv", 0.943);
}

/// English set 10 (`english-heldout-10.tsv`), written while the tenth English round was written, by a
/// session that read nothing of the filter, as the natural mix of an assistant's small talk, and scored
/// once after that round (HELDOUT.md).
#[test]
fn english_set_written_during_the_tenth_round() {
    // Scored once on 2026-11-29: 94.38 % (302 of 320; the 95 % goal is not met), no false positive
    // on 100 real requests.
    english_test_set("english-heldout-10.tsv", 0.943);
}

/// English set 11 (`english-heldout-11.tsv`), written while the eleventh English round was written, by
/// a session that read nothing of the project, as the natural mix of an assistant's small talk, and
/// scored once after that round (HELDOUT.md).
#[test]
fn english_set_written_during_the_eleventh_round() {
    // Scored once on 2026-11-30: 93.13 % (298 of 320; the 95 % goal is not met), no false positive
    // on 100 real requests. Its scores by style chose the twelfth round's kinds: 93.75 % after it.
    english_test_set("english-heldout-11.tsv", 0.931);
}

/// English set 12 (`english-heldout-12.tsv`), written while the twelfth English round was written, by
/// a session that read nothing of the project, as the natural mix of an assistant's small talk, and
/// scored once after that round: the English test set (HELDOUT.md).
#[test]
fn english_set_written_during_the_twelfth_round() {
    // Scored once on 2026-11-30: 95.94 % (307 of 320; the 95 % goal is met on this set), no false
    // positive on 100 real requests.
    english_test_set("english-heldout-12.tsv", 0.959);
}

/// An English-only test set: prints its recall and false positives (aggregates only, never rows),
/// holds recall at `floor` (the level it was scored at) and allows no false positive.
fn english_test_set(file: &str, floor: f64) {
    let (english, by_lang) = held_out_split(file);
    assert_eq!(by_lang.len(), 1);
    println!(
        "{file}: recall {:.4}, false positives {}",
        english.recall(),
        english.false_positives
    );
    assert!(english.recall() >= floor, "{file}: {}", english.recall());
    assert_eq!(english.false_positives, 0, "{file}");
}

/// Regression floors (see `multilingual_held_out_splits`).
const FLOOR_RECALL: f64 = 0.86;
const FLOOR_ENGLISH_RECALL: f64 = 0.87;

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
        // A question about leaving is a question, whatever short words other languages use as fillers.
        "do I need to go now",
        "do I have to say goodbye",
        // A bare request noun after a greeting or thanks is a request, whatever fillers exist.
        "hi help",
        "thanks, support",
        "hello, advice",
        "hey, answer",
        "thanks & time",
        // Letters and words that answer the assistant's question.
        "c",
        "ok c",
        "see",
        "I see",
        "catch",
        "",
        "   ",
    ] {
        assert!(
            classifier.classify(text).is_none(),
            "{text:?} must reach the model"
        );
    }
}

/// English probes written for the fifth English round (`data/smalltalk/english-probes.tsv`), before
/// its rules, one or more per kind: names and nicknames, emoji, repeated letters, typos, slang and
/// regional openers, indirect "how are you", thanks that praise the answer, sign-offs, compounds; and
/// requests that look like small talk. A development set: its misses are printed, and every real
/// request must reach the model.
#[test]
fn english_probes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/smalltalk/english-probes.tsv"
    );
    let text = std::fs::read_to_string(path).expect("the probes are in the repository");
    let classifier = Classifier::new();
    let mut score = Score::default();
    let (mut misses, mut false_positives) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let Some((label, text)) = line.split_once('\t') else {
            panic!("a probe row without a tab: {line}");
        };
        let is_small = label == "smalltalk";
        let predicted = classifier.classify(text).is_some();
        score.add(is_small, predicted);
        match (is_small, predicted) {
            (true, false) => misses.push(text),
            (false, true) => false_positives.push(text),
            _ => {}
        }
    }
    println!("{}", score.line("english-probes.tsv"));
    println!("misses: {misses:#?}");
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    assert!(score.recall() >= 0.98, "recall {}", score.recall());
}

/// Scores a development probe set of the held-out format (HELDOUT.md): prints its scores and its
/// misses; every real request must reach the model and recall must stay at or above `floor`.
fn probe_set(file: &str, floor: f64) {
    let (all, by_lang) = held_out_split(file);
    assert_eq!(by_lang.len(), 1);
    let path = format!("{}/../data/smalltalk/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the probes are in the repository");
    let classifier = Classifier::new();
    let (mut misses, mut false_positives) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [label, _, _, style, text] = cols[..] else {
            panic!("a row of {file} has {} columns", cols.len());
        };
        match (label == "smalltalk", classifier.classify(text).is_some()) {
            (true, false) => misses.push(format!("{style}: {text}")),
            (false, true) => false_positives.push(text),
            _ => {}
        }
    }
    println!("misses: {misses:#?}");
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    assert!(all.recall() >= floor, "recall {}", all.recall());
}

/// The second English probe set (`data/smalltalk/english-probes-2.tsv`), written by the sixth English
/// round's session before its rules and scored once before any change (see HELDOUT.md); a development
/// set since: scores by style and category, misses and false positives are printed, and every real
/// request must reach the model.
#[test]
fn english_probes_2() {
    probe_set("english-probes-2.tsv", 0.98);
}

/// The third English probe set (`data/smalltalk/english-probes-3.tsv`), written by the seventh English
/// round's session before its rules and without reading the lexicon, weighted toward slang and street
/// forms, emoji and emoticons, and formal register used alone; scored once before any change (see
/// HELDOUT.md), a development set since: misses and false positives are printed, and every real
/// request must reach the model.
#[test]
fn english_probes_3() {
    probe_set("english-probes-3.tsv", 0.99);
}

/// The fourth English probe set (`data/smalltalk/english-probes-4.tsv`), written by the eighth English
/// round's session before its rules and before reading the lexicon or the name code, weighted toward
/// names and forms of address around small talk (the bot addressed by any name, title or kinship term,
/// the user signing with their own name) and formal register used alone, with requests that start with
/// a name or title; scored once before any change (see HELDOUT.md), a development set since.
#[test]
fn english_probes_4() {
    probe_set("english-probes-4.tsv", 0.96);
}

/// The fifth English probe set (`data/smalltalk/english-probes-5.tsv`), written by the ninth English
/// round's session before its rules and before reading the lexicon or the name code, weighted toward
/// names no list holds (lower-case, all-caps, invented, brand-like and non-English), greetings
/// (time of day, regional, "nice to meet you", names, emoji and repeated letters) and goodbyes
/// (leave-takings, closing formulas, sign-offs with a name), with requests that start with a name or
/// a greeting, or are one or two words; scored once before any change (see HELDOUT.md), a development
/// set since.
#[test]
fn english_probes_5() {
    // 94.4 % after the ninth round; 93.6 % since a lone greeting with a word no list holds stays with
    // the model ("hi, hotmail" reads like "hey zorbo"): three rows traded for that false positive.
    probe_set("english-probes-5.tsv", 0.935);
}

/// The sixth English round's kinds: a space typed one letter off, left out or added; English words
/// typed for the small-talk word they sound like; chat spellings ("2", "u", "gud", "gr8"); terms of endearment, the tag "like", South African
/// greetings, formal welcomes and gratitude, greetings from a place, "alright" with a vocative.
#[test]
fn sixth_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases: &[(&str, Category)] = &[
        ("how ar eyou", Category::HowAreYou),
        ("howare you", Category::HowAreYou),
        ("how areyou doing", Category::HowAreYou),
        ("goo dmorning", Category::Greeting),
        ("thank s a lot", Category::Thanks),
        ("see yo ulater", Category::Goodbye),
        ("nice to meat you", Category::Greeting),
        ("take car", Category::Goodbye),
        ("have a good weak", Category::Goodbye),
        ("good mourning everyone", Category::Greeting),
        ("sea you later", Category::Goodbye),
        ("hello my dear", Category::Greeting),
        ("thanks sweetheart", Category::Thanks),
        ("how are you keeping, like?", Category::HowAreYou),
        ("heita", Category::Greeting),
        ("aweh bru", Category::Greeting),
        ("Good morning, and a very warm welcome.", Category::Greeting),
        ("hello from London!", Category::Greeting),
        ("Greetings from Lagos", Category::Greeting),
        ("I am most grateful.", Category::Thanks),
        ("that is most kind of you", Category::Thanks),
        ("alright mate?", Category::Greeting),
        ("nice 2 meet u", Category::Greeting),
        ("gud day", Category::Greeting),
        ("see u 2morrow", Category::Goodbye),
        ("gr8, thx", Category::Thanks),
        ("how r u 2day", Category::HowAreYou),
        ("ya ok?", Category::HowAreYou),
        ("thank ya", Category::Thanks),
        ("kthxbye", Category::Goodbye),
        ("awright hen", Category::Greeting),
    ];
    let mut wrong = Vec::new();
    for (text, category) in cases {
        match classifier.classify(text) {
            Some(c) if c.category == *category && c.lang == Lang::En => {}
            other => wrong.push(format!("{text}: expected {category:?}, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// What the sixth round's repairs must not read as small talk: words run together or split that
/// make a request, real words that make requests next to small-talk words, a place after "from"
/// in lower case, "alright" alone (it may answer the assistant).
#[test]
fn sixth_round_repairs_keep_requests_out() {
    let classifier = Classifier::new();
    let wrong = [
        "howto reset my password",
        "hi, howto deploy",
        "howare you trained",
        "how ar eyou trained",
        "how areyou built",
        "thankyou note template",
        "seeyou at 5",
        "goodbye world program",
        "by then",
        "by now",
        "by tomorrow",
        "tank please",
        "car please",
        "r u trained",
        "how r u built",
        "how 2 reset password",
        "see u at 5",
        "thanks n can u fix this",
        "wat r u",
        "who r u",
        "gm meaning",
        "meat please",
        "buy a car",
        "sea view",
        "their house",
        "weak password",
        "the sea",
        "hello from",
        "hello from python",
        "alright",
        "alright then",
        // "ya" as "yeah": an answer to the assistant, not "how are you".
        "ya ok",
        "ya well",
        "ya good",
        "ya fine",
        "like",
        "my dear",
        "welcome",
        "welcome message",
        "kind of you",
    ]
    .into_iter()
    .filter(|text| classifier.classify(text).is_some())
    .collect::<Vec<_>>();
    assert!(wrong.is_empty(), "must reach the model: {wrong:#?}");
}

/// The seventh English round's kinds: ASCII emoticons (":D", "<3", "o/"), street vocatives and
/// acknowledgements, slang greetings and "how are you" of several Englishes, slang praise as thanks,
/// "see you" with a day or a time, and formal register used alone.
#[test]
fn seventh_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases: &[(&str, Category)] = &[
        ("hey :D", Category::Greeting),
        ("hiya =P", Category::Greeting),
        ("thanks:D", Category::Thanks),
        ("ty <3 <3", Category::Thanks),
        ("cya </3", Category::Goodbye),
        ("o/", Category::Greeting),
        ("\\o hello", Category::Greeting),
        ("hi ^_^ o_o", Category::Greeting),
        ("thank you T_T", Category::Thanks),
        ("morning guv", Category::Greeting),
        ("yo g", Category::Greeting),
        ("thanks bae", Category::Thanks),
        ("bet, thanks", Category::Thanks),
        ("whats the good word", Category::Greeting),
        ("wassup doe", Category::Greeting),
        ("hellurr", Category::Greeting),
        ("wetin dey happen", Category::HowAreYou),
        ("wys bro", Category::HowAreYou),
        ("how's the form", Category::HowAreYou),
        ("hows she goin mate", Category::HowAreYou),
        ("how's ur mum n dem", Category::HowAreYou),
        ("good lookin out", Category::Thanks),
        ("u a real one", Category::Thanks),
        ("big respect bro", Category::Thanks),
        ("couldn't have done it without you", Category::Thanks),
        ("smell ya later", Category::Goodbye),
        ("see ya round", Category::Goodbye),
        ("catch you on friday", Category::Goodbye),
        ("talk to you tomorrow morning", Category::Goodbye),
        ("aight imma dip", Category::Goodbye),
        ("just dropping by to say thank you", Category::Thanks),
        ("Dear Sir or Madam, good afternoon.", Category::Greeting),
        ("Good morning, esteemed colleagues.", Category::Greeting),
        ("Greetings of the day.", Category::Greeting),
        ("I bid you farewell.", Category::Goodbye),
        ("Kindly accept our heartfelt gratitude.", Category::Thanks),
        (
            "We truly appreciate your prompt assistance.",
            Category::Thanks,
        ),
        (
            "Thank you for your time and consideration.",
            Category::Thanks,
        ),
        ("Well received, many thanks.", Category::Thanks),
        ("hey thier", Category::Greeting),
        ("so greatful, thank you", Category::Thanks),
        ("wha gwaan", Category::Greeting),
        ("alreet pet", Category::Greeting),
        ("fit like", Category::HowAreYou),
        ("yuh good?", Category::HowAreYou),
        ("likkle more", Category::Goodbye),
        ("shot bru", Category::Thanks),
        ("safe bro", Category::Thanks),
        ("sup chat", Category::Greeting),
        ("mind yourself", Category::Goodbye),
        ("gotta skrrt", Category::Goodbye),
        ("I hope you had a pleasant weekend.", Category::HowAreYou),
        ("How do you fare?", Category::HowAreYou),
        (
            "We are truly grateful for your continued support.",
            Category::Thanks,
        ),
        ("Allow me to express my gratitude.", Category::Thanks),
        ("With appreciation.", Category::Thanks),
        ("Pleasure doing business with you.", Category::Goodbye),
        ("many blessings", Category::Goodbye),
        ("Thanks for flagging.", Category::Thanks),
        ("TIA", Category::Thanks),
        ("I owe you a pint", Category::Thanks),
        ("Wishing you a great week ahead.", Category::Goodbye),
        ("Warmly,", Category::Goodbye),
        ("Well met.", Category::Greeting),
        ("May I enquire how you are?", Category::HowAreYou),
    ];
    let mut wrong = Vec::new();
    for (text, category) in cases {
        match classifier.classify(text) {
            Some(c) if c.category == *category && c.lang == Lang::En => {}
            other => wrong.push(format!("{text}: expected {category:?}, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// What the seventh round must not read as small talk: emoticons alone or asked about, digits and
/// slashes that only look like emoticons, its vocatives and acknowledgements alone, questions that
/// start like its phrases ("how do I", "what is the form"), and requests about its words.
#[test]
fn seventh_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let wrong = [
        ":D",
        "<3",
        ":)",
        "🙏?",
        "👋?",
        "what does :D mean",
        "what does <3 mean",
        "o/ what's the time in sydney",
        "ratio 1:3",
        "meet at 10:30",
        "is x<3",
        "i/o error",
        "how do",
        "how do i",
        "how do we",
        "ok how do i",
        "how is the form",
        "what is the form",
        "value your feedback",
        "just say thanks",
        "just say goodbye",
        "mvp",
        "hero",
        "good look",
        "smell",
        "i'll see about that",
        "g",
        "bet",
        "say less",
        "for real",
        "dear sir",
        "colleagues",
        "ladies and gentlemen",
        "well received",
        "to whom it may concern",
        "bid on this item",
        "accept the terms",
        "accept my invitation",
        "see you on friday at 5",
        "talk to you tomorrow about the invoice",
        "how are the kids supposed to learn this",
        "how do you say greetings of the day in hindi",
        "what does good looks mean",
        "thier house",
        "send our thanks",
        "please extend my thanks to Maria",
        "mind",
        "safe",
        "about to crash",
        "hi, I am stuck",
        "hello i am",
        "how do you fare in exams",
        "hope you had a good trip to paris",
        "Looking forward to your reply.",
        "i owe you 50 dollars",
        "how much do i owe you",
        "hail",
    ]
    .into_iter()
    .filter(|text| classifier.classify(text).is_some())
    .collect::<Vec<_>>();
    assert!(wrong.is_empty(), "must reach the model: {wrong:#?}");
}

/// The eighth English round's kinds: names of any shape and forms of address around small talk, the
/// user's own name signing off, and formal register used alone.
#[test]
fn eighth_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases: &[(&str, Category)] = &[
        // names of any shape, up to three words, with military or clerical titles
        ("thanks McKenzie", Category::Thanks),
        ("hi LeBron", Category::Greeting),
        ("thanks FrugalBot", Category::Thanks),
        ("Many thanks, Mr. O'Neill", Category::Thanks),
        ("hey Dr. Jean-Luc Picard", Category::Greeting),
        ("hi Capt. Miller", Category::Greeting),
        ("hello Rev. Green", Category::Greeting),
        ("thanks Mr. T", Category::Thanks),
        ("cheers - T", Category::Thanks),
        // a leading name before "!", ":" or a dash; a lower-case given name first
        ("Mike! how's it going?", Category::HowAreYou),
        ("Sam - hi!", Category::Greeting),
        ("sam thanks", Category::Thanks),
        ("Mary-Jane, thanks", Category::Thanks),
        ("bye kev", Category::Goodbye),
        // two names; pet names and bot names made of a given name
        ("Good morning, Sam and Priya", Category::Greeting),
        ("hi Sam & Priya", Category::Greeting),
        ("hi sammy", Category::Greeting),
        ("thanks priyabot", Category::Thanks),
        ("good morning class", Category::Greeting),
        ("thanks squire", Category::Thanks),
        // the user's name
        ("hello, Priya here", Category::Greeting),
        ("Best, Sam", Category::Goodbye),
        ("Yours, Priya", Category::Goodbye),
        ("Love, Mum", Category::Goodbye),
        // roles, ranks, honorifics and kinship terms
        ("how r u kiddo", Category::HowAreYou),
        ("thank you my lady", Category::Thanks),
        ("good evening your honour", Category::Greeting),
        ("hi nurse", Category::Greeting),
        ("thanks doctor", Category::Thanks),
        ("hey coach", Category::Greeting),
        ("thanks bhaiya", Category::Thanks),
        ("night gran", Category::Goodbye),
        // formal register alone
        ("Good morning to all.", Category::Greeting),
        ("Warm greetings from the team.", Category::Greeting),
        ("Cordial greetings", Category::Greeting),
        (
            "I hope all is well with you and your team.",
            Category::HowAreYou,
        ),
        ("Hello, trust you're doing great.", Category::HowAreYou),
        ("Allow me to thank you.", Category::Thanks),
        ("I really appreciate you taking the time.", Category::Thanks),
        ("Thanks for connecting.", Category::Thanks),
        ("Faithfully yours", Category::Goodbye),
        ("I wish you a pleasant day", Category::Goodbye),
        ("Sending my best,", Category::Goodbye),
        ("Hello and welcome.", Category::Greeting),
        ("Honoured to make your acquaintance.", Category::Greeting),
        ("Words cannot express my gratitude.", Category::Thanks),
        ("Your help has been invaluable.", Category::Thanks),
        ("Thank you for going above and beyond.", Category::Thanks),
        ("My heartfelt gratitude.", Category::Thanks),
        ("With warmest regards,", Category::Goodbye),
        ("Best wishes for the weekend.", Category::Goodbye),
        ("Always a pleasure.", Category::Goodbye),
        ("I won't keep you any longer.", Category::Goodbye),
        ("How art thou?", Category::HowAreYou),
    ];
    assert_recognised(&classifier, cases);
}

/// What the eighth round's name rules must leave to the model: requests that start with a name or
/// title, errands for someone named, a name with a request word, a salutation alone.
#[test]
fn eighth_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let requests = [
        "Sam, what's the weather",
        "Alexa play jazz",
        "Kai! lights",
        "Refund! thanks",
        "Refund - thanks",
        "Jake - how are you so fast?",
        "thank Priya for me",
        "thank them for me",
        "greet Mr. Chen",
        "tell Tom thanks",
        "Tom here",
        "Tom here, need help",
        "hi, Tom here, my order is late",
        "Best Buy",
        "Best",
        "Love Actually cast",
        "thanks, B",
        "Thanks - B+",
        "dear sir",
        "Dear Mr Okoye,",
        "translate how are you",
        "spanish how are you",
        "hi doctor, I have a fever",
        "thanks nurse, when is my next dose?",
        "Tom and Jerry",
        "hi Sam and Refund please",
        "hi Sam & Refund",
        "happy",
        "thanks chatbot, now the invoice",
        "Hello and welcome to my channel, write an intro",
        "your help is invaluable, now fix the bug",
    ];
    assert_kept_out(&classifier, &requests);
}

/// The ninth English round's kinds: a name no list holds, typed in lower case or in capitals (the
/// bot or the user called by an invented, foreign or brand-like name that is not an English word)
/// anywhere in short small talk, with a title before it or a bot's word after it; Japanese
/// honorifics after a name ("Yuki-san").
#[test]
fn ninth_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases = [
        // A lone greeting and such a word is kept out ("hi, hotmail"): a name needs more.
        ("hey zorbo good morning", Category::Greeting),
        ("hello xiao nice to meet you", Category::Greeting),
        ("hi there ZORBO", Category::Greeting),
        ("good morning ZORBO!!!", Category::Greeting),
        ("hi mr zorbo", Category::Greeting),
        ("good evening zorbo 👋", Category::Greeting),
        ("thanks quixl", Category::Thanks),
        ("hi Yuki-san", Category::Greeting),
        ("hey zorbo bot", Category::Greeting),
        ("thanks zorbobot", Category::Thanks),
        ("bye xiao-san", Category::Goodbye),
        ("hi zorbo nice to meet you", Category::Greeting),
        ("hey zorbo how are you", Category::HowAreYou),
        ("thanks zorbo you're the best", Category::Thanks),
        ("zorbo thank you so much", Category::Thanks),
        ("goodnight zorbo sleep well", Category::Goodbye),
        ("morning Hana-chan", Category::Greeting),
        ("how are you, zorbo?", Category::HowAreYou),
        ("hey zorbo, how are you?", Category::HowAreYou),
        ("how's it going xiao", Category::HowAreYou),
        ("thx zorbo", Category::Thanks),
        ("thank you ZORBO 🙏", Category::Thanks),
        ("zorbo, thanks", Category::Thanks),
        ("thanks a lot, zorbo", Category::Thanks),
        ("bye zorbo", Category::Goodbye),
        ("good night, zorbo", Category::Goodbye),
        ("see you later xiao", Category::Goodbye),
        ("take care, ZORBO", Category::Goodbye),
    ];
    assert_recognised(&classifier, &cases);
}

/// What the ninth round's names no list holds must leave to the model: an English word, a request
/// word no dictionary holds (services, formats, abbreviations), an acronym or a word of three
/// letters, after a greeting or before thanks; errands and greetings passed on; a name in a
/// question that is not "how are you"; a name with a request; a greeting of another language with a
/// word no list holds ("hola, factura").
#[test]
fn ninth_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let requests = [
        "hi, invoice",
        "hey, refund",
        "hello, pricing",
        "hi, login",
        "hey, wifi",
        "hi there, refunds",
        "good morning, timesheet",
        "hello, invoicing",
        "bye command",
        "hello world",
        "hi, screenshot",
        "hey, netflix",
        "hi, paytm",
        "hey, mpesa",
        "hi, aadhaar",
        "hello, gdpr",
        "hi, upi",
        "hey, kyc",
        "hi sql",
        "hi NASA",
        "hey HTML",
        "hi, xkcd",
        "thanks, next",
        "hola, factura",
        "say hi to zorbo",
        "tell zorbo thanks",
        "greet zorbo",
        "hello zorbo?",
        "xiao, what time is it?",
        "zorbo, translate this",
        "hey zorbo, write me a poem",
        "thanks zorbo, now the invoice",
        "hi zorbo blorvik",
        "hi, zorbonaut",
        "hello invoicebot",
        "hi zorbo, invoice",
        "hi zorbo bot please",
        "how is zorbo",
        "who is zorbo",
        "where is zorbo",
        "is zorbo there",
        "call zorbo",
        "text zorbo hi",
        "hi, i'm zorbo",
        "zorbo?",
        "bye bye bye nsync",
        // A two-letter chat form is a common word elsewhere: Polish, Spanish, Romanian, Czech.
        "ta druga",
        "yo quiero",
        "cu drag",
        "ty jestes",
        // A lone greeting and one word no list holds: a brand, a library, a foreign or misspelt
        // request word reads like a name.
        "hi, hotmail",
        "hey, airbnb",
        "hi numpy",
        "hey binance",
        "hi, ozempic",
        "hello, passwort",
        "hi, factura",
        "hi fattura",
        "hi, pasword",
        "hey ZORBO",
        "hey zorbo",
    ];
    assert_kept_out(&classifier, &requests);
}

/// The tenth English round's kinds: pet and assistant names that are dictionary words ("hi max",
/// "thanks luna") and common European given names the list lacked ("hey oskar"); "your" typed for "you're" in a wish ("hope your doing well"); "no" before a
/// closing and thanks ("no that's it, thanks"); "calling it a night" without a subject; coming back
/// ("hi, back again", "me again"); thanks and greetings said about themselves ("just saying thanks",
/// "a quick hi"), thanks for earlier, for what the help did and after praise of the answer; "tgif".
#[test]
fn tenth_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases = [
        ("hi max", Category::Greeting),
        ("hey luna", Category::Greeting),
        ("thanks luna!", Category::Thanks),
        ("cheers max", Category::Thanks),
        ("how's it going, max?", Category::HowAreYou),
        ("goodnight luna", Category::Goodbye),
        ("take care daisy", Category::Goodbye),
        ("hi ivy", Category::Greeting),
        ("thanks penny", Category::Thanks),
        ("hey oskar", Category::Greeting),
        ("thanks piotr", Category::Thanks),
        ("bye chiara", Category::Goodbye),
        ("hope your doing well", Category::HowAreYou),
        ("hope your well", Category::HowAreYou),
        ("trust your keeping well", Category::HowAreYou),
        ("i hope your having a great week", Category::HowAreYou),
        ("no that's it, thanks", Category::Thanks),
        ("nope, all good thanks", Category::Thanks),
        ("nah I'm good, thank you", Category::Thanks),
        ("calling it a night", Category::Goodbye),
        ("gonna call it a day", Category::Goodbye),
        ("back again, hi", Category::Greeting),
        ("hey, back again", Category::Greeting),
        ("it's me again", Category::Greeting),
        ("guess who's back", Category::Greeting),
        ("just saying thanks", Category::Thanks),
        ("just wanted to drop a thank you", Category::Thanks),
        ("just a quick hello", Category::Greeting),
        ("thanks for earlier", Category::Thanks),
        ("you really helped me out", Category::Thanks),
        ("you saved me hours, thanks", Category::Thanks),
        ("that's perfect, thank you", Category::Thanks),
        ("tgif", Category::Greeting),
    ];
    assert_recognised(&classifier, &cases);
}

/// What the tenth round must leave to the model: a greeting before a request, even with a
/// dictionary word after it that is no name ("hey tell me a joke", "hey bike": a word spelled right
/// is not two words run together); a name with a request or alone; "it's back again" (a bug that
/// came back); a wish or thanks that goes on to ask; requests about small-talk words; keyboard
/// slips that are words of their own ("hwy", "jello", "by") or that read two ways ("hellp": hello or
/// help).
#[test]
fn tenth_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let requests = [
        "hey tell me a joke",
        "hey bike",
        "hi joke",
        "max",
        "luna",
        "set it to max",
        "max volume",
        "hey max play music",
        "hi max, set a timer",
        "hey luna, turn off the lights",
        "poison ivy",
        "violet color",
        "it's back again",
        "the error is back again",
        "back again",
        "back again with another question",
        "me again?, the app crashed",
        "tell me again",
        "hope your order arrives",
        "hope your cat is ok",
        "hope you're well, could you review my essay",
        "no, that's wrong, thanks",
        "no thats wrong thanks",
        "no thanks, but can you shorten it",
        "why call it a day",
        "thanks for yesterday, can you do it again",
        "thanks for earlier, one more question",
        "thanks for today's weather",
        "just wanted to say thanks and ask about pricing",
        "just say thanks",
        "just send a thank you",
        "a quick hello world program",
        "quick hi in french",
        "tgif menu",
        "is tgif open today",
        "how do I say thank you in Japanese",
        "write a thank you note to my boss",
        "that didn't help at all",
        "hellp",
        "hwy",
        "jello",
        "by",
    ];
    assert_kept_out(&classifier, &requests);
}

/// The eleventh English round's kinds: pet and assistant names that are dictionary words or
/// mythical ("hi nugget", "thanks sparky"); flattering and playful address ("morning handsome",
/// "cheers einstein"); the assistant with an adjective or a title ("hello friendly bot", "morning mr
/// robot"); where a greeting comes from, in lower case ("hi from canada"); formal thanks that call
/// the help appreciated, "acknowledged with thanks" and "writing to thank you"; letter and travel
/// leave-takings ("it's been a real pleasure working with you", "safe flight"); an adjective before
/// the time of day and season's greetings; a newcomer's greeting and a call for the assistant ("hi,
/// new user here", "is anybody out there?"); who is writing after a greeting ("good morning, this is
/// Dr. Chen"); an initial signing a letter closing ("Warm regards, K.").
#[test]
fn eleventh_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases = [
        ("hi nugget", Category::Greeting),
        ("thanks sparky", Category::Thanks),
        ("bye willow", Category::Goodbye),
        ("good morning teddy", Category::Greeting),
        ("how are you doing, loki?", Category::HowAreYou),
        ("cheers jeeves", Category::Thanks),
        ("night night pickle", Category::Goodbye),
        ("morning handsome", Category::Greeting),
        ("thanks, clever clogs", Category::Thanks),
        ("bye superstar", Category::Goodbye),
        ("hey rockstar, how's it going", Category::HowAreYou),
        ("thank you my hero", Category::Thanks),
        ("cheers einstein", Category::Thanks),
        ("hello friendly bot", Category::Greeting),
        ("thanks trusty helper", Category::Thanks),
        ("morning mr robot", Category::Greeting),
        ("good night dear ai", Category::Goodbye),
        ("hi personal assistant", Category::Greeting),
        ("hi from canada", Category::Greeting),
        ("good evening from mumbai", Category::Greeting),
        ("greetings from the philippines", Category::Greeting),
        ("hey from rainy london", Category::Greeting),
        ("Your patience is greatly appreciated.", Category::Thanks),
        ("Your support has been truly appreciated.", Category::Thanks),
        ("All your help is much appreciated.", Category::Thanks),
        ("Deeply appreciated.", Category::Thanks),
        ("Your kind reply was much appreciated.", Category::Thanks),
        ("Acknowledged with thanks.", Category::Thanks),
        ("I'm just writing to say thanks.", Category::Thanks),
        ("Just writing to express my gratitude.", Category::Thanks),
        (
            "It's been a real pleasure working with you.",
            Category::Goodbye,
        ),
        ("Safe flight!", Category::Goodbye),
        ("Fare ye well.", Category::Goodbye),
        ("A very warm good morning to you all.", Category::Greeting),
        ("Warm greetings of the festive season", Category::Greeting),
        ("wakey wakey!", Category::Greeting),
        ("well if it isn't you", Category::Greeting),
        ("hello, new user here", Category::Greeting),
        ("hey, first time using this", Category::Greeting),
        ("is anybody out there?", Category::Greeting),
        ("hi, is someone around?", Category::Greeting),
        ("Good morning, this is Dr. Chen", Category::Greeting),
        ("hey there, it's Sam", Category::Greeting),
        ("hello again, it's priya", Category::Greeting),
        ("Warm regards, K.", Category::Goodbye),
        ("Yours faithfully, P", Category::Goodbye),
        ("Sincerely, A.", Category::Goodbye),
    ];
    assert_recognised(&classifier, &cases);
}

/// What the eleventh round must leave to the model: a pet name or a form of address alone or with a
/// request; a place after "from" in a request; help that "would be" appreciated, feedback asked for,
/// a reply waited for; "writing to" ask for something; requests about leave-takings; a newcomer or a
/// call for help that asks; "this is", "it's", "I'm" or "my name is" before anything but a name,
/// or a name no list holds; an initial that may choose an option.
#[test]
fn eleventh_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let requests = [
        "pickle recipe",
        "sage",
        "how to grow sage",
        "willow tree",
        "thor movie cast",
        "is loki on netflix",
        "hey nugget, make a burger recipe",
        "handsome",
        "genius",
        "hey genius, fix this code",
        "king size bed",
        "thanks queen, now write the intro",
        "wizard names for a game",
        "personal assistant salary",
        "smart assistant",
        "hey virtual assistant, set an alarm",
        "mr robot cast",
        "flights from india",
        "hello from india, what's the time",
        "shipping from canada",
        "from the uk",
        "your help would be appreciated",
        "any help is appreciated",
        "your feedback is appreciated",
        "Your prompt response is highly appreciated",
        "help would be greatly appreciated",
        "I am writing to request a refund",
        "writing a thank you letter",
        "I am writing to thank you for the refund, and ask about another order",
        "bon voyage meaning",
        "write a bon voyage card",
        "good morning in french",
        "season's greetings card text",
        "new here, what can you do?",
        "first time here, help me set up",
        "anyone around to help?",
        "I'm new to python, where do I start",
        "hi, this is urgent",
        "hello, this is the error",
        "hey it's broken",
        "hi, this is Tom, my order is late",
        "hello my name is zorbo",
        "hi, I'm John",
        "hello i am",
        "cheers, B",
        "pick one, B",
    ];
    assert_kept_out(&classifier, &requests);
}

/// The sixth English probe set (`data/smalltalk/english-probes-6.tsv`), written by the tenth English
/// round's session before its rules and before reading the lexicon, the name code or the classifier,
/// weighted toward greetings in all their forms, indirect small talk ("hope you're doing well", "just
/// wanted to say thanks", "that's all I needed, cheers"), typos and keyboard slips, names and thanks,
/// with requests that resemble them (a greeting before a request, requests about small-talk words,
/// one- or two-word requests). Scored once before any change (see HELDOUT.md); a development set
/// since: every real request must reach the model.
#[test]
fn english_probes_6() {
    probe_set("english-probes-6.tsv", 0.97);
}

/// The seventh English probe set (`data/smalltalk/english-probes-7.tsv`), written by the eleventh
/// English round's session before its rules and before reading the lexicon, the name code or the
/// classifier, weighted toward names in every position and form (the assistant addressed by a human
/// name, a nickname, a dictionary word or "bot", the user signing off with their own name, titles),
/// the formal register (letter openers and closings, formal thanks) and greetings in all their forms,
/// with requests that resemble them. Scored once before any change (see HELDOUT.md); a development
/// set since: every real request must reach the model.
#[test]
fn english_probes_7() {
    probe_set("english-probes-7.tsv", 0.964);
}

/// The eighth English probe set (`data/smalltalk/english-probes-8.tsv`), written by the twelfth
/// English round's session before its rules and before reading the lexicon, the typo tables or the
/// classifier, weighted toward typing mistakes in greetings, thanks, "how are you" and goodbyes,
/// indirect small talk ("just wanted to say thanks", "I was wondering how you are"), emoji and the
/// formal register, with near-miss requests ("I was wondering how to reset my password"). Scored
/// once before any change (see HELDOUT.md); a development set since: every real request must reach
/// the model.
#[test]
fn english_probes_8() {
    probe_set("english-probes-8.tsv", 0.987);
}

/// The twelfth round's kinds (`frames.rs`, `typos.rs`, `lexicon_round12.rs`), aimed at what the
/// eleventh English set scored lowest on (indirect small talk, typing mistakes): a first-person hedge
/// around a greeting, thanks or goodbye ("figured I'd say hi", "just dropping a line to say thanks"),
/// around a reported "how are you" ("I was wondering how you are", "I'm curious how your day's
/// been"), a wish ("I wish you a very good evening"), after words that ask nothing ("no questions,
/// just wanted to say hi"); words of degree; "!1"; "too", "two", "you" and "yo" typed for "to",
/// "your" and "you"; keyboard slips of more words and a vowel typed for another ("guod morning",
/// "Warm regrads, Anand"), in messages of up to nine words and next to a name.
#[test]
fn twelfth_round_kinds_are_recognised() {
    let classifier = Classifier::new();
    let cases = [
        ("just wanted to say hi", Category::Greeting),
        ("i just wanted to say hello", Category::Greeting),
        ("I just wanted to say a big thank you", Category::Thanks),
        ("figured I'd say hi", Category::Greeting),
        ("thought i'd pop in and say hello", Category::Greeting),
        ("thought I would drop by and say hi", Category::Greeting),
        ("I'm just saying hi", Category::Greeting),
        ("im just saying hello", Category::Greeting),
        ("just saying hey", Category::Greeting),
        ("nothing much, just saying hello", Category::Greeting),
        ("no questions, just wanted to say hi", Category::Greeting),
        ("no question today, just saying thanks", Category::Thanks),
        (
            "nothing really, just wanted to say thank you",
            Category::Thanks,
        ),
        ("I'd just like to say thank you", Category::Thanks),
        ("I would just like to say thanks", Category::Thanks),
        ("I'd like to say goodbye for now", Category::Goodbye),
        ("i wanted to say goodbye before i go", Category::Goodbye),
        ("i wanted to come say hello", Category::Greeting),
        ("I wanted to come and say hi", Category::Greeting),
        ("just dropping a line to say thanks", Category::Thanks),
        (
            "dropping you a quick note to say thank you",
            Category::Thanks,
        ),
        (
            "I just wanted to let you know I appreciate you",
            Category::Thanks,
        ),
        (
            "just wanted to let you know that I appreciate it",
            Category::Thanks,
        ),
        (
            "i just wanted to say how much i appreciate you",
            Category::Thanks,
        ),
        ("I wanted to tell you how grateful I am", Category::Thanks),
        ("I wanted to tell you thanks", Category::Thanks),
        ("I just want to say thank you so much", Category::Thanks),
        ("I really wanted to thank you", Category::Thanks),
        ("we wanted to thank you for your help", Category::Thanks),
        ("I wish you a very good evening", Category::Goodbye),
        ("I wish you a pleasant night", Category::Goodbye),
        ("I bid you good night", Category::Goodbye),
        ("I wanted to wish you a good night", Category::Goodbye),
        ("just wanted to wish you a happy weekend", Category::Goodbye),
        ("let me just say thanks", Category::Thanks),
        ("i'll just say bye then", Category::Goodbye),
        ("ok, I'll say goodbye now", Category::Goodbye),
        ("anyway, I'll say bye", Category::Goodbye),
        ("I must say thank you", Category::Thanks),
        ("I have to say thanks", Category::Thanks),
        ("gotta say thanks", Category::Thanks),
        ("I was wondering how you are", Category::HowAreYou),
        ("I was wondering how you're doing", Category::HowAreYou),
        ("i was just wondering how you've been", Category::HowAreYou),
        ("I'm curious how your day's been", Category::HowAreYou),
        ("curious how you're doing today", Category::HowAreYou),
        ("just wondering how things are going", Category::HowAreYou),
        (
            "I'd like to know how things are with you",
            Category::HowAreYou,
        ),
        (
            "I'd love to know how your day is going",
            Category::HowAreYou,
        ),
        ("I'd love to hear how you've been", Category::HowAreYou),
        ("wanted to ask how you're doing", Category::HowAreYou),
        ("I wanted to see how you were doing", Category::HowAreYou),
        ("I was wondering if you're doing ok", Category::HowAreYou),
        ("I'm wondering how your week has been", Category::HowAreYou),
        ("i wanted to check how you are", Category::HowAreYou),
        (
            "thought I'd check in and see how you're doing",
            Category::HowAreYou,
        ),
        ("hey, I was wondering how you are", Category::HowAreYou),
        ("hi! just wanted to say thanks", Category::Thanks),
        ("hello, i just wanted to say hi", Category::Greeting),
        ("just popping by to say hi", Category::Greeting),
        ("just stopping by to say thanks again", Category::Thanks),
        ("I came here to say thank you", Category::Thanks),
        ("I'm here to say thanks", Category::Thanks),
        ("have a very good evening", Category::Goodbye),
        ("thank you very much!1", Category::Thanks),
        ("thanks!!1", Category::Thanks),
        ("hi!1", Category::Greeting),
        ("nice too meet you", Category::Greeting),
        ("nice two meet you", Category::Greeting),
        ("hows you day going", Category::HowAreYou),
        ("how are yo", Category::HowAreYou),
        ("how r yo", Category::HowAreYou),
        ("thank yo", Category::Thanks),
        // Clauses and frames of leave-taking and thanks.
        ("I'll let you get back to it", Category::Goodbye),
        ("I won't keep you", Category::Goodbye),
        ("happy to be here", Category::Greeting),
        ("just letting you know I appreciate you", Category::Thanks),
        ("just letting you know I'm heading off", Category::Goodbye),
        ("just a note to say thanks", Category::Thanks),
        ("just a quick message to say thank you", Category::Thanks),
        ("quick thank you for earlier", Category::Thanks),
        ("couldn't leave without saying thanks", Category::Thanks),
        (
            "didn't want to leave without saying goodbye",
            Category::Goodbye,
        ),
        ("I don't know how to thank you", Category::Thanks),
        ("words can't describe how grateful I am", Category::Thanks),
        ("it means a lot", Category::Thanks),
        ("that means a lot to me", Category::Thanks),
        ("wishing you well", Category::Goodbye),
        // Keyboard slips of the twelfth round: a vowel for another, words of letters and address, in
        // longer messages and next to a name.
        ("guod morning", Category::Greeting),
        ("Warm regrads, Anand", Category::Goodbye),
        ("thansk, Tom", Category::Thanks),
        ("goodnigh luna", Category::Goodbye),
        ("top of the morning to yyou", Category::Greeting),
        ("thanks a lto", Category::Thanks),
        ("all teh best", Category::Goodbye),
        ("hey buddyy", Category::Greeting),
        ("thank you for yuor assistance", Category::Thanks),
        ("kind regadrs", Category::Goodbye),
        ("Best wishs", Category::Goodbye),
        ("thanks for evrything", Category::Thanks),
        ("see you tonite", Category::Goodbye),
        ("hiya mtae", Category::Greeting),
        ("thank you sincerly", Category::Goodbye),
        ("much apreciated, Sarah", Category::Thanks),
        ("how are yau doing today my friend", Category::HowAreYou),
        ("I hope you ari well", Category::HowAreYou),
    ];
    assert_recognised(&classifier, &cases);
}

/// Requests that the twelfth round's kinds must leave to the model: a frame around a request ("I
/// was wondering how to reset my password", "I'd like to know how you store my data", "just wanted
/// to say that my order never arrived"), reported questions that ask about the assistant ("I'd like
/// to know if you are human", "I'm curious how you are built"), a verb of saying with an object that
/// is not small talk ("I want to send thanks to Maria", "I want to say hello in French"), words that
/// ask nothing before a request, the new real-word slips in requests ("two tickets please"), and
/// keyboard slips next to a name or in a request ("thanks, Tom, where is my refund?").
#[test]
fn twelfth_round_keeps_requests_out() {
    let classifier = Classifier::new();
    let requests = [
        "I was wondering how to reset my password",
        "I was wondering how you calculate shipping costs",
        "I was wondering if you could help me with my resume",
        "I was wondering if you are open on sundays",
        "I was wondering if you're a robot",
        "I was wondering how you work",
        "I'd like to know how to change my address",
        "I'd like to know how things work with refunds",
        "I'd like to know how you store my data",
        "I'd like to know how you are trained",
        "I'd like to know how you are doing it",
        "I'd like to know if you are human",
        "I'd like to know if you're free tomorrow",
        "I'd love to know how you work",
        "I want to know how you are so smart",
        "just wanted to know how to update my card",
        "just wanted to ask about my refund",
        "just wanted to check my order status",
        "just wanted to say that my order never arrived",
        "I just wanted to let you know that my package is late",
        "I wanted to let you know I'm cancelling my subscription",
        "just wanted to say thanks, but also can you send the invoice again?",
        "I wanted to say thanks to my team, any ideas?",
        "I'd like to thank my sponsors in a speech, help me write it",
        "I want to say goodbye to my account, delete it",
        "I want to say hello in French",
        "I want to say hi to my mom",
        "I'd like to send a thank you card",
        "I want to send thanks to Maria",
        "I want to leave a review",
        "I want to leave now, cancel my booking",
        "I want to give you feedback",
        "I want to share my screen",
        "I want to tell you something",
        "I wanted to tell you about a bug",
        "I wish you could help me",
        "I wish you were faster",
        "I want to bid on this item",
        "I wanted to see if you're available tomorrow",
        "I wanted to check if you're open",
        "I wanted to check how my order is doing",
        "I want to see how things are going with my order",
        "I'd love to hear how you work",
        "I was wondering what you can do",
        "I was wondering what your name is",
        "I'm curious how you are built",
        "curious how you're able to do that",
        "just checking if my payment went through",
        "no questions, just cancel my order",
        "nothing much, just need a refund",
        "I'd just like to say my order is wrong",
        "let me just say this is broken",
        "I must say goodbye to my old phone, how do I transfer data",
        "I have to say hello to the new team, write an intro",
        "I'll say thank you in my speech, help me",
        "just saying, the app is slow",
        "I'm just saying hi to my friend, how do I send a message",
        "I was wondering how you say thank you in Japanese",
        "I wonder how are you able to remember",
        "wondering how your pricing works",
        "hey, I was wondering how to export to pdf",
        "thanks!1 can you also check my order",
        "how are yo able to do that",
        "thank yo for the refund, where is it",
        "nice too meet you, what can you do",
        "too bad, cancel it",
        "two tickets please",
        "hows you day going to be affected by the strike",
        "you day pass price",
        "I'd like to know what's new in the latest version",
        "I was wondering what's up with the app",
        "I don't know how to thank my boss, write a note",
        "it means a lot to me if you fix this",
        "I'll let you know tomorrow",
        "just letting you know my order is late",
        "a quick note to say the meeting is moved",
        "couldn't leave without saying my order is wrong",
        "words can't describe how bad this is",
        "I can't tell you how much I hate this app",
        "I can't express how happy I am with the refund, can I get another",
        "a big thank you card for my teacher",
        "wishing you well card message",
        "happy to be here, what can you do?",
        "I won't keep you long, one question about my bill",
        "can you tell me how you are built",
        "I'll let you go after you answer this",
        "thinks about my order",
        "thanks, Tom, where is my refund?",
        "guod morning, where is my order",
        "Warm regrads, please send the invoice",
        "best wishs card ideas",
        "hey buddyy can you help",
        "how aru you built",
        "kind regadrs meaning",
        "all teh best restaurants near me",
        "gota go to the bank, when does it open",
        "goodnigh luna, set an alarm",
        "see you tonite at the meeting, book a room",
        "hi Maria, where is my order?",
        "thanks Mike, can you also check my account",
        "bye Sam, cancel the subscription",
    ];
    assert!(requests.len() >= 40);
    assert_kept_out(&classifier, &requests);
}

/// Every case classified as its category; lists the ones that are not.
fn assert_recognised(classifier: &Classifier, cases: &[(&str, Category)]) {
    let wrong: Vec<_> = cases
        .iter()
        .filter(|(text, category)| classifier.classify(text).map(|c| c.category) != Some(*category))
        .map(|(text, _)| *text)
        .collect();
    assert!(wrong.is_empty(), "not recognised as expected: {wrong:#?}");
}

/// Every request left to the model; lists the ones answered as small talk.
fn assert_kept_out(classifier: &Classifier, requests: &[&str]) {
    let through: Vec<_> = requests
        .iter()
        .filter(|text| classifier.classify(text).is_some())
        .collect();
    assert!(through.is_empty(), "must reach the model: {through:#?}");
}
