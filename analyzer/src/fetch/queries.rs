//! Which CloudWatch metric answers which snapshot field, with which statistic: the rules of the fetch,
//! free of AWS calls.

use std::collections::HashMap;
use std::fmt;

use frugal_pricing::metric_names;

/// The namespace of Lambda's own metrics.
pub const LAMBDA_NAMESPACE: &str = "AWS/Lambda";
/// The dimension naming the function in [`LAMBDA_NAMESPACE`].
pub const LAMBDA_FUNCTION_DIMENSION: &str = "FunctionName";
/// The namespace of Lambda Insights.
pub const INSIGHTS_NAMESPACE: &str = "LambdaInsights";
/// The dimension naming the function in [`INSIGHTS_NAMESPACE`].
pub const INSIGHTS_FUNCTION_DIMENSION: &str = "function_name";

/// A CloudWatch statistic the fetch asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Statistic {
    /// Sum of the datapoints.
    Sum,
    /// Largest datapoint.
    Maximum,
    /// Mean of the datapoints.
    Average,
    /// Median.
    P50,
    /// 90th percentile.
    P90,
    /// 99th percentile.
    P99,
    /// 99.9th percentile.
    P999,
}

impl Statistic {
    /// CloudWatch's name for it (`Sum`, `p99.9`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::Sum => "Sum",
            Statistic::Maximum => "Maximum",
            Statistic::Average => "Average",
            Statistic::P50 => "p50",
            Statistic::P90 => "p90",
            Statistic::P99 => "p99",
            Statistic::P999 => "p99.9",
        }
    }

    /// The quantile (0–1) of a percentile statistic, `None` for the others.
    pub fn quantile(self) -> Option<f64> {
        match self {
            Statistic::P50 => Some(0.5),
            Statistic::P90 => Some(0.9),
            Statistic::P99 => Some(0.99),
            Statistic::P999 => Some(0.999),
            Statistic::Sum | Statistic::Maximum | Statistic::Average => None,
        }
    }

    /// A percentile statistic (asked for in calls of their own: not every CloudWatch serves them).
    pub fn is_percentile(self) -> bool {
        self.quantile().is_some()
    }
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

impl Field {
    /// The CloudWatch statistic to ask for.
    pub fn stat(self) -> Statistic {
        use Field::*;
        match self {
            Invocations | Errors | Throttles | Spillover | ColdStarts | SmallTalkHits
            | CacheHits | ModelCalls => Statistic::Sum,
            Concurrency | DurationMax | ProvisionedExecutions | MaxMemory | InsightsMemory => {
                Statistic::Maximum
            }
            DurationAvg | ProvisionedUtilization | InitDuration | ModelLatency | InsightsInit => {
                Statistic::Average
            }
            DurationP50 => Statistic::P50,
            DurationP90 => Statistic::P90,
            DurationP99 => Statistic::P99,
            DurationP999 => Statistic::P999,
        }
    }

    /// A per-period series rather than one figure over the window.
    pub fn is_series(self) -> bool {
        matches!(self, Field::Invocations | Field::Concurrency)
    }

    /// A percentile statistic (asked for in calls of their own: not every CloudWatch serves them).
    pub fn is_percentile(self) -> bool {
        self.stat().is_percentile()
    }

    /// The field a discovered metric answers, by namespace kind and name.
    fn of_discovered(namespace: &str, emf_namespace: &str, name: &str) -> Option<Field> {
        use Field::*;
        let fixed = match (namespace, name) {
            (LAMBDA_NAMESPACE, "ProvisionedConcurrentExecutions") => Some(ProvisionedExecutions),
            (LAMBDA_NAMESPACE, "ProvisionedConcurrencyUtilization") => Some(ProvisionedUtilization),
            (LAMBDA_NAMESPACE, "ProvisionedConcurrencySpilloverInvocations") => Some(Spillover),
            (INSIGHTS_NAMESPACE, "used_memory_max") => Some(InsightsMemory),
            (INSIGHTS_NAMESPACE, "init_duration") => Some(InsightsInit),
            _ => None,
        };
        if fixed.is_some() || namespace != emf_namespace {
            return fixed;
        }
        match name {
            metric_names::COLD_START => Some(ColdStarts),
            metric_names::INIT_DURATION => Some(InitDuration),
            metric_names::MODEL_LATENCY => Some(ModelLatency),
            metric_names::MAX_MEMORY_USED => Some(MaxMemory),
            metric_names::SMALL_TALK_HIT => Some(SmallTalkHits),
            metric_names::CACHE_HIT => Some(CacheHits),
            metric_names::MODEL_CALL => Some(ModelCalls),
            _ => None,
        }
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
    fn lambda(name: &str, function: &str) -> Self {
        MetricRef {
            namespace: LAMBDA_NAMESPACE.into(),
            name: name.into(),
            dimensions: vec![(LAMBDA_FUNCTION_DIMENSION.into(), function.into())],
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn emf(name: &str, service: &str) -> MetricRef {
        MetricRef {
            namespace: metric_names::NAMESPACE.into(),
            name: name.into(),
            dimensions: vec![
                (metric_names::SERVICE_DIMENSION.into(), service.into()),
                (metric_names::FUNCTION_DIMENSION.into(), "chat".into()),
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
    fn percentiles_and_series_are_told_apart() {
        assert!(Field::DurationP999.is_percentile());
        assert_eq!(Field::DurationP999.stat().as_str(), "p99.9");
        assert!(!Field::DurationMax.is_percentile());
        assert!(Field::Concurrency.is_series());
        assert!(!Field::Errors.is_series());
    }
}
