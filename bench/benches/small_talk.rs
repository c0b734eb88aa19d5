//! Classification cost: short messages (hits and misses, typo and name repairs) and a 2 KB message;
//! an operator file's load (phrases expanded into an automaton, FAQ patterns compiled: paid once at
//! init) and a message answered through its rules.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frugal_middleware::small_talk::{Classifier, Config};
use std::hint::black_box;

fn classify(c: &mut Criterion) {
    let classifier = Classifier::new();
    let long = "Please summarise the following report on quarterly revenue. ".repeat(34);
    let mut group = c.benchmark_group("classify");
    for (name, text) in [
        ("greeting", "Hi there!"),
        ("thanks_multilingual", "¡Muchas gracias!"),
        ("question_short", "hi, how do I reset my password?"),
        ("request_one_unknown_word", "thanks, invoice"),
        ("typo", "thnaks a lot"),
        ("name", "Thanks Maria!"),
        ("name_lowercase", "thanks mike"),
        ("slip", "se you later"),
        ("request_four_words", "hello, refund my order"),
        ("cjk", "谢谢你的帮助"),
        ("thai", "สวัสดีครับ"),
        ("question_2kb", long.as_str()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| classifier.classify(black_box(text))));
    }
    group.finish();
}

/// An operator file of the size a support team might keep: 20 FAQ rules, phrases in three languages.
fn operator_file() -> String {
    let mut text = String::from(
        "[phrases.en]\ngreeting = [\"hey {frugal|frugalbot|assistant} {team|}\"]\nfillers = [\"{frugal|frugalbot}\"]\n\
         [phrases.de]\nthanks = [\"{merci|danke} vielmals\"]\n[phrases.fr]\ngoodbye = [\"a la prochaine {fois|}\"]\n\
         [replies.en]\ngreeting = \"Hi! Ask me about your order.\"\n",
    );
    for i in 0..20 {
        text.push_str(&format!(
            "[[rules]]\nname = \"faq{i}\"\npattern = \"(what|when) (are|is) (your|the) (opening|business) hours{i}( today)?\"\nreply = \"Answer {i}\"\n"
        ));
    }
    text
}

fn operator(c: &mut Criterion) {
    let text = operator_file();
    let mut group = c.benchmark_group("operator");
    group.bench_function("load_20_rules_3_languages", |b| {
        b.iter(|| Config::from_toml(black_box(&text), "ops.toml"))
    });
    let config = Config::from_toml(&text, "ops.toml").expect("valid");
    for (name, message) in [
        ("respond_rule_last", "When are your opening hours19 today?"),
        ("respond_greeting", "Hey FrugalBot!"),
        ("respond_miss", "hi, how do I reset my password?"),
    ] {
        group.bench_function(name, |b| b.iter(|| config.respond(black_box(message))));
    }
    group.finish();
}

criterion_group!(benches, classify, operator);
criterion_main!(benches);
