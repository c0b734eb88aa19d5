//! `--all` over 30 functions against `aws-smithy-mocks` rules: how `GetMetricData` calls are packed
//! for a 14-day window of 1-minute points (what the emulator, which neither pages nor limits
//! datapoints, cannot show), and a function that cannot be read becoming a warning, not a failed run.

use std::sync::{Arc, Mutex};

use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::operation::list_metrics::{ListMetricsError, ListMetricsOutput};
use aws_sdk_cloudwatch::types::{MetricDataResult, StatusCode};
use aws_sdk_lambda::operation::list_functions::ListFunctionsOutput;
use aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput;
use aws_sdk_lambda::types::{Architecture, FunctionConfiguration};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use frugal_analyzer::fetch::{fetch_with, Clients, Plan, Target, Window};
use indicatif::ProgressBar;

fn name(i: usize) -> String {
    format!("f{i:02}")
}

/// Clients for 30 functions; `ListMetrics` is denied for the functions `denied` picks, and the
/// function of the first page at `unpriced` (if any) runs on an architecture with no prices. Returns
/// the queries of each `GetMetricData` call.
fn clients(denied: fn(&str) -> bool, unpriced: Option<usize>) -> (Clients, Arc<Mutex<Vec<usize>>>) {
    // Two pages of functions, as ListFunctions gives 50 at most per page.
    let first_page = mock!(aws_sdk_lambda::Client::list_functions)
        .match_requests(|r| r.marker().is_none())
        .then_output(move || {
            ListFunctionsOutput::builder()
                .set_functions(Some(
                    (0..20)
                        .map(|i| {
                            let f = FunctionConfiguration::builder()
                                .function_name(name(i))
                                .memory_size(512)
                                .timeout(30);
                            if unpriced == Some(i) {
                                f.architectures(Architecture::from("sparc")).build()
                            } else {
                                f.build()
                            }
                        })
                        .collect(),
                ))
                .next_marker("page-2")
                .build()
        });
    let second_page = mock!(aws_sdk_lambda::Client::list_functions)
        .match_requests(|r| r.marker() == Some("page-2"))
        .then_output(|| {
            ListFunctionsOutput::builder()
                .set_functions(Some(
                    (20..30)
                        .map(|i| {
                            FunctionConfiguration::builder()
                                .function_name(name(i))
                                .build()
                        })
                        .collect(),
                ))
                .build()
        });
    let configs = mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs)
        .then_output(|| ListProvisionedConcurrencyConfigsOutput::builder().build());
    let denied_metrics = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(move |r| r.dimensions().iter().any(|d| d.value().is_some_and(denied)))
        .then_error(|| {
            ListMetricsError::generic(
                aws_sdk_cloudwatch::error::ErrorMetadata::builder()
                    .code("AccessDenied")
                    .message("not authorized to perform: cloudwatch:ListMetrics")
                    .build(),
            )
        });
    let list_metrics = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .then_output(|| ListMetricsOutput::builder().build());
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let get_metric_data =
        mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_compute_output(move |r| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(r.metric_data_queries().len());
            }
            GetMetricDataOutput::builder()
                .set_metric_data_results(Some(
                    r.metric_data_queries()
                        .iter()
                        .map(|q| {
                            MetricDataResult::builder()
                                .set_id(q.id().map(str::to_owned))
                                .status_code(StatusCode::Complete)
                                .build()
                        })
                        .collect(),
                ))
                .build()
        });
    let unused = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let clients = Clients {
        lambda: mock_client!(
            aws_sdk_lambda,
            RuleMode::MatchAny,
            [&first_page, &second_page, &configs]
        ),
        cloudwatch: mock_client!(
            aws_sdk_cloudwatch,
            RuleMode::MatchAny,
            [&denied_metrics, &list_metrics, &get_metric_data]
        ),
        cloudformation: aws_sdk_cloudformation::Client::new(&unused),
        logs: aws_sdk_cloudwatchlogs::Client::new(&unused),
    };
    (clients, calls)
}

fn plan() -> Plan {
    Plan {
        target: Target::All {
            tags: vec![],
            name_prefix: None,
        },
        window: Window::ending_at(1_795_000_000, 14, 60).unwrap(),
        region: "us-east-1".into(),
        emf_namespace: "Frugal".into(),
        max_log_events: 0,
        concurrency: 8,
    }
}

#[tokio::test]
async fn thirty_functions_share_calls_and_one_unreadable_function_is_a_warning() {
    let (clients, calls) = clients(|function| function == "f07", None);
    let snapshot = fetch_with(&clients, &plan(), &ProgressBar::hidden())
        .await
        .unwrap();
    let names: Vec<&str> = snapshot.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 29, "all but the unreadable one: {names:?}");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted: {names:?}");
    assert!(!names.contains(&"f07"));
    let left_out: Vec<_> = snapshot
        .warnings
        .iter()
        .filter(|w| w.message.contains("left out"))
        .collect();
    assert_eq!(left_out.len(), 1, "{:?}", snapshot.warnings);
    assert!(
        left_out[0].message.starts_with("f07: ") && left_out[0].message.contains("AccessDenied"),
        "{}",
        left_out[0]
    );

    // 14 days of 1-minute points: two series of 20,160 points a function, so two functions fill a
    // page of 100,800 datapoints: 15 calls for 29 functions, and one for all their percentiles.
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 16, "{calls:?}");
    assert!(calls.iter().all(|&queries| queries <= 500), "{calls:?}");
    assert_eq!(calls.iter().sum::<usize>(), 29 * 10, "every query once");
}

#[tokio::test]
async fn every_function_unreadable_is_an_error() {
    let (clients, calls) = clients(|_| true, None);
    let error = fetch_with(&clients, &plan(), &ProgressBar::hidden())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("every one of the 30 functions"), "{error}");
    assert!(error.contains("AccessDenied"), "{error}");
    assert!(
        calls.lock().unwrap().is_empty(),
        "no metrics read for nothing"
    );
}

#[tokio::test]
async fn a_function_on_an_unpriced_architecture_is_left_out_naming_it() {
    let (clients, _) = clients(|_| false, Some(3));
    let snapshot = fetch_with(&clients, &plan(), &ProgressBar::hidden())
        .await
        .unwrap();
    assert_eq!(snapshot.functions.len(), 29);
    assert!(snapshot.functions.iter().all(|f| f.name != "f03"));
    let left_out: Vec<_> = snapshot
        .warnings
        .iter()
        .filter(|w| w.message.contains("left out"))
        .collect();
    assert_eq!(left_out.len(), 1, "{:?}", snapshot.warnings);
    let message = &left_out[0].message;
    assert!(
        message.starts_with("f03: ")
            && message.contains("Architectures[0]")
            && message.contains("\"sparc\"")
            && message.contains("x86_64, arm64"),
        "{message}"
    );
}
