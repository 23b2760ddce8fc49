//! Where texts come from. Each kind of source (local files, Drive, Gmail, HubSpot, YouTube)
//! is one module implementing [`Kind`]: which addresses are its own, how one expands into
//! items (a folder into its files), and, through each item's [`Entry`], how it is
//! fetched and what "unchanged" means for it. [`KINDS`] registers them. Sources reach a
//! provider only through the [`Link`] a command hands them, and know nothing of the store
//! beyond what it remembers of an item ([`SourceRecord`]).

pub mod drive;
mod drive_feed;
mod gmail;
mod hubspot;
mod local;
mod youtube;

pub use local::{WalkOptions, check_exclude};

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::BufRead;
use std::path::Path;

use futures::future::LocalBoxFuture;

use crate::account::AccountToken;
use crate::cli::{FileKind, OcrMode};
use crate::extract::{self, Declared, Kind as TextKind, NoText};
use crate::google::Google;
use crate::net::NetError;
use crate::provider::ApiError;
use crate::provider::Scope;
use crate::store::samples::{Ocr, Provenance, SourceRecord};
use crate::store::state::Remembered;

/// Every kind of source, in the order an address is offered to them: the first that claims
/// an address takes it. Local files come last, taking whatever no other kind claims.
pub static KINDS: [&dyn Kind; 5] = [
    &gmail::GmailMessages,
    &hubspot::HubSpotRecords,
    &youtube::YouTubeVideos,
    &drive::DriveFiles,
    &local::LocalFiles,
];

/// What [`Kind::remembers_skips`] remembers them under.
pub const SKIPPED: &str = "skipped";

/// Whether the kind named `name` remembers the items it skips.
pub fn remembers_skips(name: &str) -> bool {
    KINDS
        .iter()
        .any(|k| k.name() == name && k.remembers_skips())
}

/// The names of [`KINDS`], as `source_type` and `samples list --source` spell them.
pub fn kind_names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.name())
}

/// A kind of source.
pub trait Kind: Sync {
    /// Its name: `source_type` in the store and in `--json`.
    fn name(&self) -> &'static str;

    /// The permission its items are read with, at their provider; `None` for what is read
    /// as the user running voicetrain (local files).
    fn scope(&self) -> Option<&'static Scope>;

    /// How many items to fetch at once when `--jobs` is not given: local files are bound by
    /// the CPU, a provider's by its latency.
    fn jobs(&self) -> usize;

    /// Whether `address` is one of this kind's, and if so whether it is well-formed.
    fn claim(&self, address: &OsStr) -> Claim;

    /// Whether the items it skips are to be remembered (under `skipped` in
    /// [`ExpandOptions::remembered`], one key a line), so that it need not fetch them again:
    /// for a kind whose items never change, such as sent mail.
    fn remembers_skips(&self) -> bool {
        false
    }

    /// Why the item `key` ([`Item::key`]) that a whole listing ([`Expanded::Complete`]) no
    /// longer holds left.
    fn why_gone(&self, _key: &str) -> String {
        "no longer in its source".into()
    }

    /// Finds the items an address stands for, with what was skipped or failed on the way,
    /// each handed to `found` as soon as it is known.
    fn expand<'a>(
        &'a self,
        link: &'a Link<'a>,
        address: &'a OsStr,
        opts: &'a ExpandOptions,
        found: &'a Found,
    ) -> LocalBoxFuture<'a, ()>;
}

/// Where an expansion puts what it finds, as it finds it: the run fetches the first items
/// while the kind is still listing the rest (a provider's pages may come seconds apart).
pub struct Found(futures::channel::mpsc::UnboundedSender<Expanded>);

impl Found {
    /// A place to put what is found, and the stream it comes out of, in order; the stream
    /// ends once every `Found` made from it is dropped.
    pub fn channel() -> (Found, futures::channel::mpsc::UnboundedReceiver<Expanded>) {
        let (tx, rx) = futures::channel::mpsc::unbounded();
        (Found(tx), rx)
    }

    pub fn push(&self, e: Expanded) {
        // Refused only once the run stopped reading (interrupted): nothing waits for it.
        self.0.unbounded_send(e).ok();
    }

    pub fn extend(&self, es: impl IntoIterator<Item = Expanded>) {
        es.into_iter().for_each(|e| self.push(e));
    }
}

/// What `ingest`'s flags ask of every expansion.
#[derive(Debug, Clone)]
pub struct ExpandOptions {
    /// Into subfolders and subdirectories.
    pub recursive: bool,
    /// How local directories are walked; other kinds ignore it.
    pub walk: WalkOptions,
    /// What kinds remembered from earlier runs ([`Expanded::Remember`]).
    pub remembered: Remembered,
    /// `--force`: read everything again, not only what a feed says changed.
    pub force: bool,
}

/// What a kind says of an address.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Not one of its.
    Not,
    Takes,
    /// One of its, but not one it can read: why, and what shapes it understands.
    Malformed(String),
    /// Not taken, since it reads as a path, but it could be one of its: how to name it so
    /// that it is. The local kind says it when no path of that name exists.
    Perhaps(String),
}

/// A SOURCE as given, and the kind that claimed it.
pub struct Address {
    pub text: OsString,
    pub kind: &'static dyn Kind,
    /// Why the kind cannot read it; such an address needs no login, only its failure shown.
    pub malformed: Option<String>,
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.kind.name(), self.text)
    }
}

impl Address {
    /// `text`, claimed by the first kind of [`KINDS`] that takes it (local files, the last,
    /// take whatever no other kind claims).
    pub fn new(text: OsString) -> Address {
        let mut malformed = None;
        let kind = KINDS
            .iter()
            .copied()
            .find(|k| match k.claim(&text) {
                Claim::Not | Claim::Perhaps(_) => false,
                Claim::Takes => true,
                Claim::Malformed(why) => {
                    malformed = Some(why);
                    true
                }
            })
            .unwrap_or(KINDS[KINDS.len() - 1]);
        Address {
            text,
            kind,
            malformed,
        }
    }
}

/// What the kinds that did not take `address` say it could have been, for a path that turned
/// out not to exist: a mistyped path, or a Drive ID that reads as a file name?
fn other_readings(address: &OsStr) -> Option<String> {
    let readings: Vec<String> = KINDS
        .iter()
        .filter_map(|k| match k.claim(address) {
            Claim::Perhaps(how) => Some(how),
            _ => None,
        })
        .collect();
    (!readings.is_empty()).then(|| readings.join("; "))
}

/// The logins a run reads through, at most one a provider. A kind finds its own here, or
/// why there is none: the failure its items then end in, while the rest of the run goes on.
pub struct Link<'a> {
    pub google: Result<GoogleLink<'a>, Failure>,
    pub hubspot: Result<HubSpotLink<'a>, Failure>,
}

impl Default for Link<'_> {
    fn default() -> Self {
        Link {
            google: Err(NO_ACCOUNT.into()),
            hubspot: Err(NO_ACCOUNT.into()),
        }
    }
}

/// HubSpot, and the account it is read as.
pub struct HubSpotLink<'a> {
    pub hubspot: &'a crate::hubspot::HubSpot,
    pub token: &'a AccountToken<'a>,
}

/// Google, and the account it is read as.
pub struct GoogleLink<'a> {
    pub google: &'a Google,
    pub token: &'a AccountToken<'a>,
}

/// Why an item failed when no account is at hand to read it.
pub const NO_ACCOUNT: &str = "no account to read it with";

/// One item to fetch: a file, a message.
#[derive(Debug)]
pub struct Item {
    /// The kind's name.
    pub kind: &'static str,
    /// The source as the user sees it (a path as typed or walked, a path in Drive).
    pub display: String,
    /// Identity within its kind and account, and `file_id` in `--json`: a local file's
    /// `file://` URL, a Drive file's ID.
    pub key: String,
    /// The account it is read as; "" for local files.
    pub account: String,
    pub entry: Box<dyn Entry>,
}

/// What a kind knows of one item, and how to fetch it.
pub trait Entry: fmt::Debug {
    /// Fetches the item, unless what the store remembers of it (`prior`) shows it unchanged.
    fn fetch<'a>(
        &'a self,
        link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        scratch: &'a Path,
    ) -> LocalBoxFuture<'a, Fetch>;
}

/// An item a feed says left its source (trashed, deleted): fetching it says so and reads
/// nothing.
#[derive(Debug)]
pub struct Left(pub &'static str);

impl Entry for Left {
    fn fetch<'a>(
        &'a self,
        _link: &'a Link<'a>,
        _prior: Option<&'a SourceRecord>,
        _opts: &'a FetchOptions,
        _scratch: &'a Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        Box::pin(std::future::ready(Fetch::Gone {
            reason: self.0.to_string(),
        }))
    }
}

/// What an address expands into.
#[derive(Debug)]
pub enum Expanded {
    Item(Item),
    Skipped {
        source: String,
        file_id: Option<String>,
        reason: String,
    },
    Failed {
        source: String,
        /// What names the file, where anything does (not a malformed address).
        file_id: Option<String>,
        failure: Failure,
    },
    /// The items above are all the address holds (a directory walked, a folder listed
    /// whole): an item the store has from it and the listing lacks has left it. A kind that
    /// reads a feed of changes instead says what left ([`Left`]).
    Complete,
    /// Something for the kind to find in [`ExpandOptions::remembered`] next time (how far a
    /// feed was read), kept only if the run ends with nothing failed.
    Remember {
        kind: &'static str,
        account: String,
        name: String,
        value: String,
    },
}

/// What `ingest`'s flags ask of every fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub types: Vec<FileKind>,
    pub max_size: u64,
    pub force: bool,
    /// `--ocr`, else config `ocr`.
    pub ocr: OcrMode,
    /// How long one file may take to extract (config `[timeouts] extract`).
    pub time_limit: std::time::Duration,
}

/// The result of fetching one item.
#[derive(Debug)]
pub enum Fetch {
    Text {
        text: extract::Text,
        read: Box<Read>,
    },
    Unchanged {
        revision: String,
    },
    Skipped {
        reason: String,
        mime_type: Option<String>,
    },
    /// It left its source (deleted, in the trash): its sample, if stored, is marked gone.
    Gone {
        reason: String,
    },
    Failed(Failure),
}

/// Why an item failed, and what it takes to succeed: only time (the provider stayed
/// unavailable through every retry, or a daily quota is spent), a login (none, revoked, or
/// lacking a scope), or something else changed first.
#[derive(Debug, Clone)]
pub struct Failure {
    pub reason: String,
    pub temporary: bool,
    pub needs_login: bool,
    /// A daily quota is spent: the day's run ends here and the next day's goes on, however
    /// much this one did (exit 75).
    pub quota: bool,
}

impl From<&ApiError> for Failure {
    /// A provider's refusal as its reason and message; what it takes to succeed, from the
    /// error.
    fn from(e: &ApiError) -> Failure {
        let reason = match e {
            ApiError::Net(NetError::Refused {
                reason, message, ..
            }) => format!("{reason}: {message}"),
            other => other.to_string(),
        };
        Failure {
            reason,
            temporary: e.is_temporary(),
            needs_login: match e {
                ApiError::Token(t) => t.needs_login(),
                ApiError::Net(n) => n.needs_login(),
            },
            quota: matches!(e, ApiError::Net(NetError::Quota { .. })),
        }
    }
}

impl From<String> for Failure {
    fn from(reason: String) -> Failure {
        Failure {
            reason,
            temporary: false,
            needs_login: false,
            quota: false,
        }
    }
}

impl From<&str> for Failure {
    fn from(reason: &str) -> Failure {
        Failure::from(reason.to_string())
    }
}

/// The command line's SOURCEs, `-` replaced by what `stdin` holds, one a line, each claimed
/// by its kind.
pub fn addresses(sources: &[OsString], stdin: &mut dyn BufRead) -> std::io::Result<Vec<Address>> {
    let mut out = Vec::new();
    let mut read_stdin = false;
    for source in sources {
        if source != "-" {
            out.push(Address::new(source.clone()));
        } else if !read_stdin {
            read_stdin = true;
            // Bytes, not UTF-8: a file name need not be text (`find | voicetrain ingest -`).
            for line in stdin.split(b'\n') {
                let line = line?;
                let line = line.trim_ascii();
                if !line.is_empty() {
                    out.push(Address::new(os_string(line)));
                }
            }
        }
    }
    Ok(out)
}

/// A line of stdin as a name: its bytes as they are on Unix, lossily elsewhere.
fn os_string(bytes: &[u8]) -> OsString {
    #[cfg(unix)]
    {
        <OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// How long one file may take to extract, unless config `[timeouts] extract` says.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Extracts `bytes` so that nothing the file does can end the run: third-party parsers (and
/// OCR) in a child process with a time and memory limit, voicetrain's own in-process with
/// panics caught. Blocking.
pub fn extract_contained(
    kind: TextKind,
    bytes: &[u8],
    opts: &FetchOptions,
) -> Result<extract::Extracted, NoText> {
    if kind.needs_isolation() {
        extract::isolate::extract(kind, bytes, opts.ocr, opts.time_limit)
    } else {
        extract::contained(|| extract::extract_with(kind, bytes, opts.ocr))
    }
}

/// Why a file is skipped before its bytes are read, where its name or declared type already
/// says enough: a type voicetrain does not read, or a kind `--types` leaves out. `file_kind`
/// is the `--types` name where it is not the kind's own (Docs and Slides are read as text).
pub fn skip_by_type(
    declared: &Declared,
    file_kind: Option<FileKind>,
    opts: &FetchOptions,
) -> Option<Fetch> {
    match declared {
        Declared::Unsupported(mime) => Some(Fetch::Skipped {
            reason: format!("{mime} is not a supported type"),
            mime_type: Some(mime.clone()),
        }),
        Declared::Kind(kind, mime) => {
            not_among_types(file_kind.unwrap_or(kind.file_kind()), mime, opts)
        }
        Declared::Unknown => None,
    }
}

/// The kind a file is read as and the MIME type it is recorded with, once its bytes are
/// read: what its name or declared type said, else what its first bytes show (a file with
/// no type that is not text is skipped as binary, and `--types` applies to what was found).
pub fn read_as(
    declared: Declared,
    file_kind: Option<FileKind>,
    bytes: &[u8],
    opts: &FetchOptions,
) -> Result<(TextKind, String), Fetch> {
    if let Some(skipped) = skip_by_type(&declared, file_kind, opts) {
        return Err(skipped);
    }
    match declared {
        Declared::Kind(kind, mime) => Ok((kind, mime)),
        Declared::Unsupported(_) | Declared::Unknown => match extract::sniff(bytes) {
            Ok((kind, mime)) => match not_among_types(kind.file_kind(), mime, opts) {
                Some(skipped) => Err(skipped),
                None => Ok((kind, mime.to_string())),
            },
            Err(no_text) => Err(Fetch::Skipped {
                reason: no_text.to_string(),
                mime_type: Some(extract::OCTET_STREAM.into()),
            }),
        },
    }
}

fn not_among_types(file_kind: FileKind, mime: &str, opts: &FetchOptions) -> Option<Fetch> {
    (!opts.types.is_empty() && !opts.types.contains(&file_kind)).then(|| Fetch::Skipped {
        reason: "not among --types".into(),
        mime_type: Some(mime.to_string()),
    })
}

/// What the store keeps of where and how a text was read.
#[derive(Debug)]
pub struct Read {
    pub provenance: Provenance,
    /// A cheap marker that changes when the content does.
    pub revision: String,
    /// Of the bytes read.
    pub content_sha256: Option<String>,
    /// Bytes read to get the text.
    pub bytes: u64,
    /// What the text answered, for a reply (a message's parent, or what it quoted).
    pub context: Option<String>,
}

/// The outcome of an extraction: a text, a file with none (skipped), or one that is not
/// what its type says (failed).
pub fn extracted(result: Result<extract::Extracted, NoText>, mut read: Read) -> Fetch {
    match result {
        Ok(extracted) => {
            read.provenance.ocr = extracted.ocr.map(|o| Ocr {
                pages: i64::from(o.pages),
                languages: o.languages,
            });
            Fetch::Text {
                text: extract::Text::Whole(extracted.text),
                read: Box::new(read),
            }
        }
        Err(NoText::Unreadable(reason)) => Fetch::Failed(reason.into()),
        Err(no_text) => Fetch::Skipped {
            reason: no_text.to_string(),
            mime_type: Some(read.provenance.mime_type),
        },
    }
}
