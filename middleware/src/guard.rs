//! Rejects bad requests before anything is spent: body size (413), JSON shape (400), identity (401).
//!
//! The guard reads the whole body (up to the limit, using `http_body_util::Limited`), parses and
//! validates a `POST /chat` body (and its `Idempotency-Key` header) once, and hands on an
//! `http::Request<Bytes>` carrying a [`ChatRequest`], the caller's [`Identity`] and any
//! [`IdempotencyKey`] in its extensions. Works on `lambda_http`
//! requests and on streaming hyper bodies alike.
//!
//! The body limit is `http_body_util::Limited`, the same mechanism as tower-http's
//! `RequestBodyLimitLayer`; that layer is not used because it answers a plain-text 413 and changes the
//! response body type, and every Frugal error is the JSON `{"error":{"code","message"}}`.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::guard::{GuardLayer, IdentitySource};
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let inner = service_fn(|_req: http::Request<Bytes>| async {
//!     Ok::<_, std::convert::Infallible>(http::Response::new(Bytes::from_static(b"ok")))
//! });
//! let service = GuardLayer::new().identity(IdentitySource::Fixed("local".into())).layer(inner);
//! let request = http::Request::post("/chat").body(http_body_util::Full::new(Bytes::from("{}"))).unwrap();
//! let response = service.oneshot(request).await.unwrap();
//! assert_eq!(response.status(), 400);
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Method, Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use tower::{Layer, Service};

use serde::Deserialize;

use crate::error::FrugalError;
use crate::future::define_inner_service_accessors;
use crate::types::{
    is_valid_session_id, ChatRequest, IdempotencyKey, Identity, IDEMPOTENCY_KEY_HEADER,
    MAX_MESSAGE_CHARS, MAX_SESSION_ID_CHARS,
};

/// Default body limit: 64 KiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;
/// Header the local server reads the user from when started with `--insecure-dev-auth`.
pub const DEV_USER_HEADER: &str = "x-frugal-user";

/// Where the caller's identity comes from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum IdentitySource {
    /// The `sub` claim of the API Gateway JWT (or Cognito) authorizer. The Lambda default.
    #[default]
    Authorizer,
    /// Always this user (the local server's dev user).
    Fixed(String),
    /// The `x-frugal-user` header, else the given user. Insecure: local multi-user testing only.
    InsecureHeader(String),
}

/// Validates requests. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct GuardLayer {
    max_body_bytes: usize,
    chat_path: String,
    public_paths: Vec<String>,
    identity: IdentitySource,
}

impl Default for GuardLayer {
    fn default() -> Self {
        Self::new()
    }
}

impl GuardLayer {
    /// 64 KiB bodies, chat on `POST /chat`, `/healthz` public, identity from the authorizer.
    pub fn new() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            chat_path: "/chat".into(),
            public_paths: vec!["/healthz".into()],
            identity: IdentitySource::Authorizer,
        }
    }

    /// Largest accepted body in bytes.
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The path whose `POST` bodies are chat requests.
    #[must_use]
    pub fn chat_path(mut self, path: impl Into<String>) -> Self {
        self.chat_path = path.into();
        self
    }

    /// Paths that need no identity.
    #[must_use]
    pub fn public_paths(mut self, paths: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.public_paths = paths.into_iter().map(Into::into).collect();
        self
    }

    /// Where the identity comes from.
    #[must_use]
    pub fn identity(mut self, source: IdentitySource) -> Self {
        self.identity = source;
        self
    }
}

impl<S> Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            inner,
            config: self.clone(),
        }
    }
}

/// The guard service, made by [`GuardLayer`].
#[derive(Clone, Debug)]
pub struct Guard<S> {
    inner: S,
    config: GuardLayer,
}

impl<S> Guard<S> {
    define_inner_service_accessors!();
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Guard<S>
where
    S: Service<Request<Bytes>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    ReqBody: Body + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    ResBody: From<Bytes> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let config = self.config.clone();
        Box::pin(async move {
            match admit(&config, request).await {
                Ok(request) => inner.call(request).await,
                Err(error) => {
                    tracing::debug!(code = error.code(), "request rejected by guard");
                    Ok(error.into_response())
                }
            }
        })
    }
}

async fn admit<B>(config: &GuardLayer, request: Request<B>) -> Result<Request<Bytes>, FrugalError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let limit = config.max_body_bytes;
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(FrugalError::PayloadTooLarge { limit });
    }
    let public = config
        .public_paths
        .iter()
        .any(|p| p == request.uri().path());
    let identity = if public {
        None
    } else {
        Some(identify(&config.identity, &request)?)
    };

    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            return Err(FrugalError::PayloadTooLarge { limit })
        }
        Err(_) => {
            return Err(FrugalError::InvalidRequest(
                "could not read the request body".into(),
            ))
        }
    };
    let mut request = Request::from_parts(parts, bytes);
    if request.method() == Method::POST && request.uri().path() == config.chat_path {
        let chat = parse_chat_request(request.body())?;
        request.extensions_mut().insert(chat);
        if let Some(key) = idempotency_key(request.headers())? {
            request.extensions_mut().insert(key);
        }
    }
    if let Some(identity) = identity {
        request.extensions_mut().insert(identity);
    }
    Ok(request)
}

fn identify<B>(source: &IdentitySource, request: &Request<B>) -> Result<Identity, FrugalError> {
    let user = match source {
        IdentitySource::Fixed(user) => Some(user.clone()),
        IdentitySource::InsecureHeader(default) => Some(
            request
                .headers()
                .get(DEV_USER_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map_or_else(|| default.clone(), str::to_owned),
        ),
        IdentitySource::Authorizer => authorizer_subject(request),
    };
    match user {
        Some(user) if !user.is_empty() && user.len() <= 256 && !user.contains('#') => {
            Ok(Identity(user))
        }
        _ => Err(FrugalError::Unauthorized),
    }
}

#[cfg(feature = "lambda")]
fn authorizer_subject<B>(request: &Request<B>) -> Option<String> {
    use lambda_http::request::RequestContext;
    match request.extensions().get::<RequestContext>()? {
        RequestContext::ApiGatewayV2(context) => context
            .authorizer
            .as_ref()?
            .jwt
            .as_ref()?
            .claims
            .get("sub")
            .cloned(),
        RequestContext::ApiGatewayV1(context) => {
            let claims = context.authorizer.fields.get("claims")?;
            claims.get("sub")?.as_str().map(str::to_owned)
        }
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

#[cfg(not(feature = "lambda"))]
fn authorizer_subject<B>(_request: &Request<B>) -> Option<String> {
    None
}

/// Reads and validates the `Idempotency-Key` header: absent is fine, present must be 1 to 128
/// characters of `[A-Za-z0-9_-]`.
pub fn idempotency_key(headers: &http::HeaderMap) -> Result<Option<IdempotencyKey>, FrugalError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY_HEADER) else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if is_valid_session_id(key) => Ok(Some(IdempotencyKey(key.to_owned()))),
        _ => Err(FrugalError::InvalidRequest(format!(
            "the {IDEMPOTENCY_KEY_HEADER} header must be 1 to {MAX_SESSION_ID_CHARS} characters of A-Z, a-z, 0-9, _ and -"
        ))),
    }
}

/// The wire shape of a chat body, before validation.
#[derive(Deserialize)]
struct ChatBody {
    message: String,
    #[serde(default)]
    session_id: Option<String>,
}

/// Parses and validates a chat body: a JSON object with a non-blank string `message` of at most
/// 16,000 characters and an optional `session_id` of `[A-Za-z0-9_-]{1,128}`. Unknown fields are
/// ignored.
pub fn parse_chat_request(body: &[u8]) -> Result<ChatRequest, FrugalError> {
    let ChatBody {
        message,
        session_id,
    } = serde_json::from_slice(body)
        .map_err(|e| FrugalError::InvalidRequest(format!("body is not a chat request: {e}")))?;
    if message.trim().is_empty() {
        return Err(FrugalError::InvalidRequest(
            "`message` must not be empty".into(),
        ));
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(FrugalError::InvalidRequest(format!(
            "`message` is longer than {MAX_MESSAGE_CHARS} characters"
        )));
    }
    if session_id
        .as_deref()
        .is_some_and(|id| !is_valid_session_id(id))
    {
        return Err(FrugalError::InvalidRequest(format!(
            "`session_id` must be 1 to {MAX_SESSION_ID_CHARS} characters of A-Z, a-z, 0-9, _ and -"
        )));
    }
    Ok(ChatRequest {
        message,
        session_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;
    use proptest::prelude::*;
    use tower::{service_fn, ServiceExt};

    fn guard(
        identity: IdentitySource,
    ) -> impl Service<
        Request<Full<Bytes>>,
        Response = Response<Bytes>,
        Error = std::convert::Infallible,
    > + Clone {
        let inner = service_fn(|request: Request<Bytes>| async move {
            let chat = request.extensions().get::<ChatRequest>().cloned();
            let user = request.extensions().get::<Identity>().cloned();
            let text = format!("{:?}|{:?}", chat.map(|c| c.message), user.map(|u| u.0));
            Ok::<_, std::convert::Infallible>(Response::new(Bytes::from(text)))
        });
        GuardLayer::new()
            .max_body_bytes(1024)
            .identity(identity)
            .layer(inner)
    }

    fn post(body: &str) -> Request<Full<Bytes>> {
        Request::post("/chat")
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap()
    }

    async fn status_and_code(
        request: Request<Full<Bytes>>,
        identity: IdentitySource,
    ) -> (u16, String) {
        let response = guard(identity).oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let code = serde_json::from_slice::<serde_json::Value>(response.body())
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
            .unwrap_or_default();
        (status, code)
    }

    #[tokio::test]
    async fn rejects_bad_bodies_with_400() {
        let dev = IdentitySource::Fixed("local".into());
        for body in [
            "",
            "nope",
            "[]",
            "42",
            "{}",
            r#"{"message": 5}"#,
            r#"{"message": "   "}"#,
            r#"{"message": null}"#,
            r#"{"message": "hi", "session_id": "../etc"}"#,
            r#"{"message": "hi", "session_id": 7}"#,
        ] {
            assert_eq!(
                status_and_code(post(body), dev.clone()).await,
                (400, "invalid_request".into()),
                "body {body:?}"
            );
        }
    }

    #[tokio::test]
    async fn rejects_large_bodies_with_413_even_without_content_length() {
        let dev = IdentitySource::Fixed("local".into());
        let big = format!(r#"{{"message": "{}"}}"#, "a".repeat(2000));
        assert_eq!(status_and_code(post(&big), dev.clone()).await.0, 413);
        let mut declared = post("{}");
        declared
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(5000));
        assert_eq!(status_and_code(declared, dev).await.0, 413);
    }

    #[tokio::test]
    async fn no_identity_is_401_but_healthz_is_public() {
        assert_eq!(
            status_and_code(post(r#"{"message":"hi"}"#), IdentitySource::Authorizer)
                .await
                .0,
            401
        );
        let health = Request::get("/healthz")
            .body(Full::new(Bytes::new()))
            .unwrap();
        let response = guard(IdentitySource::Authorizer)
            .oneshot(health)
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    #[tokio::test]
    async fn identity_header_only_in_insecure_mode() {
        let mut request = post(r#"{"message":"hi"}"#);
        request
            .headers_mut()
            .insert(DEV_USER_HEADER, http::HeaderValue::from_static("mallory"));
        let response = guard(IdentitySource::Fixed("local".into()))
            .oneshot(request)
            .await
            .unwrap();
        assert!(std::str::from_utf8(response.body())
            .unwrap()
            .contains("\"local\""));

        let mut request = post(r#"{"message":"hi"}"#);
        request
            .headers_mut()
            .insert(DEV_USER_HEADER, http::HeaderValue::from_static("bob"));
        let response = guard(IdentitySource::InsecureHeader("local".into()))
            .oneshot(request)
            .await
            .unwrap();
        assert!(std::str::from_utf8(response.body())
            .unwrap()
            .contains("\"bob\""));
    }

    #[tokio::test]
    async fn malformed_idempotency_keys_are_400() {
        let dev = IdentitySource::Fixed("local".into());
        for key in ["", "has space", "semi;colon", &"k".repeat(129), "ümlaut"] {
            let mut request = post(r#"{"message":"hi"}"#);
            if let Ok(value) = http::HeaderValue::from_str(key) {
                request.headers_mut().insert(IDEMPOTENCY_KEY_HEADER, value);
            } else {
                continue;
            }
            assert_eq!(
                status_and_code(request, dev.clone()).await,
                (400, "invalid_request".into()),
                "key {key:?}"
            );
        }
        let mut request = post(r#"{"message":"hi"}"#);
        request.headers_mut().insert(
            IDEMPOTENCY_KEY_HEADER,
            http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(status_and_code(request, dev.clone()).await.0, 400);
        let mut request = post(r#"{"message":"hi"}"#);
        request.headers_mut().insert(
            IDEMPOTENCY_KEY_HEADER,
            http::HeaderValue::from_static("msg-0001_ok"),
        );
        assert_eq!(status_and_code(request, dev).await.0, 200);
    }

    #[tokio::test]
    async fn valid_request_reaches_inner_with_parsed_body() {
        let request = post(r#"{"message":"hello","session_id":"abc_DEF-1"}"#);
        let response = guard(IdentitySource::Fixed("u".into()))
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.body(), &Bytes::from(r#"Some("hello")|Some("u")"#));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_chat_request(&bytes);
        }

        #[test]
        fn parsing_arbitrary_json_messages_never_panics(message in any::<String>(), session in any::<Option<String>>()) {
            let body = serde_json::json!({"message": message, "session_id": session}).to_string();
            match parse_chat_request(body.as_bytes()) {
                Ok(chat) => {
                    prop_assert!(!chat.message.trim().is_empty());
                    prop_assert!(chat.session_id.as_deref().is_none_or(is_valid_session_id));
                }
                Err(error) => prop_assert_eq!(error.status(), http::StatusCode::BAD_REQUEST),
            }
        }
    }

    #[test]
    fn deep_json_is_a_400_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_chat_request(deep.as_bytes()).is_err());
    }
}
