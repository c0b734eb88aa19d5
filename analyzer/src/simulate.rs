//! `frugal simulate`: turns an invocation trace into a snapshot by simulating how Lambda would run it.
//!
//! Execution environments are reused while warm and reclaimed after `--idle-minutes` without work; a
//! request that finds no free environment starts a new one (a cold start, billed its init duration);
//! scaling is limited to 1,000 new environments per 10 seconds (requests beyond are throttled);
//! provisioned environments are always warm. Seeded, so the same inputs give the same snapshot.
//!
//! Traces: the Azure Functions 2019 format (`invocations.csv` per-minute counts, `durations.csv` and
//! `memory.csv` percentiles, joined on `HashFunction`), or a plain CSV of
//! `timestamp_seconds,duration_ms[,memory_mb]`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};

/// Arguments of `frugal simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// The trace: an Azure Functions `invocations.csv` (durations.csv and memory.csv beside it), or a CSV
    /// of `timestamp_seconds,duration_ms[,memory_mb]`.
    #[arg(long, env = "FRUGAL_TRACE")]
    pub trace: PathBuf,
    /// Azure trace: which function (a `HashFunction` prefix); default: the busiest.
    #[arg(long)]
    pub function: Option<String>,
    /// Memory size of the simulated function, MB.
    #[arg(long, default_value_t = 256)]
    pub memory: u32,
    /// Provisioned environments (always warm).
    #[arg(long, default_value_t = 0)]
    pub provisioned: u32,
    /// Timeout of the simulated function, seconds.
    #[arg(long, default_value_t = 29)]
    pub timeout: u32,
    /// Memory size the trace's durations were measured at, MB (default: --memory). Simulating another
    /// size scales the compute part of each duration by CPU share (1,769 MB = 1 vCPU).
    #[arg(long)]
    pub trace_memory: Option<u32>,
    /// Share of each duration spent waiting (on the model, on I/O), which more memory does not shorten.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub wait_share: f64,
    /// Init duration of a cold start, ms.
    #[arg(long, default_value_t = 40.0)]
    pub init_ms: f64,
    /// Minutes an idle environment stays warm.
    #[arg(long, default_value_t = 10.0)]
    pub idle_minutes: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the snapshot (`-` = stdout).
    #[arg(long, short, default_value = "-")]
    pub output: String,
}

fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{text:?} is not a share between 0 and 1")),
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
    /// Lambda's bill for this usage, scaled to a 730-hour month: on-demand duration (tiered) and init,
    /// duration on provisioned environments, the environments themselves, and requests.
    pub fn monthly_cost(&self, memory_mb: u32, provisioned: u32, region: &str) -> f64 {
        let price = frugal_middleware::cost::lambda_price(
            region,
            frugal_middleware::cost::Architecture::X86_64,
        );
        let gb = f64::from(memory_mb) / 1024.0;
        let window = self.window_seconds.max(1.0);
        let bill = price.tiered_duration_cost((self.on_demand_ms + self.init_ms) / 1000.0 * gb)
            + self.provisioned_ms / 1000.0 * gb * price.provisioned_duration
            + f64::from(provisioned) * gb * window * price.provisioned
            + self.requests * price.request;
        bill * crate::cost_cmd::SECONDS_PER_MONTH / window
    }
}

/// One invocation: arrival (s) and duration (ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Invocation {
    /// Seconds from the start of the trace.
    pub at: f64,
    /// Duration, ms.
    pub duration_ms: f64,
}

/// A trace ready to simulate.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Name for the snapshot.
    pub name: String,
    /// Invocations, sorted by arrival.
    pub invocations: Vec<Invocation>,
    /// Peak memory used, MB, when the trace says.
    pub memory_mb: Option<f64>,
    /// Length of the trace, seconds.
    pub span_seconds: f64,
}

/// Linear interpolation in a table of (percentile 0–1, value).
fn from_percentiles(points: &[(f64, f64)], u: f64) -> f64 {
    for pair in points.windows(2) {
        let ((p0, v0), (p1, v1)) = (pair[0], pair[1]);
        if u <= p1 {
            let t = if p1 > p0 { (u - p0) / (p1 - p0) } else { 0.0 };
            return v0 + t * (v1 - v0);
        }
    }
    points.last().map_or(0.0, |p| p.1)
}

fn split_csv(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).collect()
}

/// Loads an Azure Functions 2019 trace (one function) from `invocations.csv` and the `durations.csv` and
/// `memory.csv` beside it.
pub fn load_azure(
    invocations_csv: &Path,
    function: Option<&str>,
    seed: u64,
) -> anyhow::Result<Trace> {
    let dir = invocations_csv.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(invocations_csv)
        .with_context(|| format!("reading {}", invocations_csv.display()))?;
    let durations = std::fs::read_to_string(dir.join("durations.csv"))
        .with_context(|| format!("reading {}", dir.join("durations.csv").display()))?;
    let memory = std::fs::read_to_string(dir.join("memory.csv")).ok();
    load_azure_texts(&text, &durations, memory.as_deref(), function, seed)
        .with_context(|| format!("in {}", invocations_csv.display()))
}

/// [`load_azure`] on the files' contents.
pub fn load_azure_texts(
    text: &str,
    durations: &str,
    memory: Option<&str>,
    function: Option<&str>,
    seed: u64,
) -> anyhow::Result<Trace> {
    let mut lines = text.lines();
    let header = split_csv(lines.next().context("empty trace")?);
    let first_minute = header
        .iter()
        .position(|h| h.parse::<u32>().is_ok())
        .context("no minute columns in the trace header")?;
    let hash_col = header
        .iter()
        .position(|h| *h == "HashFunction")
        .context("no HashFunction column")?;
    let mut best: Option<(String, Vec<f64>)> = None;
    for line in lines {
        let cols = split_csv(line);
        if cols.len() <= first_minute {
            continue;
        }
        let hash = cols[hash_col];
        if function.is_some_and(|f| !hash.starts_with(f)) {
            continue;
        }
        let counts: Vec<f64> = cols[first_minute..]
            .iter()
            .map(|c| c.parse().unwrap_or(0.0))
            .collect();
        let total: f64 = counts.iter().sum();
        if best.as_ref().is_none_or(|(_, b)| total > b.iter().sum()) {
            best = Some((hash.to_owned(), counts));
        }
    }
    let (hash, counts) = best.with_context(|| match function {
        Some(f) => format!("no function {f} in the trace"),
        None => "no functions in the trace".to_owned(),
    })?;

    // Duration percentiles (0, 1, 25, 50, 75, 99, 100) in ms.
    let mut duration_points = vec![(0.0, 100.0), (1.0, 100.0)];
    for line in durations.lines().skip(1) {
        let cols = split_csv(line);
        if cols.len() >= 14 && cols[2] == hash {
            let v = |i: usize| cols[i].parse::<f64>().unwrap_or(0.0).max(1.0);
            duration_points = vec![
                (0.0, v(7)),
                (0.01, v(8)),
                (0.25, v(9)),
                (0.5, v(10)),
                (0.75, v(11)),
                (0.99, v(12)),
                (1.0, v(13)),
            ];
        }
    }
    let memory = memory.and_then(|m| {
        m.lines()
            .skip(1)
            .map(split_csv)
            .find(|c| c.first() == Some(&hash.as_str()))
            .and_then(|c| c.get(12).and_then(|v| v.parse::<f64>().ok()))
    });

    let mut rng = StdRng::seed_from_u64(seed);
    let mut invocations = Vec::new();
    for (minute, count) in counts.iter().enumerate() {
        for _ in 0..(*count as u64) {
            let at = minute as f64 * 60.0 + rng.random::<f64>() * 60.0;
            let duration_ms = from_percentiles(&duration_points, rng.random::<f64>());
            invocations.push(Invocation { at, duration_ms });
        }
    }
    invocations.sort_by(|a, b| a.at.total_cmp(&b.at));
    Ok(Trace {
        name: format!("azure-{}", &hash[..hash.len().min(12)]),
        invocations,
        memory_mb: memory,
        span_seconds: counts.len() as f64 * 60.0,
    })
}

/// Loads a plain CSV trace: `timestamp_seconds,duration_ms[,memory_mb]` (a header line is skipped).
pub fn load_plain(path: &Path) -> anyhow::Result<Trace> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut invocations = Vec::new();
    let mut memory: Option<f64> = None;
    for (i, line) in text.lines().enumerate() {
        let cols = split_csv(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (Some(at), Some(duration)) = (
            cols.first().and_then(|v| v.parse::<f64>().ok()),
            cols.get(1).and_then(|v| v.parse::<f64>().ok()),
        ) else {
            if i == 0 {
                continue; // header
            }
            bail!(
                "{}:{}: expected timestamp_seconds,duration_ms[,memory_mb]",
                path.display(),
                i + 1
            );
        };
        if !(at.is_finite() && duration.is_finite() && duration >= 0.0) {
            bail!(
                "{}:{}: timestamp and duration must be finite, duration non-negative",
                path.display(),
                i + 1
            );
        }
        if let Some(m) = cols.get(2).and_then(|v| v.parse::<f64>().ok()) {
            memory = Some(memory.map_or(m, |x| x.max(m)));
        }
        invocations.push(Invocation {
            at,
            duration_ms: duration,
        });
    }
    anyhow::ensure!(
        !invocations.is_empty(),
        "{} has no invocations",
        path.display()
    );
    invocations.sort_by(|a, b| a.at.total_cmp(&b.at));
    let start = invocations[0].at;
    for inv in &mut invocations {
        inv.at -= start;
    }
    let span = invocations.last().map_or(60.0, |i| i.at).max(60.0);
    Ok(Trace {
        name: path
            .file_stem()
            .map_or("trace".into(), |s| s.to_string_lossy().into_owned()),
        invocations,
        memory_mb: memory,
        span_seconds: (span / 60.0).ceil() * 60.0,
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Simulates Lambda running `trace`; returns the function's snapshot (per-minute series).
pub fn simulate(trace: &Trace, args: &SimulateArgs) -> FunctionSnapshot {
    simulate_with_usage(trace, args).0
}

/// [`simulate`], plus what the run would be billed for.
pub fn simulate_with_usage(trace: &Trace, args: &SimulateArgs) -> (FunctionSnapshot, Usage) {
    let scale = crate::model::cpu_share(args.trace_memory.unwrap_or(args.memory))
        / crate::model::cpu_share(args.memory);
    let wait = args.wait_share;
    let mut usage = Usage {
        window_seconds: (trace.span_seconds / 60.0).ceil().max(1.0) * 60.0,
        ..Usage::default()
    };
    let mut waited = 0.0;
    let minutes = (trace.span_seconds / 60.0).ceil().max(1.0) as usize;
    let mut invocations = vec![0.0; minutes];
    let mut concurrency = vec![0.0f64; minutes];
    let idle = args.idle_minutes * 60.0;
    // Free environments: (free_at, provisioned?) kept in a list; busy ones in a heap by finish time.
    let mut free: Vec<(f64, bool)> = (0..args.provisioned).map(|_| (0.0, true)).collect();
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
                scale_window.retain(|t| inv.at - t < 10.0);
                if scale_window.len() >= 1000 {
                    throttles += 1.0;
                    continue;
                }
                scale_window.push(inv.at);
                cold += 1.0;
                (false, args.init_ms)
            }
        };
        let projected = inv.duration_ms * (wait + (1.0 - wait) * scale);
        let limit = f64::from(args.timeout) * 1000.0;
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
            memory_mb: args.memory,
            timeout_s: args.timeout,
            architecture: "x86_64".into(),
            in_vpc: false,
            provisioned_concurrency: args.provisioned,
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
        init_duration_ms: Some(args.init_ms),
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

/// Loads the trace named by `args` and simulates it into a snapshot.
pub fn run(args: &SimulateArgs) -> anyhow::Result<Snapshot> {
    let is_azure = std::fs::read_to_string(&args.trace)
        .with_context(|| format!("reading {}", args.trace.display()))?
        .lines()
        .next()
        .is_some_and(|h| h.contains("HashFunction"));
    let trace = if is_azure {
        load_azure(&args.trace, args.function.as_deref(), args.seed)?
    } else {
        load_plain(&args.trace)?
    };
    let function = simulate(&trace, args);
    Ok(Snapshot {
        version: SNAPSHOT_VERSION,
        source: format!("simulate:{}", args.trace.display()),
        region: "us-east-1".into(),
        period_seconds: 60,
        functions: vec![function],
        warnings: Vec::new(),
    })
}

/// Builds a [`SimulateArgs`] with defaults for `trace` (used by the demo).
pub fn default_args(trace: PathBuf) -> SimulateArgs {
    SimulateArgs {
        trace,
        function: None,
        memory: 256,
        provisioned: 0,
        timeout: 29,
        trace_memory: None,
        wait_share: 0.0,
        init_ms: 40.0,
        idle_minutes: 10.0,
        seed: 1,
        output: "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &str) -> Trace {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, lines).unwrap();
        load_plain(&path).unwrap()
    }

    #[test]
    fn warm_environments_are_reused_and_concurrency_needs_new_ones() {
        // Two overlapping requests at t=0 (two cold starts), then one at t=5 s (warm).
        let trace = plain("timestamp,duration_ms\n0,1000\n0.1,1000\n5,100\n");
        let snapshot = simulate(&trace, &default_args("t".into()));
        assert_eq!(snapshot.cold_starts, Some(2.0));
        assert_eq!(snapshot.concurrency[0], 2.0);
        assert_eq!(snapshot.total_invocations(), 3.0);
    }

    #[test]
    fn idle_environments_are_reclaimed_and_provisioned_ones_stay_warm() {
        let trace = plain("0,100\n1200,100\n");
        assert_eq!(
            simulate(&trace, &default_args("t".into())).cold_starts,
            Some(2.0)
        );
        let args = SimulateArgs {
            provisioned: 1,
            ..default_args("t".into())
        };
        assert_eq!(simulate(&trace, &args).cold_starts, Some(0.0));
    }

    #[test]
    fn azure_trace_is_deterministic_per_seed() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/azure-functions-2019/invocations.csv"
        ));
        let a = load_azure(path, Some("729e1d91"), 7).unwrap();
        let b = load_azure(path, Some("729e1d91"), 7).unwrap();
        assert_eq!(a.invocations, b.invocations);
        assert_eq!(a.invocations.len(), 3581);
        let snapshot = simulate(&a, &default_args(path.into()));
        assert!(snapshot.cold_starts.unwrap() >= 1.0);
        assert_eq!(snapshot.invocations.len(), 480);
    }

    #[test]
    fn malformed_plain_trace_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "timestamp,duration\n1,2\nnot,numbers\n").unwrap();
        let error = load_plain(&path).unwrap_err().to_string();
        assert!(error.contains("bad.csv:3"), "{error}");
    }
}
