//! AWS options shared by the commands that read an account: `--region`, `--profile`, `--endpoint-url`.

use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::error::ensure;

/// Where and as whom to call AWS. Each option falls back to the SDK's usual environment variable, then
/// to the shared config files.
#[derive(Debug, Clone, Default, clap::Args)]
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
}

impl AwsArgs {
    /// Loads the SDK configuration: explicit options first, then the default provider chain.
    pub async fn load(&self) -> crate::Result<SdkConfig> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
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
