//! The layers' own failures and the JSON error body every Frugal response uses.

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use serde::Serialize;

/// Why a layer rejected a request. Each maps to one HTTP status and a stable machine-readable `code`.
/// (Routing, model and storage failures belong to the handler; `frugal-chat` has its own error type
/// and renders it with [`error_response`], so every error has the same shape.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrugalError {
    /// The body is not a JSON object of the expected shape (`400 invalid_request`).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The body is larger than the configured limit (`413 payload_too_large`).
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// No authenticated identity (`401 unauthorized`).
    #[error("no authenticated identity on the request")]
    Unauthorized,
    /// The request would not finish before its deadline (`504 deadline_exceeded`).
    #[error("the request did not finish before its deadline")]
    DeadlineExceeded,
}

impl FrugalError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            FrugalError::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            FrugalError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            FrugalError::Unauthorized => StatusCode::UNAUTHORIZED,
            FrugalError::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// The stable `code` in the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            FrugalError::InvalidRequest(_) => "invalid_request",
            FrugalError::PayloadTooLarge { .. } => "payload_too_large",
            FrugalError::Unauthorized => "unauthorized",
            FrugalError::DeadlineExceeded => "deadline_exceeded",
        }
    }

    /// Renders `{"error":{"code","message"}}` with the right status.
    pub fn into_response<B: From<Bytes>>(self) -> http::Response<B> {
        error_response(self.status(), self.code(), &self.to_string())
    }
}

/// A JSON error response `{"error":{"code","message"}}` with `status`: the one error shape of the
/// Frugal HTTP contract, for handlers' own errors too.
pub fn error_response<B: From<Bytes>>(
    status: StatusCode,
    code: &str,
    message: &str,
) -> http::Response<B> {
    #[derive(Serialize)]
    struct Inner<'a> {
        code: &'a str,
        message: &'a str,
    }
    #[derive(Serialize)]
    struct Outer<'a> {
        error: Inner<'a>,
    }
    let body = serde_json::to_vec(&Outer {
        error: Inner { code, message },
    })
    .unwrap_or_default();
    let mut response = http::Response::new(B::from(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_json_with_its_status_and_code() {
        for error in [
            FrugalError::InvalidRequest("x".into()),
            FrugalError::PayloadTooLarge { limit: 1 },
            FrugalError::Unauthorized,
            FrugalError::DeadlineExceeded,
        ] {
            let (status, code) = (error.status(), error.code());
            let response: http::Response<Bytes> = error.into_response();
            assert_eq!(response.status(), status);
            let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
            assert_eq!(body["error"]["code"], code);
            assert!(body["error"]["message"].is_string());
        }
    }
}
