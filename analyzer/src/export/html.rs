//! A standalone HTML page (no external resources): the headline, the per-function summary, then each
//! function's tables and its charts (see [`super::chart`]).

use super::chart::{concurrency_chart, cost_chart, duration_chart};
use super::{
    change_line, cost_part_rows, detail_rows, finding_line, function_summary_row, headline,
    Exporter, SUMMARY_FROM, SUMMARY_HEADER,
};
use crate::recommend::Report;

/// HTML exporter.
pub struct Html;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;color:#212529;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #dee2e6;padding-bottom:.3rem;overflow-wrap:anywhere}\
.source{color:#6c757d;margin-top:0}\
.headline{font-size:1.35rem;font-weight:600;margin:1rem 0;padding:.8rem 1rem;background:#f0fdf4;border-left:4px solid #15803d}\
.headline.costs{background:#fff7ed;border-left-color:#c2410c}\
.warnings{background:#fffbeb;border-left:4px solid #d97706;padding:.2rem 1rem;margin:1rem 0}\
.change{font-weight:600}\
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}\
td,th{border:1px solid #dee2e6;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f8f9fa}td.num{text-align:right;white-space:nowrap}\
td.why{min-width:16rem}\
figure{margin:1.2rem 0}figure svg{display:block;width:100%;height:auto;max-width:900px}\
figcaption{color:#6c757d;font-size:.85rem}";

/// `<td>` with the class that right-aligns figures.
fn td(text: &str, class: &str) -> String {
    if class.is_empty() {
        format!("<td>{}</td>", escape(text))
    } else {
        format!("<td class=\"{class}\">{}</td>", escape(text))
    }
}

impl Exporter for Html {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut body = String::new();
        let costs_more = report.summary.monthly_saving < -0.005;
        body.push_str(&format!(
            "<p class=\"headline{}\" id=\"headline\">{}</p>",
            if costs_more { " costs" } else { "" },
            escape(&headline(&report.summary))
        ));
        if !report.warnings.is_empty() {
            body.push_str("<section class=\"warnings\"><h3>What the data could not tell</h3><ul>");
            for warning in &report.warnings {
                body.push_str(&format!("<li>{}</li>", escape(warning.as_str())));
            }
            body.push_str("</ul></section>");
        }
        if report.functions.len() >= SUMMARY_FROM {
            body.push_str("<section id=\"summary\"><h2>Functions</h2><table><tr>");
            for head in SUMMARY_HEADER {
                body.push_str(&format!("<th>{}</th>", escape(head)));
            }
            body.push_str("</tr>");
            for (i, f) in report.functions.iter().enumerate() {
                let [name, now, recommended, before, after, saving] = function_summary_row(f);
                body.push_str(&format!(
                    "<tr><td><a href=\"#function-{i}\">{}</a></td>{}{}{}{}{}</tr>",
                    escape(&name),
                    td(&now, ""),
                    td(&recommended, ""),
                    td(&before, "num"),
                    td(&after, "num"),
                    td(&saving, "num"),
                ));
            }
            body.push_str("</table></section>");
        }
        for (i, f) in report.functions.iter().enumerate() {
            body.push_str(&format!(
                "<section class=\"function\" id=\"function-{i}\"><h2>{}</h2><p class=\"change\">{}</p>\
                 <table><tr><th></th><th>now</th><th>recommended</th><th>why</th></tr>",
                escape(&f.name),
                escape(&change_line(f))
            ));
            for [what, now, recommended, why] in detail_rows(f) {
                body.push_str(&format!(
                    "<tr>{}{}{}{}</tr>",
                    td(&what, ""),
                    td(&now, "num"),
                    td(&recommended, "num"),
                    td(&why, "why")
                ));
            }
            body.push_str("</table><table><tr><th>cost by part / month</th><th>now</th><th>recommended</th></tr>");
            for [part, now, recommended] in cost_part_rows(f) {
                body.push_str(&format!(
                    "<tr>{}{}{}</tr>",
                    td(&part, ""),
                    td(&now, "num"),
                    td(&recommended, "num")
                ));
            }
            body.push_str("</table>");
            if !f.findings.is_empty() {
                body.push_str("<ul class=\"findings\">");
                for finding in &f.findings {
                    body.push_str(&format!("<li>{}</li>", escape(&finding_line(finding))));
                }
                body.push_str("</ul>");
            }
            let charts = [
                (
                    "cost",
                    cost_chart(f)?,
                    "Each line is one provisioned level; hollow grey points miss the cold-start (or latency) target.",
                ),
                (
                    "duration",
                    duration_chart(f)?,
                    "Percentiles as measured now; the recommended timeout leaves a margin above the slowest invocations.",
                ),
                (
                    "concurrency",
                    concurrency_chart(f, report.window_hours)?,
                    "Executions running at once, per period of the window; provisioned environments serve up to their level without cold starts.",
                ),
            ];
            for (kind, svg, caption) in charts {
                body.push_str(&format!(
                    "<figure class=\"chart {kind}\">{svg}<figcaption>{}</figcaption></figure>",
                    escape(caption)
                ));
            }
            body.push_str("</section>");
        }
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Frugal report</title><style>{STYLE}</style></head><body>\
             <h1>Frugal report</h1><p class=\"source\">Source: {} — {} h, {}; cold-start target {:.2} %.</p>{body}</body></html>\n",
            escape(&report.source),
            report.window_hours,
            escape(&report.region),
            report.cold_start_target * 100.0
        );
        Ok(page.into_bytes())
    }
}
