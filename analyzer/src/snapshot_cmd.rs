//! `frugal snapshot`: fetch functions' metrics and configuration from AWS into a snapshot file.

use std::io::IsTerminal;

use crate::fetch::{self, SourceArgs};
use crate::progress::progress_bar;

/// Arguments of `frugal snapshot`.
#[derive(Debug, Clone, clap::Args)]
pub struct SnapshotArgs {
    /// What to read.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Snapshot file to write (`-` = stdout).
    #[arg(long, short, env = "FRUGAL_OUTPUT", default_value = "-")]
    pub output: String,
    /// No progress bar and no warnings on standard error (they stay in the snapshot).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `frugal snapshot`.
pub async fn run(args: &SnapshotArgs) -> crate::Result<()> {
    let bar = progress_bar(args.quiet);
    let snapshot = fetch::fetch(&args.source, &bar).await?;
    let mut bytes =
        serde_json::to_vec_pretty(&snapshot).map_err(crate::Error::SerializeSnapshot)?;
    bytes.push(b'\n');
    crate::export::write_output(&args.output, &bytes)?;
    // The snapshot carries its warnings; they are said on standard error too unless the snapshot
    // itself just went to the terminal.
    let shown = args.output == "-" && std::io::stdout().is_terminal();
    if !args.quiet && !shown {
        for warning in &snapshot.warnings {
            eprintln!("warning: {warning}");
        }
    }
    Ok(())
}
