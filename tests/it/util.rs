//! What every test needs: a private HOME and data dir, the real binary pointed at them, and
//! the JSON shapes of cli.md as serde types to read output back with.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

/// Variables a developer's shell may have that must not leak into a test.
const SCRUBBED: &[&str] = &[
    "VOICETRAIN_HOME",
    "VOICETRAIN_KEY_FILE",
    "VOICETRAIN_ENCRYPTION_KEY",
    "OAUTH_ENCRYPTION_KEY",
    "VOICETRAIN_ACCOUNT",
    "VOICETRAIN_NO_KEYRING",
    "VOICETRAIN_STORE",
    "PGPASSWORD",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "NO_COLOR",
];

/// A private world for one test.
pub struct Env {
    pub dir: tempfile::TempDir,
    /// The PostgreSQL database every command is pointed at (`VOICETRAIN_STORE`), if not the
    /// store file in the data dir.
    pub db: Option<crate::postgres::Db>,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            db: None,
        }
    }

    /// An [`Env`] whose store is a fresh database of the real cluster; `None` (the test
    /// skipped) without one.
    pub fn on_postgres() -> Option<Env> {
        let db = crate::postgres::Db::new()?;
        Some(Env {
            db: Some(db),
            ..Env::new()
        })
    }

    /// `$VOICETRAIN_HOME`: the data dir.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn store_file(&self) -> PathBuf {
        self.home().join("voicetrain.db")
    }

    /// A path inside the test's directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (and its parents) under the test's directory.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// The real binary, with HOME and the data dir in this test's directory and no keyring.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`Env::cmd`] as a plain `std::process::Command`, for a test that spawns and watches it.
    pub fn std_cmd(&self) -> std::process::Command {
        self.setup(std::process::Command::new(assert_cmd::cargo::cargo_bin(
            "voicetrain",
        )))
    }

    /// [`Env::cmd`] as a user the permission bits hold for: as root, the binary runs as
    /// `nobody` (through `setpriv`), and this test's directory is given to `nobody`; as anyone
    /// else, as they are.
    pub fn cmd_unprivileged(&self) -> Command {
        if !self.hand_to_unprivileged() {
            return self.cmd();
        }
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(assert_cmd::cargo::cargo_bin("voicetrain"));
        Command::from_std(self.setup(cmd))
    }

    /// As root, gives this test's directory (as it is now) to the user
    /// [`Env::cmd_unprivileged`] runs as; whether it did.
    pub fn hand_to_unprivileged(&self) -> bool {
        let root = rustix::process::geteuid().is_root();
        if root {
            give_to_nobody(self.dir.path());
        }
        root
    }

    fn setup(&self, mut cmd: std::process::Command) -> std::process::Command {
        for var in SCRUBBED {
            cmd.env_remove(var);
        }
        if let Some(db) = &self.db {
            cmd.env("VOICETRAIN_STORE", db.url());
        }
        cmd.env("HOME", self.dir.path())
            .env("VOICETRAIN_HOME", self.home())
            .env("VOICETRAIN_NO_KEYRING", "1")
            .current_dir(self.dir.path());
        cmd
    }

    /// Runs `ingest --json ARGS`; returns the exit code and one report a file.
    pub fn ingest(&self, args: &[&str]) -> (i32, Vec<FileReport>) {
        let output = self
            .cmd()
            .arg("ingest")
            .arg("--json")
            .args(args)
            .output()
            .expect("run");
        let reports = json_lines(&output.stdout);
        (output.status.code().expect("exit code"), reports)
    }

    /// `samples list --json`.
    pub fn samples(&self) -> Vec<Sample> {
        let output = self
            .cmd()
            .args(["samples", "list", "--json"])
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("samples list --json is a JSON array")
    }

    /// The text of one sample, by `samples show --json`.
    pub fn text(&self, id: &str) -> String {
        let output = self
            .cmd()
            .args(["samples", "show", id, "--json"])
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let shown: Shown = serde_json::from_slice(&output.stdout).expect("show --json");
        shown.text
    }
}

/// Makes `dir` and everything in it belong to `nobody` (uid and gid 65534).
fn give_to_nobody(dir: &Path) {
    let nobody = Some(65534);
    std::os::unix::fs::lchown(dir, nobody, nobody).expect("chown");
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            give_to_nobody(&path);
        } else {
            std::os::unix::fs::lchown(&path, nobody, nobody).expect("chown");
        }
    }
}

/// `doctor --json`.
#[derive(Debug, Deserialize)]
pub struct DoctorReport {
    pub ok: bool,
    pub checks: Vec<DoctorCheck>,
}

#[derive(Debug, Deserialize)]
pub struct DoctorCheck {
    pub check: String,
    pub status: String,
    pub detail: String,
    pub fix: Option<String>,
}

pub fn json_lines<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Vec<T> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// `ingest --json`, one line a file (cli.md).
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the whole contract, whether or not a test reads each field
pub struct FileReport {
    pub source: String,
    pub file_id: Option<String>,
    pub title: Option<String>,
    pub mime_type: Option<String>,
    pub status: String,
    pub sample_id: Option<String>,
    pub words: Option<u64>,
    pub reason: Option<String>,
}

/// `samples list --json`, one element (cli.md).
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the whole contract, whether or not a test reads each field
pub struct Sample {
    pub id: String,
    pub title: String,
    pub source_type: String,
    pub source_id: String,
    pub source_url: String,
    pub mime_type: String,
    pub account: Option<String>,
    pub tags: Vec<String>,
    pub words: u64,
    pub chars: u64,
    pub sha256: String,
    pub modified_time: Option<String>,
    pub ingested_at: String,
    /// null, or what OCR read of it.
    pub ocr: Option<Ocr>,
}

/// A sample's `ocr` (cli.md).
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Ocr {
    pub pages: u64,
    pub languages: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the whole contract, whether or not a test reads each field
pub struct Shown {
    pub id: String,
    pub text: String,
}

/// `samples export --format jsonl`, one line (cli.md).
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the whole contract, whether or not a test reads each field
pub struct Exported {
    pub id: String,
    pub text: String,
    pub title: String,
    pub source_type: String,
    pub source_url: String,
    pub mime_type: String,
    pub tags: Vec<String>,
    pub ingested_at: String,
}

/// The report for the file whose source ends with `suffix`.
pub fn report<'a>(reports: &'a [FileReport], suffix: &str) -> &'a FileReport {
    reports
        .iter()
        .find(|r| r.source.ends_with(suffix))
        .unwrap_or_else(|| panic!("no report for {suffix} in {reports:#?}"))
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether the machine must run every optional test (CI sets this).
pub fn required() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true" || v == "1")
}

/// Marks a test as skipped for want of `what`, or fails it where it must run.
pub fn skip(what: &str) {
    assert!(!required(), "CI must run this test, but {what}");
    eprintln!("SKIPPED: {what}");
}

/// File mode bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

/// Stores `tokens` (access, refresh) as the product would, encrypted with the key in
/// `key_file` (made there if missing), and returns the key's fingerprint.
pub fn seed_tokens(env: &Env, key_file: &Path, tokens: &[(&str, &str)]) -> String {
    use voicetrain::config::{Config, Paths};
    use voicetrain::secret::{KeySources, Secret, Vault};
    use voicetrain::store::Store;
    let paths = Paths::resolve(Some(&env.home()), None).unwrap();
    let store = Store::open(&paths.data_dir).unwrap();
    let sources = KeySources::new(&paths, &Config::default(), Some(key_file));
    let vault = Vault::open_or_create(&store, &sources, &mut |_| {}).unwrap();
    for (i, (access, refresh)) in tokens.iter().enumerate() {
        let access = vault.encrypt(&Secret::new(access.to_string()));
        let refresh = vault.encrypt(&Secret::new(refresh.to_string()));
        insert_token(
            env,
            &format!("user{i}@example.com"),
            &access,
            Some(&refresh),
        );
    }
    vault.key().fingerprint().to_string()
}

/// Puts one token row in the store with the given ciphertexts.
pub fn insert_token(env: &Env, account: &str, access: &str, refresh: Option<&str>) {
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute(
        "INSERT INTO oauth_tokens (account, service, access_token_encrypted,
             refresh_token_encrypted, expires_at, scopes, created_at, updated_at)
         VALUES (?1, 'google', ?2, ?3, '2030-01-01T00:00:00Z', 'openid', '2026-01-01T00:00:00Z',
             '2026-01-01T00:00:00Z')",
        rusqlite::params![account, access, refresh],
    )
    .unwrap();
}

/// Every token row's (access, refresh) ciphertexts.
pub fn token_ciphertexts(env: &Env) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT access_token_encrypted, refresh_token_encrypted FROM oauth_tokens ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Decrypts with a key given in Fernet's text form.
pub fn decrypt(key: &str, token: &str) -> Option<String> {
    let key = voicetrain::secret::Key::parse(key)?;
    key.decrypt(token).ok().map(|s| s.expose().to_string())
}

impl Env {
    /// The real binary pointed at a fake Google.
    pub fn google(&self, fake: &crate::fake_google::FakeGoogle) -> Command {
        let mut cmd = self.cmd();
        for (k, v) in fake.env() {
            cmd.env(k, v);
        }
        cmd
    }

    /// A `$BROWSER` that does what a person's browser would: GET the address and follow the
    /// redirect to the loopback listener. `tamper` is Python run on `url` (the consent
    /// address) and `loc` (the redirect) to play a broken or hostile browser.
    pub fn browser(&self, tamper_request: &str, tamper_redirect: &str) -> String {
        let script = format!(
            r#"import sys, urllib.request, urllib.error
url = sys.argv[1]
{tamper_request}
class Stop(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
try:
    urllib.request.build_opener(Stop).open(url)
    sys.exit("no redirect from the consent page")
except urllib.error.HTTPError as e:
    if e.code != 302:
        sys.exit("consent page answered %d" % e.code)
    loc = e.headers["Location"]
{tamper_redirect}
urllib.request.urlopen(loc).read()
"#
        );
        let path = self.write("browser.py", script);
        format!("python3 {}", path.display())
    }

    /// Runs `ingest --json ARGS` against a fake Google; returns the exit code, one report a
    /// file, and what was said on stderr.
    pub fn ingest_from(
        &self,
        fake: &crate::fake_google::FakeGoogle,
        args: &[&str],
    ) -> (i32, Vec<FileReport>, String) {
        let out = self
            .google(fake)
            .arg("ingest")
            .arg("--json")
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code().expect("exit code"),
            json_lines(&out.stdout),
            stderr_of(&out),
        )
    }

    /// Logs in through the real binary with a well-behaved browser.
    pub fn login(&self, fake: &crate::fake_google::FakeGoogle) {
        let out = self
            .google(fake)
            .env("BROWSER", self.browser("", ""))
            .args(["auth", "google"])
            .output()
            .unwrap();
        assert!(out.status.success(), "login failed: {}", stderr_of(&out));
    }

    /// The stored token row's secrets, decrypted with the key file.
    pub fn stored_tokens(&self) -> (String, Option<String>) {
        let key = std::fs::read_to_string(self.home().join("key")).expect("key file");
        let (access, refresh) = token_ciphertexts(self).pop().expect("a token row");
        (
            decrypt(&key, &access).expect("access token decrypts"),
            refresh.map(|r| decrypt(&key, &r).expect("refresh token decrypts")),
        )
    }
}

/// The store after whatever happened to it: `PRAGMA integrity_check` passes, and every
/// sample has its whole text (hashing to its recorded sha256).
pub fn check_store(env: &Env) {
    if let Some(db) = &env.db {
        return check_postgres(db);
    }
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed before the first migration committed: an empty store, which the next run
        // sets up.
        return;
    }
    let mut stmt = conn
        .prepare(
            "SELECT s.sha256, group_concat(p.text, '' ORDER BY p.part) \
             FROM samples s JOIN sample_parts p ON p.sample = s.seq GROUP BY s.seq",
        )
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let orphans: i64 = conn.query_row(ORPHANS, [], |r| r.get(0)).unwrap();
    check_texts(rows, orphans);
}

/// Samples without their text.
const ORPHANS: &str = "SELECT count(*) FROM samples s \
     WHERE NOT EXISTS (SELECT 1 FROM sample_parts p WHERE p.sample = s.seq)";

/// [`check_store`] on a PostgreSQL store, which keeps itself consistent (no integrity check
/// to run): its samples' texts whole.
fn check_postgres(db: &crate::postgres::Db) {
    let mut client = db.client(&db.name);
    let migrated: bool = client
        .query_one("SELECT to_regclass('samples') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    if !migrated {
        return;
    }
    let rows = client
        .query(
            "SELECT s.sha256, string_agg(p.text, '' ORDER BY p.part) \
             FROM samples s JOIN sample_parts p ON p.sample = s.seq GROUP BY s.seq, s.sha256",
            &[],
        )
        .unwrap();
    let rows = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let orphans: i64 = client.query_one(ORPHANS, &[]).unwrap().get(0);
    check_texts(rows, orphans);
}

/// Each text hashes to its recorded sha256, and no sample is without one.
fn check_texts(rows: Vec<(String, String)>, orphans: i64) {
    for (sha, text) in rows {
        assert_eq!(
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
            sha,
            "a sample with partial text"
        );
    }
    assert_eq!(orphans, 0, "a sample without its text");
}

/// Google's token endpoint answers 503 to everything; the config retries it four times
/// quickly (3 s budget) and opens the breaker at the fourth failure, for a minute.
pub fn token_endpoint_down(env: &Env, fake: &crate::fake_google::FakeGoogle) {
    env.write(
        "home/config.toml",
        "[retry.token]\nattempts = 4\nbase_delay = \"50ms\"\nmax_delay = \"200ms\"\nbudget = \"3s\"\n\
         [breaker]\nfailures = 4\nrecovery = \"1m\"\n",
    );
    fake.set_faults(crate::fake_google::Faults {
        server_error: 1.0,
        only: vec!["token.".into()],
        ..Default::default()
    });
}
