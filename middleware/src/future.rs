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
            EarlyOrInnerProj::Early { response } => {
                let response = response
                    .take()
                    .unwrap_or_else(|| panic!("`EarlyOrInner` polled after completion"));
                Poll::Ready(Ok(response))
            }
            EarlyOrInnerProj::Inner { future } => future.poll(cx),
        }
    }
}

/// `get_ref`, `get_mut` and `into_inner` for a service struct with an `inner` field (tower-http's
/// habit).
#[allow(unused_macros)]
macro_rules! define_inner_service_accessors {
    () => {
        /// A reference to the inner service.
        pub fn get_ref(&self) -> &S {
            &self.inner
        }

        /// A mutable reference to the inner service.
        pub fn get_mut(&mut self) -> &mut S {
            &mut self.inner
        }

        /// The inner service, consuming this one.
        pub fn into_inner(self) -> S {
            self.inner
        }
    };
}
#[allow(unused_imports)]
pub(crate) use define_inner_service_accessors;
