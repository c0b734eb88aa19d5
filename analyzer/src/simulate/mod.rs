//! `frugal simulate`: turns an invocation trace into a snapshot by simulating how Lambda would run it.
//!
//! Execution environments are reused while warm and reclaimed after `--idle-minutes` without work; a
//! request that finds no free environment starts a new one (a cold start, billed its init duration);
//! scaling is limited to 1,000 new environments per 10 seconds (requests beyond are throttled);
//! provisioned environments are always warm. Seeded, so the same inputs give the same snapshot.
//!
//! Traces: the Azure Functions 2019 format ([`azure`]: per-minute invocation counts, duration and
//! memory percentiles, read by column name in the original release's layout or the vHive invitro
//! sample's), or a plain CSV of `timestamp_seconds,duration_ms[,memory_mb]` ([`trace`]).
//!
//! ```
//! use frugal_analyzer::simulate::{simulate, SimulateOptions, Trace, Invocation};
//!
//! let trace = Trace {
//!     name: "t".into(),
//!     invocations: vec![Invocation { at: 0.0, duration_ms: 120.0 }, Invocation { at: 5.0, duration_ms: 80.0 }],
//!     memory_mb: None,
//!     span_seconds: 60.0,
//! };
//! let function = simulate(&trace, &SimulateOptions::default());
//! assert_eq!(function.cold_starts, Some(1.0));
//! ```

pub mod args;
pub mod azure;
pub mod engine;
pub mod trace;

use frugal_pricing::DEFAULT_REGION;

pub use args::SimulateArgs;
pub use azure::{load_azure, load_azure_files, AzureFiles, CsvFile};
pub use engine::{simulate, simulate_with_usage, SimulateOptions, Usage};
pub use trace::{load_plain, Invocation, Trace};

use crate::snapshot::{Snapshot, SNAPSHOT_VERSION};

/// Loads the trace named by `args` and simulates it into a snapshot (priced in [`DEFAULT_REGION`]).
pub fn snapshot(args: &SimulateArgs) -> crate::Result<Snapshot> {
    let is_azure = trace::read_text(&args.trace)?
        .lines()
        .next()
        .is_some_and(|h| h.contains("HashFunction"));
    let trace = if is_azure {
        load_azure(&args.trace, args.function.as_deref(), args.seed)?
    } else {
        load_plain(&args.trace)?
    };
    let function = simulate(&trace, &args.options());
    Ok(Snapshot {
        version: SNAPSHOT_VERSION,
        source: format!("simulate:{}", args.trace.display()),
        region: DEFAULT_REGION.into(),
        period_seconds: 60,
        functions: vec![function],
        warnings: Vec::new(),
    })
}

/// Runs `frugal simulate`: writes the snapshot to `--output`.
pub fn run(args: &SimulateArgs) -> crate::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(&snapshot(args)?)?;
    bytes.push(b'\n');
    crate::export::write_output(&args.output, &bytes)
}
