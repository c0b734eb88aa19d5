//! A stand-in for the AWS endpoints of the model path on 127.0.0.1 (std threads), over plain HTTP or
//! TLS: Bedrock `POST /model/{id}/converse` answers with a fixed reply and usage after `latency`;
//! `POST /model/{id}/converse-stream` streams [`STREAMED_ANSWER`] in event-stream frames, one word
//! every `Pace::interval` after a first-token wait of `latency` (a model's pace, not loopback's);
//! DynamoDB's JSON operations (`x-amz-target: DynamoDB_20120810.*`) answer as an empty table that
//! accepts every write (`Query` finds nothing, `PutItem`/`TransactWriteItems` succeed).

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::event_stream;
use crate::http1::{read_request, write_chunk, write_chunked_head, write_response, Request};

/// The answer to `Converse` (not streamed).
pub const CONVERSE_ANSWER: &str = "A stand-in answer.";

/// The streamed answer: 60 words, about 80 tokens.
pub const STREAMED_ANSWER: &str = "Lambda bills each request by the millisecond, so a chat function that answers greetings \
from a table and repeated questions from a cache spends its money only where a model is needed. Streaming the \
answer lets the reader start while the model is still writing, and the time to the first words, not the whole \
answer, is what people notice first.";

/// How fast the stand-in streams: one word per `interval`.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    /// Between two words.
    pub interval: Duration,
    /// Whether `Converse` (not streamed) also takes the time the words would take to write, as a
    /// model does: for comparing streamed and buffered answers. Off by default (cold-start benches
    /// measure the process, not the model).
    pub converse_writes_too: bool,
}

impl Default for Pace {
    /// 15 ms per word (about 90 tokens a second, a fast hosted model's pace).
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(15),
            converse_writes_too: false,
        }
    }
}

/// A running stand-in.
#[derive(Clone, Debug)]
pub struct StandIn {
    /// Where it listens.
    pub address: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl StandIn {
    /// Connections accepted so far (TCP, before any TLS handshake).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The base URL to give the SDK: `https://localhost:PORT` over TLS (the certificate's name),
    /// `http://127.0.0.1:PORT` otherwise.
    pub fn url(&self, tls: bool) -> String {
        if tls {
            format!("https://localhost:{}", self.address.port())
        } else {
            format!("http://{}", self.address)
        }
    }
}

/// Starts the stand-in over plain HTTP; returns its address.
pub fn start(latency: Duration) -> std::io::Result<SocketAddr> {
    Ok(start_with(latency, None)?.address)
}

/// Starts the stand-in; over TLS with `tls` (see [`crate::tls::LocalPki`]), else plain HTTP.
pub fn start_with(
    latency: Duration,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> std::io::Result<StandIn> {
    start_paced(latency, Pace::default(), tls)
}

/// Starts the stand-in, streaming at `pace`.
pub fn start_paced(
    latency: Duration,
    pace: Pace,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> std::io::Result<StandIn> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let stand_in = StandIn {
        address: listener.local_addr()?,
        connections: Arc::default(),
    };
    let connections = stand_in.connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            connections.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_nodelay(true);
            let tls = tls.clone();
            std::thread::spawn(move || serve(stream, latency, pace, tls));
        }
    });
    Ok(stand_in)
}

fn serve(stream: TcpStream, latency: Duration, pace: Pace, tls: Option<Arc<rustls::ServerConfig>>) {
    match tls {
        None => answer(BufReader::new(stream), latency, pace),
        Some(config) => {
            let Ok(connection) = rustls::ServerConnection::new(config) else {
                return;
            };
            answer(
                BufReader::new(rustls::StreamOwned::new(connection, stream)),
                latency,
                pace,
            );
        }
    }
}

fn answer<S: Read + Write>(mut reader: BufReader<S>, latency: Duration, pace: Pace) {
    while let Some(request) = read_request(&mut reader) {
        std::thread::sleep(latency);
        if request.path.ends_with("/converse-stream") {
            // A message asking for it fails mid-answer, after three words.
            let fail_after = contains(&request.body, b"fail midway").then_some(3);
            if stream_answer(reader.get_mut(), pace, fail_after).is_err() {
                return;
            }
            continue;
        }
        if pace.converse_writes_too && request.target.is_none() {
            let words = event_stream::pieces(STREAMED_ANSWER).len() as u32;
            std::thread::sleep(pace.interval * words.saturating_sub(1));
        }
        let (content_type, body) = reply(&request, latency);
        let headers = [("content-type", content_type.to_owned())];
        if write_response(reader.get_mut(), 200, &headers, body.as_bytes()).is_err() {
            return;
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn stream_answer(
    stream: &mut impl Write,
    pace: Pace,
    fail_after: Option<usize>,
) -> std::io::Result<()> {
    let headers = [("content-type", event_stream::CONTENT_TYPE.to_owned())];
    write_chunked_head(stream, 200, &headers)?;
    let pieces = event_stream::pieces(STREAMED_ANSWER);
    let frames = event_stream::answer(&pieces, 400, 80);
    let last = frames.len() - 1;
    for (i, frame) in frames.iter().enumerate() {
        if fail_after.is_some_and(|n| i == n + 1) {
            let error =
                event_stream::exception("internalServerException", "the model failed mid-answer");
            write_chunk(stream, &error)?;
            return write_chunk(stream, &[]);
        }
        write_chunk(stream, frame)?;
        // A word every interval; start, stop and metadata follow each other at once.
        if (1..=pieces.len()).contains(&i) && i < last {
            std::thread::sleep(pace.interval);
        }
    }
    write_chunk(stream, &[])
}

fn reply(request: &Request, latency: Duration) -> (&'static str, String) {
    const DYNAMODB: &str = "application/x-amz-json-1.0";
    match request.target.as_deref().and_then(|t| t.rsplit('.').next()) {
        Some("Query") => (
            DYNAMODB,
            r#"{"Count":0,"Items":[],"ScannedCount":0}"#.to_owned(),
        ),
        Some(_) => (DYNAMODB, "{}".to_owned()),
        None => (
            "application/json",
            serde_json::json!({
                "output": {"message": {"role": "assistant", "content": [{"text": CONVERSE_ANSWER}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 400, "outputTokens": 150, "totalTokens": 550},
                "metrics": {"latencyMs": latency.as_millis() as u64}
            })
            .to_string(),
        ),
    }
}
