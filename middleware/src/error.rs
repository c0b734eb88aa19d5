//! The crate's error type and the JSON error responses every layer returns.

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use serde::Serialize;

/// Everything the layers can reject a request with. Each maps to one HTTP status and a stable
/// machine-readable `code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrugalError {
    /// The body is not a JSON object of the expected shape.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The body is larger than the configured limit.
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// No authenticated identity.
    #[error("no authenticated identity on the request")]
    Unauthorized,
    /// The session does not exist for this caller.
    #[error("session not found")]
    NotFound,
    /// The route does not exist.
    #[error("no route for {0}")]
    NoRoute(String),
    /// The route exists but not for this method.
    #[error("method not allowed for {0}")]
    MethodNotAllowed(String),
    /// Upstream throttling; retry after the given seconds.
    #[error("throttled, retry after {retry_after_secs} s")]
    Throttled {
        /// Suggested wait before retrying.
        retry_after_secs: u64,
    },
    /// The model failed.
    #[error("model error: {0}")]
    Model(String),
    /// The history store failed.
    #[error("storage error: {0}")]
    Storage(String),
    /// The request would not finish before its deadline.
    #[error("the request did not finish before its deadline")]
    DeadlineExceeded,
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl FrugalError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            FrugalError::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            FrugalError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            FrugalError::Unauthorized => StatusCode::UNAUTHORIZED,
            FrugalError::NotFound | FrugalError::NoRoute(_) => StatusCode::NOT_FOUND,
            FrugalError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            FrugalError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            FrugalError::Model(_) => StatusCode::BAD_GATEWAY,
            FrugalError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            FrugalError::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
            FrugalError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable `code` in the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            FrugalError::InvalidRequest(_) => "invalid_request",
            FrugalError::PayloadTooLarge { .. } => "payload_too_large",
            FrugalError::Unauthorized => "unauthorized",
            FrugalError::NotFound => "not_found",
            FrugalError::NoRoute(_) => "no_route",
            FrugalError::MethodNotAllowed(_) => "method_not_allowed",
            FrugalError::Throttled { .. } => "throttled",
            FrugalError::Model(_) => "model_error",
            FrugalError::Storage(_) => "storage_error",
            FrugalError::DeadlineExceeded => "deadline_exceeded",
            FrugalError::Internal(_) => "internal_error",
        }
    }

    /// Renders `{"error":{"code","message"}}` with the right status (and `Retry-After` when throttled).
    pub fn into_response<B: From<Bytes>>(self) -> http::Response<B> {
        #[derive(Serialize)]
        struct Inner<'a> {
            code: &'a str,
            message: String,
        }
        #[derive(Serialize)]
        struct Outer<'a> {
            error: Inner<'a>,
        }
        let body = serde_json::to_vec(&Outer {
            error: Inner {
                code: self.code(),
                message: self.to_string(),
            },
        })
        .unwrap_or_default();
        let mut response = http::Response::new(B::from(Bytes::from(body)));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let FrugalError::Throttled { retry_after_secs } = &self {
            headers.insert(
                http::header::RETRY_AFTER,
                HeaderValue::from(*retry_after_secs),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_has_retry_after_and_json_body() {
        let response: http::Response<Bytes> = FrugalError::Throttled {
            retry_after_secs: 3,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[http::header::RETRY_AFTER], "3");
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(body["error"]["code"], "throttled");
    }
}
