//! Message text never reaches the logs at INFO or above, whatever happens to the request.

use std::io::Write;
use std::sync::{Arc, Mutex};

use frugal_chat::app::AuthMode;
use frugal_chat::config::Config;
use frugal_tests::{start_chat, BedrockStandIn, Client, Fault};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_message_text_in_info_logs() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_env_filter("info")
        .json()
        .with_writer(move || writer.clone())
        .init();

    let bedrock = BedrockStandIn::start().await;
    let config = Config {
        max_attempts: 1,
        ..Config::default()
    };
    let server = start_chat(config, &bedrock.url, AuthMode::DevUser).await;
    let client = Client::new(&server.url);
    let secret = "zebra-passport-4471";

    assert_eq!(
        client
            .chat("local", &format!("hello {secret}"), None)
            .await
            .status,
        200
    );
    assert_eq!(
        client
            .chat("local", &format!("my number is {secret}"), None)
            .await
            .status,
        200
    );
    bedrock.inject([Fault::ServerError, Fault::Throttle, Fault::Malformed]);
    for _ in 0..3 {
        let reply = client
            .chat("local", &format!("again {secret}"), Some("s1"))
            .await;
        assert!(reply.status >= 400);
    }
    let bad = client
        .send(
            "POST",
            "/chat",
            Some("local"),
            format!("{{\"message\": \"{secret}\", "),
        )
        .await;
    assert_eq!(bad.status, 400);

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("request failed"),
        "the faults were logged: {logs}"
    );
    assert!(
        !logs.contains(secret),
        "message text leaked into the logs:\n{logs}"
    );
}
