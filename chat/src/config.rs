//! Configuration from environment variables, each with a documented default.

use std::time::Duration;

use frugal_pricing::DEFAULT_MODEL_ID;

/// Default system prompt (`FRUGAL_SYSTEM_PROMPT`).
pub const DEFAULT_SYSTEM_PROMPT: &str = "You are a helpful, concise assistant.";
/// Default maximum output tokens per answer (`FRUGAL_MAX_TOKENS`).
pub const DEFAULT_MAX_TOKENS: i32 = 512;
/// Default sampling temperature (`FRUGAL_TEMPERATURE`).
pub const DEFAULT_TEMPERATURE: f32 = 0.5;
/// Default number of earlier turns sent to the model (`FRUGAL_HISTORY_TURNS`).
pub const DEFAULT_HISTORY_TURNS: usize = 10;
/// Default cap on the (estimated) tokens of earlier turns sent with a prompt
/// (`FRUGAL_MAX_HISTORY_TOKENS`).
pub const DEFAULT_MAX_HISTORY_TOKENS: u64 = 8_000;
/// Default days a turn is kept before DynamoDB's TTL removes it (`FRUGAL_HISTORY_TTL_DAYS`).
pub const DEFAULT_HISTORY_TTL_DAYS: u64 = 30;
/// Default cache budget in bytes (`FRUGAL_CACHE_MAX_BYTES`).
pub const DEFAULT_CACHE_MAX_BYTES: u64 = frugal_middleware::cache::DEFAULT_MAX_BYTES;
/// Default cache time to live in seconds (`FRUGAL_CACHE_TTL_SECS`).
pub const DEFAULT_CACHE_TTL_SECS: u64 = 3600;
/// Default local user (`FRUGAL_DEV_USER`, local server only).
pub const DEFAULT_DEV_USER: &str = "local";
/// Default attempts per AWS call, first included (`FRUGAL_MAX_ATTEMPTS`).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 2;
/// Default per-request budget of the local server, ms (`FRUGAL_LOCAL_BUDGET_MS`): API Gateway's 30 s
/// integration limit less a second.
pub const DEFAULT_LOCAL_BUDGET_MS: u64 = 29_000;

/// A configuration value that could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("environment variable {name} = {value:?} is invalid: {reason}")]
pub struct ConfigError {
    /// The variable.
    pub name: &'static str,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub reason: std::borrow::Cow<'static, str>,
}

/// Where the turns of a conversation are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryBackend {
    /// A DynamoDB table.
    DynamoDb {
        /// Table name.
        table: String,
    },
    /// In this process only (local server without a table).
    Memory,
}

/// Whose answers the response cache may share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheScope {
    /// Per user (default).
    User,
    /// All users.
    Shared,
    /// No cache.
    Off,
}

/// How the function hands its responses to Lambda (`FRUGAL_RESPONSE_MODE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseMode {
    /// The whole response at once (API Gateway HTTP APIs, REST APIs without streaming, function URLs
    /// in `BUFFERED` mode). A client that asks for Server-Sent Events gets them all at the end.
    #[default]
    Buffered,
    /// Lambda's streaming response protocol (REST API `responseTransferMode: STREAM`, function URLs in
    /// `RESPONSE_STREAM` mode): events reach the client as the model writes them.
    Streaming,
}

/// The chat service's configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Bedrock model id or inference profile (`FRUGAL_MODEL_ID`).
    pub model_id: String,
    /// System prompt (`FRUGAL_SYSTEM_PROMPT`).
    pub system_prompt: String,
    /// Max output tokens (`FRUGAL_MAX_TOKENS`).
    pub max_tokens: i32,
    /// Temperature (`FRUGAL_TEMPERATURE`).
    pub temperature: f32,
    /// Earlier turns sent with a prompt (`FRUGAL_HISTORY_TURNS`).
    pub history_turns: usize,
    /// Cap on the estimated tokens of earlier turns sent with a prompt, oldest dropped first
    /// (`FRUGAL_MAX_HISTORY_TOKENS`).
    pub max_history_tokens: u64,
    /// TTL of stored turns (`FRUGAL_HISTORY_TTL_DAYS`).
    pub history_ttl: Duration,
    /// History store: DynamoDB table `FRUGAL_TABLE_NAME`; in memory when unset outside Lambda, or when
    /// `FRUGAL_HISTORY_STORE=memory` (benchmarks and demos: history dies with the process).
    pub history: HistoryBackend,
    /// Cache budget (`FRUGAL_CACHE_MAX_BYTES`).
    pub cache_max_bytes: u64,
    /// Cache TTL (`FRUGAL_CACHE_TTL_SECS`).
    pub cache_ttl: Duration,
    /// Cache scope (`FRUGAL_CACHE_SCOPE` = `user` | `shared` | `off`).
    pub cache_scope: CacheScope,
    /// Body limit (`FRUGAL_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// Local user (`FRUGAL_DEV_USER`).
    pub dev_user: String,
    /// Build AWS clients and open connections during init (`FRUGAL_PREWARM=1`).
    pub prewarm: bool,
    /// Attempts per AWS call (`FRUGAL_MAX_ATTEMPTS`).
    pub max_attempts: u32,
    /// Local per-request budget (`FRUGAL_LOCAL_BUDGET_MS`).
    pub local_budget: Duration,
    /// Running inside Lambda (`AWS_LAMBDA_RUNTIME_API` set).
    pub in_lambda: bool,
    /// Origins whose pages may call the API from a browser (`FRUGAL_ALLOWED_ORIGINS`, comma-separated
    /// `scheme://host[:port]`; empty: no cross-origin caller).
    pub allowed_origins: Vec<http::HeaderValue>,
    /// DynamoDB table of the shared (L2) response cache (`FRUGAL_CACHE_TABLE`; unset: in-process
    /// cache only).
    pub cache_table: Option<String>,
    /// Daily model budget per user in USD (`FRUGAL_USER_DAILY_BUDGET_USD`; unset or 0: none).
    pub user_daily_budget_usd: Option<f64>,
    /// How responses are handed to Lambda (`FRUGAL_RESPONSE_MODE` = `buffered` | `streaming`; the local
    /// server always streams when the client asks for Server-Sent Events).
    pub response_mode: ResponseMode,
    /// Operator phrases, replies and FAQ rules for the small-talk layer (`FRUGAL_SMALL_TALK_FILE`, a
    /// TOML file), read and checked at start: a bad file stops the process, naming its line.
    pub small_talk: Option<SmallTalkFile>,
}

/// An operator small-talk file and what it holds.
#[derive(Clone, Debug)]
pub struct SmallTalkFile {
    /// Where it was read from.
    pub path: String,
    /// Its phrases, replies and rules.
    pub config: frugal_middleware::small_talk::Config,
}

impl PartialEq for SmallTalkFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            model_id: DEFAULT_MODEL_ID.into(),
            system_prompt: DEFAULT_SYSTEM_PROMPT.into(),
            max_tokens: DEFAULT_MAX_TOKENS,
            temperature: DEFAULT_TEMPERATURE,
            history_turns: DEFAULT_HISTORY_TURNS,
            max_history_tokens: DEFAULT_MAX_HISTORY_TOKENS,
            history_ttl: Duration::from_secs(DEFAULT_HISTORY_TTL_DAYS * 86_400),
            history: HistoryBackend::Memory,
            cache_max_bytes: DEFAULT_CACHE_MAX_BYTES,
            cache_ttl: Duration::from_secs(DEFAULT_CACHE_TTL_SECS),
            cache_scope: CacheScope::User,
            max_body_bytes: frugal_middleware::guard::DEFAULT_MAX_BODY_BYTES,
            dev_user: DEFAULT_DEV_USER.into(),
            prewarm: false,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            local_budget: Duration::from_millis(DEFAULT_LOCAL_BUDGET_MS),
            in_lambda: false,
            response_mode: ResponseMode::Buffered,
            allowed_origins: Vec::new(),
            user_daily_budget_usd: None,
            cache_table: None,
            small_talk: None,
        }
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (testable without touching the environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        fn parse<T: std::str::FromStr>(
            name: &'static str,
            value: Option<String>,
            reason: &'static str,
        ) -> Result<Option<T>, ConfigError> {
            match value {
                None => Ok(None),
                Some(value) => value.parse().map(Some).map_err(|_| ConfigError {
                    name,
                    value,
                    reason: reason.into(),
                }),
            }
        }
        let defaults = Config::default();
        let in_lambda = get("AWS_LAMBDA_RUNTIME_API").is_some();
        let history = match (
            get("FRUGAL_HISTORY_STORE").as_deref(),
            get("FRUGAL_TABLE_NAME"),
        ) {
            (Some("memory"), _) => HistoryBackend::Memory,
            (Some(other), _) if other != "dynamodb" => {
                return Err(ConfigError {
                    name: "FRUGAL_HISTORY_STORE",
                    value: other.into(),
                    reason: "use dynamodb or memory".into(),
                })
            }
            (_, Some(table)) => HistoryBackend::DynamoDb { table },
            (_, None) if in_lambda => {
                return Err(ConfigError {
                    name: "FRUGAL_TABLE_NAME",
                    value: String::new(),
                    reason: "required inside Lambda (the DynamoDB table for conversation history)"
                        .into(),
                })
            }
            (_, None) => HistoryBackend::Memory,
        };
        let cache_scope = match get("FRUGAL_CACHE_SCOPE").as_deref() {
            None | Some("user") => CacheScope::User,
            Some("shared") => CacheScope::Shared,
            Some("off") => CacheScope::Off,
            Some(other) => {
                return Err(ConfigError {
                    name: "FRUGAL_CACHE_SCOPE",
                    value: other.into(),
                    reason: "use user, shared or off".into(),
                })
            }
        };
        let response_mode = match get("FRUGAL_RESPONSE_MODE").as_deref() {
            None | Some("buffered") => ResponseMode::Buffered,
            Some("streaming") => ResponseMode::Streaming,
            Some(other) => {
                return Err(ConfigError {
                    name: "FRUGAL_RESPONSE_MODE",
                    value: other.into(),
                    reason: "use buffered or streaming (streaming needs a REST API with responseTransferMode STREAM or a function URL in RESPONSE_STREAM mode)".into(),
                })
            }
        };
        let user_daily_budget_usd = match parse::<f64>(
            "FRUGAL_USER_DAILY_BUDGET_USD",
            get("FRUGAL_USER_DAILY_BUDGET_USD"),
            "an amount in USD (0 or unset: no budget)",
        )? {
            None => None,
            Some(0.0) => None,
            Some(usd) if !(usd.is_finite() && usd > 0.0) => {
                return Err(ConfigError {
                    name: "FRUGAL_USER_DAILY_BUDGET_USD",
                    value: usd.to_string(),
                    reason: "an amount in USD (0 or unset: no budget)".into(),
                })
            }
            Some(usd) => Some(usd),
        };
        let allowed_origins = match get("FRUGAL_ALLOWED_ORIGINS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(|origin| {
                    origin_header(origin).ok_or_else(|| ConfigError {
                        name: "FRUGAL_ALLOWED_ORIGINS",
                        value: origin.into(),
                        reason: "each origin is scheme://host[:port], without a path or a wildcard"
                            .into(),
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let prewarm = match get("FRUGAL_PREWARM").as_deref() {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => {
                return Err(ConfigError {
                    name: "FRUGAL_PREWARM",
                    value: other.into(),
                    reason: "use 1 or 0".into(),
                })
            }
        };
        // A number that must also fall within `valid`; the same `reason` explains both failures.
        fn bounded<T: std::str::FromStr + ToString + Copy>(
            name: &'static str,
            value: Option<String>,
            default: T,
            valid: impl Fn(&T) -> bool,
            reason: &'static str,
        ) -> Result<T, ConfigError> {
            let parsed = parse(name, value, reason)?.unwrap_or(default);
            if valid(&parsed) {
                Ok(parsed)
            } else {
                Err(ConfigError {
                    name,
                    value: parsed.to_string(),
                    reason: reason.into(),
                })
            }
        }
        let small_talk = match get("FRUGAL_SMALL_TALK_FILE") {
            None => None,
            Some(path) => {
                let config = frugal_middleware::small_talk::Config::load(&path).map_err(|e| {
                    ConfigError {
                        name: "FRUGAL_SMALL_TALK_FILE",
                        value: path.clone(),
                        reason: e.to_string().into(),
                    }
                })?;
                Some(SmallTalkFile { path, config })
            }
        };
        let max_tokens = bounded(
            "FRUGAL_MAX_TOKENS",
            get("FRUGAL_MAX_TOKENS"),
            defaults.max_tokens,
            |v| *v > 0,
            "a positive integer",
        )?;
        let temperature = bounded(
            "FRUGAL_TEMPERATURE",
            get("FRUGAL_TEMPERATURE"),
            defaults.temperature,
            |v| (0.0..=1.0).contains(v),
            "a number from 0 to 1",
        )?;
        let max_attempts = bounded(
            "FRUGAL_MAX_ATTEMPTS",
            get("FRUGAL_MAX_ATTEMPTS"),
            defaults.max_attempts,
            |v| (1..=5).contains(v),
            "an integer from 1 to 5",
        )?;
        let model_id = get("FRUGAL_MODEL_ID").unwrap_or(defaults.model_id);
        if user_daily_budget_usd.is_some()
            && frugal_middleware::pricing::model_price(&model_id).is_none()
        {
            return Err(ConfigError {
                name: "FRUGAL_USER_DAILY_BUDGET_USD",
                value: model_id,
                reason: "the price table has no token prices for FRUGAL_MODEL_ID, so spend could not be counted; use a model it prices or leave the budget unset".into(),
            });
        }
        Ok(Self {
            model_id,
            system_prompt: lookup("FRUGAL_SYSTEM_PROMPT")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(defaults.system_prompt),
            max_tokens,
            temperature,
            history_turns: parse(
                "FRUGAL_HISTORY_TURNS",
                get("FRUGAL_HISTORY_TURNS"),
                "a non-negative integer",
            )?
            .unwrap_or(defaults.history_turns),
            max_history_tokens: parse(
                "FRUGAL_MAX_HISTORY_TOKENS",
                get("FRUGAL_MAX_HISTORY_TOKENS"),
                "a whole number of tokens",
            )?
            .unwrap_or(defaults.max_history_tokens),
            history_ttl: Duration::from_secs(
                parse::<u64>(
                    "FRUGAL_HISTORY_TTL_DAYS",
                    get("FRUGAL_HISTORY_TTL_DAYS"),
                    "a whole number of days",
                )?
                .unwrap_or(DEFAULT_HISTORY_TTL_DAYS)
                .saturating_mul(86_400),
            ),
            history,
            cache_max_bytes: parse(
                "FRUGAL_CACHE_MAX_BYTES",
                get("FRUGAL_CACHE_MAX_BYTES"),
                "a number of bytes",
            )?
            .unwrap_or(defaults.cache_max_bytes),
            cache_ttl: Duration::from_secs(
                parse(
                    "FRUGAL_CACHE_TTL_SECS",
                    get("FRUGAL_CACHE_TTL_SECS"),
                    "a number of seconds",
                )?
                .unwrap_or(DEFAULT_CACHE_TTL_SECS),
            ),
            cache_scope,
            max_body_bytes: parse(
                "FRUGAL_MAX_BODY_BYTES",
                get("FRUGAL_MAX_BODY_BYTES"),
                "a number of bytes",
            )?
            .unwrap_or(defaults.max_body_bytes),
            dev_user: get("FRUGAL_DEV_USER").unwrap_or(defaults.dev_user),
            prewarm,
            max_attempts,
            local_budget: Duration::from_millis(
                parse(
                    "FRUGAL_LOCAL_BUDGET_MS",
                    get("FRUGAL_LOCAL_BUDGET_MS"),
                    "milliseconds",
                )?
                .unwrap_or(DEFAULT_LOCAL_BUDGET_MS),
            ),
            in_lambda,
            response_mode,
            allowed_origins,
            user_daily_budget_usd,
            cache_table: get("FRUGAL_CACHE_TABLE"),
            small_talk,
        })
    }
}

/// `origin` as a header value, if it is a plain origin: `http(s)://host[:port]`, nothing after it.
fn origin_header(origin: &str) -> Option<http::HeaderValue> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    (host_ok && port_ok)
        .then(|| http::HeaderValue::from_str(origin).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_bad_small_talk_file_is_refused_with_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("small-talk.toml");
        std::fs::write(
            &path,
            "[[rules]]\npattern = \"who are you\"\n\n[replies.en]\nthanks = 3\n",
        )
        .expect("written");
        let path = path.to_string_lossy().into_owned();
        let e = config(&[("FRUGAL_SMALL_TALK_FILE", &path)]).expect_err("refused");
        assert_eq!(e.name, "FRUGAL_SMALL_TALK_FILE");
        assert!(e.reason.contains(":2:") || e.reason.contains(":5:"), "{e}");

        std::fs::write(
            &path,
            "[[rules]]\npattern = \"who are you\"\nreply = \"Frugal's bot.\"\n",
        )
        .expect("written");
        let loaded = config(&[("FRUGAL_SMALL_TALK_FILE", &path)]).expect("valid");
        let file = loaded.small_talk.expect("loaded");
        assert_eq!(
            file.config.respond("Who are you?").map(|r| r.text),
            Some("Frugal's bot.")
        );
        assert!(config(&[("FRUGAL_SMALL_TALK_FILE", "/nonexistent.toml")]).is_err());
    }

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_without_environment() {
        let c = config(&[]).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn bad_values_are_named_errors() {
        let e = config(&[("FRUGAL_TEMPERATURE", "hot")]).unwrap_err();
        assert_eq!(e.name, "FRUGAL_TEMPERATURE");
        assert!(config(&[("FRUGAL_CACHE_SCOPE", "everyone")]).is_err());
        assert!(config(&[("FRUGAL_MAX_TOKENS", "0")]).is_err());
    }

    #[test]
    fn memory_store_can_be_asked_for_explicitly() {
        let c = config(&[
            ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"),
            ("FRUGAL_HISTORY_STORE", "memory"),
        ])
        .unwrap();
        assert_eq!(c.history, HistoryBackend::Memory);
        assert!(config(&[("FRUGAL_HISTORY_STORE", "redis")]).is_err());
    }

    #[test]
    fn response_mode_and_allowed_origins_are_checked() {
        let c = config(&[
            ("FRUGAL_RESPONSE_MODE", "streaming"),
            (
                "FRUGAL_ALLOWED_ORIGINS",
                "https://chat.example.com, http://localhost:3000,",
            ),
        ])
        .unwrap();
        assert_eq!(c.response_mode, ResponseMode::Streaming);
        assert_eq!(c.allowed_origins.len(), 2);
        assert_eq!(c.allowed_origins[1], "http://localhost:3000");
        let e = config(&[("FRUGAL_RESPONSE_MODE", "chunked")]).unwrap_err();
        assert_eq!(e.name, "FRUGAL_RESPONSE_MODE");
        for bad in [
            "*",
            "https://*.example.com",
            "https://example.com/",
            "example.com",
            "https://example.com:99999",
            "ftp://example.com",
        ] {
            let e = config(&[("FRUGAL_ALLOWED_ORIGINS", bad)]).unwrap_err();
            assert_eq!(e.name, "FRUGAL_ALLOWED_ORIGINS", "{bad}");
        }
    }

    #[test]
    fn a_budget_is_a_positive_amount_for_a_priced_model() {
        assert_eq!(config(&[]).unwrap().user_daily_budget_usd, None);
        let c = config(&[("FRUGAL_USER_DAILY_BUDGET_USD", "0.50")]).unwrap();
        assert_eq!(c.user_daily_budget_usd, Some(0.5));
        assert_eq!(
            config(&[("FRUGAL_USER_DAILY_BUDGET_USD", "0")])
                .unwrap()
                .user_daily_budget_usd,
            None
        );
        for bad in ["-1", "lots", "NaN", "inf"] {
            let e = config(&[("FRUGAL_USER_DAILY_BUDGET_USD", bad)]).unwrap_err();
            assert_eq!(e.name, "FRUGAL_USER_DAILY_BUDGET_USD", "{bad}");
        }
        let e = config(&[
            ("FRUGAL_USER_DAILY_BUDGET_USD", "1"),
            ("FRUGAL_MODEL_ID", "acme.unpriced-model-v1"),
        ])
        .unwrap_err();
        assert_eq!(e.name, "FRUGAL_USER_DAILY_BUDGET_USD");
    }

    #[test]
    fn lambda_needs_a_table() {
        assert!(config(&[("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")]).is_err());
        let c = config(&[
            ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"),
            ("FRUGAL_TABLE_NAME", "t"),
        ])
        .unwrap();
        assert_eq!(c.history, HistoryBackend::DynamoDb { table: "t".into() });
    }
}
