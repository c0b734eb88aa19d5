//! TLS for the stand-ins, so the model path is measured the way production runs it: a local
//! certificate authority, a leaf certificate for `localhost` signed by it, and a trust store file made
//! of the system's CA bundle plus that authority — as large as the one a Lambda function loads.
//! The process under test is pointed at it with `SSL_CERT_FILE` (and `AWS_CA_BUNDLE`), and verifies
//! the stand-in's certificate exactly as it would verify Bedrock's or DynamoDB's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// Where Linux distributions keep the system CA bundle (Debian/Ubuntu, then Amazon Linux/Fedora).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
];

/// A local certificate authority and what the stand-ins and the process under test need from it.
pub struct LocalPki {
    /// Server configuration with the `localhost` leaf and its chain (ring provider).
    pub server: Arc<rustls::ServerConfig>,
    /// PEM file: the system bundle (when found) followed by the local authority.
    pub trust_store: PathBuf,
    /// How many certificates the trust store holds.
    pub trust_store_certificates: usize,
    /// PEM file with the local authority alone (a one-certificate trust store, for comparison).
    pub ca_only: PathBuf,
    _dir: tempfile::TempDir,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl LocalPki {
    /// Creates the authority, the leaf and the trust store file (in a temporary folder removed on drop).
    pub fn new() -> Result<Self, BoxError> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Frugal bench local CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)?;

        let leaf_key = KeyPair::generate()?;
        let mut leaf_params = CertificateParams::new(vec!["localhost".to_owned()])?;
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let leaf = leaf_params.signed_by(&leaf_key, &ca)?;

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let server = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)?;

        let dir = tempfile::tempdir()?;
        let mut bundle = system_bundle().unwrap_or_default();
        if !bundle.is_empty() && !bundle.ends_with('\n') {
            bundle.push('\n');
        }
        bundle.push_str(&ca.pem());
        let trust_store = dir.path().join("trust-store.pem");
        std::fs::write(&trust_store, &bundle)?;
        let ca_only = dir.path().join("ca.pem");
        std::fs::write(&ca_only, ca.pem())?;
        Ok(Self {
            server: Arc::new(server),
            trust_store_certificates: bundle.matches("-----BEGIN CERTIFICATE-----").count(),
            trust_store,
            ca_only,
            _dir: dir,
        })
    }

    /// The environment that makes a process trust the local authority on top of the system's: the
    /// trust store file as `variable` — `SSL_CERT_FILE` for rustls-native-certs (the Rust SDK, where it
    /// replaces the system bundle exactly as a Lambda function's own bundle would be read),
    /// `AWS_CA_BUNDLE` for botocore.
    pub fn client_env(&self, variable: &str) -> Vec<(String, String)> {
        vec![(variable.to_owned(), self.trust_store.display().to_string())]
    }

    /// The environment that adds only the local authority, as `variable`: for a process with trust
    /// anchors of its own (the chat bootstrap's are built in), the way it runs in production plus the
    /// one authority the stand-in needs.
    pub fn client_env_ca_only(&self, variable: &str) -> Vec<(String, String)> {
        vec![(variable.to_owned(), self.ca_only.display().to_string())]
    }
}

fn system_bundle() -> Option<String> {
    SYSTEM_BUNDLES
        .iter()
        .map(Path::new)
        .find_map(|path| std::fs::read_to_string(path).ok())
}
