//! Bedrock prompt caching and the history cap, as the stand-in receives them: cache points after the
//! system prompt and after the reused history only for models that cache prompts and only once the
//! prefix reaches the model's minimum; earlier turns dropped oldest first to fit
//! `FRUGAL_MAX_HISTORY_TOKENS`; cache reads and writes priced at their own rates.

use frugal_chat::app::AuthMode;
use frugal_chat::budget::utc_day;
use frugal_chat::config::Config;
use frugal_middleware::{ModelCall, Usage};
use frugal_tests::{
    create_table, dynamo_config, dynamodb_client, start_chat, BedrockStandIn, Client,
};

const SONNET: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

fn has_cache_point(blocks: &serde_json::Value) -> bool {
    blocks
        .as_array()
        .is_some_and(|blocks| blocks.iter().any(|b| b.get("cachePoint").is_some()))
}

async fn server(
    model_id: &str,
    system_prompt: String,
    extra: impl FnOnce(&mut Config),
) -> (BedrockStandIn, Client, String) {
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, "pcache").await;
    let mut config = Config {
        model_id: model_id.into(),
        system_prompt,
        cache_scope: frugal_chat::config::CacheScope::Off,
        ..dynamo_config(&table)
    };
    extra(&mut config);
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    (bedrock, Client::new(&server.url), table)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cache_points_follow_the_long_system_prompt_and_the_reused_history() {
    frugal_tests::require_emulator!();
    // About 1,500 estimated tokens: over Claude 3.7 Sonnet's 1,024-token minimum.
    let long_prompt = "You answer questions about lighthouses, precisely and briefly. ".repeat(95);
    let (bedrock, client, _) = server(SONNET, long_prompt.clone(), |_| {}).await;
    let first = client
        .chat("may", "Who built the first lighthouse?", None)
        .await;
    assert_eq!(first.status, 200, "{first:?}");
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    let body = &bedrock.received()[0].body;
    assert!(
        has_cache_point(&body["system"]),
        "after the system prompt: {}",
        body["system"]
    );
    assert_eq!(
        body["system"].as_array().unwrap().last().unwrap()["cachePoint"]["type"],
        "default"
    );
    assert!(
        !has_cache_point(&body["messages"][0]["content"]),
        "nothing to reuse yet"
    );

    // The next turns reuse the history: a cache point closes it (on the last answer), never the new
    // question.
    client
        .chat_stream("may", "And the second?", Some(&session))
        .await;
    let body = &bedrock.received()[1].body;
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert!(
        has_cache_point(&messages[1]["content"]),
        "after the reused history: {messages:?}"
    );
    assert!(!has_cache_point(&messages[2]["content"]));
    assert!(has_cache_point(&body["system"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_cache_point_for_a_model_without_prompt_caching_or_a_short_prefix() {
    frugal_tests::require_emulator!();
    let long_prompt = "You answer questions about lighthouses, precisely and briefly. ".repeat(95);
    // Claude 3 Haiku (the default model) has no prompt caching on Bedrock.
    let (bedrock, client, _) = server(frugal_pricing::DEFAULT_MODEL_ID, long_prompt, |_| {}).await;
    let first = client
        .chat("ned", "Who built the first lighthouse?", None)
        .await;
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    client.chat("ned", "And the second?", Some(&session)).await;
    for received in bedrock.received() {
        let text = received.body.to_string();
        assert!(!text.contains("cachePoint"), "{text}");
    }
    // A model that caches, but a prefix under its minimum: no cache point either.
    let (bedrock, client, _) = server(SONNET, "Be brief.".into(), |_| {}).await;
    let first = client
        .chat("ned", "Who built the first lighthouse?", None)
        .await;
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    client.chat("ned", "And the second?", Some(&session)).await;
    assert!(!bedrock
        .received()
        .iter()
        .any(|r| r.body.to_string().contains("cachePoint")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_sent_fits_the_cap_dropping_the_oldest_turns() {
    frugal_tests::require_emulator!();
    let (bedrock, client, _) = server(frugal_pricing::DEFAULT_MODEL_ID, "Be brief.".into(), |c| {
        c.max_history_tokens = 70;
    })
    .await;
    let mut session = None;
    for i in 0..6 {
        let question = format!("Question {i}: tell me one more thing about lighthouse lenses");
        let reply = client.chat("ola", &question, session.as_deref()).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        session = reply.json["session_id"].as_str().map(str::to_owned);
    }
    let last = &bedrock.received()[5].body;
    let messages = last["messages"].as_array().unwrap();
    let sent: Vec<&str> = messages
        .iter()
        .filter_map(|m| m["content"][0]["text"].as_str())
        .collect();
    // Each turn is 15 + 17 estimated tokens: two earlier turns fit in 70, the newest ones.
    assert_eq!(messages.len(), 5, "{sent:?}");
    assert!(sent[0].starts_with("Question 3"), "{sent:?}");
    assert!(sent[4].starts_with("Question 5"), "{sent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cache_reads_and_writes_are_priced_at_their_own_rates() {
    frugal_tests::require_emulator!();
    // The budget counter holds exactly the token cost of each answer: read it back.
    let (bedrock, client, table) = server(SONNET, "Be brief.".into(), |c| {
        c.user_daily_budget_usd = Some(100.0);
    })
    .await;
    bedrock.set_cache_usage(2_000, 1_500);
    let reply = client.chat("pia", "What is a Fresnel lens?", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["usage"]["cache_read_input_tokens"], 2_000);
    assert_eq!(reply.json["usage"]["cache_write_input_tokens"], 1_500);
    let input = reply.json["usage"]["input_tokens"].as_u64().unwrap();
    // Claude 3.7 Sonnet: input $3, output $15, cache write $3.75, cache read $0.30 per million.
    let expected = input as f64 * 3e-6 + 7.0 * 15e-6 + 1_500.0 * 3.75e-6 + 2_000.0 * 0.3e-6;
    let call = ModelCall {
        model_id: SONNET.into(),
        usage: Usage {
            input_tokens: input,
            output_tokens: 7,
            cache_read_input_tokens: 2_000,
            cache_write_input_tokens: 1_500,
        },
        latency: std::time::Duration::ZERO,
    };
    assert!((call.token_cost().unwrap() - expected).abs() < 1e-12);
    let item = dynamodb_client()
        .await
        .get_item()
        .table_name(&table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S("pia#!budget".into()),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S(utc_day(frugal_chat::history::now_secs())),
        )
        .send()
        .await
        .expect("read the budget");
    let spent: f64 = item.item().unwrap()["spent_usd"]
        .as_n()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (spent - expected).abs() < 1e-9,
        "spent {spent}, expected {expected}"
    );
    // The reply's cost includes them too (plus the Lambda time).
    assert!(reply.json["cost_usd"].as_f64().unwrap() > expected);
}
