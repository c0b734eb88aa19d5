//! Nagle's algorithm off on the connection to Lambda's Runtime API, for streamed answers
//! ([`RuntimeApiNoDelayLayer`]).
//!
//! `lambda_runtime`'s client connects to the Runtime API with `TCP_NODELAY` off and offers no way to
//! turn it on. A streamed answer (`lambda_http::run_with_streaming_response`) is written as many small
//! chunks: with Nagle's algorithm on, each one written while the previous is unacknowledged waits in
//! the kernel for the Runtime API's ACK, which a receiver that delays its ACKs sends up to 40 ms later
//! (Linux). Measured against a local Runtime API: a streamed greeting took ~44 ms instead of ~1.6 ms,
//! and a streamed answer's first words came ~40 ms after they were written (bench/README.md, step 10).
//! This finds the process's TCP sockets connected to `AWS_LAMBDA_RUNTIME_API` and sets `TCP_NODELAY`
//! on them.
//!
//! ```no_run
//! use frugal_middleware::runtime_api::RuntimeApiNoDelayLayer;
//! # async fn answer(_: lambda_http::Request) -> Result<lambda_http::Response<String>, std::convert::Infallible> { todo!() }
//! # async fn run() -> Result<(), lambda_http::Error> {
//! let service = tower::ServiceBuilder::new()
//!     .layer(RuntimeApiNoDelayLayer::default())
//!     .service_fn(answer);
//! lambda_http::run_with_streaming_response(service).await
//! # }
//! ```

use std::net::SocketAddr;

/// The Runtime API's address, from `AWS_LAMBDA_RUNTIME_API` (`host:port`), when it is an IP
/// address and port (Lambda's is `127.0.0.1:9001`).
pub fn address_from_env() -> Option<SocketAddr> {
    std::env::var("AWS_LAMBDA_RUNTIME_API").ok()?.parse().ok()
}

/// Turns Nagle's algorithm off on the runtime's connection to the Runtime API at the first request
/// (the connection exists by then) and at each later one until a connection was found. Outside
/// Lambda (no `AWS_LAMBDA_RUNTIME_API`) it does nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuntimeApiNoDelayLayer;

impl<S> tower::Layer<S> for RuntimeApiNoDelayLayer {
    type Service = RuntimeApiNoDelay<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RuntimeApiNoDelay::towards(inner, address_from_env())
    }
}

impl<S> RuntimeApiNoDelay<S> {
    /// The service for the Runtime API at `peer` (none: it does nothing).
    fn towards(inner: S, peer: Option<SocketAddr>) -> Self {
        Self {
            inner,
            peer,
            done: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(peer.is_none())),
        }
    }
}

/// The service of [`RuntimeApiNoDelayLayer`].
#[derive(Clone, Debug)]
pub struct RuntimeApiNoDelay<S> {
    inner: S,
    peer: Option<SocketAddr>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<S, R> tower::Service<R> for RuntimeApiNoDelay<S>
where
    S: tower::Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        use std::sync::atomic::Ordering;
        if let (false, Some(peer)) = (self.done.load(Ordering::Relaxed), self.peer) {
            if disable_nagle_towards(peer) > 0 {
                self.done.store(true, Ordering::Relaxed);
            }
        }
        self.inner.call(request)
    }
}

/// Sets `TCP_NODELAY` on every TCP socket of this process connected to `peer`, and returns how many
/// it found. Linux only (it lists `/proc/self/fd`); elsewhere it finds none.
pub fn disable_nagle_towards(peer: SocketAddr) -> usize {
    #[cfg(target_os = "linux")]
    {
        linux::disable_nagle_towards(peer)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = peer;
        0
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::net::SocketAddr;
    use std::os::fd::BorrowedFd;

    // The crate's one `unsafe` block: borrowing a descriptor the runtime's client owns, the only way
    // to reach its socket (the client exposes neither the socket nor its connector's settings).
    #[allow(unsafe_code)]
    pub(super) fn disable_nagle_towards(peer: SocketAddr) -> usize {
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
            return 0;
        };
        let mut found = 0;
        for entry in entries.flatten() {
            let Some(fd) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            // Sockets only: their link reads `socket:[inode]`.
            let is_socket = std::fs::read_link(entry.path())
                .is_ok_and(|link| link.as_os_str().as_encoded_bytes().starts_with(b"socket:"));
            if !is_socket {
                continue;
            }
            // SAFETY: `fd` is one of this process's open descriptors (listed just now), and the
            // borrow ends within this iteration. In Lambda the process serves one invocation at a
            // time on one thread, so nothing closes descriptors meanwhile.
            let fd = unsafe { BorrowedFd::borrow_raw(fd) };
            let socket = socket2::SockRef::from(&fd);
            let connected_to_peer = socket
                .peer_addr()
                .ok()
                .and_then(|address| address.as_socket())
                == Some(peer);
            if connected_to_peer && socket.set_tcp_nodelay(true).is_ok() {
                found += 1;
            }
        }
        found
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::net::{TcpListener, TcpStream};

    #[test]
    fn sets_nodelay_on_the_connections_to_the_peer_only() {
        let api = TcpListener::bind("127.0.0.1:0").expect("bind");
        let other = TcpListener::bind("127.0.0.1:0").expect("bind");
        let to_api = TcpStream::connect(api.local_addr().expect("address")).expect("connect");
        let to_other = TcpStream::connect(other.local_addr().expect("address")).expect("connect");
        to_api.set_nodelay(false).expect("nodelay");
        to_other.set_nodelay(false).expect("nodelay");

        let found = disable_nagle_towards(api.local_addr().expect("address"));
        assert_eq!(found, 1);
        assert!(to_api.nodelay().expect("nodelay"));
        assert!(
            !to_other.nodelay().expect("nodelay"),
            "other peers are left alone"
        );
    }

    #[tokio::test]
    async fn the_layer_sets_it_at_the_first_request() {
        use tower::{Service, ServiceExt};
        let api = TcpListener::bind("127.0.0.1:0").expect("bind");
        let to_api = TcpStream::connect(api.local_addr().expect("address")).expect("connect");
        to_api.set_nodelay(false).expect("nodelay");
        let inner =
            tower::service_fn(|n: u32| async move { Ok::<_, std::convert::Infallible>(n + 1) });
        let mut service =
            RuntimeApiNoDelay::towards(inner, Some(api.local_addr().expect("address")));
        let answer = service
            .ready()
            .await
            .expect("ready")
            .call(41)
            .await
            .expect("call");
        assert_eq!(
            answer, 42,
            "the request reaches the inner service unchanged"
        );
        assert!(to_api.nodelay().expect("nodelay"));
        assert!(service.done.load(std::sync::atomic::Ordering::Relaxed));
    }
}
