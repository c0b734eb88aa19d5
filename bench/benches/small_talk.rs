//! Classification cost: short messages (hits and misses) and a 2 KB message.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frugal_middleware::small_talk::Classifier;
use std::hint::black_box;

fn classify(c: &mut Criterion) {
    let classifier = Classifier::new();
    let long = "Please summarise the following report on quarterly revenue. ".repeat(34);
    let mut group = c.benchmark_group("classify");
    for (name, text) in [
        ("greeting", "Hi there!"),
        ("thanks_multilingual", "¡Muchas gracias!"),
        ("question_short", "hi, how do I reset my password?"),
        ("cjk", "谢谢你的帮助"),
        ("question_2kb", long.as_str()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| classifier.classify(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
