//! The shared (L2) response cache on DynamoDB (the moto emulator), across two server processes'
//! worth of environments: an answer given by one is a hit on the other for the same user only, and a
//! cache table that disappears mid-run turns into misses, never into errors.

use frugal_chat::app::AuthMode;
use frugal_chat::config::Config;
use frugal_tests::{
    create_table, dynamo_config, dynamodb_client, start_chat, BedrockStandIn, Client,
};

async fn create_cache_table(client: &aws_sdk_dynamodb::Client, name: &str) {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    };
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("attribute"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        )
        .send()
        .await
        .expect("create the cache table");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_from_one_environment_is_a_hit_in_another_for_the_same_user_only() {
    frugal_tests::require_emulator!();
    let dynamodb = dynamodb_client().await;
    let bedrock = BedrockStandIn::start().await;
    let history = create_table(&dynamodb, "l2hist").await;
    let cache_table = format!("{history}-cache");
    create_cache_table(&dynamodb, &cache_table).await;
    let config = Config {
        cache_table: Some(cache_table.clone()),
        ..dynamo_config(&history)
    };
    // Two environments: two servers, each with its own in-process cache.
    let a = Client::new(
        &start_chat(config.clone(), &bedrock.url, AuthMode::InsecureHeader)
            .await
            .url,
    );
    let b = Client::new(
        &start_chat(config, &bedrock.url, AuthMode::InsecureHeader)
            .await
            .url,
    );

    let question = "What is the tallest lighthouse in the world?";
    let first = a.chat("kim", question, None).await;
    assert_eq!(first.json["source"], "model", "{first:?}");
    // The write to the shared cache runs in the background.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let items = dynamodb
        .scan()
        .table_name(&cache_table)
        .send()
        .await
        .expect("scan");
    assert_eq!(items.count(), 1);
    let item = &items.items()[0];
    assert!(
        !item["pk"].as_s().unwrap().contains("kim"),
        "no user id in the key"
    );
    assert!(item["expires_at"].as_n().is_ok());

    let elsewhere = b.chat("kim", question, None).await;
    assert_eq!(elsewhere.json["source"], "cache", "{elsewhere:?}");
    assert_eq!(elsewhere.json["reply"], first.json["reply"]);
    let streamed = b.chat_stream("kim", question, None).await;
    assert_eq!(streamed.last().data["source"], "cache");
    assert_eq!(bedrock.calls(), 1);
    // Never another user's answer.
    assert_eq!(b.chat("lee", question, None).await.json["source"], "model");
    assert_eq!(bedrock.calls(), 2);

    // A streamed answer is shared too, once it completed.
    let streamed_q = "How far can a lighthouse be seen?";
    let done = a.chat_stream("kim", streamed_q, None).await;
    assert_eq!(done.last().name, "done");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        b.chat("kim", streamed_q, None).await.json["source"],
        "cache"
    );

    // The cache table goes away mid-run: misses, answered by the model, no 5xx.
    dynamodb
        .delete_table()
        .table_name(&cache_table)
        .send()
        .await
        .expect("delete the cache table");
    for client in [&a, &b] {
        let reply = client
            .chat("kim", "Who keeps the lighthouse today?", None)
            .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json["source"], "model");
        let streamed = client
            .chat_stream("kim", "And who kept it before?", None)
            .await;
        assert_eq!(streamed.status, 200, "{streamed:?}");
        assert_eq!(streamed.last().name, "done");
    }
    // What an environment already holds in its own cache is still served.
    assert_eq!(a.chat("kim", question, None).await.json["source"], "cache");
}
