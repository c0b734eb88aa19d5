//! Exporters: one trait, one file per format. `-` means stdout.

mod html;
mod json;
mod markdown;
mod table;

pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use table::TableExport;

use crate::recommend::{Finding, FunctionReport, Report};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terminal tables.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Markdown,
    /// A standalone HTML page with SVG charts.
    Html,
}

/// Turns a report into bytes.
pub trait Exporter {
    /// Serializes the report.
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>>;
}

/// The exporter for a format.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(TableExport),
        Format::Json => Box::new(Json),
        Format::Markdown => Box::new(Markdown),
        Format::Html => Box::new(Html),
    }
}

/// Writes `bytes` to `path` (`-` = stdout).
pub fn write_output(path: &str, bytes: &[u8]) -> crate::Result<()> {
    use std::io::Write;
    if path == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(())
    } else {
        std::fs::write(path, bytes).map_err(|source| crate::Error::Write {
            path: path.to_owned(),
            source,
        })
    }
}

pub(crate) fn usd(v: f64) -> String {
    format!("${v:.2}")
}

/// The summary rows every format shows, in order: what, now, recommended, why.
pub(crate) fn summary_rows(f: &FunctionReport) -> [[String; 4]; 4] {
    [
        [
            "memory".into(),
            format!("{} MB", f.memory.current_mb),
            format!("{} MB", f.memory.recommended_mb),
            f.memory.evidence.clone(),
        ],
        [
            "timeout".into(),
            format!("{} s", f.timeout.current_s),
            format!("{} s", f.timeout.recommended_s),
            f.timeout.evidence.clone(),
        ],
        [
            "provisioned concurrency".into(),
            f.provisioned_concurrency.current.to_string(),
            f.provisioned_concurrency.recommended.to_string(),
            f.provisioned_concurrency.evidence.clone(),
        ],
        [
            "Lambda cost / month".into(),
            usd(f.monthly_cost_before),
            usd(f.monthly_cost_after),
            format!("{:.0} invocations / month", f.monthly_invocations),
        ],
    ]
}

/// A finding as one line, with its saving when known.
pub(crate) fn finding_line(finding: &Finding) -> String {
    match finding.monthly_saving {
        Some(saving) => format!("{} (saves {} / month)", finding.message, usd(saving)),
        None => finding.message.clone(),
    }
}
