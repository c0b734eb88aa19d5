//! Streamed answers end to end: real HTTP with `Accept: text/event-stream` to `frugal-chat`'s server,
//! DynamoDB on the moto emulator (behind the fault proxy where a write must fail), Bedrock
//! ConverseStream on the stand-in speaking the binary event-stream framing, with faults on the wire.

use std::time::Duration;

use frugal_chat::app::AuthMode;
use frugal_chat::config::Config;
use frugal_tests::proxy::Action;
use frugal_tests::{
    create_table, dynamo_config, dynamodb_client, emulator_endpoint, start_chat, start_chat_at,
    stored_items, BedrockStandIn, Client, Fault,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_answer_arrives_word_by_word_is_stored_once_priced_and_cached() {
    frugal_tests::require_emulator!();
    let (bedrock, client, _server, table) = frugal_tests::start_stack("stream").await;
    bedrock.set_pace(Duration::from_millis(60));

    let question = "What is the capital of France?";
    let reply = client.chat_stream("alice", question, None).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.headers["content-type"],
        "text/event-stream; charset=utf-8"
    );
    assert_eq!(reply.headers["x-frugal-source"], "model");
    let deltas: Vec<_> = reply.events.iter().filter(|e| e.name == "delta").collect();
    assert!(deltas.len() >= 5, "one delta per word: {reply:?}");
    assert_eq!(reply.text(), format!("echo(1): {question}"));
    // Streamed as written: the first words came well before the end (6 words, 60 ms apart).
    let done = reply.last();
    assert!(
        done.at.saturating_sub(deltas[0].at) >= Duration::from_millis(200),
        "the deltas were buffered: {reply:?}"
    );
    assert_eq!(done.name, "done");
    assert_eq!(done.data["source"], "model");
    assert_eq!(done.data["turn"], 1);
    assert!(done.data["usage"]["input_tokens"].as_u64().unwrap() > 0);
    assert_eq!(done.data["usage"]["output_tokens"], 7);
    assert!(done.data["cost_usd"].as_f64().unwrap() > 0.0);
    assert!(done.data.get("reply").is_none(), "the text came in deltas");

    // Stored exactly once, with the whole text.
    let session = done.data["session_id"].as_str().unwrap().to_owned();
    let items = stored_items(
        &dynamodb_client().await,
        &table,
        &format!("alice#{session}"),
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["answer"].as_s().unwrap(), &reply.text());

    // The same first question again: the cache answers, as one delta and done, without the model
    // (the answer is stored in the cache by a task started when its stream ended).
    tokio::time::sleep(Duration::from_millis(50)).await;
    let again = client.chat_stream("alice", question, None).await;
    assert_eq!(bedrock.calls(), 1);
    assert_eq!(again.events.len(), 2, "{again:?}");
    assert_eq!(again.text(), reply.text());
    assert_eq!(again.last().data["source"], "cache");
    // Never another user's.
    let bob = client.chat_stream("bob", question, None).await;
    assert_eq!(bob.last().data["source"], "model");
    assert_eq!(bedrock.calls(), 2);

    // Small talk streams too, and a follow-up turn continues the session.
    let hello = client.chat_stream("alice", "Hello!", None).await;
    assert_eq!(hello.events.len(), 2, "{hello:?}");
    assert_eq!(hello.last().data["source"], "smalltalk");
    let follow = client
        .chat_stream("alice", "And Spain?", Some(&session))
        .await;
    assert_eq!(follow.last().data["turn"], 2, "{follow:?}");
    assert_eq!(follow.text(), "echo(3): And Spain?");

    // Without the header, the same route answers JSON as before.
    let json = client
        .chat("alice", "What is the capital of Peru?", None)
        .await;
    assert_eq!(json.json["source"], "model");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_end_the_stream_with_the_documented_error_and_nothing_is_cached_or_stored() {
    frugal_tests::require_emulator!();
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, "streamfault").await;
    let config = Config {
        local_budget: Duration::from_millis(1500),
        ..dynamo_config(&table)
    };
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);
    let question = "Tell me a story about a lighthouse keeper";

    // Throttled before the first byte: the status and Retry-After survive, one error event.
    bedrock.inject([Fault::Throttle]);
    let throttled = client.chat_stream("carol", question, None).await;
    assert_eq!(throttled.status, 429, "{throttled:?}");
    assert!(throttled.headers.contains_key("retry-after"));
    assert_eq!(throttled.events.len(), 1);
    assert_eq!(throttled.last().name, "error");
    assert_eq!(throttled.last().data["code"], "throttled");
    assert!(throttled.last().data["retry_after_secs"].as_u64().is_some());

    // A service error, and a frame with a broken CRC, after some deltas: the deltas, then one
    // error event; the status was already 200.
    for (fault, label) in [
        (Fault::StreamErrorAfter(3), "exception"),
        (Fault::GarbageAfter(3), "bad CRC"),
    ] {
        bedrock.inject([fault]);
        let failed = client.chat_stream("carol", question, None).await;
        assert_eq!(failed.status, 200, "{label}: {failed:?}");
        assert_eq!(
            failed.events.iter().filter(|e| e.name == "delta").count(),
            3,
            "{label}"
        );
        assert_eq!(failed.last().name, "error", "{label}: {failed:?}");
        assert_eq!(failed.last().data["code"], "model_error", "{label}");
    }

    // A stall past the deadline: `deadline_exceeded` before the budget runs out, and the model
    // stream is dropped (the stand-in sees its client go away).
    bedrock.inject([Fault::StallAfter(2)]);
    let stalled = client.chat_stream("carol", question, None).await;
    assert_eq!(stalled.last().name, "error", "{stalled:?}");
    assert_eq!(stalled.last().data["code"], "deadline_exceeded");
    assert!(
        stalled.last().at < Duration::from_millis(1500),
        "{stalled:?}"
    );
    wait_for(
        || bedrock.streams_abandoned() == 1,
        "the stalled model stream to be dropped",
    )
    .await;

    // None of the failed answers was cached or stored: the next ask goes to the model, and carol
    // has no stored turn at all.
    let calls = bedrock.calls();
    let ok = client.chat_stream("carol", question, None).await;
    assert_eq!(ok.last().name, "done", "{ok:?}");
    assert_eq!(bedrock.calls(), calls + 1);
    let scanned = dynamodb_client()
        .await
        .scan()
        .table_name(&table)
        .send()
        .await
        .expect("scan");
    assert_eq!(scanned.count(), 1, "only the successful answer is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_that_cannot_be_stored_ends_with_storage_error_instead_of_done() {
    frugal_tests::require_emulator!();
    let frugal_tests::ProxiedStack {
        bedrock,
        proxy,
        client,
        ..
    } = frugal_tests::start_proxied_stack("streamstore", 1).await;
    proxy.on("PutItem", 1, Action::Reject);

    let question = "Summarise the plot of Hamlet";
    let reply = client.chat_stream("dave", question, None).await;
    assert_eq!(reply.status, 200);
    assert!(!reply.text().is_empty(), "the answer was sent: {reply:?}");
    assert_eq!(reply.last().name, "error", "{reply:?}");
    assert_eq!(reply.last().data["code"], "storage_error");
    assert_eq!(proxy.count("PutItem"), 1);
    // Not cached either: the answer that was not saved is asked of the model again.
    let again = client.chat_stream("dave", question, None).await;
    assert_eq!(again.last().name, "done", "{again:?}");
    assert_eq!(bedrock.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_stops_the_model_stream() {
    let bedrock = BedrockStandIn::start().await;
    bedrock.set_pace(Duration::from_millis(100));
    let config = Config::default();
    let server = start_chat_at(
        config,
        &emulator_endpoint(),
        &bedrock.url,
        AuthMode::DevUser,
    )
    .await;
    let address = server.url.trim_start_matches("http://").to_owned();
    let body = r#"{"message":"Write a long essay about the history of tea, please"}"#;
    let mut socket = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let request = format!(
        "POST /chat HTTP/1.1\r\nhost: {address}\r\naccept: text/event-stream\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.expect("send");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("event: delta") {
        let n = socket.read(&mut buffer).await.expect("read");
        assert!(n > 0, "closed before the first delta");
        seen.extend_from_slice(&buffer[..n]);
    }
    drop(socket);
    wait_for(
        || bedrock.streams_abandoned() == 1,
        "the model stream to be dropped",
    )
    .await;
    assert_eq!(bedrock.streams_completed(), 0);
}

async fn wait_for(condition: impl Fn() -> bool, what: &str) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}
