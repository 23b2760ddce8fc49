//! `voicetrain auth` and `voicetrain tokens` through the real binary against the fake Google:
//! the login as a browser drives it, each way it must be refused, concurrent refreshes with
//! rotating refresh tokens, revocation, several accounts, and no secret in any output.

use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_google::{CLIENT_SECRET, Config, FakeGoogle, Faults, Fixture};
use crate::util::{Env, stderr_of};

fn fake(config: Config) -> FakeGoogle {
    voicetrain::net::install_tls_provider();
    FakeGoogle::start(Fixture::default(), config)
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr_of(out)))
}

#[test]
fn login_as_a_browser_drives_it_stores_tokens_encrypted() {
    let env = Env::new();
    let fake = fake(Config::default());
    let out = env
        .google(&fake)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    // The address is printed on a line of its own, whatever else happens.
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{}/o/oauth2/v2/auth?", fake.url))),
        "{err}"
    );
    assert!(
        err.contains("Logged in to Google as writer@example.com"),
        "{err}"
    );
    assert!(
        err.contains("made a new encryption key"),
        "no keyring here, so a key file: {err}"
    );

    let (access, refresh) = env.stored_tokens();
    let refresh = refresh.expect("a refresh token");
    assert!(fake.refresh_token_is_live(&refresh));
    // The store holds only ciphertext.
    let mut raw = std::fs::read(env.store_file()).unwrap();
    raw.extend(std::fs::read(env.home().join("voicetrain.db-wal")).unwrap_or_default());
    let raw = String::from_utf8_lossy(&raw);
    assert!(!raw.contains(&access) && !raw.contains(&refresh));

    let status = json(
        &env.cmd()
            .args(["auth", "status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(status["key_source"], "file");
    let account = &status["accounts"][0];
    assert_eq!(account["email"], "writer@example.com");
    assert_eq!(account["default"], true);
    assert_eq!(account["revoked"], false);
    assert_eq!(
        account["scopes"][2],
        "https://www.googleapis.com/auth/drive.readonly"
    );

    let out = env.google(&fake).args(["auth", "token"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{access}\n")
    );
}

#[test]
fn a_forged_state_is_refused() {
    let env = Env::new();
    let fake = fake(Config::default());
    let forge = "import re\nloc = re.sub(r'state=[^&]*', 'state=forged', loc)";
    let out = env
        .google(&fake)
        .env("BROWSER", env.browser("", forge))
        .args(["auth", "google", "--timeout", "20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("state does not match"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        fake.count("token.authorization_code"),
        0,
        "no code was exchanged"
    );
    assert!(
        env.cmd()
            .args(["auth", "status"])
            .output()
            .unwrap()
            .status
            .code()
            == Some(3)
    );
}

#[test]
fn a_wrong_pkce_verifier_is_refused() {
    let env = Env::new();
    let fake = fake(Config::default());
    // The browser swaps the challenge, so the verifier voicetrain holds no longer fits.
    let swap =
        "import re\nurl = re.sub(r'code_challenge=[^&]*', 'code_challenge=' + 'A' * 43, url)";
    let out = env
        .google(&fake)
        .env("BROWSER", env.browser(swap, ""))
        .args(["auth", "google", "--timeout", "20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("invalid_grant"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(fake.count("token.authorization_code:400"), 1);
}

#[test]
fn denied_consent_and_a_browser_that_never_answers_are_refused() {
    let env = Env::new();
    let denying = fake(Config {
        deny_consent: true,
        ..Config::default()
    });
    let out = env
        .google(&denying)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("access was denied"),
        "{}",
        stderr_of(&out)
    );

    let fake = fake(Config::default());
    let started = Instant::now();
    let out = env
        .google(&fake)
        .env("BROWSER", "true")
        .args(["auth", "google", "--timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("no answer from the browser within 1 s"),
        "{}",
        stderr_of(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn no_browser_takes_the_address_pasted_on_stdin() {
    use std::io::{BufRead as _, Write as _};
    let env = Env::new();
    let fake = fake(Config::default());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
        .envs(fake.env())
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["auth", "google", "--no-browser", "--timeout", "20"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    // Keep reading stderr to the end, as a terminal would.
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if line.starts_with("http") {
                let _ = tx.send(line);
            }
        }
    });
    let consent = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the address on its own line");
    // The browser is elsewhere: it ends on an address this machine never hears of.
    let resp = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(&consent)
        .send()
        .unwrap();
    let landed = resp.headers()["location"].to_str().unwrap().to_string();
    writeln!(child.stdin.take().unwrap(), "{landed}").unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(env.stored_tokens().1.is_some());
}

#[test]
fn missing_client_says_how_to_make_one_and_client_secrets_are_remembered() {
    let env = Env::new();
    let fake = fake(Config::default());
    let out = env
        .google(&fake)
        .env_remove("VOICETRAIN_GOOGLE_CLIENT_ID")
        .env_remove("VOICETRAIN_GOOGLE_CLIENT_SECRET")
        .args(["auth", "google"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("Google Cloud Console")
            && err.contains("Desktop app")
            && err.contains("--client-secrets"),
        "{err}"
    );

    let secrets = env.write(
        "client_secret.json",
        format!(
            r#"{{"installed": {{"client_id": "{}", "client_secret": "{CLIENT_SECRET}", "auth_uri": "x", "token_uri": "y"}}}}"#,
            crate::fake_google::CLIENT_ID
        ),
    );
    let login = |extra: &[&str]| {
        env.google(&fake)
            .env_remove("VOICETRAIN_GOOGLE_CLIENT_ID")
            .env_remove("VOICETRAIN_GOOGLE_CLIENT_SECRET")
            .env("BROWSER", env.browser("", ""))
            .args(["auth", "google"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = login(&["--client-secrets", secrets.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let config = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config.contains("[google]") && config.contains(crate::fake_google::CLIENT_ID));
    assert_eq!(crate::util::mode(&env.home().join("config.toml")), 0o600);
    // Remembered: the next login needs no file.
    assert!(login(&[]).status.success());
}

/// 32 processes at once, as cron jobs that overlap would.
fn refresh_32(env: &Env, fake: &FakeGoogle, extra: &[&str]) -> Vec<Output> {
    let children: Vec<_> = (0..32)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
                .envs(fake.env())
                .env("VOICETRAIN_HOME", env.home())
                .env("VOICETRAIN_NO_KEYRING", "1")
                .env_remove("DBUS_SESSION_BUS_ADDRESS")
                .args(["tokens", "refresh"])
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

#[test]
fn concurrent_refreshes_of_a_rotating_token_make_exactly_one_call() {
    let env = Env::new();
    let fake = fake(Config {
        rotate_refresh_tokens: true,
        ..Config::default()
    });
    env.login(&fake);
    // About to expire: a minute left.
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(60))
        .unwrap();
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute(
        "UPDATE oauth_tokens SET expires_at = ?1",
        [jiff::Timestamp::from_second(soon.as_second())
            .unwrap()
            .to_string()],
    )
    .unwrap();
    drop(conn);
    let outs = refresh_32(&env, &fake, &[]);
    for out in &outs {
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(out));
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "cron output: {}",
            stderr_of(out)
        );
    }
    assert_eq!(
        fake.count("token.refresh_token"),
        1,
        "{:?}",
        fake.counters()
    );
    let (_, refresh) = env.stored_tokens();
    assert!(
        fake.refresh_token_is_live(&refresh.unwrap()),
        "the stored refresh token is the live one"
    );
}

#[test]
fn forced_concurrent_refreshes_are_serialised_and_never_send_a_dead_token() {
    let env = Env::new();
    let fake = fake(Config {
        rotate_refresh_tokens: true,
        ..Config::default()
    });
    env.login(&fake);
    let outs = refresh_32(&env, &fake, &["--force"]);
    for out in &outs {
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(out));
    }
    assert_eq!(fake.count("token.refresh_token"), 32);
    assert_eq!(
        fake.count("token.refresh_token:200"),
        32,
        "{:?}",
        fake.counters()
    );
    let (_, refresh) = env.stored_tokens();
    assert!(fake.refresh_token_is_live(&refresh.unwrap()));
}

#[test]
fn nothing_due_means_no_call_and_no_output() {
    let env = Env::new();
    let fake = fake(Config::default());
    env.login(&fake);
    let out = env
        .google(&fake)
        .args(["tokens", "refresh"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());
    let report = json(
        &env.google(&fake)
            .args(["tokens", "refresh", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(report["skipped"][0]["account"], "writer@example.com");
    assert_eq!(report["refreshed"].as_array().unwrap().len(), 0);
    assert_eq!(fake.count("token.refresh_token"), 0);
}

#[test]
fn a_revoked_grant_exits_3_and_the_audit_trail_says_why() {
    let env = Env::new();
    let fake = fake(Config::default());
    env.login(&fake);
    fake.revoke_everything();
    let out = env
        .google(&fake)
        .args(["tokens", "refresh", "--force", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert_eq!(err.lines().count(), 1, "one line per failure: {err}");
    assert!(
        err.contains("writer@example.com") && err.contains("voicetrain auth google"),
        "{err}"
    );
    assert!(
        !err.contains(".;"),
        "one sentence, not 'revoked.; run': {err}"
    );
    let report = json(&out);
    assert_eq!(report["failed"][0]["reauth_required"], true);
    assert_eq!(
        fake.count("token.refresh_token"),
        1,
        "invalid_grant is not retried"
    );

    let log = json(
        &env.cmd()
            .args(["tokens", "log", "--json"])
            .output()
            .unwrap(),
    );
    let events: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["stored", "refresh_failed", "revoked"]);
    assert!(log[2]["reason"].as_str().unwrap().contains("invalid_grant"));
    let status = env
        .cmd()
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(3));
    assert_eq!(json(&status)["accounts"][0]["revoked"], true);
    // Every later use says the same, without asking Google again.
    let out = env.google(&fake).args(["auth", "token"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(fake.count("token.refresh_token"), 1);
}

#[test]
fn logout_revokes_at_the_provider() {
    let env = Env::new();
    let fake = fake(Config::default());
    env.login(&fake);
    let (_, refresh) = env.stored_tokens();
    let out = env.google(&fake).args(["auth", "logout"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "asks first");
    let out = env
        .google(&fake)
        .args(["auth", "logout", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fake.count("revoke:200"), 1);
    assert!(!fake.refresh_token_is_live(&refresh.unwrap()));
    assert_eq!(
        env.cmd()
            .args(["auth", "status"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(3)
    );
    let rows = json(
        &env.cmd()
            .args(["tokens", "list", "--json"])
            .output()
            .unwrap(),
    );
    assert!(rows.as_array().unwrap().is_empty());
}

#[test]
fn several_accounts_a_default_and_switch() {
    let env = Env::new();
    let fake = fake(Config::default());
    env.login(&fake);
    fake.set_consent_user("second@example.com");
    env.login(&fake);
    let token_for = |account: Option<&str>| {
        let mut cmd = env.google(&fake);
        cmd.args(["auth", "token"]);
        if let Some(a) = account {
            cmd.env("VOICETRAIN_ACCOUNT", a);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = token_for(None);
    let second = token_for(Some("second@example.com"));
    assert_ne!(first, second);
    let out = env
        .cmd()
        .args(["auth", "switch", "second@example.com"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(token_for(None), second);
    let out = env
        .cmd()
        .args(["auth", "switch", "nobody@example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let status = json(
        &env.cmd()
            .args(["auth", "status", "--json"])
            .output()
            .unwrap(),
    );
    let defaults: Vec<&str> = status["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["default"] == true)
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(defaults, ["second@example.com"]);
}

#[test]
fn device_login_where_the_scope_allows_it() {
    let env = Env::new();
    let fake = fake(Config {
        device_interval: Duration::from_secs(1),
        ..Config::default()
    });
    let out = env
        .google(&fake)
        .args([
            "auth",
            "google",
            "--device",
            "--scope",
            "https://www.googleapis.com/auth/drive.file",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("enter the code FAKE-CODE"));
    // drive.readonly is not allowed with the device grant: said clearly, not retried.
    let out = env
        .google(&fake)
        .args(["auth", "google", "--device"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("invalid_scope") && stderr_of(&out).contains("drop --device"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn an_unavailable_token_endpoint_ends_in_75_and_the_breaker_stops_the_next_process() {
    let env = Env::new();
    let fake = fake(Config::default());
    env.login(&fake);
    crate::util::token_endpoint_down(&env, &fake);
    let started = Instant::now();
    let out = env
        .google(&fake)
        .args(["tokens", "refresh", "--force", "-v"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "within the budget: {:?}",
        started.elapsed()
    );
    let err = stderr_of(&out);
    assert_eq!(
        err.matches("retrying POST").count(),
        3,
        "-v shows each retry: {err}"
    );
    assert_eq!(fake.count("token.refresh_token"), 4);
    // The fourth failure opened the circuit: another process refuses at once, saying until when.
    let out = env
        .google(&fake)
        .args(["tokens", "refresh", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75));
    assert!(
        stderr_of(&out).contains("will not call it again until"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        fake.count("token.refresh_token"),
        4,
        "no request while open"
    );
    // Nothing was half-stored: the old tokens still work once the service is back.
    fake.set_faults(Faults::default());
    assert!(
        env.google(&fake)
            .args(["auth", "token"])
            .output()
            .unwrap()
            .status
            .success()
    );
}
