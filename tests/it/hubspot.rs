//! `auth hubspot` and `ingest hubspot:` through the real binary against the fake HubSpot
//! (issue 16): both logins, only the user's own records, mail cleaned, transcripts cut to the
//! user's lines, past search's 10,000-result cap, a token expiring mid-run, missing scopes,
//! rate-limit storms, the one-search re-run, and `sync` marking an archived record gone.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::fake_hubspot::{FakeHubSpot, HubConfig, HubFixture, SALES_USER, sam};
use crate::util::{Env, FileReport, json_lines, stderr_of};

/// What a static token is given unless a test says otherwise: what a salesperson's private
/// app needs.
const SCOPES: &[&str] = &[
    "crm.objects.contacts.read",
    "crm.objects.owners.read",
    "sales-email-read",
];

fn cmd(env: &Env, fake: &FakeHubSpot) -> Command {
    let mut cmd = env.cmd();
    for (k, v) in fake.env() {
        cmd.env(k, v);
    }
    cmd
}

/// `auth hubspot --token-stdin` with a static token holding `scopes`, as the default user.
fn login_static(env: &Env, fake: &FakeHubSpot, scopes: &[&str]) {
    let out = cmd(env, fake)
        .args(["auth", "hubspot", "--token-stdin", "--account", SALES_USER])
        .write_stdin(format!("{}\n", fake.issue_static_token(scopes)))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// The OAuth login through a browser that follows HubSpot's redirect, with the app's
/// redirect registered as `registered` (`None`: as voicetrain will send it).
fn login_oauth(
    env: &Env,
    fixture: HubFixture,
    registered: Option<&str>,
) -> (FakeHubSpot, std::process::Output) {
    let port = free_port();
    let redirect = format!("http://localhost:{port}/");
    let fake = FakeHubSpot::start(
        fixture.with_redirect_uri(registered.unwrap_or(&redirect)),
        HubConfig::default(),
    );
    let out = oauth_cmd(env, &fake, port).output().unwrap();
    (fake, out)
}

/// `auth hubspot` in the browser, listening on `port`.
fn oauth_cmd(env: &Env, fake: &FakeHubSpot, port: u16) -> Command {
    let mut cmd = cmd(env, fake);
    cmd.env("VOICETRAIN_HUBSPOT_REDIRECT_PORT", port.to_string())
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "hubspot", "--timeout", "5"]);
    cmd
}

fn ingest(env: &Env, fake: &FakeHubSpot, args: &[&str]) -> (i32, Vec<FileReport>, String) {
    let out = cmd(env, fake)
        .args(["ingest", "--json"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        json_lines(&out.stdout),
        stderr_of(&out),
    )
}

/// Title and text of every live sample, by title.
fn texts(env: &Env) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = env
        .samples()
        .into_iter()
        .map(|s| (s.title.clone(), env.text(&s.id)))
        .collect();
    all.sort();
    all
}

#[test]
fn a_static_token_gives_one_clean_sample_per_own_email_note_and_call() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    login_static(&env, &fake, SCOPES);
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:"]);
    assert_eq!(code, 0, "{stderr}");
    let ingested: Vec<&str> = reports
        .iter()
        .filter(|r| r.status == "ingested")
        .filter_map(|r| r.file_id.as_deref())
        .collect();
    // The received email never comes (search asks for direction EMAIL); the sequence send
    // is skipped; Olive's note is not Sam's. A static token reads no transcript.
    assert_eq!(ingested, ["1001", "1002", "2001", "3001"], "{reports:?}");
    let sequence = reports
        .iter()
        .find(|r| r.file_id.as_deref() == Some("1004"));
    assert_eq!(sequence.map(|r| r.status.as_str()), Some("skipped"));
    let texts = texts(&env);
    let text = |title: &str| {
        texts
            .iter()
            .find(|(t, _)| t == title)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("no sample {title}: {texts:?}"))
    };
    assert!(text("Pricing for Q3").contains("the Q3 pricing holds"));
    let reply = text("Re: Contract");
    assert!(reply.contains("the redlines look fine"), "{reply}");
    assert!(
        !reply.contains("Can you look"),
        "quoted history kept: {reply}"
    );
    assert!(!reply.contains("wrote:"), "{reply}");
    let note = text("Note of 2026-03-03");
    assert_eq!(
        note.trim(),
        "Casey wants the annual plan; call back after the board meeting."
    );
    assert!(!texts.iter().any(|(_, t)| t.contains("Olive")));
    assert!(text("Discovery call").contains("they need single sign-on"));
    let samples = env.samples();
    assert!(samples.iter().all(|s| s.source_type == "hubspot"));
    assert!(
        samples
            .iter()
            .all(|s| s.account.as_deref() == Some(SALES_USER))
    );
    // The kind's name, the longest so far, stands apart from the title in `samples list`.
    let out = env.cmd().args(["samples", "list"]).output().unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listed.lines().count(), 4, "{listed}");
    assert!(listed.lines().all(|l| l.contains(" hubspot  ")), "{listed}");
}

#[test]
fn a_second_run_costs_one_search_a_kind_and_picks_up_only_what_changed() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    login_static(&env, &fake, SCOPES);
    let (code, _, stderr) = ingest(&env, &fake, &["hubspot:"]);
    assert_eq!(code, 0, "{stderr}");
    // Search's 5 a second are the account's, not a process's: the first run's searches
    // count against a second run started within the same second (cron's are minutes apart).
    std::thread::sleep(Duration::from_secs(1));
    fake.reset_counters();
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:"]);
    assert_eq!(code, 0, "{stderr}");
    for kind in ["emails", "notes", "calls"] {
        assert_eq!(
            fake.count(&format!("{kind}.search")),
            1,
            "{kind}: {:?}",
            fake.counters()
        );
    }
    assert_eq!(fake.count("owners.list"), 0, "the owner is remembered");
    assert!(
        reports.iter().all(|r| r.status != "ingested"),
        "{reports:?}"
    );

    fake.modify_note(2001, "<p>Casey signed: annual plan, forty seats.</p>");
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:notes"]);
    assert_eq!(code, 0, "{stderr}");
    let updated: Vec<&str> = reports
        .iter()
        .filter(|r| r.status == "updated")
        .filter_map(|r| r.file_id.as_deref())
        .collect();
    assert_eq!(updated, ["2001"], "{reports:?}");
    assert!(
        texts(&env)
            .iter()
            .any(|(_, t)| t.contains("Casey signed: annual plan"))
    );
}

#[test]
fn an_oauth_login_reads_the_transcript_keeping_only_the_users_lines() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let (fake, out) = login_oauth(&env, HubFixture::demo(), None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let auth = fake.last_authorization().expect("an authorize request");
    assert!(auth.get("code_challenge").is_some(), "PKCE: {auth:?}");
    let (code, _, stderr) = ingest(&env, &fake, &["hubspot:calls"]);
    assert_eq!(code, 0, "{stderr}");
    let texts = texts(&env);
    let (_, call) = texts
        .iter()
        .find(|(t, _)| t == "Discovery call")
        .expect("the call");
    assert!(call.contains("they need single sign-on"), "{call}");
    assert!(
        call.contains(
            "For forty seats you would be on the team plan.\n\nSingle sign-on comes with it."
        ),
        "{call}"
    );
    assert!(!call.contains("what does it cost"), "{call}");
    // The portal the login introspected to makes the records' addresses.
    let urls: Vec<String> = env.samples().into_iter().map(|s| s.source_url).collect();
    let hub = crate::fake_hubspot::HUB_ID.to_string();
    assert!(
        urls.iter().all(|u| u.starts_with(&format!(
            "https://app.hubspot.com/contacts/{hub}/record/0-48/"
        ))),
        "{urls:?}"
    );
    // The account is named by the e-mail the token introspects to, the hub kept.
    let status = cmd(&env, &fake)
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["accounts"][0]["email"], SALES_USER, "{status}");
    assert_eq!(status["accounts"][0]["provider"], "hubspot", "{status}");
}

#[test]
fn an_app_given_as_a_file_is_remembered_for_the_next_login() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let port = free_port();
    let fake = FakeHubSpot::start(
        HubFixture::demo().with_redirect_uri(&format!("http://localhost:{port}/")),
        HubConfig::default(),
    );
    let without_app = |args: &[&str]| {
        let mut cmd = oauth_cmd(&env, &fake, port);
        cmd.env_remove("VOICETRAIN_HUBSPOT_CLIENT_ID")
            .env_remove("VOICETRAIN_HUBSPOT_CLIENT_SECRET")
            .args(args);
        cmd.output().unwrap()
    };
    // No app anywhere: a usage error saying both ways in.
    let out = without_app(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("--client-secrets") && stderr.contains("--token-stdin"),
        "{stderr}"
    );

    // A file that is not an app's: named, with what it should hold; nothing remembered.
    let bad = env.path("app.json");
    std::fs::write(&bad, r#"{"installed": {"client_id": "x"}}"#).unwrap();
    let out = without_app(&["--client-secrets", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("app.json") && stderr.contains("client_secret"),
        "{stderr}"
    );
    assert!(!env.home().join("config.toml").exists());

    // The app's ID and secret as its Auth tab shows them: logged in, and remembered.
    let (id, secret) = (
        crate::fake_hubspot::HUB_CLIENT_ID,
        crate::fake_hubspot::HUB_CLIENT_SECRET,
    );
    std::fs::write(
        &bad,
        format!(r#"{{"client_id": "{id}", "client_secret": "{secret}"}}"#),
    )
    .unwrap();
    let out = without_app(&["--client-secrets", bad.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains(secret), "{}", stderr_of(&out));
    let config = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(
        config.contains("[hubspot]") && config.contains(id),
        "{config}"
    );
    let out = without_app(&[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn a_static_token_typed_at_a_terminal_is_not_shown() {
    voicetrain::net::install_tls_provider();
    let Some(python) = crate::python::python_with("pty") else {
        return crate::util::skip("no Python to run a terminal with");
    };
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    let token = fake.issue_static_token(SCOPES);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/on_a_terminal.py");
    let mut cmd = std::process::Command::new(python);
    cmd.arg(script)
        .args([
            "(not shown)",
            &token,
            "--",
            env!("CARGO_BIN_EXE_voicetrain"),
        ])
        .args(["auth", "hubspot", "--token-stdin", "--account", SALES_USER])
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .envs(fake.env());
    let out = cmd.output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}{}", stderr_of(&out));
    assert!(shown.contains("Logged in to HubSpot as"), "{shown}");
    assert!(!shown.contains(&token), "the token was echoed: {shown}");
}

#[test]
fn a_redirect_the_app_does_not_register_is_named_for_the_user_to_register() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let (_fake, out) = login_oauth(&env, HubFixture::demo(), Some("http://localhost:1/"));
    assert!(!out.status.success());
    let stderr = stderr_of(&out);
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr;
    assert!(said.contains("http://localhost:"), "{said}");
    assert!(stderr.contains("redirect"), "{stderr}");
}

#[test]
fn an_access_token_expiring_mid_run_is_refreshed_once_and_the_run_goes_on() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let (fake, out) = login_oauth(&env, HubFixture::demo(), None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    fake.expire_access_tokens();
    fake.reset_counters();
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fake.count("oauth.token"), 1, "{:?}", fake.counters());
    assert_eq!(
        reports.iter().filter(|r| r.status == "ingested").count(),
        4,
        "{reports:?}"
    );
}

#[test]
fn missing_scopes_exit_3_naming_them() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    // Without sales-email-read HubSpot blanks the bodies rather than refusing.
    login_static(
        &env,
        &fake,
        &["crm.objects.contacts.read", "crm.objects.owners.read"],
    );
    let (code, _, stderr) = ingest(&env, &fake, &["hubspot:emails"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("sales-email-read"), "{stderr}");
    // Every HubSpot login asks for every scope: the token itself must carry it.
    assert!(stderr.contains("`voicetrain auth hubspot`"), "{stderr}");
    assert!(!stderr.contains("--scope"), "{stderr}");
    assert!(env.samples().is_empty());

    // Without the CRM scopes the API refuses: MISSING_SCOPES, named.
    let env = Env::new();
    login_static(&env, &fake, &["crm.objects.owners.read"]);
    let (code, _, stderr) = ingest(&env, &fake, &["hubspot:notes"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("MISSING_SCOPES"), "{stderr}");
}

#[test]
fn a_token_hubspot_does_not_know_or_cannot_read_is_refused_at_login() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    for (token, why) in [
        ("pat-na1-00000000-0000-0000-0000-000000000000", "unknown"),
        ("not a token", "malformed"),
    ] {
        let out = cmd(&env, &fake)
            .args(["auth", "hubspot", "--token-stdin", "--account", SALES_USER])
            .write_stdin(token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{why}: {}", stderr_of(&out));
        assert!(!stderr_of(&out).contains(token), "the token is never shown");
    }
    // A static token names no user: without a terminal, --account is required.
    let out = cmd(&env, &fake)
        .args(["auth", "hubspot", "--token-stdin"])
        .write_stdin(fake.issue_static_token(SCOPES))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--account"));
    // Someone not in the portal.
    let out = cmd(&env, &fake)
        .args([
            "auth",
            "hubspot",
            "--token-stdin",
            "--account",
            "nobody@else.example",
        ])
        .write_stdin(fake.issue_static_token(SCOPES))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("nobody@else.example"));
}

/// A portal where the user sent `n` emails, and a static login to it.
fn logged_in_with_sent_emails(n: u64) -> (Env, FakeHubSpot) {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let sam = sam();
    let fixture = HubFixture::default()
        .with_user(sam.clone())
        .with_sent_emails(&sam, 100_000, n);
    let fake = FakeHubSpot::start(fixture, HubConfig::default());
    login_static(&env, &fake, SCOPES);
    (env, fake)
}

#[test]
fn more_than_10000_records_with_one_modification_date_are_each_ingested_once() {
    let (env, fake) = logged_in_with_sent_emails(10_001);
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:emails", "-q"]);
    assert_eq!(code, 0, "{stderr}");
    let mut ids: Vec<&str> = reports
        .iter()
        .filter(|r| r.status == "ingested")
        .filter_map(|r| r.file_id.as_deref())
        .collect();
    assert_eq!(ids.len(), 10_001);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 10_001, "a record ingested twice");
    assert_eq!(fake.count("emails.search:400"), 0, "paged past the cap");
}

#[test]
fn a_search_failing_midway_keeps_the_pages_before_it_and_the_next_run_reads_the_rest() {
    // Five pages of 200; the third search fails through its one retry.
    let (env, fake) = logged_in_with_sent_emails(1_000);
    fake.fail_after("emails.search", 2, 503, 2);
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:emails", "--retries", "1"]);
    // Some ingested, one failed: partly done.
    assert_eq!(code, 4, "{stderr}");
    let first: Vec<String> = reports
        .iter()
        .filter(|r| r.status == "ingested")
        .filter_map(|r| r.file_id.clone())
        .collect();
    // The records of the pages read were fetched as they came, and are kept.
    assert_eq!(first.len(), 400, "{stderr}");
    assert_eq!(reports.iter().filter(|r| r.status == "failed").count(), 1);
    let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:emails"]);
    assert_eq!(code, 0, "{stderr}");
    let second: Vec<&str> = reports
        .iter()
        .filter(|r| r.status == "ingested")
        .filter_map(|r| r.file_id.as_deref())
        .collect();
    assert_eq!(second.len(), 600, "{stderr}");
    assert!(second.iter().all(|id| !first.iter().any(|f| f == id)));
    assert_eq!(env.samples().len(), 1_000);
}

#[test]
fn a_rate_limit_storm_slows_the_run_but_loses_nothing() {
    voicetrain::net::install_tls_provider();
    // 429s with and without Retry-After: HubSpot does not always send it.
    for retry_after in [false, true] {
        let env = Env::new();
        let fake = FakeHubSpot::start(
            HubFixture::demo(),
            HubConfig {
                search_per_second: 1,
                // Ten-secondly's Retry-After would be seconds long: that variant meets
                // search's alone.
                ten_second_limit: if retry_after { 190 } else { 2 },
                retry_after,
                ..HubConfig::default()
            },
        );
        login_static(&env, &fake, SCOPES);
        let (code, reports, stderr) = ingest(&env, &fake, &["hubspot:"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            reports.iter().filter(|r| r.status == "ingested").count(),
            4,
            "{reports:?}"
        );
        assert!(fake.rate_limited() > 0, "no storm: {:?}", fake.counters());
    }
}

#[test]
fn sync_keeps_a_remembered_hubspot_source_and_an_archived_record_becomes_gone() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(HubFixture::demo(), HubConfig::default());
    login_static(&env, &fake, SCOPES);
    let out = cmd(&env, &fake)
        .args(["sources", "add", "hubspot:"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let sync = || {
        let out = cmd(&env, &fake)
            .args(["sync", "--json"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let first = sync();
    assert_eq!(first["sources"][0]["ingested"], 4, "{first}");
    fake.archive("emails", 1001);
    let second = sync();
    assert_eq!(second["sources"][0]["gone"], 1, "{second}");
    let gone = cmd(&env, &fake)
        .args(["samples", "list", "--gone", "--json"])
        .output()
        .unwrap();
    let gone: Value = serde_json::from_slice(&gone.stdout).unwrap();
    assert_eq!(gone[0]["source_id"], "1001", "{gone}");
    assert_eq!(gone[0]["gone"]["reason"], "archived in HubSpot", "{gone}");
    assert_eq!(env.samples().len(), 3);
}

#[test]
fn tokens_refresh_logout_and_doctor_handle_hubspot_logins_of_both_kinds() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let (fake, out) = login_oauth(&env, HubFixture::demo(), None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let run = |env: &Env, args: &[&str]| {
        let out = cmd(env, &fake).args(args).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr_of(&out),
        )
    };
    // An OAuth token lives 30 minutes: the cron refresh (35 minutes ahead) renews it.
    fake.reset_counters();
    let (code, stdout, stderr) = run(&env, &["tokens", "refresh", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let refreshed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        refreshed["refreshed"][0]["service"], "hubspot",
        "{refreshed}"
    );
    assert_eq!(fake.count("oauth.token"), 1);
    let (code, stdout, stderr) = run(&env, &["doctor", "--json"]);
    let doctor: Value = serde_json::from_str(&stdout).unwrap();
    let account = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == format!("account {SALES_USER}"))
        .cloned()
        .unwrap_or_else(|| panic!("{doctor}"));
    assert_eq!(account["status"], "ok", "{account} {stderr} {code}");
    // HubSpot's host is asked once for its consent page and API alike.
    let host = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["check"]
                .as_str()
                .is_some_and(|n| n.starts_with("hubspot "))
        })
        .cloned()
        .unwrap_or_else(|| panic!("{doctor}"));
    assert_eq!(host["status"], "ok", "{host}");
    assert!(
        host["detail"].as_str().unwrap().contains("(auth, api)"),
        "{host}"
    );
    // Logout revokes the refresh token at HubSpot's 2026-03 endpoint.
    let (code, _, stderr) = run(&env, &["auth", "logout", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fake.count("oauth.revoke"), 1, "{:?}", fake.counters());

    // A static token is never refreshed, is fine by doctor, and is forgotten, not revoked.
    let env = Env::new();
    login_static(&env, &fake, SCOPES);
    fake.reset_counters();
    let (code, stdout, stderr) = run(&env, &["tokens", "refresh", "--force", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let refreshed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        refreshed["skipped"][0]["reason"], "a static token: never refreshed",
        "{refreshed}"
    );
    let (_, stdout, _) = run(&env, &["doctor", "--json"]);
    assert!(
        stdout.contains("a static token: it never expires"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&env, &["auth", "logout", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("rotate or delete it in HubSpot"),
        "{stderr}"
    );
    assert_eq!(fake.count("oauth.revoke"), 0);
    assert_eq!(fake.count("oauth.token"), 0);
}

#[test]
fn no_token_reaches_the_output_at_any_verbosity() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let (fake, out) = login_oauth(&env, HubFixture::demo(), None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let static_token = fake.issue_static_token(SCOPES);
    let static_env = Env::new();
    let login = cmd(&static_env, &fake)
        .args([
            "-vv",
            "auth",
            "hubspot",
            "--token-stdin",
            "--account",
            SALES_USER,
        ])
        .write_stdin(static_token.clone())
        .output()
        .unwrap();
    let key = std::fs::read_to_string(env.home().join("key")).unwrap();
    let (access, refresh) = crate::util::token_ciphertexts(&env).pop().unwrap();
    let secrets = [
        crate::util::decrypt(&key, &access).unwrap(),
        crate::util::decrypt(&key, &refresh.unwrap()).unwrap(),
        static_token,
        crate::fake_hubspot::HUB_CLIENT_SECRET.to_string(),
    ];
    fake.expire_access_tokens();
    let mut said = vec![login];
    for verbosity in ["-q", "-v", "-vv"] {
        said.push(
            cmd(&env, &fake)
                .args([verbosity, "ingest", "--json", "hubspot:"])
                .output()
                .unwrap(),
        );
        said.push(
            cmd(&static_env, &fake)
                .args([verbosity, "ingest", "--json", "hubspot:"])
                .output()
                .unwrap(),
        );
    }
    said.push(
        cmd(&env, &fake)
            .args(["-vv", "tokens", "refresh", "--force"])
            .output()
            .unwrap(),
    );
    for out in &said {
        let all = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr_of(out);
        for secret in &secrets {
            assert!(!all.contains(secret.as_str()), "a secret in: {all}");
        }
    }
}

#[test]
fn a_spent_daily_limit_ends_the_sync_with_exit_75_and_it_is_read_again_tomorrow() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeHubSpot::start(
        HubFixture::demo(),
        HubConfig {
            daily_limit: 3,
            ..HubConfig::default()
        },
    );
    login_static(&env, &fake, SCOPES);
    let run = |args: &[&str]| {
        let out = cmd(&env, &fake).args(args).output().unwrap();
        (out.status.code().unwrap(), stderr_of(&out))
    };
    assert_eq!(run(&["sources", "add", "hubspot:"]).0, 0);
    // One line for cron, and 75: try again later.
    let (code, stderr) = run(&["sync"]);
    assert_eq!(code, 75, "{stderr}");
    assert!(stderr.contains("DAILY"), "{stderr}");
    // Nothing remembered past what was read: the next day's sync reads the rest.
    fake.configure(|c| c.daily_limit = 650_000);
    let (code, stderr) = run(&["sync"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(env.samples().len(), 4);
}
