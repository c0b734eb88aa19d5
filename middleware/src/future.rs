//! The response future shared by layers that may answer early.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

pin_project! {
    /// Either an answer the layer produced itself, or the inner service's future. No allocation on
    /// either path.
    #[project = EarlyOrInnerProj]
    #[allow(missing_docs)]
    #[derive(Debug)]
    pub enum EarlyOrInner<F, R> {
        /// The layer answered; the inner service was not called.
        Early {
            response: Option<R>,
        },
        /// The inner service's future.
        Inner {
            #[pin]
            future: F,
        },
    }
}

impl<F, R> EarlyOrInner<F, R> {
    /// An early answer.
    pub fn early(response: R) -> Self {
        EarlyOrInner::Early {
            response: Some(response),
        }
    }

    /// Wraps the inner future.
    pub fn inner(future: F) -> Self {
        EarlyOrInner::Inner { future }
    }
}

impl<F, R, E> Future for EarlyOrInner<F, R>
where
    F: Future<Output = Result<R, E>>,
{
    type Output = Result<R, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            EarlyOrInnerProj::Early { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                // Polled again after completion: a contract violation by the caller.
                None => Poll::Pending,
            },
            EarlyOrInnerProj::Inner { future } => future.poll(cx),
        }
    }
}
