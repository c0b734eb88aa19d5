//! CloudWatch Logs, the fallback when CloudWatch has no memory metric or percentiles: the `REPORT`
//! line Lambda writes after every invocation, in either log format.
//!
//! Text format (tab separated):
//! `REPORT RequestId: … Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 128 MB Max Memory Used: 20 MB Init Duration: 45.67 ms`
//!
//! JSON format: an object with `"type": "platform.report"` whose `record.metrics` holds `durationMs`,
//! `billedDurationMs`, `memorySizeMB`, `maxMemoryUsedMB` and, on a cold start, `initDurationMs`.

use serde::Deserialize;

use super::args::Window;
use crate::aws::error_line;

/// One invocation's `REPORT`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReportLine {
    /// Duration, ms.
    pub duration_ms: f64,
    /// Billed duration, ms.
    pub billed_ms: f64,
    /// Peak memory used, MB.
    pub max_memory_used_mb: f64,
    /// Init duration, ms, on a cold start.
    pub init_duration_ms: Option<f64>,
}

#[derive(Deserialize)]
struct JsonReport {
    #[serde(rename = "type")]
    kind: String,
    record: JsonRecord,
}

#[derive(Deserialize)]
struct JsonRecord {
    metrics: JsonMetrics,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonMetrics {
    duration_ms: f64,
    billed_duration_ms: f64,
    #[serde(rename = "maxMemoryUsedMB")]
    max_memory_used_mb: f64,
    init_duration_ms: Option<f64>,
}

/// Parses one log message; `None` for anything that is not a well-formed `REPORT`.
pub fn parse(message: &str) -> Option<ReportLine> {
    let message = message.trim();
    if message.starts_with('{') {
        let report: JsonReport = serde_json::from_str(message).ok()?;
        let m = report.record.metrics;
        return (report.kind == "platform.report").then_some(ReportLine {
            duration_ms: m.duration_ms,
            billed_ms: m.billed_duration_ms,
            max_memory_used_mb: m.max_memory_used_mb,
            init_duration_ms: m.init_duration_ms,
        });
    }
    let rest = message.strip_prefix("REPORT ")?;
    let mut line = ReportLine {
        duration_ms: f64::NAN,
        billed_ms: f64::NAN,
        max_memory_used_mb: f64::NAN,
        init_duration_ms: None,
    };
    for field in rest.split('\t') {
        let Some((key, value)) = field.split_once(':') else {
            continue;
        };
        let number = || {
            value
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<f64>().ok())
                .filter(|n| n.is_finite() && *n >= 0.0)
        };
        match key.trim() {
            "Duration" => line.duration_ms = number()?,
            "Billed Duration" => line.billed_ms = number()?,
            "Max Memory Used" => line.max_memory_used_mb = number()?,
            "Init Duration" => line.init_duration_ms = Some(number()?),
            _ => {}
        }
    }
    (!line.duration_ms.is_nan() && !line.max_memory_used_mb.is_nan()).then(|| ReportLine {
        billed_ms: if line.billed_ms.is_nan() {
            line.duration_ms.ceil()
        } else {
            line.billed_ms
        },
        ..line
    })
}

/// What a sample of `REPORT` lines says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportSummary {
    /// Lines read.
    pub invocations: u64,
    /// Of which cold starts (lines with an init duration).
    pub cold_starts: u64,
    /// Peak memory used, MB.
    pub max_memory_used_mb: f64,
    /// Mean init duration of the cold starts, ms.
    pub init_duration_ms: Option<f64>,
    /// Durations, ms, sorted ascending (for percentiles).
    pub durations_ms: Vec<f64>,
}

impl ReportSummary {
    /// Summarises the `REPORT` lines among `messages`, ignoring everything else.
    pub fn from_messages<'a>(messages: impl IntoIterator<Item = &'a str>) -> Self {
        let mut summary = ReportSummary::default();
        let mut init_total = 0.0;
        for line in messages.into_iter().filter_map(parse) {
            summary.invocations += 1;
            summary.max_memory_used_mb = summary.max_memory_used_mb.max(line.max_memory_used_mb);
            summary.durations_ms.push(line.duration_ms);
            if let Some(init) = line.init_duration_ms {
                summary.cold_starts += 1;
                init_total += init;
            }
        }
        summary.durations_ms.sort_by(f64::total_cmp);
        summary.init_duration_ms =
            (summary.cold_starts > 0).then(|| init_total / summary.cold_starts as f64);
        summary
    }

    /// The `q` quantile (0–1) of the durations, nearest rank.
    pub fn percentile(&self, q: f64) -> Option<f64> {
        let n = self.durations_ms.len();
        (n > 0).then(|| {
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
            self.durations_ms[rank - 1]
        })
    }
}

/// A sample of a function's `REPORT` lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogSample {
    /// What the lines say.
    pub summary: ReportSummary,
    /// The read stopped at its cap, so the lines are the window's first ones, not all of them.
    pub capped: bool,
}

/// Reads up to `max_events` `REPORT` lines of `log_group` in `window`.
pub async fn read_reports(
    client: &aws_sdk_cloudwatchlogs::Client,
    log_group: &str,
    json: bool,
    window: &Window,
    max_events: usize,
) -> crate::Result<LogSample> {
    let pattern = if json {
        r#"{ $.type = "platform.report" }"#
    } else {
        "\"REPORT RequestId\""
    };
    let mut pages = client
        .filter_log_events()
        .log_group_name(log_group)
        .start_time(window.start * 1000)
        .end_time(window.end * 1000)
        .filter_pattern(pattern)
        .into_paginator()
        .send();
    let mut messages = Vec::new();
    let mut capped = false;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| crate::Error::Aws {
            call: format!("FilterLogEvents on {log_group}"),
            line: error_line(&e),
        })?;
        messages.extend(
            page.events()
                .iter()
                .filter_map(|e| e.message().map(str::to_owned)),
        );
        if messages.len() >= max_events {
            messages.truncate(max_events);
            capped = true;
            break;
        }
    }
    Ok(LogSample {
        summary: ReportSummary::from_messages(messages.iter().map(String::as_str)),
        capped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT_COLD: &str = "REPORT RequestId: 0f3c1e9a-1111-4a8e-9d55-2f0b3c4d5e6f\tDuration: 812.50 ms\tBilled Duration: 813 ms\tMemory Size: 512 MB\tMax Memory Used: 38 MB\tInit Duration: 21.40 ms\t";
    const TEXT_WARM: &str = "REPORT RequestId: 7a2b9c0d-2222-4b1c-8e66-3a1b2c3d4e5f\tDuration: 95.02 ms\tBilled Duration: 96 ms\tMemory Size: 512 MB\tMax Memory Used: 41 MB\t";
    const JSON_COLD: &str = r#"{"time":"2026-11-20T10:00:00.000Z","type":"platform.report","record":{"requestId":"5e6f7a8b","status":"success","metrics":{"durationMs":640.2,"billedDurationMs":641,"memorySizeMB":512,"maxMemoryUsedMB":44,"initDurationMs":19.5}}}"#;

    #[test]
    fn parses_both_log_formats() {
        assert_eq!(
            parse(TEXT_COLD),
            Some(ReportLine {
                duration_ms: 812.5,
                billed_ms: 813.0,
                max_memory_used_mb: 38.0,
                init_duration_ms: Some(21.4)
            })
        );
        assert_eq!(parse(TEXT_WARM).and_then(|l| l.init_duration_ms), None);
        assert_eq!(
            parse(JSON_COLD),
            Some(ReportLine {
                duration_ms: 640.2,
                billed_ms: 641.0,
                max_memory_used_mb: 44.0,
                init_duration_ms: Some(19.5)
            })
        );
    }

    #[test]
    fn ignores_everything_else() {
        for message in [
            "",
            "START RequestId: abc Version: $LATEST",
            "REPORT RequestId: abc\tDuration: lots ms\tMax Memory Used: 12 MB",
            "REPORT RequestId: abc\tDuration: -5 ms\tMax Memory Used: 12 MB",
            r#"{"type":"platform.start","record":{"requestId":"x"}}"#,
            r#"{"type":"platform.report","record":{"metrics":{}}}"#,
            "{not json",
            "REPORT",
        ] {
            assert_eq!(parse(message), None, "{message:?}");
        }
    }

    #[test]
    fn summarises_memory_cold_starts_and_percentiles() {
        let summary =
            ReportSummary::from_messages([TEXT_COLD, "noise", TEXT_WARM, JSON_COLD, TEXT_WARM]);
        assert_eq!(summary.invocations, 4);
        assert_eq!(summary.cold_starts, 2);
        assert_eq!(summary.max_memory_used_mb, 44.0);
        assert!((summary.init_duration_ms.unwrap() - 20.45).abs() < 1e-9);
        assert_eq!(summary.percentile(0.5), Some(95.02));
        assert_eq!(summary.percentile(0.99), Some(812.5));
        assert_eq!(ReportSummary::default().percentile(0.5), None);
    }
}
