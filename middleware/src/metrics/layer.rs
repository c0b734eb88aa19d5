//! `MetricsLayer` and its service.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use frugal_pricing::metric_names::NAMESPACE;
use frugal_pricing::request::{dynamodb_cost, logs_cost, FrontDoor, PLATFORM_LOG_BYTES};
use frugal_pricing::{
    lambda_price, Architecture, CostModel, LambdaPrice, DEFAULT_MEMORY_MB, DEFAULT_REGION,
    LAMBDA_PRICES,
};

use super::emf::{max_memory_used_mb, MetricsSink, Record};
use crate::future::define_inner_service_accessors;
use crate::stream::{wants_event_stream, StreamHooks};
use crate::types::{ChatReply, ModelCall, Source, StorageMeter};

/// Response header: who answered (`smalltalk`, `cache`, `model`).
pub const SOURCE_HEADER: &str = "x-frugal-source";
/// Response header: `true` on the first invocation of the process.
pub const COLD_START_HEADER: &str = "x-frugal-cold-start";
/// Response header: estimated cost of the request in USD.
pub const COST_HEADER: &str = "x-frugal-cost-usd";

#[derive(Clone, Debug)]
struct Settings {
    namespace: String,
    service: String,
    function_name: String,
    cost: CostModel,
    sink: MetricsSink,
    init_started: Instant,
    ready: Arc<std::sync::OnceLock<Instant>>,
    front_door: Option<FrontDoor>,
}

/// Measures every request and writes one EMF line for it. See the [module docs](super).
///
/// The cold-start flag is set when the layer is created and cleared by the first request through any
/// service it made.
#[derive(Clone, Debug)]
pub struct MetricsLayer {
    settings: Settings,
    cold: Arc<AtomicBool>,
}

impl Default for MetricsLayer {
    fn default() -> Self {
        Self::new()
    }
}

/// The service name used when none is configured.
pub const DEFAULT_SERVICE_NAME: &str = "frugal-chat";
/// The function name used outside Lambda.
pub const LOCAL_FUNCTION_NAME: &str = "local";

/// The price table's entry for the default region; every architecture has one.
fn default_price(architecture: Architecture) -> &'static LambdaPrice {
    lambda_price(DEFAULT_REGION, architecture).unwrap_or(&LAMBDA_PRICES[0])
}

impl MetricsLayer {
    /// Namespace `Frugal`, service `frugal-chat`, function `local`, EMF on stdout, and a 256 MB function
    /// of this binary's architecture in us-east-1 for the cost. Reads no environment variable; see
    /// [`MetricsLayer::from_env`].
    pub fn new() -> Self {
        Self {
            settings: Settings {
                namespace: NAMESPACE.into(),
                service: DEFAULT_SERVICE_NAME.into(),
                function_name: LOCAL_FUNCTION_NAME.into(),
                cost: CostModel::new(DEFAULT_MEMORY_MB, default_price(Architecture::current())),
                sink: MetricsSink::Stdout,
                init_started: Instant::now(),
                ready: Arc::default(),
                front_door: None,
            },
            cold: Arc::new(AtomicBool::new(true)),
        }
    }

    /// [`MetricsLayer::new`] with what the Lambda environment says, where set:
    /// `AWS_LAMBDA_FUNCTION_NAME` (the `function_name` dimension), `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`
    /// and `AWS_REGION` (the cost), `FRUGAL_ARCHITECTURE` (`arm64` or `x86_64`; default: this binary's),
    /// `POWERTOOLS_SERVICE_NAME` (the `service` dimension), `POWERTOOLS_METRICS_NAMESPACE` and
    /// `FRUGAL_FRONT_DOOR` (`rest-api`, `http-api` or `function-url`: its price per request is added).
    /// A region or architecture the price table does not know is logged as a warning naming the
    /// prices used instead.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`MetricsLayer::from_env`] through `lookup` instead of the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut layer = Self::new();
        if let Some(namespace) = get("POWERTOOLS_METRICS_NAMESPACE") {
            layer.settings.namespace = namespace;
        }
        if let Some(service) = get("POWERTOOLS_SERVICE_NAME") {
            layer.settings.service = service;
        }
        if let Some(name) = get("AWS_LAMBDA_FUNCTION_NAME") {
            layer.settings.function_name = name;
        }
        let memory_mb = match get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").map(|v| v.parse::<u32>()) {
            Some(Ok(mb)) if mb > 0 => mb,
            Some(_) => {
                tracing::warn!(
                    default_mb = DEFAULT_MEMORY_MB,
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a number of MB; costs assume the default"
                );
                DEFAULT_MEMORY_MB
            }
            None => DEFAULT_MEMORY_MB,
        };
        let architecture = match get("FRUGAL_ARCHITECTURE").map(|v| v.parse::<Architecture>()) {
            Some(Ok(architecture)) => architecture,
            Some(Err(error)) => {
                let current = Architecture::current();
                tracing::warn!(%error, using = current.as_str(), "FRUGAL_ARCHITECTURE ignored");
                current
            }
            None => Architecture::current(),
        };
        let region = get("AWS_REGION").unwrap_or_else(|| DEFAULT_REGION.into());
        let price = lambda_price(&region, architecture).unwrap_or_else(|| {
            tracing::warn!(
                region,
                using = DEFAULT_REGION,
                "no Lambda prices for this region; estimated costs use the prices of the region named in `using`"
            );
            default_price(architecture)
        });
        layer.settings.cost = CostModel::new(memory_mb, price);
        layer.settings.front_door = match get("FRUGAL_FRONT_DOOR").map(|v| v.parse::<FrontDoor>()) {
            Some(Ok(door)) => Some(door),
            Some(Err(error)) => {
                tracing::warn!(%error, "FRUGAL_FRONT_DOOR ignored: EstimatedCost leaves the front door out");
                None
            }
            None => None,
        };
        layer
    }

    /// CloudWatch namespace (default `Frugal`).
    #[must_use]
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.settings.namespace = namespace.into();
        self
    }

    /// The `service` dimension.
    #[must_use]
    pub fn service_name(mut self, service: impl Into<String>) -> Self {
        self.settings.service = service.into();
        self
    }

    /// The `function_name` dimension.
    #[must_use]
    pub fn function_name(mut self, name: impl Into<String>) -> Self {
        self.settings.function_name = name.into();
        self
    }

    /// The cost model (memory and prices).
    #[must_use]
    pub fn cost_model(mut self, cost: CostModel) -> Self {
        self.settings.cost = cost;
        self
    }

    /// Where EMF lines go (stdout by default).
    #[must_use]
    pub fn sink(mut self, sink: MetricsSink) -> Self {
        self.settings.sink = sink;
        self
    }

    /// When init began; call with an `Instant` taken first thing in `main` so `InitDuration` covers it.
    #[must_use]
    pub fn init_started_at(mut self, at: Instant) -> Self {
        self.settings.init_started = at;
        self
    }

    /// Adds the front door's price per request (API Gateway, function URL) to `EstimatedCost`
    /// (`FRUGAL_FRONT_DOOR` in [`MetricsLayer::from_env`]; none by default).
    #[must_use]
    pub fn front_door(mut self, front_door: FrontDoor) -> Self {
        self.settings.front_door = Some(front_door);
        self
    }

    /// Marks init as done: call it when the process is ready to serve (just before
    /// `lambda_http::run`, or once the local server listens). `InitDuration` (and the init part of a
    /// cold request's cost) is then the time from [`MetricsLayer::init_started_at`] to here, not to the
    /// first request, which may come much later (a local server left idle, provisioned concurrency).
    /// Without it, init ends at the first request. Shared by every service made by this layer.
    pub fn mark_ready(&self) {
        let _ = self.settings.ready.set(Instant::now());
    }
}

impl<S> Layer<S> for MetricsLayer {
    type Service = Metrics<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Metrics {
            inner,
            settings: Arc::new(self.settings.clone()),
            cold: self.cold.clone(),
        }
    }
}

/// The metrics service, made by [`MetricsLayer`].
#[derive(Clone, Debug)]
pub struct Metrics<S> {
    inner: S,
    settings: Arc<Settings>,
    cold: Arc<AtomicBool>,
}

impl<S> Metrics<S> {
    define_inner_service_accessors!();
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Metrics<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<Bytes>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let start = Instant::now();
        let meter = request
            .extensions()
            .get::<StorageMeter>()
            .cloned()
            .unwrap_or_default();
        request.extensions_mut().insert(meter.clone());
        let cold = self.cold.swap(false, Ordering::AcqRel);
        let init = cold.then(|| {
            let ready = self.settings.ready.get().copied().unwrap_or(start);
            ready.duration_since(self.settings.init_started)
        });
        let request_id = lambda_request_id(&request);
        let event_stream = wants_event_stream(&request);
        ResponseFuture {
            meter,
            event_stream,
            inner: self.inner.call(request),
            start,
            cold,
            init,
            request_id,
            settings: self.settings.clone(),
        }
    }
}

#[cfg(feature = "lambda")]
fn lambda_request_id<B>(request: &Request<B>) -> Option<String> {
    request
        .extensions()
        .get::<lambda_http::Context>()
        .map(|c| c.request_id.clone())
}

#[cfg(not(feature = "lambda"))]
fn lambda_request_id<B>(_request: &Request<B>) -> Option<String> {
    None
}

pin_project! {
    /// Response future of [`Metrics`].
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        start: Instant,
        cold: bool,
        init: Option<Duration>,
        request_id: Option<String>,
        settings: Arc<Settings>,
        event_stream: bool,
        meter: StorageMeter,
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ResBody: From<Bytes>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        let cold = *this.cold;
        let request = RequestMeasure {
            meter: this.meter.clone(),
            start: *this.start,
            cold,
            init: *this.init,
            request_id: this.request_id.take(),
            settings: this.settings.clone(),
        };
        if let Some(hooks) = response.extensions().get::<StreamHooks>().cloned() {
            // A streamed model answer: measured, priced and written when the stream ends, and its
            // cost goes into the `done` event (there is no cost header: headers went first).
            let status = response.status().as_u16();
            let shared = SharedCacheOutcome::of(&response);
            hooks.on_end(move |end| {
                let ended = end.ended_at;
                let first_token = end.first_delta_at;
                let failed = end.outcome.as_ref().err().map(|e| e.status.as_u16());
                // A streamed canned or cached answer says so in its `done`.
                let source = end
                    .outcome
                    .as_ref()
                    .map_or(Source::Model, |reply| reply.source);
                let cost = request.emit(
                    ended.saturating_duration_since(request.start),
                    end.model_call(),
                    Some(source),
                    failed.unwrap_or(status),
                    first_token.map(|at| at.saturating_duration_since(request.start)),
                    shared,
                );
                if let Ok(reply) = &mut end.outcome {
                    reply.cost_usd = cost;
                }
            });
            set_headers(response.headers_mut(), Some(Source::Model), cold, None);
            return Poll::Ready(Ok(response));
        }

        let model_call = response.extensions().get::<ModelCall>().cloned();
        let source = response.extensions().get::<ChatReply>().map(|r| r.source);
        let cost = request.emit(
            request.start.elapsed(),
            model_call.as_ref(),
            source,
            response.status().as_u16(),
            None,
            SharedCacheOutcome::of(&response),
        );
        // Events only when the request asked for them and the answer is not already JSON (a handler
        // that only speaks JSON keeps its format and content type).
        let json = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
        if let Some(reply) = response.extensions_mut().get_mut::<ChatReply>() {
            reply.cost_usd = cost;
            let body = if *this.event_stream && !json {
                crate::stream::reply_events(reply)
            } else {
                Bytes::from(serde_json::to_vec(&*reply).unwrap_or_default())
            };
            *response.body_mut() = ResBody::from(body);
            response.headers_mut().remove(http::header::CONTENT_LENGTH);
        }
        set_headers(response.headers_mut(), source, cold, Some(cost));
        Poll::Ready(Ok(response))
    }
}

fn set_headers(
    headers: &mut http::HeaderMap,
    source: Option<Source>,
    cold: bool,
    cost: Option<f64>,
) {
    if let Some(source) = source {
        headers.insert(SOURCE_HEADER, HeaderValue::from_static(source.as_str()));
    }
    headers.insert(
        COLD_START_HEADER,
        HeaderValue::from_static(if cold { "true" } else { "false" }),
    );
    if let Some(value) = cost.and_then(|cost| HeaderValue::from_str(&format!("{cost:.10}")).ok()) {
        headers.insert(COST_HEADER, value);
    }
}

/// What the shared cache did for this request (from the cache layer's response extensions).
#[derive(Clone, Copy, Debug, Default)]
struct SharedCacheOutcome {
    hit: bool,
    failed: bool,
}

impl SharedCacheOutcome {
    #[cfg(feature = "cache")]
    fn of<B>(response: &Response<B>) -> Self {
        use crate::cache::{CacheLevel, SharedCacheFailed};
        Self {
            hit: response.extensions().get::<CacheLevel>() == Some(&CacheLevel::L2),
            failed: response.extensions().get::<SharedCacheFailed>().is_some(),
        }
    }

    #[cfg(not(feature = "cache"))]
    fn of<B>(_response: &Response<B>) -> Self {
        Self::default()
    }
}

/// What the metrics layer knows about one request when its answer is ready.
struct RequestMeasure {
    meter: StorageMeter,
    start: Instant,
    cold: bool,
    init: Option<Duration>,
    request_id: Option<String>,
    settings: Arc<Settings>,
}

impl RequestMeasure {
    /// Prices the request and writes its EMF line; returns the cost.
    fn emit(
        &self,
        elapsed: Duration,
        model_call: Option<&ModelCall>,
        source: Option<Source>,
        status: u16,
        time_to_first_token: Option<Duration>,
        shared: SharedCacheOutcome,
    ) -> f64 {
        let settings = &*self.settings;
        let tokens = model_call.map_or(0.0, token_cost_or_warn);
        // Init is billed since August 2025, so a cold request carries its init time too.
        let billed = elapsed + self.init.unwrap_or_default();
        let front_door = settings.front_door.map_or(0.0, FrontDoor::per_request);
        // DynamoDB read here, when the answer (or its stream) has ended and every unit is counted.
        let units = self.meter.units();
        let storage = dynamodb_cost(units.read, units.write);
        let mut cost = settings.cost.invocation_cost(billed) + tokens + front_door + storage;
        if !matches!(settings.sink, MetricsSink::Disabled) {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let record = Record {
                cold_start: self.cold,
                init_duration_ms: self.init.map(ms),
                request_duration_ms: ms(elapsed),
                model_latency_ms: model_call.map(|c| ms(c.latency)),
                time_to_first_token_ms: time_to_first_token.map(ms),
                input_tokens: model_call.map_or(0, |c| c.usage.input_tokens),
                output_tokens: model_call.map_or(0, |c| c.usage.output_tokens),
                cache_read_input_tokens: model_call.map_or(0, |c| c.usage.cache_read_input_tokens),
                cache_write_input_tokens: model_call
                    .map_or(0, |c| c.usage.cache_write_input_tokens),
                estimated_cost: cost,
                small_talk_hit: source == Some(Source::SmallTalk),
                cache_hit: source == Some(Source::Cache),
                shared_cache_hit: shared.hit,
                shared_cache_error: shared.failed,
                model_call: model_call.is_some(),
                max_memory_used_mb: max_memory_used_mb(),
                status,
                request_id: self.request_id.clone(),
            };
            let render = |record: &Record| {
                record.to_emf(
                    &settings.namespace,
                    &settings.service,
                    &settings.function_name,
                )
            };
            // The line is ingested by CloudWatch Logs with Lambda's own platform lines: priced too,
            // so the line is rendered again with the final figure (its length barely changes).
            let line = render(&record);
            cost += logs_cost(line.len() as u64 + 1 + PLATFORM_LOG_BYTES);
            let record = Record {
                estimated_cost: cost,
                ..record
            };
            settings.sink.emit(&render(&record));
        }
        cost
    }
}

/// The token cost of a call; a model the price table does not know costs nothing here and is
/// logged once, so the reader knows the figure leaves its tokens out.
fn token_cost_or_warn(call: &ModelCall) -> f64 {
    static WARNED: AtomicBool = AtomicBool::new(false);
    match call.token_cost() {
        Some(cost) => cost,
        None => {
            if !WARNED.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    model_id = %call.model_id,
                    "no token prices for this model; EstimatedCost leaves its tokens out"
                );
            }
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_helpers::{chat_request, counting_model};
    use tower::ServiceExt;

    #[tokio::test]
    async fn first_request_is_cold_then_warm_and_lines_carry_no_text() {
        let (sink, lines) = MetricsSink::memory();
        let (model, _) = counting_model();
        let service = MetricsLayer::new()
            .sink(sink)
            .function_name("fn")
            .layer(model);
        let first = service
            .clone()
            .oneshot(chat_request("alice", "top secret words", None))
            .await
            .unwrap();
        let second = service
            .clone()
            .oneshot(chat_request("alice", "top secret words", None))
            .await
            .unwrap();
        assert_eq!(first.headers()[COLD_START_HEADER], "true");
        assert_eq!(second.headers()[COLD_START_HEADER], "false");
        assert_eq!(first.headers()[SOURCE_HEADER], "model");

        let lines = lines.lock().unwrap();
        assert_eq!(lines.len(), 2);
        assert!(
            !lines.iter().any(|l| l.contains("secret")),
            "EMF must not carry message text"
        );
        let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(first["ColdStart"], 1);
        assert!(first["InitDuration"].is_number());
        assert_eq!(first["InputTokens"], 10);
        assert_eq!(first["ModelCall"], 1);
        assert_eq!(first["function_name"], "fn");
        assert_eq!(first["_aws"]["CloudWatchMetrics"][0]["Namespace"], "Frugal");
        let names: Vec<_> = first["_aws"]["CloudWatchMetrics"][0]["Metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["Name"].as_str().unwrap().to_owned())
            .collect();
        for name in [
            "ColdStart",
            "RequestDuration",
            "ModelLatency",
            "EstimatedCost",
            "SmallTalkHit",
            "CacheHit",
        ] {
            assert!(names.iter().any(|n| n == name), "missing {name}");
        }
        let second: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!(second["ColdStart"], 0);
        assert!(second.get("InitDuration").is_none());
    }

    #[test]
    fn from_lookup_reads_the_lambda_environment_and_never_guesses_silently() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let layer = MetricsLayer::from_lookup(env(&[
            ("AWS_LAMBDA_FUNCTION_NAME", "chat-fn"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"),
            ("AWS_REGION", "eu-west-1"),
            ("FRUGAL_ARCHITECTURE", "x86_64"),
            ("POWERTOOLS_SERVICE_NAME", "svc"),
        ]));
        assert_eq!(layer.settings.function_name, "chat-fn");
        assert_eq!(layer.settings.service, "svc");
        assert_eq!(layer.settings.cost.memory_mb, 1024);
        assert_eq!(layer.settings.cost.price.region, "eu-west-1");
        assert_eq!(layer.settings.cost.price.architecture, Architecture::X86_64);
        // An unknown region is priced at the default region's list prices (and logged), a bad
        // memory size at the default size; nothing else changes.
        let layer = MetricsLayer::from_lookup(env(&[
            ("AWS_REGION", "mars-1"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"),
        ]));
        assert_eq!(layer.settings.cost.price.region, DEFAULT_REGION);
        assert_eq!(layer.settings.cost.memory_mb, DEFAULT_MEMORY_MB);
        // `new()` reads nothing.
        assert_eq!(
            MetricsLayer::new().settings.function_name,
            LOCAL_FUNCTION_NAME
        );
    }

    #[tokio::test]
    async fn body_cost_matches_header() {
        let (model, _) = counting_model();
        let service = MetricsLayer::new().sink(MetricsSink::Disabled).layer(model);
        let response = service
            .oneshot(chat_request("alice", "q", None))
            .await
            .unwrap();
        let header: f64 = response.headers()[COST_HEADER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body: ChatReply = serde_json::from_slice(response.body()).unwrap();
        assert!((body.cost_usd - header).abs() < 1e-9);
        // 10 input + 20 output tokens of Claude 3 Haiku, plus the request fee at least.
        assert!(body.cost_usd > 0.000_027_5);
    }

    #[tokio::test]
    async fn dynamodb_units_the_handler_counts_are_priced() {
        let handler = tower::service_fn(|request: Request<Bytes>| async move {
            let meter = request.extensions().get::<StorageMeter>().cloned().unwrap();
            meter.read(0.5);
            meter.write_item(1500);
            let call = ModelCall {
                model_id: frugal_pricing::DEFAULT_MODEL_ID.into(),
                usage: crate::Usage::default(),
                latency: Duration::ZERO,
            };
            Ok::<_, std::convert::Infallible>(
                ChatReply::from_model("s", "x", call).into_response::<Bytes>(),
            )
        });
        let plain = tower::service_fn(|_request: Request<Bytes>| async move {
            let call = ModelCall {
                model_id: frugal_pricing::DEFAULT_MODEL_ID.into(),
                usage: crate::Usage::default(),
                latency: Duration::ZERO,
            };
            Ok::<_, std::convert::Infallible>(
                ChatReply::from_model("s", "x", call).into_response::<Bytes>(),
            )
        });
        let layer = MetricsLayer::new().sink(MetricsSink::Disabled);
        let cost = |response: Response<Bytes>| -> f64 {
            response.headers()[COST_HEADER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap()
        };
        let with = cost(
            layer
                .layer(handler)
                .oneshot(chat_request("a", "q", None))
                .await
                .unwrap(),
        );
        let without = cost(
            layer
                .layer(plain)
                .oneshot(chat_request("a", "q", None))
                .await
                .unwrap(),
        );
        // Half a read unit and two write units (1.5 KB) at on-demand prices.
        let expected = frugal_pricing::request::dynamodb_cost(0.5, 2.0);
        assert!(
            ((with - without) - expected).abs() < 2e-8,
            "{with} - {without} vs {expected}"
        );
    }

    #[tokio::test]
    async fn the_front_door_and_the_log_lines_are_priced_too() {
        let (sink, lines) = MetricsSink::memory();
        let (model, _) = counting_model();
        let bare = MetricsLayer::new()
            .sink(MetricsSink::Disabled)
            .layer(model.clone());
        let whole = MetricsLayer::new()
            .sink(sink)
            .front_door(FrontDoor::RestApi)
            .layer(model);
        let cost = |response: &Response<Bytes>| -> f64 {
            response.headers()[COST_HEADER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap()
        };
        let bare = cost(&bare.oneshot(chat_request("a", "q", None)).await.unwrap());
        let whole = cost(&whole.oneshot(chat_request("a", "q", None)).await.unwrap());
        let line = lines.lock().unwrap()[0].clone();
        let logs = logs_cost(line.len() as u64 + 1 + PLATFORM_LOG_BYTES);
        // The REST API's $3.50 per million and the ingestion of ~1.5 KB of log lines.
        let extra = whole - bare;
        assert!(
            (extra - (3.5e-6 + logs)).abs() < 2e-7,
            "extra {extra}, logs {logs}"
        );
        let emf: serde_json::Value = serde_json::from_str(&line).unwrap();
        // The header carries ten decimals.
        assert!((emf["EstimatedCost"].as_f64().unwrap() - whole).abs() < 1e-9);
    }
}
