//! Where the store is: the SQLite file in the data directory (the default), another SQLite
//! file, or a PostgreSQL database shared by several hosts, as `--store`, `VOICETRAIN_STORE`
//! or config `store =` name it. A PostgreSQL address may hold a password: it is kept only in
//! the connection settings, and everything that shows an address shows [`PgUrl::shown`],
//! which never holds one.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr as _;
use std::time::Duration;

use postgres::config::Host;

/// How long connecting to a PostgreSQL store may take before it counts as unreachable, unless
/// its address sets `connect_timeout` itself.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub enum Location {
    /// A SQLite store file.
    File(PathBuf),
    Postgres(Box<PgUrl>),
}

/// A PostgreSQL address: its connection settings, and how it is shown.
#[derive(Clone)]
pub struct PgUrl {
    config: postgres::Config,
    shown: String,
    /// The CA certificate(s) that sign the server's (`sslrootcert=`, `PGSSLROOTCERT`).
    root_cert: Option<PathBuf>,
}

impl fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the store address {shown} is not a PostgreSQL address that can be read: {why}")]
pub struct BadAddress {
    shown: String,
    why: String,
}

impl Location {
    /// A store named as the user wrote it: a `postgres://` or `postgresql://` address, or
    /// else the path of a SQLite file.
    pub fn parse(text: &str) -> Result<Location, BadAddress> {
        let lower = text.to_ascii_lowercase();
        if !(lower.starts_with("postgres://") || lower.starts_with("postgresql://")) {
            return Ok(Location::File(PathBuf::from(text)));
        }
        PgUrl::parse(text).map(|url| Location::Postgres(Box::new(url)))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&url.shown),
        }
    }
}

impl PgUrl {
    fn parse(text: &str) -> Result<PgUrl, BadAddress> {
        // libpq's `sslrootcert`, which the client's own parser does not know.
        let (text, root_cert) = take_param(text, "sslrootcert");
        let mut config = postgres::Config::from_str(&text).map_err(|e| BadAddress {
            shown: without_password(&text),
            why: e.to_string(),
        })?;
        let root_cert = root_cert.map(PathBuf::from).or_else(|| {
            std::env::var_os("PGSSLROOTCERT")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        });
        if config.get_password().is_none()
            && let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty())
        {
            config.password(password.as_encoded_bytes());
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("voicetrain");
        }
        let shown = shown(&config);
        Ok(PgUrl {
            config,
            shown,
            root_cert,
        })
    }

    /// Whether the address asks for TLS: `sslmode=require`, or a CA to verify the server by.
    pub fn wants_tls(&self) -> bool {
        self.config.get_ssl_mode() == postgres::config::SslMode::Require || self.root_cert.is_some()
    }

    /// The CA certificate file named to verify the server by.
    pub fn root_cert(&self) -> Option<&std::path::Path> {
        self.root_cert.as_deref()
    }

    /// The address as shown: user, hosts, ports and database, never a password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn config(&self) -> &postgres::Config {
        &self.config
    }
}

/// `postgres://USER@HOST:PORT/DB`, with `?host=DIR` for a Unix socket directory.
fn shown(config: &postgres::Config) -> String {
    let mut tcp = Vec::new();
    let mut sockets = Vec::new();
    for (i, host) in config.get_hosts().iter().enumerate() {
        let port = config.get_ports().get(i).or(config.get_ports().first());
        match host {
            Host::Tcp(name) => tcp.push(match port {
                Some(port) => format!("{name}:{port}"),
                None => name.clone(),
            }),
            Host::Unix(dir) => sockets.push(dir.display().to_string()),
        }
    }
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let db = config.get_dbname().unwrap_or("");
    let mut shown = format!("postgres://{user}{}/{db}", tcp.join(","));
    if !sockets.is_empty() {
        shown.push_str("?host=");
        shown.push_str(&sockets.join(","));
    }
    shown
}

/// The address without its query parameter `name`, and that parameter's value (percent
/// decoded) if it had one.
fn take_param(text: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = text.split_once('?') else {
        return (text.to_string(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some((k, v)) if k == name => {
                value = Some(
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned(),
                );
                false
            }
            _ => true,
        })
        .collect();
    let text = match kept.is_empty() {
        true => base.to_string(),
        false => format!("{base}?{}", kept.join("&")),
    };
    (text, value)
}

/// An address that could not be read, shown without what may be a password: whatever lies
/// between `://` and the last `@` before the path.
fn without_password(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return "(unreadable)".into();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}@{host}{}", strip_query_password(path))
        }
        None => format!("{scheme}://{authority}{}", strip_query_password(path)),
    }
}

/// The path and query of an address with any `password=` parameter's value hidden.
fn strip_query_password(path: &str) -> String {
    let Some((before, query)) = path.split_once('?') else {
        return path.to_string();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{before}?{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown_of(text: &str) -> String {
        match Location::parse(text).unwrap() {
            Location::Postgres(url) => url.shown,
            Location::File(p) => panic!("a file: {}", p.display()),
        }
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown_of("postgres://vt:s3cret@db.example:5433/corpus"),
            "postgres://vt@db.example:5433/corpus"
        );
        assert_eq!(
            shown_of("postgresql://vt@/corpus?host=/run/pg&password=s3cret"),
            "postgres://vt@/corpus?host=/run/pg"
        );
    }

    #[test]
    fn an_unreadable_address_is_shown_without_its_password() {
        let e = Location::parse("postgres://vt:s3cret@db:notaport/corpus").unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
        let e = Location::parse("postgres://vt@db/corpus?password=s3cret&bogus=1").unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn tls_is_wanted_where_the_address_asks_for_it() {
        let url = |text: &str| match Location::parse(text).unwrap() {
            Location::Postgres(url) => url,
            Location::File(p) => panic!("a file: {}", p.display()),
        };
        assert!(!url("postgres://vt@db/corpus").wants_tls());
        assert!(url("postgres://vt@db/corpus?sslmode=require").wants_tls());
        let with_ca = url("postgres://vt@db/corpus?sslrootcert=%2Fetc%2Fca.pem&sslmode=require");
        assert_eq!(
            with_ca.root_cert(),
            Some(std::path::Path::new("/etc/ca.pem"))
        );
        assert!(!with_ca.shown().contains("ca.pem"), "{}", with_ca.shown());
    }

    #[test]
    fn anything_else_is_a_file() {
        assert!(matches!(
            Location::parse("/srv/voicetrain.db").unwrap(),
            Location::File(_)
        ));
    }
}
