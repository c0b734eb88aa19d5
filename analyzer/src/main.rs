//! The `frugal` binary: parses the command line and dispatches.

use clap::{Parser, Subcommand};
use frugal_analyzer::{analyze, classify, cost_cmd, demo, simulate, snapshot_cmd};

/// Frugal: cheap, fast-starting GenAI chat on AWS Lambda.
#[derive(Debug, Parser)]
#[command(name = "frugal", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Replay a bundled sample of chat messages through the middleware's small-talk classifier and
    /// cache key, offline, and show the savings.
    Demo(demo::DemoArgs),
    /// Classify messages (one per line) as small talk or not; one JSON object per line.
    Classify(classify::ClassifyArgs),
    /// Price one function: Lambda duration (Power Tuning's formula), requests, init, provisioned
    /// concurrency and model tokens per month.
    Cost(cost_cmd::CostArgs),
    /// Recommend memory, timeout and provisioned concurrency, with monthly costs.
    Analyze(analyze::AnalyzeArgs),
    /// Fetch functions' metrics and configuration from AWS into a snapshot file for `analyze --from-file`.
    Snapshot(snapshot_cmd::SnapshotArgs),
    /// Simulate Lambda running an invocation trace and write a snapshot for `analyze --from-file`.
    Simulate(simulate::SimulateArgs),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let outcome = match Cli::parse().command {
        Command::Demo(args) => demo::run(&args),
        Command::Classify(args) => classify::run(&args),
        Command::Cost(args) => cost_cmd::run(&args),
        Command::Analyze(args) => analyze::run(&args).await,
        Command::Snapshot(args) => snapshot_cmd::run(&args).await,
        Command::Simulate(args) => simulate::run(&args),
    };
    Ok(outcome?)
}
