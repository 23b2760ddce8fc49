//! Every `--json` shape voicetrain prints, in one place (as ripgrep's printer keeps its wire
//! format): cli.md fixes their fields, which may be added to but never renamed or removed.
//! Each is a serde type of its own, borrowing from the domain type it shows, so that a change
//! inside the program never changes what scripts read.

use serde::Serialize;

use crate::ingest::Outcome;
use crate::secret::{KeyReport, KeySource};
use crate::store::samples::{Group, Hit, SampleRow, Stats};
use crate::store::synced::Synced;
use crate::store::tokens::{Event, TokenRow};

/// `ingest --json`: one line a file.
#[derive(Debug, Serialize)]
pub struct Ingested<'a> {
    pub source: &'a str,
    pub file_id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub mime_type: Option<&'a str>,
    pub status: &'static str,
    pub sample_id: Option<&'a str>,
    pub words: Option<usize>,
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
}

impl<'a> Ingested<'a> {
    pub fn new(o: &'a Outcome, dry_run: bool) -> Ingested<'a> {
        Ingested {
            source: &o.source,
            file_id: o.file_id.as_deref(),
            title: o.title.as_deref(),
            mime_type: o.mime_type.as_deref(),
            status: o.status.as_str(),
            sample_id: o.sample_id.as_deref(),
            words: o.words,
            reason: o.reason.as_deref(),
            dry_run,
        }
    }
}

/// `samples list --json` (one element), and the metadata part of `samples show --json`.
#[derive(Debug, Serialize)]
pub struct Sample<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source_type: &'a str,
    pub source_id: &'a str,
    pub source_url: &'a str,
    pub mime_type: &'a str,
    pub account: Option<&'a str>,
    pub tags: &'a [String],
    pub words: i64,
    pub chars: i64,
    pub sha256: &'a str,
    pub created_time: Option<&'a str>,
    pub modified_time: Option<&'a str>,
    pub version: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub ingested_at: &'a str,
    pub updated_at: &'a str,
    /// `null`, or when and why it left its source.
    pub gone: Option<Gone<'a>>,
    /// `null` for text that was in its file as text, or what OCR read of it.
    pub ocr: Option<Ocr<'a>>,
}

/// A sample's `ocr`.
#[derive(Debug, Serialize)]
pub struct Ocr<'a> {
    pub pages: i64,
    pub languages: &'a str,
}

/// A sample's `gone`.
#[derive(Debug, Serialize)]
pub struct Gone<'a> {
    pub at: &'a str,
    pub reason: &'a str,
}

impl<'a> From<&'a SampleRow> for Sample<'a> {
    fn from(s: &'a SampleRow) -> Sample<'a> {
        let p = &s.provenance;
        Sample {
            id: &s.id,
            title: &p.title,
            source_type: &p.source_type,
            source_id: &p.source_id,
            source_url: &p.source_url,
            mime_type: &p.mime_type,
            account: p.account.as_deref(),
            tags: &s.tags,
            words: s.words,
            chars: s.chars,
            sha256: &s.sha256,
            created_time: p.created_time.as_deref(),
            modified_time: p.modified_time.as_deref(),
            version: p.version.as_deref(),
            owner: p.owner.as_deref(),
            ingested_at: &s.ingested_at,
            updated_at: &s.updated_at,
            gone: s.gone.as_ref().map(|g| Gone {
                at: &g.at,
                reason: &g.reason,
            }),
            ocr: p.ocr.as_ref().map(|o| Ocr {
                pages: o.pages,
                languages: &o.languages,
            }),
        }
    }
}

/// `samples show --json`: the `samples list` fields and the text.
#[derive(Debug, Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub sample: Sample<'a>,
    pub text: &'a str,
    /// What the sample answered, for a reply; null otherwise.
    pub context: Option<&'a str>,
}

/// `samples search --json` (one element): the `samples list` fields, a snippet and a score,
/// higher is better.
#[derive(Debug, Serialize)]
pub struct Found<'a> {
    #[serde(flatten)]
    pub sample: Sample<'a>,
    pub snippet: &'a str,
    pub score: f64,
}

impl<'a> From<&'a Hit> for Found<'a> {
    fn from(h: &'a Hit) -> Found<'a> {
        Found {
            sample: Sample::from(&h.sample),
            snippet: &h.snippet,
            // bm25: lower is better.
            score: -h.score,
        }
    }
}

/// `samples export --format jsonl`: one line a sample.
#[derive(Debug, Serialize)]
pub struct Exported<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub title: &'a str,
    pub source_type: &'a str,
    pub source_url: &'a str,
    pub mime_type: &'a str,
    pub tags: &'a [String],
    pub ingested_at: &'a str,
    /// Only where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<&'a str>,
}

impl<'a> Exported<'a> {
    pub fn new(s: &'a SampleRow, text: &'a str, context: Option<&'a str>) -> Exported<'a> {
        let p = &s.provenance;
        Exported {
            id: &s.id,
            text,
            title: &p.title,
            source_type: &p.source_type,
            source_url: &p.source_url,
            mime_type: &p.mime_type,
            tags: &s.tags,
            ingested_at: &s.ingested_at,
            context,
        }
    }
}

/// `samples stats --json`.
#[derive(Debug, Serialize)]
pub struct Totals<'a> {
    pub samples: i64,
    pub words: i64,
    pub chars: i64,
    pub by_source: Vec<Breakdown<'a>>,
    pub by_type: Vec<Breakdown<'a>>,
    pub by_account: Vec<Breakdown<'a>>,
}

/// One line of a breakdown in [`Totals`].
#[derive(Debug, Serialize)]
pub struct Breakdown<'a> {
    pub name: &'a str,
    pub samples: i64,
    pub words: i64,
}

impl<'a> From<&'a Stats> for Totals<'a> {
    fn from(s: &'a Stats) -> Totals<'a> {
        fn groups(g: &[Group]) -> Vec<Breakdown<'_>> {
            g.iter()
                .map(|g| Breakdown {
                    name: &g.name,
                    samples: g.samples,
                    words: g.words,
                })
                .collect()
        }
        Totals {
            samples: s.samples,
            words: s.words,
            chars: s.chars,
            by_source: groups(&s.by_source),
            by_type: groups(&s.by_type),
            by_account: groups(&s.by_account),
        }
    }
}

/// `auth status --json`.
#[derive(Debug, Serialize)]
pub struct AuthStatus<'a> {
    pub key_source: Option<&'a str>,
    pub accounts: Vec<Account<'a>>,
}

/// One account in [`AuthStatus`].
#[derive(Debug, Serialize)]
pub struct Account<'a> {
    pub email: &'a str,
    pub provider: &'a str,
    pub default: bool,
    pub scopes: &'a [String],
    pub expires_at: Option<&'a str>,
    pub revoked: bool,
    pub last_refreshed_at: Option<&'a str>,
}

impl<'a> From<&'a TokenRow> for Account<'a> {
    fn from(r: &'a TokenRow) -> Account<'a> {
        Account {
            email: &r.account,
            provider: &r.service,
            default: r.is_default,
            scopes: &r.scopes,
            expires_at: r.expires_at.as_deref(),
            revoked: r.revoked,
            last_refreshed_at: r.last_refreshed_at.as_deref(),
        }
    }
}

/// `sources list --json` (one element).
#[derive(Debug, Serialize)]
pub struct Source<'a> {
    pub id: i64,
    pub source: &'a str,
    pub kind: &'a str,
    pub account: Option<&'a str>,
    pub tags: &'a [String],
    pub types: &'a [String],
    pub recursive: bool,
    pub added_at: &'a str,
    pub last_sync_at: Option<&'a str>,
    pub last_status: Option<&'a str>,
    pub last_error: Option<&'a str>,
    pub items: i64,
}

impl<'a> From<&'a Synced> for Source<'a> {
    fn from(s: &'a Synced) -> Source<'a> {
        Source {
            id: s.id,
            source: &s.source,
            kind: &s.kind,
            account: s.account.as_deref(),
            tags: &s.tags,
            types: &s.types,
            recursive: s.recursive,
            added_at: &s.added_at,
            last_sync_at: s.last_sync_at.as_deref(),
            last_status: s.last_status.as_deref(),
            last_error: s.last_error.as_deref(),
            items: s.items,
        }
    }
}

/// `sync --json`: how each source's sync ended.
#[derive(Debug, Serialize)]
pub struct SyncReport<'a> {
    pub sources: Vec<SourceSynced<'a>>,
}

/// One source of `sync --json`.
#[derive(Debug, Serialize)]
pub struct SourceSynced<'a> {
    pub id: i64,
    pub source: &'a str,
    /// `ok` or `failed`.
    pub status: &'static str,
    pub ingested: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub gone: usize,
    pub failed: usize,
    /// Items recorded by syncs on other hosts at the same time (a shared store).
    pub other_hosts: usize,
    /// API requests made for it.
    pub calls: u64,
    pub error: Option<&'a str>,
}

/// `tokens list --json` (one element): never the secret itself.
#[derive(Debug, Serialize)]
pub struct Token<'a> {
    pub account: &'a str,
    pub service: &'a str,
    pub scopes: &'a [String],
    pub expires_at: Option<&'a str>,
    pub revoked: bool,
    pub updated_at: &'a str,
    pub last_refreshed_at: Option<&'a str>,
    pub has_refresh_token: bool,
}

impl<'a> From<&'a TokenRow> for Token<'a> {
    fn from(r: &'a TokenRow) -> Token<'a> {
        Token {
            account: &r.account,
            service: &r.service,
            scopes: &r.scopes,
            expires_at: r.expires_at.as_deref(),
            revoked: r.revoked,
            updated_at: &r.updated_at,
            last_refreshed_at: r.last_refreshed_at.as_deref(),
            has_refresh_token: r.refresh_token.is_some(),
        }
    }
}

/// `tokens log --json` (one element).
#[derive(Debug, Serialize)]
pub struct Logged<'a> {
    pub at: &'a str,
    pub account: &'a str,
    pub service: &'a str,
    pub event: &'a str,
    pub reason: Option<&'a str>,
}

impl<'a> From<&'a Event> for Logged<'a> {
    fn from(e: &'a Event) -> Logged<'a> {
        Logged {
            at: &e.at,
            account: &e.account,
            service: &e.service,
            event: &e.event,
            reason: e.reason.as_deref(),
        }
    }
}

/// `tokens refresh --json`.
#[derive(Debug, Default, Serialize)]
pub struct Refresh {
    pub refreshed: Vec<Refreshed>,
    pub skipped: Vec<NotRefreshed>,
    pub failed: Vec<RefreshFailed>,
}

#[derive(Debug, Serialize)]
pub struct Refreshed {
    pub account: String,
    pub service: String,
    pub expires_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NotRefreshed {
    pub account: String,
    pub service: String,
    pub expires_at: Option<String>,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RefreshFailed {
    pub account: String,
    pub service: String,
    pub error: String,
    pub reauth_required: bool,
}

/// `store status --json`.
#[derive(Debug, Serialize)]
pub struct StoreStatus<'a> {
    pub kind: &'static str,
    pub location: String,
    pub schema_version: i64,
    pub counts: &'a crate::store::Counts,
    pub size_bytes: u64,
}

/// `key status --json`.
#[derive(Debug, Serialize)]
pub struct KeyStatus<'a> {
    pub source: Option<&'a str>,
    pub location: Option<String>,
    pub fingerprint: Option<&'a str>,
    pub store_fingerprint: Option<&'a str>,
    pub opens_store: bool,
    pub secrets: usize,
    pub keyring: Keyring<'a>,
    pub problem: Option<String>,
}

/// The keyring in [`KeyStatus`].
#[derive(Debug, Serialize)]
pub struct Keyring<'a> {
    pub available: bool,
    pub reason: Option<&'a str>,
}

impl<'a> From<&'a KeyReport> for KeyStatus<'a> {
    fn from(r: &'a KeyReport) -> KeyStatus<'a> {
        KeyStatus {
            source: r.source.as_ref().map(KeySource::kind),
            location: r.source.as_ref().map(KeySource::location),
            fingerprint: r.fingerprint.as_deref(),
            store_fingerprint: r.store_fingerprint.as_deref(),
            opens_store: r.problem.is_none() && r.fingerprint.is_some(),
            secrets: r.secrets,
            keyring: Keyring {
                available: r.keyring.is_ok(),
                reason: r.keyring.as_ref().err().map(String::as_str),
            },
            problem: r.problem.as_ref().map(ToString::to_string),
        }
    }
}

/// `doctor --json`.
#[derive(Debug, Serialize)]
pub struct Doctor<'a> {
    pub ok: bool,
    pub checks: Vec<Check<'a>>,
}

/// One line of [`Doctor`]: `status` is `ok`, `warn` or `fail`.
#[derive(Debug, Serialize)]
pub struct Check<'a> {
    pub check: &'a str,
    pub status: &'a str,
    pub detail: &'a str,
    pub fix: Option<&'a str>,
}
