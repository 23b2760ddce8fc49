//! What more than one benchmark needs: a store with a logged-in account, as `auth google`
//! would leave it, and the real binary run under GNU time for its wall time and peak memory.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use voicetrain::config::{Config, Paths};
use voicetrain::secret::{KeySources, Secret, Vault};
use voicetrain::store::{Store, tokens};

/// Drive, as a first login grants it.
pub const DRIVE_SCOPES: &str = "openid email https://www.googleapis.com/auth/drive.readonly";

/// Stores `account`'s tokens (encrypted with a key file in `home`), good for two hours.
pub fn seed_login(home: &Path, account: &str, access: &str, refresh: &str) {
    seed_login_with(home, account, access, refresh, DRIVE_SCOPES);
}

/// [`seed_login`] with these scopes granted.
pub fn seed_login_with(home: &Path, account: &str, access: &str, refresh: &str, scopes: &str) {
    let paths = Paths::resolve(Some(home), None).expect("paths");
    let store = Store::open(home).expect("store");
    let sources = KeySources::new(&paths, &Config::default(), Some(&home.join("key")));
    let vault = Vault::open_or_create(&store, &sources, &mut |_| {}).expect("key");
    let access = vault.encrypt(&Secret::new(access.to_string()));
    let refresh = vault.encrypt(&Secret::new(refresh.to_string()));
    let expires = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(2))
        .expect("time");
    let expires = jiff::Timestamp::from_second(expires.as_second())
        .expect("time")
        .to_string();
    let now = voicetrain::store::now();
    store
        .write(|tx| {
            tokens::save_login(
                tx,
                &tokens::Login {
                    service: "google",
                    account,
                    access_token: &access,
                    refresh_token: Some(&refresh),
                    expires_at: Some(&expires),
                    scopes,
                },
                &now,
            )
        })
        .expect("seed account");
}

/// What one run of the binary came to.
pub struct Timed {
    pub wall: Duration,
    /// Peak resident memory, in kilobytes.
    pub peak_kb: u64,
    /// What it printed on stderr, GNU time's line left out.
    pub stderr: String,
}

/// Runs `cmd` (the binary and its arguments) under `/usr/bin/time -f %M` to its end; panics
/// if it fails.
pub fn timed(cmd: &mut Command) -> Timed {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%M"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let started = Instant::now();
    let out = timed.output().expect("run under /usr/bin/time");
    let wall = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let mut lines: Vec<&str> = err.lines().collect();
    let peak_kb = lines.pop().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    Timed {
        wall,
        peak_kb,
        stderr: lines.join("\n"),
    }
}

pub fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}
