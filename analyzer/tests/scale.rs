//! How the models scale: a snapshot of many functions × 14 days × 1-minute points, analysed in
//! memory (no file, no export). A measurement, not a timed assertion: run it with
//! `cargo test -p frugal-analyzer --test scale -- --ignored --nocapture` (or the criterion bench
//! `cargo bench -p frugal-bench --bench analyze`, which also reads and writes the files).

use std::time::Instant;

use frugal_analyzer::recommend::{analyze, Options};
use frugal_analyzer::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use frugal_pricing::Architecture;

const MINUTES: usize = 14 * 1_440;

/// Diurnal chat-like load with bursts, from a small deterministic generator (no dependency).
fn function(i: usize) -> FunctionSnapshot {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ i as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let base = 5.0 + (i % 5) as f64 * 20.0;
    let (mut invocations, mut concurrency) = (Vec::new(), Vec::new());
    for t in 0..MINUTES {
        let day = (t % 1_440) as f64 / 1_440.0 * std::f64::consts::TAU;
        let burst = if next() < 0.01 { 4.0 } else { 1.0 };
        let n = (base * (1.2 + day.sin()) * burst * (0.7 + 0.6 * next())).round();
        invocations.push(n);
        concurrency.push((n * 1.1 / 60.0).ceil().max(if n > 0.0 { 1.0 } else { 0.0 }));
    }
    FunctionSnapshot {
        name: format!("chat-{i}"),
        config: FunctionConfig {
            memory_mb: 1024,
            timeout_s: 29,
            architecture: if i.is_multiple_of(2) {
                Architecture::Arm64
            } else {
                Architecture::X86_64
            },
            in_vpc: false,
            provisioned_concurrency: (i % 3) as u32,
        },
        invocations,
        concurrency,
        errors: 0.0,
        throttles: 0.0,
        duration_ms: DurationStats {
            avg: 1_100.0,
            p50: 900.0,
            p90: 2_000.0,
            p99: 4_500.0,
            p999: 7_000.0,
            max: 9_000.0,
        },
        cold_starts: Some(120.0),
        init_duration_ms: Some(35.0),
        model_latency_ms: Some(950.0),
        max_memory_used_mb: Some(60.0),
        small_talk_hits: None,
        cache_hits: None,
        model_calls: None,
        provisioned_utilization: None,
        spillover_invocations: None,
    }
}

#[test]
#[ignore]
fn models_on_many_functions_of_14_days() {
    for count in [50, 100, 500] {
        let snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            source: "scale".into(),
            region: "us-east-1".into(),
            period_seconds: 60,
            functions: (0..count).map(function).collect(),
            warnings: Vec::new(),
        };
        let options = Options {
            cold_start_target: 0.01,
            latency_p99_ms: None,
            allow_arm64: true,
        };
        let mut times = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let report = analyze(&snapshot, &options).expect("priced");
            times.push(start.elapsed().as_secs_f64());
            assert_eq!(report.functions.len(), count);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{count} functions × {MINUTES} points: min/median/max {:.3}/{:.3}/{:.3} s",
            times[0], times[1], times[2]
        );
    }
}
