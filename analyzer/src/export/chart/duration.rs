//! How long invocations take: the percentiles as bars named with their values, the mean and the
//! timeouts as labelled lines.

use plotters::prelude::*;

use super::style::{
    draw_labels, grid_style, level_chart_frame, level_line, ms, thousands, DATA, INK, MUTED,
    RECOMMENDED, WIDTH,
};
use crate::recommend::FunctionReport;
use crate::Error;

const HEIGHT: u32 = 320;
/// Room right of the plot for the lines' labels, px (beside the data, not over it).
const RIGHT: u32 = 200;

/// The chart as an SVG document.
pub(crate) fn duration_chart(f: &FunctionReport) -> crate::Result<String> {
    let d = &f.duration_ms;
    let bars = [
        ("p50", d.p50),
        ("p90", d.p90),
        ("p99", d.p99),
        ("p99.9", d.p999),
        ("max", d.max),
    ];
    let highest = bars.iter().map(|b| b.1).fold(d.avg, f64::max).max(1.0);
    let recommended_ms = f64::from(f.timeout.recommended_s) * 1000.0;
    let current_ms = f64::from(f.timeout.current_s) * 1000.0;
    // A timeout far above the slowest invocation would flatten the bars; it is drawn only when near.
    let near = |t: f64| t > 0.0 && t <= highest * 2.0;
    let top = [recommended_ms, current_ms]
        .into_iter()
        .filter(|t| near(*t))
        .fold(highest, f64::max)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = level_chart_frame(
            &root,
            format!(
                "Duration distribution per invocation, measured at {} MB",
                f.current.memory_mb
            ),
            RIGHT,
            -0.5f64..bars.len() as f64 - 0.5,
            0f64..top,
        )?;
        grid_style(&mut chart.configure_mesh())
            .disable_x_mesh()
            .x_labels(bars.len())
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    // The value with its name, under the bar: nothing to collide with the lines.
                    bars.get(i as usize)
                        .map_or(String::new(), |(name, v)| format!("{name}: {}", ms(*v)))
                } else {
                    String::new()
                }
            })
            .y_labels(6)
            .y_label_formatter(&|v| thousands(*v))
            .x_desc("Percentile of invocations")
            .y_desc("Duration (ms)")
            .draw()
            .map_err(Error::chart)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                let x = i as f64;
                Rectangle::new([(x - 0.3, 0.0), (x + 0.3, *v)], DATA.mix(0.75).filled())
            }))
            .map_err(Error::chart)?;
        let (_, rows) = chart.plotting_area().get_pixel_range();
        let end = bars.len() as f64 - 0.5;
        let mut labels = Vec::new();
        let mut line = |value: f64, text: String, color: &'static RGBColor, dashed: bool| {
            level_line(
                &mut chart,
                (-0.5, end),
                value,
                (text, color, dashed),
                &mut labels,
            )
        };
        line(d.avg, format!("mean {}", ms(d.avg)), &MUTED, true)?;
        if near(current_ms) && f.timeout.current_s != f.timeout.recommended_s {
            line(
                current_ms,
                format!("timeout now: {} s", f.timeout.current_s),
                &INK,
                true,
            )?;
        }
        if near(recommended_ms) {
            line(
                recommended_ms,
                format!("recommended timeout: {} s", f.timeout.recommended_s),
                &RECOMMENDED,
                false,
            )?;
        }
        draw_labels(&root, labels, (rows.start, rows.end), WIDTH as i32)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}
