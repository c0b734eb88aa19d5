//! Invocation traces, and the plain CSV format: `timestamp_seconds,duration_ms[,memory_mb]`.

use std::path::Path;

use crate::error::{ensure, Error};

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

/// Loads a plain CSV trace: `timestamp_seconds,duration_ms[,memory_mb]` (a header line is skipped).
pub fn load_plain(path: &Path) -> crate::Result<Trace> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut invocations = Vec::new();
    let mut memory: Option<f64> = None;
    for (i, line) in text.lines().enumerate() {
        let cols = split_csv(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (Some(at), Some(duration)) = (
            cols.first().and_then(|v| v.parse::<f64>().ok()),
            cols.get(1).and_then(|v| v.parse::<f64>().ok()),
        ) else {
            if i == 0 {
                continue; // header
            }
            return Err(Error::Parse(format!(
                "{}:{}: expected timestamp_seconds,duration_ms[,memory_mb]",
                path.display(),
                i + 1
            )));
        };
        if !(at.is_finite() && duration.is_finite() && duration >= 0.0) {
            return Err(Error::Parse(format!(
                "{}:{}: timestamp and duration must be finite, duration non-negative",
                path.display(),
                i + 1
            )));
        }
        if let Some(m) = cols.get(2).and_then(|v| v.parse::<f64>().ok()) {
            memory = Some(memory.map_or(m, |x| x.max(m)));
        }
        invocations.push(Invocation {
            at,
            duration_ms: duration,
        });
    }
    ensure!(
        !invocations.is_empty(),
        Parse,
        "{} has no invocations",
        path.display()
    );
    invocations.sort_by(|a, b| a.at.total_cmp(&b.at));
    let start = invocations[0].at;
    for inv in &mut invocations {
        inv.at -= start;
    }
    let span = invocations.last().map_or(60.0, |i| i.at).max(60.0);
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

    #[test]
    fn malformed_plain_trace_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "timestamp,duration\n1,2\nnot,numbers\n").unwrap();
        let error = load_plain(&path).unwrap_err().to_string();
        assert!(error.contains("bad.csv:3"), "{error}");
    }
}
