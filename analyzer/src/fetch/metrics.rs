//! CloudWatch metric queries: which metrics answer which snapshot field, how to batch them into
//! `GetMetricData` calls, and how to fold the answers back into per-function series and totals.

use std::collections::HashMap;

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{
    Dimension, Metric, MetricDataQuery, MetricStat, ScanBy, StatusCode,
};

/// `GetMetricData` accepts at most this many queries per call.
pub const MAX_QUERIES_PER_CALL: usize = 500;

/// The namespace of Lambda's own metrics.
pub const LAMBDA_NAMESPACE: &str = "AWS/Lambda";
/// The namespace of Lambda Insights.
pub const INSIGHTS_NAMESPACE: &str = "LambdaInsights";

/// A snapshot field a metric answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `AWS/Lambda` Invocations, Sum per period (series).
    Invocations,
    /// `AWS/Lambda` ConcurrentExecutions, Maximum per period (series).
    Concurrency,
    /// Errors, Sum.
    Errors,
    /// Throttles, Sum.
    Throttles,
    /// Duration, Average.
    DurationAvg,
    /// Duration, Maximum.
    DurationMax,
    /// Duration, p50.
    DurationP50,
    /// Duration, p90.
    DurationP90,
    /// Duration, p99.
    DurationP99,
    /// Duration, p99.9.
    DurationP999,
    /// ProvisionedConcurrentExecutions, Maximum.
    ProvisionedExecutions,
    /// ProvisionedConcurrencyUtilization, Average.
    ProvisionedUtilization,
    /// ProvisionedConcurrencySpilloverInvocations, Sum.
    Spillover,
    /// EMF ColdStart, Sum.
    ColdStarts,
    /// EMF InitDuration, Average.
    InitDuration,
    /// EMF ModelLatency, Average.
    ModelLatency,
    /// EMF MaxMemoryUsed, Maximum.
    MaxMemory,
    /// EMF SmallTalkHit, Sum.
    SmallTalkHits,
    /// EMF CacheHit, Sum.
    CacheHits,
    /// EMF ModelCall, Sum.
    ModelCalls,
    /// Lambda Insights used_memory_max, Maximum.
    InsightsMemory,
    /// Lambda Insights init_duration, Average.
    InsightsInit,
}

/// How values of one field combine across periods and dimension sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combine {
    Sum,
    Max,
    Mean,
}

impl Field {
    /// The CloudWatch statistic to ask for.
    pub fn stat(self) -> &'static str {
        use Field::*;
        match self {
            Invocations | Errors | Throttles | Spillover | ColdStarts | SmallTalkHits
            | CacheHits | ModelCalls => "Sum",
            Concurrency | DurationMax | ProvisionedExecutions | MaxMemory | InsightsMemory => {
                "Maximum"
            }
            DurationAvg | ProvisionedUtilization | InitDuration | ModelLatency | InsightsInit => {
                "Average"
            }
            DurationP50 => "p50",
            DurationP90 => "p90",
            DurationP99 => "p99",
            DurationP999 => "p99.9",
        }
    }

    /// A per-period series rather than one figure over the window.
    pub fn is_series(self) -> bool {
        matches!(self, Field::Invocations | Field::Concurrency)
    }

    /// A percentile statistic (asked for in calls of their own: not every CloudWatch serves them).
    pub fn is_percentile(self) -> bool {
        self.stat().starts_with('p')
    }

    fn combine(self) -> Combine {
        match self.stat() {
            "Sum" => Combine::Sum,
            "Average" => Combine::Mean,
            _ => Combine::Max,
        }
    }

    /// The field a discovered metric answers, by namespace kind and name.
    fn of_discovered(namespace: &str, emf_namespace: &str, name: &str) -> Option<Field> {
        use Field::*;
        Some(match (namespace, name) {
            (LAMBDA_NAMESPACE, "ProvisionedConcurrentExecutions") => ProvisionedExecutions,
            (LAMBDA_NAMESPACE, "ProvisionedConcurrencyUtilization") => ProvisionedUtilization,
            (LAMBDA_NAMESPACE, "ProvisionedConcurrencySpilloverInvocations") => Spillover,
            (INSIGHTS_NAMESPACE, "used_memory_max") => InsightsMemory,
            (INSIGHTS_NAMESPACE, "init_duration") => InsightsInit,
            (ns, "ColdStart") if ns == emf_namespace => ColdStarts,
            (ns, "InitDuration") if ns == emf_namespace => InitDuration,
            (ns, "ModelLatency") if ns == emf_namespace => ModelLatency,
            (ns, "MaxMemoryUsed") if ns == emf_namespace => MaxMemory,
            (ns, "SmallTalkHit") if ns == emf_namespace => SmallTalkHits,
            (ns, "CacheHit") if ns == emf_namespace => CacheHits,
            (ns, "ModelCall") if ns == emf_namespace => ModelCalls,
            _ => return None,
        })
    }
}

/// A metric with its full dimension set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MetricRef {
    /// Namespace.
    pub namespace: String,
    /// Metric name.
    pub name: String,
    /// Dimensions, name → value.
    pub dimensions: Vec<(String, String)>,
}

impl MetricRef {
    /// From a `ListMetrics` answer.
    pub fn from_sdk(metric: &Metric) -> Option<Self> {
        Some(MetricRef {
            namespace: metric.namespace()?.to_owned(),
            name: metric.metric_name()?.to_owned(),
            dimensions: metric
                .dimensions()
                .iter()
                .filter_map(|d| Some((d.name()?.to_owned(), d.value()?.to_owned())))
                .collect(),
        })
    }

    fn lambda(name: &str, function: &str) -> Self {
        MetricRef {
            namespace: LAMBDA_NAMESPACE.into(),
            name: name.into(),
            dimensions: vec![("FunctionName".into(), function.into())],
        }
    }
}

/// One metric query: which function and field it answers.
#[derive(Clone, Debug, PartialEq)]
pub struct QuerySpec {
    /// Index of the function in the snapshot.
    pub function: usize,
    /// The field.
    pub field: Field,
    /// The metric.
    pub metric: MetricRef,
    /// Seconds per point.
    pub period: i32,
}

impl QuerySpec {
    fn to_sdk(&self, id: String) -> MetricDataQuery {
        let metric = Metric::builder()
            .namespace(&self.metric.namespace)
            .metric_name(&self.metric.name)
            .set_dimensions(Some(
                self.metric
                    .dimensions
                    .iter()
                    .map(|(name, value)| Dimension::builder().name(name).value(value).build())
                    .collect(),
            ))
            .build();
        MetricDataQuery::builder()
            .id(id)
            .metric_stat(
                MetricStat::builder()
                    .metric(metric)
                    .period(self.period)
                    .stat(self.field.stat())
                    .build(),
            )
            .return_data(true)
            .build()
    }
}

/// The queries every function gets: Lambda's own metrics by `FunctionName`.
pub fn core_queries(function: usize, name: &str, period: i32, window: i32) -> Vec<QuerySpec> {
    use Field::*;
    [
        (Invocations, "Invocations"),
        (Concurrency, "ConcurrentExecutions"),
        (Errors, "Errors"),
        (Throttles, "Throttles"),
        (DurationAvg, "Duration"),
        (DurationMax, "Duration"),
        (DurationP50, "Duration"),
        (DurationP90, "Duration"),
        (DurationP99, "Duration"),
        (DurationP999, "Duration"),
    ]
    .into_iter()
    .map(|(field, metric)| QuerySpec {
        function,
        field,
        metric: MetricRef::lambda(metric, name),
        period: if field.is_series() { period } else { window },
    })
    .collect()
}

/// Queries for the metrics `ListMetrics` found for a function (provisioned concurrency, the
/// middleware's EMF metrics, Lambda Insights). Where a metric exists both with the function's
/// dimension alone and with more dimensions, only the aggregate is read, so nothing counts twice.
pub fn discovered_queries(
    function: usize,
    found: &[MetricRef],
    emf_namespace: &str,
    window: i32,
) -> Vec<QuerySpec> {
    let mut by_field: HashMap<Field, Vec<&MetricRef>> = HashMap::new();
    for metric in found {
        if let Some(field) = Field::of_discovered(&metric.namespace, emf_namespace, &metric.name) {
            let sets = by_field.entry(field).or_default();
            if !sets.contains(&metric) {
                sets.push(metric);
            }
        }
    }
    let mut specs: Vec<QuerySpec> = by_field
        .into_iter()
        .flat_map(|(field, sets)| {
            let aggregate: Vec<&MetricRef> = sets
                .iter()
                .copied()
                .filter(|m| m.dimensions.len() == 1)
                .collect();
            let chosen = if aggregate.is_empty() {
                sets
            } else {
                aggregate
            };
            chosen.into_iter().map(move |metric| QuerySpec {
                function,
                field,
                metric: metric.clone(),
                period: window,
            })
        })
        .collect();
    specs.sort_by(|a, b| (a.field, &a.metric.dimensions).cmp(&(b.field, &b.metric.dimensions)));
    specs
}

/// Datapoints per query index: (epoch seconds, value).
pub type Answers = HashMap<usize, Vec<(i64, f64)>>;

/// Runs `specs` through `GetMetricData`, at most [`MAX_QUERIES_PER_CALL`] queries per call, following
/// `NextToken`s. Queries CloudWatch answers only in part are reported in the returned warnings.
pub async fn get_metric_data(
    client: &aws_sdk_cloudwatch::Client,
    specs: &[QuerySpec],
    start: i64,
    end: i64,
) -> anyhow::Result<(Answers, Vec<String>)> {
    let mut answers = Answers::new();
    let mut warnings = Vec::new();
    for (chunk_index, chunk) in specs.chunks(MAX_QUERIES_PER_CALL).enumerate() {
        let base = chunk_index * MAX_QUERIES_PER_CALL;
        let queries = chunk
            .iter()
            .enumerate()
            .map(|(i, spec)| spec.to_sdk(format!("q{}", base + i)))
            .collect();
        let mut pages = client
            .get_metric_data()
            .start_time(DateTime::from_secs(start))
            .end_time(DateTime::from_secs(end))
            .scan_by(ScanBy::TimestampAscending)
            .set_metric_data_queries(Some(queries))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                anyhow::anyhow!(
                    "CloudWatch GetMetricData failed: {}",
                    crate::aws::error_line(&e)
                )
            })?;
            for result in page.metric_data_results() {
                let Some(index) = result
                    .id()
                    .and_then(|id| id.strip_prefix('q'))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|&n| n < specs.len())
                else {
                    continue;
                };
                if let Some(StatusCode::InternalError | StatusCode::Forbidden) =
                    result.status_code()
                {
                    let spec = &specs[index];
                    warnings.push(format!(
                        "CloudWatch could not answer {} {} ({:?}): {}",
                        spec.metric.name,
                        spec.field.stat(),
                        result.status_code(),
                        result
                            .messages()
                            .iter()
                            .filter_map(|m| m.value())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                let points = answers.entry(index).or_default();
                points.extend(
                    result
                        .timestamps()
                        .iter()
                        .zip(result.values())
                        .filter(|(_, v)| v.is_finite())
                        .map(|(t, v)| (t.secs(), *v)),
                );
            }
        }
    }
    Ok((answers, warnings))
}

/// One function's answers, folded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    /// Invocations per period.
    pub invocations: Vec<f64>,
    /// Maximum concurrency per period.
    pub concurrency: Vec<f64>,
    /// Figures over the whole window; a field is absent when CloudWatch had no datapoint.
    pub totals: HashMap<Field, f64>,
}

/// Folds `answers` into one [`Measures`] per function: series aligned on the window's periods (a
/// period without a datapoint counts 0), totals combined across datapoints and dimension sets.
pub fn assemble(
    specs: &[QuerySpec],
    answers: &Answers,
    functions: usize,
    start: i64,
    period: i64,
    periods: usize,
) -> Vec<Measures> {
    let mut measures = vec![
        Measures {
            invocations: vec![0.0; periods],
            concurrency: vec![0.0; periods],
            totals: HashMap::new(),
        };
        functions
    ];
    let mut means: HashMap<(usize, Field), (f64, usize)> = HashMap::new();
    for (index, spec) in specs.iter().enumerate() {
        let Some(points) = answers.get(&index).filter(|p| !p.is_empty()) else {
            continue;
        };
        let Some(m) = measures.get_mut(spec.function) else {
            continue;
        };
        if spec.field.is_series() {
            let series = if spec.field == Field::Invocations {
                &mut m.invocations
            } else {
                &mut m.concurrency
            };
            for &(t, v) in points {
                let offset = t - start;
                if offset < 0 || period <= 0 {
                    continue;
                }
                if let Some(slot) = series.get_mut((offset / period) as usize) {
                    *slot = if spec.field == Field::Invocations {
                        *slot + v
                    } else {
                        slot.max(v)
                    };
                }
            }
            continue;
        }
        for &(_, v) in points {
            match spec.field.combine() {
                Combine::Sum => *m.totals.entry(spec.field).or_insert(0.0) += v,
                Combine::Max => {
                    let slot = m.totals.entry(spec.field).or_insert(f64::MIN);
                    *slot = slot.max(v);
                }
                Combine::Mean => {
                    let (sum, n) = means.entry((spec.function, spec.field)).or_insert((0.0, 0));
                    *sum += v;
                    *n += 1;
                }
            }
        }
    }
    for ((function, field), (sum, n)) in means {
        measures[function].totals.insert(field, sum / n as f64);
    }
    measures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emf(name: &str, service: &str) -> MetricRef {
        MetricRef {
            namespace: "Frugal".into(),
            name: name.into(),
            dimensions: vec![
                ("service".into(), service.into()),
                ("function_name".into(), "chat".into()),
            ],
        }
    }

    #[test]
    fn discovered_metrics_map_to_fields_without_double_counting() {
        let pc_alias = MetricRef {
            namespace: LAMBDA_NAMESPACE.into(),
            name: "ProvisionedConcurrencySpilloverInvocations".into(),
            dimensions: vec![
                ("FunctionName".into(), "chat".into()),
                ("Resource".into(), "chat:live".into()),
            ],
        };
        let pc_total = MetricRef {
            dimensions: vec![("FunctionName".into(), "chat".into())],
            ..pc_alias.clone()
        };
        let found = vec![
            emf("ColdStart", "a"),
            emf("ColdStart", "b"),
            emf("RequestDuration", "a"),
            pc_alias,
            pc_total.clone(),
            emf("ColdStart", "a"),
        ];
        let specs = discovered_queries(3, &found, "Frugal", 86_400);
        let cold: Vec<_> = specs
            .iter()
            .filter(|s| s.field == Field::ColdStarts)
            .collect();
        assert_eq!(cold.len(), 2, "both services, once each");
        let spill: Vec<_> = specs
            .iter()
            .filter(|s| s.field == Field::Spillover)
            .collect();
        assert_eq!(spill.len(), 1);
        assert_eq!(spill[0].metric, pc_total);
        assert!(specs.iter().all(|s| s.function == 3 && s.period == 86_400));
        assert_eq!(specs.len(), 3, "RequestDuration is not needed");
    }

    #[test]
    fn answers_fold_into_aligned_series_and_totals() {
        let mut specs = core_queries(0, "chat", 60, 3_600);
        specs.extend(discovered_queries(
            0,
            &[
                emf("ColdStart", "a"),
                emf("ColdStart", "b"),
                emf("InitDuration", "a"),
                emf("InitDuration", "b"),
            ],
            "Frugal",
            3_600,
        ));
        let index = |field: Field, nth: usize| {
            specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.field == field)
                .nth(nth)
                .map(|(i, _)| i)
                .unwrap()
        };
        let start = 1_000_020;
        let mut answers = Answers::new();
        // Sparse: CloudWatch leaves out empty periods.
        answers.insert(
            index(Field::Invocations, 0),
            vec![(start, 5.0), (start + 180, 7.0), (start + 3_600, 9.0)],
        );
        answers.insert(index(Field::Concurrency, 0), vec![(start + 60, 2.0)]);
        answers.insert(index(Field::DurationMax, 0), vec![(start, 900.0)]);
        answers.insert(index(Field::ColdStarts, 0), vec![(start, 3.0)]);
        answers.insert(index(Field::ColdStarts, 1), vec![(start, 4.0)]);
        answers.insert(index(Field::InitDuration, 0), vec![(start, 10.0)]);
        answers.insert(index(Field::InitDuration, 1), vec![(start, 30.0)]);
        answers.insert(index(Field::DurationP99, 0), vec![]);
        let measures = assemble(&specs, &answers, 1, start, 60, 60);
        let m = &measures[0];
        assert_eq!(m.invocations.len(), 60);
        assert_eq!(
            (
                m.invocations[0],
                m.invocations[3],
                m.invocations.iter().sum::<f64>()
            ),
            (5.0, 7.0, 12.0),
            "a point past the window is dropped"
        );
        assert_eq!(m.concurrency[1], 2.0);
        assert_eq!(m.totals.get(&Field::DurationMax), Some(&900.0));
        assert_eq!(m.totals.get(&Field::ColdStarts), Some(&7.0));
        assert_eq!(m.totals.get(&Field::InitDuration), Some(&20.0));
        assert_eq!(
            m.totals.get(&Field::DurationP99),
            None,
            "no datapoint, no figure"
        );
        assert_eq!(m.totals.get(&Field::Errors), None);
    }

    #[test]
    fn percentiles_and_series_are_told_apart() {
        assert!(Field::DurationP999.is_percentile());
        assert_eq!(Field::DurationP999.stat(), "p99.9");
        assert!(!Field::DurationMax.is_percentile());
        assert!(Field::Concurrency.is_series());
        assert!(!Field::Errors.is_series());
    }
}
