//! The local HTTP server: the same Tower stack as in Lambda, served by hyper, plus the static chat
//! page when it is present.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, Version};
use http_body_util::{combinators::UnsyncBoxBody, BodyExt};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::app::ChatStack;

type BoxBody = UnsyncBoxBody<Bytes, std::io::Error>;

fn is_api(path: &str) -> bool {
    path == "/chat" || path == "/healthz" || path.starts_with("/sessions/")
}

/// Serves `service` on `listener` until the process ends; non-API `GET`s are served from `web_dir`.
pub async fn serve(
    listener: TcpListener,
    service: ChatStack,
    web_dir: Option<PathBuf>,
) -> std::io::Result<()> {
    let static_files = web_dir.map(|dir| ServeDir::new(dir).append_index_html_on_directories(true));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and similar: log, wait a moment, keep serving.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = service.clone();
        let static_files = static_files.clone();
        tokio::spawn(async move {
            let handler = hyper::service::service_fn(move |request: Request<Incoming>| {
                let service = service.clone();
                let static_files = static_files.clone();
                async move { Ok::<_, Infallible>(dispatch(request, service, static_files).await) }
            });
            if let Err(error) = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), handler)
                .await
            {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
}

/// How much of a request body the service left unread the server still reads, and for how long, before
/// it answers: an HTTP/1.1 server that closes a connection with unread bytes in its receive buffer
/// makes the kernel send a reset, which can reach the client before it has read the answer (a 413 for
/// an oversized body would then surface as "connection reset"). Past these bounds the server gives up.
const LINGER_BYTES: usize = 4 << 20;
const LINGER_TIME: Duration = Duration::from_secs(2);

async fn dispatch(
    request: Request<Incoming>,
    service: ChatStack,
    static_files: Option<ServeDir>,
) -> Response<BoxBody> {
    let lingering = request.version() <= Version::HTTP_11
        && !request
            .headers()
            .get(http::header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if !lingering {
        return route(request, service, static_files).await;
    }
    let (left_tx, mut left_rx) = oneshot::channel();
    let request = request.map(|body| ReturnsUnread {
        body: Some(body),
        unread: Some(left_tx),
    });
    let response = route(request, service, static_files).await;
    if let Ok(unread) = left_rx.try_recv() {
        drain(unread).await;
    }
    response
}

/// Reads and drops what is left of `body`, within [`LINGER_BYTES`] and [`LINGER_TIME`].
async fn drain(mut body: Incoming) {
    let read = async {
        let mut left = LINGER_BYTES;
        while let Some(Ok(frame)) = body.frame().await {
            if let Some(data) = frame.data_ref() {
                left = left.saturating_sub(data.len());
                if left == 0 {
                    break;
                }
            }
        }
    };
    if tokio::time::timeout(LINGER_TIME, read).await.is_err() {
        tracing::debug!("gave up draining an unread request body");
    }
}

/// A request body that, dropped before its end, hands the rest back to [`dispatch`] to drain.
struct ReturnsUnread {
    body: Option<Incoming>,
    unread: Option<oneshot::Sender<Incoming>>,
}

impl Body for ReturnsUnread {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        match self.body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

impl Drop for ReturnsUnread {
    fn drop(&mut self) {
        if let (Some(body), Some(unread)) = (self.body.take(), self.unread.take()) {
            if !body.is_end_stream() {
                // Nobody waits when the answer is already out; the body is then just dropped.
                let _ = unread.send(body);
            }
        }
    }
}

async fn route<B>(
    request: Request<B>,
    service: ChatStack,
    static_files: Option<ServeDir>,
) -> Response<BoxBody>
where
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let path = request.uri().path().to_owned();
    match static_files {
        Some(files) if !is_api(&path) && request.method() == http::Method::GET => match files
            .oneshot(request)
            .await
        {
            Ok(response) => response.map(|body| body.map_err(std::io::Error::other).boxed_unsync()),
            Err(never) => match never {},
        },
        _ => match service.oneshot(request).await {
            Ok(response) => {
                response.map(|body| body.map_err(|never| match never {}).boxed_unsync())
            }
            Err(never) => match never {},
        },
    }
}

/// Binds `addr`.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}
