//! From a snapshot to a [`Report`]: the models applied to every function, plus the other findings.

use frugal_pricing::{lambda_price, Architecture};
use serde::Serialize;

use crate::export::usd;
use crate::model::joint::CUT_OFF;
use crate::model::{
    self, Candidate, Constraints, Context, MemoryRecommendation, ProvisionedRecommendation, Search,
    TimeoutRecommendation,
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
    /// The recommendation may move an x86_64 function to arm64 (Graviton). The code must build for
    /// arm64; durations are assumed unchanged.
    pub allow_arm64: bool,
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
    /// The recommendation costs more than the current configuration, and why.
    CostIncrease,
    /// No configuration meets the constraints; the closest is recommended.
    TargetUnmet,
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

/// One point of a cost curve: a memory size at a fixed provisioned level.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CurvePoint {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Monthly cost of the whole configuration, USD.
    pub monthly_cost: f64,
    /// Cold starts per invocation.
    pub cold_start_rate: f64,
    /// Meets every constraint.
    pub feasible: bool,
}

/// Cost against memory at one provisioned level (for charts: one curve per level).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LevelCurve {
    /// Provisioned environments.
    pub level: u32,
    /// By memory size.
    pub points: Vec<CurvePoint>,
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
    /// Monthly Lambda cost now (duration, init, provisioned, requests), USD: `current.cost.total`.
    pub monthly_cost_before: f64,
    /// Monthly Lambda cost with the recommendations, USD: `recommended.cost.total`.
    pub monthly_cost_after: f64,
    /// `monthly_cost_before - monthly_cost_after` (negative: it costs more, and a finding says why).
    pub monthly_saving: f64,
    /// The configuration now, under the model, with its bill by part.
    pub current: Candidate,
    /// The recommended configuration (memory × provisioned level × architecture, chosen jointly).
    pub recommended: Candidate,
    /// The next cheapest configuration that qualifies.
    pub runner_up: Option<Candidate>,
    /// The cheapest qualifying configuration keeping today's provisioned level and architecture.
    pub memory_only: Option<Candidate>,
    /// Why the recommended configuration won.
    pub evidence: String,
    /// Cost against memory for a few provisioned levels (0, now, recommended, runner-up).
    pub curves: Vec<LevelCurve>,
    /// Duration distribution, ms (for charts).
    pub duration_ms: DurationStats,
    /// Concurrency series (for charts).
    pub concurrency: Vec<f64>,
}

/// Version of the report's JSON shape (see analyzer/README.md); bumped on any breaking change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The headline of a report: all functions together.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Functions analysed.
    pub functions: usize,
    /// Functions whose recommended configuration differs from the current one.
    pub functions_changed: usize,
    /// Monthly cost of all functions now, USD.
    pub monthly_cost_before: f64,
    /// Monthly cost with every recommendation, USD.
    pub monthly_cost_after: f64,
    /// Before − after, USD.
    pub monthly_saving: f64,
    /// Saving as a share of before (0 when nothing costs anything).
    pub saving_share: f64,
}

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
    /// Whether x86_64 functions may be moved to arm64.
    pub allow_arm64: bool,
    /// All functions together.
    pub summary: Summary,
    /// Per function.
    pub functions: Vec<FunctionReport>,
    /// What the data could not tell (from the snapshot), and what was assumed instead (such as the
    /// prices of another region).
    pub warnings: Vec<Warning>,
}

/// Invocations cut off at the timeout, as a share, read from where the tail meets the timeout.
fn cut_off_share(function: &FunctionSnapshot) -> f64 {
    let limit = f64::from(function.config.timeout_s) * 1000.0 * CUT_OFF;
    let d = &function.duration_ms;
    let invocations = function.total_invocations().max(1.0);
    if d.p99 >= limit {
        0.01
    } else if d.p999 >= limit {
        0.001
    } else if d.max >= limit {
        1.0 / invocations
    } else {
        0.0
    }
}

/// A few provisioned levels' cost curves over memory, at the recommended architecture.
fn curves(search: &Search) -> Vec<LevelCurve> {
    let architecture = search.best.architecture;
    let mut levels = vec![0, search.current.provisioned, search.best.provisioned];
    levels.extend(search.runner_up.as_ref().map(|c| c.provisioned));
    levels.extend(search.memory_only.as_ref().map(|c| c.provisioned));
    levels.sort_unstable();
    levels.dedup();
    levels
        .into_iter()
        .map(|level| LevelCurve {
            level,
            points: search
                .candidates
                .iter()
                .filter(|c| c.architecture == architecture && c.provisioned == level)
                .map(|c| CurvePoint {
                    memory_mb: c.memory_mb,
                    monthly_cost: c.cost.total,
                    cold_start_rate: c.cold_start_rate,
                    feasible: c.feasible(),
                })
                .collect(),
        })
        .filter(|curve| !curve.points.is_empty())
        .collect()
}

/// `+4.5 %` of `than`.
fn relative(cost: f64, than: f64) -> String {
    if than > 0.0 {
        format!("{:+.1} %", (cost / than - 1.0) * 100.0)
    } else {
        "n/a".into()
    }
}

/// Why the winner won: its figures, then the runner-up and "memory only" against it.
fn joint_evidence(search: &Search, target: f64) -> String {
    let best = &search.best;
    let mut out = format!(
        "{}: {}/month, {:.2} % cold starts (target {:.2} %), mean {:.0} ms, p99 {:.0} ms, peak concurrency {:.1}",
        best.label(),
        usd(best.cost.total),
        best.cold_start_rate * 100.0,
        target * 100.0,
        best.duration_ms,
        best.p99_ms,
        best.peak_concurrency,
    );
    if let Some(r) = &search.runner_up {
        out.push_str(&format!(
            "; runner-up {}: {} ({})",
            r.label(),
            usd(r.cost.total),
            relative(r.cost.total, best.cost.total)
        ));
    }
    match &search.memory_only {
        Some(m)
            if (m.memory_mb, m.provisioned, m.architecture)
                != (best.memory_mb, best.provisioned, best.architecture) =>
        {
            out.push_str(&format!(
                "; memory alone (keeping {} provisioned): {} at {} ({})",
                m.provisioned,
                m.memory_mb,
                usd(m.cost.total),
                relative(m.cost.total, best.cost.total)
            ))
        }
        Some(_) => out.push_str("; memory alone gives the same configuration"),
        None => out.push_str(&format!(
            "; no memory size meets the constraints at {} provisioned",
            search.current.provisioned
        )),
    }
    out
}

fn analyze_function(
    function: &FunctionSnapshot,
    region: &'static str,
    snapshot: &Snapshot,
    options: &Options,
) -> crate::Result<FunctionReport> {
    let architecture = function.config.architecture;
    let price_of = |a: Architecture| {
        lambda_price(region, a).ok_or_else(|| {
            crate::Error::Input(format!(
                "{}: no Lambda prices for {a} in {region}",
                function.name
            ))
        })
    };
    let price = price_of(architecture)?;
    let other = match architecture {
        Architecture::X86_64 => Architecture::Arm64,
        Architecture::Arm64 => Architecture::X86_64,
    };
    let mut allowed = vec![architecture];
    if options.allow_arm64 && other == Architecture::Arm64 {
        allowed.push(other);
    }
    let constraints = Constraints {
        cold_start_target: options.cold_start_target,
        latency_p99_ms: options.latency_p99_ms,
        architectures: vec![(architecture, price), (other, price_of(other)?)],
        allowed,
    };
    let ctx = Context {
        window_seconds: function.invocations.len() as f64 * snapshot.period_seconds as f64,
        period_seconds: snapshot.period_seconds as f64,
        price,
    };
    let invocations = function.total_invocations();
    let too_little_data = invocations < MIN_INVOCATIONS;
    let mut search = model::search(function, &ctx, &constraints);
    if too_little_data {
        // Say so and keep what is configured, rather than extrapolate from a handful of requests.
        search.best = search.current.clone();
        search.runner_up = None;
        search.memory_only = None;
    }
    let memory = model::memory(function, &search, options.latency_p99_ms);
    let mut timeout = model::timeout(function);
    let mut provisioned = model::provisioned(function, &ctx, &search, options.cold_start_target);
    if too_little_data {
        timeout.recommended_s = timeout.current_s;
        provisioned.schedule = None;
    }
    let before = search.current.cost.total;
    let after = search.best.cost.total;

    let mut findings = Vec::new();
    if too_little_data {
        findings.push(Finding {
            kind: FindingKind::TooLittleData,
            message: format!(
                "only {invocations:.0} invocations in the window (fewer than {MIN_INVOCATIONS:.0}): too little data to recommend changes; current settings kept — read a longer window"
            ),
            monthly_saving: None,
        });
    } else if !search.any_feasible {
        findings.push(Finding {
            kind: FindingKind::TargetUnmet,
            message: format!(
                "no configuration meets every constraint (cold-start target {:.2} %{}); recommended the one closest to them: {}",
                options.cold_start_target * 100.0,
                options
                    .latency_p99_ms
                    .map_or(String::new(), |b| format!(", p99 ≤ {b:.0} ms")),
                search.best.violates.as_deref().unwrap_or("meets them"),
            ),
            monthly_saving: None,
        });
    }
    if after > before + 0.005 {
        let reason = match &search.current.violates {
            Some(why) => format!(
                "the current configuration does not meet the constraints ({why}); {} is the cheapest that does",
                search.best.label()
            ),
            None => "the cheapest qualifying configuration costs more than today's".into(),
        };
        findings.push(Finding {
            kind: FindingKind::CostIncrease,
            message: format!(
                "the recommendation costs {} more per month than now ({} → {}): {reason}",
                usd(after - before),
                usd(before),
                usd(after)
            ),
            monthly_saving: Some(before - after),
        });
    }
    let cut = cut_off_share(function);
    if timeout.recommended_s > timeout.current_s && cut > 0.0 {
        // Invocations cut off today run to completion under the new timeout: at most this much more.
        let extra_s = f64::from(timeout.recommended_s - timeout.current_s);
        let more = ctx.monthly(
            cut * invocations * extra_s * f64::from(search.best.memory_mb) / 1024.0
                * price.gb_second(),
        );
        findings.push(Finding {
            kind: FindingKind::CostIncrease,
            message: format!(
                "about {:.1} % of invocations reach the {} s timeout and are cut off; raising it to {} s lets them finish, which costs up to {} more per month (not in the figures above, which price today's durations)",
                cut * 100.0,
                timeout.current_s,
                timeout.recommended_s,
                usd(more)
            ),
            monthly_saving: Some(-more),
        });
    }
    if architecture == Architecture::X86_64 && !options.allow_arm64 && !too_little_data {
        let best = &search.best;
        let on_arm = search.candidates.iter().find(|c| {
            c.architecture == Architecture::Arm64
                && c.memory_mb == best.memory_mb
                && c.provisioned == best.provisioned
        });
        if let Some(arm) = on_arm {
            findings.push(Finding {
                kind: FindingKind::Arm64,
                message: format!(
                    "switch to arm64 (Graviton): the recommended configuration would cost {} instead of {} (durations assumed unchanged; rerun with --allow-arm64 to search both)",
                    usd(arm.cost.total),
                    usd(best.cost.total)
                ),
                monthly_saving: Some((best.cost.total - arm.cost.total).max(0.0)),
            });
        }
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
    let evidence = if too_little_data {
        "current configuration kept (too little data)".to_owned()
    } else {
        joint_evidence(&search, options.cold_start_target)
    };
    Ok(FunctionReport {
        name: function.name.clone(),
        monthly_invocations: ctx.monthly(invocations),
        memory,
        timeout,
        provisioned_concurrency: provisioned,
        findings,
        monthly_cost_before: before,
        monthly_cost_after: after,
        monthly_saving: before - after,
        curves: curves(&search),
        evidence,
        current: search.current,
        recommended: search.best,
        runner_up: search.runner_up,
        memory_only: search.memory_only,
        duration_ms: function.duration_ms.clone(),
        concurrency: function.concurrency.clone(),
    })
}

/// Analyses every function of a snapshot. A region the price table does not know is an error (never
/// priced as another region).
pub fn analyze(snapshot: &Snapshot, options: &Options) -> crate::Result<Report> {
    let window = snapshot.functions.first().map_or(0.0, |f| {
        f.invocations.len() as f64 * snapshot.period_seconds as f64
    });
    let region = frugal_pricing::LAMBDA_PRICES
        .iter()
        .find(|p| p.region == snapshot.region)
        .map(|p| p.region)
        .ok_or_else(|| {
            let mut known: Vec<&str> = frugal_pricing::LAMBDA_PRICES
                .iter()
                .map(|p| p.region)
                .collect();
            known.sort_unstable();
            known.dedup();
            crate::Error::Input(format!(
                "no Lambda prices for region {:?} (snapshot source {}); known regions: {}",
                snapshot.region,
                snapshot.source,
                known.join(", ")
            ))
        })?;
    let mut warnings = snapshot.warnings.clone();
    // Functions are independent: analyse them on every core, in order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(snapshot.functions.len().max(1));
    let chunk = snapshot.functions.len().div_ceil(threads).max(1);
    let reports: Vec<crate::Result<FunctionReport>> = std::thread::scope(|scope| {
        let handles: Vec<_> = snapshot
            .functions
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| analyze_function(f, region, snapshot, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(reports) => reports,
                // A panic in the models is a bug; say so rather than lose the function silently.
                Err(_) => vec![Err(crate::Error::Input(
                    "internal error: the models panicked; please report it".into(),
                ))],
            })
            .collect()
    });
    let mut functions = Vec::with_capacity(snapshot.functions.len());
    for (function, report) in snapshot.functions.iter().zip(reports) {
        let said = |w: &Warning| {
            w.message.starts_with(&format!("{}: ", function.name))
                && w.message.to_lowercase().contains("no invocations")
        };
        if function.total_invocations() <= 0.0 && !warnings.iter().any(said) {
            warnings.push(Warning::new(
                WarningKind::NoInvocations,
                format!(
                    "{}: no invocations in the window; its configuration is kept",
                    function.name
                ),
            ));
        }
        functions.push(report?);
    }
    let before: f64 = functions.iter().map(|f| f.monthly_cost_before).sum();
    let after: f64 = functions.iter().map(|f| f.monthly_cost_after).sum();
    let summary = Summary {
        functions: functions.len(),
        functions_changed: functions
            .iter()
            .filter(|f| {
                (
                    f.current.memory_mb,
                    f.current.provisioned,
                    f.current.architecture,
                ) != (
                    f.recommended.memory_mb,
                    f.recommended.provisioned,
                    f.recommended.architecture,
                ) || f.timeout.recommended_s != f.timeout.current_s
            })
            .count(),
        monthly_cost_before: before,
        monthly_cost_after: after,
        monthly_saving: before - after,
        saving_share: if before > 0.0 {
            (before - after) / before
        } else {
            0.0
        },
    };
    Ok(Report {
        schema_version: REPORT_SCHEMA_VERSION,
        source: snapshot.source.clone(),
        region: snapshot.region.clone(),
        window_hours: window / 3600.0,
        cold_start_target: options.cold_start_target,
        allow_arm64: options.allow_arm64,
        summary,
        functions,
        warnings,
    })
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
        allow_arm64: false,
    };

    #[test]
    fn an_unknown_region_is_an_error_naming_it() {
        assert!(analyze(&snapshot(frugal_pricing::DEFAULT_REGION), &OPTIONS).is_ok());
        let error = analyze(&snapshot("mars-1"), &OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("\"mars-1\"") && error.contains("us-east-1"),
            "{error}"
        );
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
            (FindingKind::CostIncrease, "cost_increase"),
            (FindingKind::TargetUnmet, "target_unmet"),
        ];
        for (kind, name) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
    }
}
