//! `frugal analyze --all` against the local AWS emulator (moto; `FRUGAL_TEST_AWS_ENDPOINT`): real
//! Lambda functions with tags and name prefixes, metrics put with `PutMetricData`, the real binary
//! reading them over the wire. Each test works in a region of its own and names its functions after
//! the run, so tests sharing the emulator do not see each other's functions or metrics.
//!
//! The throttling test puts a small HTTP proxy between the binary and the emulator that answers the
//! first `GetMetricData` calls as CloudWatch does when throttling (awsQuery, HTTP 400 `Throttling`).

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::Value;

fn endpoint() -> String {
    std::env::var("FRUGAL_TEST_AWS_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:5599".into())
}

fn sdk_config(region: &str) -> SdkConfig {
    let credentials =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "tests");
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(credentials),
        )
        .endpoint_url(endpoint())
        .build()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A name unique to this run and test.
fn run_id(test: &str) -> String {
    format!("{test}{}x{}", std::process::id(), now() % 100_000)
}

const ROLE_TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
        }
      }
    }
  },
  "Outputs": {"RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}}
}"#;

/// Creates a role (Lambda refuses a function whose role does not exist) and the functions, each with
/// its tags.
async fn create_functions(
    config: &SdkConfig,
    run: &str,
    functions: &[(String, Vec<(&str, &str)>)],
) {
    let cfn = aws_sdk_cloudformation::Client::new(config);
    let stack = format!("{run}-role");
    cfn.create_stack()
        .stack_name(&stack)
        .template_body(ROLE_TEMPLATE)
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "creating the role failed; is the emulator running at {}? {}",
                endpoint(),
                aws_sdk_cloudformation::error::DisplayErrorContext(&e)
            )
        });
    let described = cfn
        .describe_stacks()
        .stack_name(&stack)
        .send()
        .await
        .expect("describe stack");
    let role = described.stacks()[0]
        .outputs()
        .iter()
        .find(|o| o.output_key() == Some("RoleArn"))
        .and_then(|o| o.output_value())
        .expect("role ARN")
        .to_owned();
    let lambda = aws_sdk_lambda::Client::new(config);
    for (name, tags) in functions {
        lambda
            .create_function()
            .function_name(name)
            .runtime(aws_sdk_lambda::types::Runtime::Python312)
            .role(&role)
            .handler("index.handler")
            .memory_size(1024)
            .timeout(30)
            .code(
                aws_sdk_lambda::types::FunctionCode::builder()
                    .zip_file(aws_sdk_lambda::primitives::Blob::new(b"not run".to_vec()))
                    .build(),
            )
            .set_tags(Some(
                tags.iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            ))
            .send()
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "creating {name}: {}",
                    aws_sdk_lambda::error::DisplayErrorContext(&e)
                )
            });
    }
}

/// Two hours of traffic for each of `functions`: 20 invocations of 300 ms every 5 minutes.
async fn put_traffic(config: &SdkConfig, functions: &[&str]) {
    let cw = aws_sdk_cloudwatch::Client::new(config);
    let start = now() - 2 * 3_600;
    let mut data = Vec::new();
    for function in functions {
        let dims = vec![Dimension::builder()
            .name("FunctionName")
            .value(*function)
            .build()];
        for step in 0..24 {
            let at = DateTime::from_secs(start + step * 300);
            for (metric, value) in [
                ("Invocations", 20.0),
                ("Duration", 300.0),
                ("ConcurrentExecutions", 1.0),
            ] {
                data.push(
                    MetricDatum::builder()
                        .metric_name(metric)
                        .set_dimensions(Some(dims.clone()))
                        .value(value)
                        .timestamp(at)
                        .build(),
                );
            }
        }
    }
    for chunk in data.chunks(500) {
        cw.put_metric_data()
            .namespace("AWS/Lambda")
            .set_metric_data(Some(chunk.to_vec()))
            .send()
            .await
            .expect("put metric data");
    }
}

/// `frugal <subcommand>` against `endpoint`, reading one day of hourly points.
fn frugal(region: &str, endpoint: &str, subcommand: &str) -> Command {
    let mut command = Command::cargo_bin("frugal").expect("the frugal binary is built");
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_MAX_ATTEMPTS")
        .env_remove("AWS_RETRY_MODE")
        .env("AWS_REGION", region)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .arg(subcommand)
        // One hour a point keeps the emulator's GetMetricData (linear in points × data) quick.
        .args(["--days", "1", "--period", "3600", "--max-log-events", "0"])
        .timeout(Duration::from_secs(240));
    command
}

fn analyze(region: &str, endpoint: &str, args: &[&str]) -> Value {
    let output = frugal(region, endpoint, "analyze")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("frugal runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "frugal {args:?} failed: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "warnings are in the report, not said again: {stderr}"
    );
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

fn names(report: &Value) -> Vec<String> {
    let mut names: Vec<String> = report["functions"]
        .as_array()
        .expect("functions")
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

fn saving(f: &Value) -> f64 {
    f["monthly_cost_before"].as_f64().unwrap_or(0.0)
        - f["monthly_cost_after"].as_f64().unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_reads_every_function_and_filters_by_tag_and_prefix() {
    frugal_tests::require_emulator!();
    let region = "us-west-2";
    let config = sdk_config(region);
    let run = run_id("all");
    let mut functions = Vec::new();
    for i in 0..8 {
        let env = if i % 2 == 0 { "prod" } else { "dev" };
        functions.push((
            format!("{run}-chat-{i}"),
            vec![("team", "chat"), ("env", env)],
        ));
        functions.push((
            format!("{run}-batch-{i}"),
            vec![("team", "data"), ("env", "prod")],
        ));
        // The tags of the chat functions, another name.
        let tags = if i < 2 {
            vec![("team", "chat"), ("env", "prod")]
        } else {
            vec![]
        };
        functions.push((format!("{run}-misc-{i}"), tags));
    }
    create_functions(&config, &run, &functions).await;
    put_traffic(
        &config,
        &[
            &format!("{run}-chat-0"),
            &format!("{run}-chat-1"),
            &format!("{run}-batch-0"),
        ],
    )
    .await;
    let emulator = endpoint();

    let everything = analyze(region, &emulator, &["--all", "--name-prefix", &run]);
    let mut expected: Vec<String> = functions.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(names(&everything), expected, "all 24 functions, once each");
    let savings: Vec<f64> = everything["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(saving)
        .collect();
    assert!(
        savings.windows(2).all(|w| w[0] >= w[1]),
        "largest saving first: {savings:?}"
    );
    let chat0 = everything["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == format!("{run}-chat-0"))
        .unwrap();
    // 20 invocations every 5 minutes for 2 hours, less what falls after the last whole hour.
    let monthly = chat0["monthly_invocations"].as_f64().unwrap() * 24.0 / 730.0;
    assert!(
        (240.0..=480.0).contains(&monthly),
        "the metrics of each function reach its own report: {chat0:#}"
    );
    let idle = everything["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == format!("{run}-misc-0"))
        .unwrap();
    assert_eq!(idle["monthly_invocations"], 0.0);

    let filtered = analyze(
        region,
        &emulator,
        &[
            "--all",
            "--tag",
            "team=chat",
            "--tag",
            "env=prod",
            "--name-prefix",
            &format!("{run}-chat"),
            "--concurrency",
            "3",
        ],
    );
    assert_eq!(
        names(&filtered),
        [0, 2, 4, 6]
            .iter()
            .map(|i| format!("{run}-chat-{i}"))
            .collect::<Vec<_>>(),
        "both tags and the prefix must match"
    );
    let by_env = analyze(region, &emulator, &["--all", "--tag", "env=prod,team=chat"]);
    let mine: Vec<String> = names(&by_env)
        .into_iter()
        .filter(|n| n.starts_with(&run))
        .collect();
    assert_eq!(mine.len(), 6, "4 chat and 2 misc functions: {mine:?}");

    // A snapshot of the same selection, from `frugal snapshot`.
    let output = frugal(region, &emulator, "snapshot")
        .args([
            "--all",
            "--tag",
            "team=data",
            "--name-prefix",
            &run,
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let snapshot: Value = serde_json::from_slice(&output.stdout).unwrap();
    let snapshot_names: Vec<&str> = snapshot["functions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(snapshot_names.len(), 8);
    assert!(
        snapshot_names.windows(2).all(|w| w[0] < w[1]),
        "sorted by name: {snapshot_names:?}"
    );

    // Filters that match nothing say which.
    for (args, says) in [
        (
            vec!["--all", "--name-prefix", &format!("{run}-nothing")][..].to_vec(),
            "--name-prefix",
        ),
        (
            vec!["--all", "--name-prefix", &run, "--tag", "team=nobody"],
            "--tag team=nobody",
        ),
    ] {
        let output = frugal(region, &emulator, "analyze")
            .args(&args)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains(region), "names the region: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn all_with_bad_arguments_is_a_clear_input_error() {
    for (args, says) in [
        (vec!["--all", "--tag", "team"], "KEY=VALUE"),
        (vec!["--all", "--tag", "=chat"], "KEY=VALUE"),
        (vec!["--all", "--function", "chat"], "--function"),
        (vec!["--all", "--stack", "chat"], "--stack"),
        (vec!["--tag", "team=chat", "--function", "chat"], "--all"),
        (vec!["--name-prefix", "chat"], "--all"),
        (vec!["--all", "--concurrency", "0"], "1 to 64"),
        (vec!["--all", "--concurrency", "65"], "1 to 64"),
        (vec!["--all", "--from-file", "x.json"], "--from-file"),
    ] {
        let output = frugal("us-east-1", "http://127.0.0.1:9", "analyze")
            .args(&args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// An HTTP proxy in front of the emulator that answers the first `throttle` CloudWatch
/// `GetMetricData` calls without percentile statistics with CloudWatch's throttling error, and
/// counts the calls of each kind. (The emulator fails percentile queries with HTTP 500, which the
/// SDK retries too; keeping them apart keeps the count exact.)
struct ThrottlingProxy {
    url: String,
    get_metric_data: Arc<AtomicUsize>,
    percentile_calls: Arc<AtomicUsize>,
    throttled: Arc<AtomicUsize>,
}

const THROTTLED: &str = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>";

impl ThrottlingProxy {
    async fn start(upstream: String, throttle: usize) -> Self {
        use hyper_util::client::legacy::Client;
        use hyper_util::rt::{TokioExecutor, TokioIo};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let get_metric_data = Arc::new(AtomicUsize::new(0));
        let percentile_calls = Arc::new(AtomicUsize::new(0));
        let throttled = Arc::new(AtomicUsize::new(0));
        let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let counters = (
            get_metric_data.clone(),
            percentile_calls.clone(),
            throttled.clone(),
        );
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (client, upstream, counters) =
                    (client.clone(), upstream.clone(), counters.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        move |request: http::Request<hyper::body::Incoming>| {
                            let (client, upstream) = (client.clone(), upstream.clone());
                            let (calls, percentiles, refused) = counters.clone();
                            async move {
                                let (parts, body) = request.into_parts();
                                let body = body
                                    .collect()
                                    .await
                                    .map(|b| b.to_bytes())
                                    .unwrap_or_default();
                                let has =
                                    |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
                                let is_get_metric_data = has(b"Action=GetMetricData");
                                if is_get_metric_data && has(b"Stat=p99") {
                                    percentiles.fetch_add(1, Ordering::SeqCst);
                                } else if is_get_metric_data
                                    && calls.fetch_add(1, Ordering::SeqCst) < throttle
                                {
                                    refused.fetch_add(1, Ordering::SeqCst);
                                    let mut answer = http::Response::new(Full::new(
                                        Bytes::from_static(THROTTLED.as_bytes()),
                                    ));
                                    *answer.status_mut() = http::StatusCode::BAD_REQUEST;
                                    answer.headers_mut().insert(
                                        http::header::CONTENT_TYPE,
                                        http::HeaderValue::from_static("text/xml"),
                                    );
                                    return Ok::<_, Infallible>(answer);
                                }
                                let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                                let mut outgoing = http::Request::builder()
                                    .method(parts.method.clone())
                                    .uri(format!("{upstream}{path}"));
                                for (name, value) in &parts.headers {
                                    if name != http::header::HOST {
                                        outgoing = outgoing.header(name, value);
                                    }
                                }
                                let forwarded = match outgoing.body(Full::new(body)) {
                                    Ok(request) => client.request(request).await.ok(),
                                    Err(_) => None,
                                };
                                let Some(answer) = forwarded else {
                                    let mut failed = http::Response::new(Full::new(Bytes::new()));
                                    *failed.status_mut() = http::StatusCode::BAD_GATEWAY;
                                    return Ok(failed);
                                };
                                let (parts, body) = answer.into_parts();
                                let body = body
                                    .collect()
                                    .await
                                    .map(|b| b.to_bytes())
                                    .unwrap_or_default();
                                Ok(http::Response::from_parts(parts, Full::new(body)))
                            }
                        },
                    );
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        ThrottlingProxy {
            url,
            get_metric_data,
            percentile_calls,
            throttled,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_rides_out_cloudwatch_throttling_and_batches_its_calls() {
    frugal_tests::require_emulator!();
    let region = "eu-north-1";
    let config = sdk_config(region);
    let run = run_id("throttle");
    let functions: Vec<(String, Vec<(&str, &str)>)> = (0..30)
        .map(|i| (format!("{run}-f{i:02}"), vec![("team", "chat")]))
        .collect();
    create_functions(&config, &run, &functions).await;
    let with_traffic: Vec<String> = (0..30)
        .step_by(5)
        .map(|i| format!("{run}-f{i:02}"))
        .collect();
    put_traffic(
        &config,
        &with_traffic.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;

    let proxy = ThrottlingProxy::start(endpoint(), 3).await;
    let started = std::time::Instant::now();
    let output = frugal(region, &proxy.url, "analyze")
        .args(["--all", "--name-prefix", &run, "--format", "json"])
        .output()
        .expect("frugal runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(
        names(&report).len(),
        30,
        "every function despite the throttling"
    );
    let calls = proxy.get_metric_data.load(Ordering::SeqCst);
    let percentile_calls = proxy.percentile_calls.load(Ordering::SeqCst);
    let throttled = proxy.throttled.load(Ordering::SeqCst);
    assert_eq!(throttled, 3, "the first three calls were throttled");
    // 30 functions with a 1-day window of hourly points: all their queries fit one call (and one
    // for the percentiles, which the emulator fails, so the SDK tries it up to 5 times).
    assert_eq!(
        calls - throttled,
        1,
        "GetMetricData calls that went through for 30 functions"
    );
    assert!((1..=5).contains(&percentile_calls), "{percentile_calls}");
    eprintln!(
        "30 functions: {calls} GetMetricData calls without percentiles ({throttled} throttled and retried), {percentile_calls} with, in {:?}",
        started.elapsed()
    );
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("percentiles unavailable"))
            .count(),
        1,
        "one batch of percentiles failed, one warning: {warnings:#?}"
    );
    assert!(
        !report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("left out")),
        "no function was lost to throttling: {report:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_warning_is_said_once() {
    frugal_tests::require_emulator!();
    let region = "ap-southeast-2";
    let config = sdk_config(region);
    let run = run_id("warn");
    let name = format!("{run}-idle");
    create_functions(&config, &run, &[(name.clone(), vec![])]).await;
    let emulator = endpoint();

    let json = analyze(region, &emulator, &["--function", &name]);
    let warnings: Vec<String> = json["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str().map(str::to_owned))
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("no Invocations")),
        "an idle function is warned about: {warnings:?}"
    );

    // The table on the terminal carries them: once in all the user sees.
    let output = frugal(region, &emulator, "analyze")
        .args(["--function", &name])
        .output()
        .unwrap();
    assert!(output.status.success());
    // The table wraps long lines to the terminal's width: compare with whitespace collapsed.
    let collapse = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let seen = collapse(&format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ));
    for warning in &warnings {
        assert_eq!(
            seen.matches(collapse(warning).as_str()).count(),
            1,
            "{warning:?} in {seen}"
        );
    }

    // The report in a file: said once on standard error too, and once in the file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.md");
    let output = frugal(region, &emulator, "analyze")
        .args(["--function", &name, "--format", "markdown", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let written = std::fs::read_to_string(&file).unwrap();
    for warning in &warnings {
        assert_eq!(
            stderr.matches(warning.as_str()).count(),
            1,
            "{warning:?} in {stderr}"
        );
        assert_eq!(
            written.matches(warning.as_str()).count(),
            1,
            "{warning:?} in {written}"
        );
    }

    // --quiet keeps standard error empty.
    let output = frugal(region, &emulator, "analyze")
        .args(["--function", &name, "--quiet", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
