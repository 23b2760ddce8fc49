//! `voicetrain key`: where the key comes from, wrong and unsafe keys, and rotation, including
//! one interrupted between the store and the key file.

use serde::Deserialize;

use crate::util::{Env, decrypt, insert_token, mode, seed_tokens, stderr_of, token_ciphertexts};

#[derive(Debug, Deserialize)]
struct Status {
    source: Option<String>,
    fingerprint: Option<String>,
    store_fingerprint: Option<String>,
    opens_store: bool,
    secrets: u64,
}

fn status(env: &Env, extra: &[(&str, &str)]) -> (i32, Status, String) {
    let mut cmd = env.cmd();
    cmd.args(["key", "status", "--json"]);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let status = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", stderr_of(&out));
    });
    (out.status.code().unwrap(), status, stderr_of(&out))
}

#[test]
fn status_without_a_key() {
    let env = Env::new();
    let (code, s, _) = status(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(s.source, None);
    assert_eq!(s.secrets, 0);
    let out = env.cmd().args(["key", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("none yet"), "{text}");
    assert!(text.contains("keyring      not used: turned off"), "{text}");
}

#[test]
fn status_with_a_key_file() {
    let env = Env::new();
    let key_file = env.home().join("key");
    let fp = seed_tokens(&env, &key_file, &[("ya29.access", "1//refresh")]);
    assert_eq!(mode(&key_file), 0o600);
    // <data dir>/key is found without being named.
    let (code, s, _) = status(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(s.source.as_deref(), Some("file"));
    assert_eq!(s.fingerprint.as_deref(), Some(fp.as_str()));
    assert_eq!(s.store_fingerprint.as_deref(), Some(fp.as_str()));
    assert!(s.opens_store);
    assert_eq!(s.secrets, 2);
}

#[test]
fn key_file_readable_by_others_is_refused_with_the_chmod_to_run() {
    let env = Env::new();
    let key_file = env.home().join("key");
    seed_tokens(&env, &key_file, &[("a", "b")]);
    std::fs::set_permissions(
        &key_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let out = env.cmd().args(["key", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = stderr_of(&out);
    assert!(err.contains("readable by other users"), "{err}");
    assert!(
        err.contains(&format!("chmod 600 {}", key_file.display())),
        "{err}"
    );
}

#[test]
fn malformed_key_exits_5() {
    let env = Env::new();
    let (code, _, err) = status(&env, &[("VOICETRAIN_ENCRYPTION_KEY", "hunter2")]);
    assert_eq!(code, 5);
    assert!(err.contains("is not a valid key"), "{err}");
    assert!(!err.contains("hunter2"), "the bad key is not echoed: {err}");
}

#[test]
fn wrong_key_is_refused_by_name_and_nothing_changes() {
    let env = Env::new();
    seed_tokens(&env, &env.home().join("key"), &[("a", "b")]);
    let before = std::fs::read(env.store_file()).unwrap();
    let other = voicetrain::secret::Key::generate();
    let other = other.encoded().expose().to_string();
    for args in [&["key", "status"][..], &["key", "rotate", "--yes"][..]] {
        let out = env
            .cmd()
            .env("VOICETRAIN_ENCRYPTION_KEY", &other)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{args:?}");
        let err = stderr_of(&out);
        assert!(
            err.contains("this store was encrypted with a different key; key taken from environment variable VOICETRAIN_ENCRYPTION_KEY"),
            "{err}"
        );
        assert!(!err.contains(&other));
    }
    assert_eq!(std::fs::read(env.store_file()).unwrap(), before);
}

#[test]
fn missing_key_for_a_store_with_secrets_exits_5() {
    let env = Env::new();
    let key_file = env.home().join("key");
    seed_tokens(&env, &key_file, &[("a", "b")]);
    std::fs::remove_file(&key_file).unwrap();
    let out = env.cmd().args(["key", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr_of(&out).contains("no key was found"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn rotate_re_encrypts_every_secret_and_replaces_the_key_file() {
    let env = Env::new();
    let key_file = env.home().join("key");
    let old_fp = seed_tokens(
        &env,
        &key_file,
        &[("ya29.one", "1//one"), ("ya29.two", "1//two")],
    );
    let old_key = std::fs::read_to_string(&key_file).unwrap();
    let before = token_ciphertexts(&env);

    let out = env.cmd().args(["key", "rotate"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "asks first; no terminal means --yes is needed"
    );
    assert_eq!(token_ciphertexts(&env), before);

    let out = env.cmd().args(["key", "rotate", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty(), "a file key is never printed");
    let new_key = std::fs::read_to_string(&key_file).unwrap();
    assert_ne!(new_key, old_key);
    assert_eq!(mode(&key_file), 0o600);
    let after = token_ciphertexts(&env);
    let plain: Vec<_> = after
        .iter()
        .map(|(a, r)| {
            (
                decrypt(&new_key, a).unwrap(),
                decrypt(&new_key, r.as_deref().unwrap()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        plain,
        [
            ("ya29.one".into(), "1//one".into()),
            ("ya29.two".into(), "1//two".into())
        ]
    );
    assert!(decrypt(&old_key, &after[0].0).is_none());
    let (code, s, _) = status(&env, &[]);
    assert_eq!(code, 0);
    assert_ne!(s.fingerprint.as_deref(), Some(old_fp.as_str()));
    assert!(s.opens_store);

    // The old key no longer opens the store.
    let (code, _, _) = status(&env, &[("VOICETRAIN_ENCRYPTION_KEY", old_key.trim())]);
    assert_eq!(code, 5);
}

#[test]
fn rotate_with_an_env_key_prints_the_new_one_once() {
    let env = Env::new();
    let key_file = env.path("seed-key");
    seed_tokens(&env, &key_file, &[("ya29.env", "1//env")]);
    let old_key = std::fs::read_to_string(&key_file)
        .unwrap()
        .trim()
        .to_string();
    std::fs::remove_file(&key_file).unwrap();

    let out = env
        .cmd()
        .env("VOICETRAIN_ENCRYPTION_KEY", &old_key)
        .args(["key", "rotate", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let new_key = String::from_utf8(out.stdout.clone())
        .unwrap()
        .trim()
        .to_string();
    assert!(voicetrain::secret::Key::parse(&new_key).is_some());
    assert!(stderr_of(&out).contains("Set VOICETRAIN_ENCRYPTION_KEY"));
    let (access, _) = &token_ciphertexts(&env)[0];
    assert_eq!(decrypt(&new_key, access).as_deref(), Some("ya29.env"));

    // Until the environment changes, the old key still opens the store.
    let (code, s, _) = status(&env, &[("VOICETRAIN_ENCRYPTION_KEY", &old_key)]);
    assert_eq!(code, 0);
    assert!(s.opens_store);
    // With the new key the rotation is complete, and the old key stops working.
    let (code, _, _) = status(&env, &[("VOICETRAIN_ENCRYPTION_KEY", &new_key)]);
    assert_eq!(code, 0);
    let (code, _, err) = status(&env, &[("VOICETRAIN_ENCRYPTION_KEY", &old_key)]);
    assert_eq!(code, 5, "{err}");
}

#[test]
fn a_rotation_interrupted_before_the_key_was_saved_resumes() {
    use voicetrain::config::{Config, Paths};
    use voicetrain::secret::{KeySources, Vault};
    use voicetrain::store::Store;

    let env = Env::new();
    let key_dir = env.path("keys");
    let key_file = key_dir.join("key");
    seed_tokens(&env, &key_file, &[("ya29.keep", "1//keep")]);
    let old_key = std::fs::read_to_string(&key_file).unwrap();

    // Rotate through the library, and make saving the new key fail for real: its directory
    // is replaced by a plain file between reading the old key and writing the new one.
    let paths = Paths::resolve(Some(&env.home()), None).unwrap();
    let store = Store::open(&paths.data_dir).unwrap();
    let sources = KeySources::new(&paths, &Config::default(), Some(&key_file));
    let vault = Vault::open(&store, &sources).unwrap().unwrap();
    std::fs::rename(&key_dir, env.path("keys.away")).unwrap();
    std::fs::write(&key_dir, "not a directory").unwrap();
    assert!(vault.rotate(&store, &sources).is_err());
    drop(store);
    std::fs::remove_file(&key_dir).unwrap();
    std::fs::rename(env.path("keys.away"), &key_dir).unwrap();
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), old_key);

    // The store is re-encrypted, the key file still holds the old key: the binary finishes
    // the rotation instead of calling the key wrong.
    let key_flag = key_file.to_str().unwrap();
    let (code, s, err) = status(&env, &[("VOICETRAIN_KEY_FILE", key_flag)]);
    assert_eq!(code, 0, "{err}");
    assert!(s.opens_store);
    let new_key = std::fs::read_to_string(&key_file).unwrap();
    assert_ne!(new_key, old_key);
    let (access, _) = &token_ciphertexts(&env)[0];
    assert_eq!(decrypt(&new_key, access).as_deref(), Some("ya29.keep"));
    let (code, _, _) = status(&env, &[("VOICETRAIN_KEY_FILE", key_flag)]);
    assert_eq!(code, 0);
}

#[test]
fn a_clock_that_stepped_back_does_not_lock_the_store() {
    let env = Env::new();
    let key_file = env.home().join("key");
    seed_tokens(&env, &key_file, &[]);
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let fernet = fernet::Fernet::new(key_text.trim()).unwrap();
    let an_hour_ahead = jiff::Timestamp::now().as_second() as u64 + 3600;
    insert_token(
        &env,
        "future@example.com",
        &fernet.encrypt_at_time(b"ya29.future", an_hour_ahead),
        None,
    );
    let out = env.cmd().args(["key", "rotate", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let new_key = std::fs::read_to_string(&key_file).unwrap();
    let (access, _) = &token_ciphertexts(&env)[0];
    assert_eq!(decrypt(&new_key, access).as_deref(), Some("ya29.future"));
}

#[test]
fn python_generated_key_in_the_old_variable_is_accepted() {
    let env = Env::new();
    // Made by `Fernet.generate_key()`.
    let key = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    let (code, s, err) = status(&env, &[("OAUTH_ENCRYPTION_KEY", key)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s.source.as_deref(), Some("env"));
    assert!(s.fingerprint.is_some());
}

#[test]
fn rotate_of_one_secret_says_1_secret_not_1_secrets() {
    let env = Env::new();
    let key_file = env.home().join("key");
    seed_tokens(&env, &key_file, &[]);
    let key =
        voicetrain::secret::Key::parse(std::fs::read_to_string(&key_file).unwrap().trim()).unwrap();
    insert_token(&env, "one@example.com", &key.encrypt("ya29.only"), None);

    let out = env.cmd().args(["key", "status"]).output().unwrap();
    let status = String::from_utf8(out.stdout).unwrap();
    assert!(status.contains("opens; 1 secret stored"), "{status}");
    let out = env.cmd().args(["key", "rotate", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("; 1 secret re-encrypted"),
        "{}",
        stderr_of(&out)
    );
}
