//! Markdown, for pull requests and wikis.

use super::{finding_line, summary_rows, usd, Exporter};
use crate::recommend::Report;

/// Markdown exporter.
pub struct Markdown;

impl Exporter for Markdown {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut out = format!(
            "# Frugal report\n\nSource: `{}`, {} h, {}; cold-start target {:.2} %.\n",
            report.source,
            report.window_hours,
            report.region,
            report.cold_start_target * 100.0
        );
        if !report.warnings.is_empty() {
            out.push_str("\n**What the data could not tell:**\n\n");
            for warning in &report.warnings {
                out.push_str(&format!("- {warning}\n"));
            }
        }
        for f in &report.functions {
            out.push_str(&format!(
                "\n## {}\n\n| | now | recommended | why |\n|---|---:|---:|---|\n",
                f.name
            ));
            for row in summary_rows(f) {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
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
