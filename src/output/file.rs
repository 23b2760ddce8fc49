//! Writing a command's output to a path the user named (`samples export -o`, and any command
//! that writes a file the same way), as the shell's `>` would, but safer: `-` is stdout, and
//! so are `/dev/stdout` and `/dev/fd/1` (written through the descriptor itself, as gawk does,
//! so `>>` and pipes behave); a regular file, new or existing, is replaced whole and at once by
//! a temporary file made beside it and renamed over it at the end (keeping the old file's mode;
//! through a symlink, the link stays and its target is replaced), so that a failed write leaves
//! the old contents and never half a file; anything else (a FIFO, a terminal, `/dev/null`) is
//! opened and written as a stream, never replaced. Every write error, a full disk among them,
//! comes back as a [`WriteError`] naming the path and the reason. This module decides where
//! bytes go, never what they are, and prints nothing.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Written in pieces this large: an export is streamed row by row.
const BUFFER: usize = 256 * 1024;

/// Symbolic links followed before giving up, as the kernel does (ELOOP).
const MAX_LINKS: usize = 40;

/// Names of the process's own stdout and stderr, written through the descriptor.
const STDOUT: &[&str] = &["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
const STDERR: &[&str] = &["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"];

/// Why output could not be written where it was asked to go.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {name}: {}", reason(.error))]
pub struct WriteError {
    /// The path as given (`standard output` for `-`).
    name: String,
    error: io::Error,
    what: Kind,
}

impl WriteError {
    /// The reader went away (`| head`, a FIFO's reader closed): not worth a word.
    pub fn is_broken_pipe(&self) -> bool {
        self.error.kind() == io::ErrorKind::BrokenPipe
    }

    /// What became of the path, and what to do.
    pub fn hint(&self) -> Option<String> {
        let full = matches!(
            self.error.kind(),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
        );
        let then = if full {
            "; free some space, or write elsewhere"
        } else {
            ""
        };
        match self.what {
            Kind::Opening => None,
            Kind::Replacing => Some(format!("{} was left as it was{then}", self.name)),
            Kind::Streaming => Some(format!("what {} received is incomplete{then}", self.name)),
        }
    }
}

/// The step a [`WriteError`] happened at.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Opening,
    Replacing,
    Streaming,
}

/// An I/O error in words, with the errno name a person would search for where it is one of
/// the usual ones: `No space left on device (ENOSPC)`.
fn reason(e: &io::Error) -> String {
    let text = without_os_error(&e.to_string());
    let name = match e.kind() {
        io::ErrorKind::StorageFull => "ENOSPC",
        io::ErrorKind::QuotaExceeded => "EDQUOT",
        io::ErrorKind::FileTooLarge => "EFBIG",
        io::ErrorKind::PermissionDenied => "EACCES",
        io::ErrorKind::ReadOnlyFilesystem => "EROFS",
        io::ErrorKind::NotFound => "ENOENT",
        io::ErrorKind::IsADirectory => "EISDIR",
        _ => return text,
    };
    format!("{text} ({name})")
}

/// `text` without Rust's ` (os error N)`: the errno's name is said instead.
fn without_os_error(text: &str) -> String {
    match text.find(" (os error ") {
        Some(at) => {
            let rest = &text[at + 1..];
            let end = rest.find(')').map_or(text.len(), |i| at + 1 + i + 1);
            format!("{}{}", &text[..at], &text[end..])
        }
        None => text.to_string(),
    }
}

/// Where the bytes go.
enum Sink {
    Stdout(io::StdoutLock<'static>),
    Stderr(io::Stderr),
    Stream(File),
    /// The temporary file, and the file it replaces in the end.
    Replace(tempfile::NamedTempFile, PathBuf),
}

impl Sink {
    fn as_write(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::Stderr(w) => w,
            Sink::Stream(w) => w,
            Sink::Replace(w, _) => w,
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Sink::Replace(..) => Kind::Replacing,
            _ => Kind::Streaming,
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.as_write().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.as_write().flush()
    }
}

/// A command's output on its way to a path: write to it, then [`Target::finish`]. Dropped
/// without finishing, a file being replaced is left as it was.
pub struct Target {
    out: BufWriter<Sink>,
    name: String,
    /// The first write error: whatever the command makes of it, this is what is reported.
    failed: Option<io::Error>,
}

impl Target {
    /// Opens `path` for output: `-` for stdout (see the module's introduction for the rest).
    pub fn create(path: &Path) -> Result<Target, WriteError> {
        let name = if path == Path::new("-") {
            "standard output".to_string()
        } else {
            path.display().to_string()
        };
        let failed = |error| WriteError {
            name: name.clone(),
            error,
            what: Kind::Opening,
        };
        let is = |names: &[&str]| names.iter().any(|n| path == Path::new(n));
        let sink = if is(STDOUT) {
            Sink::Stdout(io::stdout().lock())
        } else if is(STDERR) {
            Sink::Stderr(io::stderr())
        } else {
            match fs::metadata(path) {
                Ok(m) if m.is_dir() => return Err(failed(io::ErrorKind::IsADirectory.into())),
                Ok(m) if m.is_file() => replacing(path, Some(m)).map_err(failed)?,
                // A FIFO, a terminal, a device: written to, never replaced.
                Ok(_) => Sink::Stream(File::options().write(true).open(path).map_err(failed)?),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    replacing(path, None).map_err(failed)?
                }
                Err(e) => return Err(failed(e)),
            }
        };
        Ok(Target {
            out: BufWriter::with_capacity(BUFFER, sink),
            name,
            failed: None,
        })
    }

    /// Ends the output with the command's `result`: a write error the command met wins over
    /// whatever error it became, a failed command leaves a replaced file as it was, and a
    /// command that succeeded has its output flushed and, for a regular file, put in place
    /// (synced, then renamed over the old one).
    pub fn finish<T, E: From<WriteError>>(mut self, result: Result<T, E>) -> Result<T, E> {
        if let Some(error) = self.failed.take() {
            return Err(self.error(error).into());
        }
        let value = result?;
        self.commit()?;
        Ok(value)
    }

    fn commit(self) -> Result<(), WriteError> {
        let what = self.out.get_ref().kind();
        let name = self.name;
        let failed = |error| WriteError {
            name: name.clone(),
            error,
            what,
        };
        let mut sink = self.out.into_inner().map_err(|e| failed(e.into_error()))?;
        sink.flush().map_err(failed)?;
        if let Sink::Replace(tmp, target) = sink {
            tmp.as_file().sync_all().map_err(failed)?;
            tmp.persist(&target).map_err(|e| failed(e.error))?;
            // The rename itself made durable; a directory that cannot be synced (some network
            // file systems) still holds the new file.
            if let Ok(dir) = File::open(directory_of(&target)) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }

    fn error(&self, error: io::Error) -> WriteError {
        WriteError {
            name: self.name.clone(),
            error,
            what: self.out.get_ref().kind(),
        }
    }

    /// Keeps the first error met, and hands it on.
    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result
            && e.kind() != io::ErrorKind::Interrupted
            && self.failed.is_none()
        {
            self.failed = Some(match e.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::new(e.kind(), e.to_string()),
            });
        }
        result
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.out.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.out.flush();
        self.note(result)
    }
}

/// A temporary file beside the regular file `path` names (through any symlinks), to be
/// renamed over it; with the mode of the file it replaces, if there is one. A file the user
/// may not write is not replaced either (a rename would get past its mode).
fn replacing(path: &Path, existing: Option<fs::Metadata>) -> io::Result<Sink> {
    let target = follow_links(path)?;
    if existing.is_some() {
        File::options().write(true).open(&target)?;
    }
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = directory_of(&target);
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile names its random file, which means nothing to the person: say what
            // is wrong with the directory instead.
            let (kind, why) = match fs::metadata(dir) {
                Err(e) => (e.kind(), e.to_string()),
                Ok(_) => {
                    let text = e.to_string();
                    let why = text.split(" at path ").next().unwrap_or_default();
                    (e.kind(), format!("cannot make a file there: {why}"))
                }
            };
            io::Error::new(
                kind,
                format!("{}: {}", dir.display(), without_os_error(&why)),
            )
        })?;
    if let Some(m) = existing {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    Ok(Sink::Replace(tmp, target))
}

/// Where the chain of symbolic links starting at `path` ends (a path that may not exist yet:
/// a link to a file not made yet is written through, as `>` does).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = directory_of(&at).join(to);
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The directory a file is in (`.` for a bare name).
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_errno() {
        let full = io::Error::from_raw_os_error(28);
        if full.kind() == io::ErrorKind::StorageFull {
            assert_eq!(reason(&full), "No space left on device (ENOSPC)");
        }
        assert_eq!(reason(&io::Error::other("odd")), "odd");
        assert_eq!(
            without_os_error("Permission denied (os error 13): x"),
            "Permission denied: x"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_relative_link_is_followed_from_its_own_directory() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("sub/target", dir.path().join("link")).unwrap();
        assert_eq!(
            follow_links(&dir.path().join("link")).unwrap(),
            dir.path().join("sub/target")
        );
    }
}
