//! The HTTPS client behind every AWS call: hyper over rustls on ring, with trust anchors built in.
//!
//! The SDK's own client (`aws-smithy-http-client`) trusts the system's store, read from PEM on the
//! first connection: on a model-first cold start that was decoding and parsing ~145 certificates,
//! about 2 ms of CPU time, a quarter of the whole start (figures in bench/README.md). Here the
//! anchors are Mozilla's, compiled in (`webpki-roots`) and used as they are; a PEM store is read only
//! when the process is told to trust one: `SSL_CERT_FILE` / `SSL_CERT_DIR` (through
//! `rustls-native-certs`, as before) and `AWS_CA_BUNDLE`, each added to the built-in anchors.
//! Certificates are verified in full by rustls' webpki verifier (chain to an anchor, validity, host
//! name); nothing here relaxes it.
//!
//! Errors are classified the way the SDK's retry strategy expects: a refused or dropped connection
//! is an I/O error (retried), a timeout a timeout, a certificate the verifier rejects is not retried.

use std::collections::HashMap;
use std::future::Future;
use std::net::{SocketAddr, ToSocketAddrs};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::ErrorKind;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::crypto::hash::HashAlgorithm;
use rustls::pki_types::TrustAnchor;
use rustls::RootCertStore;
use tokio::runtime::RuntimeFlavor;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Pool = Client<HttpsConnector<TcpConnector<Resolver>>, SdkBody>;

/// Resolves host names with the system's resolver (`getaddrinfo`), on the calling thread when the
/// runtime has only one, on the blocking pool otherwise.
///
/// hyper's own resolver always hands the lookup to tokio's blocking pool. On the Lambda runtime,
/// which is single-threaded and handles one event at a time, the first lookup then starts a thread
/// (its stack, its own `malloc` arena, two wake-ups) only to wait for it: up to 0.5 ms of a model-first
/// cold start's CPU time on a busy 2-core VM, within noise on a quiet one (bench/README.md, "Step 8");
/// CPU time is stretched several times at small memory sizes. Resolving
/// inline costs the same lookup without the thread. What it gives up: while the lookup runs, nothing
/// else on that thread does — the chat's request deadline included — so a resolver that stops
/// answering holds the invocation for the resolver's own timeout (`/etc/resolv.conf`, 5 s per try by
/// default) instead of letting the deadline answer first. The local server (multi-threaded) keeps
/// the blocking pool.
#[derive(Clone, Copy, Debug, Default)]
pub struct Resolver;

type Addresses = std::vec::IntoIter<SocketAddr>;

fn lookup(host: &str) -> std::io::Result<Addresses> {
    Ok((host, 0).to_socket_addrs()?.collect::<Vec<_>>().into_iter())
}

impl tower::Service<Name> for Resolver {
    type Response = Addresses;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = std::io::Result<Addresses>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let single_threaded = tokio::runtime::Handle::try_current()
            .is_ok_and(|runtime| runtime.runtime_flavor() == RuntimeFlavor::CurrentThread);
        if single_threaded {
            return Box::pin(std::future::ready(lookup(name.as_str())));
        }
        let host = name.as_str().to_owned();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || lookup(&host))
                .await
                .map_err(std::io::Error::other)?
        })
    }
}

/// The trust anchors: Mozilla's, built in; the stores named by `SSL_CERT_FILE` / `SSL_CERT_DIR` if
/// set; and `extra` (the anchors of `AWS_CA_BUNDLE`, parsed when it was checked at start).
pub fn root_store(extra: &[TrustAnchor<'static>]) -> RootCertStore {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let named = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    if named("SSL_CERT_FILE") || named("SSL_CERT_DIR") {
        let loaded = rustls_native_certs::load_native_certs();
        for error in &loaded.errors {
            tracing::warn!(%error, "a certificate store named by SSL_CERT_FILE/SSL_CERT_DIR could not be read");
        }
        let (added, ignored) = roots.add_parsable_certificates(loaded.certs);
        if ignored > 0 {
            tracing::warn!(
                added,
                ignored,
                "certificates from SSL_CERT_FILE/SSL_CERT_DIR that do not parse were ignored"
            );
        }
    }
    roots.roots.extend_from_slice(extra);
    roots
}

/// The TLS configuration: ring, TLS 1.2 and 1.3, client certificates off (the connector offers ALPN
/// `h2` then `http/1.1`). Every cipher suite of ring's default provider is offered, those hashing
/// with SHA-256 first (AES-128-GCM, then ChaCha20-Poly1305; the SHA-384 suites after them): a server
/// that follows the client's order then hashes the handshake with SHA-256, which both Lambda
/// architectures compute in hardware (SHA-NI, the Armv8 SHA-2 instructions), where ring computes
/// SHA-384 in software on x86_64 (bench/README.md, step 9). A server with an order of its own, as
/// AWS's endpoints have, still chooses by it.
pub fn client_config(roots: RootCertStore) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut provider = rustls::crypto::ring::default_provider();
    // A stable sort: each group keeps ring's own order.
    provider
        .cipher_suites
        .sort_by_key(|suite| suite_hash(suite) != HashAlgorithm::SHA256);
    Ok(
        rustls::ClientConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// The hash a cipher suite's handshake and key schedule use.
fn suite_hash(suite: &rustls::SupportedCipherSuite) -> HashAlgorithm {
    let common = match suite {
        rustls::SupportedCipherSuite::Tls12(suite) => &suite.common,
        rustls::SupportedCipherSuite::Tls13(suite) => &suite.common,
    };
    common.hash_provider.algorithm()
}

/// An [`HttpClient`] for the SDK over one rustls configuration. Plain `http://` endpoints (local
/// emulators) are served too. Connections are pooled per connect timeout. The SDK's connect timeout
/// bounds the TCP connection; its read timeout, when set, bounds everything up to the response's
/// headers (TLS handshake included); the chat's request deadline bounds the rest.
#[derive(Clone, Debug)]
pub struct HttpsClient {
    /// The configuration, or why rustls refused it (then every call fails with that reason).
    tls: Result<Arc<rustls::ClientConfig>, rustls::Error>,
    pools: Arc<Mutex<HashMap<Option<Duration>, Pool>>>,
}

impl HttpsClient {
    /// A client verifying servers against `roots` (see [`client_config`]).
    pub fn new(roots: RootCertStore) -> Self {
        let tls = client_config(roots).map(Arc::new);
        if let Err(error) = &tls {
            tracing::error!(%error, "TLS configuration refused: every AWS call will fail");
        }
        Self {
            tls,
            pools: Arc::default(),
        }
    }

    /// As a [`SharedHttpClient`] for the SDK's config.
    pub fn shared(self) -> SharedHttpClient {
        SharedHttpClient::new(self)
    }

    fn pool(&self, tls: &rustls::ClientConfig, connect_timeout: Option<Duration>) -> Pool {
        let mut pools = self.pools.lock().unwrap_or_else(PoisonError::into_inner);
        pools
            .entry(connect_timeout)
            .or_insert_with(|| {
                let mut tcp = TcpConnector::new_with_resolver(Resolver);
                tcp.enforce_http(false);
                tcp.set_nodelay(true);
                tcp.set_connect_timeout(connect_timeout);
                let https = hyper_rustls::HttpsConnectorBuilder::new()
                    .with_tls_config(tls.clone())
                    .https_or_http()
                    .enable_http1()
                    .enable_http2()
                    .wrap_connector(tcp);
                Client::builder(TokioExecutor::new())
                    .timer(TokioTimer::new())
                    .pool_timer(TokioTimer::new())
                    .build(https)
            })
            .clone()
    }
}

impl HttpClient for HttpsClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(Connector {
            pool: self
                .tls
                .as_ref()
                .map(|tls| self.pool(tls, settings.connect_timeout()))
                .map_err(Clone::clone),
            read_timeout: settings.read_timeout(),
        })
    }
}

#[derive(Debug)]
struct Connector {
    pool: Result<Pool, rustls::Error>,
    read_timeout: Option<Duration>,
}

impl HttpConnector for Connector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(error) => {
                return HttpConnectorFuture::ready(Err(ConnectorError::user(error.into())))
            }
        };
        let response = match &self.pool {
            Ok(pool) => pool.request(request),
            Err(error) => {
                return HttpConnectorFuture::ready(Err(ConnectorError::other(
                    Box::new(error.clone()),
                    None,
                )))
            }
        };
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            let response = match read_timeout {
                Some(limit) => match tokio::time::timeout(limit, response).await {
                    Ok(response) => response,
                    Err(elapsed) => return Err(ConnectorError::timeout(elapsed.into())),
                },
                None => response.await,
            };
            match response {
                Ok(response) => HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                    .map_err(|error| ConnectorError::other(error.into(), None)),
                Err(error) => Err(classify(error)),
            }
        })
    }
}

/// Maps hyper's error to the kind the SDK's retry strategy acts on.
fn classify(error: hyper_util::client::legacy::Error) -> ConnectorError {
    let error: BoxError = error.into();
    if find::<rustls::Error>(error.as_ref()).is_some() {
        // A certificate the verifier refused (or a protocol failure): retrying changes nothing.
        return ConnectorError::other(error, None);
    }
    if let Some(hyper_error) = find::<hyper::Error>(error.as_ref()) {
        if hyper_error.is_timeout() {
            return ConnectorError::timeout(error);
        }
        if hyper_error.is_user() {
            return ConnectorError::user(error);
        }
        if hyper_error.is_incomplete_message() {
            return ConnectorError::other(error, Some(ErrorKind::TransientError));
        }
        if hyper_error.is_closed() || hyper_error.is_canceled() {
            return ConnectorError::io(error);
        }
    }
    if let Some(h2_error) = find::<h2::Error>(error.as_ref()) {
        if h2_error.is_go_away()
            || h2_error.is_io()
            || (h2_error.is_reset() && h2_error.reason() == Some(h2::Reason::REFUSED_STREAM))
        {
            return ConnectorError::io(error);
        }
    }
    let connect = find::<hyper_util::client::legacy::Error>(error.as_ref())
        .is_some_and(hyper_util::client::legacy::Error::is_connect);
    if connect || find::<std::io::Error>(error.as_ref()).is_some() {
        return ConnectorError::io(error);
    }
    ConnectorError::other(error, None)
}

/// The first error of type `E` in `error`'s chain, `io::Error` payloads included.
fn find<'a, E: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a E> {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<E>() {
            return Some(found);
        }
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static))
                .or_else(|| current.source()),
            None => current.source(),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(runtime: &tokio::runtime::Runtime, host: &str) -> std::io::Result<Vec<SocketAddr>> {
        use tower::ServiceExt;
        let name: Name = host.parse().map_err(std::io::Error::other)?;
        runtime.block_on(async { Ok(Resolver.oneshot(name).await?.collect()) })
    }

    fn counting_threads(
        mut builder: tokio::runtime::Builder,
    ) -> (tokio::runtime::Runtime, Arc<std::sync::atomic::AtomicUsize>) {
        let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = started.clone();
        let runtime = builder
            .enable_all()
            .on_thread_start(move || {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            })
            .build()
            .expect("runtime");
        (runtime, started)
    }

    #[test]
    fn the_lambda_runtime_resolves_without_starting_a_thread() {
        let (runtime, started) = counting_threads(tokio::runtime::Builder::new_current_thread());
        let addresses = resolve(&runtime, "localhost").expect("localhost resolves");
        assert!(
            addresses.iter().any(|a| a.ip().is_loopback()),
            "{addresses:?}"
        );
        let error = resolve(&runtime, "no-such-host.invalid").expect_err("an unknown name fails");
        assert!(!error.to_string().is_empty());
        assert_eq!(
            started.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "no thread started"
        );
    }

    #[test]
    fn a_multi_threaded_runtime_resolves_on_its_blocking_pool() {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(1);
        let (runtime, started) = counting_threads(builder);
        let addresses = resolve(&runtime, "localhost").expect("localhost resolves");
        assert!(
            addresses.iter().any(|a| a.ip().is_loopback()),
            "{addresses:?}"
        );
        // One worker, plus the blocking thread the lookup ran on.
        assert!(started.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    }

    #[test]
    fn ring_accepts_the_configuration_and_the_connector_builds() {
        let client = HttpsClient::new(root_store(&[]));
        let Ok(tls) = client.tls.clone() else {
            panic!("{:?}", client.tls)
        };
        assert!(tls.alpn_protocols.is_empty(), "the connector sets ALPN");
        let _pool = client.pool(&tls, Some(Duration::from_secs(1)));
        assert_eq!(client.pools.lock().map(|p| p.len()).ok(), Some(1));
    }

    #[test]
    fn every_default_suite_is_offered_sha256_ones_first() {
        let Ok(tls) = client_config(root_store(&[])) else {
            panic!("ring refused the configuration")
        };
        let offered = &tls.crypto_provider().cipher_suites;
        assert_eq!(
            offered.first().map(|suite| suite.suite()),
            Some(rustls::CipherSuite::TLS13_AES_128_GCM_SHA256)
        );
        let hashes: Vec<HashAlgorithm> = offered.iter().map(suite_hash).collect();
        let last_sha256 = hashes.iter().rposition(|h| *h == HashAlgorithm::SHA256);
        let first_other = hashes.iter().position(|h| *h != HashAlgorithm::SHA256);
        assert!(
            last_sha256 < first_other,
            "SHA-256 suites first: {hashes:?}"
        );
        let names = |suites: &[rustls::SupportedCipherSuite]| {
            let mut names: Vec<String> =
                suites.iter().map(|s| format!("{:?}", s.suite())).collect();
            names.sort();
            names
        };
        assert_eq!(
            names(offered),
            names(&rustls::crypto::ring::default_provider().cipher_suites),
            "the same suites as ring's default provider, none dropped"
        );
    }

    #[test]
    fn amazons_roots_are_built_in() {
        let roots = root_store(&[]);
        let amazon = roots
            .roots
            .iter()
            .filter(|anchor| {
                let subject: &[u8] = anchor.subject.as_ref();
                subject.windows(14).any(|w| w == b"Amazon Root CA")
            })
            .count();
        assert!(amazon >= 4, "Amazon Root CA 1-4 expected, found {amazon}");
        assert!(roots.len() > 100, "{}", roots.len());
    }

    #[test]
    fn extra_certificates_are_added_to_the_built_in_ones() {
        let built_in = root_store(&[]).len();
        let pki = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]);
        let Ok(certified) = pki else { panic!("rcgen") };
        let mut parsed = RootCertStore::empty();
        parsed.add(certified.cert.der().clone()).expect("parses");
        let with_extra = root_store(&parsed.roots).len();
        assert_eq!(with_extra, built_in + 1);
    }

    #[test]
    fn an_error_inside_an_io_error_is_found() {
        let refused: BoxError = Box::new(std::io::Error::other(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        )));
        assert!(find::<rustls::Error>(refused.as_ref()).is_some());
        assert!(find::<hyper::Error>(refused.as_ref()).is_none());
    }
}
