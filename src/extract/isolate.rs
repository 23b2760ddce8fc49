//! Extraction in a child process of this same binary, for the file kinds whose parsers are
//! third-party and meet hostile input (PDF, xlsx). A panic can be caught in-process, but not
//! what was found here: a PDF whose stream claims a length of 100 GB made oxidize-pdf ask
//! for that much memory, and a failed allocation (like a stack overflow) aborts the process.
//! In a child, any of these ends only the child; the file is reported failed and the run goes
//! on. The child also gets an address-space limit and is killed at the time limit, so a hang
//! or a runaway allocation costs one file.
//!
//! The protocol is private to one binary: the parent runs `voicetrain __extract KIND` (which
//! `main` recognises before parsing the command line, so it is in no help or completion), writes
//! the file's bytes to its stdin, and reads a JSON `Result<String, NoText>` from its stdout.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use super::{Kind, NoText};

/// The first argument that makes the binary an extractor child.
pub const WORKER: &str = "__extract";

/// The child's address-space limit: ten times what the largest PDF of the benchmark corpus
/// (7.3 MB) needed, far below what a hostile file can ask for.
const ADDRESS_SPACE: u64 = 4 << 30;

/// Extracts `bytes` in a child process, giving up after `limit`.
pub fn extract(kind: Kind, bytes: &[u8], limit: Duration) -> Result<String, NoText> {
    let failed = |why: String| Err(NoText::Unreadable(why));
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return failed(format!("cannot start the extractor: {e}")),
    };
    let mut child = match Command::new(exe)
        .args([WORKER, kind.name()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => return failed(format!("cannot start the extractor: {e}")),
    };
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return failed("cannot talk to the extractor".into());
    };
    let child = Arc::new(Mutex::new(child));
    let (done, timer) = mpsc::channel::<()>();
    let watchdog = {
        let child = Arc::clone(&child);
        std::thread::Builder::new().spawn(move || {
            let timed_out = matches!(
                timer.recv_timeout(limit),
                Err(mpsc::RecvTimeoutError::Timeout)
            );
            if timed_out && let Ok(mut child) = child.lock() {
                let _ = child.kill();
            }
            timed_out
        })
    };
    let output = std::thread::scope(|s| {
        // The child may stop reading (it died); the write then fails, which is fine. Without
        // a thread to write, the child reads an empty file and says so.
        let _ = std::thread::Builder::new().spawn_scoped(s, move || {
            let _ = stdin.write_all(bytes);
        });
        let mut output = Vec::new();
        stdout.read_to_end(&mut output).map(|_| output)
    });
    let _ = done.send(());
    let timed_out = match watchdog {
        Ok(watchdog) => watchdog.join().unwrap_or(false),
        Err(_) => false,
    };
    let status = child.lock().map(|mut c| c.wait());
    if timed_out {
        return failed(format!(
            "gave up after {} s extracting this file",
            limit.as_secs()
        ));
    }
    match (status, output) {
        (Ok(Ok(status)), Ok(output)) if status.success() => serde_json::from_slice(&output)
            .unwrap_or_else(|_| failed("the extractor gave an answer that cannot be read".into())),
        (Ok(Ok(status)), _) => failed(format!(
            "the extractor crashed on this file ({}: it wanted more memory than allowed, or the file is built to break readers)",
            describe(status)
        )),
        _ => failed("lost track of the extractor".into()),
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("signal {signal}");
    }
    status.to_string()
}

/// The child's side: the bytes on stdin, the result as JSON on stdout. Exits 0 whenever it
/// could say something; anything else is the parent's "crashed".
pub fn serve(kind: &str) -> Result<(), std::io::Error> {
    limit_address_space();
    let kind = Kind::from_name(kind).ok_or_else(|| std::io::Error::other("unknown kind"))?;
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let result = super::contained(|| super::extract(kind, &bytes));
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &result)?;
    out.flush()
}

fn limit_address_space() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let now = getrlimit(Resource::As);
        let current = now.current.map_or(ADDRESS_SPACE, |c| c.min(ADDRESS_SPACE));
        let _ = setrlimit(
            Resource::As,
            Rlimit {
                current: Some(current),
                maximum: now.maximum,
            },
        );
    }
}
