//! The parts of the fetch no emulator serves — percentile statistics, provisioned-concurrency configs,
//! `GetMetricData` pagination, Lambda Insights — against `aws-smithy-mocks` rules that answer like
//! CloudWatch and Lambda do (sparse datapoints, `NextToken`s, `NextMarker`s).

use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::operation::list_metrics::ListMetricsOutput;
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataResult, StatusCode};
use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;
use aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput;
use aws_sdk_lambda::types::{
    Architecture, ProvisionedConcurrencyConfigListItem, VpcConfigResponse,
};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use frugal_analyzer::fetch::{fetch_with, Clients, Plan, Target, Window};
use frugal_analyzer::recommend::FindingKind;
use frugal_analyzer::warning::Warning;
use indicatif::ProgressBar;

const NAME: &str = "chat-prod";

fn metric(namespace: &str, name: &str, dims: &[(&str, &str)]) -> Metric {
    Metric::builder()
        .namespace(namespace)
        .metric_name(name)
        .set_dimensions(Some(
            dims.iter()
                .map(|(n, v)| Dimension::builder().name(*n).value(*v).build())
                .collect(),
        ))
        .build()
}

/// What the mocked CloudWatch has for one query: (metric name, stat) → value per point.
fn value_for(name: &str, stat: &str) -> Option<f64> {
    Some(match (name, stat) {
        ("Invocations", "Sum") => 20.0,
        ("ConcurrentExecutions", "Maximum") => 4.0,
        ("Errors", "Sum") => 1.0,
        ("Throttles", "Sum") => 0.0,
        ("Duration", "Average") => 1_200.0,
        ("Duration", "Maximum") => 9_000.0,
        ("Duration", "p50") => 1_000.0,
        ("Duration", "p90") => 2_000.0,
        ("Duration", "p99") => 4_000.0,
        ("Duration", "p99.9") => 7_000.0,
        ("ProvisionedConcurrencyUtilization", "Average") => 0.25,
        ("ProvisionedConcurrencySpilloverInvocations", "Sum") => 12.0,
        ("used_memory_max", "Maximum") => 180.0,
        ("init_duration", "Average") => 240.0,
        _ => return None,
    })
}

fn clients(window: Window) -> (Clients, Vec<aws_smithy_mocks::Rule>) {
    let configuration = mock!(aws_sdk_lambda::Client::get_function_configuration)
        .match_requests(|r| r.function_name() == Some(NAME))
        .then_output(|| {
            GetFunctionConfigurationOutput::builder()
                .function_name(NAME)
                .memory_size(2048)
                .timeout(45)
                .architectures(Architecture::Arm64)
                .vpc_config(VpcConfigResponse::builder().subnet_ids("subnet-1").build())
                .build()
        });
    // Two pages of provisioned-concurrency configs (two aliases).
    let configs_first = mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs)
        .match_requests(|r| r.marker().is_none())
        .then_output(|| {
            ListProvisionedConcurrencyConfigsOutput::builder()
                .provisioned_concurrency_configs(
                    ProvisionedConcurrencyConfigListItem::builder()
                        .allocated_provisioned_concurrent_executions(2)
                        .requested_provisioned_concurrent_executions(2)
                        .build(),
                )
                .next_marker("page-2")
                .build()
        });
    let configs_second = mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs)
        .match_requests(|r| r.marker() == Some("page-2"))
        .then_output(|| {
            ListProvisionedConcurrencyConfigsOutput::builder()
                .provisioned_concurrency_configs(
                    ProvisionedConcurrencyConfigListItem::builder()
                        .requested_provisioned_concurrent_executions(3)
                        .build(),
                )
                .build()
        });
    let list_metrics = mock!(aws_sdk_cloudwatch::Client::list_metrics).then_compute_output(|r| {
        let metrics = match r.namespace() {
            Some("AWS/Lambda") => vec![
                metric("AWS/Lambda", "Invocations", &[("FunctionName", NAME)]),
                metric(
                    "AWS/Lambda",
                    "ProvisionedConcurrencyUtilization",
                    &[("FunctionName", NAME), ("Resource", "chat-prod:live")],
                ),
                metric(
                    "AWS/Lambda",
                    "ProvisionedConcurrencySpilloverInvocations",
                    &[("FunctionName", NAME), ("Resource", "chat-prod:live")],
                ),
            ],
            Some("LambdaInsights") => vec![
                metric(
                    "LambdaInsights",
                    "used_memory_max",
                    &[("function_name", NAME)],
                ),
                metric(
                    "LambdaInsights",
                    "init_duration",
                    &[("function_name", NAME)],
                ),
            ],
            _ => vec![],
        };
        ListMetricsOutput::builder()
            .set_metrics(Some(metrics))
            .build()
    });
    // Answers every query; series come back over two pages, one datapoint every other period.
    let start = window.start;
    let period = window.period;
    let get_metric_data =
        mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_compute_output(move |r| {
            let second_page = r.next_token() == Some("page-2");
            let mut output = GetMetricDataOutput::builder();
            for query in r.metric_data_queries() {
                let (Some(id), Some(stat)) = (query.id(), query.metric_stat()) else {
                    continue;
                };
                let name = stat.metric().and_then(|m| m.metric_name()).unwrap_or("");
                let statistic = stat.stat().unwrap_or("");
                let mut result = MetricDataResult::builder()
                    .id(id)
                    .status_code(StatusCode::Complete);
                if let Some(value) = value_for(name, statistic) {
                    if stat.period() == Some(period as i32) {
                        let half = window.periods() as i64 / 2;
                        let range = if second_page {
                            half..window.periods() as i64
                        } else {
                            0..half
                        };
                        for i in range.step_by(2) {
                            result = result
                                .timestamps(DateTime::from_secs(start + i * period))
                                .values(value);
                        }
                    } else if !second_page {
                        result = result.timestamps(DateTime::from_secs(start)).values(value);
                    }
                }
                output = output.metric_data_results(result.build());
            }
            if !second_page
                && r.metric_data_queries()
                    .iter()
                    .any(|q| q.metric_stat().and_then(|s| s.period()) == Some(period as i32))
            {
                output = output.next_token("page-2");
            }
            output.build()
        });
    let lambda = mock_client!(
        aws_sdk_lambda,
        RuleMode::MatchAny,
        [&configuration, &configs_first, &configs_second]
    );
    let cloudwatch = mock_client!(
        aws_sdk_cloudwatch,
        RuleMode::MatchAny,
        [&list_metrics, &get_metric_data]
    );
    // Never called here: the function has a memory metric and percentiles, so no logs are read.
    let unused = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url("http://127.0.0.1:9")
        .build();
    (
        Clients {
            cloudwatch,
            lambda,
            cloudformation: aws_sdk_cloudformation::Client::new(&unused),
            logs: aws_sdk_cloudwatchlogs::Client::new(&unused),
        },
        vec![
            configuration,
            configs_first,
            configs_second,
            list_metrics,
            get_metric_data,
        ],
    )
}

#[tokio::test]
async fn percentiles_provisioned_configs_insights_and_pages() {
    let window = Window::ending_at(1_795_000_000, 2, 60).unwrap();
    let (clients, rules) = clients(window);
    let plan = Plan {
        target: Target::Functions(vec![NAME.into(), NAME.into()]),
        window,
        region: "eu-west-1".into(),
        emf_namespace: "Frugal".into(),
        max_log_events: 100,
        concurrency: 4,
    };
    let snapshot = fetch_with(&clients, &plan, &ProgressBar::hidden())
        .await
        .unwrap();
    assert_eq!(snapshot.warnings, Vec::<Warning>::new());
    assert_eq!(snapshot.region, "eu-west-1");
    assert_eq!(
        snapshot.functions.len(),
        1,
        "the repeated name is read once"
    );
    let f = &snapshot.functions[0];
    assert_eq!(f.config.memory_mb, 2048);
    assert_eq!(f.config.timeout_s, 45);
    assert_eq!(f.config.architecture, frugal_pricing::Architecture::Arm64);
    assert!(f.config.in_vpc);
    assert_eq!(
        f.config.provisioned_concurrency, 5,
        "2 allocated + 3 requested, over two pages"
    );
    // Both pages of the series, every other period.
    assert_eq!(f.invocations.len(), 2 * 1_440);
    assert_eq!(f.total_invocations(), 20.0 * 1_440.0);
    assert_eq!(f.invocations[0], 20.0);
    assert_eq!(f.invocations[1], 0.0);
    assert_eq!(f.invocations[1_440], 20.0, "from the second page");
    assert_eq!(f.concurrency.iter().copied().fold(0.0, f64::max), 4.0);
    let d = &f.duration_ms;
    assert_eq!(
        (d.avg, d.p50, d.p90, d.p99, d.p999, d.max),
        (1_200.0, 1_000.0, 2_000.0, 4_000.0, 7_000.0, 9_000.0)
    );
    assert_eq!(f.max_memory_used_mb, Some(180.0), "from Lambda Insights");
    assert_eq!(f.init_duration_ms, Some(240.0));
    assert_eq!(f.provisioned_utilization, Some(0.25));
    assert_eq!(f.spillover_invocations, Some(12.0));
    assert_eq!(f.errors, 1.0);
    assert_eq!(f.small_talk_hits, None, "no EMF metrics: unknown, not zero");
    assert!(rules.iter().all(|r| r.num_calls() > 0));

    // The measured utilization (25 %) flags the 5 provisioned environments.
    let report = frugal_analyzer::recommend::analyze(
        &snapshot,
        &frugal_analyzer::recommend::Options {
            cold_start_target: 0.01,
            latency_p99_ms: None,
            allow_arm64: false,
        },
    )
    .expect("us-east-1 is priced");
    let pc = &report.functions[0].provisioned_concurrency;
    assert_eq!(pc.current, 5);
    assert!(pc.over_provisioned, "{}", pc.evidence);
    assert!(report.functions[0]
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Vpc));
}

#[tokio::test]
async fn a_missing_function_is_named_in_the_error() {
    let window = Window::ending_at(1_795_000_000, 1, 60).unwrap();
    let (clients, _rules) = clients(window);
    let plan = Plan {
        target: Target::Functions(vec!["nope".into()]),
        window,
        region: "us-east-1".into(),
        emf_namespace: "Frugal".into(),
        max_log_events: 0,
        concurrency: 4,
    };
    let missing = mock!(aws_sdk_lambda::Client::get_function_configuration).then_error(|| {
        aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationError::ResourceNotFoundException(
            aws_sdk_lambda::types::error::ResourceNotFoundException::builder()
                .message("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
                .meta(
                    aws_sdk_lambda::error::ErrorMetadata::builder()
                        .code("ResourceNotFoundException")
                        .message("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
                        .build(),
                )
                .build(),
        )
    });
    let clients = Clients {
        lambda: mock_client!(aws_sdk_lambda, [&missing]),
        ..clients
    };
    let error = fetch_with(&clients, &plan, &ProgressBar::hidden())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("\"nope\""), "{error}");
    assert!(error.contains("ResourceNotFoundException"), "{error}");
}

#[tokio::test]
async fn a_named_function_on_an_unpriced_architecture_is_an_error_not_priced_as_another() {
    let window = Window::ending_at(1_795_000_000, 1, 60).unwrap();
    let (clients, _rules) = clients(window);
    let plan = Plan {
        target: Target::Functions(vec![NAME.into()]),
        window,
        region: "us-east-1".into(),
        emf_namespace: "Frugal".into(),
        max_log_events: 0,
        concurrency: 4,
    };
    let sparc = mock!(aws_sdk_lambda::Client::get_function_configuration).then_output(|| {
        GetFunctionConfigurationOutput::builder()
            .function_name(NAME)
            .memory_size(512)
            .architectures(Architecture::from("sparc"))
            .build()
    });
    let clients = Clients {
        lambda: mock_client!(aws_sdk_lambda, [&sparc]),
        ..clients
    };
    let error = fetch_with(&clients, &plan, &ProgressBar::hidden())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains(NAME), "{error}");
    assert!(error.contains("Architectures[0] = \"sparc\""), "{error}");
    assert_eq!(sparc.num_calls(), 1);
}
