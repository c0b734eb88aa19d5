//! The local HTTP server: the same Tower stack as in Lambda, served by hyper, plus the static chat
//! page when it is present.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{combinators::UnsyncBoxBody, BodyExt};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
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

async fn dispatch(
    request: Request<Incoming>,
    service: ChatStack,
    static_files: Option<ServeDir>,
) -> Response<BoxBody> {
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
