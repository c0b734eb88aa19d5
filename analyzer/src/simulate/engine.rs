//! The simulation: Lambda's execution environments running a trace, and what that would be billed.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use frugal_pricing::{Architecture, LambdaPrice};

use super::trace::Trace;
use crate::model::{Billable, MonthlyCost};
use crate::snapshot::{DurationStats, FunctionConfig, FunctionSnapshot};

/// Memory size simulated unless told otherwise, MB.
pub const DEFAULT_MEMORY_MB: u32 = 256;
/// Timeout simulated unless told otherwise, seconds (under the HTTP API's 30 s).
pub const DEFAULT_TIMEOUT_S: u32 = 29;
/// Init duration of a cold start unless told otherwise, ms.
pub const DEFAULT_INIT_MS: f64 = 40.0;
/// Minutes an idle environment stays warm unless told otherwise.
pub const DEFAULT_IDLE_MINUTES: f64 = 10.0;
/// Lambda scales by at most this many new environments per [`SCALING_WINDOW_S`]; more are throttled.
pub const SCALING_LIMIT: usize = 1000;
/// The window of [`SCALING_LIMIT`], seconds.
pub const SCALING_WINDOW_S: f64 = 10.0;
/// The architecture a simulated function is given (the trace says nothing of it).
pub const SIMULATED_ARCHITECTURE: Architecture = Architecture::X86_64;

/// How to simulate: the function's settings and the environment's behaviour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimulateOptions {
    /// Memory size of the simulated function, MB.
    pub memory: u32,
    /// Provisioned environments (always warm).
    pub provisioned: u32,
    /// Timeout of the simulated function, seconds.
    pub timeout: u32,
    /// Memory size the trace's durations were measured at, MB (`None`: [`memory`](Self::memory)).
    pub trace_memory: Option<u32>,
    /// Share of each duration spent waiting (on the model, on I/O), which more memory does not shorten.
    pub wait_share: f64,
    /// Init duration of a cold start, ms.
    pub init_ms: f64,
    /// Minutes an idle environment stays warm.
    pub idle_minutes: f64,
}

impl Default for SimulateOptions {
    fn default() -> Self {
        SimulateOptions {
            memory: DEFAULT_MEMORY_MB,
            provisioned: 0,
            timeout: DEFAULT_TIMEOUT_S,
            trace_memory: None,
            wait_share: 0.0,
            init_ms: DEFAULT_INIT_MS,
            idle_minutes: DEFAULT_IDLE_MINUTES,
        }
    }
}

/// What a simulated run would be billed for, before prices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    /// Invocations run (throttled ones excluded).
    pub requests: f64,
    /// Billed ms of invocations on on-demand environments.
    pub on_demand_ms: f64,
    /// Billed ms of invocations on provisioned environments.
    pub provisioned_ms: f64,
    /// Billed init ms of on-demand cold starts.
    pub init_ms: f64,
    /// Invocations cut off by the timeout.
    pub timeouts: f64,
    /// Cold starts.
    pub cold_starts: f64,
    /// Seconds simulated.
    pub window_seconds: f64,
}

impl Usage {
    /// What this usage is billed for, in the one cost model's terms.
    pub fn billable(&self) -> Billable {
        Billable {
            requests: self.requests,
            on_demand_ms: self.on_demand_ms,
            provisioned_ms: self.provisioned_ms,
            init_ms: self.init_ms,
            window_seconds: self.window_seconds.max(1.0),
        }
    }

    /// Lambda's bill for this usage at `price`, scaled to a 730-hour month, by the analyzer's one cost
    /// function ([`MonthlyCost::of`]): on-demand duration (tiered) and init, duration on provisioned
    /// environments, the environments themselves, and requests.
    pub fn monthly_cost(
        &self,
        memory_mb: u32,
        provisioned: u32,
        price: &LambdaPrice,
    ) -> MonthlyCost {
        MonthlyCost::of(&self.billable(), memory_mb, provisioned, price)
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Simulates Lambda running `trace`; returns the function's snapshot (per-minute series).
pub fn simulate(trace: &Trace, options: &SimulateOptions) -> FunctionSnapshot {
    simulate_with_usage(trace, options).0
}

/// [`simulate`], plus what the run would be billed for.
pub fn simulate_with_usage(trace: &Trace, options: &SimulateOptions) -> (FunctionSnapshot, Usage) {
    let scale = crate::model::cpu_share(options.trace_memory.unwrap_or(options.memory))
        / crate::model::cpu_share(options.memory);
    let wait = options.wait_share;
    let mut usage = Usage {
        window_seconds: (trace.span_seconds / 60.0).ceil().max(1.0) * 60.0,
        ..Usage::default()
    };
    let mut waited = 0.0;
    let minutes = (trace.span_seconds / 60.0).ceil().max(1.0) as usize;
    let mut invocations = vec![0.0; minutes];
    let mut concurrency = vec![0.0f64; minutes];
    let idle = options.idle_minutes * 60.0;
    // Free environments: (free_at, provisioned?) kept in a list; busy ones in a heap by finish time.
    let mut free: Vec<(f64, bool)> = (0..options.provisioned).map(|_| (0.0, true)).collect();
    let mut busy: BinaryHeap<Reverse<(u64, bool)>> = BinaryHeap::new();
    let mut scale_window: Vec<f64> = Vec::new();
    let (mut cold, mut throttles) = (0.0, 0.0);
    let mut durations = Vec::with_capacity(trace.invocations.len());
    for inv in &trace.invocations {
        // Finish work that ended before this arrival.
        while let Some(Reverse((end_us, provisioned))) = busy.peek().copied() {
            let end = end_us as f64 / 1e6;
            if end > inv.at {
                break;
            }
            busy.pop();
            free.push((end, provisioned));
        }
        // Reclaim on-demand environments idle for too long.
        free.retain(|(since, provisioned)| *provisioned || inv.at - since < idle);
        let minute = ((inv.at / 60.0) as usize).min(minutes - 1);
        invocations[minute] += 1.0;
        // Prefer a provisioned environment, then the most recently used.
        let pick = free
            .iter()
            .enumerate()
            .max_by(|a, b| {
                (a.1 .1, a.1 .0)
                    .partial_cmp(&(b.1 .1, b.1 .0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(i, _)| i);
        let (provisioned, init) = match pick {
            Some(i) => (free.swap_remove(i).1, 0.0),
            None => {
                scale_window.retain(|t| inv.at - t < SCALING_WINDOW_S);
                if scale_window.len() >= SCALING_LIMIT {
                    throttles += 1.0;
                    continue;
                }
                scale_window.push(inv.at);
                cold += 1.0;
                (false, options.init_ms)
            }
        };
        let projected = inv.duration_ms * (wait + (1.0 - wait) * scale);
        let limit = f64::from(options.timeout) * 1000.0;
        let duration = projected.min(limit);
        if projected > limit {
            usage.timeouts += 1.0;
        }
        waited += (inv.duration_ms * wait).min(duration);
        let billed = duration.max(0.0).ceil();
        usage.requests += 1.0;
        if provisioned {
            usage.provisioned_ms += billed;
        } else {
            usage.on_demand_ms += billed;
            usage.init_ms += init.ceil();
        }
        durations.push(duration);
        let end = inv.at + (init + duration) / 1000.0;
        busy.push(Reverse(((end * 1e6) as u64, provisioned)));
        concurrency[minute] = concurrency[minute].max(busy.len() as f64);
    }
    usage.cold_starts = cold;
    let mean_wait = if durations.is_empty() {
        0.0
    } else {
        waited / durations.len() as f64
    };
    durations.sort_by(f64::total_cmp);
    let avg = if durations.is_empty() {
        0.0
    } else {
        durations.iter().sum::<f64>() / durations.len() as f64
    };
    let snapshot = FunctionSnapshot {
        name: trace.name.clone(),
        config: FunctionConfig {
            memory_mb: options.memory,
            timeout_s: options.timeout,
            architecture: SIMULATED_ARCHITECTURE,
            in_vpc: false,
            provisioned_concurrency: options.provisioned,
        },
        invocations,
        concurrency,
        errors: 0.0,
        throttles,
        duration_ms: DurationStats {
            avg,
            p50: percentile(&durations, 0.5),
            p90: percentile(&durations, 0.9),
            p99: percentile(&durations, 0.99),
            p999: percentile(&durations, 0.999),
            max: durations.last().copied().unwrap_or(0.0),
        },
        cold_starts: Some(cold),
        init_duration_ms: Some(options.init_ms),
        model_latency_ms: (wait > 0.0).then_some(mean_wait),
        max_memory_used_mb: trace.memory_mb,
        small_talk_hits: None,
        cache_hits: None,
        model_calls: None,
        provisioned_utilization: None,
        spillover_invocations: None,
    };
    (snapshot, usage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::trace::tests::plain;

    #[test]
    fn warm_environments_are_reused_and_concurrency_needs_new_ones() {
        // Two overlapping requests at t=0 (two cold starts), then one at t=5 s (warm).
        let trace = plain("timestamp,duration_ms\n0,1000\n0.1,1000\n5,100\n");
        let snapshot = simulate(&trace, &SimulateOptions::default());
        assert_eq!(snapshot.cold_starts, Some(2.0));
        assert_eq!(snapshot.concurrency[0], 2.0);
        assert_eq!(snapshot.total_invocations(), 3.0);
    }

    #[test]
    fn idle_environments_are_reclaimed_and_provisioned_ones_stay_warm() {
        let trace = plain("0,100\n1200,100\n");
        assert_eq!(
            simulate(&trace, &SimulateOptions::default()).cold_starts,
            Some(2.0)
        );
        let options = SimulateOptions {
            provisioned: 1,
            ..SimulateOptions::default()
        };
        assert_eq!(simulate(&trace, &options).cold_starts, Some(0.0));
    }
}
