//! The fetch, step by step: list the functions, describe them, read their metrics, fall back to logs
//! where metrics are missing, and assemble one [`FunctionSnapshot`] each.
//!
//! Every step runs over the functions a bounded number at once ([`Plan::concurrency`]). Metrics are
//! read in [batches](super::batch) of several functions per `GetMetricData` call. With `--all`, a
//! function that cannot be read becomes a warning naming it, not a failed run, unless every one fails.

use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use frugal_pricing::DEFAULT_REGION;
use futures_util::StreamExt;
use indicatif::ProgressBar;

use super::args::{dedupe, Plan, SourceArgs, Target, Window};
use super::batch::{self, Batch, BatchKind};
use super::cloudwatch::{self, Measures};
use super::lambda::{LambdaFunction, Settings};
use super::logs::LogSample;
use super::queries::{self, Field, MetricRef, QuerySpec, Statistic};
use super::{account, cloudformation, lambda, logs};
use crate::progress::start_phase;
use crate::snapshot::{
    DurationStats, FunctionConfig, FunctionSnapshot, Snapshot, SNAPSHOT_VERSION,
};
use crate::warning::{Warning, WarningKind};

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
        concurrency: args.concurrency,
    };
    fetch_with(&Clients::new(&config), &plan, bar).await
}

/// A function to read: by the name given, or as `ListFunctions` described it.
enum Source {
    Named(String),
    Listed(Settings),
}

impl Source {
    fn name(&self) -> &str {
        match self {
            Source::Named(name) => name,
            Source::Listed(settings) => &settings.name,
        }
    }
}

/// One function as Lambda describes it, with the metrics CloudWatch lists for it.
struct Described {
    lambda: LambdaFunction,
    metrics: Vec<MetricRef>,
}

async fn describe(
    clients: &Clients,
    source: Source,
    emf_namespace: &str,
) -> crate::Result<Described> {
    let lambda = match source {
        Source::Named(name) => lambda::describe(&clients.lambda, &name).await?,
        Source::Listed(settings) => lambda::complete(&clients.lambda, settings).await?,
    };
    let metrics =
        cloudwatch::list_function_metrics(&clients.cloudwatch, &lambda.name, emf_namespace).await?;
    Ok(Described { lambda, metrics })
}

/// What to do with a function that could not be read: with `--all`, leave it out with a warning
/// naming it; otherwise (the user named it) fail.
struct Failures {
    tolerate: bool,
    first: Option<crate::Error>,
    count: usize,
    warnings: Vec<Warning>,
}

impl Failures {
    fn record(&mut self, function: &str, error: crate::Error) -> crate::Result<()> {
        if !self.tolerate {
            return Err(error);
        }
        self.count += 1;
        self.warnings.push(Warning::new(
            // The closest kind there is for "left out of the report".
            WarningKind::PartialMetricData,
            format!("{function}: left out, it could not be read: {error}"),
        ));
        self.first.get_or_insert(error);
        Ok(())
    }

    /// Fails when no function is left; the error is the first failure's.
    fn check_left(&mut self, left: usize) -> crate::Result<()> {
        match self.first.take() {
            Some(error) if left == 0 => Err(crate::Error::Aws {
                call: format!(
                    "reading every one of the {} functions failed; the first",
                    self.count
                ),
                line: error.to_string(),
            }),
            first => {
                self.first = first;
                Ok(())
            }
        }
    }
}

/// Runs a [`Plan`] with the given clients.
pub async fn fetch_with(
    clients: &Clients,
    plan: &Plan,
    bar: &ProgressBar,
) -> crate::Result<Snapshot> {
    let concurrency = plan.concurrency.max(1);
    let mut warnings = Vec::new();
    let sources: Vec<Source> = match &plan.target {
        Target::Functions(names) => dedupe(names.clone())
            .into_iter()
            .map(Source::Named)
            .collect(),
        Target::Stack(stack) => {
            start_phase(bar, &format!("listing stack {stack}"), 0);
            cloudformation::stack_functions(&clients.cloudformation, stack)
                .await?
                .into_iter()
                .map(Source::Named)
                .collect()
        }
        Target::All { tags, name_prefix } => {
            let (selected, skipped) = account::select(
                &clients.lambda,
                tags,
                name_prefix.as_deref(),
                concurrency,
                &plan.region,
                bar,
            )
            .await?;
            warnings.extend(skipped);
            selected.into_iter().map(Source::Listed).collect()
        }
    };
    crate::error::ensure!(!sources.is_empty(), Input, "no functions to read");
    let mut failures = Failures {
        tolerate: matches!(plan.target, Target::All { .. }),
        first: None,
        count: 0,
        warnings: Vec::new(),
    };

    start_phase(bar, "reading configurations", sources.len());
    let mut answered: Vec<(usize, String, crate::Result<Described>)> =
        futures_util::stream::iter(sources.into_iter().enumerate())
            .map(|(order, source)| async move {
                let name = source.name().to_owned();
                let described = describe(clients, source, &plan.emf_namespace).await;
                bar.inc(1);
                (order, name, described)
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
    answered.sort_by_key(|(order, _, _)| *order);
    let mut described = Vec::with_capacity(answered.len());
    for (_, name, result) in answered {
        match result {
            Ok(d) => described.push(d),
            Err(error) => failures.record(&name, error)?,
        }
    }
    failures.check_left(described.len())?;

    let window = &plan.window;
    let mut plain_specs: Vec<Vec<QuerySpec>> = Vec::with_capacity(described.len());
    let mut percentile_specs: Vec<Vec<QuerySpec>> = Vec::with_capacity(described.len());
    for d in &described {
        let mut specs =
            queries::core_queries(0, &d.lambda.name, window.period as i32, window.seconds());
        specs.extend(queries::discovered_queries(
            0,
            &d.metrics,
            &plan.emf_namespace,
            window.seconds(),
        ));
        let (percentile, plain): (Vec<QuerySpec>, Vec<QuerySpec>) =
            specs.into_iter().partition(|s| s.field.is_percentile());
        plain_specs.push(plain);
        percentile_specs.push(percentile);
    }
    let batches = batch::plan(&plain_specs, &percentile_specs, window.periods());

    start_phase(bar, "reading metrics", described.len());
    let read = |batch: Batch| {
        let specs = match batch.kind {
            BatchKind::Plain => &plain_specs,
            BatchKind::Percentile => &percentile_specs,
        };
        let specs = batch::specs(specs, batch.functions.clone());
        async move {
            let data =
                cloudwatch::get_metric_data(&clients.cloudwatch, &specs, window.start, window.end)
                    .await;
            if batch.kind == BatchKind::Plain {
                bar.inc(batch.functions.len() as u64);
            }
            (batch, specs, data)
        }
    };
    let mut results: Vec<_> = futures_util::stream::iter(batches)
        .map(read)
        .buffer_unordered(concurrency)
        .collect()
        .await;
    // Plain batches first: the percentiles go into the measures they create.
    results.sort_by_key(|(batch, _, _)| (batch.kind, batch.functions.start));
    let fold = |specs: &[QuerySpec], answers: &cloudwatch::Answers, functions: &Range<usize>| {
        cloudwatch::fold(
            specs,
            answers,
            functions.len(),
            window.start,
            window.period,
            window.periods(),
        )
    };
    let mut measures: Vec<Option<Measures>> = vec![None; described.len()];
    let mut no_percentiles: Vec<(String, usize)> = Vec::new();
    for (batch, specs, data) in results {
        match (batch.kind, data) {
            (BatchKind::Plain, Ok(data)) => {
                warnings.extend(data.warnings);
                let folded = fold(&specs, &data.answers, &batch.functions);
                for (slot, m) in measures[batch.functions.clone()].iter_mut().zip(folded) {
                    *slot = Some(m);
                }
            }
            (BatchKind::Plain, Err(error)) => {
                for d in &described[batch.functions.clone()] {
                    failures.record(&d.lambda.name, clone_error(&error))?;
                }
            }
            (BatchKind::Percentile, Ok(data)) => {
                warnings.extend(data.warnings);
                let folded = fold(&specs, &data.answers, &batch.functions);
                for (slot, p) in measures[batch.functions.clone()].iter_mut().zip(folded) {
                    if let Some(m) = slot {
                        m.totals.extend(p.totals);
                    }
                }
            }
            (BatchKind::Percentile, Err(error)) => {
                let line = format!("{error:#}");
                match no_percentiles.iter_mut().find(|(seen, _)| *seen == line) {
                    Some((_, functions)) => *functions += batch.functions.len(),
                    None => no_percentiles.push((line, batch.functions.len())),
                }
            }
        }
    }
    for (line, functions) in no_percentiles {
        let whom = if functions == described.len() {
            String::new()
        } else {
            format!(" for {functions} of {} functions", described.len())
        };
        warnings.push(Warning::new(
            WarningKind::NoPercentiles,
            format!(
                "duration percentiles unavailable{whom} ({line}); taken from REPORT lines where read, else p50 = mean and p90–p99.9 = maximum"
            ),
        ));
    }
    let read: Vec<(Described, Measures)> = described
        .into_iter()
        .zip(measures)
        .filter_map(|(d, m)| Some((d, m?)))
        .collect();
    failures.check_left(read.len())?;

    let needs_logs = |m: &Measures| {
        let no_memory = !m.totals.contains_key(&Field::MaxMemory)
            && !m.totals.contains_key(&Field::InsightsMemory);
        plan.max_log_events > 0 && (no_memory || !m.totals.contains_key(&Field::DurationP99))
    };
    let log_reads: Vec<usize> = (0..read.len())
        .filter(|&i| needs_logs(&read[i].1))
        .collect();
    start_phase(bar, "reading REPORT lines", log_reads.len());
    let mut samples: Vec<(usize, crate::Result<LogSample>)> = futures_util::stream::iter(log_reads)
        .map(|i| {
            let lambda = &read[i].0.lambda;
            async move {
                let sample = logs::read_reports(
                    &clients.logs,
                    &lambda.log_group,
                    lambda.json_logs,
                    window,
                    plan.max_log_events,
                )
                .await;
                bar.inc(1);
                (i, sample)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    samples.sort_by_key(|(i, _)| std::cmp::Reverse(*i));

    start_phase(bar, "assembling", read.len());
    let mut functions = Vec::with_capacity(read.len());
    for (i, (d, m)) in read.into_iter().enumerate() {
        let LambdaFunction {
            name,
            config,
            warnings: mut notes,
            ..
        } = d.lambda;
        let sample = match samples.last() {
            Some((j, _)) if *j == i => samples.pop().map(|(_, sample)| sample),
            _ => None,
        };
        let sample = match sample {
            Some(Ok(sample)) => Some(sample),
            Some(Err(error)) => {
                notes.push(Warning::new(
                    WarningKind::NoReportLines,
                    format!("{name}: REPORT lines unavailable: {error:#}"),
                ));
                None
            }
            None => None,
        };
        functions.push(build_function(name, config, m, sample, &mut notes));
        warnings.append(&mut notes);
        bar.inc(1);
    }
    warnings.append(&mut failures.warnings);
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

/// The same failure, for each function of a batch that failed as one.
fn clone_error(error: &crate::Error) -> crate::Error {
    match error {
        crate::Error::Aws { call, line } => crate::Error::Aws {
            call: call.clone(),
            line: line.clone(),
        },
        other => crate::Error::Aws {
            call: "CloudWatch GetMetricData failed".into(),
            line: other.to_string(),
        },
    }
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
