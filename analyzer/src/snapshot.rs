//! The metrics snapshot: everything the models need about a set of functions, as fetched from
//! CloudWatch/Lambda (`frugal snapshot`) or simulated from a trace (`frugal simulate`). A plain JSON file,
//! so `frugal analyze --from-file` works offline.

use frugal_pricing::Architecture;
use serde::{Deserialize, Serialize};

use crate::warning::Warning;

/// Current snapshot format version.
pub const SNAPSHOT_VERSION: u32 = 1;

/// A snapshot of one or more functions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version.
    pub version: u32,
    /// Where it came from (`cloudwatch`, `simulate:<trace>`).
    pub source: String,
    /// Region priced.
    pub region: String,
    /// Seconds per point of the series.
    pub period_seconds: u64,
    /// The functions.
    pub functions: Vec<FunctionSnapshot>,
    /// What could not be read, and what was taken instead (shown in every report).
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Configuration of a function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionConfig {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Timeout, seconds.
    pub timeout_s: u32,
    /// Instruction set (`arm64` or `x86_64` in JSON).
    pub architecture: Architecture,
    /// Attached to a VPC.
    pub in_vpc: bool,
    /// Provisioned-concurrency environments configured (all aliases).
    pub provisioned_concurrency: u32,
}

/// Duration distribution, ms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DurationStats {
    /// Mean.
    pub avg: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Maximum.
    pub max: f64,
}

/// One function's metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionSnapshot {
    /// Function name.
    pub name: String,
    /// Its configuration.
    pub config: FunctionConfig,
    /// Invocations per period.
    pub invocations: Vec<f64>,
    /// Maximum concurrent executions per period.
    pub concurrency: Vec<f64>,
    /// Errors in total.
    pub errors: f64,
    /// Throttles in total.
    pub throttles: f64,
    /// Duration distribution over the whole window.
    pub duration_ms: DurationStats,
    /// Cold starts in total, when known (EMF `ColdStart` or simulation).
    pub cold_starts: Option<f64>,
    /// Mean init duration of a cold start, ms.
    pub init_duration_ms: Option<f64>,
    /// Mean time spent waiting for the model per invocation, ms (EMF `ModelLatency`).
    pub model_latency_ms: Option<f64>,
    /// Peak memory used, MB.
    pub max_memory_used_mb: Option<f64>,
    /// Requests answered by small talk (EMF `SmallTalkHit`), when the middleware runs.
    pub small_talk_hits: Option<f64>,
    /// Requests answered from the cache (EMF `CacheHit`).
    pub cache_hits: Option<f64>,
    /// Requests that called the model (EMF `ModelCall`).
    pub model_calls: Option<f64>,
    /// Mean utilization of the provisioned environments, 0–1 (`ProvisionedConcurrencyUtilization`).
    #[serde(default)]
    pub provisioned_utilization: Option<f64>,
    /// Invocations that found every provisioned environment busy and ran on demand
    /// (`ProvisionedConcurrencySpilloverInvocations`).
    #[serde(default)]
    pub spillover_invocations: Option<f64>,
}

impl FunctionSnapshot {
    /// Total invocations in the window.
    pub fn total_invocations(&self) -> f64 {
        self.invocations.iter().sum()
    }
}

impl Snapshot {
    /// Reads and checks a snapshot file.
    pub fn read(path: &std::path::Path) -> crate::Result<Self> {
        use crate::error::{ensure, Error};
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let snapshot: Snapshot =
            serde_json::from_str(&text).map_err(|source| Error::NotASnapshot {
                path: path.to_owned(),
                source,
            })?;
        ensure!(
            snapshot.version == SNAPSHOT_VERSION,
            Parse,
            "{}: snapshot version {} is not supported (expected {SNAPSHOT_VERSION})",
            path.display(),
            snapshot.version
        );
        ensure!(
            snapshot.period_seconds > 0,
            Parse,
            "{}: period_seconds must be positive",
            path.display()
        );
        for function in &snapshot.functions {
            ensure!(
                function.invocations.len() == function.concurrency.len(),
                Parse,
                "{}: function {} has series of different lengths",
                path.display(),
                function.name
            );
        }
        Ok(snapshot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architecture_keeps_lambda_spelling_in_json() {
        for (architecture, text) in [
            (Architecture::Arm64, "\"arm64\""),
            (Architecture::X86_64, "\"x86_64\""),
        ] {
            assert_eq!(serde_json::to_string(&architecture).unwrap(), text);
            assert_eq!(
                serde_json::from_str::<Architecture>(text).unwrap(),
                architecture
            );
        }
    }
}
