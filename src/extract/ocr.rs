//! Text read from the picture of a page, with Tesseract: a PDF's pages that have no text
//! layer (scans), every page with `--ocr force`, and image files (PNG, JPEG, TIFF). The tools
//! are programs found on PATH (Debian's `tesseract-ocr` and poppler's `pdftoppm`), started
//! by the extractor child ([`super::isolate`]) as children of its own, so they live under its
//! limits: its address-space limit is theirs, and its process group, which the parent kills
//! at the time limit, holds them too. Pages are rendered at 300 dpi in grey into a private
//! temporary directory and read several at once, as many as there are cores, each Tesseract
//! on one thread (`OMP_THREAD_LIMIT=1`: the parallelism is the pages'). Nothing here prints;
//! what went wrong is a [`NoText`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::NoText;

/// The OCR program, as Debian's `tesseract-ocr` installs it.
pub const TESSERACT: &str = "tesseract";
/// The page renderer, from Debian's `poppler-utils`.
pub const PDFTOPPM: &str = "pdftoppm";
/// The resolution pages are rendered at: Tesseract's own advice for body text.
pub const DPI: u32 = 300;

/// What to do to have OCR, for a reason that says why a file was not read.
pub const HOW_TO_ENABLE: &str = "install Tesseract to read it with OCR (`apt install tesseract-ocr`; \
     `voicetrain doctor` shows whether it is found)";

/// Tesseract as found on PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tesseract {
    pub path: PathBuf,
    /// As it says (`tesseract 5.3.0`).
    pub version: String,
    /// The languages whose data is installed, but `osd` (script detection, no language).
    pub languages: Vec<String>,
}

/// Why OCR cannot be done here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("Tesseract is not installed (no `tesseract` on PATH)")]
    NoTesseract,
    #[error("Tesseract at {0} does not run")]
    Broken(PathBuf),
    #[error("Tesseract has no language data installed")]
    NoLanguages,
}

impl Unavailable {
    /// What to do about it.
    pub fn fix(&self) -> &'static str {
        match self {
            Unavailable::NoTesseract => HOW_TO_ENABLE,
            Unavailable::Broken(_) => "reinstall it (`apt install --reinstall tesseract-ocr`)",
            Unavailable::NoLanguages => {
                "install a language for it (`apt install tesseract-ocr-eng`, or another tesseract-ocr-LANG)"
            }
        }
    }
}

impl Tesseract {
    /// Tesseract on PATH, with its version and languages.
    pub fn find() -> Result<Tesseract, Unavailable> {
        let path = on_path(TESSERACT).ok_or(Unavailable::NoTesseract)?;
        let broken = || Unavailable::Broken(path.clone());
        let version = quiet(Command::new(&path).arg("--version"))
            .output()
            .map_err(|_| broken())?;
        // Older versions said it on stderr.
        let said = if version.stdout.is_empty() {
            &version.stderr
        } else {
            &version.stdout
        };
        let version = String::from_utf8_lossy(said)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let listed = quiet(Command::new(&path).arg("--list-langs"))
            .output()
            .map_err(|_| broken())?;
        if !listed.status.success() {
            return Err(broken());
        }
        // A heading ("List of available languages in ... (2):"), then one a line.
        let languages: Vec<String> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "osd")
            .map(String::from)
            .collect();
        if languages.is_empty() {
            return Err(Unavailable::NoLanguages);
        }
        Ok(Tesseract {
            path,
            version,
            languages,
        })
    }

    /// Tesseract's `-l`: every language installed, as one who installs a language wants it
    /// read (each more costs time, not words).
    pub fn language_arg(&self) -> String {
        self.languages.join("+")
    }
}

/// Where `name` is on PATH, as a shell would find it.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|p| executable(p))
}

fn executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A command with nothing on stdin and its output captured.
fn quiet(cmd: &mut Command) -> &mut Command {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
}

fn failed(what: &str, e: impl std::fmt::Display) -> NoText {
    NoText::Unreadable(format!("OCR failed: {what}: {e}"))
}

/// The text of an image file (every frame of a TIFF), and how many pages it held.
pub fn image(t: &Tesseract, bytes: &[u8]) -> Result<(String, u32), NoText> {
    let dir = tempfile::tempdir().map_err(|e| failed("a temporary directory", e))?;
    let file = dir.path().join("image");
    std::fs::write(&file, bytes).map_err(|e| failed("writing the image", e))?;
    let text = read(t, &file, "the image")?;
    // Tesseract ends each page with a form feed.
    let pages = text.matches('\x0c').count().max(1);
    Ok((pages_apart(&text), u32::try_from(pages).unwrap_or(u32::MAX)))
}

/// The text of the pages `pages` (numbered from 1) of the PDF `pdf`, in that order, each
/// rendered and read on its own; several at once.
pub fn pdf_pages(t: &Tesseract, pdf: &[u8], pages: &[u32]) -> Result<Vec<String>, NoText> {
    let Some(pdftoppm) = on_path(PDFTOPPM) else {
        return Err(NoText::Ocr(
            "no text layer (a scan?); install poppler's pdftoppm to render its pages for OCR \
             (`apt install poppler-utils`)"
                .into(),
        ));
    };
    let dir = tempfile::tempdir().map_err(|e| failed("a temporary directory", e))?;
    let file = dir.path().join("in.pdf");
    std::fs::write(&file, pdf).map_err(|e| failed("writing the PDF", e))?;
    let slots: Vec<Mutex<Option<Result<String, NoText>>>> =
        pages.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(pages.len())
        .max(1);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&page) = pages.get(i) else { break };
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let result = pdf_page(t, &pdftoppm, &file, dir.path(), page);
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            if let Ok(mut slot) = slots[i].lock() {
                *slot = Some(result);
            }
        }
    };
    std::thread::scope(|s| {
        // This thread works too, so a thread that cannot be made costs speed, not pages.
        for _ in 1..workers {
            let _ = std::thread::Builder::new().spawn_scoped(s, work);
        }
        work();
    });
    slots
        .into_iter()
        .map(|slot| match slot.into_inner() {
            Ok(Some(result)) => result,
            _ => Err(failed("a page", "not read")),
        })
        .collect()
}

/// One page: rendered to a grey image, read, the image removed.
fn pdf_page(
    t: &Tesseract,
    pdftoppm: &Path,
    pdf: &Path,
    dir: &Path,
    page: u32,
) -> Result<String, NoText> {
    let n = page.to_string();
    let root = dir.join(format!("page-{page}"));
    let what = format!("page {page}");
    let rendered = quiet(
        Command::new(pdftoppm)
            .args([
                "-r",
                &DPI.to_string(),
                "-gray",
                "-singlefile",
                "-f",
                &n,
                "-l",
                &n,
            ])
            .arg(pdf)
            .arg(&root),
    )
    .output()
    .map_err(|e| failed(&format!("rendering {what}"), e))?;
    if !rendered.status.success() {
        return Err(failed(
            &format!("rendering {what}"),
            last_line(&rendered.stderr),
        ));
    }
    let image = root.with_extension("pgm");
    let text = read(t, &image, &what);
    let _ = std::fs::remove_file(&image);
    text.map(|t| pages_apart(&t))
}

/// What Tesseract reads in `image`.
fn read(t: &Tesseract, image: &Path, what: &str) -> Result<String, NoText> {
    let out = quiet(
        Command::new(&t.path)
            .arg(image)
            .arg("stdout")
            .args(["-l", &t.language_arg()])
            .env("OMP_THREAD_LIMIT", "1"),
    )
    .output()
    .map_err(|e| failed(what, e))?;
    if !out.status.success() {
        return Err(failed(what, last_line(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Tesseract's form feeds between pages as paragraph breaks.
fn pages_apart(text: &str) -> String {
    text.replace('\x0c', "\n\n")
}

/// The last line a tool said on stderr: the error, where it said one.
fn last_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("it failed without saying why")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_feeds_are_paragraph_breaks() {
        assert_eq!(pages_apart("one\n\x0ctwo\n\x0c"), "one\n\n\ntwo\n\n\n");
    }

    #[test]
    fn the_last_thing_said_is_the_error() {
        assert_eq!(
            last_line(b"Warning: x\nError: bad page\n\n"),
            "Error: bad page"
        );
        assert_eq!(last_line(b""), "it failed without saying why");
    }
}
