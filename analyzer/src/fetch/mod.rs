//! Fetching a [`Snapshot`] from an AWS account: CloudFormation for a stack's functions, Lambda for
//! their configuration and provisioned concurrency, CloudWatch `GetMetricData` for the metrics (Lambda's
//! own, the middleware's EMF metrics, Lambda Insights), and CloudWatch Logs `REPORT` lines where no
//! memory metric exists.
//!
//! Nothing here guesses silently: a figure AWS could not give is either taken from the next source
//! (EMF → Lambda Insights → `REPORT` lines) or recorded in [`Snapshot::warnings`], which every report
//! shows.

pub mod metrics;
pub mod reports;

use std::io::IsTerminal;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use aws_config::SdkConfig;
use futures_util::{StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressStyle};

use crate::aws::AwsArgs;
use crate::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use metrics::{Field, MetricRef, QuerySpec};
use reports::ReportSummary;

/// Functions described (Lambda configuration, provisioned concurrency, `ListMetrics`) at once.
const CONCURRENT_CALLS: usize = 4;

/// What to read: the functions (by name or through a stack), the window and the AWS account.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// Function to analyse, by name or ARN (repeatable, or comma separated).
    #[arg(long = "function", env = "FRUGAL_FUNCTIONS", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// CloudFormation stack whose `AWS::Lambda::Function` resources to analyse.
    #[arg(long, env = "FRUGAL_STACK", conflicts_with = "functions")]
    pub stack: Option<String>,
    /// Days of metrics to read (CloudWatch keeps 1-minute points for 15 days, 5-minute for 63).
    #[arg(long, env = "FRUGAL_DAYS", default_value_t = 14)]
    pub days: u32,
    /// Seconds per metric point (a multiple of 60).
    #[arg(long, env = "FRUGAL_PERIOD", default_value_t = 60)]
    pub period: u32,
    /// Namespace of the middleware's EMF metrics.
    #[arg(long, env = "FRUGAL_EMF_NAMESPACE", default_value = "Frugal")]
    pub emf_namespace: String,
    /// Most `REPORT` log lines to read per function when no memory metric exists (0 = never read logs).
    #[arg(long, env = "FRUGAL_MAX_LOG_EVENTS", default_value_t = 20_000)]
    pub max_log_events: usize,
    /// AWS options.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Arguments of `frugal snapshot`.
#[derive(Debug, Clone, clap::Args)]
pub struct SnapshotArgs {
    /// What to read.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Snapshot file to write (`-` = stdout).
    #[arg(long, short, env = "FRUGAL_OUTPUT", default_value = "-")]
    pub output: String,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The time window read: `periods` points of `period` seconds ending at `end` (epoch seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First second.
    pub start: i64,
    /// One past the last second.
    pub end: i64,
    /// Seconds per point.
    pub period: i64,
}

impl Window {
    /// `days` of `period`-second points ending at the last whole period before `now`, checked against
    /// what CloudWatch keeps.
    pub fn ending_at(now: i64, days: u32, period: u32) -> anyhow::Result<Self> {
        anyhow::ensure!(
            (1..=455).contains(&days),
            "--days must be between 1 and 455 (CloudWatch keeps metrics for 15 months)"
        );
        anyhow::ensure!(
            period >= 60 && period.is_multiple_of(60) && 86_400u32.is_multiple_of(period),
            "--period must be a multiple of 60 seconds that divides a day (60, 300, 3600, …), got {period}"
        );
        let (limit, hint) = match period {
            p if p < 300 => (15, "use --period 300 for up to 63 days"),
            p if p < 3_600 => (63, "use --period 3600 for up to 455 days"),
            _ => (455, ""),
        };
        anyhow::ensure!(
            days <= limit,
            "CloudWatch keeps {period}-second points for {limit} days only; {hint}"
        );
        let period = i64::from(period);
        let end = now - now.rem_euclid(period);
        Ok(Window {
            start: end - i64::from(days) * 86_400,
            end,
            period,
        })
    }

    /// Points in the window.
    pub fn periods(&self) -> usize {
        ((self.end - self.start) / self.period) as usize
    }

    fn seconds(&self) -> i32 {
        (self.end - self.start) as i32
    }
}

/// The AWS clients a fetch uses.
#[derive(Clone, Debug)]
pub struct Clients {
    /// CloudWatch.
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// Lambda.
    pub lambda: aws_sdk_lambda::Client,
    /// CloudFormation.
    pub cloudformation: aws_sdk_cloudformation::Client,
    /// CloudWatch Logs.
    pub logs: aws_sdk_cloudwatchlogs::Client,
}

impl Clients {
    /// Clients from one SDK configuration.
    pub fn new(config: &SdkConfig) -> Self {
        Clients {
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            lambda: aws_sdk_lambda::Client::new(config),
            cloudformation: aws_sdk_cloudformation::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
        }
    }
}

/// Which functions to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// These functions.
    Functions(Vec<String>),
    /// The `AWS::Lambda::Function` resources of this stack.
    Stack(String),
}

/// A fetch, fully specified.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Which functions.
    pub target: Target,
    /// When.
    pub window: Window,
    /// Region named in the snapshot (prices).
    pub region: String,
    /// EMF namespace.
    pub emf_namespace: String,
    /// Cap on `REPORT` lines per function.
    pub max_log_events: usize,
}

impl SourceArgs {
    /// The target named on the command line.
    pub fn target(&self) -> anyhow::Result<Target> {
        match (&self.stack, self.functions.is_empty()) {
            (Some(stack), true) => Ok(Target::Stack(stack.clone())),
            (None, false) => Ok(Target::Functions(self.functions.clone())),
            (Some(_), false) => anyhow::bail!("give either --function or --stack, not both"),
            (None, true) => anyhow::bail!("nothing to read: give --function NAME or --stack STACK"),
        }
    }
}

/// A progress bar on standard error, hidden when it is not a terminal or `--quiet` is given.
pub fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {msg:32} [{bar:30}] {pos}/{len} {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Reads the account named by `args` into a snapshot.
pub async fn fetch(args: &SourceArgs, bar: &ProgressBar) -> anyhow::Result<Snapshot> {
    let target = args.target()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let window = Window::ending_at(now, args.days, args.period)?;
    let config = args.aws.load().await?;
    let plan = Plan {
        target,
        window,
        region: config
            .region()
            .map_or_else(|| "us-east-1".to_owned(), |r| r.to_string()),
        emf_namespace: args.emf_namespace.clone(),
        max_log_events: args.max_log_events,
    };
    fetch_with(&Clients::new(&config), &plan, bar).await
}

/// What Lambda says about one function.
struct FunctionMeta {
    name: String,
    config: FunctionConfig,
    log_group: String,
    json_logs: bool,
    found: Vec<MetricRef>,
    warnings: Vec<String>,
}

/// Runs a [`Plan`] with the given clients.
pub async fn fetch_with(
    clients: &Clients,
    plan: &Plan,
    bar: &ProgressBar,
) -> anyhow::Result<Snapshot> {
    let names = match &plan.target {
        Target::Functions(names) => dedupe(names.clone()),
        Target::Stack(stack) => {
            bar.set_message(format!("listing stack {stack}"));
            stack_functions(&clients.cloudformation, stack).await?
        }
    };
    anyhow::ensure!(!names.is_empty(), "no functions to read");
    bar.set_length(names.len() as u64 * 2 + 2);
    bar.set_message("reading function configurations");

    let metas: Vec<FunctionMeta> = futures_util::stream::iter(names.iter())
        .map(|name| async move {
            let meta = describe(clients, name, &plan.emf_namespace).await;
            bar.inc(1);
            meta
        })
        .buffered(CONCURRENT_CALLS)
        .try_collect()
        .await?;

    let mut specs: Vec<QuerySpec> = Vec::new();
    for (i, meta) in metas.iter().enumerate() {
        specs.extend(metrics::core_queries(
            i,
            &meta.name,
            plan.window.period as i32,
            plan.window.seconds(),
        ));
        specs.extend(metrics::discovered_queries(
            i,
            &meta.found,
            &plan.emf_namespace,
            plan.window.seconds(),
        ));
    }
    let (percentile_specs, plain_specs): (Vec<QuerySpec>, Vec<QuerySpec>) =
        specs.into_iter().partition(|s| s.field.is_percentile());

    bar.set_message("reading CloudWatch metrics");
    let mut warnings = Vec::new();
    let (answers, mut w) = metrics::get_metric_data(
        &clients.cloudwatch,
        &plain_specs,
        plan.window.start,
        plan.window.end,
    )
    .await?;
    warnings.append(&mut w);
    bar.inc(1);
    let mut measures = metrics::assemble(
        &plain_specs,
        &answers,
        metas.len(),
        plan.window.start,
        plan.window.period,
        plan.window.periods(),
    );
    bar.set_message("reading duration percentiles");
    match metrics::get_metric_data(
        &clients.cloudwatch,
        &percentile_specs,
        plan.window.start,
        plan.window.end,
    )
    .await
    {
        Ok((answers, mut w)) => {
            warnings.append(&mut w);
            let percentiles = metrics::assemble(
                &percentile_specs,
                &answers,
                metas.len(),
                plan.window.start,
                plan.window.period,
                plan.window.periods(),
            );
            for (m, p) in measures.iter_mut().zip(percentiles) {
                m.totals.extend(p.totals);
            }
        }
        Err(error) => warnings.push(format!(
            "duration percentiles unavailable ({error:#}); taken from REPORT lines where read, else p50 = mean and p90–p99.9 = maximum"
        )),
    }
    bar.inc(1);

    let mut functions = Vec::with_capacity(metas.len());
    for (meta, m) in metas.into_iter().zip(measures) {
        bar.set_message(format!("assembling {}", meta.name));
        let no_memory = !m.totals.contains_key(&Field::MaxMemory)
            && !m.totals.contains_key(&Field::InsightsMemory);
        let needs_logs = no_memory || !m.totals.contains_key(&Field::DurationP99);
        let mut notes = meta.warnings;
        let logs = if needs_logs && plan.max_log_events > 0 {
            match read_reports(clients, &meta.log_group, meta.json_logs, plan).await {
                Ok(summary) => Some(summary),
                Err(error) => {
                    notes.push(format!(
                        "{}: REPORT lines unavailable: {error:#}",
                        meta.name
                    ));
                    None
                }
            }
        } else {
            None
        };
        functions.push(build_function(meta.name, meta.config, m, logs, &mut notes));
        warnings.append(&mut notes);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Snapshot {
        version: SNAPSHOT_VERSION,
        source: "cloudwatch".into(),
        region: plan.region.clone(),
        period_seconds: plan.window.period as u64,
        functions,
        warnings,
    })
}

fn dedupe(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

/// The physical names of a stack's Lambda functions (nested stacks are not followed).
pub async fn stack_functions(
    client: &aws_sdk_cloudformation::Client,
    stack: &str,
) -> anyhow::Result<Vec<String>> {
    let resources: Vec<_> = client
        .list_stack_resources()
        .stack_name(stack)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "CloudFormation ListStackResources for stack {stack:?} failed: {}",
                crate::aws::error_line(&e)
            )
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
    anyhow::ensure!(
        !names.is_empty(),
        "stack {stack:?} has no AWS::Lambda::Function resources"
    );
    Ok(dedupe(names))
}

async fn describe(
    clients: &Clients,
    name: &str,
    emf_namespace: &str,
) -> anyhow::Result<FunctionMeta> {
    use crate::aws::error_line;
    let configuration = clients
        .lambda
        .get_function_configuration()
        .function_name(name)
        .send()
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "Lambda GetFunctionConfiguration for {name:?} failed: {}",
                error_line(&e)
            )
        })?;
    // Metrics are keyed by the function's name, not its ARN.
    let short = configuration.function_name().unwrap_or(name).to_owned();
    let mut warnings = Vec::new();
    let provisioned = match clients
        .lambda
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
            warnings.push(format!(
                "{short}: provisioned concurrency configs unavailable ({}); counted as none",
                error_line(&e)
            ));
            0
        }
    };
    let architecture = configuration
        .architectures()
        .first()
        .map_or("x86_64", |a| a.as_str())
        .to_owned();
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
    let mut found = Vec::new();
    for (namespace, dimension) in [
        (metrics::LAMBDA_NAMESPACE, "FunctionName"),
        (emf_namespace, "function_name"),
        (metrics::INSIGHTS_NAMESPACE, "function_name"),
    ] {
        let pages: Vec<_> = clients
            .cloudwatch
            .list_metrics()
            .namespace(namespace)
            .dimensions(
                aws_sdk_cloudwatch::types::DimensionFilter::builder()
                    .name(dimension)
                    .value(&short)
                    .build(),
            )
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "CloudWatch ListMetrics in {namespace} for {short:?} failed: {}",
                    crate::aws::error_line(&e)
                )
            })?;
        found.extend(
            pages
                .iter()
                .flat_map(|page| page.metrics())
                .filter_map(MetricRef::from_sdk),
        );
    }
    Ok(FunctionMeta {
        log_group: logging
            .and_then(|l| l.log_group())
            .map_or_else(|| format!("/aws/lambda/{short}"), str::to_owned),
        json_logs: logging
            .and_then(|l| l.log_format())
            .is_some_and(|f| *f == aws_sdk_lambda::types::LogFormat::Json),
        name: short,
        config,
        found,
        warnings,
    })
}

/// Reads up to `max_log_events` `REPORT` lines of the window.
async fn read_reports(
    clients: &Clients,
    log_group: &str,
    json: bool,
    plan: &Plan,
) -> anyhow::Result<(ReportSummary, bool)> {
    let pattern = if json {
        r#"{ $.type = "platform.report" }"#
    } else {
        "\"REPORT RequestId\""
    };
    let mut pages = clients
        .logs
        .filter_log_events()
        .log_group_name(log_group)
        .start_time(plan.window.start * 1000)
        .end_time(plan.window.end * 1000)
        .filter_pattern(pattern)
        .into_paginator()
        .send();
    let mut messages = Vec::new();
    let mut capped = false;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            anyhow::anyhow!(
                "FilterLogEvents on {log_group}: {}",
                crate::aws::error_line(&e)
            )
        })?;
        messages.extend(
            page.events()
                .iter()
                .filter_map(|e| e.message().map(str::to_owned)),
        );
        if messages.len() >= plan.max_log_events {
            messages.truncate(plan.max_log_events);
            capped = true;
            break;
        }
    }
    Ok((
        ReportSummary::from_messages(messages.iter().map(String::as_str)),
        capped,
    ))
}

fn build_function(
    name: String,
    config: FunctionConfig,
    m: metrics::Measures,
    logs: Option<(ReportSummary, bool)>,
    warnings: &mut Vec<String>,
) -> FunctionSnapshot {
    let get = |field: Field| m.totals.get(&field).copied();
    let invocations: f64 = m.invocations.iter().sum();
    if invocations == 0.0 {
        warnings.push(format!(
            "{name}: no Invocations in the window; check the name and region, or that it has run"
        ));
    }
    let logs = logs.filter(|(s, _)| s.invocations > 0);
    let from_logs = |q: f64| logs.as_ref().and_then(|(s, _)| s.percentile(q));
    let avg = get(Field::DurationAvg)
        .or_else(|| {
            logs.as_ref()
                .map(|(s, _)| s.durations_ms.iter().sum::<f64>() / s.durations_ms.len() as f64)
        })
        .unwrap_or(0.0);
    let max = get(Field::DurationMax)
        .or_else(|| from_logs(1.0))
        .unwrap_or(avg);
    let mut estimated = Vec::new();
    let mut percentile = |field: Field, q: f64, fallback: f64, label: &str| {
        get(field).or_else(|| from_logs(q)).unwrap_or_else(|| {
            estimated.push(label.to_owned());
            fallback
        })
    };
    let duration_ms = DurationStats {
        avg,
        p50: percentile(Field::DurationP50, 0.5, avg, "p50"),
        p90: percentile(Field::DurationP90, 0.9, max, "p90"),
        p99: percentile(Field::DurationP99, 0.99, max, "p99"),
        p999: percentile(Field::DurationP999, 0.999, max, "p99.9"),
        max,
    };
    if !estimated.is_empty() && invocations > 0.0 {
        warnings.push(format!(
            "{name}: duration {} estimated from the mean and maximum (no percentile data)",
            estimated.join(", ")
        ));
    }
    let log_cold_starts = logs.as_ref().map(|(s, capped)| {
        if *capped {
            s.cold_starts as f64 / s.invocations as f64 * invocations
        } else {
            s.cold_starts as f64
        }
    });
    let max_memory = get(Field::MaxMemory)
        .or(get(Field::InsightsMemory))
        .or(logs.as_ref().map(|(s, _)| s.max_memory_used_mb));
    if max_memory.is_none() && invocations > 0.0 {
        warnings.push(format!(
            "{name}: peak memory unknown (no MaxMemoryUsed, Lambda Insights or REPORT lines); memory will not be lowered"
        ));
    }
    if let Some((s, true)) = &logs {
        warnings.push(format!(
            "{name}: read the first {} REPORT lines of the window only (--max-log-events)",
            s.invocations
        ));
    }
    FunctionSnapshot {
        name,
        config,
        invocations: m.invocations,
        concurrency: m.concurrency,
        errors: get(Field::Errors).unwrap_or(0.0),
        throttles: get(Field::Throttles).unwrap_or(0.0),
        duration_ms,
        cold_starts: get(Field::ColdStarts).or(log_cold_starts),
        init_duration_ms: get(Field::InitDuration)
            .or(get(Field::InsightsInit))
            .or(logs.as_ref().and_then(|(s, _)| s.init_duration_ms)),
        model_latency_ms: get(Field::ModelLatency),
        max_memory_used_mb: max_memory,
        small_talk_hits: get(Field::SmallTalkHits),
        cache_hits: get(Field::CacheHits),
        model_calls: get(Field::ModelCalls),
        provisioned_utilization: get(Field::ProvisionedUtilization),
        spillover_invocations: get(Field::Spillover),
    }
}

/// Runs `frugal snapshot`.
pub async fn run_snapshot(args: &SnapshotArgs) -> anyhow::Result<()> {
    let bar = progress_bar(args.quiet);
    let snapshot = fetch(&args.source, &bar).await?;
    for warning in &snapshot.warnings {
        eprintln!("warning: {warning}");
    }
    let mut bytes = serde_json::to_vec_pretty(&snapshot).context("serialising the snapshot")?;
    bytes.push(b'\n');
    crate::export::write_output(&args.output, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_ends_on_a_whole_period_and_respects_retention() {
        let w = Window::ending_at(1_000_000_123, 14, 60).unwrap();
        assert_eq!(w.end % 60, 0);
        assert_eq!(w.periods(), 14 * 1_440);
        assert!(Window::ending_at(0, 16, 60)
            .unwrap_err()
            .to_string()
            .contains("--period 300"));
        assert!(Window::ending_at(0, 30, 300).is_ok());
        assert!(Window::ending_at(0, 1, 90).is_err());
        assert!(Window::ending_at(0, 0, 60).is_err());
        assert!(Window::ending_at(0, 400, 3_600).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_deduplicated_in_order() {
        assert_eq!(
            dedupe(vec!["b".into(), " a ".into(), "b".into(), "".into()]),
            vec!["b".to_owned(), "a".to_owned()]
        );
    }
}
