//! Exactly-once turns when acknowledgements are lost, and client idempotency keys, on both history
//! stores. DynamoDB faults are injected on the wire by a proxy between the SDK and the emulator.

use frugal_chat::app::AuthMode;
use frugal_chat::config::{Config, HistoryBackend};
use frugal_tests::proxy::{Action, FaultProxy};
use frugal_tests::{dynamodb_client, start_chat_at, stored_items, BedrockStandIn, Client, Fault};

/// A chat server on DynamoDB behind a fault proxy, with two attempts per AWS call (the SDK retries a
/// dropped acknowledgement once).
async fn dynamo_stack(prefix: &str) -> (BedrockStandIn, FaultProxy, Client, String) {
    let stack = frugal_tests::start_proxied_stack(prefix, 2).await;
    (stack.bedrock, stack.proxy, stack.client, stack.table)
}

async fn memory_stack() -> (BedrockStandIn, Client) {
    let bedrock = BedrockStandIn::start().await;
    let config = Config {
        history: HistoryBackend::Memory,
        ..Config::default()
    };
    let server = start_chat_at(
        config,
        "http://127.0.0.1:9",
        &bedrock.url,
        AuthMode::InsecureHeader,
    )
    .await;
    (bedrock, Client::new(&server.url))
}

async fn turns(table: &str, user: &str, session: &str) -> usize {
    stored_items(
        &dynamodb_client().await,
        table,
        &format!("{user}#{session}"),
    )
    .await
    .len()
}

async fn history_len(client: &Client, user: &str, session: &str) -> usize {
    let reply = client
        .send(
            "GET",
            &format!("/sessions/{session}/messages"),
            Some(user),
            "",
        )
        .await;
    reply.json["messages"].as_array().map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_whose_acknowledgement_is_lost_is_stored_once() {
    frugal_tests::require_emulator!();
    let (_bedrock, proxy, client, table) = dynamo_stack("lost-ack").await;
    proxy.on("PutItem", 1, Action::DropResponse);
    let reply = client.chat("ann", "What is DynamoDB?", None).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(proxy.dropped(), 1, "the fault was injected");
    assert_eq!(proxy.count("PutItem"), 2, "the SDK retried the write");
    let session = reply.json["session_id"].as_str().unwrap();
    assert_eq!(reply.json["turn"], 1);
    assert_eq!(turns(&table, "ann", session).await, 1);

    // The next turn of the session is turn 2, not 3.
    proxy.on("PutItem", 1, Action::DropResponse);
    let next = client.chat("ann", "And DAX?", Some(session)).await;
    assert_eq!(next.status, 200, "{next:?}");
    assert_eq!(next.json["turn"], 2);
    assert_eq!(turns(&table, "ann", session).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyed_write_whose_acknowledgement_is_lost_is_stored_once_and_replays() {
    frugal_tests::require_emulator!();
    let (bedrock, proxy, client, table) = dynamo_stack("lost-ack-key").await;
    proxy.on("TransactWriteItems", 1, Action::DropResponse);
    let first = client
        .chat_with_key("bea", "What is Lambda?", None, "k-1")
        .await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(proxy.dropped(), 1);
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    assert_eq!(turns(&table, "bea", &session).await, 1);

    let again = client
        .chat_with_key("bea", "What is Lambda?", None, "k-1")
        .await;
    assert_eq!(again.status, 200, "{again:?}");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    for field in ["session_id", "reply", "source", "turn", "usage"] {
        assert_eq!(again.json[field], first.json[field], "{field}");
    }
    assert_eq!(bedrock.calls(), 1, "no second model call");
    assert!(again.json["cost_usd"].as_f64().unwrap() < first.json["cost_usd"].as_f64().unwrap());
    assert_eq!(turns(&table, "bea", &session).await, 1);
}

/// The key behaviour both stores share, through the whole server.
async fn keys_replay_conflict_and_survive_a_5xx(
    client: &Client,
    bedrock: &BedrockStandIn,
    user: &str,
) {
    // Replay after a success: the stored reply, no model call.
    let first = client
        .chat_with_key(user, "Explain TTL", None, "key-a")
        .await;
    assert_eq!(first.status, 200, "{first:?}");
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    let calls = bedrock.calls();
    let replay = client
        .chat_with_key(user, "Explain TTL", None, "key-a")
        .await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.json["session_id"], first.json["session_id"]);
    assert_eq!(replay.json["turn"], first.json["turn"]);
    assert_eq!(replay.json["reply"], first.json["reply"]);
    assert_eq!(replay.json["source"], "model");
    assert_eq!(bedrock.calls(), calls);

    // The same key with another message, or another session: 409, nothing stored.
    let other = client
        .chat_with_key(user, "Explain GSIs", None, "key-a")
        .await;
    assert_eq!(other.status, 409, "{other:?}");
    assert_eq!(other.json["error"]["code"], "idempotency_conflict");
    let moved = client
        .chat_with_key(user, "Explain TTL", Some("another-session"), "key-a")
        .await;
    assert_eq!(moved.status, 409);
    assert_eq!(bedrock.calls(), calls);
    assert_eq!(history_len(client, user, &session).await, 1);

    // Keys are per user: another user's same key is a new request.
    let stranger = client
        .chat_with_key("someone-else", "Explain TTL", None, "key-a")
        .await;
    assert_eq!(stranger.status, 200);
    assert_ne!(stranger.json["session_id"], first.json["session_id"]);

    // A 5xx stores nothing; the retry with the same key is answered and stored once.
    // Twice: the SDK retries a 500 once.
    bedrock.inject([Fault::ServerError, Fault::ServerError]);
    let failed = client
        .chat_with_key(user, "And streams?", Some(&session), "key-b")
        .await;
    assert_eq!(failed.status, 502, "{failed:?}");
    assert_eq!(history_len(client, user, &session).await, 1);
    let retried = client
        .chat_with_key(user, "And streams?", Some(&session), "key-b")
        .await;
    assert_eq!(retried.status, 200, "{retried:?}");
    assert_eq!(retried.json["turn"], 2);
    let calls = bedrock.calls();
    let replayed = client
        .chat_with_key(user, "And streams?", Some(&session), "key-b")
        .await;
    assert_eq!(replayed.json["turn"], 2);
    assert_eq!(replayed.headers["idempotent-replayed"], "true");
    assert_eq!(bedrock.calls(), calls);
    assert_eq!(history_len(client, user, &session).await, 2);

    // Malformed keys are 400 and change nothing.
    for key in ["has space", "semi;colon", &"k".repeat(129)] {
        let bad = client
            .chat_with_key(user, "And backups?", Some(&session), key)
            .await;
        assert_eq!(bad.status, 400, "key {key:?}: {bad:?}");
    }
    assert_eq!(history_len(client, user, &session).await, 2);
    assert_eq!(bedrock.calls(), calls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_on_dynamodb() {
    frugal_tests::require_emulator!();
    let (bedrock, _proxy, client, _table) = dynamo_stack("keys").await;
    keys_replay_conflict_and_survive_a_5xx(&client, &bedrock, "cid").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_in_memory() {
    let (bedrock, client) = memory_stack().await;
    keys_replay_conflict_and_survive_a_5xx(&client, &bedrock, "local").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_turns_behind_a_slow_store_each_land_once() {
    frugal_tests::require_emulator!();
    let (_bedrock, proxy, client, table) = dynamo_stack("slow").await;
    let first = client.chat("dan", "start", None).await;
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    // The second write's acknowledgement is lost; every other one is slow, so the writes overlap.
    proxy.on("TransactWriteItems", 2, Action::DropResponse);
    for nth in 1..=6 {
        proxy.on(
            "TransactWriteItems",
            nth,
            Action::Delay(std::time::Duration::from_millis(150)),
        );
    }
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            let session = session.clone();
            tokio::spawn(async move {
                client
                    .chat_with_key(
                        "dan",
                        &format!("question {i}"),
                        Some(&session),
                        &format!("c-{i}"),
                    )
                    .await
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == 200 {
            numbers.push(reply.json["turn"].as_u64().unwrap());
        } else {
            assert_eq!(reply.status, 503, "{reply:?}");
        }
    }
    let stored = turns(&table, "dan", &session).await;
    assert_eq!(
        stored,
        1 + numbers.len(),
        "every answered turn stored once, nothing else"
    );
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len() + 1, stored, "distinct turn numbers");
}
