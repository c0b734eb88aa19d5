//! The `frugal` binary: parses the command line and dispatches.

use clap::{Parser, Subcommand};
use frugal_analyzer::{analyze, classify, cost_cmd, demo, export, fetch, simulate};

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
    /// Recommend memory, timeout and provisioned concurrency, with monthly costs.
    Analyze(analyze::AnalyzeArgs),
    /// Fetch functions' metrics and configuration from AWS into a snapshot file for `analyze --from-file`.
    Snapshot(fetch::SnapshotArgs),
    /// Simulate Lambda running an invocation trace and write a snapshot for `analyze --from-file`.
    Simulate(simulate::SimulateArgs),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(args) => {
            let report = demo::run_demo(&args).await?;
            let analysis = demo::run_analysis(&args)?;
            if args.json {
                let both = serde_json::json!({ "middleware": report, "analysis": analysis });
                println!("{}", serde_json::to_string_pretty(&both)?);
            } else {
                print!("{}", demo::render_table(&report, &args));
                println!("\nSecond half: the bundled Azure Functions trace slice, simulated as a Lambda function with one provisioned environment, then analysed:");
                let table = frugal_analyzer::export::exporter(export::Format::Table)
                    .serialize(&analysis)?;
                print!("{}", String::from_utf8_lossy(&table));
                println!("HTML report with charts: {}", args.report);
            }
        }
        Command::Classify(args) => classify::run(&args)?,
        Command::Analyze(args) => analyze::run(&args).await?,
        Command::Snapshot(args) => fetch::run_snapshot(&args).await?,
        Command::Simulate(args) => {
            let snapshot = simulate::run(&args)?;
            let mut bytes = serde_json::to_vec_pretty(&snapshot)?;
            bytes.push(b'\n');
            export::write_output(&args.output, &bytes)?;
        }
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
