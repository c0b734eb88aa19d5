//! `frugal-chat` with `FRUGAL_RESPONSE_MODE=streaming`, as Lambda runs it behind a REST API with
//! response streaming: the real binary under a local Runtime API that speaks the streaming response
//! protocol (a JSON prelude, eight NUL bytes, then the body, chunk by chunk), REST API (v1) events,
//! and the ConverseStream stand-in sending one word every few milliseconds.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use frugal_bench::coldstart::lambda_env;
use frugal_bench::runtime_api::{
    rest_api_chat_event, spawn_bootstrap, KillOnDrop, Posted, RuntimeApi,
};
use frugal_bench::stand_in::{start_paced, Pace, CONVERSE_ANSWER, STREAMED_ANSWER};

const SSE: (&str, &str) = ("accept", "text/event-stream");

/// Runs the bootstrap in `mode` for `events`; returns what it posted and its stdout (the EMF lines).
fn run(mode: &str, events: Vec<Vec<u8>>) -> (Vec<Posted>, String) {
    let pace = Pace {
        interval: Duration::from_millis(10),
        ..Pace::default()
    };
    let stand_in = start_paced(Duration::from_millis(20), pace, None).expect("stand-in");
    let count = events.len();
    let api = RuntimeApi::start(events).expect("Runtime API");
    let mut env = lambda_env(&api.address.to_string(), 256);
    env.extend([
        ("FRUGAL_RESPONSE_MODE".to_owned(), mode.to_owned()),
        ("FRUGAL_HISTORY_STORE".to_owned(), "memory".to_owned()),
        ("AWS_ENDPOINT_URL".to_owned(), stand_in.url(false)),
        ("FRUGAL_MAX_ATTEMPTS".to_owned(), "1".to_owned()),
        // As the SAM template sets it: REST API paths arrive with the stage (`/api/chat`).
        (
            "AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH".to_owned(),
            "true".to_owned(),
        ),
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_frugal-chat"))
        .env_clear()
        .envs(env)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the bootstrap");
    let stdout = child.stdout.take().expect("stdout");
    let child = KillOnDrop(child);
    let posted = api.wait_posted(count, Duration::from_secs(30));
    assert_eq!(posted.len(), count, "answered {} of {count}", posted.len());
    drop(child);
    let mut lines = String::new();
    let _ = { stdout }.read_to_string(&mut lines);
    (posted, lines)
}

fn body(posted: &Posted) -> (serde_json::Value, String) {
    assert!(posted.streamed, "not sent in the streaming protocol");
    let (prelude, body) = posted.streamed_parts().expect("prelude and body");
    (prelude, String::from_utf8(body.to_vec()).expect("UTF-8"))
}

#[test]
fn streaming_mode_streams_model_answers_and_delivers_short_buffered_bodies() {
    let (posted, stdout) = run(
        "streaming",
        vec![
            rest_api_chat_event("Hello!", &[]),
            rest_api_chat_event("Hello!", &[SSE]),
            rest_api_chat_event("How do lighthouses work?", &[SSE]),
            rest_api_chat_event("Please fail midway through this", &[SSE]),
            rest_api_chat_event("What is the capital of France?", &[]),
        ],
    );

    // A greeting as JSON: a short, whole body still arrives in full through the stream.
    let (prelude, json) = body(&posted[0]);
    assert_eq!(prelude["statusCode"], 200);
    assert_eq!(prelude["headers"]["content-type"], "application/json");
    let reply: serde_json::Value = serde_json::from_str(&json).expect("a JSON body");
    assert_eq!(reply["source"], "smalltalk", "{json}");
    assert!(!reply["reply"].as_str().unwrap_or_default().is_empty());

    // The same greeting as events: one delta, then done.
    let (prelude, events) = body(&posted[1]);
    assert_eq!(
        prelude["headers"]["content-type"],
        "text/event-stream; charset=utf-8"
    );
    assert!(events.starts_with("event: delta\n"), "{events}");
    assert!(
        events.contains("event: done\ndata: {\"session_id\""),
        "{events}"
    );

    // A model answer: the words leave the function as the model writes them.
    let model = &posted[2];
    let (prelude, events) = body(model);
    assert_eq!(prelude["statusCode"], 200);
    let deltas = events.matches("event: delta").count();
    assert!(deltas >= 50, "one delta per word, got {deltas}");
    let text: String = events
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("event: delta\ndata: "))
        .map(|d| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(text, STREAMED_ANSWER);
    assert!(
        events.ends_with("\n\n") && events.contains("event: done"),
        "{events}"
    );
    let first = model.body_bytes_at(1).expect("a first body byte");
    assert!(
        model.at.duration_since(first) >= Duration::from_millis(300),
        "the body arrived all at once ({:?} between first byte and end)",
        model.at.duration_since(first)
    );

    // A failure mid-answer: the deltas so far, then the error event; the tokens are still priced.
    let (_, events) = body(&posted[3]);
    assert_eq!(events.matches("event: delta").count(), 3, "{events}");
    assert!(events.ends_with("}\n\n"));
    assert!(
        events.contains("event: error\ndata: {\"code\":\"model_error\""),
        "{events}"
    );
    let emf: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .filter(|v: &serde_json::Value| v.get("_aws").is_some())
        .collect();
    assert_eq!(emf.len(), 5, "one EMF line per request: {stdout}");
    let failed = &emf[3];
    assert_eq!(failed["status"], 502);
    assert!(failed["InputTokens"].as_u64().unwrap() > 0, "{failed}");
    assert!(failed["OutputTokens"].as_u64().unwrap() > 0, "{failed}");
    assert!(failed["EstimatedCost"].as_f64().unwrap() > 0.0);
    assert!(emf[2]["TimeToFirstToken"].as_f64().is_some(), "{}", emf[2]);
    assert_eq!(emf[2]["OutputTokens"], 80);

    // A model question without the header: JSON, through the stream.
    let (_, json) = body(&posted[4]);
    let reply: serde_json::Value = serde_json::from_str(&json).expect("a JSON body");
    assert_eq!(reply["source"], "model", "{json}");
    assert_eq!(reply["reply"], CONVERSE_ANSWER);
}

#[test]
fn buffered_mode_answers_whole_responses_events_included() {
    let (posted, _) = run(
        "buffered",
        vec![
            rest_api_chat_event("How do lighthouses work?", &[SSE]),
            rest_api_chat_event("Hello!", &[]),
        ],
    );
    for response in &posted {
        assert!(!response.streamed);
    }
    let whole: serde_json::Value =
        serde_json::from_slice(&posted[0].body).expect("API Gateway JSON");
    assert_eq!(whole["statusCode"], 200);
    let events = whole["body"].as_str().expect("a body");
    assert!(events.matches("event: delta").count() >= 50);
    assert!(events.ends_with("\n\n") && events.contains("event: done"));
    let greeting: serde_json::Value = serde_json::from_slice(&posted[1].body).unwrap();
    let reply: serde_json::Value =
        serde_json::from_str(greeting["body"].as_str().unwrap()).unwrap();
    assert_eq!(reply["source"], "smalltalk");
}

/// Whether Nagle's algorithm is off (`TCP_NODELAY`) on each TCP connection `child` has to `peer`,
/// read from the child's own sockets: each descriptor duplicated into this process with
/// `pidfd_getfd` (Linux ≥ 5.6; allowed on one's own child). An error when the kernel or a sandbox
/// refuses that (the test then fails: it would otherwise pass without checking).
#[cfg(target_os = "linux")]
fn nodelay_towards(
    child: &std::process::Child,
    peer: std::net::SocketAddr,
) -> Result<Vec<bool>, String> {
    use rustix::process::{pidfd_getfd, pidfd_open, Pid, PidfdFlags, PidfdGetfdFlags};

    let pid = Pid::from_child(child);
    let pidfd = pidfd_open(pid, PidfdFlags::empty()).map_err(|e| format!("pidfd_open: {e}"))?;
    let descriptors = std::fs::read_dir(format!("/proc/{}/fd", pid.as_raw_pid()))
        .map_err(|e| format!("list the child's descriptors: {e}"))?;
    let mut flags = Vec::new();
    for entry in descriptors.flatten() {
        let is_socket = std::fs::read_link(entry.path())
            .is_ok_and(|link| link.to_string_lossy().starts_with("socket:"));
        let Some(target) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        if !is_socket {
            continue;
        }
        let copy = match pidfd_getfd(&pidfd, target, PidfdGetfdFlags::empty()) {
            Ok(copy) => copy,
            // Closed since it was listed.
            Err(rustix::io::Errno::BADF) => continue,
            Err(e) => return Err(format!("pidfd_getfd: {e}")),
        };
        let socket = socket2::SockRef::from(&copy);
        if socket.peer_addr().ok().and_then(|a| a.as_socket()) == Some(peer) {
            flags.push(
                socket
                    .tcp_nodelay()
                    .map_err(|e| format!("read TCP_NODELAY: {e}"))?,
            );
        }
    }
    Ok(flags)
}

/// The runtime's connections to the Runtime API: `lambda_runtime` opens them with Nagle's algorithm
/// on, and in streaming mode `frugal-chat` turns it off at the first request
/// (`frugal_middleware::runtime_api::RuntimeApiNoDelayLayer`), or each small chunk of a streamed answer
/// waits for the Runtime API's delayed ACK (~40 ms; bench/README.md, step 10). Read from the running
/// bootstrap's own sockets after three answers, once its next ask for work is held open (so every
/// connection it used is still there); buffered mode, which does not add the layer, shows what the
/// runtime leaves it at.
#[cfg(target_os = "linux")]
#[test]
fn streaming_mode_turns_nagle_off_on_the_runtime_api_connection() {
    const EVENTS: usize = 3;
    for (mode, expected) in [("streaming", true), ("buffered", false)] {
        let events = (0..EVENTS)
            .map(|_| rest_api_chat_event("Hello!", &[SSE]))
            .collect();
        let api = RuntimeApi::start(events).expect("Runtime API");
        let mut env = lambda_env(&api.address.to_string(), 256);
        env.extend([
            ("FRUGAL_RESPONSE_MODE".to_owned(), mode.to_owned()),
            ("FRUGAL_HISTORY_STORE".to_owned(), "memory".to_owned()),
        ]);
        let child = spawn_bootstrap(env!("CARGO_BIN_EXE_frugal-chat"), env);
        let posted = api.wait_posted(EVENTS, Duration::from_secs(30));
        assert_eq!(
            posted.len(),
            EVENTS,
            "{mode}: not every greeting was answered"
        );
        assert_eq!(
            api.wait_polls(EVENTS + 1, Duration::from_secs(30)),
            EVENTS + 1,
            "{mode}: the runtime did not ask for more work after its last answer"
        );
        let flags = nodelay_towards(&child.0, api.address).unwrap_or_else(|e| {
            panic!("{e}: this check needs Linux ≥ 5.6 and leave to read a child's sockets")
        });
        assert!(
            !flags.is_empty(),
            "{mode}: no connection to the Runtime API found"
        );
        assert!(
            flags.iter().all(|&on| on == expected),
            "{mode}: TCP_NODELAY on the Runtime API connections {flags:?}, expected {expected}"
        );
    }
}
