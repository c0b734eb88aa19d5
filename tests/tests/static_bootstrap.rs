//! The static bootstrap (`cargo build --release --target x86_64-unknown-linux-musl -p frugal-chat`;
//! bench/README.md, "Step 9"), run as Lambda runs it: it must be a statically linked,
//! position-dependent executable, answer a greeting, verify a TLS endpoint's certificate against
//! the authority named by `SSL_CERT_FILE` or `AWS_CA_BUNDLE`, refuse one it cannot verify, and keep
//! a conversation's history in DynamoDB (the stand-in's; its host name resolved by musl's resolver).
//!
//! With the AWS emulator (`FRUGAL_TEST_AWS_ENDPOINT`, as `scripts/test.sh` runs it), the history is
//! also kept in its DynamoDB, over the real wire protocol: a second cold start continues the
//! conversation the first one stored.
//!
//! `scripts/test.sh` builds that binary and names it in `FRUGAL_STATIC_BOOTSTRAP`; without the
//! variable (the musl target not installed) the test says so and checks nothing. It then runs the
//! test again on the arm64 bootstrap `sam build` makes for the SAM template
//! (infra/chat-function/Makefile), under the emulator named by `FRUGAL_STATIC_BOOTSTRAP_RUNNER`
//! (`qemu-aarch64`) on other hosts.

use std::time::Duration;

use frugal_bench::elf::{elf_type, has_interpreter, ET_EXEC};
use frugal_bench::runtime_api::{
    assert_stand_in_answer, invoke_chat as invoke, invoke_chat_requests,
};
use frugal_bench::stand_in::start_with;
use frugal_bench::tls::LocalPki;

fn static_bootstrap() -> Option<String> {
    let path = std::env::var("FRUGAL_STATIC_BOOTSTRAP")
        .ok()
        .filter(|p| !p.is_empty());
    if path.is_none() {
        eprintln!(
            "FRUGAL_STATIC_BOOTSTRAP is not set: the static bootstrap is not checked (scripts/test.sh builds it)"
        );
    }
    path
}

#[test]
fn the_static_bootstrap_is_static_and_serves_greetings_and_questions_over_tls() {
    let Some(binary) = static_bootstrap() else {
        return;
    };
    let bytes = std::fs::read(&binary).expect("read the static bootstrap");
    assert_eq!(
        (elf_type(&bytes), has_interpreter(&bytes)),
        (Some(ET_EXEC), Some(false)),
        "{binary}: expected a position-dependent executable (ET_EXEC) without a dynamic loader"
    );

    // Under an emulator: a script that runs the bootstrap with it.
    let runner = std::env::var("FRUGAL_STATIC_BOOTSTRAP_RUNNER")
        .ok()
        .filter(|r| !r.is_empty());
    let scripts = tempfile::tempdir().expect("a temporary folder");
    let binary = match runner {
        None => binary,
        Some(runner) => {
            use std::os::unix::fs::PermissionsExt;
            let script = scripts.path().join("bootstrap");
            std::fs::write(&script, format!("#!/bin/sh\nexec {runner} '{binary}'\n"))
                .expect("write the runner script");
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
                .expect("make the runner script executable");
            script.display().to_string()
        }
    };

    let pki = LocalPki::new().expect("a local certificate authority");
    let stand_in = start_with(Duration::ZERO, Some(pki.server.clone())).expect("TLS stand-in");
    let endpoints = vec![
        ("AWS_ENDPOINT_URL".to_owned(), stand_in.url(true)),
        ("FRUGAL_TABLE_NAME".to_owned(), "frugal-test".to_owned()),
    ];

    let greeting = invoke(&binary, &endpoints, &["Hello!"]);
    assert_eq!(greeting[0].0, 200, "{}", greeting[0].1);
    assert_eq!(greeting[0].1["source"], "smalltalk", "{}", greeting[0].1);
    assert_eq!(stand_in.connections(), 0, "a greeting opens no connection");

    for variable in ["SSL_CERT_FILE", "AWS_CA_BUNDLE"] {
        let mut env = endpoints.clone();
        env.push((variable.to_owned(), pki.ca_only.display().to_string()));
        let answers = invoke(&binary, &env, &["What is the capital of France?"]);
        assert_stand_in_answer(&answers[0], variable);
    }

    // Without the authority the stand-in's certificate cannot be verified: the request fails.
    let refused = invoke(&binary, &endpoints, &["What is the capital of France?"]);
    let (status, body) = &refused[0];
    assert!(
        *status == 502 || *status == 503,
        "an untrusted endpoint must fail the request: {status} {body}"
    );

    if std::env::var_os("FRUGAL_TEST_AWS_ENDPOINT").is_some() {
        history_in_the_emulators_dynamodb(&binary, &stand_in.url(true), &pki.ca_only);
    }
}

/// Two cold starts of the bootstrap, Bedrock on the TLS stand-in and the history in the emulator's
/// DynamoDB, through the fault proxy that counts its operations: the first stores turn 1 without a
/// query, the second reads it back (one `Query`) and stores turn 2 at the first try (two `PutItem`s in
/// all; a third would be a write that found its slot taken), and the table holds both turns.
fn history_in_the_emulators_dynamodb(binary: &str, bedrock: &str, ca: &std::path::Path) {
    // Worker threads serve the proxy while this thread waits for the bootstrap.
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let client = runtime.block_on(frugal_tests::dynamodb_client());
    let table = runtime.block_on(frugal_tests::create_table(&client, "static-bootstrap"));
    let proxy = runtime.block_on(frugal_tests::proxy::FaultProxy::start(
        &frugal_tests::emulator_endpoint(),
    ));
    let env = vec![
        (
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME".to_owned(),
            bedrock.to_owned(),
        ),
        ("AWS_ENDPOINT_URL_DYNAMODB".to_owned(), proxy.url.clone()),
        ("FRUGAL_TABLE_NAME".to_owned(), table.clone()),
        ("SSL_CERT_FILE".to_owned(), ca.display().to_string()),
    ];
    let first = invoke(binary, &env, &["What is the capital of France?"]);
    assert_stand_in_answer(&first[0], "first cold start, history in the emulator");
    assert_eq!(first[0].1["turn"], 1, "{}", first[0].1);
    let session = first[0].1["session_id"].clone();

    let request = serde_json::json!({ "message": "And of Spain?", "session_id": session });
    let second = invoke_chat_requests(binary, &env, &[request]);
    assert_stand_in_answer(&second[0], "second cold start, same session");
    assert_eq!(
        second[0].1["turn"], 2,
        "a fresh process continues the stored conversation: {}",
        second[0].1
    );
    assert_eq!(second[0].1["session_id"], session, "{}", second[0].1);
    assert_eq!(
        (proxy.count("Query"), proxy.count("PutItem")),
        (1, 2),
        "the second cold start read the history and wrote turn 2 at the first try"
    );

    let items = runtime
        .block_on(client.scan().table_name(&table).send())
        .expect("scan the history table");
    let turns = items
        .items()
        .iter()
        .filter(|item| {
            item.get("sk")
                .and_then(|sk| sk.as_s().ok())
                .is_some_and(|sk| sk.bytes().all(|b| b.is_ascii_digit()))
        })
        .count();
    assert_eq!(turns, 2, "both turns stored: {:?}", items.items());
}
