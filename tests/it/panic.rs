//! The panic hook: if voicetrain ever panics, the user sees one line saying it is a bug, no
//! payload (it could hold anything, a secret included) and no backtrace, even when
//! RUST_BACKTRACE asks for one; the exit code is 1.

use crate::util::Env;

#[test]
fn a_panic_prints_one_line_without_payload_or_trace() {
    let env = Env::new();
    for backtrace in ["0", "1", "full"] {
        let out = env
            .cmd()
            .env("VOICETRAIN_TEST_PANIC", "1")
            .env("RUST_BACKTRACE", backtrace)
            .args(["samples", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err,
            "error: voicetrain hit an internal error (a bug); please report it with the command you ran\n"
        );
        assert!(out.stdout.is_empty());
    }
}
