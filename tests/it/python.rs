//! Fernet interoperability with Python's `cryptography`, the library the old service used: a
//! key and a token made by Python work here, and what voicetrain writes decrypts in Python.
//! Python comes from `$VOICETRAIN_TEST_PYTHON`, the repository's `.venv`, or `python3`.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{Env, insert_token, seed_tokens, skip, stderr_of, token_ciphertexts};

/// A Python that can `import cryptography`, if there is one.
fn python() -> Option<PathBuf> {
    python_with("cryptography.fernet")
}

/// A Python that can import `modules` (comma-separated), if there is one: the one named by
/// `$VOICETRAIN_TEST_PYTHON`, the repository's `.venv` (scripts/test makes it), or `python3`.
pub fn python_with(modules: &str) -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let candidates = std::env::var_os("VOICETRAIN_TEST_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([venv, PathBuf::from("python3")]);
    for candidate in candidates {
        let ok = Command::new(&candidate)
            .args(["-c", &format!("import {modules}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(candidate);
        }
    }
    None
}

pub fn run_python(python: &PathBuf, script: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "python failed: {}", stderr_of(&out));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn tokens_cross_between_python_and_voicetrain() {
    let Some(python) = python() else {
        return skip("no Python with the `cryptography` package (run scripts/test to make .venv)");
    };
    let env = Env::new();
    // Python makes the key and encrypts a token with it, as the old service did.
    let made = run_python(
        &python,
        "from cryptography.fernet import Fernet; k = Fernet.generate_key(); \
         print(k.decode()); print(Fernet(k).encrypt(b'ya29.from-python').decode())",
        &[],
    );
    let (key, token) = made.split_once('\n').unwrap();
    let key_file = env.home().join("key");
    std::fs::create_dir_all(env.home()).unwrap();
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    std::fs::set_permissions(
        &key_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    seed_tokens(&env, &key_file, &[]);
    insert_token(&env, "py@example.com", token, None);

    // voicetrain decrypts Python's token and re-encrypts it under a key of its own making.
    let out = env.cmd().args(["key", "rotate", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let new_key = std::fs::read_to_string(&key_file).unwrap();
    let (ciphertext, _) = &token_ciphertexts(&env)[0];

    // Python reads both the new key and voicetrain's token.
    let plain = run_python(
        &python,
        "import sys; from cryptography.fernet import Fernet; \
         print(Fernet(sys.argv[1].encode()).decrypt(sys.argv[2].encode()).decode())",
        &[new_key.trim(), ciphertext],
    );
    assert_eq!(plain, "ya29.from-python");
}
