//! Arguments of `frugal simulate`.

use std::path::PathBuf;

use super::engine::{
    SimulateOptions, DEFAULT_IDLE_MINUTES, DEFAULT_INIT_MS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S,
};

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
    /// Memory size of the simulated function, MB.
    #[arg(long, default_value_t = DEFAULT_MEMORY_MB)]
    pub memory: u32,
    /// Provisioned environments (always warm).
    #[arg(long, default_value_t = 0)]
    pub provisioned: u32,
    /// Timeout of the simulated function, seconds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_S)]
    pub timeout: u32,
    /// Memory size the trace's durations were measured at, MB (default: --memory). Simulating another
    /// size scales the compute part of each duration by CPU share (1,769 MB = 1 vCPU).
    #[arg(long)]
    pub trace_memory: Option<u32>,
    /// Share of each duration spent waiting (on the model, on I/O), which more memory does not shorten.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub wait_share: f64,
    /// Init duration of a cold start, ms.
    #[arg(long, default_value_t = DEFAULT_INIT_MS)]
    pub init_ms: f64,
    /// Minutes an idle environment stays warm.
    #[arg(long, default_value_t = DEFAULT_IDLE_MINUTES)]
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

fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{text:?} is not a share between 0 and 1")),
    }
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
}
