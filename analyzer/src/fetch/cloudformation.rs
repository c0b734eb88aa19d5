//! CloudFormation: the Lambda functions of a stack.

use super::args::dedupe;
use crate::aws::error_line;

/// The physical names of a stack's Lambda functions (nested stacks are not followed).
pub async fn stack_functions(
    client: &aws_sdk_cloudformation::Client,
    stack: &str,
) -> crate::Result<Vec<String>> {
    let resources: Vec<_> = client
        .list_stack_resources()
        .stack_name(stack)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| crate::Error::Aws {
            call: format!("CloudFormation ListStackResources for stack {stack:?} failed"),
            line: error_line(&e),
        })?;
    let names: Vec<String> = resources
        .iter()
        .filter(|r| r.resource_type() == Some("AWS::Lambda::Function"))
        .filter(|r| {
            !matches!(
                r.resource_status(),
                Some(aws_sdk_cloudformation::types::ResourceStatus::DeleteComplete)
            )
        })
        .filter_map(|r| r.physical_resource_id().map(str::to_owned))
        .collect();
    if names.is_empty() {
        return Err(crate::Error::EmptyStack(stack.to_owned()));
    }
    Ok(dedupe(names))
}
