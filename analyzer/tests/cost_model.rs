//! Properties of the one cost model, over generated functions of every shape (steady, bursty, idle,
//! provisioned or not, x86_64 or arm64, any memory and duration):
//!
//! - every monthly figure of a report comes from the same function: the parts of each configuration
//!   add up to its total, "before" and "after" are the current and recommended configurations' totals
//!   wherever they appear (top level, memory section, provisioned level, curves), and the summary is
//!   the sum of the functions;
//! - the recommendation never costs more than the current configuration unless a finding says why.

use frugal_analyzer::model::Candidate;
use frugal_analyzer::recommend::{analyze, FindingKind, FunctionReport, Options, Report};
use frugal_analyzer::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use frugal_pricing::Architecture;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[derive(Clone, Debug)]
struct Shape {
    memory_mb: u32,
    provisioned: u32,
    arm: bool,
    avg_ms: f64,
    wait_share: f64,
    tail: f64,
    peak_mb: Option<f64>,
    cold_starts: Option<f64>,
    per_minute: Vec<f64>,
    burst_every: usize,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        (
            prop::sample::select(vec![128u32, 256, 512, 1000, 1024, 1769, 3008]),
            0u32..4,
            any::<bool>(),
            1.0f64..20_000.0,
            0.0f64..1.0,
            1.0f64..6.0,
        ),
        (
            prop::option::of(10.0f64..2_000.0),
            prop::option::of(0.0f64..500.0),
            prop::collection::vec(0.0f64..120.0, 60..240),
            1usize..40,
        ),
    )
        .prop_map(
            |(
                (memory_mb, provisioned, arm, avg_ms, wait_share, tail),
                (peak_mb, cold_starts, per_minute, burst_every),
            )| Shape {
                memory_mb,
                provisioned,
                arm,
                avg_ms,
                wait_share,
                tail,
                peak_mb,
                cold_starts,
                per_minute,
                burst_every,
            },
        )
}

fn function(shape: &Shape) -> FunctionSnapshot {
    let invocations: Vec<f64> = shape
        .per_minute
        .iter()
        .enumerate()
        .map(|(t, n)| {
            if t % shape.burst_every == 0 {
                (n * 5.0).round()
            } else {
                n.round()
            }
        })
        .collect();
    let concurrency = invocations
        .iter()
        .map(|n| {
            if *n > 0.0 {
                (n * shape.avg_ms / 60_000.0 * 1.5).ceil().max(1.0)
            } else {
                0.0
            }
        })
        .collect();
    let avg = shape.avg_ms;
    FunctionSnapshot {
        name: "f".into(),
        config: FunctionConfig {
            memory_mb: shape.memory_mb,
            timeout_s: 60,
            architecture: if shape.arm {
                Architecture::Arm64
            } else {
                Architecture::X86_64
            },
            in_vpc: false,
            provisioned_concurrency: shape.provisioned,
        },
        invocations,
        concurrency,
        errors: 0.0,
        throttles: 0.0,
        duration_ms: DurationStats {
            avg,
            p50: avg * 0.8,
            p90: avg * (1.0 + shape.tail) / 2.0,
            p99: avg * shape.tail,
            p999: avg * shape.tail * 1.2,
            max: avg * shape.tail * 1.5,
        },
        cold_starts: shape.cold_starts,
        init_duration_ms: Some(150.0),
        model_latency_ms: Some(avg * shape.wait_share),
        max_memory_used_mb: shape.peak_mb,
        small_talk_hits: None,
        cache_hits: None,
        model_calls: None,
        provisioned_utilization: None,
        spillover_invocations: None,
    }
}

fn report(functions: Vec<FunctionSnapshot>, allow_arm64: bool) -> Report {
    let snapshot = Snapshot {
        version: SNAPSHOT_VERSION,
        source: "proptest".into(),
        region: "us-east-1".into(),
        period_seconds: 60,
        functions,
        warnings: Vec::new(),
    };
    analyze(
        &snapshot,
        &Options {
            cold_start_target: 0.01,
            latency_p99_ms: None,
            allow_arm64,
        },
    )
    .expect("us-east-1 is priced")
}

fn parts_add_up(c: &Candidate) -> bool {
    let sum: f64 = c.cost.parts().iter().map(|(_, v)| v).sum();
    close(sum, c.cost.total)
}

fn check_function(f: &FunctionReport) -> Result<(), TestCaseError> {
    prop_assert!(parts_add_up(&f.current), "{:?}", f.current);
    prop_assert!(parts_add_up(&f.recommended), "{:?}", f.recommended);
    prop_assert!(close(f.monthly_cost_before, f.current.cost.total));
    prop_assert!(close(f.monthly_cost_after, f.recommended.cost.total));
    prop_assert!(close(f.memory.monthly_cost_before, f.monthly_cost_before));
    prop_assert!(close(f.memory.monthly_cost_after, f.monthly_cost_after));
    prop_assert!(close(
        f.monthly_saving,
        f.monthly_cost_before - f.monthly_cost_after
    ));
    // The recommended provisioned level, at the recommended size, is the same figure.
    let level = f
        .provisioned_concurrency
        .levels
        .iter()
        .find(|l| l.level == f.recommended.provisioned);
    prop_assert!(level.is_some_and(|l| close(l.total_cost, f.monthly_cost_after)));
    // So is its point on the curve of that level.
    let point = f
        .curves
        .iter()
        .find(|c| c.level == f.recommended.provisioned)
        .and_then(|c| {
            c.points
                .iter()
                .find(|p| p.memory_mb == f.recommended.memory_mb)
        });
    prop_assert!(point.is_some_and(|p| close(p.monthly_cost, f.monthly_cost_after)));
    // Never dearer unless a finding says why.
    if f.monthly_cost_after > f.monthly_cost_before + 0.005 {
        prop_assert!(
            f.findings
                .iter()
                .any(|x| matches!(x.kind, FindingKind::CostIncrease | FindingKind::TargetUnmet)),
            "after {} > before {} without a finding: {:?}",
            f.monthly_cost_after,
            f.monthly_cost_before,
            f.findings
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_figure_comes_from_the_one_cost_function(
        shapes in prop::collection::vec(shape(), 1..4),
        allow_arm64 in any::<bool>(),
    ) {
        let report = report(shapes.iter().map(function).collect(), allow_arm64);
        for f in &report.functions {
            check_function(f)?;
        }
        let before: f64 = report.functions.iter().map(|f| f.monthly_cost_before).sum();
        let after: f64 = report.functions.iter().map(|f| f.monthly_cost_after).sum();
        prop_assert!(close(report.summary.monthly_cost_before, before));
        prop_assert!(close(report.summary.monthly_cost_after, after));
        prop_assert!(close(report.summary.monthly_saving, before - after));
        prop_assert_eq!(report.summary.functions, report.functions.len());
    }
}

/// The one the issue reported: an x86_64 function that may move to arm64 is searched on both, and the
/// arm64 configuration is priced at arm64 rates.
#[test]
fn arm64_is_searched_when_allowed() {
    let shape = Shape {
        memory_mb: 1024,
        provisioned: 0,
        arm: false,
        avg_ms: 800.0,
        wait_share: 0.5,
        tail: 3.0,
        peak_mb: Some(100.0),
        cold_starts: None,
        per_minute: vec![60.0; 120],
        burst_every: 1000,
    };
    let x86_only = report(vec![function(&shape)], false);
    let both = report(vec![function(&shape)], true);
    assert_eq!(
        x86_only.functions[0].recommended.architecture,
        Architecture::X86_64
    );
    assert!(x86_only.functions[0]
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Arm64));
    let arm = &both.functions[0].recommended;
    assert_eq!(arm.architecture, Architecture::Arm64);
    assert!(arm.cost.total < x86_only.functions[0].recommended.cost.total);
}
