//! The models: pure functions from a [`FunctionSnapshot`] to recommendations, one file per setting
//! ([`memory()`], [`timeout()`], [`provisioned()`]). Every number they produce is derived from the snapshot and the price tables of `frugal_pricing`.

pub mod cost;
pub mod joint;
mod memory;
mod provisioned;
mod timeout;

use frugal_pricing::{LambdaPrice, MB_PER_VCPU};

use crate::snapshot::FunctionSnapshot;

pub use cost::{Billable, MonthlyCost};
pub use joint::{search, Candidate, Constraints, Search};
pub use memory::{memory, MemoryPoint, MemoryRecommendation};
pub use provisioned::{provisioned, ProvisionedLevel, ProvisionedRecommendation};
pub use timeout::{timeout, TimeoutRecommendation};

/// Memory sizes considered (MB).
pub const MEMORY_SIZES: &[u32] = &[
    128, 256, 384, 512, 768, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10240,
];
/// Headroom required over the observed peak memory.
pub const MEMORY_HEADROOM: f64 = 1.25;
/// Margin over the duration tail for the timeout.
pub const TIMEOUT_MARGIN: f64 = 1.5;
/// API Gateway HTTP API integration timeout, seconds.
pub const HTTP_API_TIMEOUT_S: u32 = 30;
/// Utilization under which provisioned concurrency costs more than on-demand (break-even ≈ 60 %).
pub const PROVISIONED_BREAK_EVEN: f64 = 0.6;
/// Minutes an idle on-demand environment is assumed to stay warm.
pub const WARM_MINUTES: usize = 10;

/// Inputs the models share.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// Window covered by the series, seconds.
    pub window_seconds: f64,
    /// Seconds per series point.
    pub period_seconds: f64,
    /// Lambda prices in force (region and architecture).
    pub price: &'static LambdaPrice,
}

impl Context {
    /// Scales a window total to a month of 730 hours, as `frugal cost` and the AWS pricing calculator do.
    pub fn monthly(&self, value: f64) -> f64 {
        if self.window_seconds <= 0.0 {
            0.0
        } else {
            value * crate::cost_cmd::SECONDS_PER_MONTH / self.window_seconds
        }
    }
}

/// Share of one vCPU a function of `memory_mb` gets (CPU is allocated in proportion to memory).
pub fn cpu_share(memory_mb: u32) -> f64 {
    (f64::from(memory_mb) / MB_PER_VCPU).min(1.0)
}

/// The mean duration split into waiting (the model's latency, which more memory does not shorten) and
/// compute, ms.
pub(crate) fn duration_split(function: &FunctionSnapshot) -> (f64, f64) {
    let avg = function.duration_ms.avg;
    let wait = function.model_latency_ms.unwrap_or(0.0).clamp(0.0, avg);
    (wait, (avg - wait).max(0.0))
}

/// A duration of `wait` + `compute` ms measured at `from_mb`, projected to `to_mb`: compute scales with
/// the CPU share, waiting does not.
pub(crate) fn project(wait: f64, compute: f64, from_mb: u32, to_mb: u32) -> f64 {
    wait + compute * cpu_share(from_mb) / cpu_share(to_mb)
}

#[cfg(test)]
pub(crate) mod test_helpers {
    use super::*;
    use crate::snapshot::{DurationStats, FunctionConfig};
    use frugal_pricing::Architecture;

    pub(crate) fn function(
        invocations: Vec<f64>,
        concurrency: Vec<f64>,
        avg: f64,
        wait: Option<f64>,
    ) -> FunctionSnapshot {
        FunctionSnapshot {
            name: "f".into(),
            config: FunctionConfig {
                memory_mb: 1024,
                timeout_s: 29,
                architecture: Architecture::Arm64,
                in_vpc: false,
                provisioned_concurrency: 0,
            },
            invocations,
            concurrency,
            errors: 0.0,
            throttles: 0.0,
            duration_ms: DurationStats {
                avg,
                p50: avg,
                p90: avg * 1.5,
                p99: avg * 2.0,
                p999: avg * 3.0,
                max: avg * 3.0,
            },
            cold_starts: None,
            init_duration_ms: None,
            model_latency_ms: wait,
            max_memory_used_mb: Some(40.0),
            small_talk_hits: None,
            cache_hits: None,
            model_calls: None,
            provisioned_utilization: None,
            spillover_invocations: None,
        }
    }

    pub(crate) fn constraints(target: f64) -> super::Constraints {
        super::Constraints {
            cold_start_target: target,
            latency_p99_ms: None,
            architectures: vec![(
                Architecture::Arm64,
                frugal_pricing::lambda_price("us-east-1", Architecture::Arm64).unwrap(),
            )],
            allowed: vec![Architecture::Arm64],
        }
    }

    pub(crate) fn ctx(periods: usize) -> Context {
        Context {
            window_seconds: periods as f64 * 60.0,
            period_seconds: 60.0,
            price: frugal_pricing::lambda_price("us-east-1", Architecture::Arm64).unwrap(),
        }
    }
}
