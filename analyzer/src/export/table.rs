//! Terminal tables that fit the terminal: the free text wraps, and so do the tables' "why" columns.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table,
    Width,
};

use super::{
    change_line, cost_part_rows, detail_rows, finding_line, function_summary_row, headline,
    Exporter, SUMMARY_FROM, SUMMARY_HEADER,
};
use crate::recommend::Report;

/// Width when the output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: u16 = 100;
/// Narrower than this, tables would be mostly borders; the output is laid out for this width instead.
pub const MIN_WIDTH: u16 = 40;

/// The detail table's first three columns wrap beyond this many characters, leaving the rest of
/// the line to the "why" column.
const NARROW_COLUMN: u16 = 16;

/// Table exporter: lines at most `width` characters wide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableExport {
    width: u16,
}

impl TableExport {
    /// Lays the report out for `width` columns (at least [`MIN_WIDTH`]).
    pub fn new(width: u16) -> Self {
        TableExport {
            width: width.max(MIN_WIDTH),
        }
    }

    /// The terminal's width when standard output is a terminal; otherwise `COLUMNS` when it is set
    /// to a number, else [`DEFAULT_WIDTH`].
    pub fn from_env() -> Self {
        // Without a width set, comfy-table asks the terminal, and only when stdout is one.
        let terminal = Table::new().width();
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|c| *c > 0);
        Self::new(terminal.or(columns).unwrap_or(DEFAULT_WIDTH))
    }

    /// The width the output is laid out for.
    pub fn width(&self) -> u16 {
        self.width
    }

    fn table<const N: usize>(&self, header: [&str; N]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width)
            .set_header(header.to_vec());
        table
    }

    /// `text` wrapped at the width, its first line starting with `first`, the others with as many
    /// spaces.
    fn wrap(&self, first: &str, text: &str) -> String {
        wrap(text, usize::from(self.width), first)
    }
}

impl Default for TableExport {
    fn default() -> Self {
        Self::new(DEFAULT_WIDTH)
    }
}

/// Word wrap by display width (wide characters count two columns), the first line starting with
/// `first` and the others indented as far; a word longer than a line is cut. Ends with a newline.
fn wrap(text: &str, width: usize, first: &str) -> String {
    let indent = " ".repeat(textwrap::core::display_width(first));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(&indent);
    let mut out = textwrap::fill(&text, options);
    out.push('\n');
    out
}

impl Exporter for TableExport {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut out = self.wrap(
            "",
            &format!(
                "Source: {} ({} h, {}), cold-start target {:.2} %",
                report.source,
                report.window_hours,
                report.region,
                report.cold_start_target * 100.0
            ),
        );
        for warning in &report.warnings {
            out.push_str(&self.wrap("warning: ", warning.as_str()));
        }
        out.push('\n');
        out.push_str(&self.wrap("", &headline(&report.summary)));
        if report.functions.len() >= SUMMARY_FROM {
            let mut table = self.table(SUMMARY_HEADER);
            for row in report.functions.iter().map(function_summary_row) {
                let [name, now, recommended, before, after, saving] = row;
                table.add_row(vec![
                    Cell::new(name),
                    Cell::new(now),
                    Cell::new(recommended),
                    Cell::new(before).set_alignment(CellAlignment::Right),
                    Cell::new(after).set_alignment(CellAlignment::Right),
                    Cell::new(saving).set_alignment(CellAlignment::Right),
                ]);
            }
            out.push_str(&format!("{table}\n"));
        }
        for f in &report.functions {
            out.push('\n');
            out.push_str(&self.wrap("", &f.name));
            out.push_str(&self.wrap("", &change_line(f)));
            let mut table = self.table(["", "now", "recommended", "why"]);
            table
                .set_constraints([ColumnConstraint::UpperBoundary(Width::Fixed(NARROW_COLUMN)); 3]);
            for [what, now, recommended, why] in detail_rows(f) {
                table.add_row(vec![
                    Cell::new(what),
                    Cell::new(now).set_alignment(CellAlignment::Right),
                    Cell::new(recommended).set_alignment(CellAlignment::Right),
                    Cell::new(why),
                ]);
            }
            out.push_str(&format!("{table}\n"));
            let mut parts = self.table(["cost by part / month", "now", "recommended"]);
            for [part, now, recommended] in cost_part_rows(f) {
                parts.add_row(vec![
                    Cell::new(part),
                    Cell::new(now).set_alignment(CellAlignment::Right),
                    Cell::new(recommended).set_alignment(CellAlignment::Right),
                ]);
            }
            out.push_str(&format!("{parts}\n"));
            for finding in &f.findings {
                out.push_str(&self.wrap("  • ", &finding_line(finding)));
            }
        }
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let text = "the recommendation costs $4.09 more per month than now ($0.04 → $4.13): \
                    an-overly-long-word-that-cannot-fit-on-one-line-at-all and more";
        let wrapped = wrap(text, 30, "  • ");
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
        }
        assert!(wrapped.starts_with("  • the recommendation"));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
        let words: String = text.split_whitespace().collect();
        let back: String = wrapped.replace("  • ", "").split_whitespace().collect();
        assert_eq!(back, words);
        assert_eq!(wrap("", 30, "x"), "");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let text = "警告: 関数 チャット本番環境 の REPORT 行を読めませんでした; 東京リージョンの料金で計算しました";
        let wrapped = wrap(text, 24, "warning: ");
        assert!(wrapped.lines().count() > 2);
        for line in wrapped.lines() {
            assert!(
                textwrap::core::display_width(line) <= 24,
                "{line:?} is {} columns",
                textwrap::core::display_width(line)
            );
        }
        let chars: String = text.split_whitespace().collect();
        let back: String = wrapped
            .replacen("warning: ", "", 1)
            .split_whitespace()
            .collect();
        assert_eq!(back, chars);
    }
}
