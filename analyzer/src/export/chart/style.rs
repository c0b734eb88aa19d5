//! What the charts share: size, colours, fonts, number formats and direct labels that do not overlap.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Error;

/// Width of every chart, px (the page scales them down on narrow screens).
pub(super) const WIDTH: u32 = 900;
pub(super) const FONT: &str = "sans-serif";
/// Text and the "now" marker.
pub(super) const INK: RGBColor = RGBColor(33, 37, 41);
/// What does not qualify, and secondary lines.
pub(super) const MUTED: RGBColor = RGBColor(120, 127, 135);
/// The recommendation.
pub(super) const RECOMMENDED: RGBColor = RGBColor(21, 128, 61);
/// Measured data.
pub(super) const DATA: RGBColor = RGBColor(37, 99, 235);
/// One colour per provisioned level (none of them the recommendation's green).
pub(super) const LEVELS: [RGBColor; 6] = [
    RGBColor(37, 99, 235),
    RGBColor(217, 119, 6),
    RGBColor(147, 51, 234),
    RGBColor(219, 39, 119),
    RGBColor(8, 145, 178),
    RGBColor(120, 83, 44),
];
/// Height of a line of annotation text, px.
const LINE: i32 = 16;
/// Rough width of a character of annotation text, px (plotters has no font metrics without a font
/// backend; this errs wide).
const CHAR: i32 = 7;

pub(super) fn caption_font() -> TextStyle<'static> {
    (FONT, 17).into_font().color(&INK)
}

pub(super) fn axis_font() -> TextStyle<'static> {
    (FONT, 14).into_font().color(&INK)
}

pub(super) fn tick_font() -> TextStyle<'static> {
    (FONT, 12).into_font().color(&INK)
}

pub(super) fn note_font(color: &'static RGBColor) -> TextStyle<'static> {
    (FONT, 13).into_font().color(color)
}

/// `1,234` (thousands separated).
pub(super) fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < -0.5 {
        format!("-{out}")
    } else {
        out
    }
}

/// `$1,234` or `$4.13` (cents only where they matter).
pub(super) fn usd_tick(v: f64) -> String {
    if v == 0.0 {
        "$0".into()
    } else if v.abs() >= 100.0 {
        format!("${}", thousands(v))
    } else if v.abs() >= 10.0 {
        format!("${v:.0}")
    } else {
        format!("${v:.2}")
    }
}

/// `152 ms`, `2,095 ms`, `0.4 ms`.
pub(super) fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{} ms", thousands(v))
    }
}

/// A text placed in pixels, anchored at its left or right end, vertically centred.
pub(super) struct Label {
    pub text: String,
    pub at: (i32, i32),
    pub anchor: HPos,
    pub color: &'static RGBColor,
}

impl Label {
    fn span(&self) -> (i32, i32) {
        let width = self.text.chars().count() as i32 * CHAR;
        match self.anchor {
            HPos::Right => (self.at.0 - width, self.at.0),
            HPos::Center => (self.at.0 - width / 2, self.at.0 + width / 2),
            HPos::Left => (self.at.0, self.at.0 + width),
        }
    }

    fn overlaps(&self, other: &Label) -> bool {
        let (a0, a1) = self.span();
        let (b0, b1) = other.span();
        a0 < b1 && b0 < a1 && (self.at.1 - other.at.1).abs() < LINE
    }
}

/// Draws `labels`, moving each down (or, at the bottom, up) from where it asked to be until it
/// overlaps none drawn before it, within `rows` (top and bottom, px); one that would run past the
/// right edge (`right`, px) is turned to end where it would have begun.
pub(super) fn draw_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    mut labels: Vec<Label>,
    rows: (i32, i32),
    right: i32,
) -> crate::Result<()> {
    labels.sort_by_key(|l| l.at.1);
    let mut placed: Vec<Label> = Vec::with_capacity(labels.len());
    for mut label in labels {
        if matches!(label.anchor, HPos::Left) && label.span().1 > right - 4 {
            label.anchor = HPos::Right;
            label.at.0 -= 2 * CHAR + 16;
        }
        let wanted = label.at.1.clamp(rows.0 + LINE / 2, rows.1 - LINE / 2);
        label.at.1 = wanted;
        let mut step = 0;
        while placed.iter().any(|p| p.overlaps(&label)) && step < 40 {
            step += 1;
            // Try below, then above, a line further each time.
            let offset = (step + 1) / 2 * LINE;
            let y = if step % 2 == 1 {
                wanted + offset
            } else {
                wanted - offset
            };
            label.at.1 = y.clamp(rows.0 + LINE / 2, rows.1 - LINE / 2);
        }
        // A light backing keeps the text readable where it crosses a line or a bar.
        let (left, right) = label.span();
        let half = LINE / 2;
        root.draw(&Rectangle::new(
            [
                (left - 2, label.at.1 - half + 1),
                (right + 2, label.at.1 + half - 1),
            ],
            WHITE.mix(0.6).filled(),
        ))
        .map_err(Error::chart)?;
        root.draw(&Text::new(
            label.text.clone(),
            label.at,
            note_font(label.color).pos(Pos::new(label.anchor, VPos::Center)),
        ))
        .map_err(Error::chart)?;
        placed.push(label);
    }
    Ok(())
}

/// A chart with numbers on both axes.
pub(super) type NumericChart<'a, 'b, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The frame of a chart with labelled level lines: white background, `caption`, room right of the
/// plot (`right`, px) for the lines' labels, axis areas, and numeric `x` and `y` ranges.
pub(super) fn level_chart_frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    caption: String,
    right: u32,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> crate::Result<NumericChart<'a, 'a, DB>> {
    root.fill(&WHITE).map_err(Error::chart)?;
    ChartBuilder::on(root)
        .caption(caption, caption_font())
        .margin(12)
        .margin_right(right)
        .x_label_area_size(48)
        .y_label_area_size(78)
        .build_cartesian_2d(x, y)
        .map_err(Error::chart)
}

/// The grid and axis text every numeric chart shares, applied to `mesh` (axis titles, label counts
/// and formatters are each chart's own).
pub(super) fn grid_style<'m, 'a, 'b, DB: DrawingBackend>(
    mesh: &'m mut plotters::chart::MeshStyle<
        'a,
        'b,
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
        DB,
    >,
) -> &'m mut plotters::chart::MeshStyle<
    'a,
    'b,
    plotters::coord::types::RangedCoordf64,
    plotters::coord::types::RangedCoordf64,
    DB,
> {
    mesh.axis_desc_style(axis_font())
        .label_style(tick_font())
        .bold_line_style(RGBColor(232, 234, 237))
        .max_light_lines(0)
}

/// Draws a horizontal line at `value` across `x` (dashed for "now" or a reference, solid for the
/// recommendation) and queues its label just right of its end, for [`draw_labels`].
pub(super) fn level_line<DB: DrawingBackend>(
    chart: &mut NumericChart<'_, '_, DB>,
    x: (f64, f64),
    value: f64,
    (text, color, dashed): (String, &'static RGBColor, bool),
    labels: &mut Vec<Label>,
) -> crate::Result<()> {
    let points = vec![(x.0, value), (x.1, value)];
    let style = color.stroke_width(2);
    let drawn = if dashed {
        chart
            .draw_series(DashedLineSeries::new(points, 6, 4, style))
            .map(|_| ())
    } else {
        chart
            .draw_series(LineSeries::new(points, style))
            .map(|_| ())
    };
    let (px, py) = chart.backend_coord(&(x.1, value));
    labels.push(Label {
        text,
        at: (px + 8, py),
        anchor: HPos::Left,
        color,
    });
    drawn.map_err(Error::chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(usd_tick(1500.0), "$1,500");
        assert_eq!(usd_tick(4.126), "$4.13");
        assert_eq!(usd_tick(0.0), "$0");
        assert_eq!(ms(2095.48), "2,095 ms");
        assert_eq!(ms(1.0), "1.0 ms");
    }
}
