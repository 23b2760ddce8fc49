//! `voicetrain doctor`: the command to run when something is wrong. It checks, in the order
//! one depends on the next, the config file, the store (integrity, schema, file mode), the key
//! and whether it opens the store, the keyring, the Google client, each account's token, and
//! each Google endpoint with its circuit breaker, and OCR (Tesseract and its languages); one
//! line each, and for each failure what to do. It changes nothing (a missing store is reported, not created) and exits 0 only when
//! nothing failed; a warning is a pass worth knowing about.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Ctx, block_on};
use crate::Error;
use crate::account::expires_within;
use crate::cli::{GlobalArgs, JsonArg};
use crate::config::{Config, Paths};
use crate::error::exit;
use crate::google::{self, Client, Endpoints, SERVICE};
use crate::hubspot;
use crate::net;
use crate::output::json;
use crate::output::{self, GREEN, RED, YELLOW, paint};
use crate::secret::{KeySource, KeySources, Vault};
use crate::store::location::{Location, PgUrl};
use crate::store::pg::PgStore;
use crate::store::{Store, StoreError, tokens};

/// How long an endpoint may take to answer at all.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One line of the report.
#[derive(Debug)]
struct Check {
    check: String,
    status: Status,
    detail: String,
    fix: Option<String>,
}

impl Check {
    fn ok(check: impl Into<String>, detail: impl Into<String>) -> Check {
        Check::new(check, Status::Ok, detail, None)
    }

    fn warn(check: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check::new(check, Status::Warn, detail, Some(fix.into()))
    }

    fn fail(check: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check::new(check, Status::Fail, detail, Some(fix.into()))
    }

    /// A failure described by an error: its message with causes, and its hint as the fix.
    fn error(check: impl Into<String>, e: impl Into<Error>, fallback_fix: &str) -> Check {
        let e = e.into();
        let mut detail = e.to_string();
        for cause in e.causes() {
            detail.push_str(&format!(": {cause}"));
        }
        let fix = e.hint().unwrap_or_else(|| fallback_fix.to_string());
        Check::new(check, Status::Fail, detail, Some(fix))
    }

    fn new(
        check: impl Into<String>,
        status: Status,
        detail: impl Into<String>,
        fix: Option<String>,
    ) -> Check {
        Check {
            check: check.into(),
            status,
            detail: detail.into(),
            fix,
        }
    }
}

pub fn run(args: &JsonArg, global: &GlobalArgs) -> Result<u8, Error> {
    let paths = Paths::resolve(global.home.as_deref(), global.config.as_deref())?;
    let mut checks = Vec::new();
    let config = match Config::load(&paths) {
        Ok(config) => {
            let detail = if paths.config_file.exists() {
                paths.config_file.display().to_string()
            } else {
                format!("{} (none; defaults apply)", paths.config_file.display())
            };
            checks.push(Check::ok("config", detail));
            config
        }
        Err(e) => {
            checks.push(Check::error(
                "config",
                e,
                "fix the file, or move it aside to use the defaults",
            ));
            Config::default()
        }
    };
    let ctx = Ctx::with(global, paths, config);
    let store = check_store(&ctx, &mut checks);
    // One set of key sources for every check: a keyring that timed out once is not asked
    // again (each ask may wait 3 s).
    let sources = ctx.key_sources();
    if let Some(store) = &store {
        check_key(store, &sources, &mut checks);
    } else {
        checks.push(keyring_check(sources.probe_keyring(), false));
    }
    check_google(&ctx, store.as_ref(), &sources, &mut checks)?;
    checks.push(check_ocr(&ctx));
    report(&ctx, args.json, &checks)?;
    Ok(if checks.iter().any(|c| c.status == Status::Fail) {
        exit::FAILED
    } else {
        exit::OK
    })
}

/// OCR: Tesseract on PATH, its version and languages, and poppler's `pdftoppm` that renders
/// pages for it. Missing is a warning: everything else works, scans and images are skipped.
fn check_ocr(ctx: &Ctx) -> Check {
    use crate::extract::ocr::{self, Tesseract};
    let mode = ctx.config.ocr.unwrap_or_default();
    let t = match Tesseract::find() {
        Ok(t) => t,
        Err(why) => {
            return Check::warn(
                "ocr",
                format!("{why}: scans and images are skipped"),
                why.fix(),
            );
        }
    };
    let found = format!(
        "{} at {}, languages: {} (config ocr: {})",
        t.version,
        t.path.display(),
        t.languages.join(", "),
        mode.name()
    );
    match ocr::on_path(ocr::PDFTOPPM) {
        Some(pdftoppm) => Check::ok(
            "ocr",
            format!("{found}; pages rendered by {}", pdftoppm.display()),
        ),
        None => Check::warn(
            "ocr",
            format!("{found}; no pdftoppm on PATH: scanned PDFs are skipped (images are read)"),
            "install poppler's pdftoppm (`apt install poppler-utils`)",
        ),
    }
}

/// The store: present, sound, at the schema this build knows, private. `None` when there is
/// none yet or it cannot be opened (the checks that need it are then left out).
fn check_store(ctx: &Ctx, checks: &mut Vec<Check>) -> Option<Store> {
    let path = match ctx.store_location() {
        Ok(Location::File(path)) => path,
        Ok(Location::Postgres(url)) => {
            checks.push(check_postgres(&url));
            return None;
        }
        Err(e) => {
            checks.push(Check::error("store", e, "fix the store address"));
            return None;
        }
    };
    if !path.exists() {
        let dir = path.parent().unwrap_or(&ctx.paths.data_dir);
        checks.push(match unwritable(dir) {
            None => Check::ok(
                "store",
                format!(
                    "{} (none yet; made by the first ingest or login)",
                    path.display()
                ),
            ),
            Some((dir, e)) => Check::fail(
                "store",
                format!(
                    "{} (none yet) cannot be made: {}: {e}",
                    path.display(),
                    dir.display()
                ),
                format!(
                    "make {} writable by you, or set VOICETRAIN_HOME to a directory you can write",
                    dir.display()
                ),
            ),
        });
        return None;
    }
    let store = match Store::open_or_empty_path(&path) {
        Ok(store) => store,
        Err(e) => {
            checks.push(Check::error(
                "store",
                e,
                "see the message above; --home points at another store",
            ));
            return None;
        }
    };
    let problems = match store.integrity_problems() {
        Ok(p) => p,
        Err(e) => {
            checks.push(Check::error("store", e, "the store cannot be read whole"));
            return None;
        }
    };
    if !problems.is_empty() {
        checks.push(Check::fail(
            "store",
            format!(
                "{} is damaged: {}",
                path.display(),
                problems
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "export what still reads (`voicetrain samples export`), then move it aside (`mv {0} {0}.bad`) and ingest again",
                path.display()
            ),
        ));
        return Some(store);
    }
    let schema = match store.schema() {
        Ok((found, known)) => format!("schema {found} of {known}"),
        Err(e) => {
            checks.push(Check::error("store", e, "the store cannot be read"));
            return None;
        }
    };
    if store.is_read_only() {
        let e = StoreError::ReadOnly { path: None };
        checks.push(Check::fail(
            "store",
            format!(
                "{}: integrity ok, {schema}, but read-only to you: reading works, ingest and \
                 login cannot write",
                path.display()
            ),
            e.hint().unwrap_or_default(),
        ));
        return Some(store);
    }
    match open_to_others(&path) {
        Some(mode) => checks.push(Check::fail(
            "store",
            format!(
                "{}: integrity ok, {schema}, but other users may read it (mode {mode:o})",
                path.display()
            ),
            format!("chmod 600 {}", path.display()),
        )),
        None => checks.push(Check::ok(
            "store",
            format!("{}: integrity ok, {schema}, private", path.display()),
        )),
    }
    Some(store)
}

/// A PostgreSQL store: reachable, at the schema this build knows, writable by this user.
fn check_postgres(url: &PgUrl) -> Check {
    let checked = PgStore::connect(url).and_then(|mut store| {
        let (found, known) = store.schema()?;
        Ok((found, known, store.may_write()?))
    });
    let shown = url.shown();
    match checked {
        Err(e) => Check::error("store", e, "see the message above"),
        Ok((found, known, _)) if found < 0 || found as usize > known => Check::fail(
            "store",
            format!("{shown}: schema {found}, from a newer voicetrain (this one knows {known})"),
            "upgrade voicetrain on this host",
        ),
        Ok((_, _, false)) => Check::fail(
            "store",
            format!("{shown}: reachable, but this user may not write the store"),
            "GRANT this user CREATE on the schema (for a new store) or INSERT, UPDATE and \
             DELETE on the store's tables",
        ),
        Ok((0, known, true)) => Check::ok(
            "store",
            format!("{shown}: reachable, no store yet (made at schema {known} on first use)"),
        ),
        Ok((found, known, true)) => Check::ok(
            "store",
            format!("{shown}: reachable, schema {found} of {known}, writable"),
        ),
    }
}

/// Where making the data directory `dir` (or a store in it) would fail, and why: `dir` itself
/// when it is there but not writable, else its nearest existing ancestor when that cannot be
/// written into. `None` when it would work.
fn unwritable(dir: &Path) -> Option<(PathBuf, std::io::Error)> {
    let existing = dir.ancestors().find(|a| a.exists())?;
    let access = rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK;
    match rustix::fs::access(existing, access) {
        Ok(()) if existing.is_dir() => None,
        Ok(()) => Some((
            existing.to_path_buf(),
            std::io::Error::from(std::io::ErrorKind::NotADirectory),
        )),
        Err(e) => Some((existing.to_path_buf(), e.into())),
    }
}

/// The file's mode when group or others have any access to it.
fn open_to_others(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The key: where it comes from and whether it opens the store; then the keyring.
fn check_key(store: &Store, sources: &KeySources, checks: &mut Vec<Check>) {
    let report = match Vault::report(store, sources) {
        Ok(r) => r,
        Err(e) => {
            checks.push(Check::error("key", e, "the store cannot be read"));
            return;
        }
    };
    let uses_keyring = matches!(report.source, Some(KeySource::Keyring { .. }));
    checks.push(
        match (report.problem, &report.source, &report.fingerprint) {
            (Some(problem), _, _) => {
                Check::error("key", problem, "`voicetrain key status` says more")
            }
            (None, Some(source), Some(fp)) => Check::ok(
                "key",
                format!(
                    "{fp} from {source}; opens the store ({} secrets)",
                    report.secrets
                ),
            ),
            _ => Check::ok(
                "key",
                "none yet (one is made when a secret is first stored)",
            ),
        },
    );
    checks.push(keyring_check(report.keyring, uses_keyring));
}

/// The OS keyring. Not reaching it matters only when the key lives there.
fn keyring_check(probe: Result<(), String>, needed: bool) -> Check {
    match probe {
        Ok(()) => Check::ok("keyring", "answers"),
        Err(reason) if needed => Check::fail(
            "keyring",
            format!("does not answer: {reason}"),
            "start the desktop session's keyring (or run under dbus-run-session), or set VOICETRAIN_ENCRYPTION_KEY",
        ),
        Err(reason) => Check::warn(
            "keyring",
            format!("not used: {reason}"),
            "nothing to do: the key is kept elsewhere (a key file or the environment)",
        ),
    }
}

/// The Google client, each account's token (of every provider), and each Google endpoint
/// with its breaker.
fn check_google(
    ctx: &Ctx,
    store: Option<&Store>,
    sources: &KeySources,
    checks: &mut Vec<Check>,
) -> Result<(), Error> {
    // Every provider's accounts; the client is Google's.
    let rows = match store.map(|s| tokens::all(s.db(), None)) {
        Some(Ok(rows)) => rows,
        Some(Err(e)) => {
            checks.push(Check::error("accounts", e, "the store cannot be read"));
            Vec::new()
        }
        None => Vec::new(),
    };
    let client = Client::resolve(&ctx.config.google);
    let client_configured = client.is_ok();
    match client {
        Ok(client) => checks.push(Check::ok("google client", client.id)),
        Err(e) if !rows.iter().any(|r| r.service == SERVICE) => checks.push(Check::warn(
            "google client",
            e.to_string(),
            e.hint().unwrap_or_default(),
        )),
        Err(e) => checks.push(Check::error("google client", e, "")),
    }
    let vault = store.and_then(|s| Vault::open(s, sources).ok().flatten());
    if rows.is_empty() {
        checks.push(Check::warn(
            "accounts",
            "none logged in (local files need none)",
            "run `voicetrain auth google` to ingest from Drive",
        ));
    }
    for row in &rows {
        checks.push(account_check(row, vault.as_ref()));
    }
    let endpoints = match Endpoints::resolve(&ctx.config.google) {
        Ok(e) => e,
        Err(e) => {
            checks.push(Check::error(
                "endpoints",
                e,
                "fix the address in the config file or the VOICETRAIN_GOOGLE_* variable",
            ));
            return Ok(());
        }
    };
    // Someone who only ingests local files does not need Google to answer.
    let needed = rows.iter().any(|r| r.service == SERVICE) || client_configured;
    let named = [
        ("auth", &endpoints.auth),
        ("token", &endpoints.token),
        ("device", &endpoints.device),
        ("revoke", &endpoints.revoke),
        ("userinfo", &endpoints.userinfo),
        ("drive", &endpoints.drive),
    ];
    let breaker = store.and_then(|s| net::breaker::Breaker::open(s, ctx.config.breaker).ok());
    check_hosts("google", &named, needed, breaker.as_ref(), checks)?;
    // HubSpot is asked only of those who use it.
    let hubspot_used = rows.iter().any(|r| r.service == hubspot::SERVICE)
        || hubspot::Client::resolve(&ctx.config.hubspot).is_some();
    if hubspot_used {
        match hubspot::Endpoints::resolve(&ctx.config.hubspot) {
            Ok(e) => check_hosts(
                "hubspot",
                &[("auth", &e.auth), ("api", &e.api)],
                true,
                breaker.as_ref(),
                checks,
            )?,
            Err(e) => checks.push(Check::error(
                "hubspot endpoints",
                e,
                "fix the address in the config file or the VOICETRAIN_HUBSPOT_* variable",
            )),
        }
    }
    Ok(())
}

/// Whether each host of a provider's endpoints (`named`: what each serves) answers, one probe
/// a host, and whether its circuit breaker is open; a failure is only a warning where the
/// provider is not `needed`.
fn check_hosts(
    provider: &str,
    named: &[(&str, &url::Url)],
    needed: bool,
    breaker: Option<&net::breaker::Breaker>,
    checks: &mut Vec<Check>,
) -> Result<(), Error> {
    // One probe per host: Google's token, device and revoke endpoints share one.
    let mut hosts: Vec<(String, Vec<&str>, &url::Url)> = Vec::new();
    for &(name, url) in named {
        let host = net::host_of(url);
        match hosts.iter_mut().find(|(h, _, _)| *h == host) {
            Some((_, names, _)) => names.push(name),
            None => hosts.push((host, vec![name], url)),
        }
    }
    let urls: Vec<&url::Url> = hosts.iter().map(|(_, _, url)| *url).collect();
    let answers = block_on(net::probe(&urls, PROBE_TIMEOUT))?;
    let variables = provider.to_uppercase();
    for ((host, names, url), answer) in hosts.iter().zip(answers) {
        let open = breaker
            .and_then(|b| b.check(host).ok())
            .and_then(Result::err);
        let check = format!("{provider} {host}");
        let serves = names.join(", ");
        checks.push(match (answer, open) {
            (Err(why), _) => Check::new(
                check,
                if needed { Status::Fail } else { Status::Warn },
                format!("{why} ({serves}; tried {url})"),
                Some(format!(
                    "check the network, a proxy (HTTPS_PROXY) or a firewall; or the \
                     VOICETRAIN_{variables}_* address"
                )),
            ),
            (Ok(_), Some(open)) => Check::fail(
                check,
                format!(
                    "answers, but its circuit breaker is open until {} after repeated failures ({serves})",
                    open.until
                ),
                "nothing to do: calls resume by themselves after that time",
            ),
            (Ok(status), None) => Check::ok(
                check,
                format!("answers (HTTP {status}), breaker closed ({serves})"),
            ),
        });
    }
    Ok(())
}

/// One account's token: usable (valid, or expired with a refresh token), or what to do.
fn account_check(row: &tokens::TokenRow, vault: Option<&Vault>) -> Check {
    let check = format!("account {}", row.account);
    let relogin = format!(
        "run `voicetrain auth {}` and log in as {}",
        row.service, row.account
    );
    if row.revoked {
        return Check::fail(check, "login revoked", relogin);
    }
    if let Some(vault) = vault {
        let opens = vault.decrypt(&row.access_token).is_ok()
            && row
                .refresh_token
                .as_deref()
                .is_none_or(|t| vault.decrypt(t).is_ok());
        if !opens {
            return Check::fail(check, "its tokens do not decrypt with the key", relogin);
        }
    }
    if row.service == google::SERVICE && !google::DRIVE.granted_by(&row.scopes) {
        return Check::fail(
            check,
            "Drive access was not granted",
            format!(
                "run `{}` and log in as {}",
                google::DRIVE.command(),
                row.account
            ),
        );
    }
    let expires = row.expires_at.as_deref().unwrap_or("(unknown)");
    let default = if row.is_default { ", default" } else { "" };
    if row.expires_at.is_none() && row.refresh_token.is_none() {
        return Check::ok(check, format!("a static token: it never expires{default}"));
    }
    match (
        expires_within(row, Duration::ZERO),
        row.refresh_token.is_some(),
    ) {
        (false, _) if !expires_within(row, Duration::from_secs(300)) => Check::ok(
            check,
            format!("access token valid until {expires}{default}"),
        ),
        (_, true) => Check::ok(
            check,
            format!("access token expires {expires}; renewed on next use{default}"),
        ),
        (false, false) => Check::warn(
            check,
            format!("access token expires {expires} and cannot be renewed"),
            relogin,
        ),
        (true, false) => Check::fail(
            check,
            format!("access token expired {expires} and cannot be renewed"),
            relogin,
        ),
    }
}

fn report(ctx: &Ctx, json: bool, checks: &[Check]) -> Result<(), Error> {
    let mut out = output::stdout();
    if json {
        let report = json::Doctor {
            ok: checks.iter().all(|c| c.status != Status::Fail),
            checks: checks
                .iter()
                .map(|c| json::Check {
                    check: &c.check,
                    status: c.status.as_str(),
                    detail: &c.detail,
                    fix: c.fix.as_deref(),
                })
                .collect(),
        };
        output::json_line(&mut out, &report)?;
    } else {
        let color = ctx.out.color_stdout();
        for c in checks {
            let mark = match c.status {
                Status::Ok => paint(color, GREEN, "ok  "),
                Status::Warn => paint(color, YELLOW, "warn"),
                Status::Fail => paint(color, RED, "FAIL"),
            };
            writeln!(out, "{mark}  {}: {}", c.check, c.detail)?;
            if let Some(fix) = c.fix.as_deref().filter(|f| !f.is_empty()) {
                writeln!(out, "      → {fix}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
