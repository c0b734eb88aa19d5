//! CloudWatch metrics: `ListMetrics` to find which metrics a function has, `GetMetricData` in batches
//! to read them, and the fold of the answers into per-function series and totals.

use std::collections::HashMap;

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{
    Dimension, DimensionFilter, Metric, MetricDataQuery, MetricStat, ScanBy, StatusCode,
};
use frugal_pricing::metric_names;

use super::queries::{
    Field, MetricRef, QuerySpec, Statistic, INSIGHTS_FUNCTION_DIMENSION, INSIGHTS_NAMESPACE,
    LAMBDA_FUNCTION_DIMENSION, LAMBDA_NAMESPACE,
};
use crate::aws::error_line;
use crate::warning::{Warning, WarningKind};

/// `GetMetricData` accepts at most this many queries per call.
pub const MAX_QUERIES_PER_CALL: usize = 500;

fn metric_ref(metric: &Metric) -> Option<MetricRef> {
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

/// Every metric CloudWatch has for `function` in `AWS/Lambda`, the middleware's EMF namespace and
/// Lambda Insights, with their full dimension sets.
pub async fn list_function_metrics(
    client: &aws_sdk_cloudwatch::Client,
    function: &str,
    emf_namespace: &str,
) -> crate::Result<Vec<MetricRef>> {
    let mut found = Vec::new();
    for (namespace, dimension) in [
        (LAMBDA_NAMESPACE, LAMBDA_FUNCTION_DIMENSION),
        (emf_namespace, metric_names::FUNCTION_DIMENSION),
        (INSIGHTS_NAMESPACE, INSIGHTS_FUNCTION_DIMENSION),
    ] {
        let pages: Vec<_> = client
            .list_metrics()
            .namespace(namespace)
            .dimensions(
                DimensionFilter::builder()
                    .name(dimension)
                    .value(function)
                    .build(),
            )
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|e| crate::Error::Aws {
                call: format!("CloudWatch ListMetrics in {namespace} for {function:?} failed"),
                line: error_line(&e),
            })?;
        found.extend(
            pages
                .iter()
                .flat_map(|page| page.metrics())
                .filter_map(metric_ref),
        );
    }
    Ok(found)
}

fn to_sdk(spec: &QuerySpec, id: String) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(&spec.metric.namespace)
        .metric_name(&spec.metric.name)
        .set_dimensions(Some(
            spec.metric
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
                .period(spec.period)
                .stat(spec.field.stat().as_str())
                .build(),
        )
        .return_data(true)
        .build()
}

/// Datapoints per query index: (epoch seconds, value).
pub type Answers = HashMap<usize, Vec<(i64, f64)>>;

/// What `GetMetricData` answered, and what it could answer only in part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetricData {
    /// Datapoints per query.
    pub answers: Answers,
    /// Queries answered only in part.
    pub warnings: Vec<Warning>,
}

/// Runs `specs` through `GetMetricData`, at most [`MAX_QUERIES_PER_CALL`] queries per call, following
/// `NextToken`s.
pub async fn get_metric_data(
    client: &aws_sdk_cloudwatch::Client,
    specs: &[QuerySpec],
    start: i64,
    end: i64,
) -> crate::Result<MetricData> {
    let mut data = MetricData::default();
    for (chunk_index, chunk) in specs.chunks(MAX_QUERIES_PER_CALL).enumerate() {
        let base = chunk_index * MAX_QUERIES_PER_CALL;
        let queries = chunk
            .iter()
            .enumerate()
            .map(|(i, spec)| to_sdk(spec, format!("q{}", base + i)))
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
            let page = page.map_err(|e| crate::Error::Aws {
                call: "CloudWatch GetMetricData failed".into(),
                line: error_line(&e),
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
                    data.warnings.push(Warning::new(
                        WarningKind::PartialMetricData,
                        format!(
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
                        ),
                    ));
                }
                let points = data.answers.entry(index).or_default();
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
    Ok(data)
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
/// period without a datapoint counts 0), totals combined across datapoints and dimension sets (sums
/// add, maxima take the largest, averages are averaged).
pub fn fold(
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
            match spec.field.stat() {
                Statistic::Sum => *m.totals.entry(spec.field).or_insert(0.0) += v,
                Statistic::Average => {
                    let (sum, n) = means.entry((spec.function, spec.field)).or_insert((0.0, 0));
                    *sum += v;
                    *n += 1;
                }
                Statistic::Maximum
                | Statistic::P50
                | Statistic::P90
                | Statistic::P99
                | Statistic::P999 => {
                    let slot = m.totals.entry(spec.field).or_insert(f64::MIN);
                    *slot = slot.max(v);
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
    use crate::fetch::queries::tests::emf;
    use crate::fetch::queries::{core_queries, discovered_queries};

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
        let measures = fold(&specs, &answers, 1, start, 60, 60);
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
}
