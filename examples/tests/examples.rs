//! The examples run as their users run them: the Lambda ones as real processes under a local Lambda
//! Runtime API, the hyper one on a real socket. And the README's Rust block is the `lambda_stack`
//! example, character for character.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frugal_bench::runtime_api::{invoke_bootstrap, spawn_bootstrap, KillOnDrop};

/// Runs a Lambda example under a local Runtime API and returns the API Gateway responses it posted.
fn invoke(binary: &str, messages: &[&str]) -> Vec<serde_json::Value> {
    let env: Vec<(String, String)> = [
        ("AWS_LAMBDA_FUNCTION_NAME", "example"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_REGION", "us-east-1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    invoke_bootstrap(binary, &env, messages, Duration::from_secs(20))
}

fn body(response: &serde_json::Value) -> serde_json::Value {
    let text = response["body"].as_str().expect("a body");
    serde_json::from_str(text).expect("a JSON body")
}

#[test]
fn readme_example_is_the_lambda_stack_example() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("read README.md");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/bin/lambda_stack.rs"
    ))
    .expect("read the example");
    let start = readme.find("```rust").expect("a Rust block in the README");
    let code_start = start + readme[start..].find('\n').expect("a newline") + 1;
    let code_end = code_start
        + readme[code_start..]
            .find("```")
            .expect("the end of the block");
    let code = &readme[code_start..code_end];
    // The example file starts with its one-line doc comment; the README says it in prose.
    let example_code = example.split_once('\n').map_or("", |(_, rest)| rest);
    assert_eq!(
        code, example_code,
        "README block and examples/src/bin/lambda_stack.rs differ"
    );
    let lines = example_code
        .lines()
        .skip_while(|l| !l.starts_with("async fn main"))
        .take_while(|l| !l.contains("lambda_http::run"))
        .count();
    assert!(
        lines <= 4,
        "{lines} lines between main and lambda_http::run"
    );
}

#[test]
fn lambda_stack_answers_small_talk_and_calls_the_handler_for_questions() {
    let responses = invoke(
        env!("CARGO_BIN_EXE_lambda_stack"),
        &["Hello there!", "What is DynamoDB?", ""],
    );
    assert_eq!(responses.len(), 3);
    let greeting = body(&responses[0]);
    assert_eq!(greeting["source"], "smalltalk");
    assert_eq!(responses[0]["statusCode"], 200);
    let answer = body(&responses[1]);
    assert_eq!(answer["source"], "model");
    assert_eq!(answer["reply"], "You asked: What is DynamoDB?");
    assert_eq!(answer["usage"]["input_tokens"], 12);
    assert!(answer["cost_usd"].as_f64().unwrap_or(0.0) > 0.0, "{answer}");
    assert_eq!(responses[2]["statusCode"], 400);
    assert_eq!(body(&responses[2])["error"]["code"], "invalid_request");
}

#[test]
fn custom_replies_are_served() {
    let responses = invoke(
        env!("CARGO_BIN_EXE_custom_replies"),
        &["hi", "Guten Tag!", "thanks a lot", "where is my parcel?"],
    );
    let replies: Vec<String> = responses
        .iter()
        .map(|r| body(r)["reply"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(replies[0].starts_with("Hi! I'm Parcel"), "{replies:?}");
    assert!(
        replies[1].starts_with("Hallo! Ich bin Parcel"),
        "{replies:?}"
    );
    assert!(replies[2].starts_with("Glad I could help"), "{replies:?}");
    assert_eq!(replies[3], "Let me check that order for you.");
}

#[test]
fn metrics_layer_alone_on_hyper_adds_headers_and_one_emf_line_per_request() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("pick a port");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let child = Command::new(env!("CARGO_BIN_EXE_metrics_on_hyper"))
        .env("LISTEN", address.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the example");
    let mut child = KillOnDrop(child);
    let started = Instant::now();
    let mut stream = loop {
        match TcpStream::connect(address) {
            Ok(stream) => break stream,
            Err(_) if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(e) => panic!("the example never listened: {e}"),
        }
    };
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("x-frugal-cold-start: true"), "{response}");
    assert!(response.contains("x-frugal-cost-usd:"), "{response}");
    assert!(response.ends_with("hello\n"), "{response}");
    let _ = child.0.kill();
    let mut stdout = String::new();
    if let Some(mut out) = child.0.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    let emf = stdout
        .lines()
        .find(|l| l.starts_with("{\"_aws\""))
        .expect("an EMF line on stdout");
    let line: serde_json::Value = serde_json::from_str(emf).expect("EMF is JSON");
    assert_eq!(line["ColdStart"], 1);
    assert_eq!(line["service"], "hello");
}

#[test]
fn lambda_streaming_streams_answers_through_the_runtime_apis_streaming_protocol() {
    use frugal_bench::runtime_api::{rest_api_chat_event, RuntimeApi};
    let sse = [("accept", "text/event-stream")];
    let api = RuntimeApi::start(vec![
        rest_api_chat_event("Hello there!", &sse),
        rest_api_chat_event("What is DynamoDB?", &sse),
        rest_api_chat_event("What is DynamoDB?", &[]),
    ])
    .expect("Runtime API");
    let _child = spawn_bootstrap(
        env!("CARGO_BIN_EXE_lambda_streaming"),
        [
            ("AWS_LAMBDA_FUNCTION_NAME", "example"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_LAMBDA_RUNTIME_API", &api.address.to_string()),
            ("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true"),
        ],
    );
    let posted = api.wait_posted(3, Duration::from_secs(20));
    assert_eq!(posted.len(), 3);
    let bodies: Vec<String> = posted
        .iter()
        .map(|p| {
            assert!(p.streamed, "not streamed");
            let (_, body) = p.streamed_parts().expect("prelude and body");
            String::from_utf8(body.to_vec()).expect("UTF-8")
        })
        .collect();
    assert!(
        bodies[0].contains("\"source\":\"smalltalk\""),
        "{}",
        bodies[0]
    );
    assert_eq!(
        bodies[1].matches("event: delta").count(),
        5,
        "{}",
        bodies[1]
    );
    assert!(bodies[1].contains("event: done"));
    let done = bodies[1]
        .split("event: done\ndata: ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .expect("a done event");
    let done: serde_json::Value = serde_json::from_str(done).expect("JSON");
    assert!(
        done["cost_usd"].as_f64().unwrap_or(0.0) > 0.0,
        "the metrics layer priced it: {done}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&bodies[2]).expect("JSON without the header");
    assert_eq!(json["reply"], "You asked: What is DynamoDB?");
}
