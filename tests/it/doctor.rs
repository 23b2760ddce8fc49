//! `voicetrain doctor` through the real binary: all well after a login against the fake
//! Google, then each thing it checks broken in turn, each time failing that line (with a
//! fix), exit 1, and still reporting every other line.

use assert_cmd::Command;

use crate::fake_google::{Config, FakeGoogle, Fixture};
use crate::util::{DoctorCheck as Check, DoctorReport as Report, Env, mode, stderr_of};

impl Report {
    fn get(&self, name: &str) -> &Check {
        self.checks
            .iter()
            .find(|c| c.check.starts_with(name))
            .unwrap_or_else(|| panic!("no check {name} in {self:#?}"))
    }

    /// The checks that failed, by name.
    fn failed(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| c.status == "fail")
            .map(|c| c.check.as_str())
            .collect()
    }
}

fn doctor(cmd: &mut Command) -> (i32, Report) {
    let out = cmd.args(["doctor", "--json"]).output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        )
    });
    (out.status.code().unwrap(), report)
}

/// A user logged in against the fake Google: everything in order.
fn healthy() -> (Env, FakeGoogle) {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(Fixture::default(), Config::default());
    env.login(&fake);
    (env, fake)
}

#[test]
fn all_well_after_a_login() {
    let (env, fake) = healthy();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 0, "{report:#?}");
    assert!(report.ok);
    assert!(report.failed().is_empty(), "{report:#?}");
    for name in [
        "config",
        "store",
        "key",
        "keyring",
        "google client",
        "account ",
    ] {
        report.get(name);
    }
    assert_eq!(report.get("store").status, "ok");
    assert!(
        report.get("store").detail.contains("integrity ok"),
        "{report:#?}"
    );
    assert!(
        report.get("key").detail.contains("opens the store"),
        "{report:#?}"
    );
    assert!(
        report.get("account ").detail.contains("valid until"),
        "{report:#?}"
    );
    let google = report.get("google 127.0.0.1");
    assert_eq!(google.status, "ok");
    assert!(google.detail.contains("breaker closed"), "{google:#?}");
    // The text form: one line a check, no fix lines when all is well but for warnings.
    let out = env.google(&fake).arg("doctor").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("ok    store: ")),
        "{text}"
    );
    assert!(!text.contains("FAIL"), "{text}");
}

#[test]
fn a_fresh_home_is_not_a_failure_and_is_left_untouched() {
    let env = Env::new();
    // No network, no Google client, no store: a user of local files only.
    let (code, report) = doctor(
        env.cmd()
            .env("VOICETRAIN_GOOGLE_AUTH_URL", "http://127.0.0.1:9/auth")
            .env("VOICETRAIN_GOOGLE_TOKEN_URL", "http://127.0.0.1:9/token")
            .env(
                "VOICETRAIN_GOOGLE_DEVICE_AUTH_URL",
                "http://127.0.0.1:9/device",
            )
            .env("VOICETRAIN_GOOGLE_REVOKE_URL", "http://127.0.0.1:9/revoke")
            .env(
                "VOICETRAIN_GOOGLE_USERINFO_URL",
                "http://127.0.0.1:9/userinfo",
            )
            .env("VOICETRAIN_GOOGLE_DRIVE_URL", "http://127.0.0.1:9/drive"),
    );
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!(report.get("accounts").status, "warn");
    assert_eq!(report.get("google 127.0.0.1").status, "warn");
    // HubSpot, which nobody here uses, is not asked at all.
    assert!(
        !report.checks.iter().any(|c| c.check.starts_with("hubspot")),
        "{report:#?}"
    );
    assert!(!env.store_file().exists(), "doctor made a store");
}

#[test]
fn broken_config_fails_its_line_and_the_rest_still_runs() {
    let (env, fake) = healthy();
    std::fs::write(env.home().join("config.toml"), "[google\nclient_id = 3").unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    assert!(!report.ok);
    assert_eq!(report.failed(), ["config"], "{report:#?}");
    let config = report.get("config");
    assert!(config.detail.contains("config.toml"), "{config:#?}");
    assert!(config.fix.is_some());
    assert_eq!(report.get("store").status, "ok");
}

#[test]
fn damaged_store() {
    let (env, fake) = healthy();
    let mut bytes = std::fs::read(env.store_file()).unwrap();
    bytes.truncate(100);
    std::fs::write(env.store_file(), bytes).unwrap();
    let _ = std::fs::remove_file(env.home().join("voicetrain.db-wal"));
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    assert!(report.failed().contains(&"store"), "{report:#?}");
    assert!(
        report.get("store").fix.as_deref().unwrap().contains("mv "),
        "{report:#?}"
    );
}

#[test]
fn store_readable_by_others() {
    let (env, fake) = healthy();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(env.store_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    assert_eq!(report.failed(), ["store"], "{report:#?}");
    assert!(
        report
            .get("store")
            .fix
            .as_deref()
            .unwrap()
            .contains("chmod 600")
    );
    assert_eq!(mode(&env.store_file()), 0o644, "doctor changes nothing");
}

#[test]
fn wrong_key() {
    let (env, fake) = healthy();
    let other = voicetrain::secret::Key::generate();
    let (code, report) = doctor(
        env.google(&fake)
            .env("VOICETRAIN_ENCRYPTION_KEY", other.encoded().expose()),
    );
    assert_eq!(code, 1);
    assert_eq!(report.failed(), ["key"], "{report:#?}");
    assert!(report.get("key").fix.is_some());
}

#[test]
fn key_file_readable_by_others() {
    let (env, fake) = healthy();
    use std::os::unix::fs::PermissionsExt as _;
    let key = env.home().join("key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    assert!(report.failed().contains(&"key"), "{report:#?}");
    assert!(
        report.get("key").fix.as_deref().unwrap().contains("chmod"),
        "{report:#?}"
    );
}

#[test]
fn revoked_login() {
    let (env, fake) = healthy();
    fake.revoke_everything();
    let out = env
        .google(&fake)
        .args(["tokens", "refresh", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    let account = report.get("account ");
    assert_eq!(account.status, "fail");
    assert!(account.detail.contains("revoked"), "{account:#?}");
    assert!(account.fix.as_deref().unwrap().contains("auth google"));
}

#[test]
fn expired_token_that_cannot_be_renewed() {
    let (env, fake) = healthy();
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute(
        "UPDATE oauth_tokens SET refresh_token_encrypted = NULL, expires_at = '2020-01-01T00:00:00Z'",
        [],
    )
    .unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    let account = report.get("account ");
    assert_eq!(account.status, "fail");
    assert!(account.detail.contains("cannot be renewed"), "{account:#?}");
}

#[test]
fn expired_token_with_a_refresh_token_passes() {
    let (env, fake) = healthy();
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute(
        "UPDATE oauth_tokens SET expires_at = '2020-01-01T00:00:00Z'",
        [],
    )
    .unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 0, "{report:#?}");
    assert!(
        report
            .get("account ")
            .detail
            .contains("renewed on next use")
    );
}

#[test]
fn no_drive_scope() {
    let (env, fake) = healthy();
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute("UPDATE oauth_tokens SET scopes = 'openid email'", [])
        .unwrap();
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    assert!(
        report.get("account ").detail.contains("Drive"),
        "{report:#?}"
    );
}

#[test]
fn missing_client() {
    let (env, fake) = healthy();
    let (code, report) = doctor(
        env.google(&fake)
            .env_remove("VOICETRAIN_GOOGLE_CLIENT_ID")
            .env_remove("VOICETRAIN_GOOGLE_CLIENT_SECRET"),
    );
    assert_eq!(code, 1);
    assert_eq!(report.failed(), ["google client"], "{report:#?}");
}

#[test]
fn unreachable_endpoint() {
    let (env, fake) = healthy();
    let (code, report) = doctor(
        env.google(&fake)
            .env("VOICETRAIN_GOOGLE_DRIVE_URL", "http://127.0.0.1:9/drive/v3"),
    );
    assert_eq!(code, 1);
    let drive = report.get("google 127.0.0.1:9");
    assert_eq!(drive.status, "fail");
    assert!(drive.detail.contains("could not connect"), "{drive:#?}");
    assert!(drive.detail.contains("drive"), "{drive:#?}");
    // The fake's own host still answers.
    let others = report.get(&format!(
        "google {}",
        fake.url.trim_start_matches("http://")
    ));
    assert_eq!(others.status, "ok");
}

#[test]
fn open_circuit_breaker() {
    let (env, fake) = healthy();
    crate::util::token_endpoint_down(&env, &fake);
    let out = env
        .google(&fake)
        .args(["tokens", "refresh", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    let (code, report) = doctor(&mut env.google(&fake));
    assert_eq!(code, 1);
    let google = report.get("google 127.0.0.1");
    assert_eq!(google.status, "fail", "{report:#?}");
    assert!(google.detail.contains("breaker is open"), "{google:#?}");
}
