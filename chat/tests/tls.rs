//! The real binary on the real path: Bedrock and DynamoDB behind TLS (a local certificate authority,
//! a `localhost` leaf), certificates verified against the trust store the process is given.
//! Also the cold-start promise of the README: a greeting opens no connection at all.

use std::process::Command;
use std::time::Duration;

use frugal_bench::coldstart::lambda_env;
use frugal_bench::runtime_api::{
    assert_stand_in_answer, http_api_chat_event, invoke_chat, RuntimeApi,
};
use frugal_bench::stand_in::{start_with, StandIn};
use frugal_bench::tls::LocalPki;

/// Runs the bootstrap under a local Runtime API with `env` on top of Lambda's, sends `messages`, and
/// returns each answer's status and JSON body.
fn invoke(env: &[(String, String)], messages: &[&str]) -> Vec<(u64, serde_json::Value)> {
    invoke_chat(env!("CARGO_BIN_EXE_frugal-chat"), env, messages)
}

fn endpoints(stand_in: &StandIn) -> Vec<(String, String)> {
    vec![
        ("AWS_ENDPOINT_URL".to_owned(), stand_in.url(true)),
        ("FRUGAL_TABLE_NAME".to_owned(), "frugal-test".to_owned()),
    ]
}

fn tls_stand_in() -> (LocalPki, StandIn) {
    let pki = LocalPki::new().expect("a local certificate authority");
    let stand_in = start_with(Duration::ZERO, Some(pki.server.clone())).expect("TLS stand-in");
    (pki, stand_in)
}

#[test]
fn model_answers_over_tls_with_the_authority_from_ssl_cert_file_ssl_cert_dir_or_aws_ca_bundle() {
    let (pki, stand_in) = tls_stand_in();
    let path = pki.trust_store.display().to_string();
    // A folder holding only the authority (as `ca.pem`) and the bundle.
    let folder = pki
        .ca_only
        .parent()
        .expect("a folder")
        .display()
        .to_string();
    let ca_only = pki.ca_only.display().to_string();
    for (variable, path) in [
        ("SSL_CERT_FILE", path.clone()),
        ("SSL_CERT_FILE", ca_only.clone()),
        ("SSL_CERT_DIR", folder),
        ("AWS_CA_BUNDLE", ca_only),
        ("AWS_CA_BUNDLE", path),
    ] {
        let mut env = endpoints(&stand_in);
        env.push((variable.to_owned(), path.clone()));
        let answers = invoke(&env, &["What is the capital of France?"]);
        assert_stand_in_answer(&answers[0], variable);
    }
}

#[test]
fn a_certificate_from_an_unknown_authority_is_refused() {
    let (_pki, stand_in) = tls_stand_in();
    // The system trust store alone: the local authority is not in it.
    let answers = invoke(&endpoints(&stand_in), &["What is the capital of France?"]);
    let (status, body) = &answers[0];
    assert!(
        *status == 502 || *status == 503,
        "an untrusted endpoint must fail the request: {status} {body}"
    );
    assert!(body["error"]["code"].is_string(), "{body}");
    // One handshake: a certificate the verifier refuses is not retried.
    assert_eq!(
        stand_in.connections(),
        1,
        "the handshake was attempted once"
    );
}

#[test]
fn a_greeting_cold_start_opens_no_connection() {
    let (pki, stand_in) = tls_stand_in();
    let mut env = endpoints(&stand_in);
    env.extend(pki.client_env("SSL_CERT_FILE"));
    // Were credentials looked up through the container provider, they would come from here too.
    env.push((
        "AWS_CONTAINER_CREDENTIALS_FULL_URI".to_owned(),
        format!("http://{}/credentials", stand_in.address),
    ));
    let answers = invoke(&env, &["Hello!", "Thanks a lot!"]);
    assert!(answers
        .iter()
        .all(|(status, body)| *status == 200 && body["source"] == "smalltalk"));
    assert_eq!(
        stand_in.connections(),
        0,
        "a greeting must not open a TLS connection (nor fetch credentials)"
    );
    // A model question, by contrast, does connect: the check above can fail.
    let answers = invoke(&env, &["Hello!", "What is the capital of France?"]);
    assert_eq!(answers[1].0, 200, "{}", answers[1].1);
    assert!(stand_in.connections() > 0);
}

#[test]
fn a_bad_aws_ca_bundle_stops_the_process_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_pem = dir.path().join("bundle.pem");
    std::fs::write(&not_pem, "not a certificate").expect("write");
    for path in [
        not_pem.display().to_string(),
        dir.path().join("missing.pem").display().to_string(),
    ] {
        let api = RuntimeApi::start(vec![http_api_chat_event("Hello!")]).expect("Runtime API");
        let output = Command::new(env!("CARGO_BIN_EXE_frugal-chat"))
            .env_clear()
            .envs(lambda_env(&api.address.to_string(), 256))
            .env("FRUGAL_TABLE_NAME", "frugal-test")
            .env("AWS_CA_BUNDLE", &path)
            .output()
            .expect("run frugal-chat");
        assert!(!output.status.success(), "{path}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("AWS_CA_BUNDLE"), "{path}: {stderr}");
        assert!(api.first_poll().is_none(), "stopped before serving");
    }
}
