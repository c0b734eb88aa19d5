//! Lambda: a function's configuration and its provisioned concurrency; for `--all`, the region's
//! functions and their tags.

use std::collections::HashMap;

use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;
use aws_sdk_lambda::types::{FunctionConfiguration, LogFormat};
use frugal_pricing::Architecture;

use crate::aws::error_line;
use crate::snapshot::FunctionConfig;
use crate::warning::{Warning, WarningKind};

/// What Lambda says about one function.
#[derive(Clone, Debug, PartialEq)]
pub struct LambdaFunction {
    /// The function's name (metrics are keyed by it, not by the ARN it may have been given as).
    pub name: String,
    /// Its configuration.
    pub config: FunctionConfig,
    /// Its log group.
    pub log_group: String,
    /// It logs in JSON rather than text.
    pub json_logs: bool,
    /// What could not be read.
    pub warnings: Vec<Warning>,
}

/// The parts of a function's configuration the analyzer uses, as `GetFunctionConfiguration` and
/// `ListFunctions` both give them (the SDK has a type for each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Function name.
    pub name: String,
    /// Function ARN (what `ListTags` takes).
    pub arn: Option<String>,
    /// Memory, MB.
    pub memory_mb: Option<i32>,
    /// Timeout, seconds.
    pub timeout_s: Option<i32>,
    /// The first architecture listed.
    pub architecture: Option<String>,
    /// Attached to subnets.
    pub in_vpc: bool,
    /// Log group, when not the default.
    pub log_group: Option<String>,
    /// Logs in JSON.
    pub json_logs: bool,
}

/// `Settings` from either SDK type: they have the same getters but no common trait.
macro_rules! settings_from {
    ($f:expr, $name:expr) => {{
        let f = $f;
        let logging = f.logging_config();
        Settings {
            name: $name,
            arn: f.function_arn().map(str::to_owned),
            memory_mb: f.memory_size(),
            timeout_s: f.timeout(),
            architecture: f.architectures().first().map(|a| a.as_str().to_owned()),
            in_vpc: f.vpc_config().is_some_and(|v| !v.subnet_ids().is_empty()),
            log_group: logging.and_then(|l| l.log_group()).map(str::to_owned),
            json_logs: logging
                .and_then(|l| l.log_format())
                .is_some_and(|f| *f == LogFormat::Json),
        }
    }};
}

impl Settings {
    /// From a `ListFunctions` item; `None` when it has no name.
    pub fn from_listed(f: &FunctionConfiguration) -> Option<Self> {
        let name = f.function_name()?.to_owned();
        Some(settings_from!(f, name))
    }

    fn from_described(f: &GetFunctionConfigurationOutput, asked: &str) -> Self {
        settings_from!(f, f.function_name().unwrap_or(asked).to_owned())
    }
}

/// Reads a function's configuration and sums its provisioned concurrency over every alias.
pub async fn describe(
    client: &aws_sdk_lambda::Client,
    name: &str,
) -> crate::Result<LambdaFunction> {
    let configuration = client
        .get_function_configuration()
        .function_name(name)
        .send()
        .await
        .map_err(|e| crate::Error::Aws {
            call: format!("Lambda GetFunctionConfiguration for {name:?} failed"),
            line: error_line(&e),
        })?;
    complete(client, Settings::from_described(&configuration, name)).await
}

/// A function whose configuration is already known (listed by `ListFunctions`), with its
/// provisioned concurrency summed over every alias. An architecture the price table does not know is
/// an error (the function is not priced as another).
pub async fn complete(
    client: &aws_sdk_lambda::Client,
    settings: Settings,
) -> crate::Result<LambdaFunction> {
    let short = settings.name;
    // A function that lists no architecture runs on x86_64, Lambda's default.
    let architecture = match settings.architecture {
        None => Architecture::X86_64,
        Some(named) => named.parse().map_err(|_| crate::Error::Invalid {
            file: format!("Lambda's configuration of {short:?}"),
            field: "Architectures[0]".into(),
            value: Some(format!("{named:?}")),
            problem: "not an architecture with Lambda prices (x86_64, arm64); not analysed rather than priced as another".into(),
        })?,
    };
    let mut warnings = Vec::new();
    let provisioned = match client
        .list_provisioned_concurrency_configs()
        .function_name(&short)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(configs) => configs
            .iter()
            .map(|c| {
                c.allocated_provisioned_concurrent_executions()
                    .or(c.requested_provisioned_concurrent_executions())
                    .unwrap_or(0)
                    .max(0) as u32
            })
            .sum(),
        Err(e) => {
            warnings.push(Warning::new(
                WarningKind::NoProvisionedConfigs,
                format!(
                    "{short}: provisioned concurrency configs unavailable ({}); counted as none",
                    error_line(&e)
                ),
            ));
            0
        }
    };
    let config = FunctionConfig {
        memory_mb: settings.memory_mb.unwrap_or(128).max(0) as u32,
        timeout_s: settings.timeout_s.unwrap_or(3).max(0) as u32,
        architecture,
        in_vpc: settings.in_vpc,
        provisioned_concurrency: provisioned,
    };
    Ok(LambdaFunction {
        log_group: settings
            .log_group
            .unwrap_or_else(|| format!("/aws/lambda/{short}")),
        json_logs: settings.json_logs,
        name: short,
        config,
        warnings,
    })
}

/// Every function in the region (`$LATEST` only), through `ListFunctions`' pages.
pub async fn list_functions(client: &aws_sdk_lambda::Client) -> crate::Result<Vec<Settings>> {
    let listed: Vec<FunctionConfiguration> = client
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| crate::Error::Aws {
            call: "Lambda ListFunctions failed".into(),
            line: error_line(&e),
        })?;
    Ok(listed.iter().filter_map(Settings::from_listed).collect())
}

/// A function's tags (`ListTags` on its ARN).
pub async fn tags(
    client: &aws_sdk_lambda::Client,
    function: &Settings,
) -> crate::Result<HashMap<String, String>> {
    let resource = function.arn.as_deref().unwrap_or(&function.name);
    let output = client
        .list_tags()
        .resource(resource)
        .send()
        .await
        .map_err(|e| crate::Error::Aws {
            call: format!("Lambda ListTags for {:?} failed", function.name),
            line: error_line(&e),
        })?;
    Ok(output.tags().cloned().unwrap_or_default())
}
