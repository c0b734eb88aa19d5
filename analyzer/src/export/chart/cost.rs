//! Monthly cost against memory, one line per provisioned level, each labelled where it ends; the
//! configuration now and the recommended one marked and named.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::style::{
    axis_font, caption_font, draw_labels, note_font, tick_font, usd_tick, Label, INK, LEVELS,
    MUTED, RECOMMENDED, WIDTH,
};
use crate::recommend::FunctionReport;
use crate::Error;

const HEIGHT: u32 = 400;
/// Room right of the plot for the lines' labels, px.
const RIGHT: u32 = 150;

/// The y axis stops here: twice the costs that matter (now, recommended, the alternatives and each
/// level's cheapest), so a difference of a few percent stays visible; lines above leave the chart.
fn y_top(f: &FunctionReport) -> f64 {
    let mut focus = [
        Some(f.current.cost.total),
        Some(f.recommended.cost.total),
        f.runner_up.as_ref().map(|c| c.cost.total),
        f.memory_only.as_ref().map(|c| c.cost.total),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f64::max);
    for curve in &f.curves {
        let cheapest = curve
            .points
            .iter()
            .map(|p| p.monthly_cost)
            .fold(f64::INFINITY, f64::min);
        if cheapest.is_finite() {
            focus = focus.max(cheapest);
        }
    }
    let highest = f
        .curves
        .iter()
        .flat_map(|c| &c.points)
        .map(|p| p.monthly_cost)
        .fold(focus, f64::max);
    (highest * 1.1).min(focus * 2.0).max(0.01)
}

/// `(log-scale start, end)` around the memory sizes shown, MB.
fn x_range(f: &FunctionReport) -> (f64, f64) {
    let sizes = f
        .curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| f64::from(p.memory_mb)))
        .chain([
            f64::from(f.current.memory_mb),
            f64::from(f.recommended.memory_mb),
        ]);
    let (low, high) = sizes.fold((f64::INFINITY, 0.0_f64), |(lo, hi), m| {
        (lo.min(m), hi.max(m))
    });
    let low = if low.is_finite() { low.max(1.0) } else { 128.0 };
    let high = high.max(low * 2.0);
    (low / 1.25, high * 1.25)
}

/// Where the segment from `a` to `b` (memory on a log scale) crosses the cost `top`.
fn crossing(a: (f64, f64), b: (f64, f64), top: f64) -> (f64, f64) {
    let t = if b.1 != a.1 {
        ((top - a.1) / (b.1 - a.1)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((a.0.ln() + t * (b.0.ln() - a.0.ln())).exp(), top)
}

/// The parts of a line at or below `top` (plotters would flatten the rest onto the chart's edge).
fn below(points: &[(f64, f64)], top: f64) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| points[j]);
        match previous {
            Some(a) if (a.1 <= top) != (p.1 <= top) => {
                let cut = crossing(a, p, top);
                if p.1 <= top {
                    piece.push(cut);
                    piece.push(p);
                } else {
                    piece.push(cut);
                    pieces.push(std::mem::take(&mut piece));
                }
            }
            _ if p.1 <= top => piece.push(p),
            _ => {}
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The chart as an SVG document.
pub(crate) fn cost_chart(f: &FunctionReport) -> crate::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(Error::chart)?;
        let top = y_top(f);
        let (x0, x1) = x_range(f);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Monthly cost by memory size, one line per provisioned level ({})",
                    f.recommended.architecture
                ),
                caption_font(),
            )
            .margin(12)
            .margin_right(RIGHT)
            .x_label_area_size(48)
            .y_label_area_size(78)
            .build_cartesian_2d((x0..x1).log_scale().base(2.0), 0f64..top)
            .map_err(Error::chart)?;
        chart
            .configure_mesh()
            .x_desc("Memory (MB, log scale)")
            .y_desc("Monthly cost (USD)")
            .x_labels(10)
            .y_labels(6)
            .x_label_formatter(&|m| format!("{m:.0}"))
            .y_label_formatter(&|v| usd_tick(*v))
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .max_light_lines(0)
            .bold_line_style(RGBColor(232, 234, 237))
            .draw()
            .map_err(Error::chart)?;
        let (columns, rows) = chart.plotting_area().get_pixel_range();
        let mut labels = Vec::new();
        for (i, curve) in f.curves.iter().enumerate() {
            let color = &LEVELS[i % LEVELS.len()];
            let points: Vec<(f64, f64)> = curve
                .points
                .iter()
                .map(|p| (f64::from(p.memory_mb), p.monthly_cost))
                .collect();
            for piece in below(&points, top) {
                chart
                    .draw_series(LineSeries::new(piece, color.stroke_width(2)))
                    .map_err(Error::chart)?;
            }
            chart
                .draw_series(
                    curve
                        .points
                        .iter()
                        .filter(|p| p.monthly_cost <= top)
                        .map(|p| {
                            let at = (f64::from(p.memory_mb), p.monthly_cost);
                            if p.feasible {
                                Circle::new(at, 3, color.filled())
                            } else {
                                Circle::new(at, 4, MUTED.stroke_width(2))
                            }
                        }),
                )
                .map_err(Error::chart)?;
            // The label goes where the line ends, or where it first leaves the top of the chart.
            let end = match points.iter().position(|p| p.1 > top) {
                Some(0) => None,
                Some(k) => Some(crossing(points[k - 1], points[k], top)),
                None => points.last().copied(),
            };
            if let Some(end) = end {
                let (x, y) = chart.backend_coord(&end);
                let leaves = end.1 >= top;
                labels.push(Label {
                    text: format!("{} provisioned", curve.level),
                    at: (x + 8, if leaves { y + 10 } else { y }),
                    anchor: HPos::Left,
                    color,
                });
            }
        }
        // Now and recommended: rings, and their names beside them.
        let now = (f64::from(f.current.memory_mb), f.current.cost.total);
        let best = (f64::from(f.recommended.memory_mb), f.recommended.cost.total);
        chart
            .draw_series([
                Circle::new(now, 9, INK.stroke_width(2)),
                Circle::new(best, 6, RECOMMENDED.filled()),
                Circle::new(best, 10, RECOMMENDED.stroke_width(2)),
            ])
            .map_err(Error::chart)?;
        let same = now == best && f.current.provisioned == f.recommended.provisioned;
        let (nx, ny) = chart.backend_coord(&now);
        let (bx, by) = chart.backend_coord(&best);
        let recommended = format!(
            "recommended: {} MB × {} ({}/month)",
            f.recommended.memory_mb,
            f.recommended.provisioned,
            super::super::usd(f.recommended.cost.total)
        );
        if same {
            labels.push(Label {
                text: format!("now = {recommended}"),
                at: (bx + 14, by + 18),
                anchor: HPos::Left,
                color: &RECOMMENDED,
            });
        } else {
            labels.push(Label {
                text: recommended,
                at: (bx + 14, by + 18),
                anchor: HPos::Left,
                color: &RECOMMENDED,
            });
            labels.push(Label {
                text: format!(
                    "now: {} MB × {} ({}/month)",
                    f.current.memory_mb,
                    f.current.provisioned,
                    super::super::usd(f.current.cost.total)
                ),
                at: (nx + 14, ny - 18),
                anchor: HPos::Left,
                color: &INK,
            });
        }
        draw_labels(&root, labels, (rows.start, rows.end), WIDTH as i32)?;
        // The key to the markers, in the corner.
        let key = (columns.start + 10, rows.start + 12);
        root.draw(
            &(EmptyElement::at(key)
                + Circle::new((0, 0), 3, LEVELS[0].filled())
                + Text::new("meets the targets", (8, -7), note_font(&INK))
                + Circle::new((140, 0), 4, MUTED.stroke_width(2))
                + Text::new("misses them", (148, -7), note_font(&INK))),
        )
        .map_err(Error::chart)?;
        root.present().map_err(Error::chart)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::below;

    #[test]
    fn lines_are_cut_where_they_leave_the_chart() {
        let points = [(128.0, 1.0), (256.0, 3.0), (512.0, 1.0), (1024.0, 5.0)];
        let pieces = below(&points, 2.0);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0][0], (128.0, 1.0));
        assert_eq!(pieces[0].last().map(|p| p.1), Some(2.0));
        assert_eq!(pieces[1].first().map(|p| p.1), Some(2.0));
        assert!(pieces.iter().flatten().all(|p| p.1 <= 2.0));
        assert!(below(&[(128.0, 5.0)], 2.0).is_empty());
    }
}
