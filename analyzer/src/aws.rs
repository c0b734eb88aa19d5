//! AWS options shared by the commands that read an account: `--region`, `--profile`, `--endpoint-url`.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::error::ensure;

/// Attempts per AWS call when `--max-attempts` is not given: enough to ride out throttling when a
/// whole account is read (CloudWatch allows a few tens of `GetMetricData` calls a second).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// Where and as whom to call AWS. Each option falls back to the SDK's usual environment variable, then
/// to the shared config files.
#[derive(Debug, Clone, clap::Args)]
pub struct AwsArgs {
    /// AWS region to read (default: the profile's region).
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,
    /// Named profile from the shared AWS config files.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Send every AWS call to this endpoint instead (a local emulator, a VPC endpoint).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Attempts per AWS call (1 = no retry). Retries are adaptive: after a throttling answer the
    /// client also slows its own rate of calls.
    #[arg(long, env = "AWS_MAX_ATTEMPTS", default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,
}

impl AwsArgs {
    /// Loads the SDK configuration: explicit options first, then the default provider chain. Calls
    /// are retried in the SDK's adaptive mode (exponential backoff with jitter, and client-side rate
    /// limiting once AWS throttles) up to `max_attempts` times.
    pub async fn load(&self) -> crate::Result<SdkConfig> {
        ensure!(
            (1..=20).contains(&self.max_attempts),
            Input,
            "--max-attempts must be between 1 and 20, got {}",
            self.max_attempts
        );
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::adaptive().with_max_attempts(self.max_attempts));
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(endpoint) = &self.endpoint_url {
            ensure!(
                endpoint.starts_with("http://") || endpoint.starts_with("https://"),
                Input,
                "--endpoint-url must be an http:// or https:// URL, got {endpoint:?}"
            );
            loader = loader.endpoint_url(endpoint);
        }
        let config = loader.load().await;
        ensure!(
            config.region().is_some(),
            Input,
            "no AWS region: pass --region, set AWS_REGION, or give the profile a region"
        );
        Ok(config)
    }
}

impl Default for AwsArgs {
    fn default() -> Self {
        AwsArgs {
            region: None,
            profile: None,
            endpoint_url: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// One line saying why an AWS call failed: the service's error code and message when it sent one,
/// the HTTP status when it did not (an emulator that lacks the API), or why the request never got an
/// answer.
pub fn error_line<E>(error: &aws_sdk_cloudwatch::error::SdkError<E>) -> String
where
    E: aws_sdk_cloudwatch::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_cloudwatch::error::SdkError;
    match error {
        SdkError::ServiceError(context) => {
            let err = context.err();
            match (err.code(), err.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_owned(),
                (None, Some(message)) => {
                    format!("{message} (HTTP {})", context.raw().status().as_u16())
                }
                (None, None) => format!(
                    "HTTP {} without an AWS error",
                    context.raw().status().as_u16()
                ),
            }
        }
        SdkError::DispatchFailure(failure) => {
            let kind = if failure.is_timeout() {
                "timed out"
            } else if failure.is_io() {
                "connection failed"
            } else {
                "request failed"
            };
            match std::error::Error::source(error) {
                Some(source) => format!("{kind}: {source}"),
                None => kind.to_owned(),
            }
        }
        SdkError::TimeoutError(_) => "timed out".to_owned(),
        other => aws_sdk_cloudwatch::error::DisplayErrorContext(other).to_string(),
    }
}
