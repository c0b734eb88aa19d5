//! Markdown, for pull requests and wikis.

use super::{
    change_line, cost_part_rows, detail_rows, finding_line, function_summary_row, headline, usd,
    Exporter, SUMMARY_FROM, SUMMARY_HEADER,
};
use crate::recommend::Report;

/// Markdown exporter.
pub struct Markdown;

/// Text safe inside a table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
    format!("| {} |\n", cells.join(" | "))
}

impl Exporter for Markdown {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut out = format!(
            "# Frugal report\n\nSource: `{}`, {} h, {}; cold-start target {:.2} %.\n\n**{}**\n",
            report.source.replace('`', "'"),
            report.window_hours,
            report.region,
            report.cold_start_target * 100.0,
            headline(&report.summary)
        );
        if !report.warnings.is_empty() {
            out.push_str("\n**What the data could not tell:**\n\n");
            for warning in &report.warnings {
                out.push_str(&format!("- {warning}\n"));
            }
        }
        if report.functions.len() >= SUMMARY_FROM {
            out.push_str("\n## Summary\n\n");
            out.push_str(&row(&SUMMARY_HEADER));
            out.push_str("|---|---|---|---:|---:|---:|\n");
            for f in &report.functions {
                out.push_str(&row(&function_summary_row(f)));
            }
        }
        for f in &report.functions {
            out.push_str(&format!(
                "\n## {}\n\n{}\n\n| | now | recommended | why |\n|---|---:|---:|---|\n",
                cell(&f.name),
                change_line(f)
            ));
            for r in detail_rows(f) {
                out.push_str(&row(&r));
            }
            out.push_str("\n| cost by part / month | now | recommended |\n|---|---:|---:|\n");
            for r in cost_part_rows(f) {
                out.push_str(&row(&r));
            }
            if !f.findings.is_empty() {
                out.push('\n');
                for finding in &f.findings {
                    out.push_str(&format!("- {}\n", finding_line(finding)));
                }
            }
            out.push_str("\n| memory | mean ms | p99 ms | $ / month | feasible |\n|---:|---:|---:|---:|:---:|\n");
            for p in &f.memory.curve {
                out.push_str(&format!(
                    "| {} | {:.1} | {:.1} | {} | {} |\n",
                    p.memory_mb,
                    p.duration_ms,
                    p.p99_ms,
                    usd(p.monthly_cost),
                    if p.feasible { "yes" } else { "no" }
                ));
            }
        }
        Ok(out.into_bytes())
    }
}
