//! `frugal analyze`: snapshot → models → report → exporter.

use std::path::PathBuf;

use crate::export::{exporter, write_output, Format};
use crate::recommend::{analyze, Options};
use crate::snapshot::Snapshot;

/// Arguments of `frugal analyze`.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalyzeArgs {
    /// Analyse a snapshot file (from `frugal snapshot` or `frugal simulate`), fully offline.
    #[arg(long, env = "FRUGAL_FROM_FILE")]
    pub from_file: Option<PathBuf>,
    /// Function to analyse (repeatable); reads CloudWatch.
    #[arg(long = "function", env = "FRUGAL_FUNCTIONS", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// CloudFormation stack whose `AWS::Lambda::Function` resources to analyse.
    #[arg(long, env = "FRUGAL_STACK")]
    pub stack: Option<String>,
    /// Days of metrics to read.
    #[arg(long, env = "FRUGAL_DAYS", default_value_t = 14)]
    pub days: u32,
    /// Seconds per metric point.
    #[arg(long, env = "FRUGAL_PERIOD", default_value_t = 60)]
    pub period: u32,
    /// Share of invocations that may be cold starts.
    #[arg(long, env = "FRUGAL_COLD_START_TARGET", default_value_t = 0.01)]
    pub cold_start_target: f64,
    /// Optional bound on p99 duration, ms.
    #[arg(long, env = "FRUGAL_LATENCY_P99_MS")]
    pub latency_p99_ms: Option<f64>,
    /// Output format.
    #[arg(long, env = "FRUGAL_FORMAT", value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Output file (`-` = stdout).
    #[arg(long, short, env = "FRUGAL_OUTPUT", default_value = "-")]
    pub output: String,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `frugal analyze`.
pub fn run(args: &AnalyzeArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.cold_start_target),
        "--cold-start-target must be between 0 and 1"
    );
    let snapshot = match (&args.from_file, args.functions.is_empty(), &args.stack) {
        (Some(path), true, None) => Snapshot::read(path)?,
        (Some(_), _, _) => anyhow::bail!("--from-file cannot be combined with --function or --stack"),
        (None, true, None) => anyhow::bail!("nothing to analyse: give --from-file FILE, --function NAME or --stack STACK"),
        (None, _, _) => anyhow::bail!(
            "reading CloudWatch directly is not available in this build yet; fetch the metrics into a snapshot file another way, or use `frugal simulate` and `frugal analyze --from-file`"
        ),
    };
    let options = Options {
        cold_start_target: args.cold_start_target,
        latency_p99_ms: args.latency_p99_ms,
    };
    let report = analyze(&snapshot, &options);
    write_output(&args.output, &exporter(args.format).serialize(&report)?)
}
