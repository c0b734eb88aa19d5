//! The library's one error type.
//!
//! Every message is shown to users as it is (the binary prints it with its causes), so each variant
//! names what it was working on: the file, the line or column, the AWS call, the option.
//!
//! ```
//! use frugal_analyzer::Error;
//!
//! let error = Error::Input("--days must be between 1 and 455".into());
//! assert_eq!(error.to_string(), "--days must be between 1 and 455");
//! ```

use std::path::PathBuf;

/// `Result` with the analyzer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the analyzer library can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("reading {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be opened.
    #[error("opening {}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An output file could not be written.
    #[error("writing {path}")]
    Write {
        /// The file, as given on the command line.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A line of `frugal classify`'s input could not be read.
    #[error("reading a message (input must be UTF-8 text, one message per line)")]
    ReadMessage(#[source] std::io::Error),
    /// A file is not JSON in the snapshot format.
    #[error("{} is not a Frugal snapshot", path.display())]
    NotASnapshot {
        /// The file.
        path: PathBuf,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// A snapshot could not be serialised.
    #[error("serialising the snapshot")]
    SerializeSnapshot(#[source] serde_json::Error),
    /// A file's contents are not what was expected (trace, Azure CSV, snapshot); the message names the
    /// file and, where there is one, the line or column.
    #[error("{0}")]
    Parse(String),
    /// A command-line option or input is invalid; the message names the option, as clap does.
    #[error("{0}")]
    Input(String),
    /// A value in an input file is missing, malformed or out of range: `snap.json:
    /// functions[0] ("checkout").duration_ms.avg = 1e308: not a duration (0 to 900000 ms)`.
    #[error(
        "{file}: {field}{}: {problem}",
        value.as_ref().map(|v| format!(" = {v}")).unwrap_or_default()
    )]
    Invalid {
        /// The file, as named to the user.
        file: String,
        /// Where in the file: a field path (`functions[0].config.region`) or a line and column.
        field: String,
        /// The offending value as written, when there is one.
        value: Option<String>,
        /// What is wrong with it, and what is allowed.
        problem: String,
    },
    /// An AWS call failed.
    #[error("{call}: {line}")]
    Aws {
        /// The call and what it was about, e.g. `Lambda GetFunctionConfiguration for "f" failed`.
        call: String,
        /// The service's answer on one line, `code: message` (see [`crate::aws::error_line`]).
        line: String,
    },
    /// A stack has no Lambda functions.
    #[error("stack {0:?} has no AWS::Lambda::Function resources")]
    EmptyStack(String),
    /// Drawing a chart failed.
    #[error("{0}")]
    Chart(String),
    /// Writing to stdout or stderr failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Serialising JSON output failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// The exit code the binary ends with: 2 when the user can fix the input (a missing or malformed
    /// file, an invalid option), 1 for everything else (AWS, writing the output).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Read { .. }
            | Error::Open { .. }
            | Error::ReadMessage(_)
            | Error::NotASnapshot { .. }
            | Error::Parse(_)
            | Error::Input(_)
            | Error::Invalid { .. }
            | Error::EmptyStack(_) => 2,
            Error::Write { .. }
            | Error::SerializeSnapshot(_)
            | Error::Aws { .. }
            | Error::Chart(_)
            | Error::Io(_)
            | Error::Json(_) => 1,
        }
    }

    /// The message and its causes on one line, `reading snap.json: No such file or directory (os
    /// error 2)`: what the binary prints after `error: `.
    pub fn one_line(&self) -> String {
        let mut line = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            let text = cause.to_string();
            // `#[error(transparent)]` and wrappers that repeat their cause add nothing.
            if !line.ends_with(&text) {
                line.push_str(": ");
                line.push_str(&text);
            }
            source = cause.source();
        }
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// An [`Error::Invalid`] for `field` of `file`.
    pub(crate) fn invalid(
        file: impl Into<String>,
        field: impl Into<String>,
        value: Option<String>,
        problem: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            file: file.into(),
            field: field.into(),
            value,
            problem: problem.into(),
        }
    }

    /// A chart-drawing error, by its message (plotters' errors are generic over the backend).
    pub(crate) fn chart(error: impl std::fmt::Display) -> Self {
        Error::Chart(error.to_string())
    }
}

/// Returns `Err(Error::$variant(format!(...)))` unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $variant:ident, $($fmt:tt)+) => {
        if !$cond {
            return Err($crate::Error::$variant(format!($($fmt)+)));
        }
    };
}
pub(crate) use ensure;

/// A number as a user would write it: `1e308` rather than 309 digits, `0.25` as is.
pub(crate) fn number(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && magnitude != 0.0 && !(1e-4..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-2.5e-7), "-2.5e-7");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(-50.0), "-50");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::INFINITY), "inf");
    }

    #[test]
    fn one_line_joins_causes_and_names_the_field() {
        let error = Error::Read {
            path: "snap.json".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone\nreally"),
        };
        assert_eq!(error.one_line(), "reading snap.json: gone really");
        assert_eq!(error.exit_code(), 2);
        let error = Error::invalid("snap.json", "region", Some("\"mars-1\"".into()), "unknown");
        assert_eq!(error.to_string(), "snap.json: region = \"mars-1\": unknown");
        let error = Error::invalid("t.csv", "line 2", None, "empty");
        assert_eq!(error.to_string(), "t.csv: line 2: empty");
    }
}
