//! From a snapshot to a [`Report`]: the models applied to every function, plus the other findings.

use frugal_middleware::cost::{lambda_price, Architecture};
use serde::Serialize;

use crate::model::{
    self, Context, MemoryRecommendation, ProvisionedRecommendation, TimeoutRecommendation,
};
use crate::snapshot::{DurationStats, FunctionSnapshot, Snapshot};

/// Below this many invocations in the window the analysis recommends no change.
pub const MIN_INVOCATIONS: f64 = 50.0;

/// Options of the analysis.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Target share of invocations that may be cold starts.
    pub cold_start_target: f64,
    /// Optional bound on p99 duration, ms.
    pub latency_p99_ms: Option<f64>,
}

/// A finding beyond memory, timeout and provisioned concurrency.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Finding {
    /// Short machine name.
    pub kind: &'static str,
    /// What to do and why.
    pub message: String,
    /// Monthly saving if acted on, USD, when it can be computed.
    pub monthly_saving: Option<f64>,
}

/// Everything recommended for one function.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FunctionReport {
    /// Function name.
    pub name: String,
    /// Invocations per month (scaled from the window).
    pub monthly_invocations: f64,
    /// Memory.
    pub memory: MemoryRecommendation,
    /// Timeout.
    pub timeout: TimeoutRecommendation,
    /// Provisioned concurrency.
    pub provisioned_concurrency: ProvisionedRecommendation,
    /// Other findings.
    pub findings: Vec<Finding>,
    /// Monthly Lambda cost now (duration, requests, provisioned), USD.
    pub monthly_cost_before: f64,
    /// Monthly Lambda cost with the recommendations, USD.
    pub monthly_cost_after: f64,
    /// Duration distribution, ms (for charts).
    pub duration_ms: DurationStats,
    /// Concurrency series (for charts).
    pub concurrency: Vec<f64>,
}

/// Version of the report's JSON shape (see analyzer/README.md); bumped on any breaking change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Snapshot source.
    pub source: String,
    /// Region priced.
    pub region: String,
    /// Window analysed, hours.
    pub window_hours: f64,
    /// Cold-start target used.
    pub cold_start_target: f64,
    /// Per function.
    pub functions: Vec<FunctionReport>,
    /// What the data could not tell (from the snapshot), and what was assumed instead.
    pub warnings: Vec<String>,
}

fn region_static(region: &str) -> &'static str {
    frugal_middleware::cost::LAMBDA_PRICES
        .iter()
        .find(|p| p.region == region)
        .map_or("us-east-1", |p| p.region)
}

fn analyze_function(
    function: &FunctionSnapshot,
    snapshot: &Snapshot,
    options: &Options,
) -> FunctionReport {
    let architecture =
        Architecture::parse(&function.config.architecture).unwrap_or(Architecture::X86_64);
    let ctx = Context {
        window_seconds: function.invocations.len() as f64 * snapshot.period_seconds as f64,
        period_seconds: snapshot.period_seconds as f64,
        region: region_static(&snapshot.region),
        architecture,
    };
    let mut memory = model::memory(function, &ctx, options.latency_p99_ms);
    let mut timeout = model::timeout(function);
    let mut provisioned = model::provisioned(
        function,
        &ctx,
        memory.recommended_mb,
        options.cold_start_target,
    );
    let invocations = function.total_invocations();
    let too_little_data = invocations < MIN_INVOCATIONS;
    if too_little_data {
        // Say so and keep what is configured, rather than extrapolate from a handful of requests.
        memory.recommended_mb = memory.current_mb;
        memory.monthly_cost_after = memory.monthly_cost_before;
        timeout.recommended_s = timeout.current_s;
        provisioned.recommended = provisioned.current;
        provisioned.schedule = None;
    }
    let level_cost = |level: u32| {
        provisioned
            .levels
            .iter()
            .find(|l| l.level == level)
            .map_or(0.0, |l| l.provisioned_cost)
    };
    let before = memory.monthly_cost_before + level_cost(provisioned.current);
    let after = memory.monthly_cost_after + level_cost(provisioned.recommended);

    let mut findings = Vec::new();
    if too_little_data {
        findings.push(Finding {
            kind: "too_little_data",
            message: format!(
                "only {invocations:.0} invocations in the window (fewer than {MIN_INVOCATIONS:.0}): too little data to recommend changes; current settings kept — read a longer window"
            ),
            monthly_saving: None,
        });
    }
    if architecture == Architecture::X86_64 {
        let x86 = lambda_price(ctx.region, Architecture::X86_64).gb_second();
        let arm = lambda_price(ctx.region, Architecture::Arm64).gb_second();
        let duration_part = memory.monthly_cost_after
            - ctx.monthly(
                function.total_invocations() * lambda_price(ctx.region, architecture).request,
            );
        findings.push(Finding {
            kind: "arm64",
            message: format!(
                "switch to arm64 (Graviton): duration is {:.0} % cheaper per GB-s",
                (1.0 - arm / x86) * 100.0
            ),
            monthly_saving: Some(duration_part.max(0.0) * (1.0 - arm / x86)),
        });
    }
    if function.config.in_vpc {
        findings.push(Finding {
            kind: "vpc",
            message: "the function is attached to a VPC; Bedrock and DynamoDB need none — detach it (or use VPC endpoints) to drop ENI setup and NAT costs".into(),
            monthly_saving: None,
        });
    }
    if let Some(init) = function.init_duration_ms.filter(|i| *i > 500.0) {
        findings.push(Finding {
            kind: "init",
            message: format!("mean init duration {init:.0} ms: move work out of init (lazy clients), since init is billed and every cold start waits for it"),
            monthly_saving: None,
        });
    }
    match (function.small_talk_hits, function.model_calls) {
        (None, _) => findings.push(Finding {
            kind: "small_talk",
            message: "no SmallTalkHit metric: greetings, thanks and goodbyes probably reach the model; the Frugal middleware answers them without it (run `frugal classify --summary` on a sample of your traffic)".into(),
            monthly_saving: None,
        }),
        (Some(hits), Some(calls)) if hits + calls > 0.0 => findings.push(Finding {
            kind: "small_talk",
            message: format!("{:.1} % of chat requests answered by small talk without the model", hits / (hits + calls) * 100.0),
            monthly_saving: None,
        }),
        _ => {}
    }
    if timeout.exceeds_http_api_limit {
        findings.push(Finding {
            kind: "timeout",
            message: timeout.evidence.clone(),
            monthly_saving: None,
        });
    }
    FunctionReport {
        name: function.name.clone(),
        monthly_invocations: ctx.monthly(function.total_invocations()),
        memory,
        timeout,
        provisioned_concurrency: provisioned,
        findings,
        monthly_cost_before: before,
        monthly_cost_after: after,
        duration_ms: function.duration_ms.clone(),
        concurrency: function.concurrency.clone(),
    }
}

/// Analyses every function of a snapshot.
pub fn analyze(snapshot: &Snapshot, options: &Options) -> Report {
    let window = snapshot.functions.first().map_or(0.0, |f| {
        f.invocations.len() as f64 * snapshot.period_seconds as f64
    });
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        source: snapshot.source.clone(),
        region: snapshot.region.clone(),
        window_hours: window / 3600.0,
        cold_start_target: options.cold_start_target,
        functions: snapshot
            .functions
            .iter()
            .map(|f| analyze_function(f, snapshot, options))
            .collect(),
        warnings: snapshot.warnings.clone(),
    }
}
