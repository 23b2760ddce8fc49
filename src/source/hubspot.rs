//! `hubspot:`, `hubspot:emails`, `hubspot:notes`, `hubspot:calls`: the HubSpot user's own
//! engagements, one sample a record. Only the user's: records they own (their owner ID,
//! found once by their e-mail and remembered), emails they sent (direction `EMAIL`, from
//! their address, not a sequence's or a template's), notes, and calls (the call notes, and
//! of a transcript only what the user said). Email text is cleaned as mail is (quotes,
//! forwards, signatures); HTML becomes text. Each run searches from where the last one got
//! to (a cursor on the last modification, with a look-back for HubSpot's index lag), so an
//! unchanged run costs one search a kind; records archived since are marked gone.

use std::ffi::OsStr;

use futures::future::LocalBoxFuture;
use sha2::{Digest, Sha256};

use super::{
    Claim, Entry, ExpandOptions, Expanded, Failure, Fetch, FetchOptions, Found, Item, Kind, Left,
    Link, Read,
};
use crate::extract::{self, Text};
use crate::hubspot::crm::{Crm, Object, Record};
use crate::hubspot::{self, HubSpot};
use crate::mail::{self, Signature};
use crate::provider::Scope;
use crate::store::samples::{Provenance, SourceRecord};

/// The kind's name.
const NAME: &str = "hubspot";
const PREFIX: &str = "hubspot:";

/// What the remembered state is kept under.
const OWNER: &str = "owner";

/// How far back of the last run's newest change a run searches again: a record written just
/// before a run may reach the search index only after it.
const LOOK_BACK_MS: i64 = 5 * 60 * 1000;

/// The kind.
pub struct HubSpotRecords;

impl Kind for HubSpotRecords {
    fn name(&self) -> &'static str {
        NAME
    }

    fn scope(&self) -> Option<&'static Scope> {
        Some(&hubspot::CRM)
    }

    fn jobs(&self) -> usize {
        4
    }

    fn claim(&self, address: &OsStr) -> Claim {
        let Some(text) = address.to_str() else {
            return Claim::Not;
        };
        let Some(rest) = text.strip_prefix(PREFIX) else {
            return Claim::Not;
        };
        if objects_of(rest).is_some() {
            Claim::Takes
        } else {
            Claim::Malformed(format!(
                "`{text}` is not a HubSpot source: give hubspot:, hubspot:emails, hubspot:notes or hubspot:calls"
            ))
        }
    }

    fn expand<'a>(
        &'a self,
        link: &'a Link<'a>,
        address: &'a OsStr,
        opts: &'a ExpandOptions,
        found: &'a Found,
    ) -> LocalBoxFuture<'a, ()> {
        Box::pin(async move {
            let display = address.to_string_lossy().into_owned();
            let objects = objects_of(&display[PREFIX.len()..]).unwrap_or_default();
            let failed = |failure: Failure| {
                found.push(Expanded::Failed {
                    source: display.clone(),
                    file_id: None,
                    failure,
                });
            };
            let link = match &link.hubspot {
                Ok(link) => link,
                Err(failure) => return failed(failure.clone()),
            };
            let account = link.token.account().to_string();
            let crm = Crm::new(link.hubspot, link.token);
            let stored = |name: &str| {
                opts.remembered
                    .get(&(NAME.to_string(), account.clone(), name.to_string()))
                    .cloned()
            };
            // What earlier runs learned, unless told to read everything again.
            let remembered = |name: &str| stored(name).filter(|_| !opts.force);
            let millis_of = |name: &str| remembered(name).and_then(|v| v.parse::<i64>().ok());
            let hub = stored(hubspot::HUB_STATE);
            let item = |object: Object, key: String, entry: Box<dyn super::Entry>| {
                Expanded::Item(Item {
                    kind: NAME,
                    display: format!("{display} {} {key}", object.name()),
                    key,
                    account: account.clone(),
                    entry,
                })
            };
            let owner = match remembered(OWNER) {
                Some(owner) => owner,
                None => match crm.owner_of(&account).await {
                    Ok(Some(owner)) => {
                        found.push(remember(&account, OWNER, owner.clone()));
                        owner
                    }
                    Ok(None) => {
                        return failed(Failure::from(format!(
                            "no HubSpot owner has the e-mail {account}: log in as the user whose records they are"
                        )));
                    }
                    Err(e) => return failed(Failure::from(&e)),
                },
            };
            for object in objects {
                let cursor_name = format!("cursor {}", object.name());
                let archived_name = format!("archived {}", object.name());
                let previous = millis_of(&cursor_name);
                let since = previous.map_or(0, |ms| (ms - LOOK_BACK_MS).max(0));
                // Each page's records are fetched while the next page is searched for.
                let mut newest = None;
                let searched = crm
                    .modified_since(object, &owner, since, |records| {
                        newest = newest.max(records.iter().filter_map(modified_ms).max());
                        found.extend(records.into_iter().map(|record| {
                            let key = record.id.clone();
                            let entry = Engagement {
                                object,
                                record,
                                account: account.clone(),
                                hub: hub.clone(),
                            };
                            item(object, key, Box::new(entry))
                        }));
                    })
                    .await;
                if let Err(e) = searched {
                    failed(Failure::from(&e));
                    continue;
                }
                // Archived since the last run (or within its look-back): gone, if stored.
                let archived = match crm.archived(object).await {
                    Ok(archived) => archived,
                    Err(e) => {
                        failed(Failure::from(&e));
                        continue;
                    }
                };
                let mark = millis_of(&archived_name);
                let latest = archived.iter().filter_map(archived_ms).max();
                if let Some(mark) = mark {
                    found.extend(
                        archived
                            .into_iter()
                            .filter(|r| archived_ms(r).is_some_and(|at| at >= mark - LOOK_BACK_MS))
                            .map(|r| item(object, r.id, Box::new(Left("archived in HubSpot")))),
                    );
                }
                if let Some(at) = newest.max(previous) {
                    found.push(remember(&account, &cursor_name, at.to_string()));
                }
                // Nothing archived yet still marks where to look from.
                let at = latest
                    .max(mark)
                    .unwrap_or_else(|| jiff::Timestamp::now().as_millisecond());
                found.push(remember(&account, &archived_name, at.to_string()));
            }
        })
    }
}

/// The kinds of record `hubspot:REST` names (all three for `hubspot:`).
fn objects_of(rest: &str) -> Option<Vec<Object>> {
    match rest.trim() {
        "" => Some(Object::ALL.to_vec()),
        one => Object::named(one).map(|o| vec![o]),
    }
}

fn remember(account: &str, name: &str, value: String) -> Expanded {
    Expanded::Remember {
        kind: NAME,
        account: account.to_string(),
        name: name.to_string(),
        value,
    }
}

/// A HubSpot time (ISO 8601, or milliseconds since the epoch) in milliseconds.
fn millis(value: &str) -> Option<i64> {
    value.parse::<i64>().ok().or_else(|| {
        value
            .parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_millisecond())
    })
}

fn modified_ms(r: &Record) -> Option<i64> {
    millis(r.get("hs_lastmodifieddate")?)
}

fn archived_ms(r: &Record) -> Option<i64> {
    millis(r.archived_at.as_deref()?)
}

/// A time as the store keeps it (seconds, UTC).
fn stored_time(value: Option<&str>) -> Option<String> {
    let ms = millis(value?)?;
    let t = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(
        jiff::Timestamp::from_second(t.as_second())
            .ok()?
            .to_string(),
    )
}

/// One record, as the search gave it.
#[derive(Debug)]
struct Engagement {
    object: Object,
    record: Record,
    account: String,
    /// The portal's ID, where the login said.
    hub: Option<String>,
}

/// What an engagement holds of the user's: their words, and what they answered.
struct Words {
    title: String,
    text: String,
    context: Option<String>,
}

impl Entry for Engagement {
    fn fetch<'a>(
        &'a self,
        link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        _scratch: &'a std::path::Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        Box::pin(async move {
            let revision = self
                .record
                .get("hs_lastmodifieddate")
                .unwrap_or("")
                .to_string();
            if let Some(prior) = prior
                && !opts.force
                && !revision.is_empty()
                && prior.revision == revision
            {
                return Fetch::Unchanged { revision };
            }
            let words = match self.object {
                Object::Emails => self.email(),
                Object::Notes => Ok(self.note()),
                Object::Calls => match &link.hubspot {
                    Ok(link) => self.call(link.hubspot, link.token).await,
                    Err(failure) => Err(Skip::Failed(failure.clone())),
                },
            };
            let words = match words {
                Ok(words) => words,
                Err(Skip::Skipped(reason)) => {
                    return Fetch::Skipped {
                        reason: reason.into(),
                        mime_type: Some(MIME.into()),
                    };
                }
                Err(Skip::Failed(failure)) => return Fetch::Failed(failure),
            };
            let text = extract::normalize(&words.text);
            if text.trim().is_empty() {
                return Fetch::Skipped {
                    reason: "no words of the user's in it".into(),
                    mime_type: Some(MIME.into()),
                };
            }
            let id = &self.record.id;
            let object = self.object.name();
            let read = Read {
                provenance: Provenance {
                    title: words.title,
                    source_type: NAME.into(),
                    source_id: id.clone(),
                    source_url: match &self.hub {
                        Some(hub) => format!(
                            "https://app.hubspot.com/contacts/{hub}/record/{}/{id}",
                            self.object.type_id()
                        ),
                        None => format!("https://app.hubspot.com/engagements/{object}/{id}"),
                    },
                    mime_type: MIME.into(),
                    account: Some(self.account.clone()),
                    created_time: stored_time(self.record.get("hs_timestamp")),
                    modified_time: stored_time(self.record.get("hs_lastmodifieddate")),
                    version: Some(revision.clone()),
                    owner: Some(self.account.clone()),
                    ocr: None,
                },
                content_sha256: Some(hex::encode(Sha256::digest(text.as_bytes()))),
                bytes: text.len() as u64,
                revision,
                context: words.context.map(|c| extract::normalize(&c)),
            };
            Fetch::Text {
                text: Text::Whole(text),
                read: Box::new(read),
            }
        })
    }
}

const MIME: &str = "text/plain";

/// Why a record holds nothing to keep.
enum Skip {
    Skipped(&'static str),
    Failed(Failure),
}

/// A body's text (HTML made text), cut to the writer's own words as mail is.
fn cleaned(body: &str, html: bool) -> mail::Cleaned {
    let learned = Signature::default();
    if html && let Ok(cleaned) = mail::clean_html(body, &learned) {
        return cleaned;
    }
    mail::clean(body, &learned)
}

impl Engagement {
    fn email(&self) -> Result<Words, Skip> {
        let r = &self.record;
        if r.get("hs_sequence_id").is_some() || r.get("hs_template_id").is_some() {
            return Err(Skip::Skipped(
                "sent by a sequence or from a template: not the user's own words",
            ));
        }
        if r.get("hs_email_direction").is_some_and(|d| d != "EMAIL") {
            return Err(Skip::Skipped("not sent by the user"));
        }
        if r.get("hs_email_from_email")
            .is_some_and(|from| !from.eq_ignore_ascii_case(&self.account))
        {
            return Err(Skip::Skipped("sent from another address than the user's"));
        }
        let text = (r.get("hs_email_text").map(|t| (t, false)))
            .or_else(|| r.get("hs_email_html").map(|h| (h, true)));
        let Some((body, html)) = text else {
            // HubSpot blanks email bodies for a token without sales-email-read.
            return Err(Skip::Failed(Failure {
                reason: format!(
                    "HubSpot gave this email without its body: {}",
                    hubspot::CRM.remedy()
                ),
                temporary: false,
                needs_login: true,
                quota: false,
            }));
        };
        let cleaned = cleaned(body, html);
        Ok(Words {
            title: r
                .get("hs_email_subject")
                .unwrap_or("(no subject)")
                .to_string(),
            text: cleaned.own,
            context: cleaned.context,
        })
    }

    fn note(&self) -> Words {
        let r = &self.record;
        Words {
            title: titled("Note", r),
            text: r
                .get("hs_note_body")
                .map(|b| cleaned(b, true).own)
                .unwrap_or_default(),
            context: None,
        }
    }

    /// The call's notes, and of its transcript what the user said, in order.
    async fn call(
        &self,
        hubspot: &HubSpot,
        tokens: &crate::account::AccountToken<'_>,
    ) -> Result<Words, Skip> {
        let r = &self.record;
        let mut parts: Vec<String> = Vec::new();
        if let Some(body) = r.get("hs_call_body") {
            parts.push(cleaned(body, true).own);
        }
        if let Some(id) = r.get("hs_call_transcription_id") {
            match Crm::new(hubspot, tokens).transcript(id).await {
                Ok(Some(utterances)) => {
                    let own: Vec<&str> = utterances
                        .iter()
                        .filter(|u| {
                            (u.speaker.email.as_deref())
                                .is_some_and(|e| e.eq_ignore_ascii_case(&self.account))
                        })
                        .map(|u| u.text.trim())
                        .filter(|t| !t.is_empty())
                        .collect();
                    if !own.is_empty() {
                        parts.push(own.join("\n\n"));
                    }
                }
                Ok(None) => {}
                // A transcript is a paid seat's, and HubSpot may refuse a static token
                // one: the notes are still the user's.
                Err(e) => {
                    let failure = Failure::from(&e);
                    if failure.temporary {
                        return Err(Skip::Failed(failure));
                    }
                    tracing::info!("call {}: no transcript read: {}", r.id, failure.reason);
                }
            }
        }
        Ok(Words {
            title: r
                .get("hs_call_title")
                .map_or_else(|| titled("Call", r), str::to_string),
            text: parts.join("\n\n"),
            context: None,
        })
    }
}

/// "Note of 2026-03-02": a record without a title of its own, by its date.
fn titled(what: &str, r: &Record) -> String {
    match stored_time(r.get("hs_timestamp")) {
        Some(t) => format!("{what} of {}", &t[..10.min(t.len())]),
        None => what.to_string(),
    }
}
