//! Init work: the middleware stack and configuration in-process; the AWS SDK config from Lambda's
//! environment variables versus the default provider chain.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use frugal_chat::app::{build, AuthMode};
use frugal_chat::aws::{AwsSettings, LambdaEnv, LazyAws};
use frugal_chat::config::Config;

fn init(c: &mut Criterion) {
    // What Lambda puts in the environment; the default chain reads it too (plus profile files and more).
    for (name, value) in [
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ] {
        std::env::set_var(name, value);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("init");
    group.bench_function("config_and_stack", |b| {
        b.iter(|| {
            let config = Config::from_lookup(|_| None).unwrap_or_default();
            build(
                &config,
                AwsSettings::default(),
                AuthMode::Authorizer,
                Instant::now(),
            )
        })
    });
    let lambda_env = AwsSettings {
        dynamodb_endpoint: Some("http://127.0.0.1:9".into()),
        bedrock_endpoint: Some("http://127.0.0.1:9".into()),
        from_lambda_env: Some(LambdaEnv {
            region: "us-east-1".into(),
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
        }),
        max_attempts: 2,
        ca_bundle: None,
    };
    group.bench_function("aws_clients_from_lambda_env", |b| {
        b.to_async(&runtime).iter(|| async {
            let aws = LazyAws::new(lambda_env.clone());
            aws.dynamodb().await;
            aws.bedrock().await.config().region().cloned()
        })
    });
    // A model question whose history is not in DynamoDB builds Bedrock's client alone.
    group.bench_function("bedrock_client_from_lambda_env", |b| {
        b.to_async(&runtime).iter(|| async {
            let aws = LazyAws::new(lambda_env.clone());
            aws.bedrock().await.config().region().cloned()
        })
    });
    // The default chain reads the same variables, then profile files and more.
    let default_chain = AwsSettings {
        from_lambda_env: None,
        ..lambda_env.clone()
    };
    group.bench_function("aws_clients_default_chain", |b| {
        b.to_async(&runtime).iter(|| async {
            let aws = LazyAws::new(default_chain.clone());
            aws.dynamodb().await;
            aws.bedrock().await.config().region().cloned()
        })
    });
    group.finish();
}

criterion_group!(benches, init);
criterion_main!(benches);
