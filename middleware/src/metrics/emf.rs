//! EMF records and where they go.

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

/// Default CloudWatch namespace.
pub const DEFAULT_NAMESPACE: &str = "Frugal";

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
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Estimated cost of the request, USD.
    pub estimated_cost: f64,
    /// Answered by small talk.
    pub small_talk_hit: bool,
    /// Answered from the cache.
    pub cache_hit: bool,
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
    /// Renders the record as one EMF JSON object (no message text, ever).
    pub fn to_emf(&self, namespace: &str, service: &str, function_name: &str) -> Value {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let mut metrics = Vec::new();
        let mut root = Map::new();
        let mut put = |name: &str, unit: &str, value: Value| {
            metrics.push(json!({"Name": name, "Unit": unit}));
            root.insert(name.to_owned(), value);
        };
        put("ColdStart", "Count", json!(u8::from(self.cold_start)));
        if let Some(init) = self.init_duration_ms {
            put("InitDuration", "Milliseconds", json!(round3(init)));
        }
        put(
            "RequestDuration",
            "Milliseconds",
            json!(round3(self.request_duration_ms)),
        );
        if let Some(latency) = self.model_latency_ms {
            put("ModelLatency", "Milliseconds", json!(round3(latency)));
        }
        put("InputTokens", "Count", json!(self.input_tokens));
        put("OutputTokens", "Count", json!(self.output_tokens));
        put("EstimatedCost", "None", json!(self.estimated_cost));
        put(
            "SmallTalkHit",
            "Count",
            json!(u8::from(self.small_talk_hit)),
        );
        put("CacheHit", "Count", json!(u8::from(self.cache_hit)));
        put("ModelCall", "Count", json!(u8::from(self.model_call)));
        if let Some(memory) = self.max_memory_used_mb {
            put("MaxMemoryUsed", "Megabytes", json!(round3(memory)));
        }
        root.insert(
            "_aws".into(),
            json!({
                "Timestamp": timestamp,
                "CloudWatchMetrics": [{
                    "Namespace": namespace,
                    "Dimensions": [["service", "function_name"]],
                    "Metrics": metrics,
                }],
            }),
        );
        root.insert("service".into(), json!(service));
        root.insert("function_name".into(), json!(function_name));
        root.insert("status".into(), json!(self.status));
        if let Some(id) = &self.request_id {
            root.insert("request_id".into(), json!(id));
        }
        Value::Object(root)
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

    pub(crate) fn emit(&self, line: &Value) {
        match self {
            MetricsSink::Stdout => {
                // A failed write to stdout must not fail the request; Lambda would lose the line anyway.
                let mut out = std::io::stdout().lock();
                let _ = serde_json::to_writer(&mut out, line);
                let _ = out.write_all(b"\n");
                let _ = out.flush();
            }
            MetricsSink::Disabled => {}
            MetricsSink::Memory(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(line.to_string());
                }
            }
        }
    }
}

/// Peak resident set size of this process in MB (`VmHWM`), where the platform reports it.
pub fn max_memory_used_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
