//! Exporters: one trait, one file per format. `-` means stdout.
//!
//! Every format but JSON reads the same way: the headline ([`headline`]), the warnings once, a summary
//! row per function when there are several, then each function in detail (the configuration now and
//! recommended with the evidence, memory, timeout and provisioned concurrency, the bill by part, the
//! findings). HTML adds charts.

mod chart;
mod html;
mod json;
mod markdown;
mod table;

pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use table::{TableExport, DEFAULT_WIDTH, MIN_WIDTH};

use crate::model::Candidate;
use crate::recommend::{Finding, FunctionReport, Report, Summary};

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

/// The exporter for a format (the table's width read from the terminal or `COLUMNS`).
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(TableExport::from_env()),
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

/// `-$4.09` for a negative amount, `$4.09` otherwise.
pub(crate) fn signed_usd(v: f64) -> String {
    if v < -0.005 {
        format!("-{}", usd(-v))
    } else {
        usd(v.max(0.0))
    }
}

/// A per-function summary from this many functions on.
pub(crate) const SUMMARY_FROM: usize = 2;

/// The report's headline: the saving (or the extra cost) and how many functions change.
///
/// ```
/// use frugal_analyzer::export::headline;
/// use frugal_analyzer::recommend::Summary;
///
/// let summary = Summary {
///     functions: 6,
///     functions_changed: 4,
///     monthly_cost_before: 1000.0,
///     monthly_cost_after: 880.0,
///     monthly_saving: 120.0,
///     saving_share: 0.12,
/// };
/// assert_eq!(
///     headline(&summary),
///     "Saves $120.00 per month (12.0 %): $1000.00 → $880.00; 4 of 6 functions changed."
/// );
/// ```
pub fn headline(summary: &Summary) -> String {
    let (before, after) = (summary.monthly_cost_before, summary.monthly_cost_after);
    let change = if summary.monthly_saving > 0.005 {
        format!(
            "Saves {} per month ({:.1} %): {} → {}",
            usd(summary.monthly_saving),
            summary.saving_share * 100.0,
            usd(before),
            usd(after)
        )
    } else if summary.monthly_saving < -0.005 {
        let share = if before > 0.0 {
            format!(" (+{:.1} %)", -summary.saving_share * 100.0)
        } else {
            String::new()
        };
        format!(
            "Costs {} more per month{share}: {} → {} (the findings say why)",
            usd(-summary.monthly_saving),
            usd(before),
            usd(after)
        )
    } else {
        format!("No saving: {} per month either way", usd(before))
    };
    let noun = if summary.functions == 1 {
        "function"
    } else {
        "functions"
    };
    format!(
        "{change}; {} of {} {noun} changed.",
        summary.functions_changed, summary.functions
    )
}

/// `1024 MB × 2, x86_64`: a configuration, short enough for a summary column.
pub(crate) fn short_label(c: &Candidate) -> String {
    format!("{} MB × {}, {}", c.memory_mb, c.provisioned, c.architecture)
}

/// The header of the per-function summary.
pub(crate) const SUMMARY_HEADER: [&str; 6] = [
    "function",
    "now (MB × provisioned, arch)",
    "recommended",
    "cost now",
    "cost after",
    "saving / month",
];

/// One row of the per-function summary, in [`SUMMARY_HEADER`]'s order.
pub(crate) fn function_summary_row(f: &FunctionReport) -> [String; 6] {
    [
        f.name.clone(),
        short_label(&f.current),
        short_label(&f.recommended),
        usd(f.monthly_cost_before),
        usd(f.monthly_cost_after),
        signed_usd(f.monthly_saving),
    ]
}

/// `now 1024 MB × 10 provisioned, x86_64 ($712.75) → recommended 256 MB × 72 provisioned, x86_64
/// ($642.99)`.
pub(crate) fn change_line(f: &FunctionReport) -> String {
    format!(
        "now {} ({}) → recommended {} ({})",
        f.current.label(),
        usd(f.current.cost.total),
        f.recommended.label(),
        usd(f.recommended.cost.total)
    )
}

/// The monthly bill by part, now and recommended, then the total: `[part, now, recommended]`.
pub(crate) fn cost_part_rows(f: &FunctionReport) -> Vec<[String; 3]> {
    let mut rows: Vec<[String; 3]> = f
        .current
        .cost
        .parts()
        .iter()
        .zip(f.recommended.cost.parts())
        .map(|((part, now), (_, recommended))| [(*part).to_owned(), usd(*now), usd(recommended)])
        .collect();
    rows.push([
        "total".into(),
        usd(f.current.cost.total),
        usd(f.recommended.cost.total),
    ]);
    rows
}

/// The detail rows every format shows, in order: what, now, recommended, why.
pub(crate) fn detail_rows(f: &FunctionReport) -> [[String; 4]; 5] {
    [
        [
            "configuration".into(),
            short_label(&f.current),
            short_label(&f.recommended),
            f.evidence.clone(),
        ],
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
        Some(saving) if saving < 0.0 => {
            format!("{} (costs {} more / month)", finding.message, usd(-saving))
        }
        Some(saving) => format!("{} (saves {} / month)", finding.message, usd(saving)),
        None => finding.message.clone(),
    }
}
