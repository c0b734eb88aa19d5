//! How the metric queries of many functions are packed into `GetMetricData` calls.
//!
//! One call carries up to [`MAX_QUERIES_PER_CALL`] queries and answers up to
//! [`DATAPOINTS_PER_CALL`] datapoints a page (more pages follow through `NextToken`, one after the
//! other). So functions are packed into batches that fill a call without spilling onto a second page
//! where that can be helped, and the batches run side by side: fewer calls than one per function,
//! and no long chain of pages to wait for. Percentile queries go in batches of their own (not every
//! CloudWatch serves them, and one refusal must not cost the other figures); they return one
//! datapoint each, so a batch holds up to 125 functions.
//!
//! ```
//! use frugal_analyzer::fetch::batch::{plan, BatchKind};
//! use frugal_analyzer::fetch::queries::core_queries;
//!
//! // 30 functions, 14 days of 1-minute points: two series of 20,160 points each per function.
//! let (percentile, plain): (Vec<_>, Vec<_>) = (0..30)
//!     .map(|i| core_queries(0, &format!("f{i}"), 60, 14 * 86_400).into_iter().partition(|q| q.field.is_percentile()))
//!     .unzip();
//! let batches = plan(&plain, &percentile, 14 * 1_440);
//! assert_eq!(batches.iter().filter(|b| b.kind == BatchKind::Plain).count(), 15);
//! assert_eq!(batches.iter().filter(|b| b.kind == BatchKind::Percentile).count(), 1);
//! ```

use std::ops::Range;

use super::cloudwatch::MAX_QUERIES_PER_CALL;
use super::queries::QuerySpec;

/// Datapoints `GetMetricData` returns per page at most.
pub const DATAPOINTS_PER_CALL: usize = 100_800;

/// Which queries of its functions a batch carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BatchKind {
    /// Everything but percentiles.
    Plain,
    /// The duration percentiles.
    Percentile,
}

/// One `GetMetricData` call (with its pages): a run of consecutive functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// Which queries.
    pub kind: BatchKind,
    /// Which functions, by index.
    pub functions: Range<usize>,
}

/// Packs the functions' queries (`plain[i]` and `percentile[i]` for function `i`) into batches, given
/// `periods` points per series.
pub fn plan(plain: &[Vec<QuerySpec>], percentile: &[Vec<QuerySpec>], periods: usize) -> Vec<Batch> {
    let cost = |specs: &Vec<QuerySpec>| {
        let points = specs
            .iter()
            .map(|s| if s.field.is_series() { periods } else { 1 })
            .sum();
        (specs.len(), points)
    };
    let mut batches: Vec<Batch> = group(plain.iter().map(cost))
        .into_iter()
        .map(|functions| Batch {
            kind: BatchKind::Plain,
            functions,
        })
        .collect();
    batches.extend(
        group(percentile.iter().map(cost))
            .into_iter()
            .map(|functions| Batch {
                kind: BatchKind::Percentile,
                functions,
            }),
    );
    let queries = |b: &Batch| {
        let specs = match b.kind {
            BatchKind::Plain => plain,
            BatchKind::Percentile => percentile,
        };
        specs[b.functions.clone()]
            .iter()
            .map(Vec::len)
            .sum::<usize>()
    };
    batches.retain(|b| queries(b) > 0);
    batches
}

/// Consecutive runs of items of (queries, datapoints) cost, each within one call's limits; an item
/// over the limits alone gets a run of its own (its queries are then split across calls).
fn group(costs: impl Iterator<Item = (usize, usize)>) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut queries, mut points) = (0, 0, 0);
    let mut end = 0;
    for (i, (q, p)) in costs.enumerate() {
        let fits = queries + q <= MAX_QUERIES_PER_CALL && points + p <= DATAPOINTS_PER_CALL;
        if i > start && !fits {
            runs.push(start..i);
            (start, queries, points) = (i, 0, 0);
        }
        queries += q;
        points += p;
        end = i + 1;
    }
    if end > start {
        runs.push(start..end);
    }
    runs
}

/// The queries of `functions`, renumbered so the batch's first function is 0.
pub fn specs(per_function: &[Vec<QuerySpec>], functions: Range<usize>) -> Vec<QuerySpec> {
    per_function[functions]
        .iter()
        .enumerate()
        .flat_map(|(offset, specs)| {
            specs.iter().map(move |s| QuerySpec {
                function: offset,
                ..s.clone()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::queries::core_queries;

    fn split(functions: usize) -> (Vec<Vec<QuerySpec>>, Vec<Vec<QuerySpec>>) {
        (0..functions)
            .map(|i| {
                core_queries(0, &format!("f{i}"), 60, 86_400)
                    .into_iter()
                    .partition::<Vec<_>, _>(|q| !q.field.is_percentile())
            })
            .unzip()
    }

    #[test]
    fn short_windows_fill_calls_by_query_count() {
        let (plain, percentile) = split(300);
        let batches = plan(&plain, &percentile, 1_440);
        let plain_batches: Vec<_> = batches
            .iter()
            .filter(|b| b.kind == BatchKind::Plain)
            .collect();
        // 6 plain queries and 2 × 1,440 + 4 points a function: the point limit binds at 34.
        assert_eq!(plain_batches[0].functions, 0..34);
        assert_eq!(
            batches
                .iter()
                .filter(|b| b.kind == BatchKind::Percentile)
                .count(),
            3,
            "4 percentile queries a function, 125 functions a call"
        );
        let covered: usize = plain_batches.iter().map(|b| b.functions.len()).sum();
        assert_eq!(covered, 300);
    }

    #[test]
    fn renumbered_from_the_batch_start() {
        let (plain, _) = split(5);
        let specs = specs(&plain, 2..4);
        assert_eq!(specs.len(), 12);
        assert_eq!(specs[0].function, 0);
        assert_eq!(specs[11].function, 1);
        assert!(specs[6].metric.dimensions[0].1 == "f3");
    }

    #[test]
    fn an_oversized_function_gets_a_batch_of_its_own() {
        assert_eq!(
            group([(600, 1), (1, 1), (1, 1)].into_iter()),
            vec![0..1, 1..3]
        );
        assert_eq!(group([(1, 200_000)].into_iter()), vec![0..1]);
        assert!(group(std::iter::empty()).is_empty());
    }
}
