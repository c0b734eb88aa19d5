//! The memory recommendation: the cheapest size that keeps headroom over the peak and meets the
//! latency bound.

use serde::Serialize;

use super::joint::Search;
use super::{cpu_share, duration_split, MEMORY_HEADROOM};
use crate::snapshot::FunctionSnapshot;

/// One point of the memory cost curve: the cheapest qualifying provisioned level at that size.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MemoryPoint {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Predicted mean duration, ms.
    pub duration_ms: f64,
    /// Predicted p99 duration, ms.
    pub p99_ms: f64,
    /// Monthly Lambda cost of the whole configuration (this size at [`provisioned`](Self::provisioned)
    /// environments): duration, init, provisioned environments and their duration, requests, USD.
    pub monthly_cost: f64,
    /// Some provisioned level at this size meets every constraint.
    pub feasible: bool,
    /// The provisioned level priced: the cheapest that qualifies at this size (0 when none does).
    pub provisioned: u32,
    /// Cold starts per invocation at that level.
    pub cold_start_rate: f64,
}

/// The memory recommendation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MemoryRecommendation {
    /// Configured now.
    pub current_mb: u32,
    /// Recommended.
    pub recommended_mb: u32,
    /// Monthly cost of the whole current configuration (same figure as the report's "before").
    pub monthly_cost_before: f64,
    /// Monthly cost of the whole recommended configuration (same figure as the report's "after").
    pub monthly_cost_after: f64,
    /// Share of the mean duration that is waiting (model, I/O) and does not shrink with memory.
    pub wait_share: f64,
    /// Minimum memory from the observed peak and the headroom.
    pub memory_floor_mb: f64,
    /// The curve, at the recommended architecture.
    pub curve: Vec<MemoryPoint>,
    /// Why.
    pub evidence: String,
}

/// Memory: the recommended configuration's size, and the cost curve over every size (each at its
/// cheapest qualifying provisioned level), from the joint [`Search`].
pub fn memory(
    function: &FunctionSnapshot,
    search: &Search,
    latency_p99_ms: Option<f64>,
) -> MemoryRecommendation {
    let current = function.config.memory_mb;
    let d = &function.duration_ms;
    let (wait, compute) = duration_split(function);
    // Without a measured peak there is no safe way down: the current size is the floor.
    let floor = function
        .max_memory_used_mb
        .map_or(f64::from(current), |m| m * MEMORY_HEADROOM);
    let architecture = search.best.architecture;
    let mut sizes: Vec<u32> = search
        .candidates
        .iter()
        .filter(|c| c.architecture == architecture)
        .map(|c| c.memory_mb)
        .collect();
    sizes.dedup();
    let curve = sizes
        .into_iter()
        .filter_map(|m| {
            let at = search.at(m, architecture);
            let pick = search
                .cheapest(|c| c.memory_mb == m && c.architecture == architecture)
                .or_else(|| at.first().copied())?;
            Some(MemoryPoint {
                memory_mb: m,
                duration_ms: pick.duration_ms,
                p99_ms: pick.p99_ms,
                monthly_cost: pick.cost.total,
                feasible: pick.feasible(),
                provisioned: pick.provisioned,
                cold_start_rate: pick.cold_start_rate,
            })
        })
        .collect();
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
        recommended_mb: search.best.memory_mb,
        monthly_cost_before: search.current.cost.total,
        monthly_cost_after: search.best.cost.total,
        wait_share: if d.avg > 0.0 { wait / d.avg } else { 0.0 },
        memory_floor_mb: floor,
        curve,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::{constraints, ctx, function};
    use crate::model::Context;

    fn memory_for(f: &FunctionSnapshot, ctx: &Context, bound: Option<f64>) -> MemoryRecommendation {
        let mut c = constraints(1.0);
        c.latency_p99_ms = bound;
        memory(f, &crate::model::search(f, ctx, &c), bound)
    }

    #[test]
    fn waiting_does_not_shrink_so_a_model_bound_function_wants_little_memory() {
        let f = function(vec![100.0; 60], vec![2.0; 60], 900.0, Some(880.0));
        let rec = memory_for(&f, &ctx(60), None);
        assert_eq!(rec.recommended_mb, 128, "{rec:?}");
        assert!(rec.monthly_cost_after < rec.monthly_cost_before);
        assert!((rec.wait_share - 880.0 / 900.0).abs() < 1e-9);
    }

    #[test]
    fn peak_memory_headroom_and_latency_bound_constrain_the_choice() {
        let mut f = function(vec![100.0; 60], vec![2.0; 60], 200.0, Some(0.0));
        f.max_memory_used_mb = Some(300.0);
        let rec = memory_for(&f, &ctx(60), None);
        assert!(rec.recommended_mb as f64 >= 375.0, "{rec:?}");
        // Pure compute at 1024 MB: p99 400 ms; a 250 ms bound needs more CPU.
        let bounded = memory_for(&f, &ctx(60), Some(250.0));
        assert!(bounded.recommended_mb >= 1769, "{bounded:?}");
    }
}
