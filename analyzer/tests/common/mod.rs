//! What the oracle tests (`oracle.rs`, `oracle_noise_floor.rs`) share: the rule's functions of the
//! Azure sample, the cases each is run with, runs under the simulator and the exhaustive search.
// Each test file uses its own subset.
#![allow(dead_code)]

use std::path::PathBuf;

use frugal_analyzer::model::{MEMORY_HEADROOM, MEMORY_SIZES};
use frugal_analyzer::simulate::{load_azure, simulate_with_usage, SimulateOptions, Trace};
use frugal_analyzer::snapshot::FunctionSnapshot;

pub const TARGET: f64 = 0.01;
pub const REGION: &str = "us-east-1";
/// Memory the snapshot is taken at, MB.
pub const DEPLOYED_MB: u32 = 256;
/// Fewest invocations in the 8 hours for a function to be chosen: enough that a 1 % target allows ten.
pub const MIN_INVOCATIONS: f64 = 1000.0;
/// Most invocations in the 8 hours for a function to be chosen (test time).
pub const MAX_INVOCATIONS: f64 = 100_000.0;
/// Every how many eligible functions one is taken.
pub const EVERY: usize = 2;
/// The waiting shares each function is run with.
pub const WAIT_SHARES: [f64; 3] = [0.0, 0.6, 0.9];
/// A stricter cold-start target, at which more functions need provisioned environments at 256 MB.
pub const STRICT_TARGET: f64 = 0.005;
/// The waiting shares run at [`STRICT_TARGET`].
pub const STRICT_WAIT_SHARES: [f64; 2] = [0.0, 0.6];
/// The compute-bound run is repeated with a p99 bound of the deployed p99 divided by this.
pub const BOUND_DIVISOR: f64 = 5.0;

pub fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/azure-functions-2019/invocations.csv")
}

/// The functions the rule picks: (hash, rank among the picked). `offset` 0 is the rule's pick; 1 is
/// the functions between them, never looked at while the model was written (scored once, in
/// `functions_between_the_rules_picks_scored_once`).
pub fn chosen(offset: usize) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(sample()).expect("the Azure sample is in the repository");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let hash_col = header
        .iter()
        .position(|h| *h == "HashFunction")
        .expect("HashFunction column");
    let minutes: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.parse::<u32>().is_ok())
        .map(|(i, _)| i)
        .collect();
    let mut eligible: Vec<String> = lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let total: f64 = minutes
                .iter()
                .filter_map(|&i| cells.get(i)?.parse::<f64>().ok())
                .sum();
            ((MIN_INVOCATIONS..=MAX_INVOCATIONS).contains(&total))
                .then(|| cells[hash_col].to_owned())
        })
        .collect();
    eligible.sort();
    eligible
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % EVERY == offset)
        .map(|(i, hash)| (hash, i / EVERY))
        .collect()
}

pub fn trace(hash: &str) -> Trace {
    load_azure(&sample(), Some(hash), 7).expect("the Azure sample loads")
}

pub fn args(memory: u32, provisioned: u32, wait_share: f64) -> SimulateOptions {
    SimulateOptions {
        memory,
        provisioned,
        // The sample's durations are taken as measured at 1 GB.
        trace_memory: Some(1024),
        wait_share,
        ..SimulateOptions::default()
    }
}

/// The prices the simulated (x86_64) functions pay.
pub fn price() -> &'static frugal_pricing::LambdaPrice {
    frugal_pricing::lambda_price(REGION, frugal_pricing::Architecture::X86_64)
        .expect("the price table covers us-east-1")
}

/// One configuration run under the simulator.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// Monthly cost.
    pub cost: f64,
    /// Cold starts per invocation.
    pub cold_rate: f64,
    /// Meets the constraints other than the cold-start target: p99 under the timeout and the bound,
    /// memory over the peak with headroom.
    pub within_bounds: bool,
}

impl Run {
    /// Meets every constraint of `case`.
    pub fn feasible(&self, case: &Case) -> bool {
        self.within_bounds && self.cold_rate <= case.target
    }
}

/// `memory` × `provisioned` run on `trace` under the simulator, with the case's waiting share and an
/// optional p99 bound.
pub fn run(trace: &Trace, memory: u32, provisioned: u32, case: &Case, bound: Option<f64>) -> Run {
    let a = args(memory, provisioned, case.wait);
    let (f, usage) = simulate_with_usage(trace, &a);
    let floor = f.max_memory_used_mb.map_or(0.0, |m| m * MEMORY_HEADROOM);
    Run {
        cost: usage.monthly_cost(memory, provisioned, price()).total,
        cold_rate: usage.cold_starts / usage.requests.max(1.0),
        within_bounds: f.duration_ms.p99 < f64::from(a.timeout) * 1000.0
            && bound.is_none_or(|b| f.duration_ms.p99 <= b)
            && f64::from(memory) >= floor,
    }
}

/// Every configuration the oracle searches on `trace`: each memory size, and every level up to two
/// over that size's peak (past it, environments only idle).
pub fn configurations(trace: &Trace, wait: f64) -> Vec<(u32, u32)> {
    MEMORY_SIZES
        .iter()
        .flat_map(|&m| {
            let (at_m, _) = simulate_with_usage(trace, &args(m, 0, wait));
            let peak = at_m.concurrency.iter().copied().fold(0.0, f64::max) as u32;
            (0..=peak + 2).map(move |k| (m, k))
        })
        .collect()
}

/// The cheapest configuration meeting the case's constraints on `trace` under the simulator: (cost,
/// memory, level).
pub fn cheapest(trace: &Trace, case: &Case, bound: Option<f64>) -> Option<(f64, u32, u32)> {
    configurations(trace, case.wait)
        .into_iter()
        .filter_map(|(m, k)| {
            let r = run(trace, m, k, case, bound);
            r.feasible(case).then_some((r.cost, m, k))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// The function as deployed (256 MB, no provisioned environments) on `trace`, and the case's p99
/// bound, taken from it.
pub fn deployed(trace: &Trace, case: &Case) -> (FunctionSnapshot, Option<f64>) {
    let (observed, _) = simulate_with_usage(trace, &args(DEPLOYED_MB, 0, case.wait));
    let bound = case
        .bounded
        .then(|| observed.duration_ms.p99 / BOUND_DIVISOR);
    (observed, bound)
}

/// One run of a chosen function.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// Share of the duration spent waiting on the model.
    pub wait: f64,
    /// Cold-start target.
    pub target: f64,
    /// With a p99 bound of the deployed p99 divided by [`BOUND_DIVISOR`].
    pub bounded: bool,
}

/// The runs of every chosen function: each waiting share at [`TARGET`], the compute-bound run with a
/// p99 bound, and the compute- and mixed-bound runs at [`STRICT_TARGET`] (added after the model was
/// written; neither half was looked at for it).
pub fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = WAIT_SHARES
        .iter()
        .map(|&wait| Case {
            wait,
            target: TARGET,
            bounded: false,
        })
        .collect();
    cases.push(Case {
        wait: 0.0,
        target: TARGET,
        bounded: true,
    });
    cases.extend(STRICT_WAIT_SHARES.iter().map(|&wait| Case {
        wait,
        target: STRICT_TARGET,
        bounded: false,
    }));
    cases
}
