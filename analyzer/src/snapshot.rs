//! The metrics snapshot: everything the models need about a set of functions, as fetched from
//! CloudWatch/Lambda (`frugal snapshot`) or simulated from a trace (`frugal simulate`). A plain JSON file,
//! so `frugal analyze --from-file` works offline.
//!
//! [`Snapshot::read`] checks every value before any model sees it: a malformed or out-of-range value
//! is an [`Error::Invalid`] naming the file and the field path (`functions[0] ("checkout")
//! .duration_ms.avg`); what is odd but usable (no invocations, percentiles out of order) becomes a
//! [`Warning`] in [`Snapshot::warnings`].
//!
//! ```
//! use frugal_analyzer::snapshot::Snapshot;
//!
//! let error = Snapshot::from_json("snap.json", r#"{"version": 1, "source": "x", "region": "mars-1",
//!     "period_seconds": 60, "functions": []}"#).unwrap_err();
//! assert!(error.to_string().starts_with(r#"snap.json: region = "mars-1": no Lambda prices"#));
//! ```

use std::ops::RangeInclusive;

use frugal_pricing::{Architecture, LAMBDA_PRICES};
use serde::{Deserialize, Serialize};

use crate::error::{number, Error};
use crate::warning::{Warning, WarningKind};

/// Current snapshot format version.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Longest Lambda invocation, ms (the 15-minute maximum timeout).
pub const MAX_DURATION_MS: f64 = 900_000.0;
/// Lambda's memory sizes, MB.
pub const MEMORY_MB: RangeInclusive<u32> = 128..=10_240;
/// Lambda's timeouts, seconds.
pub const TIMEOUT_S: RangeInclusive<u32> = 1..=900;
/// Largest total taken (errors, throttles, cold starts, … in the window): far above any real
/// function, low enough that sums and products stay exact enough to price.
pub const MAX_COUNT: f64 = 1e15;
/// Largest concurrency taken (environments at once, provisioned environments): a hundred times
/// Lambda's default quota of 1,000, above what AWS grants one account.
pub const MAX_CONCURRENCY: f64 = 1e5;
/// Shortest duration an invocation is taken to keep its environment busy, ms (Lambda bills at least
/// 1 ms): with the mean duration and [`MAX_CONCURRENCY`], the bound on invocations per period.
pub const MIN_BUSY_MS: f64 = 1.0;
/// Longest period of a series point, seconds (a day, CloudWatch's longest useful period).
pub const MAX_PERIOD_SECONDS: u64 = 86_400;
/// Longest window a snapshot may cover, seconds (455 days: CloudWatch keeps metrics 15 months).
pub const MAX_WINDOW_SECONDS: u64 = 455 * 86_400;

/// A snapshot of one or more functions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version.
    pub version: u32,
    /// Where it came from (`cloudwatch`, `simulate:<trace>`).
    pub source: String,
    /// Region priced.
    pub region: String,
    /// Seconds per point of the series.
    pub period_seconds: u64,
    /// The functions.
    pub functions: Vec<FunctionSnapshot>,
    /// What could not be read, and what was taken instead (shown in every report).
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Configuration of a function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionConfig {
    /// Memory, MB.
    pub memory_mb: u32,
    /// Timeout, seconds.
    pub timeout_s: u32,
    /// Instruction set (`arm64` or `x86_64` in JSON).
    pub architecture: Architecture,
    /// Attached to a VPC.
    pub in_vpc: bool,
    /// Provisioned-concurrency environments configured (all aliases).
    pub provisioned_concurrency: u32,
}

/// Duration distribution, ms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DurationStats {
    /// Mean.
    pub avg: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Maximum.
    pub max: f64,
}

/// One function's metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionSnapshot {
    /// Function name.
    pub name: String,
    /// Its configuration.
    pub config: FunctionConfig,
    /// Invocations per period.
    pub invocations: Vec<f64>,
    /// Maximum concurrent executions per period.
    pub concurrency: Vec<f64>,
    /// Errors in total.
    pub errors: f64,
    /// Throttles in total.
    pub throttles: f64,
    /// Duration distribution over the whole window.
    pub duration_ms: DurationStats,
    /// Cold starts in total, when known (EMF `ColdStart` or simulation).
    pub cold_starts: Option<f64>,
    /// Mean init duration of a cold start, ms.
    pub init_duration_ms: Option<f64>,
    /// Mean time spent waiting for the model per invocation, ms (EMF `ModelLatency`).
    pub model_latency_ms: Option<f64>,
    /// Peak memory used, MB.
    pub max_memory_used_mb: Option<f64>,
    /// Requests answered by small talk (EMF `SmallTalkHit`), when the middleware runs.
    pub small_talk_hits: Option<f64>,
    /// Requests answered from the cache (EMF `CacheHit`).
    pub cache_hits: Option<f64>,
    /// Requests that called the model (EMF `ModelCall`).
    pub model_calls: Option<f64>,
    /// Mean utilization of the provisioned environments, 0–1 (`ProvisionedConcurrencyUtilization`).
    #[serde(default)]
    pub provisioned_utilization: Option<f64>,
    /// Invocations that found every provisioned environment busy and ran on demand
    /// (`ProvisionedConcurrencySpilloverInvocations`).
    #[serde(default)]
    pub spillover_invocations: Option<f64>,
}

impl FunctionSnapshot {
    /// Total invocations in the window.
    pub fn total_invocations(&self) -> f64 {
        self.invocations.iter().sum()
    }
}

impl Snapshot {
    /// Reads and checks a snapshot file (see [`Snapshot::from_json`]).
    pub fn read(path: &std::path::Path) -> crate::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&path.display().to_string(), &text)
    }

    /// Parses a snapshot from its JSON text and [checks](Snapshot::validate) it; `file` names it in
    /// errors. A truncated or malformed file is an error saying so with the line and column, and the
    /// field being read when the parser stopped.
    pub fn from_json(file: &str, text: &str) -> crate::Result<Self> {
        if text.trim().is_empty() {
            return Err(Error::Parse(format!(
                "{file} is empty, not a Frugal snapshot (the JSON `frugal snapshot` or `frugal simulate` writes)"
            )));
        }
        let mut snapshot: Snapshot =
            serde_json::from_str(text).map_err(|error| json_error(file, text, &error))?;
        snapshot.validate(file)?;
        Ok(snapshot)
    }

    /// Checks every value against what Lambda allows, failing on the first that is out of range
    /// with an [`Error::Invalid`] naming `file` and the field; adds a warning for each function with
    /// no invocations or with duration percentiles out of order.
    ///
    /// Allowed: `version` [`SNAPSHOT_VERSION`]; `period_seconds` 1 to [`MAX_PERIOD_SECONDS`]; a
    /// `region` of the price table; at least one function; memory [`MEMORY_MB`]; timeout
    /// [`TIMEOUT_S`]; series non-empty, of one length, over at most [`MAX_WINDOW_SECONDS`]; counts 0
    /// to [`MAX_COUNT`]; concurrency 0 to [`MAX_CONCURRENCY`]; durations 0 to [`MAX_DURATION_MS`];
    /// peak memory 0 to 10,240 MB; utilization 0 to 1; invocations per point at most what
    /// [`MAX_CONCURRENCY`] environments serve at the mean duration (at least [`MIN_BUSY_MS`]). Every
    /// number must be finite.
    pub fn validate(&mut self, file: &str) -> crate::Result<()> {
        let invalid = |field: &str, value: String, problem: String| {
            Error::invalid(file, field, Some(value), problem)
        };
        if self.version != SNAPSHOT_VERSION {
            return Err(invalid(
                "version",
                self.version.to_string(),
                format!("not supported (this frugal reads version {SNAPSHOT_VERSION})"),
            ));
        }
        if !(1..=MAX_PERIOD_SECONDS).contains(&self.period_seconds) {
            return Err(invalid(
                "period_seconds",
                self.period_seconds.to_string(),
                format!("not a period (1 to {MAX_PERIOD_SECONDS} s)"),
            ));
        }
        if !LAMBDA_PRICES.iter().any(|p| p.region == self.region) {
            return Err(invalid(
                "region",
                format!("{:?}", self.region),
                format!(
                    "no Lambda prices for this region; known regions: {}",
                    known_regions().join(", ")
                ),
            ));
        }
        if self.functions.is_empty() {
            return Err(Error::invalid(
                file,
                "functions",
                None,
                "empty: no function to analyse",
            ));
        }
        let mut warnings = Vec::new();
        for (i, function) in self.functions.iter().enumerate() {
            let at = format!("functions[{i}] ({:?})", function.name);
            function.validate(file, &at, self.period_seconds)?;
            warnings.extend(function.oddities(file));
        }
        for warning in warnings {
            if !self.warnings.iter().any(|w| w.says_the_same(&warning)) {
                self.warnings.push(warning);
            }
        }
        Ok(())
    }
}

/// The regions of the price table, each once.
fn known_regions() -> Vec<&'static str> {
    let mut regions: Vec<&str> = LAMBDA_PRICES.iter().map(|p| p.region).collect();
    regions.dedup();
    regions
}

/// What a number may be: its range and how to say so (`a duration (0 to 900000 ms)`).
struct Bound {
    range: RangeInclusive<f64>,
    what: &'static str,
}

const DURATION: Bound = Bound {
    range: 0.0..=MAX_DURATION_MS,
    what: "a duration (0 to 900000 ms)",
};
const COUNT: Bound = Bound {
    range: 0.0..=MAX_COUNT,
    what: "a count (0 to 1e15)",
};
const CONCURRENCY: Bound = Bound {
    range: 0.0..=MAX_CONCURRENCY,
    what: "a concurrency (0 to 100000 environments)",
};
const MEMORY_USED: Bound = Bound {
    range: 0.0..=10_240.0,
    what: "a memory size (0 to 10240 MB)",
};
const SHARE: Bound = Bound {
    range: 0.0..=1.0,
    what: "a share (0 to 1)",
};

impl Bound {
    /// `Ok` when `value` is finite and in range, else an error naming `file` and `field`.
    fn check(&self, file: &str, field: impl FnOnce() -> String, value: f64) -> crate::Result<()> {
        if value.is_finite() && self.range.contains(&value) {
            Ok(())
        } else {
            Err(Error::invalid(
                file,
                field(),
                Some(number(value)),
                format!("not {}", self.what),
            ))
        }
    }

    fn check_optional(
        &self,
        file: &str,
        field: impl FnOnce() -> String,
        value: Option<f64>,
    ) -> crate::Result<()> {
        value.map_or(Ok(()), |v| self.check(file, field, v))
    }
}

impl FunctionSnapshot {
    /// Checks the function's values; `at` is its path in the file (`functions[0] ("checkout")`).
    fn validate(&self, file: &str, at: &str, period_seconds: u64) -> crate::Result<()> {
        let config = &self.config;
        if !MEMORY_MB.contains(&config.memory_mb) {
            return Err(Error::invalid(
                file,
                format!("{at}.config.memory_mb"),
                Some(config.memory_mb.to_string()),
                "not a Lambda memory size (128 to 10240 MB)",
            ));
        }
        if !TIMEOUT_S.contains(&config.timeout_s) {
            return Err(Error::invalid(
                file,
                format!("{at}.config.timeout_s"),
                Some(config.timeout_s.to_string()),
                "not a Lambda timeout (1 to 900 s)",
            ));
        }
        CONCURRENCY.check(
            file,
            || format!("{at}.config.provisioned_concurrency"),
            f64::from(config.provisioned_concurrency),
        )?;
        let points = self.invocations.len();
        if points == 0 {
            return Err(Error::invalid(
                file,
                format!("{at}.invocations"),
                None,
                "empty: the series needs at least one point",
            ));
        }
        if self.concurrency.len() != points {
            return Err(Error::invalid(
                file,
                format!("{at}.concurrency"),
                None,
                format!(
                    "{} points, but invocations has {points}: the series must be of one length",
                    self.concurrency.len()
                ),
            ));
        }
        if (points as u64).saturating_mul(period_seconds) > MAX_WINDOW_SECONDS {
            return Err(Error::invalid(
                file,
                format!("{at}.invocations"),
                None,
                format!(
                    "{points} points of {period_seconds} s cover more than 455 days, the longest window analysed"
                ),
            ));
        }
        for (name, value) in self.duration_ms.named() {
            DURATION.check(file, || format!("{at}.duration_ms.{name}"), value)?;
        }
        // Little's law: a period's invocations at the mean duration keep this many environments
        // busy on average; more than Lambda runs at once means the counts or the durations are
        // wrong (the unit, a sum taken for a rate, …).
        let busy_s = self.duration_ms.avg.max(MIN_BUSY_MS) / 1000.0;
        let most = MAX_CONCURRENCY * period_seconds as f64 / busy_s;
        for (j, &value) in self.invocations.iter().enumerate() {
            if !(value.is_finite() && (0.0..=most).contains(&value)) {
                return Err(Error::invalid(
                    file,
                    format!("{at}.invocations[{j}]"),
                    Some(number(value)),
                    format!(
                        "not a count of invocations in {period_seconds} s (0 to {}, which at the mean duration of {:.1} ms keep 100000 environments busy)",
                        number(most.floor()),
                        self.duration_ms.avg
                    ),
                ));
            }
        }
        for (j, &value) in self.concurrency.iter().enumerate() {
            CONCURRENCY.check(file, || format!("{at}.concurrency[{j}]"), value)?;
        }
        COUNT.check(file, || format!("{at}.errors"), self.errors)?;
        COUNT.check(file, || format!("{at}.throttles"), self.throttles)?;
        let optional = [
            (&COUNT, "cold_starts", self.cold_starts),
            (&DURATION, "init_duration_ms", self.init_duration_ms),
            (&DURATION, "model_latency_ms", self.model_latency_ms),
            (&MEMORY_USED, "max_memory_used_mb", self.max_memory_used_mb),
            (&COUNT, "small_talk_hits", self.small_talk_hits),
            (&COUNT, "cache_hits", self.cache_hits),
            (&COUNT, "model_calls", self.model_calls),
            (
                &SHARE,
                "provisioned_utilization",
                self.provisioned_utilization,
            ),
            (&COUNT, "spillover_invocations", self.spillover_invocations),
        ];
        for (bound, name, value) in optional {
            bound.check_optional(file, || format!("{at}.{name}"), value)?;
        }
        Ok(())
    }

    /// Warnings for what is odd but usable: no invocations, percentiles out of order.
    fn oddities(&self, file: &str) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.total_invocations() == 0.0 {
            warnings.push(Warning::new(
                WarningKind::NoInvocations,
                format!(
                    "{}: no invocations in the window ({file}); nothing to right-size it from",
                    self.name
                ),
            ));
        }
        let d = &self.duration_ms;
        let order = [
            ("p50", d.p50),
            ("p90", d.p90),
            ("p99", d.p99),
            ("p999", d.p999),
            ("max", d.max),
        ];
        let inversion = order
            .windows(2)
            .find(|pair| pair[0].1 > pair[1].1)
            .map(|pair| (pair[0], pair[1]))
            .or_else(|| (d.avg > d.max).then_some((("avg", d.avg), ("max", d.max))));
        if let Some(((low, low_ms), (high, high_ms))) = inversion {
            warnings.push(Warning::new(
                WarningKind::PercentilesOutOfOrder,
                format!(
                    "{}: duration {low} ({low_ms:.1} ms) is above {high} ({high_ms:.1} ms) in {file}; percentiles taken as they are",
                    self.name,
                ),
            ));
        }
        warnings
    }
}

impl DurationStats {
    /// Each statistic with its field name.
    fn named(&self) -> [(&'static str, f64); 6] {
        [
            ("avg", self.avg),
            ("p50", self.p50),
            ("p90", self.p90),
            ("p99", self.p99),
            ("p999", self.p999),
            ("max", self.max),
        ]
    }
}

/// A JSON error as the user should read it: truncated, not JSON, or a field of the wrong type, with
/// the line, the column and the field path the parser was in.
fn json_error(file: &str, text: &str, error: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let message = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full);
    let path = json_path_at(text, line, column);
    let problem = match error.classify() {
        Category::Eof => format!(
            "truncated: the file ends at line {line}, column {column} before the JSON is complete"
        ),
        Category::Syntax | Category::Io => {
            format!("not valid JSON at line {line}, column {column}: {message}")
        }
        Category::Data => format!("{message} (line {line}, column {column})"),
    };
    if path.is_empty() {
        Error::Parse(format!("{file} is not a Frugal snapshot: {problem}"))
    } else {
        Error::invalid(file, path, None, problem)
    }
}

/// One step of a JSON path.
enum Frame {
    /// In an object: the last key read, and whether a key comes next.
    Object { key: Option<String>, want_key: bool },
    /// In an array: the index of the element being read.
    Array { index: usize },
}

/// The field path (`functions[0] ("checkout").config.architecture`) at `line` and `column` (as
/// `serde_json` counts them: 1-based lines, bytes since the line's start) of `text`, found by
/// following the brackets, keys and commas before it. The function's name is added when it comes
/// before that point.
fn json_path_at(text: &str, line: usize, column: usize) -> String {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(newlines_before) => text
            .match_indices('\n')
            .nth(newlines_before)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let end = (start + column).min(text.len());
    let bytes = &text.as_bytes()[..end];
    let mut stack: Vec<Frame> = Vec::new();
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = false;
                }
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    break; // the point is inside this string
                }
                let raw = &text[i..=j];
                let string: String = serde_json::from_str(raw).unwrap_or_else(|_| raw.to_owned());
                let function = match stack.as_slice() {
                    [Frame::Object { key: Some(top), .. }, Frame::Array { index }, Frame::Object { .. }]
                        if top == "functions" =>
                    {
                        Some(*index)
                    }
                    _ => None,
                };
                match stack.last_mut() {
                    Some(Frame::Object { key, want_key }) if *want_key => *key = Some(string),
                    Some(Frame::Object { key: Some(key), .. }) if key == "name" => {
                        if let Some(index) = function {
                            names.push((index, string));
                        }
                    }
                    _ => {}
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for (depth, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object {
                key: Some(key),
                want_key: false,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { .. } => break,
            Frame::Array { index } => {
                path.push_str(&format!("[{index}]"));
                if depth == 1 && path.starts_with("functions[") {
                    if let Some((_, name)) = names.iter().find(|(n, _)| n == index) {
                        path.push_str(&format!(" ({name:?})"));
                    }
                }
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_path_follows_keys_indexes_and_function_names() {
        let text = r#"{"functions": [{"name": "a"}, {"name": "b\"c", "config": {"x": [1, 2, "#;
        let at_end = |t: &str| json_path_at(t, 1, t.len());
        assert_eq!(at_end(text), r#"functions[1] ("b\"c").config.x[2]"#);
        assert_eq!(at_end(r#"{"a": {"b": 1}, "c": "#), "c");
        assert_eq!(at_end(r#"{"a": {"b": 1}, "#), "");
        assert_eq!(at_end("{\n \"a\":\n  [0,\n 1"), "a[1]");
        assert_eq!(json_path_at("{\n \"a\":\n  [0,\n 1", 3, 3), "a[0]");
    }

    #[test]
    fn architecture_keeps_lambda_spelling_in_json() {
        for (architecture, text) in [
            (Architecture::Arm64, "\"arm64\""),
            (Architecture::X86_64, "\"x86_64\""),
        ] {
            assert_eq!(serde_json::to_string(&architecture).unwrap(), text);
            assert_eq!(
                serde_json::from_str::<Architecture>(text).unwrap(),
                architecture
            );
        }
    }
}
