//! Assembles the chat service and the Frugal middleware from a [`Config`].

use std::time::{Duration, Instant};

use std::sync::Arc;

use frugal_middleware::cache::{ResponseCacheLayer, Scope};
use frugal_middleware::deadline::DeadlineLayer;
use frugal_middleware::guard::{GuardLayer, IdentitySource};
use frugal_middleware::metrics::MetricsLayer;
use frugal_middleware::small_talk::SmallTalkLayer;
use frugal_middleware::{FrugalService, FrugalStack};
use http::{header, HeaderName, HeaderValue, Method};
use tower::Layer;
use tower_http::cors::{AllowOrigin, Cors, CorsLayer};

use crate::aws::{AwsSettings, LazyAws};
use crate::budget::{Budget, BudgetStore, DynamoBudget, MemoryBudget};
use crate::config::{CacheScope, Config, HistoryBackend};
use crate::history::{DynamoHistory, History, MemoryHistory};
use crate::model::ModelSettings;
use crate::service::ChatService;
use crate::shared_cache::DynamoCache;

/// How the stack takes the caller's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// API Gateway JWT authorizer (`sub`); inside Lambda.
    Authorizer,
    /// The configured dev user (local server).
    DevUser,
    /// The `x-frugal-user` header, else the dev user (`serve --insecure-dev-auth`).
    InsecureHeader,
}

/// The whole service: CORS for the allowed origins, the Frugal middleware, the chat routes.
pub type ChatStack = Cors<FrugalService<ChatService>>;

/// Response headers a page on another origin may read.
const EXPOSED_HEADERS: [&str; 5] = [
    "x-frugal-source",
    "x-frugal-cold-start",
    "x-frugal-cost-usd",
    "retry-after",
    "idempotent-replayed",
];

/// The assembled application.
pub struct App {
    /// The chat service (inner).
    pub chat: ChatService,
    /// The middleware stack around it.
    pub service: ChatStack,
    metrics: MetricsLayer,
}

/// CORS for `origins` only (`FRUGAL_ALLOWED_ORIGINS`): the request's `Origin` is echoed when it is on
/// the list, and nothing is allowed otherwise (an empty list allows no other origin).
fn cors(origins: &[HeaderValue]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(Duration::from_secs(600))
}

/// Builds the application. Nothing touches AWS here unless `config.prewarm` is set and
/// [`App::prewarm`] is called.
pub fn build(config: &Config, aws: AwsSettings, auth: AuthMode, init_started: Instant) -> App {
    let aws = LazyAws::new(aws);
    let history: Arc<dyn History> = match &config.history {
        HistoryBackend::DynamoDb { table } => Arc::new(DynamoHistory::new(
            aws.clone(),
            table.clone(),
            config.history_ttl,
        )),
        HistoryBackend::Memory => Arc::new(MemoryHistory::default()),
    };
    let model = ModelSettings {
        model_id: config.model_id.clone(),
        system_prompt: config.system_prompt.clone(),
        max_tokens: config.max_tokens,
        temperature: config.temperature,
        max_history_tokens: config.max_history_tokens,
    };
    let budget = config.user_daily_budget_usd.map(|limit| {
        let store: Arc<dyn BudgetStore> = match &config.history {
            HistoryBackend::DynamoDb { table } => {
                Arc::new(DynamoBudget::new(aws.clone(), table.clone()))
            }
            HistoryBackend::Memory => Arc::new(MemoryBudget::default()),
        };
        Budget::new(store, limit)
    });
    let chat = ChatService::new(aws.clone(), history, model, config.history_turns)
        .with_budget(budget)
        .with_storage_pricing(matches!(config.history, HistoryBackend::DynamoDb { .. }));

    let identity = match auth {
        AuthMode::Authorizer => IdentitySource::Authorizer,
        AuthMode::DevUser => IdentitySource::Fixed(config.dev_user.clone()),
        AuthMode::InsecureHeader => IdentitySource::InsecureHeader(config.dev_user.clone()),
    };
    let deadline = if config.in_lambda {
        DeadlineLayer::new()
    } else {
        DeadlineLayer::new().local_budget(config.local_budget)
    };
    let metrics = MetricsLayer::from_env().init_started_at(init_started);
    let stack = FrugalStack::new(&config.model_id, &config.system_prompt)
        .guard(
            GuardLayer::new()
                .max_body_bytes(config.max_body_bytes)
                .identity(identity),
        )
        .metrics(metrics.clone())
        .deadline(deadline);
    let stack = match &config.small_talk {
        Some(file) => stack.small_talk(SmallTalkLayer::new().config(file.config.clone())),
        None => stack,
    };
    let cache = ResponseCacheLayer::new(&config.model_id, &config.system_prompt)
        .max_bytes(config.cache_max_bytes)
        .time_to_live(config.cache_ttl);
    let cache = match &config.cache_table {
        Some(table) => cache.shared(Arc::new(DynamoCache::new(aws.clone(), table.clone()))),
        None => cache,
    };
    let stack = match config.cache_scope {
        CacheScope::Off => stack.without_cache(),
        CacheScope::User => stack.cache(cache.scope(Scope::PerUser)),
        CacheScope::Shared => stack.cache(cache.scope(Scope::Shared)),
    };
    let service = cors(&config.allowed_origins).layer(stack.service(chat.clone()));
    App {
        chat,
        service,
        metrics,
    }
}

impl App {
    /// Init is done: the process is about to serve (`InitDuration` ends here, not at the first
    /// request, which a local server may get long after it started).
    pub fn mark_ready(&self) {
        self.metrics.mark_ready();
    }

    /// Builds the AWS clients and opens their connections now (`FRUGAL_PREWARM=1`), so the first
    /// model request does not pay for the TLS handshakes. Failures are logged, not fatal.
    pub async fn prewarm(&self, config: &Config) {
        let aws = self.chat.aws();
        // Both clients, as every request may need them (history, budget, shared cache).
        let dynamodb = aws.dynamodb().await;
        let bedrock = aws.bedrock().await;
        if let HistoryBackend::DynamoDb { table } = &config.history {
            if let Err(e) = dynamodb.describe_table().table_name(table).send().await {
                tracing::debug!(error = %e, "prewarm: DescribeTable failed");
            }
        }
        // An empty Converse request is rejected by validation (not billed) but opens the connection.
        if let Err(e) = bedrock.converse().model_id(&config.model_id).send().await {
            tracing::debug!(error = %e, "prewarm: Bedrock connection opened (validation error expected)");
        }
    }
}
