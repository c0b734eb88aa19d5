//! The models: pure functions from a [`FunctionSnapshot`] to recommendations. Every number they
//! produce is derived from the snapshot and the price table in `frugal_middleware::cost`.

use std::time::Duration;

use frugal_middleware::cost::{billed_ms, lambda_price, Architecture, MB_PER_VCPU};
use serde::Serialize;

use crate::snapshot::FunctionSnapshot;

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
    /// Region.
    pub region: &'static str,
    /// Architecture priced.
    pub architecture: Architecture,
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

/// Share of one vCPU a function of `memory_mb` gets (CPU is allocated in proportion to memory).
pub fn cpu_share(memory_mb: u32) -> f64 {
    (f64::from(memory_mb) / MB_PER_VCPU).min(1.0)
}

/// The mean duration split into waiting (the model's latency, which more memory does not shorten) and
/// compute, ms.
fn duration_split(function: &FunctionSnapshot) -> (f64, f64) {
    let avg = function.duration_ms.avg;
    let wait = function.model_latency_ms.unwrap_or(0.0).clamp(0.0, avg);
    (wait, (avg - wait).max(0.0))
}

/// A duration of `wait` + `compute` ms measured at `from_mb`, projected to `to_mb`: compute scales with
/// the CPU share, waiting does not.
fn project(wait: f64, compute: f64, from_mb: u32, to_mb: u32) -> f64 {
    wait + compute * cpu_share(from_mb) / cpu_share(to_mb)
}

fn monthly_lambda_cost(ctx: &Context, memory_mb: u32, duration_ms: f64, invocations: f64) -> f64 {
    let price = lambda_price(ctx.region, ctx.architecture);
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

/// The timeout recommendation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TimeoutRecommendation {
    /// Configured now, s.
    pub current_s: u32,
    /// Recommended, s.
    pub recommended_s: u32,
    /// The recommendation exceeds the HTTP API's 30 s: the answer must stream or go async.
    pub exceeds_http_api_limit: bool,
    /// Why.
    pub evidence: String,
}

/// Timeout: the duration tail (max of p99.9 and max) with a margin, at least 3 s.
pub fn timeout(function: &FunctionSnapshot) -> TimeoutRecommendation {
    let d = &function.duration_ms;
    let tail = d.p999.max(d.max);
    let recommended = ((tail * TIMEOUT_MARGIN / 1000.0).ceil() as u32).max(3);
    let exceeds = recommended > HTTP_API_TIMEOUT_S;
    TimeoutRecommendation {
        current_s: function.config.timeout_s,
        recommended_s: recommended,
        exceeds_http_api_limit: exceeds,
        evidence: format!(
            "p99.9 {:.0} ms, max {:.0} ms; × {TIMEOUT_MARGIN} margin{}",
            d.p999,
            d.max,
            if exceeds {
                "; above the HTTP API's 30 s integration timeout: stream the answer or make it asynchronous"
            } else {
                ""
            }
        ),
    }
}

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
    let price = lambda_price(ctx.region, ctx.architecture);
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
    use crate::snapshot::{DurationStats, FunctionConfig};

    fn function(
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
                architecture: "arm64".into(),
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

    fn ctx(periods: usize) -> Context {
        Context {
            window_seconds: periods as f64 * 60.0,
            period_seconds: 60.0,
            region: "us-east-1",
            architecture: Architecture::Arm64,
        }
    }

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

    #[test]
    fn timeout_has_margin_and_flags_the_http_api_limit() {
        let f = function(vec![1.0], vec![1.0], 1000.0, None);
        assert_eq!(timeout(&f).recommended_s, 5);
        let slow = function(vec![1.0], vec![1.0], 8000.0, None);
        let t = timeout(&slow);
        assert!(t.exceeds_http_api_limit && t.recommended_s == 36, "{t:?}");
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
