//! `frugal analyze --from-file` on 14 days of 1-minute data (20,160 points per series): read and parse
//! the snapshot, run the models (the joint memory × provisioned level × architecture search), write the
//! JSON report — for 5, 50 and 500 functions, to show it grows linearly (goal: the models on 500
//! functions in ≤ 2 s on 2 cores). The snapshots are synthetic but shaped like chat traffic: a diurnal cycle with noise and
//! bursts (seeded, so every run measures the same data), five load levels repeated so each set has
//! the same mix.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use frugal_analyzer::export::{exporter, Format};
use frugal_analyzer::recommend::{analyze, Options};
use frugal_analyzer::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use frugal_pricing::Architecture;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const MINUTES: usize = 14 * 1_440;

fn function(i: usize, rng: &mut StdRng) -> FunctionSnapshot {
    let base = 5.0 + (i % 5) as f64 * 20.0;
    let mut invocations = Vec::with_capacity(MINUTES);
    let mut concurrency = Vec::with_capacity(MINUTES);
    for t in 0..MINUTES {
        let day = (t % 1_440) as f64 / 1_440.0 * std::f64::consts::TAU;
        let burst = if rng.random::<f64>() < 0.01 { 4.0 } else { 1.0 };
        let n = (base * (1.2 + day.sin()) * burst * rng.random_range(0.7..1.3)).round();
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
            in_vpc: i.is_multiple_of(5),
            provisioned_concurrency: (i % 3) as u32,
        },
        invocations,
        concurrency,
        errors: 3.0,
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
        small_talk_hits: Some(3_000.0),
        cache_hits: Some(800.0),
        model_calls: Some(20_000.0),
        provisioned_utilization: None,
        spillover_invocations: None,
    }
}

fn snapshot_file(functions: usize) -> PathBuf {
    let mut rng = StdRng::seed_from_u64(42);
    let snapshot = Snapshot {
        version: SNAPSHOT_VERSION,
        source: "bench".into(),
        region: "us-east-1".into(),
        period_seconds: 60,
        functions: (0..functions).map(|i| function(i, &mut rng)).collect(),
        warnings: Vec::new(),
    };
    let path = std::env::temp_dir().join(format!(
        "frugal-bench-{}-{functions}.json",
        std::process::id()
    ));
    let bytes = serde_json::to_vec(&snapshot).expect("serialises");
    std::fs::write(&path, bytes).expect("temp dir is writable");
    path
}

fn analyze_from_file(c: &mut Criterion) {
    let options = Options {
        cold_start_target: 0.01,
        latency_p99_ms: None,
        allow_arm64: true,
    };
    let mut group = c.benchmark_group("analyze_from_file");
    group.sample_size(10);
    for functions in [5, 50, 500] {
        let path = snapshot_file(functions);
        group.throughput(Throughput::Elements(functions as u64));
        group.bench_with_input(BenchmarkId::from_parameter(functions), &path, |b, path| {
            b.iter(|| {
                let snapshot = Snapshot::read(black_box(path)).expect("reads");
                let report = analyze(&snapshot, &options).expect("us-east-1 is priced");
                exporter(Format::Json)
                    .serialize(&report)
                    .expect("serialises")
            })
        });
        let snapshot = Snapshot::read(&path).expect("reads");
        group.bench_with_input(
            BenchmarkId::new("models_only", functions),
            &snapshot,
            |b, snapshot| b.iter(|| analyze(black_box(snapshot), &options)),
        );
        let _ = std::fs::remove_file(path);
    }
    group.finish();
}

criterion_group!(benches, analyze_from_file);
criterion_main!(benches);
