//! The `frugal` binary: parses the command line and dispatches.
//!
//! A failure prints `error: ` and the message with its causes on one line, and exits with
//! [`Error::exit_code`] (2 for input and usage errors, 1 otherwise); never a backtrace, whatever
//! `RUST_BACKTRACE` says. clap prints its own usage errors (exit 2).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use frugal_analyzer::{analyze, classify, cost_cmd, demo, simulate, snapshot_cmd, Error};

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
async fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Demo(args) => demo::run(&args),
        Command::Classify(args) => classify::run(&args),
        Command::Cost(args) => cost_cmd::run(&args),
        Command::Analyze(args) => analyze::run(&args).await,
        Command::Snapshot(args) => snapshot_cmd::run(&args).await,
        Command::Simulate(args) => simulate::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error),
    }
}

/// Prints `error` for the user and gives the exit code it calls for.
fn report(error: &Error) -> ExitCode {
    use std::io::Write;
    // A closed standard error leaves nothing to tell; the exit code still says it failed.
    let _ = writeln!(std::io::stderr(), "error: {}", error.one_line());
    ExitCode::from(error.exit_code())
}
