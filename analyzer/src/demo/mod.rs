//! `frugal demo`, offline, in two halves.
//!
//! 1. [`replay()`]: a bundled sample of chat messages goes through the decisions the middleware stack
//!    makes, with the middleware's own code — the guard's message limit, the small-talk
//!    [`Classifier`](frugal_middleware::small_talk::Classifier), and the response cache's key
//!    ([`normalize_prompt`](frugal_middleware::cache::normalize_prompt), per user, first-turn prompts
//!    only) — and each answer is priced with `frugal_pricing`. The model is a **stand-in**: a call
//!    costs the tokens and latency a real Bedrock call of that size would.
//! 2. [`analysis()`]: a slice of the Azure Functions 2019 trace is simulated as a Lambda function with
//!    one provisioned environment, analysed, and written as an HTML report.

pub mod replay;

use std::path::PathBuf;

use frugal_pricing::{Architecture, DEFAULT_MODEL_ID, DEFAULT_REGION};

use crate::cli::ArchitectureParser;
use crate::export::{exporter, write_output, Format};
use crate::recommend::{Options, Report};
use crate::simulate::{AzureFiles, CsvFile, SimulateOptions};
use crate::snapshot::{Snapshot, SNAPSHOT_VERSION};

pub use replay::{render_table, replay, DemoReport};

/// The bundled messages (see the file's header for their sources).
pub const DEMO_MESSAGES: &str = include_str!("../demo_messages.txt");

/// The bundled trace slice: one HTTP-triggered function of the Azure Functions 2019 trace (Shahrad et
/// al., USENIX ATC 2020, CC BY 4.0; sample prepared by the vHive invitro project), 8 hours per minute.
pub const DEMO_TRACE: AzureFiles<'static> = AzureFiles {
    invocations: CsvFile {
        name: "demo_trace/invocations.csv",
        text: include_str!("../demo_trace/invocations.csv"),
    },
    durations: CsvFile {
        name: "demo_trace/durations.csv",
        text: include_str!("../demo_trace/durations.csv"),
    },
    memory: Some(CsvFile {
        name: "demo_trace/memory.csv",
        text: include_str!("../demo_trace/memory.csv"),
    }),
};

/// Arguments of `frugal demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Model whose prices the stand-in uses.
    #[arg(long, env = "FRUGAL_MODEL_ID", default_value = DEFAULT_MODEL_ID)]
    pub model: String,
    /// Lambda memory size, MB.
    #[arg(long, env = "FRUGAL_DEMO_MEMORY_MB", default_value_t = 256)]
    pub memory: u32,
    /// Lambda architecture.
    #[arg(long, env = "FRUGAL_DEMO_ARCH", default_value = "arm64", value_parser = ArchitectureParser)]
    pub arch: Architecture,
    /// Latency the stand-in model reports per call, ms (billed as Lambda duration on the model path).
    #[arg(long, env = "FRUGAL_DEMO_MODEL_LATENCY_MS", default_value_t = 700)]
    pub model_latency_ms: u64,
    /// Output tokens per model answer.
    #[arg(long, env = "FRUGAL_DEMO_OUTPUT_TOKENS", default_value_t = 150)]
    pub output_tokens: u64,
    /// What answers the browser before Lambda, priced into every request: `rest-api` (the SAM
    /// template's), `http-api` or `function-url`.
    #[arg(long, env = "FRUGAL_DEMO_FRONT_DOOR", default_value = "rest-api", value_parser = clap::value_parser!(frugal_pricing::request::FrontDoor))]
    pub front_door: frugal_pricing::request::FrontDoor,
    /// Number of distinct users the messages are spread over (the cache is per user).
    #[arg(long, env = "FRUGAL_DEMO_USERS", default_value_t = 10)]
    pub users: usize,
    /// Replay these messages (one per line, `#` comments) instead of the bundled sample.
    #[arg(long, env = "FRUGAL_DEMO_MESSAGES")]
    pub messages: Option<PathBuf>,
    /// Print the result as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Where the second half writes its HTML report.
    #[arg(
        long,
        env = "FRUGAL_DEMO_REPORT",
        default_value = "frugal-demo-report.html"
    )]
    pub report: String,
}

/// The second half: simulate the bundled Azure trace slice as a Lambda function, analyse it, and write
/// an HTML report. Returns the report.
pub fn analysis(args: &DemoArgs) -> crate::Result<Report> {
    let trace = crate::simulate::load_azure_files(&DEMO_TRACE, None, 1)?;
    let options = SimulateOptions {
        memory: args.memory,
        provisioned: 1,
        ..SimulateOptions::default()
    };
    let mut function = crate::simulate::simulate(&trace, &options);
    function.config.architecture = args.arch;
    let snapshot = Snapshot {
        version: SNAPSHOT_VERSION,
        source: "simulate:bundled Azure Functions 2019 slice".into(),
        region: DEFAULT_REGION.into(),
        period_seconds: 60,
        functions: vec![function],
        warnings: Vec::new(),
    };
    let options = Options {
        cold_start_target: 0.01,
        latency_p99_ms: None,
        allow_arm64: false,
    };
    let report = crate::recommend::analyze(&snapshot, &options)?;
    write_output(&args.report, &exporter(Format::Html).serialize(&report)?)?;
    Ok(report)
}

/// Runs `frugal demo`: both halves, printed as tables or as one JSON object.
pub fn run(args: &DemoArgs) -> crate::Result<()> {
    let replayed = replay(args)?;
    let analysed = analysis(args)?;
    if args.json {
        let both = serde_json::json!({ "middleware": replayed, "analysis": analysed });
        println!("{}", serde_json::to_string_pretty(&both)?);
    } else {
        print!("{}", render_table(&replayed, args));
        println!("\nSecond half: the bundled Azure Functions trace slice, simulated as a Lambda function with one provisioned environment, then analysed:");
        let table = exporter(Format::Table).serialize(&analysed)?;
        print!("{}", String::from_utf8_lossy(&table));
        println!("HTML report with charts: {}", args.report);
    }
    Ok(())
}
