//! The per-user daily budget on DynamoDB (the moto emulator): sequential and concurrent exhaustion,
//! the reset at the next UTC day, small talk still served, other users untouched.

use std::sync::Arc;

use frugal_chat::app::AuthMode;
use frugal_chat::aws::{AwsSettings, LazyAws};
use frugal_chat::budget::{token_cost, utc_day, Budget, BudgetStore, DynamoBudget};
use frugal_chat::config::Config;
use frugal_chat::error::ChatError;
use frugal_middleware::{ModelCall, Usage};
use frugal_tests::{
    create_table, dummy_lambda_env, dynamo_config, dynamodb_client, emulator_endpoint, start_chat,
    BedrockStandIn, Client,
};

/// What one stand-in answer to `message` (a first turn) costs: it reports 10 + chars/4 input tokens
/// and 7 output tokens.
fn cost_of(message: &str) -> f64 {
    token_cost(&ModelCall {
        model_id: frugal_pricing::DEFAULT_MODEL_ID.into(),
        usage: Usage {
            input_tokens: 10 + message.len() as u64 / 4,
            output_tokens: 7,
            ..Usage::default()
        },
        latency: std::time::Duration::ZERO,
    })
}

async fn spent(table: &str, user: &str) -> f64 {
    let item = dynamodb_client()
        .await
        .get_item()
        .table_name(table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("{user}#!budget")),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S(utc_day(frugal_chat::history::now_secs())),
        )
        .consistent_read(true)
        .send()
        .await
        .expect("read the budget item");
    item.item()
        .and_then(|item| item.get("spent_usd"))
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0)
}

/// Waits until the background charges of finished answers have landed.
async fn settled(table: &str, user: &str, expected: f64) -> f64 {
    let mut last = 0.0;
    for _ in 0..50 {
        last = spent(table, user).await;
        if (last - expected).abs() < 1e-12 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    last
}

fn question(i: usize) -> String {
    format!("Tell me fact number {i:02} about lighthouses")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spending_the_budget_refuses_model_calls_but_not_small_talk_or_other_users() {
    frugal_tests::require_emulator!();
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, "budget").await;
    let each = cost_of(&question(0));
    let config = Config {
        user_daily_budget_usd: Some(each * 2.5),
        ..dynamo_config(&table)
    };
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);

    for i in 0..3 {
        let reply = client.chat("gina", &question(i), None).await;
        assert_eq!(reply.status, 200, "answer {i}: {reply:?}");
    }
    assert!((spent(&table, "gina").await - 3.0 * each).abs() < 1e-12);
    let refused = client.chat("gina", &question(3), None).await;
    assert_eq!(refused.status, 429, "{refused:?}");
    assert_eq!(refused.json["error"]["code"], "budget_exceeded");
    let retry: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=86_400).contains(&retry),
        "until the next UTC midnight: {retry}"
    );
    assert_eq!(bedrock.calls(), 3, "no model call once the budget is spent");

    // Streamed: the same refusal, as one error event with the status.
    let streamed = client.chat_stream("gina", &question(4), None).await;
    assert_eq!(streamed.status, 429);
    assert_eq!(streamed.last().data["code"], "budget_exceeded");

    // Small talk and cache hits cost no model call: still answered.
    assert_eq!(
        client.chat("gina", "Hello!", None).await.json["source"],
        "smalltalk"
    );
    assert_eq!(
        client.chat("gina", &question(0), None).await.json["source"],
        "cache"
    );
    // Another user has a budget of their own.
    assert_eq!(client.chat("hank", &question(0), None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_overspend_by_at_most_those_in_flight_and_each_is_charged_once() {
    frugal_tests::require_emulator!();
    let bedrock = BedrockStandIn::start().await;
    bedrock.set_latency(std::time::Duration::from_millis(100));
    let table = create_table(&dynamodb_client().await, "budgetrace").await;
    let each = cost_of(&question(0));
    let limit = each * 2.0;
    let config = Config {
        user_daily_budget_usd: Some(limit),
        ..dynamo_config(&table)
    };
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);

    const IN_FLIGHT: usize = 8;
    let replies = futures_util::future::join_all((0..IN_FLIGHT).map(|i| {
        let client = client.clone();
        async move {
            if i % 2 == 0 {
                client.chat("ivy", &question(i), None).await.status
            } else {
                client.chat_stream("ivy", &question(i), None).await.status
            }
        }
    }))
    .await;
    let answered = replies.iter().filter(|s| **s == 200).count();
    let refused = replies.iter().filter(|s| **s == 429).count();
    assert_eq!(answered + refused, IN_FLIGHT, "{replies:?}");
    assert!(answered >= 2, "the budget covers two answers: {replies:?}");
    // Every answered request is charged exactly once, refused ones not at all.
    let total = settled(&table, "ivy", answered as f64 * each).await;
    assert!(
        (total - answered as f64 * each).abs() < 1e-12,
        "{answered} answers, spent {total}, each {each}"
    );
    assert!(total <= limit + IN_FLIGHT as f64 * each);
    assert_eq!(bedrock.calls(), answered);
    // Once they have landed, the next request is refused.
    assert_eq!(client.chat("ivy", &question(99), None).await.status, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_resets_at_the_next_utc_day() {
    frugal_tests::require_emulator!();
    let table = create_table(&dynamodb_client().await, "budgetday").await;
    let aws = LazyAws::new(AwsSettings {
        dynamodb_endpoint: Some(emulator_endpoint()),
        bedrock_endpoint: None,
        from_lambda_env: Some(dummy_lambda_env()),
        max_attempts: 1,
        ca_bundle: None,
    });
    let store: Arc<dyn BudgetStore> = Arc::new(DynamoBudget::new(aws, table));
    let call = ModelCall {
        model_id: frugal_pricing::DEFAULT_MODEL_ID.into(),
        usage: Usage {
            input_tokens: 1000,
            output_tokens: 1000,
            ..Usage::default()
        },
        latency: std::time::Duration::ZERO,
    };
    let today = Budget::new(store.clone(), token_cost(&call)).with_clock(|| 1_795_950_000);
    today.check("jo").await.expect("nothing spent yet");
    today.charge("jo", &call).await.expect("charged");
    assert!(matches!(
        today.check("jo").await,
        Err(ChatError::BudgetExceeded { .. })
    ));
    let tomorrow = Budget::new(store, token_cost(&call)).with_clock(|| 1_795_950_000 + 86_400);
    tomorrow.check("jo").await.expect("a new day, a new budget");
    assert_eq!(tomorrow.spent_today("jo").await.unwrap(), 0.0);
}
