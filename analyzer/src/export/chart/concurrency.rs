//! Concurrent executions over the window, with the provisioned levels (now and recommended) as
//! labelled lines, and the peak projected at the recommended memory size when it differs.

use plotters::prelude::*;

use super::style::{
    draw_labels, grid_style, level_chart_frame, level_line, DATA, INK, MUTED, RECOMMENDED, WIDTH,
};
use crate::recommend::FunctionReport;
use crate::Error;

const HEIGHT: u32 = 320;
/// Room right of the plot for the lines' labels, px (beside the data, not over it).
const RIGHT: u32 = 230;

/// The chart as an SVG document; `window_hours` is the length of the series.
pub(crate) fn concurrency_chart(f: &FunctionReport, window_hours: f64) -> crate::Result<String> {
    let n = f.concurrency.len().max(1);
    // Hours read best for long windows, minutes for short ones.
    let (unit, window) = if window_hours >= 3.0 {
        ("hours", window_hours)
    } else {
        ("minutes", window_hours * 60.0)
    };
    let window = if window > 0.0 { window } else { n as f64 };
    let step = window / n as f64;
    let series: Vec<(f64, f64)> = f
        .concurrency
        .iter()
        .enumerate()
        .map(|(i, c)| (i as f64 * step, *c))
        .collect();
    let peak = f.concurrency.iter().copied().fold(0.0, f64::max);
    let recommended = f64::from(f.provisioned_concurrency.recommended);
    let current = f64::from(f.provisioned_concurrency.current);
    let memory_changes = f.recommended.memory_mb != f.current.memory_mb;
    let projected = f.recommended.peak_concurrency;
    let top = [
        peak,
        recommended,
        current,
        if memory_changes { projected } else { 0.0 },
    ]
    .into_iter()
    .fold(1.0, f64::max)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = level_chart_frame(
            &root,
            format!(
                "Concurrent executions over the window, measured at {} MB",
                f.current.memory_mb
            ),
            RIGHT,
            0f64..window,
            0f64..top,
        )?;
        grid_style(&mut chart.configure_mesh())
            .x_desc(format!("Time ({unit})"))
            .y_desc("Concurrent executions")
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| {
                if top < 6.0 {
                    format!("{y:.1}")
                } else {
                    format!("{y:.0}")
                }
            })
            .draw()
            .map_err(Error::chart)?;
        chart
            .draw_series(LineSeries::new(series, DATA.stroke_width(1)))
            .map_err(Error::chart)?;
        let (_, rows) = chart.plotting_area().get_pixel_range();
        let mut labels = Vec::new();
        let mut line = |value: f64, text: String, color: &'static RGBColor, dashed: bool| {
            level_line(
                &mut chart,
                (0.0, window),
                value,
                (text, color, dashed),
                &mut labels,
            )
        };
        if memory_changes {
            line(
                projected,
                format!(
                    "projected peak at {} MB: {projected:.1}",
                    f.recommended.memory_mb
                ),
                &MUTED,
                true,
            )?;
        }
        if current != recommended {
            line(
                current,
                format!("now: {} provisioned", f.provisioned_concurrency.current),
                &INK,
                true,
            )?;
        }
        line(
            recommended,
            format!(
                "recommended: {} provisioned",
                f.provisioned_concurrency.recommended
            ),
            &RECOMMENDED,
            false,
        )?;
        draw_labels(&root, labels, (rows.start, rows.end), WIDTH as i32)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}
