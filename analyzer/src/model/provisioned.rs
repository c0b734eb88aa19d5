//! The provisioned-concurrency recommendation: the cheapest level that meets the cold-start target.

use serde::Serialize;

use super::{duration_split, project, Context, PROVISIONED_BREAK_EVEN, WARM_MINUTES};
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

/// Provisioned concurrency: for each level k, provisioned cost + duration (provisioned and spillover)
/// and expected cold starts from the per-period concurrency series; the cheapest level meeting the
/// cold-start target.
pub fn provisioned(
    function: &FunctionSnapshot,
    ctx: &Context,
    memory_mb: u32,
    target: f64,
) -> ProvisionedRecommendation {
    let price = ctx.price;
    let gb = f64::from(memory_mb) / 1024.0;
    let invocations = function.total_invocations();
    // At another memory size requests take longer or shorter, and concurrency follows: by Little's law
    // the mean concurrency of a period moves by arrivals × the change in mean duration; shift the
    // observed peak by that much.
    let d = &function.duration_ms;
    let (wait, compute) = duration_split(function);
    let avg_ms = project(wait, compute, function.config.memory_mb, memory_mb);
    let shift_s = (avg_ms - d.avg) / 1000.0;
    let scaled: Vec<f64> = function
        .concurrency
        .iter()
        .zip(&function.invocations)
        .map(|(c, n)| (c + n * shift_s / ctx.period_seconds).max(0.0))
        .collect();
    let peak = scaled.iter().copied().fold(0.0, f64::max).ceil() as u32;
    let avg_s = avg_ms / 1000.0;
    let warm_periods = ((WARM_MINUTES as f64 * 60.0) / ctx.period_seconds)
        .ceil()
        .max(1.0) as usize;
    // Environments still warm at each period: the peak of the few periods before it (computed once
    // per series, so each level costs one pass).
    let recent_peaks = |series: &[f64]| -> Vec<f64> {
        (0..series.len())
            .map(|t| {
                series[t.saturating_sub(warm_periods)..t]
                    .iter()
                    .copied()
                    .fold(0.0, f64::max)
            })
            .collect()
    };
    let observed_peaks = recent_peaks(&function.concurrency);
    let scaled_peaks = recent_peaks(&scaled);
    let level_stats = |series: &[f64], peaks: &[f64], k: u32| {
        let k = f64::from(k);
        let (mut cold, mut busy, mut on_provisioned) = (0.0, 0.0, 0.0);
        for ((&c, &n), &recent) in series.iter().zip(&function.invocations).zip(peaks) {
            // On-demand environments still warm, or provisioned ones.
            let warm = recent.max(k);
            cold += (c - warm).max(0.0);
            // Busy environment-seconds the provisioned environments can absorb this period.
            busy += (n * avg_s).min(k * ctx.period_seconds);
            let share = if c > 0.0 {
                (c.min(k) / c).min(1.0)
            } else {
                0.0
            };
            on_provisioned += n * share;
        }
        let periods = function.concurrency.len().max(1) as f64;
        let utilization = if k > 0.0 {
            busy / (k * periods * ctx.period_seconds)
        } else {
            0.0
        };
        (cold, utilization, on_provisioned)
    };
    // Where cold starts were measured (EMF `ColdStart`, `REPORT` lines, the simulator), scale the modelled
    // counts so the current level matches them; the model then only has to get the differences right.
    let current = function.config.provisioned_concurrency;
    let modelled_now = level_stats(&function.concurrency, &observed_peaks, current).0;
    let calibration = match function.cold_starts {
        Some(measured) if modelled_now > 0.0 => measured / modelled_now,
        _ => 1.0,
    };
    let levels: Vec<ProvisionedLevel> = (0..=peak.max(current))
        .map(|k| {
            let (cold, utilization, on_prov) = level_stats(&scaled, &scaled_peaks, k);
            let cold = cold * calibration;
            let provisioned_cost =
                ctx.monthly(f64::from(k) * gb * ctx.window_seconds * price.provisioned);
            let gb_s = avg_s * gb;
            let duration_cost = ctx.monthly(
                on_prov * gb_s * price.provisioned_duration
                    + (invocations - on_prov) * gb_s * price.gb_second(),
            );
            ProvisionedLevel {
                level: k,
                provisioned_cost,
                duration_cost,
                total_cost: provisioned_cost + duration_cost,
                cold_starts: ctx.monthly(cold),
                cold_start_rate: if invocations > 0.0 {
                    cold / invocations
                } else {
                    0.0
                },
                utilization,
            }
        })
        .collect();
    let recommended = levels
        .iter()
        .filter(|l| l.cold_start_rate <= target)
        .min_by(|a, b| a.total_cost.total_cmp(&b.total_cost))
        .map_or(peak, |l| l.level);
    // Measured utilization (`ProvisionedConcurrencyUtilization`) wins over the modelled one.
    let current_util = function.provisioned_utilization.unwrap_or_else(|| {
        levels
            .iter()
            .find(|l| l.level == current)
            .map_or(0.0, |l| l.utilization)
    });
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
        levels.iter().find(|l| l.level == current).map_or(0.0, |l| l.cold_start_rate * invocations).round(),
        levels.iter().find(|l| l.level == current).map_or(0.0, |l| l.cold_start_rate * 100.0),
        if function.cold_starts.is_some() && modelled_now > 0.0 { ", as measured; other levels scaled alike" } else { ", modelled from the concurrency series" },
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
    use crate::model::test_helpers::{ctx, function};

    #[test]
    fn provisioned_level_meets_the_target_and_idle_provisioning_is_flagged() {
        // Bursty: mostly idle, a spike to 5 every 30 minutes.
        let mut concurrency = vec![0.0; 240];
        let mut invocations = vec![0.0; 240];
        for t in (0..240).step_by(30) {
            concurrency[t] = 5.0;
            invocations[t] = 50.0;
        }
        let mut f = function(invocations, concurrency, 500.0, None);
        let strict = provisioned(&f, &ctx(240), 1024, 0.0);
        assert_eq!(strict.recommended, 5);
        // At a quarter of the memory the 500 ms of compute takes 2 s: the spikes need more environments.
        assert_eq!(provisioned(&f, &ctx(240), 256, 0.0).recommended, 7);
        let loose = provisioned(&f, &ctx(240), 1024, 1.0);
        assert_eq!(loose.recommended, 0);
        assert!(strict.levels[5].total_cost > loose.levels[0].total_cost);
        f.config.provisioned_concurrency = 5;
        assert!(provisioned(&f, &ctx(240), 1024, 0.01).over_provisioned);
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
        let rec = provisioned(&f, &ctx(24 * 60), 256, 0.0);
        let schedule = rec.schedule.expect("diurnal");
        assert!(schedule[12] > schedule[3], "{schedule:?}");
    }
}
