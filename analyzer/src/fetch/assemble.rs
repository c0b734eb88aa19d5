//! The fetch, step by step: list the functions, describe them, read their metrics, fall back to logs
//! where metrics are missing, and assemble one [`FunctionSnapshot`] each.

use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use frugal_pricing::DEFAULT_REGION;
use futures_util::{StreamExt, TryStreamExt};
use indicatif::ProgressBar;

use super::args::{dedupe, Plan, SourceArgs, Target, Window};
use super::cloudwatch::{self, Measures};
use super::lambda::LambdaFunction;
use super::logs::LogSample;
use super::queries::{self, Field, MetricRef, QuerySpec, Statistic};
use super::{cloudformation, lambda, logs};
use crate::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use crate::warning::{Warning, WarningKind};

/// Functions described (Lambda configuration, provisioned concurrency, `ListMetrics`) at once.
const CONCURRENT_CALLS: usize = 4;

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

/// Reads the account named by `args` into a snapshot.
pub async fn fetch(args: &SourceArgs, bar: &ProgressBar) -> crate::Result<Snapshot> {
    let target = args.target()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let window = Window::ending_at(now, args.days, args.period)?;
    let config = args.aws.load().await?;
    let plan = Plan {
        target,
        window,
        // `load` refuses a configuration without a region, so the default is never used.
        region: config
            .region()
            .map_or_else(|| DEFAULT_REGION.to_owned(), |r| r.to_string()),
        emf_namespace: args.emf_namespace.clone(),
        max_log_events: args.max_log_events,
    };
    fetch_with(&Clients::new(&config), &plan, bar).await
}

/// One function as Lambda describes it, with the metrics CloudWatch lists for it.
struct Described {
    lambda: LambdaFunction,
    metrics: Vec<MetricRef>,
}

async fn describe(clients: &Clients, name: &str, emf_namespace: &str) -> crate::Result<Described> {
    let lambda = lambda::describe(&clients.lambda, name).await?;
    let metrics =
        cloudwatch::list_function_metrics(&clients.cloudwatch, &lambda.name, emf_namespace).await?;
    Ok(Described { lambda, metrics })
}

/// Runs a [`Plan`] with the given clients.
pub async fn fetch_with(
    clients: &Clients,
    plan: &Plan,
    bar: &ProgressBar,
) -> crate::Result<Snapshot> {
    let names = match &plan.target {
        Target::Functions(names) => dedupe(names.clone()),
        Target::Stack(stack) => {
            bar.set_message(format!("listing stack {stack}"));
            cloudformation::stack_functions(&clients.cloudformation, stack).await?
        }
    };
    crate::error::ensure!(!names.is_empty(), Input, "no functions to read");
    bar.set_length(names.len() as u64 * 2 + 2);
    bar.set_message("reading function configurations");

    let described: Vec<Described> = futures_util::stream::iter(names.iter())
        .map(|name| async move {
            let described = describe(clients, name, &plan.emf_namespace).await;
            bar.inc(1);
            described
        })
        .buffered(CONCURRENT_CALLS)
        .try_collect()
        .await?;

    let window = &plan.window;
    let mut specs: Vec<QuerySpec> = Vec::new();
    for (i, d) in described.iter().enumerate() {
        specs.extend(queries::core_queries(
            i,
            &d.lambda.name,
            window.period as i32,
            window.seconds(),
        ));
        specs.extend(queries::discovered_queries(
            i,
            &d.metrics,
            &plan.emf_namespace,
            window.seconds(),
        ));
    }
    let (percentile_specs, plain_specs): (Vec<QuerySpec>, Vec<QuerySpec>) =
        specs.into_iter().partition(|s| s.field.is_percentile());

    bar.set_message("reading CloudWatch metrics");
    let mut warnings = Vec::new();
    let plain =
        cloudwatch::get_metric_data(&clients.cloudwatch, &plain_specs, window.start, window.end)
            .await?;
    warnings.extend(plain.warnings);
    bar.inc(1);
    let fold = |specs: &[QuerySpec], answers: &cloudwatch::Answers| {
        cloudwatch::fold(
            specs,
            answers,
            described.len(),
            window.start,
            window.period,
            window.periods(),
        )
    };
    let mut measures = fold(&plain_specs, &plain.answers);
    bar.set_message("reading duration percentiles");
    match cloudwatch::get_metric_data(
        &clients.cloudwatch,
        &percentile_specs,
        window.start,
        window.end,
    )
    .await
    {
        Ok(percentiles) => {
            warnings.extend(percentiles.warnings);
            for (m, p) in measures
                .iter_mut()
                .zip(fold(&percentile_specs, &percentiles.answers))
            {
                m.totals.extend(p.totals);
            }
        }
        Err(error) => warnings.push(Warning::new(
            WarningKind::NoPercentiles,
            format!(
                "duration percentiles unavailable ({error:#}); taken from REPORT lines where read, else p50 = mean and p90–p99.9 = maximum"
            ),
        )),
    }
    bar.inc(1);

    let mut functions = Vec::with_capacity(described.len());
    for (d, m) in described.into_iter().zip(measures) {
        let LambdaFunction {
            name,
            config,
            log_group,
            json_logs,
            warnings: mut notes,
        } = d.lambda;
        bar.set_message(format!("assembling {name}"));
        let no_memory = !m.totals.contains_key(&Field::MaxMemory)
            && !m.totals.contains_key(&Field::InsightsMemory);
        let needs_logs = no_memory || !m.totals.contains_key(&Field::DurationP99);
        let sample = if needs_logs && plan.max_log_events > 0 {
            match logs::read_reports(
                &clients.logs,
                &log_group,
                json_logs,
                window,
                plan.max_log_events,
            )
            .await
            {
                Ok(sample) => Some(sample),
                Err(error) => {
                    notes.push(Warning::new(
                        WarningKind::NoReportLines,
                        format!("{name}: REPORT lines unavailable: {error:#}"),
                    ));
                    None
                }
            }
        } else {
            None
        };
        functions.push(build_function(name, config, m, sample, &mut notes));
        warnings.append(&mut notes);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Snapshot {
        version: SNAPSHOT_VERSION,
        source: "cloudwatch".into(),
        region: plan.region.clone(),
        period_seconds: window.period as u64,
        functions,
        warnings,
    })
}

/// One function's snapshot from its metrics and, where they fall short, its `REPORT` lines; each
/// figure taken from the next source, or estimated, is named in `warnings`.
fn build_function(
    name: String,
    config: FunctionConfig,
    m: Measures,
    logs: Option<LogSample>,
    warnings: &mut Vec<Warning>,
) -> FunctionSnapshot {
    let get = |field: Field| m.totals.get(&field).copied();
    let invocations: f64 = m.invocations.iter().sum();
    if invocations == 0.0 {
        warnings.push(Warning::new(
            WarningKind::NoInvocations,
            format!(
                "{name}: no Invocations in the window; check the name and region, or that it has run"
            ),
        ));
    }
    let logs = logs.filter(|l| l.summary.invocations > 0);
    let summary = logs.as_ref().map(|l| &l.summary);
    let from_logs = |q: f64| summary.and_then(|s| s.percentile(q));
    let avg = get(Field::DurationAvg)
        .or_else(|| {
            summary.map(|s| s.durations_ms.iter().sum::<f64>() / s.durations_ms.len() as f64)
        })
        .unwrap_or(0.0);
    let max = get(Field::DurationMax)
        .or_else(|| from_logs(1.0))
        .unwrap_or(avg);
    let mut estimated: Vec<Statistic> = Vec::new();
    let mut percentile = |field: Field, fallback: f64| {
        let stat = field.stat();
        get(field)
            .or_else(|| stat.quantile().and_then(from_logs))
            .unwrap_or_else(|| {
                estimated.push(stat);
                fallback
            })
    };
    let duration_ms = DurationStats {
        avg,
        p50: percentile(Field::DurationP50, avg),
        p90: percentile(Field::DurationP90, max),
        p99: percentile(Field::DurationP99, max),
        p999: percentile(Field::DurationP999, max),
        max,
    };
    if !estimated.is_empty() && invocations > 0.0 {
        let names: Vec<&str> = estimated.iter().map(|s| s.as_str()).collect();
        warnings.push(Warning::new(
            WarningKind::EstimatedPercentiles,
            format!(
                "{name}: duration {} estimated from the mean and maximum (no percentile data)",
                names.join(", ")
            ),
        ));
    }
    let log_cold_starts = logs.as_ref().map(|l| {
        let s = &l.summary;
        if l.capped {
            s.cold_starts as f64 / s.invocations as f64 * invocations
        } else {
            s.cold_starts as f64
        }
    });
    let max_memory = get(Field::MaxMemory)
        .or(get(Field::InsightsMemory))
        .or(summary.map(|s| s.max_memory_used_mb));
    if max_memory.is_none() && invocations > 0.0 {
        warnings.push(Warning::new(
            WarningKind::UnknownPeakMemory,
            format!(
                "{name}: peak memory unknown (no MaxMemoryUsed, Lambda Insights or REPORT lines); memory will not be lowered"
            ),
        ));
    }
    if let Some(sample) = logs.as_ref().filter(|l| l.capped) {
        warnings.push(Warning::new(
            WarningKind::ReportLinesCapped,
            format!(
                "{name}: read the first {} REPORT lines of the window only (--max-log-events)",
                sample.summary.invocations
            ),
        ));
    }
    FunctionSnapshot {
        name,
        config,
        errors: get(Field::Errors).unwrap_or(0.0),
        throttles: get(Field::Throttles).unwrap_or(0.0),
        duration_ms,
        cold_starts: get(Field::ColdStarts).or(log_cold_starts),
        init_duration_ms: get(Field::InitDuration)
            .or(get(Field::InsightsInit))
            .or(summary.and_then(|s| s.init_duration_ms)),
        model_latency_ms: get(Field::ModelLatency),
        max_memory_used_mb: max_memory,
        small_talk_hits: get(Field::SmallTalkHits),
        cache_hits: get(Field::CacheHits),
        model_calls: get(Field::ModelCalls),
        provisioned_utilization: get(Field::ProvisionedUtilization),
        spillover_invocations: get(Field::Spillover),
        invocations: m.invocations,
        concurrency: m.concurrency,
    }
}
