//! The `frugal` binary: parses the command line and dispatches.

use clap::{Parser, Subcommand};
use frugal_analyzer::{classify, cost_cmd, demo};

/// Frugal: cheap, fast-starting GenAI chat on AWS Lambda.
#[derive(Debug, Parser)]
#[command(name = "frugal", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Replay a bundled sample of chat messages through the middleware, offline, and show the savings.
    Demo(demo::DemoArgs),
    /// Classify messages (one per line) as small talk or not; one JSON object per line.
    Classify(classify::ClassifyArgs),
    /// Price one function: Lambda duration (Power Tuning's formula), requests, init, provisioned
    /// concurrency and model tokens per month.
    Cost(cost_cmd::CostArgs),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(args) => {
            let report = demo::run_demo(&args).await?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", demo::render_table(&report, &args));
            }
        }
        Command::Classify(args) => classify::run(&args)?,
        Command::Cost(args) => {
            let report = cost_cmd::compute(&args)?;
            match args.format {
                cost_cmd::CostFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&report)?)
                }
                cost_cmd::CostFormat::Table => print!("{}", cost_cmd::render_table(&report)),
            }
        }
    }
    Ok(())
}
