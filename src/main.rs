//! The `voicetrain` binary: parse the command line, run it, print the error (if any) as one
//! or two lines, and exit with the code cli.md documents.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use voicetrain::cli::Cli;
use voicetrain::error::exit;
use voicetrain::extract::isolate;

fn main() -> ExitCode {
    private_umask();
    no_death_by_file_size();
    std::panic::set_hook(Box::new(|_| {
        if voicetrain::extract::in_contained() {
            // An extractor failing on one file: reported as that file's failure.
            return;
        }
        // One line, no trace and no payload: the payload could hold anything.
        let _ = writeln!(
            std::io::stderr(),
            "error: voicetrain hit an internal error (a bug); please report it with the command you ran"
        );
    }));
    // The extractor child (src/extract/isolate.rs): not a command a person runs.
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(std::ffi::OsStr::new(isolate::WORKER)) {
        let kind = args.next().unwrap_or_default();
        let ocr = args.next().unwrap_or_default();
        return match isolate::serve(&kind.to_string_lossy(), &ocr.to_string_lossy()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(exit::FAILED),
        };
    }
    let cli = Cli::parse();
    let verbose = cli.global.verbose;
    diagnostics(cli.global.quiet, verbose);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        #[allow(clippy::panic)]
        if std::env::var_os("VOICETRAIN_TEST_PANIC").is_some() {
            // How tests/it/panic.rs proves the hook: nothing else panics on purpose.
            panic!("a payload that must never be shown: 1//0secret");
        }
        voicetrain::run(cli)
    }));
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            if !e.is_quiet() {
                report(&e, verbose);
            }
            ExitCode::from(e.exit_code())
        }
        Err(_) => ExitCode::from(exit::FAILED),
    }
}

fn report(e: &voicetrain::Error, verbose: u8) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {e}");
    if verbose > 0 {
        for cause in e.causes() {
            let _ = writeln!(err, "  caused by: {cause}");
        }
    }
    if let Some(hint) = e.hint() {
        let _ = writeln!(err, "  hint: {hint}");
    }
}

/// The one `tracing` subscriber: what the layers below say at `-v` (info) and `-vv` (debug),
/// as plain lines on stderr written through the progress bars. Warnings always, nothing but
/// errors with `-q`.
fn diagnostics(quiet: bool, verbose: u8) {
    use tracing_subscriber::filter::LevelFilter;
    let level = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (false, 0) => LevelFilter::WARN,
        (false, 1) => LevelFilter::INFO,
        (false, _) => LevelFilter::DEBUG,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .without_time()
        .with_target(false)
        .with_level(false)
        .with_ansi(false)
        .with_writer(|| voicetrain::output::Diagnostics)
        .init();
}

/// Under a file-size limit (`ulimit -f`), a write past it kills the process with SIGXFSZ
/// before a word can be said. Caught, the write fails instead (EFBIG), and that failure is
/// reported like a full disk, with the store intact.
fn no_death_by_file_size() {
    #[cfg(unix)]
    {
        // A handler that only sets a flag nobody reads: the signal is caught, not fatal.
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, caught);
    }
}

/// Everything voicetrain creates (store, key file, exports) is private to the user.
fn private_umask() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}
