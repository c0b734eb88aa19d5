//! AWS clients, built lazily: a request answered by small talk or the cache never builds them.
//!
//! Every call goes through [`crate::https::HttpsClient`]: rustls on the `ring` crypto provider (its
//! randomness from the operating system, where aws-lc, the SDK's default, seeds a CPU-jitter entropy
//! source on first use that cost most of a model-first cold start), Mozilla's trust anchors built in,
//! plus the stores named by `SSL_CERT_FILE` / `SSL_CERT_DIR` and the PEM bundle named by
//! `AWS_CA_BUNDLE`. Figures in bench/README.md.

use std::path::Path;
use std::sync::Arc;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use rustls::pki_types::{pem::PemObject, CertificateDer, TrustAnchor};
use tokio::sync::OnceCell;

use crate::config::ConfigError;

/// Endpoint and credential settings, normally from the environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`.
    pub dynamodb_endpoint: Option<String>,
    /// `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, else `AWS_ENDPOINT_URL`.
    pub bedrock_endpoint: Option<String>,
    /// Build the SDK config straight from Lambda's environment variables (region and credentials)
    /// instead of walking the default provider chain (about 4 ms of process time saved on a cold start).
    pub from_lambda_env: Option<LambdaEnv>,
    /// Attempts per call, first included.
    pub max_attempts: u32,
    /// Certificate authorities trusted on top of the system's (`AWS_CA_BUNDLE`).
    pub ca_bundle: Option<CaBundle>,
}

/// Extra certificate authorities, read from PEM and checked once: every certificate in it parses.
#[derive(Clone, PartialEq, Eq)]
pub struct CaBundle(Arc<[TrustAnchor<'static>]>);

impl std::fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CaBundle").field(&self.0.len()).finish()
    }
}

impl CaBundle {
    /// Checks `pem`: at least one certificate, each a well-formed X.509 certificate. Each is parsed
    /// into a trust anchor once, here, and used as it is when the HTTPS client is built.
    pub fn from_pem(pem: &[u8]) -> Result<Self, &'static str> {
        let mut roots = rustls::RootCertStore::empty();
        for certificate in CertificateDer::pem_slice_iter(pem) {
            let certificate = certificate.map_err(|_| "is not a valid PEM file")?;
            roots
                .add(certificate)
                .map_err(|_| "holds a certificate that does not parse")?;
        }
        if roots.is_empty() {
            return Err("holds no PEM certificate");
        }
        Ok(Self(roots.roots.into()))
    }

    /// The trust anchors, in file order.
    pub fn anchors(&self) -> &[TrustAnchor<'static>] {
        &self.0
    }

    /// Reads and checks the PEM file at `path`.
    pub fn read(path: &Path) -> Result<Self, &'static str> {
        let pem = std::fs::read(path).map_err(|_| "cannot be read")?;
        Self::from_pem(&pem)
    }
}

/// Region and credentials as Lambda provides them.
#[derive(Clone, PartialEq, Eq)]
pub struct LambdaEnv {
    /// `AWS_REGION`.
    pub region: String,
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// `AWS_SESSION_TOKEN`.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for LambdaEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LambdaEnv")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl AwsSettings {
    /// From the process environment. Inside Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) with credentials
    /// in the environment, the SDK config is built from them directly. `AWS_CA_BUNDLE` is read and
    /// checked here, so a bad bundle stops the process at start, not at its first AWS call.
    pub fn from_env(max_attempts: u32) -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let ca_bundle = match var("AWS_CA_BUNDLE") {
            Some(path) => Some(
                CaBundle::read(Path::new(&path)).map_err(|reason| ConfigError {
                    name: "AWS_CA_BUNDLE",
                    value: path,
                    reason: reason.into(),
                })?,
            ),
            None => None,
        };
        let shared = var("AWS_ENDPOINT_URL");
        let from_lambda_env = match (
            var("AWS_LAMBDA_FUNCTION_NAME"),
            var("AWS_REGION"),
            var("AWS_ACCESS_KEY_ID"),
            var("AWS_SECRET_ACCESS_KEY"),
        ) {
            (Some(_), Some(region), Some(access_key_id), Some(secret_access_key)) => {
                Some(LambdaEnv {
                    region,
                    access_key_id,
                    secret_access_key,
                    session_token: var("AWS_SESSION_TOKEN"),
                })
            }
            _ => None,
        };
        Ok(Self {
            dynamodb_endpoint: var("AWS_ENDPOINT_URL_DYNAMODB").or_else(|| shared.clone()),
            bedrock_endpoint: var("AWS_ENDPOINT_URL_BEDROCK_RUNTIME").or(shared),
            from_lambda_env,
            max_attempts,
            ca_bundle,
        })
    }

    /// The HTTPS client: rustls on ring, the built-in anchors plus `SSL_CERT_FILE` / `SSL_CERT_DIR`
    /// and [`AwsSettings::ca_bundle`]. One client (one TLS configuration, one pool) for every service.
    fn http_client(&self) -> aws_sdk_dynamodb::config::SharedHttpClient {
        let extra = self.ca_bundle.as_ref().map_or(&[][..], CaBundle::anchors);
        crate::https::HttpsClient::new(crate::https::root_store(extra)).shared()
    }

    async fn sdk_config(&self) -> SdkConfig {
        let retry = RetryConfig::standard().with_max_attempts(self.max_attempts.max(1));
        match &self.from_lambda_env {
            Some(env) => {
                let credentials = Credentials::new(
                    env.access_key_id.clone(),
                    env.secret_access_key.clone(),
                    env.session_token.clone(),
                    None,
                    "lambda-environment",
                );
                SdkConfig::builder()
                    .behavior_version(BehaviorVersion::latest())
                    .http_client(self.http_client())
                    .region(Region::new(env.region.clone()))
                    .credentials_provider(SharedCredentialsProvider::new(credentials))
                    .retry_config(retry)
                    .build()
            }
            None => {
                aws_config::defaults(BehaviorVersion::latest())
                    .http_client(self.http_client())
                    .retry_config(retry)
                    .load()
                    .await
            }
        }
    }
}

/// Builds each AWS client once, on its first use, from one SDK configuration (one HTTPS client,
/// one connection pool): a request answered by small talk or the cache builds none, and a model
/// question whose history is kept elsewhere builds Bedrock's alone (a client's construction parses
/// its service's endpoint rules and partitions: bench/README.md, step 9).
#[derive(Clone, Debug)]
pub struct LazyAws {
    settings: Arc<AwsSettings>,
    sdk: Arc<OnceCell<SdkConfig>>,
    dynamodb: Arc<OnceCell<aws_sdk_dynamodb::Client>>,
    bedrock: Arc<OnceCell<aws_sdk_bedrockruntime::Client>>,
}

impl LazyAws {
    /// Nothing is built until a client is asked for.
    pub fn new(settings: AwsSettings) -> Self {
        Self {
            settings: Arc::new(settings),
            sdk: Arc::default(),
            dynamodb: Arc::default(),
            bedrock: Arc::default(),
        }
    }

    /// Whether any client was built (for tests and metrics of the lazy path).
    pub fn is_built(&self) -> bool {
        self.is_dynamodb_built() || self.is_bedrock_built()
    }

    /// Whether the DynamoDB client was built.
    pub fn is_dynamodb_built(&self) -> bool {
        self.dynamodb.initialized()
    }

    /// Whether the Bedrock client was built.
    pub fn is_bedrock_built(&self) -> bool {
        self.bedrock.initialized()
    }

    async fn sdk(&self) -> &SdkConfig {
        self.sdk
            .get_or_init(|| async {
                let started = std::time::Instant::now();
                let sdk = self.settings.sdk_config().await;
                tracing::debug!(
                    elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
                    from_lambda_env = self.settings.from_lambda_env.is_some(),
                    "AWS SDK configuration built"
                );
                sdk
            })
            .await
    }

    /// The DynamoDB client, built on the first call.
    pub async fn dynamodb(&self) -> &aws_sdk_dynamodb::Client {
        self.dynamodb
            .get_or_init(|| async {
                let mut config = aws_sdk_dynamodb::config::Builder::from(self.sdk().await);
                if let Some(url) = &self.settings.dynamodb_endpoint {
                    config = config.endpoint_url(url);
                }
                aws_sdk_dynamodb::Client::from_conf(config.build())
            })
            .await
    }

    /// The Bedrock runtime client, built on the first call.
    pub async fn bedrock(&self) -> &aws_sdk_bedrockruntime::Client {
        self.bedrock
            .get_or_init(|| async {
                let mut config = aws_sdk_bedrockruntime::config::Builder::from(self.sdk().await);
                if let Some(url) = &self.settings.bedrock_endpoint {
                    config = config.endpoint_url(url);
                }
                aws_sdk_bedrockruntime::Client::from_conf(config.build())
            })
            .await
    }
}
