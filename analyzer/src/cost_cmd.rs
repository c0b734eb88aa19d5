//! `frugal cost`: a price calculator for one function.
//!
//! Duration cost follows AWS Lambda Power Tuning's formula — `ceil(ms) × price per GB-s × MB / 1024` —
//! with the exact AWS prices from [`frugal_pricing`], and then adds what Power Tuning leaves
//! out: the request fee, init billing on cold starts, provisioned concurrency and model tokens.

use std::time::Duration;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use frugal_pricing::request::{self, FrontDoor, RequestPrice};
use frugal_pricing::{
    billed_ms, lambda_price, model_price, Architecture, CostModel, LambdaPrice, DEFAULT_MODEL_ID,
    DEFAULT_REGION, LAMBDA_PRICES, MODEL_PRICES,
};
use serde::Serialize;

use crate::cli::ArchitectureParser;
use crate::error::ensure;

/// Seconds in the month the calculator assumes (730 hours, as the AWS pricing calculator does).
pub const SECONDS_PER_MONTH: f64 = 730.0 * 3600.0;

/// Lambda's monthly free tier: GB-seconds of duration.
pub const FREE_GB_SECONDS: f64 = 400_000.0;
/// Lambda's monthly free tier: requests.
pub const FREE_REQUESTS: f64 = 1_000_000.0;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CostFormat {
    /// A table.
    Table,
    /// JSON.
    Json,
}

/// Arguments of `frugal cost`.
#[derive(Debug, Clone, clap::Args)]
pub struct CostArgs {
    /// Memory size, MB (128–10240).
    #[arg(long, env = "FRUGAL_COST_MEMORY_MB", value_parser = clap::value_parser!(u32).range(128..=10240))]
    pub memory: u32,
    /// Duration of one invocation, ms (billed rounded up to the next ms).
    #[arg(long, env = "FRUGAL_COST_DURATION_MS")]
    pub duration_ms: f64,
    /// Architecture.
    #[arg(long, env = "FRUGAL_COST_ARCH", default_value = "arm64", value_parser = ArchitectureParser)]
    pub arch: Architecture,
    /// Invocations per month.
    #[arg(long, env = "FRUGAL_COST_INVOCATIONS", default_value_t = 1_000_000)]
    pub invocations: u64,
    /// Share of invocations that are cold starts (0–1); each bills its init duration too.
    #[arg(long, env = "FRUGAL_COST_COLD_START_RATE", default_value_t = 0.0)]
    pub cold_start_rate: f64,
    /// Init duration of a cold start, ms.
    #[arg(long, env = "FRUGAL_COST_INIT_MS", default_value_t = 0.0)]
    pub init_ms: f64,
    /// Provisioned-concurrency environments.
    #[arg(long, env = "FRUGAL_COST_PROVISIONED", default_value_t = 0)]
    pub provisioned: u32,
    /// Hours per month the provisioned concurrency is on.
    #[arg(long, env = "FRUGAL_COST_HOURS", default_value_t = 730.0)]
    pub hours: f64,
    /// Bedrock model id for token costs.
    #[arg(long, env = "FRUGAL_COST_MODEL")]
    pub model: Option<String>,
    /// Input tokens per invocation.
    #[arg(long, env = "FRUGAL_COST_INPUT_TOKENS", default_value_t = 0)]
    pub input_tokens: u64,
    /// Output tokens per invocation.
    #[arg(long, env = "FRUGAL_COST_OUTPUT_TOKENS", default_value_t = 0)]
    pub output_tokens: u64,
    /// Subtract Lambda's monthly free tier (400,000 GB-s and 1M requests; shared by every function of
    /// the account, so off by default).
    #[arg(long, env = "FRUGAL_COST_FREE_TIER")]
    pub free_tier: bool,
    /// Power Tuning's rounded price of 1 ms at 128 MB (its `baseCosts`: 2.1e-9 for x86_64, 1.7e-9 for
    /// arm64 in most regions); when given, the Power Tuning line uses it instead of the exact price.
    #[arg(long, env = "FRUGAL_COST_POWER_TUNING_BASE")]
    pub power_tuning_base_cost: Option<f64>,
    /// Region whose prices to use (one of the price table's; any other is refused).
    #[arg(long, env = "AWS_REGION", default_value = DEFAULT_REGION)]
    pub region: String,
    /// What answers the browser before Lambda, for the per-request table: `rest-api` (streaming, the
    /// SAM template's), `http-api` or `function-url`.
    #[arg(long, env = "FRUGAL_COST_FRONT_DOOR", default_value = "rest-api", value_parser = clap::value_parser!(FrontDoor))]
    pub front_door: FrontDoor,
    /// CloudFront in front of the API (one more request charge each).
    #[arg(long, env = "FRUGAL_COST_CLOUDFRONT")]
    pub cloudfront: bool,
    /// The shared (L2) cache is on (`FRUGAL_CACHE_TABLE`): a read on every first-level miss, a write
    /// after every model answer.
    #[arg(long, env = "FRUGAL_COST_SHARED_CACHE")]
    pub shared_cache: bool,
    /// The per-user budget is on (`FRUGAL_USER_DAILY_BUDGET_USD`): two counter updates per model turn.
    #[arg(long, env = "FRUGAL_COST_BUDGET")]
    pub budget: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CostFormat::Table)]
    pub format: CostFormat,
}

/// One request of each path through the chat, priced whole.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathPrice {
    /// `greeting`, `cache hit` or `model turn`.
    pub path: &'static str,
    /// Billed duration assumed, ms.
    pub duration_ms: f64,
    /// Log bytes ingested: the request's EMF line (as the metrics layer writes it) and Lambda's own
    /// platform lines.
    pub log_bytes: u64,
    /// The price, by component.
    pub price: RequestPrice,
    /// The largest component.
    pub dominant: &'static str,
}

/// The calculation, line by line (USD per month unless named otherwise).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostReport {
    /// Inputs echoed back.
    pub memory_mb: u32,
    /// Architecture.
    pub architecture: Architecture,
    /// Region priced.
    pub region: String,
    /// Invocations per month.
    pub invocations: u64,
    /// Billed ms per invocation.
    pub billed_ms: u64,
    /// First-tier price per GB-s.
    pub price_per_gb_second: f64,
    /// Power Tuning's figure: duration cost of one invocation.
    pub power_tuning_cost_per_invocation: f64,
    /// Duration cost (tiered) of all invocations; on-demand or on provisioned environments.
    pub duration: f64,
    /// Request fees.
    pub requests: f64,
    /// Init billed on cold starts.
    pub init: f64,
    /// Provisioned concurrency (environments kept warm).
    pub provisioned: f64,
    /// Model tokens.
    pub tokens: f64,
    /// Everything.
    pub total: f64,
    /// Total per 1M invocations.
    pub per_million: f64,
    /// Share of invocations the provisioned environments can absorb at this duration.
    pub provisioned_capacity_share: f64,
    /// One request of each path, priced whole (front door, logs, DynamoDB next to Lambda and tokens).
    pub per_request: Vec<PathPrice>,
}

/// The bytes of the EMF line the metrics layer writes for a request of this kind.
fn emf_line_bytes(model_call: bool, cache_hit: bool, small_talk: bool) -> u64 {
    let record = frugal_middleware::metrics::Record {
        request_duration_ms: 12.345,
        model_latency_ms: model_call.then_some(812.5),
        time_to_first_token_ms: model_call.then_some(301.2),
        input_tokens: if model_call { 412 } else { 0 },
        output_tokens: if model_call { 150 } else { 0 },
        estimated_cost: 0.000_123_456_789,
        small_talk_hit: small_talk,
        cache_hit,
        model_call,
        max_memory_used_mb: Some(14.2),
        status: 200,
        request_id: Some("8f5e4b38-2c77-4f0e-9d38-2b7b3f3b9d11".into()),
        ..Default::default()
    };
    // The line and its newline.
    record.to_emf("Frugal", "frugal-chat", "frugal-chat").len() as u64 + 1
}

/// A path through the chat, for pricing one request whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathKind {
    /// Answered by small talk.
    Greeting,
    /// Answered from the in-process cache.
    CacheHit,
    /// Answered by the model: a history read and a turn write too.
    ModelTurn,
}

/// One request of `kind` priced whole: Lambda for `duration`, `tokens`, the front door, the log lines
/// (the EMF line as the metrics layer writes it for this path, and Lambda's platform lines) and the
/// DynamoDB units of the path. The one model `frugal cost` and `frugal demo` both use.
pub(crate) fn path_price(
    kind: PathKind,
    lambda: &CostModel,
    duration: Duration,
    tokens: f64,
    front_door: f64,
    stores: Stores,
) -> RequestPrice {
    let (emf, mut read_units, mut write_units) = match kind {
        PathKind::Greeting => (emf_line_bytes(false, false, true), 0.0, 0.0),
        PathKind::CacheHit => (emf_line_bytes(false, true, false), 0.0, 0.0),
        // The history query (eventually consistent, under 4 KB; a conversation's first message makes
        // none, so this is an upper bound) and the turn's write (1-2 KB).
        PathKind::ModelTurn => (emf_line_bytes(true, false, false), 0.5, 2.0),
    };
    if kind == PathKind::ModelTurn {
        if stores.shared_cache {
            // A miss read (eventually consistent) and the answer's write (under 1 KB).
            read_units += 0.5;
            write_units += 1.0;
        }
        if stores.budget {
            // The admission check and the charge: two counter updates.
            write_units += 2.0;
        }
    }
    RequestPrice {
        lambda: lambda.invocation_cost(duration),
        tokens,
        front_door,
        logs: request::logs_cost(emf + request::PLATFORM_LOG_BYTES),
        dynamodb: request::dynamodb_cost(read_units, write_units),
    }
}

/// Which optional DynamoDB-backed features a request pays for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stores {
    /// The shared (L2) cache.
    pub shared_cache: bool,
    /// The per-user budget.
    pub budget: bool,
}

/// The price of one request through `front_door` (and CloudFront when `cloudfront`).
pub(crate) fn front_door_price(front_door: FrontDoor, cloudfront: bool) -> f64 {
    front_door.per_request()
        + if cloudfront {
            request::CLOUDFRONT_PER_REQUEST
        } else {
            0.0
        }
}

/// Prices one request of each path: a greeting (2 ms), a cache hit (3 ms) and a model turn (the
/// given duration and tokens).
fn per_request(args: &CostArgs, memory_mb: u32, price: &'static LambdaPrice) -> Vec<PathPrice> {
    let lambda = CostModel::new(memory_mb, price);
    let front_door = front_door_price(args.front_door, args.cloudfront);
    let model = args
        .model
        .as_deref()
        .and_then(model_price)
        .or_else(|| model_price(DEFAULT_MODEL_ID));
    let (input, output) = match (args.input_tokens, args.output_tokens) {
        (0, 0) => (400, 150),
        tokens => tokens,
    };
    let model_tokens = model.map_or(0.0, |m| m.token_cost(input, output));
    [
        ("greeting", PathKind::Greeting, 2.0, 0.0),
        ("cache hit", PathKind::CacheHit, 3.0, 0.0),
        (
            "model turn",
            PathKind::ModelTurn,
            args.duration_ms,
            model_tokens,
        ),
    ]
    .into_iter()
    .map(|(name, kind, ms, tokens)| {
        let duration = Duration::from_secs_f64(ms / 1000.0);
        let stores = Stores {
            shared_cache: args.shared_cache,
            budget: args.budget,
        };
        let price = path_price(kind, &lambda, duration, tokens, front_door, stores);
        PathPrice {
            path: name,
            duration_ms: ms,
            log_bytes: (price.logs / request::LOGS_INGESTION_PER_GB * 1e9).round() as u64,
            price,
            dominant: price.dominant().0,
        }
    })
    .collect()
}

/// `Ok` when `value` is finite and within `range`, else an input error naming `flag`.
fn check_number(
    flag: &str,
    value: f64,
    range: std::ops::RangeInclusive<f64>,
    what: &str,
) -> crate::Result<()> {
    ensure!(
        value.is_finite() && range.contains(&value),
        Input,
        "{flag} = {}: not {what}",
        crate::error::number(value)
    );
    Ok(())
}

/// Checks what clap could not: every number finite and in range, the model and the region known.
fn check(args: &CostArgs) -> crate::Result<&'static LambdaPrice> {
    let max_ms = crate::snapshot::MAX_DURATION_MS;
    check_number(
        "--duration-ms",
        args.duration_ms,
        0.0..=max_ms,
        "a duration (0 to 900000 ms)",
    )?;
    check_number(
        "--init-ms",
        args.init_ms,
        0.0..=max_ms,
        "a duration (0 to 900000 ms)",
    )?;
    check_number(
        "--cold-start-rate",
        args.cold_start_rate,
        0.0..=1.0,
        "a share (0 to 1)",
    )?;
    check_number(
        "--hours",
        args.hours,
        0.0..=744.0,
        "a number of hours in a month (0 to 744)",
    )?;
    if let Some(base) = args.power_tuning_base_cost {
        ensure!(
            base.is_finite() && base > 0.0,
            Input,
            "--power-tuning-base-cost = {}: not a positive price per ms, such as 2.1e-9",
            crate::error::number(base)
        );
    }
    if let Some(model) = &args.model {
        ensure!(
            model_price(model).is_some(),
            Input,
            "--model {model:?}: no price for this model; known models: {}",
            MODEL_PRICES
                .iter()
                .map(|p| p.model_id)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    lambda_price(&args.region, args.arch).ok_or_else(|| {
        let mut known: Vec<&str> = LAMBDA_PRICES.iter().map(|p| p.region).collect();
        known.dedup();
        crate::Error::Input(format!(
            "--region (or AWS_REGION) {:?}: no Lambda prices for this region; known regions: {}",
            args.region,
            known.join(", ")
        ))
    })
}

/// Computes the report.
pub fn compute(args: &CostArgs) -> crate::Result<CostReport> {
    let price = check(args)?;
    let gb = f64::from(args.memory) / 1024.0;
    let billed = billed_ms(Duration::from_secs_f64(args.duration_ms / 1000.0));
    let per_invocation_gb_s = billed as f64 / 1000.0 * gb;
    let invocations = args.invocations as f64;

    // Provisioned environments serve up to their capacity at the provisioned duration price; the rest
    // spills over to on-demand.
    let provisioned_seconds = f64::from(args.provisioned) * args.hours * 3600.0;
    let capacity_invocations = if billed == 0 {
        f64::INFINITY
    } else {
        provisioned_seconds / (billed as f64 / 1000.0)
    };
    let on_provisioned = invocations.min(capacity_invocations);
    let on_demand = invocations - on_provisioned;
    // The free tier covers on-demand duration first, then init; it never covers provisioned concurrency.
    let mut free_gb_s = if args.free_tier { FREE_GB_SECONDS } else { 0.0 };
    let mut after_free = |gb_s: f64| {
        let covered = gb_s.min(free_gb_s);
        free_gb_s -= covered;
        gb_s - covered
    };
    let duration = price.tiered_duration_cost(after_free(on_demand * per_invocation_gb_s))
        + on_provisioned * per_invocation_gb_s * price.provisioned_duration;
    let provisioned = provisioned_seconds * gb * price.provisioned;
    let init_ms = billed_ms(Duration::from_secs_f64(args.init_ms / 1000.0)) as f64;
    let init =
        after_free(on_demand * args.cold_start_rate * init_ms / 1000.0 * gb) * price.gb_second();
    let free_requests = if args.free_tier { FREE_REQUESTS } else { 0.0 };
    let requests = (invocations - free_requests).max(0.0) * price.request;
    // The model was checked above, so a known model is priced and no model costs nothing.
    let tokens = args
        .model
        .as_deref()
        .and_then(model_price)
        .map_or(0.0, |p| {
            p.token_cost(args.input_tokens, args.output_tokens) * invocations
        });
    let total = duration + requests + init + provisioned + tokens;
    Ok(CostReport {
        memory_mb: args.memory,
        architecture: args.arch,
        region: price.region.to_owned(),
        invocations: args.invocations,
        billed_ms: billed,
        price_per_gb_second: price.gb_second(),
        power_tuning_cost_per_invocation: match args.power_tuning_base_cost {
            // Power Tuning's own arithmetic, in its order: base × (memory / 128) × ceil(ms).
            Some(base) => base * (f64::from(args.memory) / 128.0) * billed as f64,
            None => per_invocation_gb_s * price.gb_second(),
        },
        duration,
        requests,
        init,
        provisioned,
        tokens,
        total,
        per_million: if invocations > 0.0 {
            total / invocations * 1e6
        } else {
            0.0
        },
        provisioned_capacity_share: if invocations > 0.0 {
            on_provisioned / invocations
        } else {
            0.0
        },
        per_request: per_request(args, args.memory, price),
    })
}

/// Runs `frugal cost`.
pub fn run(args: &CostArgs) -> crate::Result<()> {
    let report = compute(args)?;
    match args.format {
        CostFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        CostFormat::Table => print!("{}", render_table(&report)),
    }
    Ok(())
}

/// Renders the report as a table.
pub fn render_table(report: &CostReport) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(vec!["item", "USD / month"]);
    let usd = |v: f64| Cell::new(format!("{v:.4}")).set_alignment(CellAlignment::Right);
    for (label, value) in [
        ("duration (Power Tuning's formula, tiered)", report.duration),
        ("requests ($0.20 per 1M)", report.requests),
        ("init billed on cold starts", report.init),
        ("provisioned concurrency", report.provisioned),
        ("model tokens", report.tokens),
        ("total", report.total),
    ] {
        table.add_row(vec![Cell::new(label), usd(value)]);
    }
    let mut paths = Table::new();
    paths.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "one request",
        "Lambda",
        "tokens",
        "front door",
        "logs",
        "DynamoDB",
        "total",
        "largest",
    ]);
    let tiny = |v: f64| Cell::new(format!("{v:.7}")).set_alignment(CellAlignment::Right);
    for path in &report.per_request {
        let p = &path.price;
        paths.add_row(vec![
            Cell::new(format!("{} ({} ms)", path.path, path.duration_ms)),
            tiny(p.lambda),
            tiny(p.tokens),
            tiny(p.front_door),
            tiny(p.logs),
            tiny(p.dynamodb),
            tiny(p.total()),
            Cell::new(path.dominant),
        ]);
    }
    format!(
        "{} MB {} in {}, {} invocations/month, {} ms billed each\n\
         Power Tuning's cost per invocation: ${:.10} (ceil(ms) x ${} per GB-s x MB/1024)\n{table}\n\
         per 1M invocations: ${:.2}\n\n\
         The whole request, USD (front door, CloudWatch Logs at $0.50/GB for the EMF line and Lambda's platform lines, DynamoDB on-demand):\n{paths}\n",
        report.memory_mb,
        report.architecture,
        report.region,
        report.invocations,
        report.billed_ms,
        report.power_tuning_cost_per_invocation,
        report.price_per_gb_second,
        report.per_million,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        cost: CostArgs,
    }

    fn args(extra: &[&str]) -> CostArgs {
        let mut argv = vec!["cost"];
        argv.extend_from_slice(extra);
        Cli::parse_from(argv).cost
    }

    #[test]
    fn matches_power_tuning_and_adds_the_request_fee() {
        let report = compute(&args(&[
            "--memory",
            "1024",
            "--duration-ms",
            "99.2",
            "--arch",
            "x86_64",
        ]))
        .unwrap();
        assert_eq!(report.billed_ms, 100);
        assert!((report.power_tuning_cost_per_invocation - 0.1 * 0.000_016_666_7).abs() < 1e-15);
        assert!((report.duration - 1_000_000.0 * 0.1 * 0.000_016_666_7).abs() < 1e-9);
        assert!((report.requests - 0.2).abs() < 1e-12);
        assert!((report.total - (report.duration + 0.2)).abs() < 1e-12);
    }

    #[test]
    fn provisioned_concurrency_and_tokens() {
        let report = compute(&args(&[
            "--memory",
            "512",
            "--duration-ms",
            "800",
            "--provisioned",
            "1",
            "--hours",
            "730",
            "--model",
            "amazon.nova-micro-v1:0",
            "--input-tokens",
            "1000",
            "--output-tokens",
            "1000",
        ]))
        .unwrap();
        // One arm64 environment of 0.5 GB for 730 h.
        let expected = 730.0 * 3600.0 * 0.5 * 0.000_003_333_4;
        assert!((report.provisioned - expected).abs() < 1e-6);
        assert!((report.tokens - 175.0).abs() < 1e-9);
        assert!(report.provisioned_capacity_share > 0.99);
    }

    /// Power Tuning's published figures (its unit tests of `computePrice` and `computeTotalCost`,
    /// github.com/alexcasalboni/aws-lambda-power-tuning, test/unit/test-utils.js): base cost 2.1e-9 $/ms
    /// at 128 MB, 1,024 MB.
    #[test]
    fn reproduces_power_tuning_with_its_rounded_prices() {
        let one = |ms: &str| {
            compute(&args(&[
                "--memory",
                "1024",
                "--duration-ms",
                ms,
                "--arch",
                "x86_64",
                "--power-tuning-base-cost",
                "2.1e-9",
            ]))
            .unwrap()
            .power_tuning_cost_per_invocation
        };
        // computePrice(2.1e-9, 128, 1024, 300) = minCost × (value / minRAM) × duration, bit for bit.
        assert_eq!(one("300"), 2.1e-9 * (1024.0 / 128.0) * 300.0);
        assert!((one("300") - 5.04e-6).abs() < 1e-20);
        // computeTotalCost over [100, 150, 200, 300, 400] ms = minCost × 8 × 1150.
        let total: f64 = ["100", "150", "200", "300", "400"]
            .iter()
            .map(|ms| one(ms))
            .sum();
        assert!((total - 2.1e-9 * 8.0 * 1150.0).abs() < 1e-20, "{total}");
        // Power Tuning bills whole milliseconds too: 299.2 ms costs as 300.
        assert_eq!(one("299.2"), one("300"));
        // The exact price differs from the rounded one by under 1 %: 2.1e-9 vs 1.66667e-5 × 0.125 / 1000.
        let exact = compute(&args(&[
            "--memory",
            "1024",
            "--duration-ms",
            "300",
            "--arch",
            "x86_64",
        ]))
        .unwrap()
        .power_tuning_cost_per_invocation;
        assert!((exact - 0.000_016_666_7 * 0.3).abs() < 1e-18);
        assert!((one("300") / exact - 1.008).abs() < 0.001);
    }

    /// AWS's pricing page, Example 1 (mobile application backend; us-east-1, exact prices, free tier):
    /// 3M requests of 120 ms at 1,536 MB on Arm → 540,000 GB-s − 400,000 free = 140,000 GB-s ×
    /// $0.0000133334 = $1.87; 3M − 1M free requests × $0.20/M = $0.40; total $2.27.
    #[test]
    fn reproduces_the_aws_pricing_page_example() {
        let report = compute(&args(&[
            "--memory",
            "1536",
            "--duration-ms",
            "120",
            "--arch",
            "arm64",
            "--invocations",
            "3000000",
            "--free-tier",
        ]))
        .unwrap();
        assert!((report.duration - 140_000.0 * 0.000_013_333_4).abs() < 1e-9);
        assert_eq!(format!("{:.2}", report.duration), "1.87");
        assert_eq!(format!("{:.2}", report.requests), "0.40");
        assert_eq!(format!("{:.2}", report.total), "2.27");
        // Without the free tier: 540,000 GB-s → $7.20, requests $0.60.
        let whole = compute(&args(&[
            "--memory",
            "1536",
            "--duration-ms",
            "120",
            "--arch",
            "arm64",
            "--invocations",
            "3000000",
        ]))
        .unwrap();
        assert_eq!(format!("{:.2}", whole.duration), "7.20");
        assert_eq!(format!("{:.2}", whole.requests), "0.60");
    }

    #[test]
    fn unknown_region_is_refused_not_priced_as_another() {
        let error = compute(&args(&[
            "--memory",
            "256",
            "--duration-ms",
            "5",
            "--region",
            "mars-1",
        ]))
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("--region") && error.contains("mars-1") && error.contains("eu-west-1"),
            "{error}"
        );
    }

    #[test]
    fn nan_negative_and_huge_numbers_name_their_flag() {
        for (flag, value, expected) in [
            (
                "--duration-ms",
                "1e308",
                "--duration-ms = 1e308: not a duration",
            ),
            ("--duration-ms", "NaN", "--duration-ms = NaN"),
            ("--duration-ms", "-5", "--duration-ms = -5"),
            ("--duration-ms", "inf", "--duration-ms = inf"),
            ("--init-ms", "-1", "--init-ms = -1: not a duration"),
            ("--init-ms", "NaN", "--init-ms = NaN"),
            (
                "--cold-start-rate",
                "NaN",
                "--cold-start-rate = NaN: not a share",
            ),
            ("--cold-start-rate", "2", "--cold-start-rate = 2"),
            ("--hours", "NaN", "--hours = NaN"),
            ("--hours", "-1", "--hours = -1"),
            (
                "--power-tuning-base-cost",
                "NaN",
                "--power-tuning-base-cost = NaN",
            ),
            (
                "--power-tuning-base-cost",
                "-1",
                "--power-tuning-base-cost = -1",
            ),
        ] {
            let option = format!("{flag}={value}");
            let mut argv = vec!["--memory", "256", &option];
            if flag != "--duration-ms" {
                argv.extend(["--duration-ms", "5"]);
            }
            let error = compute(&args(&argv)).unwrap_err();
            assert!(error.to_string().starts_with(expected), "{option}: {error}");
            assert_eq!(error.exit_code(), 2);
        }
    }

    #[test]
    fn unknown_architecture_is_a_usage_error_naming_the_flag() {
        let error = Cli::try_parse_from([
            "cost",
            "--memory",
            "256",
            "--duration-ms",
            "5",
            "--arch",
            "sparc",
        ])
        .err()
        .expect("sparc is refused");
        let text = error.to_string();
        assert!(
            text.contains("--arch") && text.contains("sparc") && text.contains("arm64 or x86_64"),
            "{text}"
        );
    }

    #[test]
    fn unknown_model_is_a_clear_error() {
        let error = compute(&args(&[
            "--memory",
            "256",
            "--duration-ms",
            "5",
            "--model",
            "gpt-9",
        ]))
        .unwrap_err();
        assert!(error.to_string().contains("known models"));
    }
}
