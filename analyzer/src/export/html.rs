//! A standalone HTML page: the tables plus SVG charts of the memory cost curve and the concurrency
//! series with the recommended provisioned level.

use plotters::prelude::*;

use super::{finding_line, summary_rows, Exporter};
use crate::recommend::{FunctionReport, Report};
use crate::Error;

/// HTML exporter.
pub struct Html;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cost_curve_svg(f: &FunctionReport) -> crate::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(Error::chart)?;
        let points: Vec<(f64, f64)> = f
            .memory
            .curve
            .iter()
            .map(|p| (f64::from(p.memory_mb), p.monthly_cost))
            .collect();
        let max_cost = points.iter().map(|p| p.1).fold(0.0, f64::max).max(1e-6) * 1.1;
        let max_mem = points.iter().map(|p| p.0).fold(0.0, f64::max).max(128.0);
        let mut chart = ChartBuilder::on(&root)
            .caption("Lambda cost per month by memory size", ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..max_mem, 0f64..max_cost)
            .map_err(Error::chart)?;
        chart
            .configure_mesh()
            .x_desc("memory (MB)")
            .y_desc("USD / month")
            .draw()
            .map_err(Error::chart)?;
        chart
            .draw_series(LineSeries::new(points.clone(), &BLUE))
            .map_err(Error::chart)?;
        chart
            .draw_series(f.memory.curve.iter().map(|p| {
                let color = if p.memory_mb == f.memory.recommended_mb {
                    GREEN.filled()
                } else if p.feasible {
                    BLUE.filled()
                } else {
                    RED.filled()
                };
                Circle::new((f64::from(p.memory_mb), p.monthly_cost), 4, color)
            }))
            .map_err(Error::chart)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}

fn concurrency_svg(f: &FunctionReport) -> crate::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(Error::chart)?;
        let n = f.concurrency.len().max(1) as f64;
        let peak = f.concurrency.iter().copied().fold(1.0, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Concurrency per period and recommended provisioned level",
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(45)
            .build_cartesian_2d(0f64..n, 0f64..peak)
            .map_err(Error::chart)?;
        chart
            .configure_mesh()
            .x_desc("period")
            .y_desc("environments")
            .draw()
            .map_err(Error::chart)?;
        chart
            .draw_series(LineSeries::new(
                f.concurrency
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i as f64, *c)),
                &BLUE,
            ))
            .map_err(Error::chart)?;
        let level = f64::from(f.provisioned_concurrency.recommended);
        chart
            .draw_series(LineSeries::new(vec![(0.0, level), (n, level)], &GREEN))
            .map_err(Error::chart)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}

fn duration_svg(f: &FunctionReport) -> crate::Result<String> {
    let d = &f.duration_ms;
    let bars = [
        ("mean", d.avg),
        ("p50", d.p50),
        ("p90", d.p90),
        ("p99", d.p99),
        ("p99.9", d.p999),
        ("max", d.max),
    ];
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(Error::chart)?;
        let top = bars.iter().map(|b| b.1).fold(1.0, f64::max) * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .caption("Duration distribution (ms)", ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..bars.len() as f64, 0f64..top)
            .map_err(Error::chart)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len())
            .x_label_formatter(&|x| {
                bars.get(*x as usize)
                    .map_or(String::new(), |b| b.0.to_owned())
            })
            .y_desc("ms")
            .draw()
            .map_err(Error::chart)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                let x = i as f64;
                Rectangle::new([(x + 0.15, 0.0), (x + 0.85, *v)], BLUE.mix(0.6).filled())
            }))
            .map_err(Error::chart)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}

impl Exporter for Html {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut body = String::new();
        if !report.warnings.is_empty() {
            body.push_str("<section class=\"warnings\"><h2>What the data could not tell</h2><ul>");
            for warning in &report.warnings {
                body.push_str(&format!("<li>{}</li>", escape(warning.as_str())));
            }
            body.push_str("</ul></section>");
        }
        for f in &report.functions {
            body.push_str(&format!(
                "<section><h2>{}</h2><table><tr><th></th><th>now</th><th>recommended</th><th>why</th></tr>",
                escape(&f.name)
            ));
            for row in summary_rows(f) {
                body.push_str("<tr>");
                for cell in row {
                    body.push_str(&format!("<td>{}</td>", escape(&cell)));
                }
                body.push_str("</tr>");
            }
            body.push_str("</table><ul>");
            for finding in &f.findings {
                body.push_str(&format!("<li>{}</li>", escape(&finding_line(finding))));
            }
            body.push_str("</ul>");
            body.push_str(&cost_curve_svg(f)?);
            body.push_str(&concurrency_svg(f)?);
            body.push_str(&duration_svg(f)?);
            body.push_str("</section>");
        }
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Frugal report</title>\
             <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}}svg{{display:block;margin:1rem 0}}</style>\
             </head><body><h1>Frugal report</h1><p>Source: {} — {} h, {}; cold-start target {:.2} %.</p>{body}</body></html>\n",
            escape(&report.source), report.window_hours, escape(&report.region), report.cold_start_target * 100.0
        );
        Ok(page.into_bytes())
    }
}
