//! Assembles the chat service and the Frugal middleware from a [`Config`].

use std::time::Instant;

use frugal_middleware::cache::{ResponseCacheLayer, Scope};
use frugal_middleware::guard::IdentitySource;
use frugal_middleware::stack::FrugalService;
use frugal_middleware::FrugalStack;

use crate::aws::{AwsSettings, LazyAws};
use crate::config::{CacheScope, Config, HistoryBackend};
use crate::history::{DynamoHistory, MemoryHistory};
use crate::model::ModelSettings;
use crate::service::{ChatService, HistoryStore};

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

/// The assembled application.
pub struct App {
    /// The chat service (inner).
    pub chat: ChatService,
    /// The middleware stack around it.
    pub service: FrugalService<ChatService>,
}

/// Builds the application. Nothing touches AWS here unless `config.prewarm` is set and
/// [`App::prewarm`] is called.
pub fn build(config: &Config, aws: AwsSettings, auth: AuthMode, init_started: Instant) -> App {
    let history = match &config.history {
        HistoryBackend::DynamoDb { table } => HistoryStore::Dynamo(DynamoHistory {
            table: table.clone(),
            ttl: config.history_ttl,
        }),
        HistoryBackend::Memory => HistoryStore::Memory(MemoryHistory::default()),
    };
    let model = ModelSettings {
        model_id: config.model_id.clone(),
        system_prompt: config.system_prompt.clone(),
        max_tokens: config.max_tokens,
        temperature: config.temperature,
    };
    let chat = ChatService::new(LazyAws::new(aws), history, model, config.history_turns);

    let mut stack = FrugalStack::new(&config.model_id, &config.system_prompt);
    stack.guard = stack
        .guard
        .max_body_bytes(config.max_body_bytes)
        .identity(match auth {
            AuthMode::Authorizer => IdentitySource::Authorizer,
            AuthMode::DevUser => IdentitySource::Fixed(config.dev_user.clone()),
            AuthMode::InsecureHeader => IdentitySource::InsecureHeader(config.dev_user.clone()),
        });
    stack.metrics = stack.metrics.init_started_at(init_started);
    let cache_bytes = if config.cache_scope == CacheScope::Off {
        0
    } else {
        config.cache_max_bytes
    };
    stack.cache = ResponseCacheLayer::with_limits(
        &config.model_id,
        &config.system_prompt,
        cache_bytes,
        config.cache_ttl,
    )
    .scope(if config.cache_scope == CacheScope::Shared {
        Scope::Shared
    } else {
        Scope::PerUser
    });
    if !config.in_lambda {
        stack.deadline = stack.deadline.local_budget(config.local_budget);
    }
    let service = stack.service(chat.clone());
    App { chat, service }
}

impl App {
    /// Builds the AWS clients and opens their connections now (`FRUGAL_PREWARM=1`), so the first
    /// model request does not pay for the TLS handshakes. Failures are logged, not fatal.
    pub async fn prewarm(&self, config: &Config) {
        let clients = self.chat.aws().get().await;
        if let HistoryBackend::DynamoDb { table } = &config.history {
            if let Err(e) = clients
                .dynamodb
                .describe_table()
                .table_name(table)
                .send()
                .await
            {
                tracing::debug!(error = %e, "prewarm: DescribeTable failed");
            }
        }
        // An empty Converse request is rejected by validation (not billed) but opens the connection.
        if let Err(e) = clients
            .bedrock
            .converse()
            .model_id(&config.model_id)
            .send()
            .await
        {
            tracing::debug!(error = %e, "prewarm: Bedrock connection opened (validation error expected)");
        }
    }
}
