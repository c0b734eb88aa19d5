//! A Bedrock Converse stand-in on 127.0.0.1 (std threads): answers every `POST /model/{id}/converse`
//! after `latency`, with fixed usage.

use std::io::BufReader;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use crate::http1::{read_request, write_response};

/// Starts the stand-in; returns its address.
pub fn start(latency: Duration) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_nodelay(true);
            std::thread::spawn(move || {
                let Ok(mut writer) = stream.try_clone() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                while let Some(_request) = read_request(&mut reader) {
                    std::thread::sleep(latency);
                    let body = serde_json::json!({
                        "output": {"message": {"role": "assistant", "content": [{"text": "A stand-in answer."}]}},
                        "stopReason": "end_turn",
                        "usage": {"inputTokens": 400, "outputTokens": 150, "totalTokens": 550},
                        "metrics": {"latencyMs": latency.as_millis() as u64}
                    })
                    .to_string();
                    let headers = [("content-type", "application/json".to_owned())];
                    if write_response(&mut writer, 200, &headers, body.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(address)
}
