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
