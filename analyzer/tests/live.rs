//! `frugal analyze --stack/--function` and `frugal snapshot` end to end against a local AWS emulator
//! (moto, started by `scripts/test.sh`; `FRUGAL_TEST_AWS_ENDPOINT` overrides where it listens): a real
//! CloudFormation stack with real Lambda functions, metrics put with `PutMetricData`, `REPORT` lines put
//! in CloudWatch Logs, then the real binary reads it all over the wire.
//!
//! moto serves neither percentile statistics nor provisioned-concurrency configs, so here the
//! analyzer must say so and fall back; those paths are tested with `aws-smithy-mocks` in `fetch_mocked.rs`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
use serde_json::Value;

fn endpoint() -> String {
    std::env::var("FRUGAL_TEST_AWS_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:5599".into())
}

fn sdk_config() -> SdkConfig {
    let credentials =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "tests");
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
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

const TEMPLATE: &str = r#"{
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
    },
    "Chat": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 1024, "Timeout": 60,
        "Architectures": ["x86_64"],
        "Role": {"Fn::GetAtt": ["Role", "Arn"]},
        "Code": {"ZipFile": "def handler(event, context):\n    return {}\n"}
      }
    },
    "Worker": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 512, "Timeout": 10,
        "Architectures": ["arm64"],
        "Role": {"Fn::GetAtt": ["Role", "Arn"]},
        "Code": {"ZipFile": "def handler(event, context):\n    return {}\n"}
      }
    },
    "Table": {
      "Type": "AWS::DynamoDB::Table",
      "Properties": {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]
      }
    }
  }
}"#;

fn datum(name: &str, dims: &[(&str, &str)], value: f64, at: i64) -> MetricDatum {
    MetricDatum::builder()
        .metric_name(name)
        .set_dimensions(Some(
            dims.iter()
                .map(|(n, v)| Dimension::builder().name(*n).value(*v).build())
                .collect(),
        ))
        .value(value)
        .timestamp(DateTime::from_secs(at))
        .build()
}

/// The stack's function names, chat first.
async fn deploy(config: &SdkConfig, stack: &str) -> (String, String) {
    let cfn = aws_sdk_cloudformation::Client::new(config);
    cfn.create_stack()
        .stack_name(stack)
        .template_body(TEMPLATE)
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "creating the stack failed; is the emulator running at {}? {}",
                endpoint(),
                aws_sdk_cloudformation::error::DisplayErrorContext(&e)
            )
        });
    let resources = cfn
        .list_stack_resources()
        .stack_name(stack)
        .send()
        .await
        .expect("stack resources");
    let physical = |logical: &str| {
        resources
            .stack_resource_summaries()
            .iter()
            .find(|r| r.logical_resource_id() == Some(logical))
            .and_then(|r| r.physical_resource_id())
            .expect("function created")
            .to_owned()
    };
    (physical("Chat"), physical("Worker"))
}

/// One hour of traffic for the chat function: 10 invocations a minute of 800 ms, 700 ms of them
/// waiting on the model, peak 60 MB, with the middleware's EMF metrics. The worker gets only Lambda's
/// own metrics, and `REPORT` lines in its log group.
async fn put_traffic(config: &SdkConfig, chat: &str, worker: &str) {
    let cw = aws_sdk_cloudwatch::Client::new(config);
    let start = now() - 62 * 60;
    let lambda = [("FunctionName", chat)];
    let emf = [("service", "frugal-chat"), ("function_name", chat)];
    let mut lambda_data = Vec::new();
    let mut emf_data = Vec::new();
    for minute in 0..60 {
        let at = start + minute * 60 + 5;
        lambda_data.push(datum("Invocations", &lambda, 10.0, at));
        lambda_data.push(datum(
            "ConcurrentExecutions",
            &lambda,
            if minute % 20 == 0 { 3.0 } else { 1.0 },
            at,
        ));
        lambda_data.push(datum("Duration", &lambda, 800.0, at));
        lambda_data.push(datum("Invocations", &[("FunctionName", worker)], 2.0, at));
        lambda_data.push(datum(
            "ConcurrentExecutions",
            &[("FunctionName", worker)],
            1.0,
            at,
        ));
        lambda_data.push(datum("Duration", &[("FunctionName", worker)], 40.0, at));
        emf_data.push(datum("ModelLatency", &emf, 700.0, at));
        emf_data.push(datum(
            "MaxMemoryUsed",
            &emf,
            if minute == 30 { 60.0 } else { 48.0 },
            at,
        ));
        emf_data.push(datum("SmallTalkHit", &emf, 3.0, at));
        emf_data.push(datum("ModelCall", &emf, 7.0, at));
    }
    lambda_data.push(datum("Errors", &lambda, 2.0, start + 600));
    emf_data.push(datum("ColdStart", &emf, 3.0, start + 60));
    emf_data.push(datum("InitDuration", &emf, 25.0, start + 60));
    for (namespace, data) in [("AWS/Lambda", lambda_data), ("Frugal", emf_data)] {
        for chunk in data.chunks(500) {
            cw.put_metric_data()
                .namespace(namespace)
                .set_metric_data(Some(chunk.to_vec()))
                .send()
                .await
                .expect("put metric data");
        }
    }

    let logs = aws_sdk_cloudwatchlogs::Client::new(config);
    let group = format!("/aws/lambda/{worker}");
    logs.create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .expect("log group");
    logs.create_log_stream()
        .log_group_name(&group)
        .log_stream_name("2026/11/28/[$LATEST]0")
        .send()
        .await
        .expect("log stream");
    let mut events = Vec::new();
    for i in 0..120i64 {
        let at = (start + i * 30) * 1000;
        events.push(
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(at)
                .message(format!("START RequestId: r{i} Version: $LATEST"))
                .build()
                .expect("event"),
        );
        let init = if i % 40 == 0 {
            "\tInit Duration: 310.00 ms"
        } else {
            ""
        };
        let used = 70 + i % 9;
        events.push(
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(at + 1)
                .message(format!("REPORT RequestId: r{i}\tDuration: {}.50 ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {used} MB{init}\t", 30 + i % 20, 31 + i % 20))
                .build()
                .expect("event"),
        );
    }
    logs.put_log_events()
        .log_group_name(&group)
        .log_stream_name("2026/11/28/[$LATEST]0")
        .set_log_events(Some(events))
        .send()
        .await
        .expect("put log events");
}

fn frugal() -> Command {
    let mut command = Command::cargo_bin("frugal").expect("the frugal binary is built");
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .timeout(Duration::from_secs(120));
    command
}

fn run_json(command: &mut Command) -> Value {
    let output = command.output().expect("frugal runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "frugal failed: {stderr}");
    // Standard error is not a terminal here: warnings only, no progress bar.
    assert!(
        stderr.lines().all(|l| l.starts_with("warning: ")),
        "{stderr}"
    );
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyze_a_stack_and_a_snapshot_of_it_from_the_emulator() {
    frugal_tests::require_emulator!();
    let config = sdk_config();
    let stack = format!("frugal-live-{}-{}", std::process::id(), now());
    let (chat, worker) = deploy(&config, &stack).await;
    put_traffic(&config, &chat, &worker).await;

    let report = run_json(frugal().args([
        "analyze",
        "--stack",
        &stack,
        "--days",
        "1",
        "--format",
        "json",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &endpoint(),
    ]));
    let functions = report["functions"].as_array().expect("functions");
    assert_eq!(
        functions.len(),
        2,
        "the two functions of the stack, not the table: {report:#}"
    );
    let find = |name: &str| {
        functions
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {report:#}"))
    };
    let chat_report = find(&chat);
    // 600 invocations in a day's window → scaled to a month.
    let monthly = chat_report["monthly_invocations"].as_f64().unwrap();
    assert!((monthly - 600.0 * 730.0 / 24.0).abs() < 1.0, "{monthly}");
    // Mostly waiting on the model, peak 60 MB: memory comes down from 1024 MB to the floor over 75 MB.
    assert_eq!(chat_report["memory"]["current_mb"], 1024);
    assert_eq!(chat_report["memory"]["recommended_mb"], 128);
    assert!((chat_report["memory"]["memory_floor_mb"].as_f64().unwrap() - 75.0).abs() < 1e-9);
    assert!((chat_report["memory"]["wait_share"].as_f64().unwrap() - 0.875).abs() < 1e-9);
    let memory = &chat_report["memory"];
    assert!(
        memory["monthly_cost_after"].as_f64().unwrap()
            < memory["monthly_cost_before"].as_f64().unwrap()
    );
    // Cold starts: the 3 measured (EMF ColdStart) are 0.5 % of 600, under the 1 % target: none provisioned.
    let provisioned = &chat_report["provisioned_concurrency"];
    assert_eq!(provisioned["recommended"], 0, "{provisioned:#}");
    assert!(
        provisioned["evidence"]
            .as_str()
            .unwrap()
            .contains("3 cold starts"),
        "{provisioned:#}"
    );
    let small_talk = chat_report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "small_talk")
        .expect("small-talk finding");
    assert!(
        small_talk["message"].as_str().unwrap().contains("30.0 %"),
        "{small_talk}"
    );
    assert!(chat_report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == "arm64"));

    // The worker has no memory metric: its peak came from the REPORT lines.
    let worker_report = find(&worker);
    assert!(
        worker_report["memory"]["evidence"]
            .as_str()
            .unwrap()
            .contains("peak memory 78 MB"),
        "{worker_report:#}"
    );

    // What the emulator could not give is said, not guessed.
    let warnings = report["warnings"].as_array().expect("warnings");
    let said = |needle: &str| {
        warnings
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains(needle))
    };
    assert!(said("percentiles unavailable"), "{warnings:?}");
    assert!(
        said("provisioned concurrency configs unavailable"),
        "{warnings:?}"
    );

    // A snapshot of the same function, analysed offline, recommends the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("snapshot.json");
    frugal()
        .args([
            "snapshot",
            "--function",
            &chat,
            "--days",
            "1",
            "--output",
            file.to_str().unwrap(),
            "--quiet",
        ])
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", endpoint())
        .assert()
        .success();
    let snapshot: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(snapshot["source"], "cloudwatch");
    let f = &snapshot["functions"][0];
    assert_eq!(f["config"]["memory_mb"], 1024);
    assert_eq!(f["config"]["timeout_s"], 60);
    assert_eq!(f["config"]["architecture"], "x86_64");
    assert_eq!(f["cold_starts"], 3.0);
    assert_eq!(f["init_duration_ms"], 25.0);
    assert_eq!(f["max_memory_used_mb"], 60.0);
    assert_eq!(f["errors"], 2.0);
    assert_eq!(f["invocations"].as_array().unwrap().len(), 1_440);
    let offline = run_json(frugal().args([
        "analyze",
        "--from-file",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(offline["functions"][0]["memory"], chat_report["memory"]);
    assert_eq!(
        offline["functions"][0]["provisioned_concurrency"]["recommended"],
        chat_report["provisioned_concurrency"]["recommended"]
    );
}

#[test]
fn unknown_function_and_stack_are_clear_errors() {
    frugal_tests::require_emulator!();
    for args in [
        ["--function", "frugal-no-such-function"],
        ["--stack", "frugal-no-such-stack"],
    ] {
        let output = frugal()
            .arg("analyze")
            .args(args)
            .args([
                "--days",
                "1",
                "--region",
                "us-east-1",
                "--endpoint-url",
                &endpoint(),
            ])
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("frugal-no-such-"),
            "the error names what was not found: {stderr}"
        );
        // Only an answer from the emulator says the resource does not exist; an unreachable endpoint
        // fails with a connection error that also names the function.
        assert!(
            stderr.contains("ResourceNotFound") || stderr.contains("does not exist"),
            "the emulator answered that it does not exist: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
