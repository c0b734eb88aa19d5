//! The chat service's errors: routing, model and storage failures, each with its HTTP status and
//! stable `code`, rendered in the same JSON shape as the middleware's own rejections.

use bytes::Bytes;
use frugal_middleware::stream::{error_stream_response, wants_event_stream, StreamError};
use frugal_middleware::{error_response, FrugalError};
use http::{HeaderValue, StatusCode};

/// Everything the chat routes can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChatError {
    /// A rejection the middleware also uses (invalid input, unauthorized, deadline).
    #[error(transparent)]
    Layer(#[from] FrugalError),
    /// The session does not exist for this caller (`404 not_found`).
    #[error("session not found")]
    NotFound,
    /// No such route (`404 no_route`).
    #[error("no route for {0}")]
    NoRoute(String),
    /// The route exists but not for this method (`405 method_not_allowed`).
    #[error("method not allowed for {0}")]
    MethodNotAllowed(String),
    /// The idempotency key was used before with another request (`409 idempotency_conflict`).
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyConflict,
    /// The model is throttling; retry after the given seconds (`429 throttled`).
    #[error("throttled, retry after {retry_after_secs} s")]
    Throttled {
        /// Suggested wait before retrying.
        retry_after_secs: u64,
    },
    /// The user spent the day's model budget; retry after the given seconds, at the next UTC
    /// midnight (`429 budget_exceeded`).
    #[error("the daily model budget of this user is spent; it resets at 00:00 UTC (in {retry_after_secs} s)")]
    BudgetExceeded {
        /// Seconds until the budget resets.
        retry_after_secs: u64,
    },
    /// The model failed (`502 model_error`).
    #[error("model error: {0}")]
    Model(String),
    /// The history store failed (`503 storage_error`).
    #[error("storage error: {0}")]
    Storage(String),
    /// Anything else that is our fault (`500 internal_error`).
    #[error("internal error: {0}")]
    Internal(String),
}

impl ChatError {
    /// Shorthand for a `400 invalid_request`.
    pub fn invalid(message: impl Into<String>) -> Self {
        ChatError::Layer(FrugalError::InvalidRequest(message.into()))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ChatError::Layer(error) => error.status(),
            ChatError::NotFound | ChatError::NoRoute(_) => StatusCode::NOT_FOUND,
            ChatError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ChatError::IdempotencyConflict => StatusCode::CONFLICT,
            ChatError::Throttled { .. } | ChatError::BudgetExceeded { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ChatError::Model(_) => StatusCode::BAD_GATEWAY,
            ChatError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            ChatError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable `code` of the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            ChatError::Layer(error) => error.code(),
            ChatError::NotFound => "not_found",
            ChatError::NoRoute(_) => "no_route",
            ChatError::MethodNotAllowed(_) => "method_not_allowed",
            ChatError::IdempotencyConflict => "idempotency_conflict",
            ChatError::Throttled { .. } => "throttled",
            ChatError::BudgetExceeded { .. } => "budget_exceeded",
            ChatError::Model(_) => "model_error",
            ChatError::Storage(_) => "storage_error",
            ChatError::Internal(_) => "internal_error",
        }
    }

    /// The same error as a stream's `error` event.
    pub fn into_stream_error(self) -> StreamError {
        let retry_after = match &self {
            ChatError::Throttled { retry_after_secs }
            | ChatError::BudgetExceeded { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let error = StreamError::new(self.status(), self.code(), self.to_string());
        match retry_after {
            Some(secs) => error.retry_after(secs),
            None => error,
        }
    }

    /// Renders the error as `request` asked: one `error` event when it accepts `text/event-stream`,
    /// else JSON ([`ChatError::into_response`]); the status and `Retry-After` either way.
    pub fn respond_to<B: From<Bytes>, R>(self, request: &http::Request<R>) -> http::Response<B> {
        if wants_event_stream(request) {
            error_stream_response(&self.into_stream_error())
        } else {
            self.into_response()
        }
    }

    /// Renders `{"error":{"code","message"}}` with the status, and `Retry-After` when throttled.
    pub fn into_response<B: From<Bytes>>(self) -> http::Response<B> {
        let mut response = error_response(self.status(), self.code(), &self.to_string());
        if let ChatError::Throttled { retry_after_secs }
        | ChatError::BudgetExceeded { retry_after_secs } = self
        {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs),
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
        let response: http::Response<Bytes> = ChatError::Throttled {
            retry_after_secs: 3,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[http::header::RETRY_AFTER], "3");
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(body["error"]["code"], "throttled");
    }

    #[test]
    fn layer_errors_keep_their_status_and_code() {
        let error = ChatError::from(FrugalError::DeadlineExceeded);
        assert_eq!(error.status(), StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(error.code(), "deadline_exceeded");
    }
}
