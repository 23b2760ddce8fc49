//! TLS to a PostgreSQL store, through rustls, where its address asks for it
//! (`sslmode=require`, or a CA named by `sslrootcert=`/`PGSSLROOTCERT`). The server's
//! certificate is always verified, and its name against the host's, as libpq's `verify-full`
//! does: against the CA named, else the system's trusted certificates (the same verifier the
//! network layer's HTTPS uses). PostgreSQL speaks TLS only over TCP; a Unix socket needs none.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::super::StoreError;
use super::super::location::PgUrl;

/// What connects to the store at `url` with TLS.
pub fn connector(url: &PgUrl) -> Result<MakeRustlsConnect, StoreError> {
    let untrusted = |why: String| StoreError::Untrusted {
        store: url.shown().to_string(),
        why,
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| untrusted(e.to_string()))?;
    let config = match url.root_cert() {
        Some(path) => builder
            .with_root_certificates(roots(path).map_err(untrusted)?)
            .with_no_client_auth(),
        None => {
            let verifier = rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| untrusted(format!("the system's trusted certificates: {e}")))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// The certificates in the PEM file at `path`, as the only ones trusted.
fn roots(path: &Path) -> Result<rustls::RootCertStore, String> {
    let cannot = |e: &dyn std::fmt::Display| format!("cannot read {}: {e}", path.display());
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|e| cannot(&e))? {
        roots
            .add(cert.map_err(|e| cannot(&e))?)
            .map_err(|e| cannot(&e))?;
    }
    if roots.is_empty() {
        return Err(format!("{} holds no certificate", path.display()));
    }
    Ok(roots)
}
