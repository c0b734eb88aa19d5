//! Answers 504 before the Lambda timeout kills the invocation.
//!
//! Inside Lambda the deadline comes from the invocation context (`lambda_http` puts it in the request
//! extensions); locally from a configured budget. The layer stops waiting `margin` before the deadline
//! and answers `504` with a JSON error, so the client gets a clear answer and the logs a clean line
//! instead of `Task timed out`. It also puts a [`RequestDeadline`] in the request extensions so the
//! inner service can bound its own retries.
//!
//! ```
//! use std::time::Duration;
//! use bytes::Bytes;
//! use frugal_middleware::deadline::DeadlineLayer;
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let slow = service_fn(|_req: http::Request<Bytes>| async {
//!     tokio::time::sleep(Duration::from_secs(5)).await;
//!     Ok::<_, std::convert::Infallible>(http::Response::new(Bytes::new()))
//! });
//! let service = DeadlineLayer::new().local_budget(Duration::from_millis(50)).margin(Duration::ZERO).layer(slow);
//! let response = service.oneshot(http::Request::new(Bytes::new())).await.unwrap();
//! assert_eq!(response.status(), 504);
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response};
use pin_project_lite::pin_project;
use tokio::time::Sleep;
use tower::{Layer, Service};

use crate::error::FrugalError;
use crate::future::define_inner_service_accessors;
use crate::stream::{error_stream_response, wants_event_stream};

/// Default safety margin before the deadline.
pub const DEFAULT_MARGIN: Duration = Duration::from_millis(500);

pub use crate::types::RequestDeadline;

/// Enforces the deadline. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct DeadlineLayer {
    margin: Duration,
    local_budget: Option<Duration>,
}

impl Default for DeadlineLayer {
    fn default() -> Self {
        Self::new()
    }
}

impl DeadlineLayer {
    /// A 500 ms margin and no local budget.
    pub fn new() -> Self {
        Self {
            margin: DEFAULT_MARGIN,
            local_budget: None,
        }
    }

    /// How long before the deadline to give up.
    #[must_use]
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The budget per request when there is no Lambda context (local server).
    #[must_use]
    pub fn local_budget(mut self, budget: Duration) -> Self {
        self.local_budget = Some(budget);
        self
    }
}

impl<S> Layer<S> for DeadlineLayer {
    type Service = Deadline<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Deadline {
            inner,
            config: self.clone(),
        }
    }
}

/// The deadline service, made by [`DeadlineLayer`].
#[derive(Clone, Debug)]
pub struct Deadline<S> {
    inner: S,
    config: DeadlineLayer,
}

impl<S> Deadline<S> {
    define_inner_service_accessors!();
}

#[cfg(feature = "lambda")]
fn lambda_remaining<B>(request: &Request<B>) -> Option<Duration> {
    let context = request.extensions().get::<lambda_http::Context>()?;
    if context.deadline == 0 {
        return None;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_millis() as u64;
    Some(Duration::from_millis(context.deadline.saturating_sub(now)))
}

#[cfg(not(feature = "lambda"))]
fn lambda_remaining<B>(_request: &Request<B>) -> Option<Duration> {
    let _ = (SystemTime::now(), UNIX_EPOCH);
    None
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Deadline<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<Bytes>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let remaining = lambda_remaining(&request).or(self.config.local_budget);
        let event_stream = wants_event_stream(&request);
        let Some(remaining) = remaining else {
            return ResponseFuture::Inner {
                future: self.inner.call(request),
                sleep: None,
                event_stream,
            };
        };
        let budget = remaining.saturating_sub(self.config.margin);
        if budget.is_zero() {
            return ResponseFuture::Expired {
                response: Some(deadline_response(event_stream)),
            };
        }
        request
            .extensions_mut()
            .insert(RequestDeadline(Instant::now() + budget));
        ResponseFuture::Inner {
            future: self.inner.call(request),
            sleep: Some(tokio::time::sleep(budget)),
            event_stream,
        }
    }
}

/// `504 deadline_exceeded`, as JSON or as one `error` event.
fn deadline_response<B: From<Bytes>>(event_stream: bool) -> Response<B> {
    if event_stream {
        error_stream_response(&FrugalError::DeadlineExceeded.into())
    } else {
        FrugalError::DeadlineExceeded.into_response()
    }
}

pin_project! {
    /// Response future of [`Deadline`].
    #[project = ResponseFutureProj]
    #[allow(missing_docs)]
    pub enum ResponseFuture<F, B> {
        /// No time left before the inner service was called.
        Expired {
            response: Option<Response<B>>,
        },
        /// Racing the inner future against the deadline.
        Inner {
            #[pin]
            future: F,
            #[pin]
            sleep: Option<Sleep>,
            event_stream: bool,
        },
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: From<Bytes>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            ResponseFutureProj::Expired { response } => {
                let response = response
                    .take()
                    .unwrap_or_else(|| panic!("deadline `ResponseFuture` polled after completion"));
                Poll::Ready(Ok(response))
            }
            ResponseFutureProj::Inner {
                future,
                sleep,
                event_stream,
            } => {
                if let Poll::Ready(output) = future.poll(cx) {
                    return Poll::Ready(output);
                }
                let expired = sleep
                    .as_pin_mut()
                    .is_some_and(|sleep| sleep.poll(cx).is_ready());
                if expired {
                    tracing::warn!("deadline reached, answering 504");
                    return Poll::Ready(Ok(deadline_response(*event_stream)));
                }
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::{service_fn, ServiceExt};

    #[tokio::test]
    async fn fast_inner_passes_and_sees_the_deadline() {
        let inner = service_fn(|request: Request<Bytes>| async move {
            let left = request
                .extensions()
                .get::<RequestDeadline>()
                .map(RequestDeadline::remaining);
            Ok::<_, std::convert::Infallible>(Response::new(Bytes::from(format!(
                "{}",
                left.is_some()
            ))))
        });
        let service = DeadlineLayer::new()
            .local_budget(Duration::from_secs(2))
            .layer(inner);
        let response = service.oneshot(Request::new(Bytes::new())).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.body(), "true");
    }

    #[tokio::test]
    async fn budget_smaller_than_margin_is_an_immediate_504() {
        let inner = service_fn(|_r: Request<Bytes>| async {
            Ok::<_, std::convert::Infallible>(Response::new(Bytes::new()))
        });
        let service = DeadlineLayer::new()
            .local_budget(Duration::from_millis(100))
            .layer(inner);
        let response = service.oneshot(Request::new(Bytes::new())).await.unwrap();
        assert_eq!(response.status(), 504);
    }

    #[cfg(feature = "lambda")]
    #[tokio::test]
    async fn lambda_context_deadline_is_used() {
        let slow = service_fn(|_r: Request<Bytes>| async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Ok::<_, std::convert::Infallible>(Response::new(Bytes::new()))
        });
        let service = DeadlineLayer::new()
            .margin(Duration::from_millis(100))
            .layer(slow);
        let mut request = Request::new(Bytes::new());
        let mut context = lambda_http::Context::default();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        context.deadline = now + 300;
        request.extensions_mut().insert(context);
        let started = Instant::now();
        let response = service.oneshot(request).await.unwrap();
        assert_eq!(response.status(), 504);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
