//! One behavioural suite for every `History` store: the in-memory one and DynamoDB on the emulator.
//! A guarantee the chat service relies on must hold on both.

use std::sync::Arc;
use std::time::Duration;

use frugal_chat::aws::{AwsSettings, LazyAws};
use frugal_chat::history::KeyRecord;
use frugal_chat::history::{
    partition_key, DynamoHistory, History, MemoryHistory, Turn, WriteError, MAX_LISTED_TURNS,
};
use frugal_middleware::Source;
use frugal_tests::proxy::FaultProxy;
use frugal_tests::{create_table, dummy_lambda_env, dynamodb_client, emulator_endpoint};

fn turn(n: u64, write_id: &str) -> Turn {
    Turn {
        turn: n,
        question: format!("question {n}"),
        answer: format!("answer {n}"),
        source: Source::Model,
        input_tokens: 10,
        output_tokens: 20,
        model_id: "m".into(),
        created_at: 1_700_000_000 + n,
        write_id: write_id.into(),
    }
}

async fn dynamo() -> Arc<dyn History> {
    let table = create_table(&dynamodb_client().await, "history-suite").await;
    let aws = LazyAws::new(AwsSettings {
        dynamodb_endpoint: Some(emulator_endpoint()),
        bedrock_endpoint: None,
        from_lambda_env: Some(dummy_lambda_env()),
        max_attempts: 1,
        ca_bundle: None,
    });
    Arc::new(DynamoHistory::new(aws, table, Duration::from_secs(86_400)))
}

/// DynamoDB behind a proxy that loses the acknowledgement of the first attempt of every write: the SDK
/// retries and every guarantee must still hold.
async fn lossy_dynamo() -> Arc<dyn History> {
    let table = create_table(&dynamodb_client().await, "history-lossy").await;
    let proxy = FaultProxy::start(&emulator_endpoint()).await;
    proxy.drop_first_attempts("PutItem");
    proxy.drop_first_attempts("TransactWriteItems");
    let aws = LazyAws::new(AwsSettings {
        dynamodb_endpoint: Some(proxy.url.clone()),
        bedrock_endpoint: None,
        from_lambda_env: Some(dummy_lambda_env()),
        max_attempts: 2,
        ca_bundle: None,
    });
    Arc::new(DynamoHistory::new(aws, table, Duration::from_secs(86_400)))
}

fn memory() -> Arc<dyn History> {
    Arc::new(MemoryHistory::default())
}

/// Turns land in order, read back oldest first, the newest `n` for the prompt.
async fn appends_and_reads_back(store: Arc<dyn History>) {
    let pk = partition_key("alice", "s1");
    assert_eq!(store.recent(&pk, 5).await.unwrap().last, 0);
    for n in 1..=5 {
        store
            .append(&pk, &turn(n, &format!("w{n}")), None)
            .await
            .unwrap();
    }
    let recent = store.recent(&pk, 2).await.unwrap();
    assert_eq!(recent.last, 5);
    assert_eq!(
        recent.turns.iter().map(|t| t.turn).collect::<Vec<_>>(),
        [4, 5]
    );
    assert_eq!(
        recent.turns[1],
        turn(5, "w5").with_write_id(&recent.turns[1])
    );
    let all = store.list(&pk).await.unwrap();
    assert_eq!(
        all.iter().map(|t| t.turn).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(all[0].question, "question 1");
    assert_eq!(all[0].source, Source::Model);
    assert_eq!(all[0].input_tokens, 10);
}

/// A taken number is a conflict for another write, success for the same write again, and nothing is
/// overwritten or duplicated either way.
async fn never_overwrites_and_recognises_its_own_write(store: Arc<dyn History>) {
    let pk = partition_key("alice", "s2");
    store.append(&pk, &turn(1, "first"), None).await.unwrap();
    let mut other = turn(1, "second");
    other.answer = "another answer".into();
    assert!(matches!(
        store.append(&pk, &other, None).await,
        Err(WriteError::Conflict)
    ));
    store.append(&pk, &turn(1, "first"), None).await.unwrap();
    let all = store.list(&pk).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].answer, "answer 1");
}

/// Sessions and users are separate partitions.
async fn partitions_are_private(store: Arc<dyn History>) {
    store
        .append(&partition_key("alice", "shared-id"), &turn(1, "a"), None)
        .await
        .unwrap();
    assert!(store
        .list(&partition_key("bob", "shared-id"))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .recent(&partition_key("bob", "shared-id"), 10)
            .await
            .unwrap()
            .last,
        0
    );
}

/// Concurrent writers of one session each land once, at distinct numbers, when they move to the next
/// number on a conflict (what the chat service does).
async fn concurrent_writers_each_land_once(store: Arc<dyn History>) {
    let pk = partition_key("alice", "busy");
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            let pk = pk.clone();
            tokio::spawn(async move {
                let mut candidate = turn(1, &format!("writer-{i}"));
                loop {
                    match store.append(&pk, &candidate, None).await {
                        Ok(()) => return candidate.turn,
                        Err(WriteError::Conflict) => candidate.turn += 1,
                        Err(other) => panic!("store failed: {other:?}"),
                    }
                }
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
    let stored = store.list(&pk).await.unwrap();
    assert_eq!(stored.len(), 8);
    let mut writers: Vec<_> = stored.iter().map(|t| t.write_id.clone()).collect();
    writers.sort();
    writers.dedup();
    assert_eq!(writers.len(), 8, "each writer's turn stored once");
}

/// Long sessions are read in pages and capped.
async fn long_sessions_are_paginated_and_capped(store: Arc<dyn History>) {
    let pk = partition_key("alice", "long");
    let big = "x".repeat(2_000);
    for n in 1..=(MAX_LISTED_TURNS as u64 + 5) {
        let mut t = turn(n, &format!("w{n}"));
        t.answer = big.clone();
        store.append(&pk, &t, None).await.unwrap();
    }
    let all = store.list(&pk).await.unwrap();
    assert_eq!(all.len(), MAX_LISTED_TURNS);
    assert_eq!(all[0].turn, 1);
    assert_eq!(
        store.recent(&pk, 3).await.unwrap().last,
        MAX_LISTED_TURNS as u64 + 5
    );
}

/// A key is stored with its turn, found again by its user only, and held against another write.
async fn keys_are_stored_with_their_turn(store: Arc<dyn History>) {
    let pk = partition_key("alice", "keyed");
    let record = KeyRecord {
        user: "alice".into(),
        key: "key-1".into(),
        session_id: "keyed".into(),
    };
    assert!(store.find_key("alice", "key-1").await.unwrap().is_none());
    store
        .append(&pk, &turn(1, "w1"), Some(&record))
        .await
        .unwrap();
    // The same write again (a retried transaction) is fine and stores nothing more.
    store
        .append(&pk, &turn(1, "w1"), Some(&record))
        .await
        .unwrap();
    let replay = store.find_key("alice", "key-1").await.unwrap().unwrap();
    assert_eq!(replay.session_id, "keyed");
    assert_eq!(replay.turn.turn, 1);
    assert_eq!(replay.turn.answer, "answer 1");
    assert!(store.find_key("bob", "key-1").await.unwrap().is_none());
    // Another write holding the same key is refused, and its turn is not stored.
    assert!(matches!(
        store.append(&pk, &turn(2, "w2"), Some(&record)).await,
        Err(WriteError::KeyTaken)
    ));
    assert_eq!(store.list(&pk).await.unwrap().len(), 1);
    // The key never shows up as a session.
    assert!(store
        .list(&partition_key("alice", "!idempotency"))
        .await
        .unwrap()
        .iter()
        .all(|t| t.turn == 0));
}

trait WithWriteId {
    fn with_write_id(self, stored: &Turn) -> Turn;
}

impl WithWriteId for Turn {
    /// DynamoDB items need not carry the write id back; compare the rest.
    fn with_write_id(mut self, stored: &Turn) -> Turn {
        self.write_id = stored.write_id.clone();
        self
    }
}

macro_rules! suite {
    ($($case:ident),* $(,)?; lossy: $($lossy:ident),* $(,)?) => {
        mod memory_store {
            $(#[tokio::test]
            async fn $case() {
                super::$case(super::memory()).await;
            })*
        }
        mod dynamodb_store {
            $(#[tokio::test]
            async fn $case() {
                frugal_tests::require_emulator!();
                super::$case(super::dynamo().await).await;
            })*
        }
        // Every write here pays an SDK retry backoff, so the thousand-turn case is left out.
        mod dynamodb_losing_acknowledgements {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $lossy() {
                frugal_tests::require_emulator!();
                super::$lossy(super::lossy_dynamo().await).await;
            })*
        }
    };
}

suite!(
    appends_and_reads_back,
    never_overwrites_and_recognises_its_own_write,
    partitions_are_private,
    concurrent_writers_each_land_once,
    long_sessions_are_paginated_and_capped,
    keys_are_stored_with_their_turn;
    lossy:
    appends_and_reads_back,
    never_overwrites_and_recognises_its_own_write,
    concurrent_writers_each_land_once,
    keys_are_stored_with_their_turn,
);
