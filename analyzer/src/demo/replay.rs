//! The first half of `frugal demo`: chat messages through the middleware's decisions, priced.
//!
//! Each message meets, in the stack's order: the guard's message limit, the small-talk classifier,
//! then the response cache, keyed like the cache layer keys it (the user and the normalised prompt;
//! every replayed message starts a conversation, so all are cacheable). What none of them answers
//! goes to the stand-in model, whose answer the cache then holds.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::error::{ensure, Error};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use frugal_middleware::cache::normalize_prompt;
use frugal_middleware::small_talk::Classifier;
use frugal_middleware::{Source, MAX_MESSAGE_CHARS};
use frugal_pricing::request::RequestPrice;
use frugal_pricing::{lambda_price, model_price, CostModel, DEFAULT_REGION, MODEL_PRICES};

use crate::cost_cmd::{front_door_price, path_price, PathKind, Stores};
use serde::Serialize;

use super::{DemoArgs, DEMO_MESSAGES};

/// What the demo measured.
#[derive(Debug, Serialize, PartialEq)]
pub struct DemoReport {
    /// Model priced.
    pub model_id: String,
    /// Requests replayed.
    pub requests: u64,
    /// Answered by small talk.
    pub small_talk: u64,
    /// Answered from the cache.
    pub cache_hits: u64,
    /// Sent to the (stand-in) model.
    pub model_calls: u64,
    /// Rejected by the guard (messages over its length limit).
    pub rejected: u64,
    /// Share of requests that skipped the model.
    pub skipped_share: f64,
    /// Median time to decide and answer a small-talk message, ms.
    pub small_talk_median_ms: f64,
    /// Cost per 1M requests with Frugal, USD.
    pub cost_per_million_with: f64,
    /// Cost per 1M requests if every request went to the model, USD.
    pub cost_per_million_without: f64,
    /// Saving, share of the cost without Frugal.
    pub saving_share: f64,
    /// Per 1M requests with Frugal, by component (the same model as `frugal cost`).
    pub breakdown_with: RequestPrice,
    /// Per 1M requests if every request went to the model, by component.
    pub breakdown_without: RequestPrice,
    /// The small-talk classifier on messages it was never tuned on.
    pub held_out: HeldOut,
}

/// The classifier's accuracy on the held-out splits (CLINC150's validation rows and the last
/// multilingual test set of `data/smalltalk/`), measured when the demo runs, not copied from a
/// document.
#[derive(Debug, Serialize, PartialEq)]
pub struct HeldOut {
    /// Small-talk rows.
    pub small_talk_rows: u64,
    /// Share of them recognised.
    pub recall: f64,
    /// English small-talk rows.
    pub english_rows: u64,
    /// Share of them recognised.
    pub english_recall: f64,
    /// Real requests.
    pub real_rows: u64,
    /// Share of them answered from a canned reply (false positives).
    pub false_positive_rate: f64,
    /// Languages in the splits.
    pub languages: usize,
}

/// The held-out splits, by name, as bundled: CLINC150's validation rows (English) and the sets written
/// by sessions that never saw the rules and scored once after the round they test (multilingual set
/// 6, English set 12). The earlier sets were read while the lexicon grew (their rows or their scores
/// by style: development sets now), so they are not quoted here; `cargo test -p frugal-middleware --test small_talk_accuracy` reports all of them.
const HELD_OUT: &[(&str, &str)] = &[
    (
        "clinc150-trainval.tsv (val rows)",
        include_str!("../../../data/smalltalk/clinc150-trainval.tsv"),
    ),
    (
        "multilingual-heldout-6.tsv",
        include_str!("../../../data/smalltalk/multilingual-heldout-6.tsv"),
    ),
    (
        "english-heldout-12.tsv",
        include_str!("../../../data/smalltalk/english-heldout-12.tsv"),
    ),
];

/// Scores the classifier on the held-out splits.
pub fn held_out() -> HeldOut {
    let classifier = Classifier::new();
    let (mut small, mut hits, mut en_small, mut en_hits, mut real, mut fp) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut languages = std::collections::BTreeSet::new();
    for (name, text) in HELD_OUT {
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (is_small, lang, message) = if name.starts_with("clinc150") {
                // label, intent, split, text: only the validation rows are held out.
                match cols[..] {
                    [label, _, "val", text] => (label == "smalltalk", "en", text),
                    _ => continue,
                }
            } else {
                match cols[..] {
                    [label, _, lang, _, text] => (label == "smalltalk", lang, text),
                    _ => continue,
                }
            };
            languages.insert(lang);
            let predicted = classifier.classify(message).is_some();
            if is_small {
                small += 1;
                hits += u64::from(predicted);
                if lang == "en" {
                    en_small += 1;
                    en_hits += u64::from(predicted);
                }
            } else {
                real += 1;
                fp += u64::from(predicted);
            }
        }
    }
    let share = |a: u64, b: u64| a as f64 / b.max(1) as f64;
    HeldOut {
        small_talk_rows: small,
        recall: share(hits, small),
        english_rows: en_small,
        english_recall: share(en_hits, en_small),
        real_rows: real,
        false_positive_rate: share(fp, real),
        languages: languages.len(),
    }
}

fn estimate_input_tokens(message: &str) -> u64 {
    // About four characters per token, plus the system prompt and framing.
    60 + message.chars().count().div_ceil(4) as u64
}

/// The messages to replay: `--messages` or the bundled sample, blank lines and `#` comments skipped.
fn load_messages(args: &DemoArgs) -> crate::Result<String> {
    match &args.messages {
        Some(path) => std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        }),
        None => Ok(DEMO_MESSAGES.to_owned()),
    }
}

/// Replays the messages and prices every answer.
pub fn replay(args: &DemoArgs) -> crate::Result<DemoReport> {
    let text = load_messages(args)?;
    let messages: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    ensure!(!messages.is_empty(), Input, "no messages to replay");
    let model = model_price(&args.model).ok_or_else(|| {
        Error::Input(format!(
            "no price for model {:?}; known models: {}",
            args.model,
            MODEL_PRICES
                .iter()
                .map(|p| p.model_id)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let price = lambda_price(DEFAULT_REGION, args.arch).ok_or_else(|| {
        Error::Input(format!(
            "no Lambda prices for {} in {DEFAULT_REGION}",
            args.arch
        ))
    })?;
    let cost_model = CostModel::new(args.memory, price);
    let model_latency = Duration::from_millis(args.model_latency_ms);
    let front_door = front_door_price(args.front_door, false);
    let model_path = |message: &str| {
        let tokens = model.token_cost(estimate_input_tokens(message), args.output_tokens);
        path_price(
            PathKind::ModelTurn,
            &cost_model,
            model_latency,
            tokens,
            front_door,
            Stores::default(),
        )
    };
    let add = |sum: &mut RequestPrice, part: RequestPrice| {
        sum.lambda += part.lambda;
        sum.tokens += part.tokens;
        sum.front_door += part.front_door;
        sum.logs += part.logs;
        sum.dynamodb += part.dynamodb;
    };

    let classifier = Classifier::new();
    let mut cached: HashSet<(usize, String)> = HashSet::new();
    let mut report = DemoReport {
        model_id: args.model.clone(),
        requests: 0,
        small_talk: 0,
        cache_hits: 0,
        model_calls: 0,
        rejected: 0,
        skipped_share: 0.0,
        small_talk_median_ms: 0.0,
        cost_per_million_with: 0.0,
        cost_per_million_without: 0.0,
        saving_share: 0.0,
        breakdown_with: RequestPrice::default(),
        breakdown_without: RequestPrice::default(),
        held_out: held_out(),
    };
    let (mut with, mut without) = (RequestPrice::default(), RequestPrice::default());
    let mut small_talk_ms = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        let user = i % args.users.max(1);
        report.requests += 1;
        add(&mut without, model_path(message));
        if message.chars().count() > MAX_MESSAGE_CHARS {
            report.rejected += 1;
            continue;
        }
        let started = Instant::now();
        let (source, key) = if classifier.classify(message).is_some() {
            (Source::SmallTalk, None)
        } else {
            let key = (user, normalize_prompt(message));
            let source = if cached.contains(&key) {
                Source::Cache
            } else {
                Source::Model
            };
            (source, Some(key))
        };
        let elapsed = started.elapsed();
        match source {
            Source::SmallTalk => {
                report.small_talk += 1;
                small_talk_ms.push(elapsed.as_secs_f64() * 1000.0);
                add(
                    &mut with,
                    path_price(
                        PathKind::Greeting,
                        &cost_model,
                        elapsed,
                        0.0,
                        front_door,
                        Stores::default(),
                    ),
                );
            }
            Source::Cache => {
                report.cache_hits += 1;
                add(
                    &mut with,
                    path_price(
                        PathKind::CacheHit,
                        &cost_model,
                        elapsed,
                        0.0,
                        front_door,
                        Stores::default(),
                    ),
                );
            }
            Source::Model => {
                report.model_calls += 1;
                add(&mut with, model_path(message));
                cached.extend(key);
            }
        }
    }
    small_talk_ms.sort_by(f64::total_cmp);
    report.small_talk_median_ms = small_talk_ms
        .get(small_talk_ms.len() / 2)
        .copied()
        .unwrap_or(0.0);
    report.skipped_share = (report.small_talk + report.cache_hits) as f64 / report.requests as f64;
    let per_million = |sum: RequestPrice| {
        let scale = 1e6 / report.requests as f64;
        RequestPrice {
            lambda: sum.lambda * scale,
            tokens: sum.tokens * scale,
            front_door: sum.front_door * scale,
            logs: sum.logs * scale,
            dynamodb: sum.dynamodb * scale,
        }
    };
    report.breakdown_with = per_million(with);
    report.breakdown_without = per_million(without);
    report.cost_per_million_with = report.breakdown_with.total();
    report.cost_per_million_without = report.breakdown_without.total();
    report.saving_share = 1.0 - with.total() / without.total();
    Ok(report)
}

/// Renders the report as a table.
pub fn render_table(report: &DemoReport, args: &DemoArgs) -> String {
    let model_name = model_price(&report.model_id).map_or(report.model_id.as_str(), |p| p.name);
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(vec!["", "requests", "share"]);
    let share = |n: u64| format!("{:.1} %", n as f64 / report.requests.max(1) as f64 * 100.0);
    for (label, n) in [
        ("answered by small talk", report.small_talk),
        ("answered from the cache", report.cache_hits),
        ("sent to the model", report.model_calls),
        ("rejected by the guard", report.rejected),
        ("total", report.requests),
    ] {
        table.add_row(vec![
            Cell::new(label),
            Cell::new(n).set_alignment(CellAlignment::Right),
            Cell::new(share(n)).set_alignment(CellAlignment::Right),
        ]);
    }
    let mut costs = Table::new();
    costs
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(vec!["cost per 1M requests", "USD"]);
    costs.add_row(vec![
        Cell::new("every request to the model"),
        Cell::new(format!("{:.2}", report.cost_per_million_without))
            .set_alignment(CellAlignment::Right),
    ]);
    costs.add_row(vec![
        Cell::new("with Frugal"),
        Cell::new(format!("{:.2}", report.cost_per_million_with))
            .set_alignment(CellAlignment::Right),
    ]);
    for (label, with, without) in [
        (
            "  Lambda",
            report.breakdown_with.lambda,
            report.breakdown_without.lambda,
        ),
        (
            "  model tokens",
            report.breakdown_with.tokens,
            report.breakdown_without.tokens,
        ),
        (
            "  front door",
            report.breakdown_with.front_door,
            report.breakdown_without.front_door,
        ),
        (
            "  CloudWatch Logs",
            report.breakdown_with.logs,
            report.breakdown_without.logs,
        ),
        (
            "  DynamoDB",
            report.breakdown_with.dynamodb,
            report.breakdown_without.dynamodb,
        ),
    ] {
        costs.add_row(vec![
            Cell::new(format!("{label} (without / with)")),
            Cell::new(format!("{without:.2} / {with:.2}")).set_alignment(CellAlignment::Right),
        ]);
    }
    costs.add_row(vec![
        Cell::new("saving"),
        Cell::new(format!("{:.1} %", report.saving_share * 100.0))
            .set_alignment(CellAlignment::Right),
    ]);
    format!(
        "Frugal demo: {} messages replayed through the guard's message limit, the small-talk classifier and the cache's key, as the middleware applies them (per user, first-turn prompts).\n\
         Model: STAND-IN for {model_name} ({}), {} output tokens and {} ms per call, priced from the price table.\n\
         Lambda: {} MB {}, {DEFAULT_REGION} prices. Small-talk answers took a median {:.3} ms to decide.\n\
         Small-talk filter on held-out messages it was never tuned on ({} small talk in {} languages, {} real requests: CLINC150 validation rows, data/smalltalk/multilingual-heldout-6.tsv and english-heldout-12.tsv): \
         recall {:.1} % (English {:.1} %), real requests answered from a canned reply {:.2} %.\n\n{table}\n\n{costs}\n",
        report.requests,
        report.model_id,
        args.output_tokens,
        args.model_latency_ms,
        args.memory,
        args.arch,
        report.small_talk_median_ms,
        report.held_out.small_talk_rows,
        report.held_out.languages,
        report.held_out.real_rows,
        report.held_out.recall * 100.0,
        report.held_out.english_recall * 100.0,
        report.held_out.false_positive_rate * 100.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        demo: DemoArgs,
    }

    #[test]
    fn demo_skips_the_model_for_small_talk_and_repeats() {
        let args = Cli::parse_from(["demo"]).demo;
        let report = replay(&args).unwrap();
        assert_eq!(report.requests, 500);
        assert_eq!(report.rejected, 0);
        assert!(report.small_talk > 100, "{report:?}");
        assert!(report.cache_hits > 0, "{report:?}");
        assert!(report.cost_per_million_with < report.cost_per_million_without);
        assert!(render_table(&report, &args).contains("STAND-IN"));
        // The whole request's price, by component, adds up; every request passes the front door (the
        // REST API's $3.50 per million) whether or not it reaches the model.
        let parts = report.breakdown_with;
        assert!((parts.total() - report.cost_per_million_with).abs() < 1e-9);
        assert!((parts.front_door - 3.5).abs() < 1e-9, "{parts:?}");
        assert!((report.breakdown_without.front_door - 3.5).abs() < 1e-9);
        assert!(parts.dynamodb < report.breakdown_without.dynamodb);
        assert!(parts.logs > 0.0 && parts.lambda > 0.0);
    }

    #[test]
    fn the_cache_is_per_user_and_ignores_case_and_punctuation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("messages.txt");
        // Users alternate: 0, 1, 0, 1.
        std::fs::write(
            &path,
            "What is Rust?\nwhat is rust\nwhat is   RUST\nhello\n",
        )
        .unwrap();
        let mut args = Cli::parse_from(["demo"]).demo;
        args.messages = Some(path);
        args.users = 2;
        let report = replay(&args).unwrap();
        assert_eq!(
            (report.model_calls, report.cache_hits, report.small_talk),
            (2, 1, 1),
            "{report:?}"
        );
    }

    #[test]
    fn an_unknown_model_is_refused() {
        let mut args = Cli::parse_from(["demo"]).demo;
        args.model = "gpt-9".into();
        let error = replay(&args).unwrap_err().to_string();
        assert!(error.contains("known models"), "{error}");
    }
}
