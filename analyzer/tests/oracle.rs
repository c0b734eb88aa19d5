//! The analyzer against an oracle, on real load shapes: functions of the Azure Functions 2019 sample
//! (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020, CC BY 4.0; see data/README.md).
//!
//! For each function: simulate it at 1,024 MB with no provisioned concurrency, analyse the snapshot,
//! then run the recommended memory × provisioned level through the simulator and price what it
//! bills. The oracle simulates *every* memory size × provisioned level, keeps those that meet the
//! same constraints (cold starts within the target, p99 under the timeout, memory over the peak with
//! headroom) and takes the cheapest. The recommendation must cost within 5 % of it, and meet the
//! cold-start target under the simulator to within a tenth of it.

use std::path::PathBuf;

use frugal_analyzer::model::{MEMORY_HEADROOM, MEMORY_SIZES};
use frugal_analyzer::recommend::{analyze, Options};
use frugal_analyzer::simulate::{load_azure, simulate_with_usage, SimulateOptions, Trace};
use frugal_analyzer::snapshot::{Snapshot, SNAPSHOT_VERSION};

const TARGET: f64 = 0.01;
const REGION: &str = "us-east-1";

/// Functions of the sample from ~2,400 to ~21,000 invocations in 8 hours: http, queue, timer, event
/// triggers, steady and bursty.
const FUNCTIONS: &[&str] = &[
    "9c9e6b50fe",
    "ef6feecf46",
    "6363d6fd3f",
    "370bc8c525",
    "b932edd190",
    "fd6f7f10a1",
    "6614671472",
];

fn trace(hash: &str) -> Trace {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data/azure-functions-2019/invocations.csv");
    load_azure(&path, Some(hash), 7).expect("the Azure sample loads")
}

fn args(memory: u32, provisioned: u32) -> SimulateOptions {
    SimulateOptions {
        memory,
        provisioned,
        trace_memory: Some(1024),
        // A chat function: most of each request waits on the model.
        wait_share: 0.6,
        ..SimulateOptions::default()
    }
}

/// The prices the simulated (x86_64) functions pay.
fn price() -> &'static frugal_pricing::LambdaPrice {
    frugal_pricing::lambda_price(REGION, frugal_pricing::Architecture::X86_64)
        .expect("the price table covers us-east-1")
}

/// Cost under the simulator, and whether the run meets the constraints.
fn run(trace: &Trace, memory: u32, provisioned: u32) -> (f64, bool, f64) {
    let a = args(memory, provisioned);
    let (f, usage) = simulate_with_usage(trace, &a);
    let floor = f.max_memory_used_mb.map_or(0.0, |m| m * MEMORY_HEADROOM);
    let cold_rate = usage.cold_starts / usage.requests.max(1.0);
    let feasible = cold_rate <= TARGET
        && f.duration_ms.p99 < f64::from(a.timeout) * 1000.0
        && f64::from(memory) >= floor;
    (
        usage.monthly_cost(memory, provisioned, price()),
        feasible,
        cold_rate,
    )
}

#[test]
fn recommendations_cost_within_5_percent_of_an_exhaustive_search() {
    let mut worst: f64 = 0.0;
    for hash in FUNCTIONS {
        let trace = trace(hash);
        let (observed, _) = simulate_with_usage(&trace, &args(1024, 0));
        let peak = observed.concurrency.iter().copied().fold(0.0, f64::max) as u32;
        let snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            source: format!("simulate:{hash}"),
            region: REGION.into(),
            period_seconds: 60,
            functions: vec![observed],
            warnings: Vec::new(),
        };
        let report = analyze(
            &snapshot,
            &Options {
                cold_start_target: TARGET,
                latency_p99_ms: None,
            },
        );
        let f = &report.functions[0];
        let (memory, level) = (
            f.memory.recommended_mb,
            f.provisioned_concurrency.recommended,
        );
        let (cost, _, cold_rate) = run(&trace, memory, level);

        let mut best: Option<(f64, u32, u32)> = None;
        for &m in MEMORY_SIZES {
            for k in 0..=peak + 2 {
                let (c, feasible, _) = run(&trace, m, k);
                if feasible && best.is_none_or(|(b, _, _)| c < b) {
                    best = Some((c, m, k));
                }
            }
        }
        let (oracle, om, ok) = best.expect("some configuration is feasible");
        let gap = cost / oracle - 1.0;
        worst = worst.max(gap.abs());
        println!(
            "{hash}: {} invocations, peak {peak}; recommended {memory} MB × {level} → ${cost:.4}/month ({:.2} % cold); oracle {om} MB × {ok} → ${oracle:.4}; gap {:+.2} %",
            trace.invocations.len(),
            cold_rate * 100.0,
            gap * 100.0
        );
        // The model's cold-start estimate may err a little on either side of the target.
        assert!(
            cold_rate <= TARGET * 1.1,
            "{hash}: recommended {memory} MB × {level} has {:.2} % cold starts under the simulator, target {:.2} %",
            cold_rate * 100.0,
            TARGET * 100.0
        );
        assert!(
            gap.abs() <= 0.05,
            "{hash}: recommended {memory} MB × {level} costs ${cost:.4}, {:.1} % above the oracle's {om} MB × {ok} at ${oracle:.4}",
            gap * 100.0
        );
    }
    println!("worst |gap| {:.2} %", worst * 100.0);
}
