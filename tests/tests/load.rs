//! Load: hundreds of concurrent sessions against the real server (DynamoDB emulator, Bedrock stand-in
//! with latency), mixing greetings, repeated first questions and multi-turn chats. Every acknowledged
//! turn must be in DynamoDB exactly once; counters must match what was sent. Latencies are printed, not
//! asserted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use frugal_tests::{dynamodb_client, stored_items, Client};

const SESSIONS: usize = 200;
/// Requests in flight at once. The sessions all run at the same time; the bound keeps the single-process
/// DynamoDB emulator (moto) inside what it can accept, which is far below DynamoDB's.
const IN_FLIGHT: usize = 64;
const USERS: usize = 40;
const FOLLOW_UPS: usize = 3;
const FAQ: [&str; 4] = [
    "What is your refund policy?",
    "How do I change my delivery address?",
    "Which payment methods do you accept?",
    "Where is my order?",
];

#[derive(Default)]
struct Tally {
    latencies: HashMap<&'static str, Vec<f64>>,
    statuses: HashMap<u16, usize>,
    acknowledged: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundreds_of_concurrent_sessions_lose_nothing() {
    frugal_tests::require_emulator!();
    let (bedrock, client, _server, table) = frugal_tests::start_stack("load").await;
    bedrock.set_latency(Duration::from_millis(20));
    let dynamodb = dynamodb_client().await;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let permits = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));

    let started = Instant::now();
    let tasks: Vec<_> = (0..SESSIONS)
        .map(|i| {
            let client = Client::throttled(client.clone(), permits.clone());
            let tally = tally.clone();
            tokio::spawn(async move {
                let user = format!("user{}", i % USERS);
                let record = |kind: &'static str, took: Duration, reply: &frugal_tests::Reply| {
                    let mut t = tally.lock().unwrap();
                    t.latencies
                        .entry(kind)
                        .or_default()
                        .push(took.as_secs_f64() * 1000.0);
                    *t.statuses.entry(reply.status).or_default() += 1;
                    if reply.status != 200 {
                        eprintln!("{kind}: {} {}", reply.status, reply.json);
                    }
                    if let Some(source) = reply.json["source"].as_str() {
                        *t.by_source.entry(source.to_owned()).or_default() += 1;
                    }
                };
                let t0 = Instant::now();
                let hello = client.chat(&user, "Hello!", None).await;
                record("greeting", t0.elapsed(), &hello);

                let t0 = Instant::now();
                let faq = client.chat(&user, FAQ[i % FAQ.len()], None).await;
                record("first_question", t0.elapsed(), &faq);
                if faq.status == 200 && faq.json["source"] == "model" {
                    let session = faq.json["session_id"].as_str().unwrap().to_owned();
                    *tally
                        .lock()
                        .unwrap()
                        .acknowledged
                        .entry(format!("{user}#{session}"))
                        .or_default() += 1;
                }

                let session = format!("load-{i}");
                for turn in 0..FOLLOW_UPS {
                    let t0 = Instant::now();
                    let reply = client
                        .chat(
                            &user,
                            &format!("turn {turn} of session {i}: tell me more"),
                            Some(&session),
                        )
                        .await;
                    record("multi_turn", t0.elapsed(), &reply);
                    if reply.status == 200 {
                        *tally
                            .lock()
                            .unwrap()
                            .acknowledged
                            .entry(format!("{user}#{session}"))
                            .or_default() += 1;
                    }
                }
                let t0 = Instant::now();
                let thanks = client.chat(&user, "thanks, bye!", Some(&session)).await;
                record("greeting", t0.elapsed(), &thanks);
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let tally = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();

    let total: usize = tally.statuses.values().sum();
    println!(
        "{total} requests in {:.2} s = {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    for (kind, mut values) in tally.latencies {
        values.sort_by(f64::total_cmp);
        println!(
            "{kind:>15}: n={:4} p50 {:7.2} ms  p99 {:7.2} ms",
            values.len(),
            percentile(&values, 0.5),
            percentile(&values, 0.99)
        );
    }
    println!(
        "statuses {:?}, sources {:?}",
        tally.statuses, tally.by_source
    );

    assert_eq!(
        tally.statuses.get(&200),
        Some(&total),
        "no errors without injected faults: {:?}",
        tally.statuses
    );
    assert_eq!(
        tally.by_source.get("smalltalk"),
        Some(&(2 * SESSIONS)),
        "every greeting and thanks answered by small talk"
    );
    let model = tally.by_source.get("model").copied().unwrap_or(0);
    let cache = tally.by_source.get("cache").copied().unwrap_or(0);
    assert_eq!(model + cache, SESSIONS * (1 + FOLLOW_UPS));
    assert_eq!(
        bedrock.calls(),
        model,
        "every model answer is one model call, cache hits none"
    );
    // Each user asks one of four questions; repeats by the same user are served from the cache.
    assert!(cache > 0, "repeated first questions hit the cache");

    // Every acknowledged turn is stored exactly once.
    for (pk, acknowledged) in &tally.acknowledged {
        let items = stored_items(&dynamodb, &table, pk).await;
        assert_eq!(items.len(), *acknowledged, "{pk}");
        let mut keys: Vec<_> = items
            .iter()
            .map(|i| i["sk"].as_s().unwrap().clone())
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), *acknowledged, "{pk}: duplicate turn numbers");
    }
}
