//! From a snapshot to a [`Report`]: the models applied to every function, plus the other findings.

use frugal_pricing::{lambda_price, Architecture, LambdaPrice, DEFAULT_REGION};
use serde::Serialize;

use crate::model::{
    self, Context, MemoryRecommendation, ProvisionedRecommendation, TimeoutRecommendation,
};
use crate::snapshot::{DurationStats, FunctionSnapshot, Snapshot};
use crate::warning::{Warning, WarningKind};

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

/// What a [`Finding`] is about (its `kind` in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Too few invocations to recommend a change.
    TooLittleData,
    /// Switching to arm64 (Graviton) would be cheaper.
    Arm64,
    /// The function is attached to a VPC it does not need.
    Vpc,
    /// Init takes long enough to be worth moving work out of it.
    Init,
    /// How much small talk skips the model, or that nothing answers it.
    SmallTalk,
    /// The recommended timeout exceeds the HTTP API's integration limit.
    Timeout,
}

/// A finding beyond memory, timeout and provisioned concurrency.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
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
    /// What the data could not tell (from the snapshot), and what was assumed instead (such as the
    /// prices of another region).
    pub warnings: Vec<Warning>,
}

/// The region whose prices the analysis uses: the snapshot's, or [`DEFAULT_REGION`]'s with a warning
/// when the price table does not know it.
fn priced_region(region: &str, warnings: &mut Vec<Warning>) -> &'static str {
    match frugal_pricing::LAMBDA_PRICES
        .iter()
        .find(|p| p.region == region)
    {
        Some(price) => price.region,
        None => {
            warnings.push(Warning::new(
                WarningKind::UnknownRegion,
                format!("no Lambda prices for region {region}; prices of {DEFAULT_REGION} used"),
            ));
            DEFAULT_REGION
        }
    }
}

fn analyze_function(
    function: &FunctionSnapshot,
    price: &'static LambdaPrice,
    snapshot: &Snapshot,
    options: &Options,
) -> FunctionReport {
    let architecture = function.config.architecture;
    let ctx = Context {
        window_seconds: function.invocations.len() as f64 * snapshot.period_seconds as f64,
        period_seconds: snapshot.period_seconds as f64,
        price,
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
            kind: FindingKind::TooLittleData,
            message: format!(
                "only {invocations:.0} invocations in the window (fewer than {MIN_INVOCATIONS:.0}): too little data to recommend changes; current settings kept — read a longer window"
            ),
            monthly_saving: None,
        });
    }
    let arm_price = lambda_price(price.region, Architecture::Arm64);
    if let (Architecture::X86_64, Some(arm_price)) = (architecture, arm_price) {
        let x86 = price.gb_second();
        let arm = arm_price.gb_second();
        let duration_part =
            memory.monthly_cost_after - ctx.monthly(function.total_invocations() * price.request);
        findings.push(Finding {
            kind: FindingKind::Arm64,
            message: format!(
                "switch to arm64 (Graviton): duration is {:.0} % cheaper per GB-s",
                (1.0 - arm / x86) * 100.0
            ),
            monthly_saving: Some(duration_part.max(0.0) * (1.0 - arm / x86)),
        });
    }
    if function.config.in_vpc {
        findings.push(Finding {
            kind: FindingKind::Vpc,
            message: "the function is attached to a VPC; Bedrock and DynamoDB need none — detach it (or use VPC endpoints) to drop ENI setup and NAT costs".into(),
            monthly_saving: None,
        });
    }
    if let Some(init) = function.init_duration_ms.filter(|i| *i > 500.0) {
        findings.push(Finding {
            kind: FindingKind::Init,
            message: format!("mean init duration {init:.0} ms: move work out of init (lazy clients), since init is billed and every cold start waits for it"),
            monthly_saving: None,
        });
    }
    match (function.small_talk_hits, function.model_calls) {
        (None, _) => findings.push(Finding {
            kind: FindingKind::SmallTalk,
            message: "no SmallTalkHit metric: greetings, thanks and goodbyes probably reach the model; the Frugal middleware answers them without it (run `frugal classify --summary` on a sample of your traffic)".into(),
            monthly_saving: None,
        }),
        (Some(hits), Some(calls)) if hits + calls > 0.0 => findings.push(Finding {
            kind: FindingKind::SmallTalk,
            message: format!("{:.1} % of chat requests answered by small talk without the model", hits / (hits + calls) * 100.0),
            monthly_saving: None,
        }),
        _ => {}
    }
    if timeout.exceeds_http_api_limit {
        findings.push(Finding {
            kind: FindingKind::Timeout,
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
    let mut warnings = snapshot.warnings.clone();
    let region = priced_region(&snapshot.region, &mut warnings);
    let mut functions = Vec::with_capacity(snapshot.functions.len());
    for function in &snapshot.functions {
        match lambda_price(region, function.config.architecture) {
            Some(price) => functions.push(analyze_function(function, price, snapshot, options)),
            // Every region of the table prices both architectures; say so rather than panic if not.
            None => warnings.push(Warning::new(
                WarningKind::UnknownRegion,
                format!(
                    "{}: no Lambda prices for {} in {region}; not analysed",
                    function.name, function.config.architecture
                ),
            )),
        }
    }
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        source: snapshot.source.clone(),
        region: snapshot.region.clone(),
        window_hours: window / 3600.0,
        cold_start_target: options.cold_start_target,
        functions,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::function;

    fn snapshot(region: &str) -> Snapshot {
        Snapshot {
            version: crate::snapshot::SNAPSHOT_VERSION,
            source: "test".into(),
            region: region.into(),
            period_seconds: 60,
            functions: vec![function(vec![100.0; 60], vec![2.0; 60], 900.0, None)],
            warnings: Vec::new(),
        }
    }

    const OPTIONS: Options = Options {
        cold_start_target: 0.01,
        latency_p99_ms: None,
    };

    #[test]
    fn an_unknown_region_is_priced_as_the_default_and_says_so() {
        let known = analyze(&snapshot(DEFAULT_REGION), &OPTIONS);
        assert!(known.warnings.is_empty(), "{:?}", known.warnings);
        let unknown = analyze(&snapshot("mars-1"), &OPTIONS);
        assert_eq!(unknown.region, "mars-1");
        assert_eq!(unknown.warnings.len(), 1);
        assert_eq!(unknown.warnings[0].kind, WarningKind::UnknownRegion);
        assert_eq!(
            unknown.warnings[0].message,
            "no Lambda prices for region mars-1; prices of us-east-1 used"
        );
        assert_eq!(unknown.functions, known.functions);
    }

    #[test]
    fn finding_kinds_keep_their_json_names() {
        let kinds = [
            (FindingKind::TooLittleData, "too_little_data"),
            (FindingKind::Arm64, "arm64"),
            (FindingKind::Vpc, "vpc"),
            (FindingKind::Init, "init"),
            (FindingKind::SmallTalk, "small_talk"),
            (FindingKind::Timeout, "timeout"),
        ];
        for (kind, name) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
    }
}
