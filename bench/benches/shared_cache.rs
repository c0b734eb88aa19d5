//! The shared (L2) cache's hit rate as execution environments multiply, and the repeat rate where it
//! pays for its writes. A simulation, seeded, no AWS:
//!
//!     cargo bench -p frugal-bench --bench shared_cache
//!
//! Requests arrive one after another; each goes to one of `E` warm environments at random (Lambda
//! hands a request to any idle environment), and each environment has its own in-process (L1) cache.
//! A request repeats an earlier first-turn question of the same user with probability `r` (popular
//! questions more often: the earlier question is drawn with a Zipf-like bias toward the first ones
//! asked), else it is new. L1-only hits when the request's environment answered that question before;
//! with the L2 it hits when any environment did. Entries never expire within the run (its 100,000
//! requests stand for less than the cache's one-hour TTL of traffic at high concurrency).
//!
//! Break-even: the L2 costs a read (0.5 RRU, eventually consistent) on every L1 miss and a write
//! (1 WRU, answers under 1 KB) after every model answer, DynamoDB on-demand; each L2 hit saves a model
//! call (400 input and 150 output tokens of the model, and the Lambda time spent waiting for it).

use std::collections::HashSet;

use frugal_pricing::request::{DYNAMODB_PER_READ_UNIT, DYNAMODB_PER_WRITE_UNIT};
use frugal_pricing::{lambda_price, model_price, Architecture, CostModel};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const REQUESTS: usize = 100_000;
const USERS: usize = 2_000;

struct Outcome {
    l1_only: f64,
    with_l2: f64,
    /// Share of requests that read the L2 (L1 misses) and that write it (model answers).
    reads: f64,
    writes: f64,
}

fn simulate(environments: usize, repeat: f64, seed: u64) -> Outcome {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut asked: Vec<Vec<u64>> = vec![Vec::new(); USERS];
    let mut l1: Vec<HashSet<(usize, u64)>> = vec![HashSet::new(); environments];
    let mut l2: HashSet<(usize, u64)> = HashSet::new();
    let (mut l1_hits, mut l2_hits, mut reads, mut writes) = (0usize, 0usize, 0usize, 0usize);
    let mut next_question = 0u64;
    for _ in 0..REQUESTS {
        let user = rng.random_range(0..USERS);
        let earlier = &asked[user];
        let question = if !earlier.is_empty() && rng.random::<f64>() < repeat {
            // Zipf-like: the square of a uniform draw favours the first questions asked.
            let u: f64 = rng.random();
            earlier[((u * u) * earlier.len() as f64) as usize]
        } else {
            next_question += 1;
            asked[user].push(next_question);
            next_question
        };
        let key = (user, question);
        let env = rng.random_range(0..environments);
        if l1[env].contains(&key) {
            l1_hits += 1;
            continue;
        }
        reads += 1;
        if l2.contains(&key) {
            l2_hits += 1;
        } else {
            writes += 1;
            l2.insert(key);
        }
        l1[env].insert(key);
    }
    let n = REQUESTS as f64;
    Outcome {
        l1_only: l1_hits as f64 / n,
        with_l2: (l1_hits + l2_hits) as f64 / n,
        reads: reads as f64 / n,
        writes: writes as f64 / n,
    }
}

/// Net saving of the L2 per request: the model calls it avoids minus its reads and writes.
fn net_saving(outcome: &Outcome, model_call: f64) -> f64 {
    let saved = (outcome.with_l2 - outcome.l1_only) * model_call;
    let spent =
        outcome.reads * 0.5 * DYNAMODB_PER_READ_UNIT + outcome.writes * DYNAMODB_PER_WRITE_UNIT;
    saved - spent
}

fn main() {
    println!(
        "Hit rate of first-turn questions, {REQUESTS} requests of {USERS} users, 30 % repeats:"
    );
    println!("| environments | L1 only | L1 + L2 |");
    println!("|---|---|---|");
    for environments in [1, 10, 50, 200, 1000] {
        let outcome = simulate(environments, 0.30, 7);
        println!(
            "| {environments} | {:.1} % | {:.1} % |",
            outcome.l1_only * 100.0,
            outcome.with_l2 * 100.0
        );
    }

    let lambda = CostModel::new(
        256,
        lambda_price("us-east-1", Architecture::Arm64).expect("us-east-1 prices"),
    );
    println!();
    println!("Break-even repeat rate at 200 environments (the L2 pays for its reads and writes above it):");
    println!("| model | one model call (400 in / 150 out, 1 s of Lambda at 256 MB) | break-even repeat rate | net saving per 1M requests at 30 % repeats |");
    println!("|---|---|---|---|");
    for id in [
        "anthropic.claude-3-haiku-20240307-v1:0",
        "amazon.nova-micro-v1:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
    ] {
        let Some(price) = model_price(id) else {
            continue;
        };
        let model_call = price.token_cost(400, 150)
            + lambda.invocation_cost(std::time::Duration::from_secs(1))
            - lambda.invocation_cost(std::time::Duration::from_millis(3));
        let mut break_even = None;
        for step in 0..=200 {
            let repeat = step as f64 * 0.0025;
            if net_saving(&simulate(200, repeat, 11), model_call) > 0.0 {
                break_even = Some(repeat);
                break;
            }
        }
        let at_30 = net_saving(&simulate(200, 0.30, 11), model_call) * 1e6;
        println!(
            "| {} | ${model_call:.7} | {} | ${at_30:.2} |",
            price.name,
            break_even.map_or("over 50 %".into(), |r| format!("{:.2} %", r * 100.0)),
        );
    }
}
