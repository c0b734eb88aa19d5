//! Invocation traces, and the plain CSV format: `timestamp_seconds,duration_ms[,memory_mb]`.
//!
//! Every value is checked as it is read, and anything wrong is an error naming the file, the line
//! and the column, never skipped: a trace is the user's own record, so a bad cell more likely means
//! the wrong file or the wrong units than a row worth dropping, and the simulated snapshot has no
//! place to say rows were dropped.
//!
//! - the file must be UTF-8 text (the error gives the line and column of the first bad byte) and
//!   hold at least one invocation;
//! - blank lines and lines starting with `#` are skipped; the first line is a header when its first
//!   two cells are not numbers, and must then name at least two columns;
//! - a row with fewer cells than the header (or than two) is a truncated row; cells after the third
//!   are ignored;
//! - `timestamp_seconds` is a finite number ≥ 0, and the trace spans at most
//!   [`MAX_SPAN_SECONDS`] (a year); `duration_ms` is 0 to [`MAX_DURATION_MS`] (Lambda's 15 minutes);
//!   `memory_mb` is 0 to [`MAX_MEMORY_MB`]. `NaN`, `inf` and negative values are refused.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("trace.csv");
//! std::fs::write(&path, "timestamp_seconds,duration_ms\n0,120\n5,NaN\n")?;
//! let error = frugal_analyzer::simulate::load_plain(&path).unwrap_err().to_string();
//! assert!(error.ends_with("trace.csv: line 3, column 2 (duration_ms) = NaN: not a duration (0 to 900000 ms)"));
//! # Ok(())
//! # }
//! ```

use std::ops::RangeInclusive;
use std::path::Path;

use crate::error::Error;
use crate::snapshot::MAX_DURATION_MS;

/// Longest span of a trace, seconds (366 days).
pub const MAX_SPAN_SECONDS: f64 = 366.0 * 86_400.0;
/// Largest memory a trace may report, MB (Lambda's largest size).
pub const MAX_MEMORY_MB: f64 = 10_240.0;
/// The plain format's columns, for messages.
const PLAIN_COLUMNS: [&str; 3] = ["timestamp_seconds", "duration_ms", "memory_mb"];

/// One invocation: arrival (s) and duration (ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Invocation {
    /// Seconds from the start of the trace.
    pub at: f64,
    /// Duration, ms.
    pub duration_ms: f64,
}

/// A trace ready to simulate.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Name for the snapshot.
    pub name: String,
    /// Invocations, sorted by arrival.
    pub invocations: Vec<Invocation>,
    /// Peak memory used, MB, when the trace says.
    pub memory_mb: Option<f64>,
    /// Length of the trace, seconds.
    pub span_seconds: f64,
}

/// Splits one CSV line on commas (the traces quote nothing), each cell trimmed.
pub(crate) fn split_csv(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).collect()
}

/// Reads a text file; a file that is not UTF-8 is an error with the line and column of its first
/// bad byte.
pub(crate) fn read_text(path: &Path) -> crate::Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    utf8_text(&path.display().to_string(), bytes)
}

/// `bytes` as text, or an error naming `file`, the line and the column of the first bad byte.
pub(crate) fn utf8_text(file: &str, bytes: Vec<u8>) -> crate::Result<String> {
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid = error.utf8_error().valid_up_to();
        let before = &bytes[..valid];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Characters, not bytes, before the bad byte on its line.
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Error::invalid(
            file,
            format!("line {line}, column {column}"),
            None,
            format!(
                "not UTF-8 text (byte 0x{:02x}); a trace is a UTF-8 CSV file",
                bytes[valid]
            ),
        )
    })
}

/// One cell of a CSV file, located for messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cell<'a> {
    /// The file, as named to the user.
    pub file: &'a str,
    /// Line number, from 1.
    pub line: usize,
    /// Cell number in the row, from 1.
    pub column: usize,
    /// The column's name.
    pub name: &'a str,
    /// The cell's text.
    pub text: &'a str,
}

impl Cell<'_> {
    /// Where the cell is: `line 3, column 2 (duration_ms)`.
    pub fn field(&self) -> String {
        format!("line {}, column {} ({})", self.line, self.column, self.name)
    }

    /// The cell as a finite number within `range`, else an error saying it is not `what`.
    pub fn number(&self, range: RangeInclusive<f64>, what: &str) -> crate::Result<f64> {
        let value = if self.text.is_empty() {
            None
        } else {
            self.text.parse::<f64>().ok()
        };
        match value {
            Some(v) if v.is_finite() && range.contains(&v) => Ok(v),
            _ => Err(Error::invalid(
                self.file,
                self.field(),
                Some(if self.text.is_empty() {
                    "(empty)".to_owned()
                } else {
                    self.text.to_owned()
                }),
                format!("not {what}"),
            )),
        }
    }
}

/// The error for a row with fewer cells than its header.
pub(crate) fn truncated_row(file: &str, line: usize, cells: usize, expected: usize) -> Error {
    Error::invalid(
        file,
        format!("line {line}"),
        None,
        format!("truncated row: {cells} of the header's {expected} cells"),
    )
}

/// Loads a plain CSV trace: `timestamp_seconds,duration_ms[,memory_mb]`, checked as the module docs
/// say.
pub fn load_plain(path: &Path) -> crate::Result<Trace> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    let mut invocations = Vec::new();
    let mut memory: Option<f64> = None;
    // Cells a row must have: the header's count, else timestamp and duration.
    let mut width: Option<usize> = None;
    let (mut first, mut last) = ((0.0, 0), (0.0, 0));
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells = split_csv(line);
        if width.is_none() {
            let is_header = cells.iter().take(2).any(|c| c.parse::<f64>().is_err());
            if is_header {
                if cells.len() < 2 {
                    return Err(Error::invalid(
                        &file,
                        format!("line {number}"),
                        None,
                        format!(
                            "the header names {} column; expected {}[,{}]",
                            cells.len(),
                            PLAIN_COLUMNS[..2].join(","),
                            PLAIN_COLUMNS[2]
                        ),
                    ));
                }
                width = Some(cells.len().min(PLAIN_COLUMNS.len()));
                continue;
            }
            width = Some(2);
        }
        let needed = width.unwrap_or(2);
        if cells.len() < needed {
            return Err(truncated_row(&file, number, cells.len(), needed));
        }
        let cell = |column: usize| Cell {
            file: &file,
            line: number,
            column: column + 1,
            name: PLAIN_COLUMNS[column],
            text: cells[column],
        };
        let at = cell(0).number(0.0..=f64::MAX, "a timestamp (seconds, 0 or more)")?;
        let duration_ms = cell(1).number(0.0..=MAX_DURATION_MS, "a duration (0 to 900000 ms)")?;
        if cells.len() > 2 {
            let m = cell(2).number(0.0..=MAX_MEMORY_MB, "a memory size (0 to 10240 MB)")?;
            memory = Some(memory.map_or(m, |x: f64| x.max(m)));
        }
        if invocations.is_empty() || at < first.0 {
            first = (at, number);
        }
        if invocations.is_empty() || at > last.0 {
            last = (at, number);
        }
        invocations.push(Invocation { at, duration_ms });
    }
    if invocations.is_empty() {
        return Err(Error::Parse(format!(
            "{file} has no invocations (expected lines of {})",
            PLAIN_COLUMNS.join(",")
        )));
    }
    let span = last.0 - first.0;
    if span > MAX_SPAN_SECONDS {
        return Err(Error::invalid(
            &file,
            format!("lines {} and {} (timestamp_seconds)", first.1, last.1),
            Some(format!("{} s apart", crate::error::number(span))),
            "a trace spans at most 366 days",
        ));
    }
    invocations.sort_by(|a, b| a.at.total_cmp(&b.at));
    for inv in &mut invocations {
        inv.at -= first.0;
    }
    let span = span.max(60.0);
    Ok(Trace {
        name: path
            .file_stem()
            .map_or("trace".into(), |s| s.to_string_lossy().into_owned()),
        invocations,
        memory_mb: memory,
        span_seconds: (span / 60.0).ceil() * 60.0,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A plain trace from its text.
    pub(crate) fn plain(lines: &str) -> Trace {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, lines).unwrap();
        load_plain(&path).unwrap()
    }

    /// The error `load_plain` gives for a file of `bytes`.
    fn plain_error(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, bytes).unwrap();
        let error = load_plain(&path).unwrap_err().to_string();
        assert!(error.contains("bad.csv"), "{error}");
        error
    }

    #[test]
    fn malformed_plain_trace_is_a_clear_error() {
        let error = plain_error(b"timestamp,duration\n1,2\nnot,numbers\n");
        assert!(
            error.ends_with(
                "line 3, column 1 (timestamp_seconds) = not: not a timestamp (seconds, 0 or more)"
            ),
            "{error}"
        );
    }

    #[test]
    fn every_bad_cell_names_its_line_and_column() {
        for (text, expected) in [
            ("0,100\n1,NaN\n", "line 2, column 2 (duration_ms) = NaN"),
            ("0,100\n1,inf\n", "line 2, column 2 (duration_ms) = inf"),
            ("0,100\n1,-5\n", "line 2, column 2 (duration_ms) = -5"),
            ("0,1e308\n", "line 1, column 2 (duration_ms) = 1e308"),
            ("-1,100\n", "line 1, column 1 (timestamp_seconds) = -1"),
            ("t,d,m\n0,100,1e9\n", "line 2, column 3 (memory_mb) = 1e9"),
            ("t,d,m\n0,100,\n", "line 2, column 3 (memory_mb) = (empty)"),
            (
                "t,d,m\n0,100\n",
                "line 2: truncated row: 2 of the header's 3 cells",
            ),
            (
                "0,100\n7\n",
                "line 2: truncated row: 1 of the header's 2 cells",
            ),
            ("timestamp\n0\n", "line 1: the header names 1 column"),
            (
                "0,100\n1e300,100\n",
                "lines 1 and 2 (timestamp_seconds) = 1e300 s apart",
            ),
            ("", "has no invocations"),
            ("timestamp,duration\n", "has no invocations"),
        ] {
            let error = plain_error(text.as_bytes());
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_line_and_column() {
        let error = plain_error(b"0,100\n1,2\xff0\n");
        assert!(
            error.contains("bad.csv: line 2, column 4: not UTF-8 text (byte 0xff)"),
            "{error}"
        );
    }
}
