//! DynamoDB unavailable mid-run: the emulator is stopped under a running server, then started again.

use std::process::Stdio;
use std::time::Duration;

use frugal_chat::app::{build, AuthMode};
use frugal_chat::aws::AwsSettings;
use frugal_tests::{dummy_lambda_env, dynamo_config, BedrockStandIn, Client};

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn start_moto(port: u16) -> tokio::process::Child {
    let child = tokio::process::Command::new("python3")
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start moto (pip install 'moto[server]')");
    for _ in 0..150 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto did not start on {port}");
}

async fn create_table_at(endpoint: &str, name: &str) {
    frugal_tests::create_named_table(&frugal_tests::dynamodb_client_at(endpoint), name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_outage_is_503_spending_at_most_one_model_call_and_the_server_recovers() {
    frugal_tests::require_emulator!();
    let port = free_port().await;
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut moto = start_moto(port).await;
    create_table_at(&endpoint, "outage").await;

    let bedrock = BedrockStandIn::start().await;
    let aws = AwsSettings {
        dynamodb_endpoint: Some(endpoint.clone()),
        bedrock_endpoint: Some(bedrock.url.clone()),
        from_lambda_env: Some(dummy_lambda_env()),
        max_attempts: 2,
        ca_bundle: None,
    };
    let app = build(
        &dynamo_config("outage"),
        aws,
        AuthMode::InsecureHeader,
        std::time::Instant::now(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(frugal_chat::server::serve(listener, app.service, None));
    let client = Client::new(&url);

    assert_eq!(
        client
            .chat("gina", "first question", Some("s"))
            .await
            .status,
        200
    );

    moto.kill().await.unwrap();
    let _ = moto.wait().await;
    // A conversation's first message reads no history, so the first one to meet the outage finds out
    // when its turn cannot be written: one model call is spent, and the answer is not returned.
    let calls_before = bedrock.calls();
    let first = client.chat("gina", "a new question", None).await;
    assert_eq!(first.status, 503, "{first:?}");
    assert_eq!(first.json["error"]["code"], "storage_error");
    assert_eq!(bedrock.calls(), calls_before + 1);
    // From then on first messages read the history first again, and fail before the model.
    let calls_before = bedrock.calls();
    let again = client.chat("gina", "another new question", None).await;
    assert_eq!(again.status, 503, "{again:?}");
    assert_eq!(
        bedrock.calls(),
        calls_before,
        "no model call is spent on a first message once the store is known to be down"
    );
    let down = client.chat("gina", "second question", Some("s")).await;
    assert_eq!(down.status, 503, "{down:?}");
    assert_eq!(down.json["error"]["code"], "storage_error");
    assert_eq!(
        bedrock.calls(),
        calls_before,
        "no model call is spent when history cannot be read"
    );
    // Small talk does not need the store at all.
    assert_eq!(client.chat("gina", "hello", Some("s")).await.status, 200);

    let _moto = start_moto(port).await;
    create_table_at(&endpoint, "outage").await;
    let back = client.chat("gina", "third question", Some("s")).await;
    assert_eq!(
        back.status, 200,
        "the server recovers when the store is back: {back:?}"
    );
    let new = client
        .chat("gina", "a question after the outage", None)
        .await;
    assert_eq!(new.status, 200, "{new:?}");
    assert_eq!(new.json["turn"], 1, "{new:?}");
}
