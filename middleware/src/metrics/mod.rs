//! Cold-start, latency, token and cost metrics as CloudWatch Embedded Metric Format (EMF) lines.
//!
//! One JSON line per invocation on stdout (Lambda ships stdout to CloudWatch Logs, which turns EMF
//! lines into metrics; no API call, no extra latency). The shape is the one Powertools for AWS Lambda
//! writes, with dimensions `service` and `function_name`, so existing dashboards and `frugal analyze`
//! read them. The layer also adds `x-frugal-source`, `x-frugal-cold-start` and `x-frugal-cost-usd`
//! headers and fills in `cost_usd` of a [`ChatReply`](crate::ChatReply) body.
//!
//! We evaluated `metrics_cloudwatch_embedded` (a recorder for the `metrics` facade) and `metrique`:
//! both are good, but both pull in a global recorder and more init work than one `serde_json` line,
//! and neither knows our per-request cost; EMF is a small, stable format, so it is written here.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::metrics::{MetricsLayer, MetricsSink};
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let (sink, lines) = MetricsSink::memory();
//! let inner = service_fn(|_req: http::Request<Bytes>| async {
//!     Ok::<_, std::convert::Infallible>(http::Response::new(Bytes::from_static(b"ok")))
//! });
//! let service = MetricsLayer::new().sink(sink).layer(inner);
//! let response = service.oneshot(http::Request::new(Bytes::new())).await.unwrap();
//! assert_eq!(response.headers()["x-frugal-cold-start"], "true");
//! let line: serde_json::Value = serde_json::from_str(&lines.lock().unwrap()[0]).unwrap();
//! assert_eq!(line["ColdStart"], 1);
//! # }
//! ```

mod emf;
mod layer;

pub use emf::{max_memory_used_mb, MetricsSink, Record, MEMORY_SAMPLE_INTERVAL};
pub use layer::{
    Metrics, MetricsLayer, ResponseFuture, COLD_START_HEADER, COST_HEADER, DEFAULT_SERVICE_NAME,
    LOCAL_FUNCTION_NAME, SOURCE_HEADER,
};
