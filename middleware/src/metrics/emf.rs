//! EMF records and where they go.

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use frugal_pricing::metric_names as names;

/// One invocation's metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// First invocation of this process.
    pub cold_start: bool,
    /// Process start to first request, on a cold start.
    pub init_duration_ms: Option<f64>,
    /// Time in the stack.
    pub request_duration_ms: f64,
    /// Time waiting for the model, when it was called.
    pub model_latency_ms: Option<f64>,
    /// Request start to the first streamed text, for streamed model answers.
    pub time_to_first_token_ms: Option<f64>,
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Prompt tokens read from Bedrock's prompt cache.
    pub cache_read_input_tokens: u64,
    /// Prompt tokens written to Bedrock's prompt cache.
    pub cache_write_input_tokens: u64,
    /// Estimated cost of the request, USD.
    pub estimated_cost: f64,
    /// Answered by small talk.
    pub small_talk_hit: bool,
    /// Answered from the cache.
    pub cache_hit: bool,
    /// Answered from the shared (L2) cache.
    pub shared_cache_hit: bool,
    /// The shared cache failed while this request read it.
    pub shared_cache_error: bool,
    /// The model was called.
    pub model_call: bool,
    /// Peak resident memory of the process, MB.
    pub max_memory_used_mb: Option<f64>,
    /// HTTP status of the reply (a property, not a metric).
    pub status: u16,
    /// Lambda request id, when known (a property).
    pub request_id: Option<String>,
}

impl Record {
    /// Renders the record as one EMF JSON line (no message text, ever). Written directly rather than
    /// through `serde_json::Value`, which costs several times more per request.
    pub fn to_emf(&self, namespace: &str, service: &str, function_name: &str) -> String {
        use std::fmt::Write as _;
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let mut values: Vec<(&str, &str, String)> = Vec::with_capacity(11);
        let mut put = |name: &'static str, unit: &'static str, value: String| {
            values.push((name, unit, value))
        };
        put(
            names::COLD_START,
            "Count",
            u8::from(self.cold_start).to_string(),
        );
        if let Some(init) = self.init_duration_ms {
            put(names::INIT_DURATION, "Milliseconds", number(round3(init)));
        }
        put(
            names::REQUEST_DURATION,
            "Milliseconds",
            number(round3(self.request_duration_ms)),
        );
        if let Some(latency) = self.model_latency_ms {
            put(
                names::MODEL_LATENCY,
                "Milliseconds",
                number(round3(latency)),
            );
        }
        if let Some(ttft) = self.time_to_first_token_ms {
            put(
                names::TIME_TO_FIRST_TOKEN,
                "Milliseconds",
                number(round3(ttft)),
            );
        }
        // Tokens only when the model was called: averages then read "per model call", and a
        // greeting's line is shorter.
        if self.model_call || self.input_tokens + self.output_tokens > 0 {
            put(names::INPUT_TOKENS, "Count", self.input_tokens.to_string());
            put(
                names::OUTPUT_TOKENS,
                "Count",
                self.output_tokens.to_string(),
            );
        }
        // Written only when the model used its prompt cache (a smaller line costs less to ingest).
        if self.cache_read_input_tokens > 0 {
            put(
                names::CACHE_READ_INPUT_TOKENS,
                "Count",
                self.cache_read_input_tokens.to_string(),
            );
        }
        if self.cache_write_input_tokens > 0 {
            put(
                names::CACHE_WRITE_INPUT_TOKENS,
                "Count",
                self.cache_write_input_tokens.to_string(),
            );
        }
        // Five significant digits (`2.0417e-7`), not seventeen.
        put(
            names::ESTIMATED_COST,
            "None",
            significant(self.estimated_cost),
        );
        put(
            names::SMALL_TALK_HIT,
            "Count",
            u8::from(self.small_talk_hit).to_string(),
        );
        put(
            names::CACHE_HIT,
            "Count",
            u8::from(self.cache_hit).to_string(),
        );
        // Written only when they happened: they are summed, and a smaller line costs less to ingest.
        if self.shared_cache_hit {
            put(names::SHARED_CACHE_HIT, "Count", "1".into());
        }
        if self.shared_cache_error {
            put(names::SHARED_CACHE_ERROR, "Count", "1".into());
        }
        put(
            names::MODEL_CALL,
            "Count",
            u8::from(self.model_call).to_string(),
        );
        if let Some(memory) = self.max_memory_used_mb {
            put(
                names::MAX_MEMORY_USED,
                "Megabytes",
                number((memory * 10.0).round() / 10.0),
            );
        }
        let quote = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
        let mut line = String::with_capacity(640);
        let _ = write!(
            line,
            "{{\"_aws\":{{\"Timestamp\":{timestamp},\"CloudWatchMetrics\":[{{\"Namespace\":{},\"Dimensions\":[[\"service\",\"function_name\"]],\"Metrics\":[",
            quote(namespace)
        );
        for (i, (name, unit, _)) in values.iter().enumerate() {
            let comma = if i == 0 { "" } else { "," };
            let _ = write!(line, "{comma}{{\"Name\":\"{name}\",\"Unit\":\"{unit}\"}}");
        }
        let _ = write!(
            line,
            "]}}]}},\"service\":{},\"function_name\":{},\"status\":{}",
            quote(service),
            quote(function_name),
            self.status
        );
        if let Some(id) = &self.request_id {
            let _ = write!(line, ",\"request_id\":{}", quote(id));
        }
        for (name, _, value) in &values {
            let _ = write!(line, ",\"{name}\":{value}");
        }
        line.push('}');
        line
    }
}

/// A finite JSON number (NaN and infinities, which JSON cannot carry, as 0).
fn number(value: f64) -> String {
    if value.is_finite() {
        let mut text = format!("{value}");
        if !text.contains(['.', 'e', 'E']) {
            text.push_str(".0");
        }
        text
    } else {
        "0.0".into()
    }
}

/// A finite JSON number with five significant digits in scientific notation (0 as `0.0`).
fn significant(value: f64) -> String {
    if value.is_finite() && value != 0.0 {
        format!("{value:.4e}")
    } else {
        "0.0".into()
    }
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Where EMF lines go: stdout (what Lambda expects), nowhere, or memory (tests).
#[derive(Clone, Default)]
pub enum MetricsSink {
    /// One line per record on stdout.
    #[default]
    Stdout,
    /// Discard (metrics still drive the headers).
    Disabled,
    /// Collect lines in memory.
    Memory(Arc<Mutex<Vec<String>>>),
}

impl fmt::Debug for MetricsSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricsSink::Stdout => f.write_str("Stdout"),
            MetricsSink::Disabled => f.write_str("Disabled"),
            MetricsSink::Memory(_) => f.write_str("Memory"),
        }
    }
}

impl MetricsSink {
    /// A memory sink and the lines it collects.
    pub fn memory() -> (Self, Arc<Mutex<Vec<String>>>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        (MetricsSink::Memory(lines.clone()), lines)
    }

    pub(crate) fn emit(&self, line: &str) {
        match self {
            MetricsSink::Stdout => {
                // A failed write to stdout must not fail the request; Lambda would lose the line anyway.
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(line.as_bytes());
                let _ = out.write_all(b"\n");
                let _ = out.flush();
            }
            MetricsSink::Disabled => {}
            MetricsSink::Memory(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(line.to_owned());
                }
            }
        }
    }
}

/// Peak resident set size of this process in MB (`VmHWM`), read at most once per
/// [`MEMORY_SAMPLE_INTERVAL`] (reading `/proc/self/status` costs more than the rest of the metrics
/// layer together); between reads the last value is reported. A peak only grows, so a slightly old
/// value is a slight under-estimate, never a wrong one.
pub fn max_memory_used_mb() -> Option<f64> {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    use std::time::Instant;
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    static LAST_READ_MS: AtomicU64 = AtomicU64::new(u64::MAX);
    static LAST_VALUE_BITS: AtomicU64 = AtomicU64::new(0);
    let now_ms = EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64;
    let last = LAST_READ_MS.load(Ordering::Relaxed);
    if last != u64::MAX && now_ms.saturating_sub(last) < MEMORY_SAMPLE_INTERVAL.as_millis() as u64 {
        let bits = LAST_VALUE_BITS.load(Ordering::Relaxed);
        return (bits != 0).then(|| f64::from_bits(bits));
    }
    LAST_READ_MS.store(now_ms, Ordering::Relaxed);
    let value = read_vm_hwm_mb();
    LAST_VALUE_BITS.store(value.map_or(0, f64::to_bits), Ordering::Relaxed);
    value
}

/// How often [`max_memory_used_mb`] reads the kernel's figure.
pub const MEMORY_SAMPLE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

fn read_vm_hwm_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_is_valid_json_with_every_metric_declared() {
        let record = Record {
            cold_start: true,
            init_duration_ms: Some(12.3456),
            request_duration_ms: 1.0,
            model_latency_ms: Some(f64::NAN),
            estimated_cost: 1e-7,
            max_memory_used_mb: Some(10.0),
            status: 200,
            request_id: Some("id\"quoted".into()),
            ..Default::default()
        };
        let line = record.to_emf("Ns", "svc \"x\"", "fn");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let declared = value["_aws"]["CloudWatchMetrics"][0]["Metrics"]
            .as_array()
            .unwrap();
        for metric in declared {
            let name = metric["Name"].as_str().unwrap();
            assert!(value[name].is_number(), "{name} missing in {line}");
        }
        // No model call: no token counts.
        assert_eq!(declared.len(), 9, "{line}");
        assert!(value.get("InputTokens").is_none());
        assert_eq!(value["EstimatedCost"].as_f64(), Some(1e-7));
        assert_eq!(value["InitDuration"], 12.346);
        assert_eq!(value["ModelLatency"], 0.0);
        assert_eq!(value["service"], "svc \"x\"");
        assert_eq!(value["request_id"], "id\"quoted");
        let model = Record {
            model_call: true,
            input_tokens: 400,
            output_tokens: 150,
            estimated_cost: 0.000_287_512_345,
            ..record
        };
        let line = model.to_emf("Ns", "svc", "fn");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["InputTokens"], 400);
        assert_eq!(value["EstimatedCost"].as_f64(), Some(2.8751e-4));
    }
}
