//! Exporters: one trait, one file per format. `-` means stdout.

mod html;
mod json;
mod markdown;
mod table;

pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use table::TableExport;

use crate::recommend::Report;

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
    fn serialize(&self, report: &Report) -> anyhow::Result<Vec<u8>>;
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
pub fn write_output(path: &str, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    if path == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(())
    } else {
        std::fs::write(path, bytes).with_context(|| format!("writing {path}"))
    }
}

pub(crate) fn usd(v: f64) -> String {
    format!("${v:.2}")
}
