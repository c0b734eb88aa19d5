//! Init is the time until the process is ready, not until its first request: a local server whose
//! first greeting comes a second after it started reports a few milliseconds of init and a greeting's
//! cost, not a second of billed init.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use frugal_bench::runtime_api::KillOnDrop;

#[test]
fn idle_time_before_the_first_request_is_not_init() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frugal-chat"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_clear()
        .env("FRUGAL_HISTORY_STORE", "memory")
        .env("AWS_REGION", "us-east-1")
        .env("FRUGAL_ARCHITECTURE", "arm64")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the local server");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let _child = KillOnDrop(child);
    let address = loop {
        let line = lines.next().expect("a line").expect("UTF-8");
        if let Some(url) = line.split("listening on http://").nth(1) {
            break url.trim().to_owned();
        }
    };
    std::thread::sleep(Duration::from_secs(1));
    let body = r#"{"message":"Hello!"}"#;
    let mut socket = TcpStream::connect(&address).expect("connect");
    write!(
        socket,
        "POST /chat HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut reply = String::new();
    socket.read_to_string(&mut reply).expect("read");
    assert!(reply.contains("\"source\":\"smalltalk\""), "{reply}");
    let emf: serde_json::Value = loop {
        let line = lines.next().expect("an EMF line").expect("UTF-8");
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
            if value.get("_aws").is_some() {
                break value;
            }
        }
    };
    let init = emf["InitDuration"]
        .as_f64()
        .expect("a cold start reports its init");
    assert!(init < 500.0, "the idle second counted as init: {emf}");
    // A greeting at 256 MB: the request fee, a few ms of duration and the ingestion of its log lines,
    // about $0.000001 (a second of init would add $0.000004).
    let cost = emf["EstimatedCost"].as_f64().unwrap();
    assert!(cost < 0.000_001_5, "{emf}");
}
