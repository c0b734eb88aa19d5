//! The joint search: every memory size × provisioned level (× architecture when allowed) priced by the
//! one cost function, and the cheapest configuration that meets the constraints.
//!
//! For each memory size the mean duration is projected (compute scales with the CPU share, waiting does
//! not; invocations cut off at the timeout — their share estimated from the percentiles and the mean —
//! stay at the timeout, so a few stuck invocations keep their weight in the mean and in the overlaps), the per-period concurrency series is rescaled by the projected duration, and from it, for
//! every provisioned level at once, the cold starts (concurrency above what is still warm: the
//! provisioned environments or the peak of the last [`WARM_MINUTES`]), the invocations the provisioned
//! environments absorb, and their busy time. Each level is then a [`Billable`] priced by
//! [`MonthlyCost::of`]. Sums over the series are piecewise linear in the level, so all levels of one
//! memory size cost one pass over the series (difference arrays), whatever the peak.

use frugal_pricing::{Architecture, LambdaPrice};
use serde::Serialize;

use super::cost::{Billable, MonthlyCost};
use super::{duration_split, project, Context, MEMORY_HEADROOM, MEMORY_SIZES, WARM_MINUTES};
use crate::snapshot::FunctionSnapshot;

/// How the peak above one request follows the duration: as `ratio^OVERLAP_EXPONENT`. With exponent 1
/// the excess would scale in proportion (right for dense, steady load); sparse, bursty load keeps
/// more of its peaks (arrivals that coincide still coincide). Chosen on the development half of the
/// oracle test's functions (0.5, 0.7, 1 tried), then scored on the held-out half.
const OVERLAP_EXPONENT: f64 = 0.7;
/// Levels priced one by one; past it, in steps of about 5 %.
const DENSE_LEVELS: usize = 64;
/// The most provisioned environments considered (the snapshot's concurrency is bounded alike).
const MAX_LEVEL: usize = crate::snapshot::MAX_CONCURRENCY as usize;
/// Share of the timeout from which a duration percentile is taken to be cut off by it.
pub const CUT_OFF: f64 = 0.99;
/// Bounds on how far measured cold starts may rescale the modelled ones (see [`Traffic`]).
const CALIBRATION_RANGE: (f64, f64) = (0.2, 5.0);

/// What the configuration must meet.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraints {
    /// Largest share of invocations that may be cold starts.
    pub cold_start_target: f64,
    /// Optional bound on the p99 duration, ms.
    pub latency_p99_ms: Option<f64>,
    /// Architectures priced, with their prices (the function's own first).
    pub architectures: Vec<(Architecture, &'static LambdaPrice)>,
    /// Architectures the recommendation may use (the others are priced, for comparison, but do not
    /// qualify).
    pub allowed: Vec<Architecture>,
}

/// One configuration and everything it implies for the observed traffic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Provisioned environments.
    pub provisioned: u32,
    /// Instruction set.
    pub architecture: Architecture,
    /// Projected mean duration, ms.
    pub duration_ms: f64,
    /// Projected p99 duration, ms.
    pub p99_ms: f64,
    /// Projected peak concurrency (rescaled by the projected duration).
    pub peak_concurrency: f64,
    /// Expected cold starts per month.
    pub cold_starts: f64,
    /// Cold starts per invocation.
    pub cold_start_rate: f64,
    /// Busy share of the provisioned environments (0 without any).
    pub utilization: f64,
    /// The monthly bill, by part.
    pub cost: MonthlyCost,
    /// Why it does not qualify, if it does not (the first constraint it breaks).
    pub violates: Option<String>,
}

impl Candidate {
    /// Meets every constraint.
    pub fn feasible(&self) -> bool {
        self.violates.is_none()
    }

    /// `512 MB × 2 provisioned, arm64`.
    pub fn label(&self) -> String {
        format!(
            "{} MB × {} provisioned, {}",
            self.memory_mb, self.provisioned, self.architecture
        )
    }
}

/// The outcome of the search.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// The configuration running now, under the same model.
    pub current: Candidate,
    /// The cheapest configuration meeting the constraints (or, if none does, the one closest to them).
    pub best: Candidate,
    /// The next cheapest qualifying configuration.
    pub runner_up: Option<Candidate>,
    /// The cheapest qualifying configuration that keeps the current provisioned level and architecture:
    /// what choosing memory alone would give.
    pub memory_only: Option<Candidate>,
    /// Every configuration considered, by memory size, then level, then architecture.
    pub candidates: Vec<Candidate>,
    /// Whether any configuration meets the constraints.
    pub any_feasible: bool,
}

impl Search {
    /// The candidates at one memory size and architecture, by level.
    pub fn at(&self, memory_mb: u32, architecture: Architecture) -> Vec<&Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.memory_mb == memory_mb && c.architecture == architecture)
            .collect()
    }

    /// The cheapest qualifying candidate among `filter`.
    pub fn cheapest(&self, filter: impl Fn(&Candidate) -> bool) -> Option<&Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.feasible() && filter(c))
            .min_by(|a, b| order(a, b))
    }
}

/// Cheaper first; on a tie, less memory, fewer environments.
fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    a.cost
        .total
        .total_cmp(&b.cost.total)
        .then(a.memory_mb.cmp(&b.memory_mb))
        .then(a.provisioned.cmp(&b.provisioned))
}

/// The traffic as observed, ready to be projected to other configurations.
struct Traffic<'a> {
    function: &'a FunctionSnapshot,
    ctx: &'a Context,
    invocations: f64,
    /// Mean duration per invocation of the invocations cut off at the timeout (the same at every
    /// size: they are stopped there), ms.
    cut: f64,
    wait: f64,
    compute: f64,
    wait_p99: f64,
    compute_p99: f64,
    warm_periods: usize,
}

/// Usage at one memory size, for every level `0..=max_level`.
struct AtMemory {
    duration_ms: f64,
    p99_ms: f64,
    peak: f64,
    /// Per level: cold starts in two parts — where the on-demand pool left warm by the recent peak
    /// falls short (to be calibrated), and where a period's concurrency exceeds the provisioned level
    /// — then invocations on provisioned environments and their busy environment-seconds.
    levels: Vec<(f64, f64, f64, f64)>,
}

/// Sums of functions of the level `k` that are linear on integer ranges: `a + b·k` for `k` in
/// `[from, to)`, accumulated in difference arrays and read with a prefix sum.
struct PiecewiseSum {
    a: Vec<f64>,
    b: Vec<f64>,
}

impl PiecewiseSum {
    fn new(levels: usize) -> Self {
        PiecewiseSum {
            a: vec![0.0; levels + 1],
            b: vec![0.0; levels + 1],
        }
    }

    fn add(&mut self, from: usize, to: usize, a: f64, b: f64) {
        let n = self.a.len() - 1;
        let (from, to) = (from.min(n), to.min(n));
        if from >= to {
            return;
        }
        self.a[from] += a;
        self.a[to] -= a;
        self.b[from] += b;
        self.b[to] -= b;
    }

    fn values(&self) -> Vec<f64> {
        let (mut a, mut b) = (0.0, 0.0);
        (0..self.a.len() - 1)
            .map(|k| {
                a += self.a[k];
                b += self.b[k];
                a + b * k as f64
            })
            .collect()
    }
}

/// The peak of the `window` values before each position (0 for the first).
fn recent_peaks(series: &[f64], window: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(series.len());
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for t in 0..series.len() {
        while deque.front().is_some_and(|&i| i + window < t) {
            deque.pop_front();
        }
        out.push(deque.front().map_or(0.0, |&i| series[i]));
        while deque.back().is_some_and(|&i| series[i] <= series[t]) {
            deque.pop_back();
        }
        deque.push_back(t);
    }
    out
}

/// The share of invocations cut off at the timeout, estimated from the percentiles and the mean: the
/// highest percentile below the cut-off bounds it (none at the timeout: nothing is cut), and within
/// those bounds it is what the mean implies when the rest follows a log-normal through p50 and p90
/// (a mean of `q · timeout + (1 − q) · rest`).
fn cut_off_share(d: &crate::snapshot::DurationStats, timeout_ms: f64) -> f64 {
    let cut = timeout_ms * CUT_OFF;
    if timeout_ms <= 0.0 || d.max < cut {
        return 0.0;
    }
    // Bounds on the share from the first percentile at the cut-off.
    let (low, high) = if d.p999 < cut {
        (0.0, 0.001)
    } else if d.p99 < cut {
        (0.001, 0.01)
    } else if d.p90 < cut {
        (0.01, 0.1)
    } else if d.p50 < cut {
        (0.1, 0.5)
    } else {
        (0.5, 1.0)
    };
    // The rest's mean: a log-normal through p50 and p90 (σ from their ratio), at most the timeout.
    let rest = if d.p50 > 0.0 && d.p90 >= d.p50 && d.p90 < cut {
        let sigma = (d.p90 / d.p50).ln() / 1.2816;
        (d.p50 * (sigma * sigma / 2.0).exp()).min(cut)
    } else {
        d.p50.min(cut)
    };
    let implied = if timeout_ms > rest {
        (d.avg - rest) / (timeout_ms - rest)
    } else {
        high
    };
    if implied.is_finite() {
        implied.clamp(low, high)
    } else {
        low
    }
}

/// Concurrency at a duration `ratio` times the observed one: every interval a request is in flight
/// stretches or shrinks by the ratio, so overlaps — and with them the peak above the first request —
/// grow or shrink with it, less than in proportion ([`OVERLAP_EXPONENT`]); a period with requests still
/// has at least one in flight. `overlap` is `ratio^OVERLAP_EXPONENT`, computed once per size.
fn rescale(concurrency: f64, invocations: f64, ratio: f64, overlap: f64) -> f64 {
    if invocations > 0.0 && concurrency >= 1.0 {
        1.0 + (concurrency - 1.0) * overlap
    } else {
        concurrency * ratio
    }
}

impl<'a> Traffic<'a> {
    fn new(function: &'a FunctionSnapshot, ctx: &'a Context) -> Self {
        let d = &function.duration_ms;
        let timeout_ms = f64::from(function.config.timeout_s) * 1000.0;
        let cut = cut_off_share(d, timeout_ms) * timeout_ms;
        // What is left of the mean once the cut-off invocations are taken out, split as the mean is.
        let (wait, compute) = duration_split(function);
        let rest = if d.avg > 0.0 {
            ((d.avg - cut) / d.avg).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let (wait, compute) = (wait * rest, compute * rest);
        let wait_share = if wait + compute > 0.0 {
            wait / (wait + compute)
        } else {
            0.0
        };
        // A p99 at the timeout is a cut-off, not a measurement. Where the median and p90 are below it,
        // the tail is estimated from them as a log-normal's (p99 = p50 · (p90/p50)^(z99/z90)); where
        // even p90 is cut off nothing can be said, and no size qualifies.
        let p99 = if d.p99 < timeout_ms * CUT_OFF {
            d.p99
        } else if d.p90 < timeout_ms * CUT_OFF && d.p50 > 0.0 && d.p90 >= d.p50 {
            (d.p50 * (d.p90 / d.p50).powf(2.3263 / 1.2816)).max(d.p99)
        } else {
            f64::INFINITY
        };
        let wait_p99 = if p99.is_finite() {
            p99 * wait_share
        } else {
            0.0
        };
        let warm_periods = ((WARM_MINUTES as f64 * 60.0) / ctx.period_seconds)
            .ceil()
            .max(1.0) as usize;
        Traffic {
            function,
            ctx,
            invocations: function.total_invocations(),
            cut,
            wait,
            compute,
            wait_p99,
            compute_p99: (p99 - wait_p99).max(0.0),
            warm_periods,
        }
    }

    fn at_memory(&self, memory_mb: u32, min_levels: usize) -> AtMemory {
        let f = self.function;
        let from = f.config.memory_mb;
        let duration_ms = self.cut + project(self.wait, self.compute, from, memory_mb);
        let p99_ms = project(self.wait_p99, self.compute_p99, from, memory_mb);
        let ratio = if f.duration_ms.avg > 0.0 {
            duration_ms / f.duration_ms.avg
        } else {
            1.0
        };
        let overlap = ratio.powf(OVERLAP_EXPONENT);
        let series: Vec<f64> = f
            .concurrency
            .iter()
            .zip(&f.invocations)
            .map(|(&c, &n)| rescale(c, n, ratio, overlap))
            .collect();
        let peak = series.iter().copied().fold(0.0, f64::max);
        let levels = (peak.ceil().min(MAX_LEVEL as f64) as usize).max(min_levels) + 1;
        let recent = recent_peaks(&series, self.warm_periods);
        let period = self.ctx.period_seconds;
        let (mut pool, mut spike, mut on_prov, mut busy) = (
            PiecewiseSum::new(levels),
            PiecewiseSum::new(levels),
            PiecewiseSum::new(levels),
            PiecewiseSum::new(levels),
        );
        for ((&c, &n), &r) in series.iter().zip(&f.invocations).zip(&recent) {
            // Cold starts: concurrency above max(k, recent peak). Up to the recent peak they depend on
            // how long on-demand environments stay warm (calibrated against measured cold starts); above
            // it, on the provisioned level alone.
            if c > r {
                let r_floor = r.floor() as usize;
                pool.add(0, r_floor + 1, c - r, 0.0);
                spike.add(r_floor + 1, c.ceil() as usize, c, -1.0);
            }
            // Invocations on provisioned environments: the share min(c, k) / c of the period's.
            if c > 0.0 {
                let top = c.ceil() as usize;
                on_prov.add(0, top, 0.0, n / c);
                on_prov.add(top, levels, n, 0.0);
            }
            // Busy environment-seconds the provisioned environments can absorb: min(work, k × period).
            let work = n * duration_ms / 1000.0;
            if work > 0.0 {
                let top = (work / period).ceil() as usize;
                busy.add(0, top, 0.0, period);
                busy.add(top, levels, work, 0.0);
            }
        }
        let (pool, spike) = (pool.values(), spike.values());
        let (on_prov, busy) = (on_prov.values(), busy.values());
        AtMemory {
            duration_ms,
            p99_ms,
            peak,
            levels: (0..levels)
                .map(|k| {
                    (
                        pool[k].max(0.0),
                        spike[k].max(0.0),
                        on_prov[k].clamp(0.0, self.invocations),
                        busy[k].max(0.0),
                    )
                })
                .collect(),
        }
    }
}

/// The levels priced out of `0..count`: every one up to [`DENSE_LEVELS`], then steps of about 5 % (so
/// a heavy function's search stays small and its best level within a step of the exact one), the top,
/// and today's.
fn level_grid(count: usize, current: usize) -> Vec<usize> {
    let mut grid: Vec<usize> = (0..count.min(DENSE_LEVELS + 1)).collect();
    let mut k = DENSE_LEVELS as f64;
    while (k as usize) < count {
        grid.push(k as usize);
        k = (k * 1.05).ceil();
    }
    grid.push(count.saturating_sub(1));
    if current < count {
        grid.push(current);
    }
    grid.sort_unstable();
    grid.dedup();
    grid
}

/// Searches every memory size × provisioned level × allowed architecture for `function`.
pub fn search(function: &FunctionSnapshot, ctx: &Context, constraints: &Constraints) -> Search {
    let traffic = Traffic::new(function, ctx);
    let config = &function.config;
    let floor = function
        .max_memory_used_mb
        .map_or(f64::from(config.memory_mb), |m| m * MEMORY_HEADROOM);
    let timeout_ms = f64::from(config.timeout_s) * 1000.0;
    let init_ms = function.init_duration_ms.unwrap_or(0.0).max(0.0);
    let mut sizes: Vec<u32> = MEMORY_SIZES.to_vec();
    if !sizes.contains(&config.memory_mb) {
        sizes.push(config.memory_mb);
        sizes.sort_unstable();
    }
    // Sizes past one vCPU share durations, and so everything the series gives: compute each once.
    let min_levels = config.provisioned_concurrency as usize;
    let mut computed: Vec<(u64, std::rc::Rc<AtMemory>)> = Vec::new();
    let mut at_memory = |memory_mb: u32| {
        let key = (traffic.cut
            + project(traffic.wait, traffic.compute, config.memory_mb, memory_mb))
        .to_bits();
        if let Some((_, at)) = computed.iter().find(|(k, _)| *k == key) {
            return at.clone();
        }
        let at = std::rc::Rc::new(traffic.at_memory(memory_mb, min_levels));
        computed.push((key, at.clone()));
        at
    };
    // Measured cold starts at the current configuration calibrate the modelled ones' pool part (see
    // `AtMemory::levels`), within bounds; 1 when nothing was measured.
    let now = at_memory(config.memory_mb);
    let calibration = match (function.cold_starts, now.levels.get(min_levels)) {
        (Some(measured), Some(&(pool, spike, _, _))) if pool > 0.0 => {
            ((measured - spike) / pool).clamp(CALIBRATION_RANGE.0, CALIBRATION_RANGE.1)
        }
        _ => 1.0,
    };
    let mut candidates = Vec::new();
    for &memory_mb in &sizes {
        let at = at_memory(memory_mb);
        // Each invocation is billed its duration rounded up to the ms: half a ms on average.
        let billed_ms = if at.duration_ms > 0.0 {
            (at.duration_ms + 0.5).max(1.0)
        } else {
            0.0
        };
        for k in level_grid(at.levels.len(), min_levels) {
            let Some(&(pool, spike, on_prov, busy)) = at.levels.get(k) else {
                continue;
            };
            let provisioned = k as u32;
            let cold = pool * calibration + spike;
            let billable = Billable {
                requests: traffic.invocations,
                on_demand_ms: (traffic.invocations - on_prov) * billed_ms,
                provisioned_ms: on_prov * billed_ms,
                init_ms: cold * init_ms,
                window_seconds: ctx.window_seconds,
            };
            let cold_start_rate = if traffic.invocations > 0.0 {
                cold / traffic.invocations
            } else {
                0.0
            };
            let violates = if f64::from(memory_mb) < floor {
                Some(format!(
                    "under the memory floor of {floor:.0} MB (peak used × {MEMORY_HEADROOM})"
                ))
            } else if !at.p99_ms.is_finite() {
                Some(format!(
                    "the p90 duration reaches the {} s timeout: invocations are cut off, their real length is unknown",
                    config.timeout_s
                ))
            } else if at.p99_ms >= timeout_ms {
                Some(format!(
                    "p99 {:.0} ms reaches the {} s timeout",
                    at.p99_ms, config.timeout_s
                ))
            } else if let Some(bound) = constraints
                .latency_p99_ms
                .filter(|bound| at.p99_ms > *bound)
            {
                Some(format!(
                    "p99 {:.0} ms over the {bound:.0} ms bound",
                    at.p99_ms
                ))
            } else if cold_start_rate > constraints.cold_start_target + 1e-12 {
                Some(format!(
                    "{:.2} % cold starts, over the {:.2} % target",
                    cold_start_rate * 100.0,
                    constraints.cold_start_target * 100.0
                ))
            } else {
                None
            };
            for &(architecture, price) in &constraints.architectures {
                let violates = if constraints.allowed.contains(&architecture) {
                    violates.clone()
                } else {
                    Some(format!("{architecture} not allowed (--allow-arm64)"))
                };
                candidates.push(Candidate {
                    memory_mb,
                    provisioned,
                    architecture,
                    duration_ms: at.duration_ms,
                    p99_ms: at.p99_ms,
                    peak_concurrency: at.peak,
                    cold_starts: ctx.monthly(cold),
                    cold_start_rate,
                    utilization: if k > 0 && ctx.window_seconds > 0.0 {
                        (busy / (k as f64 * ctx.window_seconds)).min(1.0)
                    } else {
                        0.0
                    },
                    cost: MonthlyCost::of(&billable, memory_mb, provisioned, price),
                    violates,
                });
            }
        }
    }
    let is_current = |c: &Candidate| {
        c.memory_mb == config.memory_mb
            && c.provisioned == config.provisioned_concurrency
            && c.architecture == config.architecture
    };
    // The current configuration is always among the candidates (its memory and level are added above)
    // unless its architecture was not allowed; price it at the first allowed one then.
    let current = candidates
        .iter()
        .find(|c| is_current(c))
        .or_else(|| {
            candidates.iter().find(|c| {
                c.memory_mb == config.memory_mb && c.provisioned == config.provisioned_concurrency
            })
        })
        .cloned()
        .unwrap_or_else(|| empty_candidate(function));
    let mut feasible: Vec<&Candidate> = candidates.iter().filter(|c| c.feasible()).collect();
    feasible.sort_by(|a, b| order(a, b));
    let any_feasible = !feasible.is_empty();
    let best = match feasible.first() {
        Some(best) => (*best).clone(),
        // Nothing qualifies: the fewest cold starts among the sizes that fit, then the cheapest.
        None => candidates
            .iter()
            .filter(|c| {
                constraints.allowed.contains(&c.architecture)
                    && c.violates
                        .as_deref()
                        .is_none_or(|v| v.contains("cold starts"))
            })
            .min_by(|a, b| {
                a.cold_start_rate
                    .total_cmp(&b.cold_start_rate)
                    .then(order(a, b))
            })
            .cloned()
            .unwrap_or_else(|| current.clone()),
    };
    let runner_up = feasible
        .iter()
        .find(|c| {
            (c.memory_mb, c.provisioned, c.architecture)
                != (best.memory_mb, best.provisioned, best.architecture)
        })
        .map(|c| (*c).clone());
    let memory_only = feasible
        .iter()
        .find(|c| {
            c.provisioned == config.provisioned_concurrency
                && c.architecture == current.architecture
        })
        .map(|c| (*c).clone());
    Search {
        current,
        best,
        runner_up,
        memory_only,
        candidates,
        any_feasible,
    }
}

fn empty_candidate(function: &FunctionSnapshot) -> Candidate {
    Candidate {
        memory_mb: function.config.memory_mb,
        provisioned: function.config.provisioned_concurrency,
        architecture: function.config.architecture,
        duration_ms: function.duration_ms.avg,
        p99_ms: function.duration_ms.p99,
        peak_concurrency: 0.0,
        cold_starts: 0.0,
        cold_start_rate: 0.0,
        utilization: 0.0,
        cost: MonthlyCost::default(),
        violates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::{constraints, ctx, function};

    #[test]
    fn the_share_cut_off_at_the_timeout_follows_the_percentiles_and_the_mean() {
        let stats = |avg, p99, p999, max| crate::snapshot::DurationStats {
            avg,
            p50: 10.0,
            p90: 60.0,
            p99,
            p999,
            max,
        };
        // Nothing reaches the 29 s timeout: nothing is cut.
        assert_eq!(
            cut_off_share(&stats(40.0, 90.0, 400.0, 9_000.0), 29_000.0),
            0.0
        );
        // p99.9 at the timeout, p99 below: between 0.1 % and 1 %, as the mean implies (~0.8 %).
        let q = cut_off_share(&stats(270.0, 90.0, 29_000.0, 29_000.0), 29_000.0);
        assert!((0.007..0.009).contains(&q), "{q}");
        // A mean too low for the bracket is held to its bounds.
        let q = cut_off_share(&stats(20.0, 90.0, 29_000.0, 29_000.0), 29_000.0);
        assert_eq!(q, 0.001);
        let q = cut_off_share(&stats(20_000.0, 90.0, 29_000.0, 29_000.0), 29_000.0);
        assert_eq!(q, 0.01);
    }

    #[test]
    fn invocations_cut_off_at_the_timeout_stay_there_at_every_size() {
        // 0.8 % of invocations run into the 29 s timeout; the rest take ~30 ms, all compute.
        let mut f = function(vec![60.0; 240], vec![1.0; 240], 270.0, None);
        f.config.memory_mb = 256;
        f.duration_ms = crate::snapshot::DurationStats {
            avg: 270.0,
            p50: 10.0,
            p90: 60.0,
            p99: 90.0,
            p999: 29_000.0,
            max: 29_000.0,
        };
        let s = search(&f, &ctx(240), &constraints(0.5));
        let at = |m: u32| s.at(m, f.config.architecture)[0].duration_ms;
        assert!((at(256) - 270.0).abs() < 1e-6, "{}", at(256));
        // At 4× the CPU only the rest shrinks: the mean keeps ~0.8 % × 29 s.
        assert!(at(1024) > 0.007 * 29_000.0, "{}", at(1024));
        assert!(at(1024) < at(256));
    }

    #[test]
    fn piecewise_sums_match_a_direct_evaluation() {
        let series = [0.0, 2.5, 1.0, 4.0, 3.2, 0.0, 7.0];
        let recent = recent_peaks(&series, 2);
        assert_eq!(recent, vec![0.0, 0.0, 2.5, 2.5, 4.0, 4.0, 3.2]);
        let mut cold = PiecewiseSum::new(9);
        for (&c, &r) in series.iter().zip(&recent) {
            if c > r {
                let r_floor = r.floor() as usize;
                cold.add(0, r_floor + 1, c - r, 0.0);
                cold.add(r_floor + 1, c.ceil() as usize, c, -1.0);
            }
        }
        let values = cold.values();
        for (k, value) in values.iter().enumerate() {
            let direct: f64 = series
                .iter()
                .zip(&recent)
                .map(|(&c, &r)| (c - r.max(k as f64)).max(0.0))
                .sum();
            assert!((value - direct).abs() < 1e-9, "k={k}: {value} vs {direct}");
        }
    }

    #[test]
    fn the_current_configuration_is_priced_and_the_best_is_no_dearer_when_it_qualifies() {
        let f = function(vec![100.0; 120], vec![2.0; 120], 900.0, Some(600.0));
        let s = search(&f, &ctx(120), &constraints(0.05));
        assert_eq!((s.current.memory_mb, s.current.provisioned), (1024, 0));
        assert!(s.current.feasible());
        assert!(s.best.cost.total <= s.current.cost.total);
        assert!(s.best.memory_mb < 1024, "{:?}", s.best);
    }

    #[test]
    fn more_memory_can_replace_provisioned_environments() {
        // Compute-bound at 256 MB; a burst every 11 minutes (past the warm window) on a steady trickle.
        let (mut invocations, mut concurrency) = (Vec::new(), Vec::new());
        for t in 0..242 {
            let burst = t % 11 == 10;
            invocations.push(if burst { 60.0 } else { 30.0 });
            concurrency.push(if burst { 6.0 } else { 1.0 });
        }
        let mut f = function(invocations, concurrency, 2000.0, None);
        f.config.memory_mb = 256;
        f.max_memory_used_mb = Some(100.0);
        let s = search(&f, &ctx(242), &constraints(0.01));
        let at_256 = s
            .cheapest(|c| c.memory_mb == 256)
            .expect("some level qualifies");
        assert!(at_256.provisioned > 0, "{at_256:?}");
        assert_eq!(s.best.provisioned, 0, "{:?}", s.best);
        assert!(s.best.memory_mb > 256, "{:?}", s.best);
        assert!(s.best.cost.total < at_256.cost.total);
        // "Memory only" at today's level is the same winner here; the runner-up is another size.
        assert_eq!(
            s.memory_only.as_ref().map(|c| c.memory_mb),
            Some(s.best.memory_mb)
        );
        assert!(s.runner_up.is_some());
    }
}
