//! Lambda: a function's configuration and its provisioned concurrency.

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
    let short = configuration.function_name().unwrap_or(name).to_owned();
    let mut warnings = Vec::new();
    let provisioned = match client
        .list_provisioned_concurrency_configs()
        .function_name(name)
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
    // A function that lists no architecture runs on x86_64, Lambda's default.
    let architecture = match configuration.architectures().first() {
        None => Architecture::X86_64,
        Some(named) => named.as_str().parse().unwrap_or_else(|_| {
            warnings.push(Warning::new(
                WarningKind::UnknownArchitecture,
                format!(
                    "{short}: architecture {:?} is not in the price table; priced as x86_64",
                    named.as_str()
                ),
            ));
            Architecture::X86_64
        }),
    };
    let logging = configuration.logging_config();
    let config = FunctionConfig {
        memory_mb: configuration.memory_size().unwrap_or(128).max(0) as u32,
        timeout_s: configuration.timeout().unwrap_or(3).max(0) as u32,
        architecture,
        in_vpc: configuration
            .vpc_config()
            .is_some_and(|v| !v.subnet_ids().is_empty()),
        provisioned_concurrency: provisioned,
    };
    Ok(LambdaFunction {
        log_group: logging
            .and_then(|l| l.log_group())
            .map_or_else(|| format!("/aws/lambda/{short}"), str::to_owned),
        json_logs: logging
            .and_then(|l| l.log_format())
            .is_some_and(|f| *f == aws_sdk_lambda::types::LogFormat::Json),
        name: short,
        config,
        warnings,
    })
}
