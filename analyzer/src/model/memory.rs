//! The memory recommendation: the cheapest size that keeps headroom over the peak and meets the
//! latency bound.

use std::time::Duration;

use frugal_pricing::billed_ms;
use serde::Serialize;

use super::{cpu_share, duration_split, project, Context, MEMORY_HEADROOM, MEMORY_SIZES};
use crate::snapshot::FunctionSnapshot;

/// One point of the memory cost curve.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MemoryPoint {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Predicted mean duration, ms.
    pub duration_ms: f64,
    /// Predicted p99 duration, ms.
    pub p99_ms: f64,
    /// Monthly Lambda cost (duration + requests), USD.
    pub monthly_cost: f64,
    /// Meets the memory headroom and latency bound.
    pub feasible: bool,
}

/// The memory recommendation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MemoryRecommendation {
    /// Configured now.
    pub current_mb: u32,
    /// Recommended.
    pub recommended_mb: u32,
    /// Monthly cost now and after.
    pub monthly_cost_before: f64,
    /// After.
    pub monthly_cost_after: f64,
    /// Share of the mean duration that is waiting (model, I/O) and does not shrink with memory.
    pub wait_share: f64,
    /// Minimum memory from the observed peak and the headroom.
    pub memory_floor_mb: f64,
    /// The curve.
    pub curve: Vec<MemoryPoint>,
    /// Why.
    pub evidence: String,
}

fn monthly_lambda_cost(ctx: &Context, memory_mb: u32, duration_ms: f64, invocations: f64) -> f64 {
    let price = ctx.price;
    let billed = billed_ms(Duration::from_secs_f64(duration_ms.max(0.0) / 1000.0)) as f64;
    let gb_s = billed / 1000.0 * f64::from(memory_mb) / 1024.0 * invocations;
    ctx.monthly(price.tiered_duration_cost(gb_s) + invocations * price.request)
}

/// Memory: split the duration into compute (scales with CPU ∝ memory up to one vCPU) and waiting (model
/// latency, does not shrink); pick the cheapest size over the peak memory with headroom and under the
/// optional p99 bound.
pub fn memory(
    function: &FunctionSnapshot,
    ctx: &Context,
    latency_p99_ms: Option<f64>,
) -> MemoryRecommendation {
    let current = function.config.memory_mb;
    let invocations = function.total_invocations();
    let d = &function.duration_ms;
    let (wait, compute) = duration_split(function);
    // The tail is split like the mean: a slow request waits and computes in the same proportions as
    // an average one (no per-request split is published).
    let wait_share = if d.avg > 0.0 { wait / d.avg } else { 0.0 };
    let wait_p99 = d.p99 * wait_share;
    let compute_p99 = d.p99 - wait_p99;
    // Without a measured peak there is no safe way down: the current size is the floor.
    let floor = function
        .max_memory_used_mb
        .map_or(f64::from(current), |m| m * MEMORY_HEADROOM);
    let curve: Vec<MemoryPoint> = MEMORY_SIZES
        .iter()
        .map(|&m| {
            let duration_ms = project(wait, compute, current, m);
            let p99_ms = project(wait_p99, compute_p99, current, m);
            MemoryPoint {
                memory_mb: m,
                duration_ms,
                p99_ms,
                monthly_cost: monthly_lambda_cost(ctx, m, duration_ms, invocations),
                feasible: f64::from(m) >= floor
                    && p99_ms <= f64::from(function.config.timeout_s) * 1000.0
                    && latency_p99_ms.is_none_or(|bound| p99_ms <= bound),
            }
        })
        .collect();
    let before = monthly_lambda_cost(ctx, current, d.avg, invocations);
    let best = curve.iter().filter(|p| p.feasible).min_by(|a, b| {
        a.monthly_cost
            .total_cmp(&b.monthly_cost)
            .then(a.memory_mb.cmp(&b.memory_mb))
    });
    let (recommended, after) = best.map_or((current, before), |p| (p.memory_mb, p.monthly_cost));
    let evidence = format!(
        "mean duration {:.1} ms at {current} MB, of which {:.1} ms waiting (does not shrink with memory) and {:.1} ms compute (scales with CPU, {:.0} % of a vCPU now); peak memory {} → floor {:.0} MB{}",
        d.avg,
        wait,
        compute,
        cpu_share(current) * 100.0,
        function.max_memory_used_mb.map_or("unknown".into(), |m| format!("{m:.0} MB")),
        floor,
        latency_p99_ms.map_or(String::new(), |b| format!("; p99 bound {b:.0} ms")),
    );
    MemoryRecommendation {
        current_mb: current,
        recommended_mb: recommended,
        monthly_cost_before: before,
        monthly_cost_after: after,
        wait_share: if d.avg > 0.0 { wait / d.avg } else { 0.0 },
        memory_floor_mb: floor,
        curve,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::{ctx, function};

    #[test]
    fn waiting_does_not_shrink_so_a_model_bound_function_wants_little_memory() {
        let f = function(vec![100.0; 60], vec![2.0; 60], 900.0, Some(880.0));
        let rec = memory(&f, &ctx(60), None);
        assert_eq!(rec.recommended_mb, 128, "{rec:?}");
        assert!(rec.monthly_cost_after < rec.monthly_cost_before);
        assert!((rec.wait_share - 880.0 / 900.0).abs() < 1e-9);
    }

    #[test]
    fn peak_memory_headroom_and_latency_bound_constrain_the_choice() {
        let mut f = function(vec![100.0; 60], vec![2.0; 60], 200.0, Some(0.0));
        f.max_memory_used_mb = Some(300.0);
        let rec = memory(&f, &ctx(60), None);
        assert!(rec.recommended_mb as f64 >= 375.0, "{rec:?}");
        // Pure compute at 1024 MB: p99 400 ms; a 250 ms bound needs more CPU.
        let bounded = memory(&f, &ctx(60), Some(250.0));
        assert!(bounded.recommended_mb >= 1769, "{bounded:?}");
    }
}
