//! Markdown, for pull requests and wikis.

use super::{usd, Exporter};
use crate::recommend::Report;

/// Markdown exporter.
pub struct Markdown;

impl Exporter for Markdown {
    fn serialize(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut out = format!(
            "# Frugal report\n\nSource: `{}`, {} h, {}; cold-start target {:.2} %.\n",
            report.source,
            report.window_hours,
            report.region,
            report.cold_start_target * 100.0
        );
        for f in &report.functions {
            out.push_str(&format!(
                "\n## {}\n\n| | now | recommended | why |\n|---|---:|---:|---|\n",
                f.name
            ));
            out.push_str(&format!(
                "| memory | {} MB | {} MB | {} |\n",
                f.memory.current_mb, f.memory.recommended_mb, f.memory.evidence
            ));
            out.push_str(&format!(
                "| timeout | {} s | {} s | {} |\n",
                f.timeout.current_s, f.timeout.recommended_s, f.timeout.evidence
            ));
            out.push_str(&format!(
                "| provisioned concurrency | {} | {} | {} |\n",
                f.provisioned_concurrency.current,
                f.provisioned_concurrency.recommended,
                f.provisioned_concurrency.evidence
            ));
            out.push_str(&format!(
                "| Lambda cost / month | {} | {} | {:.0} invocations / month |\n",
                usd(f.monthly_cost_before),
                usd(f.monthly_cost_after),
                f.monthly_invocations
            ));
            if !f.findings.is_empty() {
                out.push('\n');
                for finding in &f.findings {
                    let saving = finding
                        .monthly_saving
                        .map_or(String::new(), |s| format!(" (saves {} / month)", usd(s)));
                    out.push_str(&format!("- {}{saving}\n", finding.message));
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
