//! Arguments of `frugal simulate`.
//!
//! Each option is checked as clap parses it, so a wrong value is a usage error naming the option:
//! memory sizes 128 to 10,240 MB, timeout 1 to 900 s, at most [`MAX_PROVISIONED`] provisioned
//! environments, a wait share 0 to 1, init 0 to 900,000 ms, idle minutes 0 to [`MAX_IDLE_MINUTES`]
//! (`NaN` and `inf` are refused).

use std::path::PathBuf;

use super::engine::{
    SimulateOptions, DEFAULT_IDLE_MINUTES, DEFAULT_INIT_MS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S,
};

/// Most provisioned environments simulated (each is kept in memory and looked at per request).
pub const MAX_PROVISIONED: u32 = 100_000;
/// Longest idle time simulated, minutes (a day; Lambda reclaims idle environments far sooner).
pub const MAX_IDLE_MINUTES: f64 = 1_440.0;

/// Arguments of `frugal simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// The trace: an Azure Functions 2019 invocations file (`invocations.csv` or
    /// `invocations_per_function_md.anon.dNN.csv`, its durations and memory files beside it), or a CSV of
    /// `timestamp_seconds,duration_ms[,memory_mb]`.
    #[arg(long, env = "FRUGAL_TRACE")]
    pub trace: PathBuf,
    /// Azure trace: which function (a `HashFunction` prefix); default: the busiest.
    #[arg(long)]
    pub function: Option<String>,
    /// Memory size of the simulated function, MB (128–10240).
    #[arg(long, default_value_t = DEFAULT_MEMORY_MB, value_parser = clap::value_parser!(u32).range(128..=10_240))]
    pub memory: u32,
    /// Provisioned environments (always warm; at most 100000).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_PROVISIONED)))]
    pub provisioned: u32,
    /// Timeout of the simulated function, seconds (1–900).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_S, value_parser = clap::value_parser!(u32).range(1..=900))]
    pub timeout: u32,
    /// Memory size the trace's durations were measured at, MB (128–10240; default: --memory).
    /// Simulating another size scales the compute part of each duration by CPU share (1,769 MB = 1
    /// vCPU).
    #[arg(long, value_parser = clap::value_parser!(u32).range(128..=10_240))]
    pub trace_memory: Option<u32>,
    /// Share of each duration spent waiting (on the model, on I/O), which more memory does not shorten.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub wait_share: f64,
    /// Init duration of a cold start, ms (0–900000).
    #[arg(long, default_value_t = DEFAULT_INIT_MS, value_parser = init_ms)]
    pub init_ms: f64,
    /// Minutes an idle environment stays warm (0–1440).
    #[arg(long, default_value_t = DEFAULT_IDLE_MINUTES, value_parser = idle_minutes)]
    pub idle_minutes: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the snapshot (`-` = stdout).
    #[arg(long, short, default_value = "-")]
    pub output: String,
}

impl SimulateArgs {
    /// The simulation options these arguments name.
    pub fn options(&self) -> SimulateOptions {
        SimulateOptions {
            memory: self.memory,
            provisioned: self.provisioned,
            timeout: self.timeout,
            trace_memory: self.trace_memory,
            wait_share: self.wait_share,
            init_ms: self.init_ms,
            idle_minutes: self.idle_minutes,
        }
    }
}

/// `text` as a finite number within `range`, else clap's message saying it is not `what`.
fn bounded(text: &str, range: std::ops::RangeInclusive<f64>, what: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && range.contains(&v) => Ok(v),
        _ => Err(format!("{text:?} is not {what}")),
    }
}

fn share(text: &str) -> Result<f64, String> {
    bounded(text, 0.0..=1.0, "a share between 0 and 1")
}

fn init_ms(text: &str) -> Result<f64, String> {
    bounded(
        text,
        0.0..=crate::snapshot::MAX_DURATION_MS,
        "a duration from 0 to 900000 ms",
    )
}

fn idle_minutes(text: &str) -> Result<f64, String> {
    bounded(
        text,
        0.0..=MAX_IDLE_MINUTES,
        "a number of minutes from 0 to 1440",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        simulate: SimulateArgs,
    }

    #[test]
    fn defaults_are_the_options_defaults() {
        let args = Cli::parse_from(["simulate", "--trace", "t.csv"]).simulate;
        assert_eq!(args.options(), SimulateOptions::default());
    }

    #[test]
    fn out_of_range_options_are_usage_errors_naming_the_option() {
        for (flag, value) in [
            ("--memory", "64"),
            ("--memory", "20000"),
            ("--trace-memory", "0"),
            ("--timeout", "0"),
            ("--timeout", "901"),
            ("--provisioned", "4000000000"),
            ("--wait-share", "NaN"),
            ("--wait-share", "1.5"),
            ("--init-ms", "-1"),
            ("--init-ms", "inf"),
            ("--init-ms", "1e308"),
            ("--idle-minutes", "NaN"),
            ("--idle-minutes", "-5"),
        ] {
            let option = format!("{flag}={value}");
            let error = Cli::try_parse_from(["simulate", "--trace", "t.csv", &option])
                .err()
                .unwrap_or_else(|| panic!("{flag} {value} was taken"));
            let text = error.to_string();
            assert!(text.contains(flag) && text.contains(value), "{text}");
        }
    }
}
