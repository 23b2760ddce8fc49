//! The OS keyring: a real Secret Service (gnome-keyring under `dbus-run-session`, as
//! scripts/test starts it), and one that never answers, which must not hang voicetrain.

use std::os::unix::net::UnixListener;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{Env, decrypt, skip, stderr_of, token_ciphertexts};

/// The test process's D-Bus session, if it has one with a Secret Service on it.
fn secret_service() -> Option<String> {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok()?;
    let probe = Command::new("secret-tool")
        .args(["search", "service", "voicetrain-probe"])
        .output()
        .ok()?;
    probe.status.success().then_some(bus)
}

fn lookup(env: &Env) -> Option<String> {
    let user = format!("store:{}", env.home().display());
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "voicetrain", "username", &user])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn key_lives_in_the_secret_service_and_rotates_there() {
    use voicetrain::config::{Config, Paths};
    use voicetrain::secret::{KeySources, Secret, Vault};
    use voicetrain::store::Store;

    let Some(bus) = secret_service() else {
        return skip("no Secret Service on a D-Bus session (scripts/test starts gnome-keyring)");
    };
    let env = Env::new();
    // The first secret makes a key; with a keyring answering, that is where it goes.
    let paths = Paths::resolve(Some(&env.home()), None).unwrap();
    let store = Store::open(&paths.data_dir).unwrap();
    let sources = KeySources::new(&paths, &Config::default(), None);
    let vault = Vault::open_or_create(&store, &sources, &mut |n| panic!("no notice: {n}")).unwrap();
    crate::util::insert_token(
        &env,
        "k@example.com",
        &vault.encrypt(&Secret::new("ya29.kr".into())),
        None,
    );
    drop(store);
    assert!(
        !env.home().join("key").exists(),
        "no key file when the keyring works"
    );
    let first = lookup(&env).expect("key in the keyring");

    let with_keyring = |args: &[&str]| {
        env.cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .env_remove("VOICETRAIN_NO_KEYRING")
            .args(args)
            .output()
            .unwrap()
    };
    let out = with_keyring(&["key", "status", "--json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["source"], "keyring");
    assert_eq!(status["opens_store"], true);

    let out = with_keyring(&["key", "rotate", "--yes"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let second = lookup(&env).expect("key still in the keyring");
    assert_ne!(first, second);
    let (access, _) = &token_ciphertexts(&env)[0];
    assert_eq!(decrypt(&second, access).as_deref(), Some("ya29.kr"));
    assert!(out.stdout.is_empty(), "a keyring key is never printed");
}

#[test]
fn a_keyring_that_never_answers_costs_seconds_not_forever() {
    let env = Env::new();
    let socket = env.path("silent-bus");
    let listener = UnixListener::bind(&socket).unwrap();
    // Accept connections and never say a word.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            held.push(conn);
        }
    });
    let started = Instant::now();
    let out = env
        .cmd()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        )
        .env_remove("VOICETRAIN_NO_KEYRING")
        .args(["key", "status"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("keyring      not used: did not answer within 3 s"),
        "{text}"
    );
}
