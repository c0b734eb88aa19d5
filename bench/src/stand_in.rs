//! A stand-in for the AWS endpoints of the model path on 127.0.0.1 (std threads), over plain HTTP or
//! TLS: Bedrock `POST /model/{id}/converse` answers with a fixed reply and usage after `latency`;
//! DynamoDB's JSON operations (`x-amz-target: DynamoDB_20120810.*`) answer as an empty table that
//! accepts every write (`Query` finds nothing, `PutItem`/`TransactWriteItems` succeed).

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::http1::{read_request, write_response, Request};

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
            std::thread::spawn(move || serve(stream, latency, tls));
        }
    });
    Ok(stand_in)
}

fn serve(stream: TcpStream, latency: Duration, tls: Option<Arc<rustls::ServerConfig>>) {
    match tls {
        None => answer(BufReader::new(stream), latency),
        Some(config) => {
            let Ok(connection) = rustls::ServerConnection::new(config) else {
                return;
            };
            answer(
                BufReader::new(rustls::StreamOwned::new(connection, stream)),
                latency,
            );
        }
    }
}

fn answer<S: Read + Write>(mut reader: BufReader<S>, latency: Duration) {
    while let Some(request) = read_request(&mut reader) {
        std::thread::sleep(latency);
        let (content_type, body) = reply(&request, latency);
        let headers = [("content-type", content_type.to_owned())];
        if write_response(reader.get_mut(), 200, &headers, body.as_bytes()).is_err() {
            return;
        }
    }
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
                "output": {"message": {"role": "assistant", "content": [{"text": "A stand-in answer."}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 400, "outputTokens": 150, "totalTokens": 550},
                "metrics": {"latencyMs": latency.as_millis() as u64}
            })
            .to_string(),
        ),
    }
}
