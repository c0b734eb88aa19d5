//! The static bootstrap (`cargo build --release --target x86_64-unknown-linux-musl -p frugal-chat`;
//! bench/README.md, "Step 9"), run as Lambda runs it: it must be a statically linked,
//! position-dependent executable, answer a greeting, verify a TLS endpoint's certificate against
//! the authority named by `SSL_CERT_FILE` or `AWS_CA_BUNDLE`, refuse one it cannot verify, and keep
//! a conversation's history in DynamoDB (the stand-in's; its host name resolved by musl's resolver).
//!
//! `scripts/test.sh` builds that binary and names it in `FRUGAL_STATIC_BOOTSTRAP`; without the
//! variable (the musl target not installed) the test says so and checks nothing. A bootstrap for
//! another architecture runs under an emulator named by `FRUGAL_STATIC_BOOTSTRAP_RUNNER`, e.g. the
//! arm64 one under `qemu-aarch64` (infra/README.md).

use std::time::Duration;

use frugal_bench::elf::{elf_type, has_interpreter, ET_EXEC};
use frugal_bench::runtime_api::{assert_stand_in_answer, invoke_chat as invoke};
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
}
