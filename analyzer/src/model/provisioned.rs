//! The provisioned-concurrency recommendation: the cheapest level that meets the cold-start target.

use serde::Serialize;

use super::joint::Search;
use super::{Context, PROVISIONED_BREAK_EVEN};
use crate::snapshot::FunctionSnapshot;

/// One level of provisioned concurrency.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProvisionedLevel {
    /// Environments.
    pub level: u32,
    /// Monthly provisioned cost (environments kept warm), USD.
    pub provisioned_cost: f64,
    /// Monthly duration cost of invocations on provisioned plus spillover on-demand, USD.
    pub duration_cost: f64,
    /// Total, USD.
    pub total_cost: f64,
    /// Expected cold starts per month.
    pub cold_starts: f64,
    /// Cold starts per invocation.
    pub cold_start_rate: f64,
    /// Busy share of the provisioned environments.
    pub utilization: f64,
}

/// The provisioned-concurrency recommendation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProvisionedRecommendation {
    /// Configured now.
    pub current: u32,
    /// Recommended.
    pub recommended: u32,
    /// Target cold-start rate.
    pub cold_start_target: f64,
    /// Each level considered.
    pub levels: Vec<ProvisionedLevel>,
    /// Per hour of day (UTC), when load is diurnal: suggested level.
    pub schedule: Option<Vec<u32>>,
    /// The current level's utilization is under break-even.
    pub over_provisioned: bool,
    /// Why.
    pub evidence: String,
}

/// Provisioned concurrency: every level at the recommended memory size and architecture of the joint
/// [`Search`], each priced whole by the one cost function; the recommendation is the search's level.
pub fn provisioned(
    function: &FunctionSnapshot,
    ctx: &Context,
    search: &Search,
    target: f64,
) -> ProvisionedRecommendation {
    let best = &search.best;
    let levels: Vec<ProvisionedLevel> = search
        .at(best.memory_mb, best.architecture)
        .into_iter()
        .map(|c| ProvisionedLevel {
            level: c.provisioned,
            provisioned_cost: c.cost.provisioned_environments,
            duration_cost: c.cost.total - c.cost.provisioned_environments,
            total_cost: c.cost.total,
            cold_starts: c.cold_starts,
            cold_start_rate: c.cold_start_rate,
            utilization: c.utilization,
        })
        .collect();
    let peak = best.peak_concurrency.ceil() as u32;
    let invocations = function.total_invocations();
    let recommended = best.provisioned;
    let current = function.config.provisioned_concurrency;
    // Measured utilization (`ProvisionedConcurrencyUtilization`) wins over the modelled one.
    let current_util = function
        .provisioned_utilization
        .unwrap_or(search.current.utilization);
    let over = current > 0 && current_util < PROVISIONED_BREAK_EVEN;

    // Diurnal load: hourly mean concurrency varying more than 3× → a per-hour schedule.
    let per_hour = (3600.0 / ctx.period_seconds).round().max(1.0) as usize;
    let hourly: Vec<f64> = function
        .concurrency
        .chunks(per_hour)
        .map(|c| c.iter().sum::<f64>() / c.len().max(1) as f64)
        .collect();
    let (lo, hi) = hourly.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    let schedule = (recommended > 0 && hourly.len() >= 3 && hi > 3.0 * lo.max(0.5)).then(|| {
        let mut by_hour = vec![0u32; 24];
        for (i, chunk) in function.concurrency.chunks(per_hour).enumerate() {
            let hour = i % 24;
            let p90 = {
                let mut v = chunk.to_vec();
                v.sort_by(f64::total_cmp);
                v.get((v.len().saturating_sub(1) as f64 * 0.9) as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            by_hour[hour] = by_hour[hour].max((p90.ceil() as u32).min(recommended));
        }
        by_hour
    });
    let evidence = format!(
        "peak concurrency {peak}; {} cold starts in the window at the current level ({:.2} % of invocations{}); target {:.2} %{}",
        (search.current.cold_start_rate * invocations).round(),
        search.current.cold_start_rate * 100.0,
        if function.cold_starts.is_some() { ", as measured; other configurations scaled alike" } else { ", modelled from the concurrency series" },
        target * 100.0,
        if over { format!("; current utilization {:.0} % is under the ~60 % break-even: over-provisioned", current_util * 100.0) } else { String::new() },
    );
    ProvisionedRecommendation {
        current,
        recommended,
        cold_start_target: target,
        levels,
        schedule,
        over_provisioned: over,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::{constraints, ctx, function};

    fn recommend(f: &FunctionSnapshot, periods: usize, target: f64) -> ProvisionedRecommendation {
        let ctx = ctx(periods);
        let search = crate::model::search(f, &ctx, &constraints(target));
        provisioned(f, &ctx, &search, target)
    }

    #[test]
    fn provisioned_level_meets_the_target_and_idle_provisioning_is_flagged() {
        // Bursty: mostly idle, a spike to 5 every 30 minutes.
        let mut concurrency = vec![0.0; 240];
        let mut invocations = vec![0.0; 240];
        for t in (0..240).step_by(30) {
            concurrency[t] = 5.0;
            invocations[t] = 50.0;
        }
        let mut f = function(invocations, concurrency, 500.0, Some(500.0));
        let strict = recommend(&f, 240, 0.0);
        assert!(strict.recommended >= 5, "{strict:?}");
        let chosen = &strict.levels[strict.recommended as usize];
        assert_eq!(chosen.cold_start_rate, 0.0);
        let loose = recommend(&f, 240, 1.0);
        assert_eq!(loose.recommended, 0);
        assert!(chosen.total_cost > loose.levels[0].total_cost);
        f.config.provisioned_concurrency = 5;
        assert!(recommend(&f, 240, 0.01).over_provisioned);
    }

    #[test]
    fn diurnal_load_gets_a_schedule() {
        let mut concurrency = Vec::new();
        let mut invocations = Vec::new();
        for hour in 0..24 {
            let level = if (9..18).contains(&hour) { 8.0 } else { 1.0 };
            concurrency.extend(std::iter::repeat_n(level, 60));
            invocations.extend(std::iter::repeat_n(level * 100.0, 60));
        }
        let f = function(invocations, concurrency, 300.0, None);
        let rec = recommend(&f, 24 * 60, 0.0);
        let schedule = rec.schedule.expect("diurnal");
        assert!(schedule[12] > schedule[3], "{schedule:?}");
    }
}
