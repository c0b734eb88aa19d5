//! The chat API end to end: real HTTP to `frugal-chat`'s server, DynamoDB on the moto emulator,
//! Bedrock Converse on the stand-in.

use std::time::Duration;

use frugal_chat::app::AuthMode;
use frugal_chat::config::Config;
use frugal_tests::{
    create_table, dynamo_config, dynamodb_client, start_chat, stored_items, BedrockStandIn, Client,
    Fault,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greeting_builds_no_aws_client_and_question_is_stored() {
    frugal_tests::require_emulator!();
    let (bedrock, client, server, table) = frugal_tests::start_stack("greet").await;

    let hello = client.chat("alice", "Hello!", None).await;
    assert_eq!(hello.status, 200, "{hello:?}");
    assert_eq!(hello.json["source"], "smalltalk");
    assert_eq!(hello.headers["x-frugal-source"], "smalltalk");
    assert!(hello.headers.contains_key("x-frugal-cold-start"));
    assert_eq!(bedrock.calls(), 0);
    assert!(
        !server.chat.aws().is_built(),
        "a greeting must not build AWS clients"
    );

    let answer = client
        .chat("alice", "What is the capital of France?", None)
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json["source"], "model");
    assert_eq!(
        answer.json["reply"],
        "echo(1): What is the capital of France?"
    );
    assert!(answer.json["usage"]["input_tokens"].as_u64().unwrap() > 0);
    assert!(answer.json["cost_usd"].as_f64().unwrap() > 0.0);
    assert_eq!(answer.headers["x-frugal-cold-start"], "false");
    assert!(server.chat.aws().is_dynamodb_built() && server.chat.aws().is_bedrock_built());
    assert_eq!(
        bedrock.received()[0].model_id,
        frugal_pricing::DEFAULT_MODEL_ID
    );
    let session = answer.json["session_id"].as_str().unwrap().to_owned();

    let items = stored_items(
        &dynamodb_client().await,
        &table,
        &format!("alice#{session}"),
    )
    .await;
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item["question"].as_s().unwrap(),
        "What is the capital of France?"
    );
    assert_eq!(item["sk"].as_s().unwrap(), "0000000001");
    assert!(
        item["expires_at"].as_n().unwrap().parse::<u64>().unwrap()
            > item["created_at"].as_n().unwrap().parse::<u64>().unwrap()
    );
    for attribute in [
        "answer",
        "source",
        "input_tokens",
        "output_tokens",
        "model_id",
    ] {
        assert!(item.contains_key(attribute), "missing {attribute}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_carry_history_and_history_is_private() {
    frugal_tests::require_emulator!();
    let (bedrock, client, _server, _table) = frugal_tests::start_stack("history").await;
    let first = client.chat("alice", "My name is Alice.", None).await;
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    let second = client
        .chat("alice", "What is my name?", Some(&session))
        .await;
    assert_eq!(second.status, 200);
    assert_eq!(second.json["session_id"], session.as_str());
    // The stand-in echoes how many messages it got: the earlier turn (2) plus the new one.
    assert_eq!(second.json["reply"], "echo(3): What is my name?");
    let sent = &bedrock.received()[1].body["messages"];
    assert_eq!(sent[0]["content"][0]["text"], "My name is Alice.");
    assert_eq!(sent[1]["role"], "assistant");

    let history = client
        .send(
            "GET",
            &format!("/sessions/{session}/messages"),
            Some("alice"),
            "",
        )
        .await;
    assert_eq!(history.status, 200);
    let messages = history.json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["question"], "My name is Alice.");
    assert_eq!(messages[1]["question"], "What is my name?");

    // Bob cannot read Alice's session, nor reach it by posting to it.
    let stolen = client
        .send(
            "GET",
            &format!("/sessions/{session}/messages"),
            Some("bob"),
            "",
        )
        .await;
    assert_eq!(stolen.status, 404);
    assert_eq!(stolen.json["error"]["code"], "not_found");
    let bob = client.chat("bob", "What is my name?", Some(&session)).await;
    assert_eq!(
        bob.json["reply"], "echo(1): What is my name?",
        "bob's turn must not see alice's history"
    );

    let bad = client
        .send("GET", "/sessions/..%2Fetc/messages", Some("alice"), "")
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_first_questions_are_cached_per_user() {
    frugal_tests::require_emulator!();
    let (bedrock, client, _server, _table) = frugal_tests::start_stack("cache").await;
    assert_eq!(
        client.chat("alice", "How do I make tea?", None).await.json["source"],
        "model"
    );
    let again = client.chat("alice", "how do i make tea", None).await;
    assert_eq!(again.json["source"], "cache");
    assert_eq!(again.headers["x-frugal-source"], "cache");
    assert_eq!(bedrock.calls(), 1);
    assert_eq!(
        client.chat("bob", "How do I make tea?", None).await.json["source"],
        "model"
    );
    assert_eq!(bedrock.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bedrock_faults_map_to_documented_statuses_and_the_server_recovers() {
    frugal_tests::require_emulator!();
    let bedrock = BedrockStandIn::start().await;
    let table = create_table(&dynamodb_client().await, "faults").await;
    let config = Config {
        local_budget: Duration::from_millis(1500),
        ..dynamo_config(&table)
    };
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);

    let cases = [
        (Fault::Throttle, 429, "throttled"),
        (Fault::ServerError, 502, "model_error"),
        (Fault::Malformed, 502, "model_error"),
        (
            Fault::Validation("Input is too long for requested model.".into()),
            400,
            "invalid_request",
        ),
        (
            Fault::Validation("The provided model identifier is invalid.".into()),
            502,
            "model_error",
        ),
        (Fault::ModelTimeout, 504, "deadline_exceeded"),
        (
            Fault::Delay(Duration::from_secs(3)),
            504,
            "deadline_exceeded",
        ),
    ];
    for (i, (fault, status, code)) in cases.into_iter().enumerate() {
        bedrock.inject([fault.clone()]);
        let session = format!("fault{i}");
        let reply = client
            .chat("carol", "Tell me something", Some(&session))
            .await;
        assert_eq!(reply.status, status, "{fault:?}: {reply:?}");
        assert_eq!(reply.json["error"]["code"], code, "{fault:?}");
        if status == 429 {
            assert!(reply.headers.contains_key("retry-after"));
        }
        // Nothing was saved for a failed turn.
        let history = client
            .send(
                "GET",
                &format!("/sessions/{session}/messages"),
                Some("carol"),
                "",
            )
            .await;
        assert_eq!(history.status, 404, "{fault:?} left a turn behind");
    }
    let ok = client.chat("carol", "Tell me something", None).await;
    assert_eq!(
        ok.status, 200,
        "the server keeps serving after faults: {ok:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_failure_is_503_and_no_reply_is_reported() {
    frugal_tests::require_emulator!();
    let bedrock = BedrockStandIn::start().await;
    let server = start_chat(
        dynamo_config("no-such-table"),
        &bedrock.url,
        AuthMode::InsecureHeader,
    )
    .await;
    let client = Client::new(&server.url);
    let reply = client.chat("dave", "Where is my order?", None).await;
    assert_eq!(reply.status, 503, "{reply:?}");
    assert_eq!(reply.json["error"]["code"], "storage_error");
    assert!(reply.json.get("reply").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_turns_of_one_session_are_each_stored_once() {
    frugal_tests::require_emulator!();
    let (_bedrock, client, _server, table) = frugal_tests::start_stack("concurrent").await;
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .chat("erin", &format!("question {i}"), Some("shared"))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == 200 {
            ok += 1;
        } else {
            assert_eq!(reply.status, 503, "{reply:?}");
        }
    }
    let items = stored_items(&dynamodb_client().await, &table, "erin#shared").await;
    assert_eq!(
        items.len(),
        ok,
        "every acknowledged turn is stored exactly once"
    );
    let mut keys: Vec<_> = items
        .iter()
        .map(|i| i["sk"].as_s().unwrap().clone())
        .collect();
    keys.dedup();
    assert_eq!(keys.len(), ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_json_errors() {
    frugal_tests::require_emulator!();
    let (_bedrock, client, _server, _table) = frugal_tests::start_stack("bad").await;
    for (body, status) in [
        ("not json", 400),
        ("[]", 400),
        (r#"{"message": ""}"#, 400),
        (r#"{"message": 12}"#, 400),
        (r#"{"text": "hi"}"#, 400),
    ] {
        let reply = client.send("POST", "/chat", Some("frank"), body).await;
        assert_eq!(reply.status, status, "{body}");
        assert_eq!(reply.json["error"]["code"], "invalid_request");
    }
    let huge = serde_json::json!({ "message": "a".repeat(70_000) }).to_string();
    let reply = client.send("POST", "/chat", Some("frank"), huge).await;
    assert_eq!(reply.status, 413);
    assert_eq!(
        client.send("GET", "/nope", Some("frank"), "").await.status,
        404
    );
    assert_eq!(
        client.send("GET", "/chat", Some("frank"), "").await.status,
        405
    );
    assert_eq!(client.send("GET", "/healthz", None, "").await.status, 200);
    // A session path without an id (its prefix and suffix overlap) is a 400, not a crash.
    for path in ["/sessions/messages", "/sessions//messages"] {
        let reply = client.send("GET", path, Some("frank"), "").await;
        assert_eq!(reply.status, 400, "{path}");
        assert_eq!(reply.json["error"]["code"], "invalid_request");
    }
}

/// An oversized body is answered 413 every time, on a fresh connection or a kept-alive one, with its
/// length declared or chunked: the server reads what the guard left unread before it answers, so the
/// client never meets a connection reset instead of the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_every_time() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let bedrock = BedrockStandIn::start().await;
    let server = start_chat(Config::default(), &bedrock.url, AuthMode::DevUser).await;
    let client = Client::new(&server.url);
    let huge = serde_json::json!({ "message": "a".repeat(70_000) }).to_string();
    for round in 0..100 {
        let reply = client
            .send("POST", "/chat", Some("frank"), huge.clone())
            .await;
        assert_eq!(reply.status, 413, "round {round}: {reply:?}");
        assert_eq!(reply.json["error"]["code"], "payload_too_large");
        // The connection stays usable: the next request on it is answered.
        let hello = client.chat("frank", "hello", None).await;
        assert_eq!(hello.status, 200, "round {round}: {hello:?}");
    }

    // On fresh connections, over raw TCP: a body of 1 MiB with its length declared (the guard answers
    // without reading any of it), and 192 KiB chunked with no length (the guard stops at its limit).
    let address = server.url.trim_start_matches("http://").to_owned();
    let head = "POST /chat HTTP/1.1\r\nhost: localhost\r\nx-frugal-user: frank\r\n\
                content-type: application/json\r\nconnection: close\r\n";
    let message = "a".repeat(1 << 20);
    let declared = format!(
        "{head}content-length: {}\r\n\r\n{{\"message\": \"{message}\"}}",
        message.len() + 15
    );
    let chunk = "a".repeat(16 * 1024);
    let mut chunked =
        format!("{head}transfer-encoding: chunked\r\n\r\ne\r\n{{\"message\": \"a\r\n");
    for _ in 0..12 {
        chunked.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    chunked.push_str("2\r\n\"}\r\n0\r\n\r\n");
    for round in 0..20 {
        for request in [&declared, &chunked] {
            let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
            let written = stream.write_all(request.as_bytes()).await;
            let mut answer = Vec::new();
            let read = stream.read_to_end(&mut answer).await;
            let answer = String::from_utf8_lossy(&answer);
            assert!(
                written.is_ok() && read.is_ok(),
                "round {round}: {written:?} {read:?} after {answer:?}"
            );
            assert!(
                answer.starts_with("HTTP/1.1 413"),
                "round {round}: {answer}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_insecure_flag_the_user_header_is_ignored() {
    let bedrock = BedrockStandIn::start().await;
    let server = start_chat(Config::default(), &bedrock.url, AuthMode::DevUser).await;
    let client = Client::new(&server.url);
    let first = client.chat("mallory", "remember 42", None).await;
    assert_eq!(first.status, 200);
    let session = first.json["session_id"].as_str().unwrap().to_owned();
    // Stored under the dev user `local`, whatever header was sent.
    let as_other = client
        .send(
            "GET",
            &format!("/sessions/{session}/messages"),
            Some("someone-else"),
            "",
        )
        .await;
    assert_eq!(as_other.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_with_its_history_in_memory_builds_bedrocks_client_alone() {
    let bedrock = BedrockStandIn::start().await;
    let server = start_chat(Config::default(), &bedrock.url, AuthMode::DevUser).await;
    let client = Client::new(&server.url);
    let answer = client.chat("local", "What is Rust?", None).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json["source"], "model");
    let aws = server.chat.aws();
    assert!(aws.is_bedrock_built());
    assert!(
        !aws.is_dynamodb_built(),
        "nothing asked DynamoDB for anything: its client is not built"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_model_still_serves_small_talk_and_explains_itself() {
    // Memory history; nothing listens on the model endpoint.
    let server = start_chat(Config::default(), "http://127.0.0.1:9", AuthMode::DevUser).await;
    let client = Client::new(&server.url);
    assert_eq!(
        client.chat("local", "thanks!", None).await.json["source"],
        "smalltalk"
    );
    let reply = client.chat("local", "What is Rust?", None).await;
    assert_eq!(reply.status, 502);
    assert!(
        reply.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("configure Bedrock"),
        "{reply:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_allowed_origins_get_cors_headers() {
    let bedrock = BedrockStandIn::start().await;
    let config = Config {
        allowed_origins: vec![http::HeaderValue::from_static("https://chat.example.com")],
        ..Config::default()
    };
    let server = start_chat(config, &bedrock.url, AuthMode::InsecureHeader).await;
    let client = Client::new(&server.url);
    let body = r#"{"message":"Hello!"}"#;

    let allowed = client
        .send_with_headers(
            "POST",
            "/chat",
            Some("erin"),
            &[("origin", "https://chat.example.com")],
            body,
        )
        .await;
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.headers["access-control-allow-origin"],
        "https://chat.example.com"
    );
    let exposed = allowed.headers["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("x-frugal-cost-usd"), "{exposed}");
    assert!(allowed.headers["vary"].to_str().unwrap().contains("origin"));

    for origin in ["https://evil.example.com", "http://localhost:3000"] {
        let other = client
            .send_with_headers("POST", "/chat", Some("erin"), &[("origin", origin)], body)
            .await;
        assert!(
            !other.headers.contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }

    let preflight = client
        .send_with_headers(
            "OPTIONS",
            "/chat",
            None,
            &[
                ("origin", "https://chat.example.com"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type, authorization",
                ),
            ],
            "",
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.headers["access-control-allow-origin"],
        "https://chat.example.com"
    );
    assert_eq!(bedrock.calls(), 0);
}

/// A conversation's first message reads no history: its session id was drawn for it, so there is
/// nothing to read. Counted on the wire, between the SDK and the emulator: no `Query` for the first
/// turn, one for the next, whose prompt carries the first turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_conversation_reads_no_history_and_a_continued_one_does() {
    frugal_tests::require_emulator!();
    let frugal_tests::ProxiedStack {
        bedrock,
        proxy,
        client,
        ..
    } = frugal_tests::start_proxied_stack("firstturn", 1).await;

    let first = client
        .chat("erin", "What is the capital of France?", None)
        .await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(first.json["turn"], 1, "{first:?}");
    assert_eq!(
        proxy.count("Query"),
        0,
        "a new conversation has no history to read"
    );
    assert_eq!(proxy.count("PutItem"), 1);

    let session = first.json["session_id"].as_str().expect("a session id");
    let next = client.chat("erin", "And of Spain?", Some(session)).await;
    assert_eq!(next.status, 200, "{next:?}");
    assert_eq!(next.json["turn"], 2, "{next:?}");
    assert_eq!(
        proxy.count("Query"),
        1,
        "a continued conversation reads its history"
    );
    let received = bedrock.received();
    let prompt = &received.last().expect("the second model call").body;
    assert!(
        prompt
            .to_string()
            .contains("What is the capital of France?"),
        "the second prompt carries the first turn: {prompt}"
    );

    // A session id the client makes up is read like any other (it may hold turns).
    let made_up = client
        .chat("erin", "What is the tallest mountain?", Some("my-own-id"))
        .await;
    assert_eq!(made_up.status, 200, "{made_up:?}");
    assert_eq!(proxy.count("Query"), 2);
}

/// A conversation's first message builds the DynamoDB client while the model answers, not after the
/// answer came: with a model that takes two seconds, the client is there long before the reply.
async fn history_client_is_built_during_the_model_call(streamed: bool) {
    let (bedrock, client, server, _table) = frugal_tests::start_stack("overlap").await;
    bedrock.set_latency(Duration::from_secs(2));
    let chat = server.chat.clone();
    let aws = chat.aws();
    assert!(!aws.is_dynamodb_built());
    let question = "What is the capital of France?";
    let asked = tokio::spawn(async move {
        if streamed {
            let reply = client.chat_stream("frank", question, None).await;
            (reply.status, reply.last().data.clone())
        } else {
            let reply = client.chat("frank", question, None).await;
            (reply.status, reply.json)
        }
    });
    let waited = std::time::Instant::now();
    while !aws.is_dynamodb_built() && waited.elapsed() < Duration::from_millis(1500) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        aws.is_dynamodb_built() && !asked.is_finished(),
        "the DynamoDB client is built during the model call (streamed: {streamed})"
    );
    let (status, reply) = asked.await.expect("the request task");
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["turn"], 1, "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_client_is_built_while_the_model_answers() {
    frugal_tests::require_emulator!();
    history_client_is_built_during_the_model_call(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_client_is_built_while_the_model_starts_a_stream() {
    frugal_tests::require_emulator!();
    history_client_is_built_during_the_model_call(true).await;
}
