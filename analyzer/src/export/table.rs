//! Terminal tables.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};

use super::{usd, Exporter};
use crate::recommend::Report;

/// Table exporter.
pub struct TableExport;

impl Exporter for TableExport {
    fn serialize(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut out = format!(
            "Source: {} ({} h, {}), cold-start target {:.2} %\n",
            report.source,
            report.window_hours,
            report.region,
            report.cold_start_target * 100.0
        );
        for f in &report.functions {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
                "",
                "now",
                "recommended",
                "why",
            ]);
            let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
            table.add_row(vec![
                Cell::new("memory"),
                right(format!("{} MB", f.memory.current_mb)),
                right(format!("{} MB", f.memory.recommended_mb)),
                Cell::new(&f.memory.evidence),
            ]);
            table.add_row(vec![
                Cell::new("timeout"),
                right(format!("{} s", f.timeout.current_s)),
                right(format!("{} s", f.timeout.recommended_s)),
                Cell::new(&f.timeout.evidence),
            ]);
            table.add_row(vec![
                Cell::new("provisioned concurrency"),
                right(f.provisioned_concurrency.current.to_string()),
                right(f.provisioned_concurrency.recommended.to_string()),
                Cell::new(&f.provisioned_concurrency.evidence),
            ]);
            table.add_row(vec![
                Cell::new("Lambda cost / month"),
                right(usd(f.monthly_cost_before)),
                right(usd(f.monthly_cost_after)),
                Cell::new(format!("{:.0} invocations / month", f.monthly_invocations)),
            ]);
            out.push_str(&format!("\n{}\n{table}\n", f.name));
            for finding in &f.findings {
                let saving = finding
                    .monthly_saving
                    .map_or(String::new(), |s| format!(" (saves {} / month)", usd(s)));
                out.push_str(&format!("  • {}{saving}\n", finding.message));
            }
        }
        Ok(out.into_bytes())
    }
}
