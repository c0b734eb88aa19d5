//! Time to the first words and to the whole answer, streamed vs buffered, through the release
//! `frugal-chat` the way users run it: the local server (`frugal-chat serve`, a client on loopback)
//! and Lambda (the bootstrap under the local Runtime API, REST API events, `FRUGAL_RESPONSE_MODE`
//! `streaming` or `buffered`). The ConverseStream stand-in answers 60 words at a model's pace: a
//! first token after 250 ms, then one word every 15 ms (its Converse, for the JSON rows, answers
//! after the same total time). Warm processes; the first request of each
//! process is left out. Reported as min / median / max in ms.
//!
//!     cargo bench -p frugal-bench --bench streaming

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frugal_bench::coldstart::{lambda_env, Spread};
use frugal_bench::runtime_api::{rest_api_chat_event, spawn_bootstrap, KillOnDrop, RuntimeApi};
use frugal_bench::stand_in::{start_paced, Pace};

const RUNS: usize = 15;
const FIRST_TOKEN: Duration = Duration::from_millis(250);
const PER_WORD: Duration = Duration::from_millis(15);
const QUESTION: &str = "How do lighthouses work?";

fn release_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["build", "--release", "-p", "frugal-chat"])
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "building the release frugal-chat failed"
    );
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("release/frugal-chat")
}

struct Timing {
    first: Vec<Duration>,
    total: Vec<Duration>,
}

/// One `POST /chat` to the local server; returns (first delta or first body byte, whole answer).
fn local_request(address: &str, event_stream: bool) -> (Duration, Duration) {
    let body = format!("{{\"message\":\"{QUESTION}\"}}");
    let accept = if event_stream {
        "text/event-stream"
    } else {
        "application/json"
    };
    let request = format!(
        "POST /chat HTTP/1.1\r\nhost: {address}\r\naccept: {accept}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let started = Instant::now();
    let mut socket = TcpStream::connect(address).expect("connect to the local server");
    let _ = socket.set_nodelay(true);
    socket.write_all(request.as_bytes()).expect("send");
    let mut seen = Vec::new();
    let mut first = None;
    let mut buffer = [0u8; 8192];
    loop {
        let n = socket.read(&mut buffer).expect("read");
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buffer[..n]);
        if first.is_none() {
            let marker: &[u8] = if event_stream {
                b"event: delta"
            } else {
                b"\r\n\r\n{"
            };
            if seen.windows(marker.len()).any(|w| w == marker) {
                first = Some(started.elapsed());
            }
        }
    }
    let total = started.elapsed();
    let text = String::from_utf8_lossy(&seen);
    assert!(
        text.contains("\"source\":\"model\""),
        "not a model answer: {text}"
    );
    (first.unwrap_or(total), total)
}

fn local_server(binary: &Path, stand_in: &str, event_stream: bool) -> Timing {
    let mut child = Command::new(binary)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_clear()
        .envs([
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "bench"),
            ("AWS_SECRET_ACCESS_KEY", "bench"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_ENDPOINT_URL", stand_in),
            ("FRUGAL_HISTORY_STORE", "memory"),
            ("FRUGAL_CACHE_SCOPE", "off"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start frugal-chat serve");
    let stdout = child.stdout.take().expect("stdout");
    let _child = KillOnDrop(child);
    let mut line = String::new();
    let mut lines = BufReader::new(stdout);
    while !line.contains("listening on http://") {
        line.clear();
        assert!(
            lines.read_line(&mut line).unwrap_or(0) > 0,
            "the server did not start"
        );
    }
    let address = line
        .rsplit("http://")
        .next()
        .map(str::trim)
        .expect("an address")
        .to_owned();
    let _ = local_request(&address, event_stream);
    let (first, total) = (0..RUNS)
        .map(|_| local_request(&address, event_stream))
        .unzip();
    Timing { first, total }
}

fn lambda(binary: &Path, stand_in: &str, mode: &str) -> Timing {
    let events = (0..=RUNS)
        .map(|_| rest_api_chat_event(QUESTION, &[("accept", "text/event-stream")]))
        .collect();
    let api = RuntimeApi::start(events).expect("Runtime API");
    let mut env = lambda_env(&api.address.to_string(), 1769);
    env.extend(
        [
            ("FRUGAL_RESPONSE_MODE", mode),
            ("FRUGAL_HISTORY_STORE", "memory"),
            ("FRUGAL_CACHE_SCOPE", "off"),
            ("AWS_ENDPOINT_URL", stand_in),
            ("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let _child = spawn_bootstrap(binary, env);
    let posted = api.wait_posted(RUNS + 1, Duration::from_secs(120));
    assert_eq!(
        posted.len(),
        RUNS + 1,
        "the bootstrap did not answer every event"
    );
    let served = api.served();
    let mut timing = Timing {
        first: Vec::new(),
        total: Vec::new(),
    };
    for (response, sent) in posted.iter().zip(&served).skip(1) {
        let first = if response.streamed {
            response.body_bytes_at(1).expect("a body")
        } else {
            response.at
        };
        timing.first.push(first.duration_since(*sent));
        timing.total.push(response.at.duration_since(*sent));
    }
    timing
}

fn main() {
    let binary = release_binary();
    let pace = Pace {
        interval: PER_WORD,
        converse_writes_too: true,
    };
    let stand_in = start_paced(FIRST_TOKEN, pace, None)
        .expect("stand-in")
        .url(false);
    let rows = [
        (
            "local server, streamed (SSE)",
            local_server(&binary, &stand_in, true),
        ),
        (
            "local server, buffered (JSON)",
            local_server(&binary, &stand_in, false),
        ),
        (
            "Lambda, FRUGAL_RESPONSE_MODE=streaming",
            lambda(&binary, &stand_in, "streaming"),
        ),
        (
            "Lambda, FRUGAL_RESPONSE_MODE=buffered",
            lambda(&binary, &stand_in, "buffered"),
        ),
    ];
    println!(
        "stand-in: first token after {} ms, 60 words at {} ms each; {RUNS} warm requests per row",
        FIRST_TOKEN.as_millis(),
        PER_WORD.as_millis()
    );
    println!(
        "| path | first words (ms, min / median / max) | whole answer (ms, min / median / max) |"
    );
    println!("|---|---|---|");
    for (name, timing) in rows {
        println!(
            "| {name} | {} | {} |",
            Spread::of_ms(timing.first),
            Spread::of_ms(timing.total)
        );
    }
}
