//! One layer alone: Frugal's cold-start and cost metrics (one EMF line per request on stdout, and the
//! `x-frugal-*` headers) in front of any hyper service, here a plain "hello" on 127.0.0.1:3001.
//! The other layers work the same way (`GuardLayer`, `SmallTalkLayer`, `ResponseCacheLayer`,
//! `DeadlineLayer`).
use std::convert::Infallible;

use bytes::Bytes;
use frugal_middleware::metrics::MetricsLayer;
use http_body_util::Full;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;

async fn hello(
    _request: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    Ok(http::Response::new(Full::new(Bytes::from_static(
        b"hello\n",
    ))))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3001".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{}", listener.local_addr()?);
    let service = tower::ServiceBuilder::new()
        .layer(MetricsLayer::from_env().service_name("hello"))
        .service_fn(hello);
    loop {
        let (stream, _) = listener.accept().await?;
        let service = TowerToHyperService::new(service.clone());
        tokio::spawn(async move {
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
