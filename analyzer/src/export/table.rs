//! Terminal tables.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};

use super::{finding_line, summary_rows, Exporter};
use crate::recommend::Report;

/// Table exporter.
pub struct TableExport;

impl Exporter for TableExport {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut out = format!(
            "Source: {} ({} h, {}), cold-start target {:.2} %\n",
            report.source,
            report.window_hours,
            report.region,
            report.cold_start_target * 100.0
        );
        for warning in &report.warnings {
            out.push_str(&format!("warning: {warning}\n"));
        }
        for f in &report.functions {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
                "",
                "now",
                "recommended",
                "why",
            ]);
            for [what, now, recommended, why] in summary_rows(f) {
                table.add_row(vec![
                    Cell::new(what),
                    Cell::new(now).set_alignment(CellAlignment::Right),
                    Cell::new(recommended).set_alignment(CellAlignment::Right),
                    Cell::new(why),
                ]);
            }
            out.push_str(&format!("\n{}\n{table}\n", f.name));
            for finding in &f.findings {
                out.push_str(&format!("  • {}\n", finding_line(finding)));
            }
        }
        Ok(out.into_bytes())
    }
}
