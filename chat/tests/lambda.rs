//! `frugal-chat` as Lambda runs it: the real binary, started with the Lambda environment, served one
//! API Gateway HTTP API (v2) event by a minimal local Lambda Runtime API.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

#[derive(Default)]
struct RuntimeApi {
    events: Mutex<VecDeque<(String, serde_json::Value)>>,
    responses: Mutex<Vec<(String, serde_json::Value)>>,
    done: tokio::sync::Notify,
}

async fn handle(api: Arc<RuntimeApi>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = request.uri().path().to_owned();
    if path == "/2018-06-01/runtime/invocation/next" {
        let next = api.events.lock().unwrap().pop_front();
        let Some((id, event)) = next else {
            // No more work: hold the poll open, as Lambda does between invocations.
            std::future::pending::<()>().await;
            unreachable!()
        };
        let deadline = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            + 10_000;
        return Response::builder()
            .header("lambda-runtime-aws-request-id", id)
            .header("lambda-runtime-deadline-ms", deadline.to_string())
            .header(
                "lambda-runtime-invoked-function-arn",
                "arn:aws:lambda:us-east-1:123456789012:function:frugal-test",
            )
            .header(
                "lambda-runtime-trace-id",
                "Root=1-00000000-000000000000000000000000",
            )
            .body(Full::new(Bytes::from(event.to_string())))
            .unwrap();
    }
    let body = request.into_body().collect().await.unwrap().to_bytes();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
    api.responses.lock().unwrap().push((path, value));
    api.done.notify_one();
    Response::builder()
        .status(202)
        .body(Full::new(Bytes::new()))
        .unwrap()
}

fn http_api_event(body: &str, sub: Option<&str>) -> serde_json::Value {
    let mut context = serde_json::json!({
        "accountId": "123456789012", "apiId": "api", "domainName": "example.com", "domainPrefix": "example",
        "http": {"method": "POST", "path": "/chat", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "test"},
        "requestId": "req", "routeKey": "POST /chat", "stage": "$default", "time": "28/Nov/2026:00:00:00 +0000", "timeEpoch": 0
    });
    if let Some(sub) = sub {
        context["authorizer"] =
            serde_json::json!({"jwt": {"claims": {"sub": sub}, "scopes": null}});
    }
    serde_json::json!({
        "version": "2.0", "routeKey": "POST /chat", "rawPath": "/chat", "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": context, "body": body, "isBase64Encoded": false
    })
}

async fn invoke(events: Vec<serde_json::Value>) -> (Vec<(String, serde_json::Value)>, String) {
    let api = Arc::new(RuntimeApi::default());
    for (i, event) in events.iter().enumerate() {
        api.events
            .lock()
            .unwrap()
            .push_back((format!("req-{i}"), event.clone()));
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let shared = api.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let api = shared.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |r| {
                    let api = api.clone();
                    async move { Ok::<_, Infallible>(handle(api, r).await) }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_frugal-chat"))
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "frugal-test")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/frugal-test")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("FRUGAL_TABLE_NAME", "frugal-test")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn frugal-chat");
    let wanted = events.len();
    tokio::time::timeout(Duration::from_secs(20), async {
        while api.responses.lock().unwrap().len() < wanted {
            api.done.notified().await;
        }
    })
    .await
    .expect("the bootstrap answered in time");
    // Give the EMF line time to be flushed, then stop the process.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = child.start_kill();
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = tokio::time::timeout(Duration::from_secs(5), out.read_to_string(&mut stdout)).await;
    }
    let responses = api.responses.lock().unwrap().clone();
    (responses, stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greeting_invocation_answers_from_small_talk_with_emf_on_stdout() {
    let (responses, stdout) = invoke(vec![
        http_api_event(r#"{"message":"Hello!"}"#, Some("user-123")),
        http_api_event(r#"{"message":"hi"}"#, None),
    ])
    .await;
    assert_eq!(
        responses[0].0,
        "/2018-06-01/runtime/invocation/req-0/response"
    );
    let first = &responses[0].1;
    assert_eq!(first["statusCode"], 200, "{first}");
    let body: serde_json::Value = serde_json::from_str(first["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["source"], "smalltalk");
    assert_eq!(first["headers"]["x-frugal-cold-start"], "true");

    // No JWT claims: 401, still a well-formed API Gateway response.
    assert_eq!(responses[1].1["statusCode"], 401);

    let emf: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("_aws").is_some())
        .collect();
    assert_eq!(
        emf.len(),
        1,
        "one EMF line for the invocation that passed the guard: {stdout}"
    );
    assert_eq!(emf[0]["ColdStart"], 1);
    assert_eq!(emf[0]["SmallTalkHit"], 1);
    assert_eq!(emf[0]["function_name"], "frugal-test");
    assert!(emf[0]["InitDuration"].as_f64().unwrap() > 0.0);
}
