//! Extraction in a child process of this same binary, for the file kinds whose parsers are
//! third-party and meet hostile input (PDF, xlsx). A panic can be caught in-process, but not
//! what was found here: a PDF whose stream claims a length of 100 GB made oxidize-pdf ask
//! for that much memory, and a failed allocation (like a stack overflow) aborts the process.
//! In a child, any of these ends only the child; the file is reported failed and the run goes
//! on. The child also gets an address-space limit and is killed at the time limit, so a hang
//! or a runaway allocation costs one file.
//!
//! The child may start programs of its own (OCR's `pdftoppm` and `tesseract`, [`super::ocr`]):
//! they inherit its limits, and it runs in a process group of its own, which the parent kills
//! whole at the time limit or once the child has ended, so that nothing it started outlives
//! it. Should the parent die first, the child sees that it was handed to another parent and
//! kills its group itself.
//!
//! The protocol is private to one binary: the parent runs `voicetrain __extract KIND OCR`
//! (which `main` recognises before parsing the command line, so it is in no help or
//! completion), writes the file's bytes to its stdin, and reads a JSON
//! `Result<Extracted, NoText>` from its stdout.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use super::{Extracted, Kind, NoText};
use crate::cli::OcrMode;

/// The first argument that makes the binary an extractor child.
pub const WORKER: &str = "__extract";

/// The child's address-space limit: ten times what the largest PDF of the benchmark corpus
/// (7.3 MB) needed, far below what a hostile file can ask for.
const ADDRESS_SPACE: u64 = 4 << 30;

/// Extracts `bytes` in a child process (with OCR as `ocr` says), giving up after `limit`.
pub fn extract(
    kind: Kind,
    bytes: &[u8],
    ocr: OcrMode,
    limit: Duration,
) -> Result<Extracted, NoText> {
    let failed = |why: String| Err(NoText::Unreadable(why));
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return failed(format!("cannot start the extractor: {e}")),
    };
    // The child's temporary files (pages rendered for OCR) go here, and go with it however
    // it ends: a child killed at the time limit cannot clean up after itself.
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return failed(format!("cannot make a temporary directory: {e}")),
    };
    let mut command = Command::new(exe);
    command
        .args([WORKER, kind.name(), ocr.name()])
        .env("TMPDIR", scratch.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return failed(format!("cannot start the extractor: {e}")),
    };
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return failed("cannot talk to the extractor".into());
    };
    let pid = child.id();
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
                kill_group(pid);
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
    // Ended (its stdout closed with it), but not yet reaped: its process ID, which is its
    // group's, cannot be anyone else's until then.
    wait_unreaped(pid);
    let _ = done.send(());
    let timed_out = match watchdog {
        Ok(watchdog) => watchdog.join().unwrap_or(false),
        Err(_) => false,
    };
    // What it started and left running (it crashed mid-OCR, say) goes with it.
    kill_group(pid);
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

/// Kills the process group the child leads: it, and whatever it started.
fn kill_group(pid: u32) {
    #[cfg(unix)]
    if let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Waits for the child to end, leaving it to be reaped by `wait`.
fn wait_unreaped(pid: u32) {
    #[cfg(target_os = "linux")]
    if let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        use rustix::process::{WaitId, WaitIdOptions, waitid};
        let wait = || {
            waitid(
                WaitId::Pid(pid),
                WaitIdOptions::EXITED | WaitIdOptions::NOWAIT,
            )
        };
        while let Err(rustix::io::Errno::INTR) = wait() {}
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
pub fn serve(kind: &str, ocr: &str) -> Result<(), std::io::Error> {
    limit_address_space();
    let kind = Kind::from_name(kind).ok_or_else(|| std::io::Error::other("unknown kind"))?;
    let ocr = OcrMode::from_name(ocr).unwrap_or_default();
    watch_parent();
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let result = super::contained(|| super::extract_with(kind, &bytes, ocr));
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

/// Where this child leads a process group of its own (the parent made it so), kills that
/// group, and so what it started, should the parent die: a parent that is gone cannot.
fn watch_parent() {
    #[cfg(unix)]
    {
        use rustix::process::{Signal, getpgrp, getpid, getppid, kill_process_group};
        let me = getpid();
        if getpgrp() != me {
            return;
        }
        let parent = getppid();
        let _ = std::thread::Builder::new().spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if getppid() != parent {
                    let _ = kill_process_group(me, Signal::KILL);
                }
            }
        });
    }
}
