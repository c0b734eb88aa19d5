//! The operator's small-talk file (`FRUGAL_SMALL_TALK_FILE`) in the real binary under a local Lambda
//! Runtime API: a bad file stops the process before it polls for work, naming the file and the line;
//! a good one answers its FAQ rules and phrases without a model or a store.

use std::process::Command;
use std::time::Duration;

use frugal_bench::coldstart::lambda_env;
use frugal_bench::runtime_api::{http_api_chat_event, invoke_bootstrap, RuntimeApi};

const FILE: &str = r#"
[phrases.en]
greeting = ["hey {frugal|frugalbot}"]

[replies.en]
greeting = "Hi from the operator!"

[[rules]]
name = "hours"
pattern = "(what are|when are) (your|the) opening hours"
reply = "We are open 9:00-17:00."
"#;

#[test]
fn a_bad_small_talk_file_stops_the_process_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("small-talk.toml");
    std::fs::write(
        &bad,
        "[[rules]]\nname = \"x\"\npattern = \"(unclosed\"\nreply = \"x\"\n",
    )
    .expect("write");
    for (path, expected) in [
        (bad.display().to_string(), ":3: bad pattern"),
        (
            dir.path().join("missing.toml").display().to_string(),
            "cannot read it",
        ),
    ] {
        let api = RuntimeApi::start(vec![http_api_chat_event("Hello!")]).expect("Runtime API");
        let output = Command::new(env!("CARGO_BIN_EXE_frugal-chat"))
            .env_clear()
            .envs(lambda_env(&api.address.to_string(), 256))
            .env("FRUGAL_HISTORY_STORE", "memory")
            .env("FRUGAL_SMALL_TALK_FILE", &path)
            .output()
            .expect("run frugal-chat");
        assert!(!output.status.success(), "{path}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("FRUGAL_SMALL_TALK_FILE"), "{stderr}");
        assert!(
            stderr.contains(&format!("{path}{expected}")) || stderr.contains(expected),
            "{stderr}"
        );
        assert!(api.first_poll().is_none(), "stopped before serving");
    }
}

#[test]
fn operator_rules_and_phrases_answer_without_the_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("small-talk.toml");
    std::fs::write(&path, FILE).expect("write");
    let mut env = lambda_env("unused", 256);
    env.extend([
        ("FRUGAL_HISTORY_STORE".to_owned(), "memory".to_owned()),
        (
            "FRUGAL_SMALL_TALK_FILE".to_owned(),
            path.display().to_string(),
        ),
        // Nothing listens here: a model call would fail, so an answer proves none was made.
        (
            "AWS_ENDPOINT_URL".to_owned(),
            "http://127.0.0.1:9".to_owned(),
        ),
    ]);
    let responses = invoke_bootstrap(
        env!("CARGO_BIN_EXE_frugal-chat"),
        &env,
        &["When are your opening hours?", "Hey FrugalBot!", "Merci !"],
        Duration::from_secs(30),
    );
    let bodies: Vec<serde_json::Value> = responses
        .iter()
        .map(|r| {
            assert_eq!(r["statusCode"], 200, "{r}");
            serde_json::from_str(r["body"].as_str().expect("a body")).expect("JSON body")
        })
        .collect();
    assert_eq!(bodies[0]["reply"], "We are open 9:00-17:00.");
    assert_eq!(bodies[0]["source"], "smalltalk");
    assert_eq!(bodies[1]["reply"], "Hi from the operator!");
    assert_eq!(bodies[2]["reply"], "Avec plaisir ! Autre chose ?");
}
