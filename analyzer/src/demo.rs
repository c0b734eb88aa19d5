//! `frugal demo`: replays a bundled sample of chat messages through the real middleware stack, offline.
//!
//! The inner service is a **stand-in for the model**: it answers instantly and reports the token usage
//! and latency a real Bedrock call of that size would have, priced from the model price table. Every
//! other part — guard, metrics, small talk, cache — is the code that runs in the Lambda.

use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use frugal_middleware::cost::{model_price, token_cost, Architecture, CostModel, DEFAULT_MODEL_ID};
use frugal_middleware::guard::{IdentitySource, DEV_USER_HEADER};
use frugal_middleware::metrics::MetricsSink;
use frugal_middleware::{ChatReply, ChatRequest, FrugalStack, ModelCall, Source, Usage};
use http_body_util::Full;
use serde::Serialize;
use tower::{Service, ServiceExt};

/// The bundled messages (see the file's header for their sources).
pub const DEMO_MESSAGES: &str = include_str!("demo_messages.txt");

/// The bundled trace slice: one HTTP-triggered function of the Azure Functions 2019 trace (Shahrad et
/// al., USENIX ATC 2020, CC BY 4.0; sample prepared by the vHive invitro project), 8 hours per minute.
pub const DEMO_TRACE: [&str; 3] = [
    include_str!("demo_trace/invocations.csv"),
    include_str!("demo_trace/durations.csv"),
    include_str!("demo_trace/memory.csv"),
];

/// Arguments of `frugal demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Model whose prices the stand-in uses.
    #[arg(long, env = "FRUGAL_MODEL_ID", default_value = DEFAULT_MODEL_ID)]
    pub model: String,
    /// Lambda memory size, MB.
    #[arg(long, env = "FRUGAL_DEMO_MEMORY_MB", default_value_t = 256)]
    pub memory: u32,
    /// Lambda architecture (arm64 or x86_64).
    #[arg(long, env = "FRUGAL_DEMO_ARCH", default_value = "arm64", value_parser = parse_arch)]
    pub arch: Architecture,
    /// Latency the stand-in model reports per call, ms (billed as Lambda duration on the model path).
    #[arg(long, env = "FRUGAL_DEMO_MODEL_LATENCY_MS", default_value_t = 700)]
    pub model_latency_ms: u64,
    /// Output tokens per model answer.
    #[arg(long, env = "FRUGAL_DEMO_OUTPUT_TOKENS", default_value_t = 150)]
    pub output_tokens: u64,
    /// Number of distinct users the messages are spread over (the cache is per user).
    #[arg(long, env = "FRUGAL_DEMO_USERS", default_value_t = 10)]
    pub users: usize,
    /// Replay these messages (one per line, `#` comments) instead of the bundled sample.
    #[arg(long, env = "FRUGAL_DEMO_MESSAGES")]
    pub messages: Option<std::path::PathBuf>,
    /// Print the result as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Where the second half writes its HTML report.
    #[arg(
        long,
        env = "FRUGAL_DEMO_REPORT",
        default_value = "frugal-demo-report.html"
    )]
    pub report: String,
}

/// The second half: simulate the bundled Azure trace slice as a Lambda function, analyse it, and write
/// an HTML report. Returns the report.
pub fn run_analysis(args: &DemoArgs) -> anyhow::Result<crate::recommend::Report> {
    use crate::export::{exporter, write_output, Format};
    let [invocations, durations, memory] = DEMO_TRACE;
    let trace = crate::simulate::load_azure_texts(invocations, durations, Some(memory), None, 1)?;
    let mut sim = crate::simulate::default_args("bundled Azure trace slice".into());
    sim.memory = args.memory;
    sim.provisioned = 1;
    let mut function = crate::simulate::simulate(&trace, &sim);
    function.config.architecture = args.arch.as_str().into();
    let snapshot = crate::snapshot::Snapshot {
        version: crate::snapshot::SNAPSHOT_VERSION,
        source: "simulate:bundled Azure Functions 2019 slice".into(),
        region: "us-east-1".into(),
        period_seconds: 60,
        functions: vec![function],
        warnings: Vec::new(),
    };
    let options = crate::recommend::Options {
        cold_start_target: 0.01,
        latency_p99_ms: None,
    };
    let report = crate::recommend::analyze(&snapshot, &options);
    write_output(&args.report, &exporter(Format::Html).serialize(&report)?)?;
    Ok(report)
}

fn parse_arch(text: &str) -> Result<Architecture, String> {
    Architecture::parse(text)
        .ok_or_else(|| format!("unknown architecture {text:?}; use arm64 or x86_64"))
}

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
    /// Rejected by the guard.
    pub rejected: u64,
    /// Share of requests that skipped the model.
    pub skipped_share: f64,
    /// Median time in the stack for a small-talk answer, ms.
    pub small_talk_median_ms: f64,
    /// Cost per 1M requests with Frugal, USD.
    pub cost_per_million_with: f64,
    /// Cost per 1M requests if every request went to the model, USD.
    pub cost_per_million_without: f64,
    /// Saving, share of the cost without Frugal.
    pub saving_share: f64,
}

fn estimate_input_tokens(message: &str) -> u64 {
    // About four characters per token, plus the system prompt and framing.
    60 + message.chars().count().div_ceil(4) as u64
}

/// Runs the demo and returns its report.
pub async fn run_demo(args: &DemoArgs) -> anyhow::Result<DemoReport> {
    let text = match &args.messages {
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
        }
        None => DEMO_MESSAGES.to_owned(),
    };
    let messages: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    anyhow::ensure!(!messages.is_empty(), "no messages to replay");
    let cost_model = CostModel::new(args.memory, args.arch, "us-east-1");
    let model_latency = Duration::from_millis(args.model_latency_ms);
    let output_tokens = args.output_tokens;
    let model_id = args.model.clone();

    let stand_in = {
        let model_id = model_id.clone();
        tower::service_fn(move |request: http::Request<Bytes>| {
            let model_id = model_id.clone();
            async move {
                let chat = request.extensions().get::<ChatRequest>().cloned();
                let message = chat.as_ref().map_or("", |c| c.message.as_str());
                let usage = Usage {
                    input_tokens: estimate_input_tokens(message),
                    output_tokens,
                };
                let reply = ChatReply {
                    session_id: chat
                        .and_then(|c| c.session_id)
                        .unwrap_or_else(frugal_middleware::new_session_id),
                    reply: "(stand-in model answer)".into(),
                    source: Source::Model,
                    usage,
                    cost_usd: 0.0,
                };
                let mut response: http::Response<Full<Bytes>> = reply.into_response();
                response.extensions_mut().insert(ModelCall {
                    model_id,
                    usage,
                    latency: model_latency,
                });
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let (sink, _lines) = MetricsSink::memory();
    let mut stack = FrugalStack::new(&model_id, "You are a helpful assistant.");
    // In-process replay with simulated users; nothing listens on a network.
    stack.guard = stack
        .guard
        .identity(IdentitySource::InsecureHeader("demo".into()));
    stack.metrics = stack.metrics.sink(sink).cost_model(cost_model);
    let mut service = stack.service(stand_in);

    let mut report = DemoReport {
        model_id: model_id.clone(),
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
    };
    let (mut with, mut without) = (0.0, 0.0);
    let mut small_talk_ms = Vec::new();
    let model_path_cost = |message: &str| {
        cost_model.invocation_cost(model_latency)
            + token_cost(&model_id, estimate_input_tokens(message), output_tokens)
    };
    for (i, message) in messages.iter().enumerate() {
        let body = serde_json::to_vec(&serde_json::json!({ "message": message }))?;
        let request = http::Request::post("/chat")
            .header(DEV_USER_HEADER, format!("user-{}", i % args.users.max(1)))
            .body(Full::new(Bytes::from(body)))?;
        let started = std::time::Instant::now();
        let response = ServiceExt::<http::Request<Full<Bytes>>>::ready(&mut service)
            .await?
            .call(request)
            .await?;
        let elapsed = started.elapsed();
        report.requests += 1;
        without += model_path_cost(message);
        match response.extensions().get::<ChatReply>().map(|r| r.source) {
            Some(Source::SmallTalk) => {
                report.small_talk += 1;
                small_talk_ms.push(elapsed.as_secs_f64() * 1000.0);
                with += cost_model.invocation_cost(elapsed);
            }
            Some(Source::Cache) => {
                report.cache_hits += 1;
                with += cost_model.invocation_cost(elapsed);
            }
            Some(Source::Model) => {
                report.model_calls += 1;
                with += model_path_cost(message);
            }
            None => report.rejected += 1,
        }
    }
    small_talk_ms.sort_by(f64::total_cmp);
    report.small_talk_median_ms = small_talk_ms
        .get(small_talk_ms.len() / 2)
        .copied()
        .unwrap_or(0.0);
    report.skipped_share = (report.small_talk + report.cache_hits) as f64 / report.requests as f64;
    report.cost_per_million_with = with / report.requests as f64 * 1e6;
    report.cost_per_million_without = without / report.requests as f64 * 1e6;
    report.saving_share = 1.0 - with / without;
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
    costs.add_row(vec![
        Cell::new("saving"),
        Cell::new(format!("{:.1} %", report.saving_share * 100.0))
            .set_alignment(CellAlignment::Right),
    ]);
    format!(
        "Frugal demo: {} messages replayed through the real middleware stack (guard, metrics, small talk, cache)\n\
         Model: STAND-IN for {model_name} ({}), {} output tokens and {} ms per call, priced from the price table.\n\
         Lambda: {} MB {}, us-east-1 prices. Small-talk answers took a median {:.3} ms in the stack.\n\n{table}\n\n{costs}\n",
        report.requests,
        report.model_id,
        args.output_tokens,
        args.model_latency_ms,
        args.memory,
        args.arch.as_str(),
        report.small_talk_median_ms,
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

    #[tokio::test]
    async fn demo_skips_the_model_for_small_talk_and_repeats() {
        let args = Cli::parse_from(["demo"]).demo;
        let report = run_demo(&args).await.unwrap();
        assert_eq!(report.requests, 500);
        assert_eq!(report.rejected, 0);
        assert!(report.small_talk > 100, "{report:?}");
        assert!(report.cache_hits > 0, "{report:?}");
        assert!(report.cost_per_million_with < report.cost_per_million_without);
        assert!(render_table(&report, &args).contains("STAND-IN"));
    }
}
