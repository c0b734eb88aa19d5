//! `frugal analyze`: snapshot (read from a file, or fetched from CloudWatch) → models → report →
//! exporter.

use std::path::PathBuf;

use crate::error::ensure;
use crate::export::{exporter, write_output, Format};
use crate::fetch::{self, SourceArgs};
use crate::progress::progress_bar;
use crate::recommend::{analyze, Options};
use crate::snapshot::Snapshot;

/// Arguments of `frugal analyze`.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalyzeArgs {
    /// Analyse a snapshot file (from `frugal snapshot` or `frugal simulate`), fully offline.
    #[arg(long, env = "FRUGAL_FROM_FILE", conflicts_with_all = ["functions", "stack", "all"])]
    pub from_file: Option<PathBuf>,
    /// What to read from AWS when no file is given.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Share of invocations that may be cold starts.
    #[arg(long, env = "FRUGAL_COLD_START_TARGET", default_value_t = 0.01)]
    pub cold_start_target: f64,
    /// Optional bound on p99 duration, ms.
    #[arg(long, env = "FRUGAL_LATENCY_P99_MS")]
    pub latency_p99_ms: Option<f64>,
    /// Let the recommendation move x86_64 functions to arm64 (Graviton), searched jointly with memory
    /// and provisioned concurrency (the code must build for arm64; durations are assumed unchanged).
    #[arg(long, env = "FRUGAL_ALLOW_ARM64")]
    pub allow_arm64: bool,
    /// Output format.
    #[arg(long, env = "FRUGAL_FORMAT", value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Output file (`-` = stdout).
    #[arg(long, short, env = "FRUGAL_OUTPUT", default_value = "-")]
    pub output: String,
    /// No progress bar and no warnings on standard error (they stay in the report; warnings go to
    /// standard error only when the report goes to a file).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `frugal analyze`.
pub async fn run(args: &AnalyzeArgs) -> crate::Result<()> {
    ensure!(
        (0.0..=1.0).contains(&args.cold_start_target),
        Input,
        "--cold-start-target must be between 0 and 1"
    );
    if let Some(bound) = args.latency_p99_ms {
        ensure!(
            bound.is_finite() && bound > 0.0,
            Input,
            "--latency-p99-ms must be a positive number of milliseconds"
        );
    }
    let snapshot = match &args.from_file {
        Some(path) => Snapshot::read(path)?,
        None => {
            ensure!(
                args.source.names_a_target(),
                Input,
                "nothing to analyse: give --from-file FILE, --function NAME, --stack STACK or --all"
            );
            let bar = progress_bar(args.quiet);
            fetch::fetch(&args.source, &bar).await?
        }
    };
    let options = Options {
        cold_start_target: args.cold_start_target,
        latency_p99_ms: args.latency_p99_ms,
        allow_arm64: args.allow_arm64,
    };
    let mut report = analyze(&snapshot, &options)?;
    if args.source.all {
        // A whole account reads best from the largest saving down.
        report.functions.sort_by(|a, b| {
            b.monthly_saving
                .total_cmp(&a.monthly_saving)
                .then_with(|| a.name.cmp(&b.name))
        });
    }
    write_output(&args.output, &exporter(args.format).serialize(&report)?)?;
    // Every format carries the warnings, so they are said again on standard error only when the
    // report went to a file, where the reader of the terminal would not see them.
    if args.output != "-" && !args.quiet {
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
    }
    Ok(())
}
