//! Gmail as a source: `gmail:` or `gmail:QUERY` stands for the account's sent mail (label
//! `SENT`, QUERY ANDed), one item a message. The first run lists it all, having taken the
//! mailbox's history id first; it is remembered, and later runs read only the history feed
//! from there (one call when nothing is new; an id Gmail no longer keeps means listing again,
//! where every message already stored is unchanged without a fetch). A message is fetched
//! whole and kept only if the user wrote it: From one of their send-as addresses, not a draft,
//! nothing a program sent; its text is the user's words alone (`mail`), and a reply keeps what
//! it answered as its context: the parent message when the thread holds it, else the part it
//! quoted. The user's own signature (the closing block that recurs across their mail) is
//! learned from their newest messages the first time, remembered, and taken off every
//! message. Messages do not change once sent, so one stored is never fetched again unless
//! `--force`.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::sync::{Arc, Mutex};

use futures::future::LocalBoxFuture;
use sha2::{Digest as _, Sha256};
use tokio::sync::OnceCell;

use super::{
    Claim, Entry, ExpandOptions, Expanded, Failure, Fetch, FetchOptions, Found, Item, Kind, Link,
    Read,
};
use crate::extract::{self, Text};
use crate::google;
use crate::google::gmail::{Gmail, GmailError, Listed, RawMessage, ThreadMessage};
use crate::mail::{self, Shape, Signature};
use crate::provider::ApiError;
use crate::provider::Scope;
use crate::store::samples::{Provenance, SourceRecord};

/// The kind's name.
const NAME: &str = "gmail";

/// What an address starts with.
const PREFIX: &str = "gmail:";

const SENT: &str = "SENT";
const DRAFT: &str = "DRAFT";

/// How many of the newest messages the user's signature is learned from.
const LEARN_FROM: usize = 50;

/// The names things are remembered under.
const SIGNATURE: &str = "signature";

/// The user's sent mail.
pub struct GmailMessages;

impl Kind for GmailMessages {
    fn name(&self) -> &'static str {
        NAME
    }

    fn scope(&self) -> Option<&'static Scope> {
        Some(&google::GMAIL)
    }

    fn jobs(&self) -> usize {
        8
    }

    /// Sent mail never changes: a message skipped once (not the user's, automated) is skipped
    /// for good, and not fetched again when everything is listed again.
    fn remembers_skips(&self) -> bool {
        true
    }

    fn claim(&self, address: &OsStr) -> Claim {
        if address.to_string_lossy().starts_with(PREFIX) {
            Claim::Takes
        } else {
            Claim::Not
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
            let query = query_of(&display);
            let google = match &link.google {
                Ok(google) => google,
                Err(failure) => {
                    return found.push(Expanded::Failed {
                        source: display,
                        file_id: None,
                        failure: failure.clone(),
                    });
                }
            };
            let account = google.token.account().to_string();
            let gmail = Gmail::new(google.google, google.token);
            let name = format!("history:{query}");
            let since = opts
                .remembered
                .get(&(NAME.to_string(), account.clone(), name.clone()))
                .filter(|_| !opts.force)
                .cloned();
            // Whether what is listed is new, to learn from: not after an expired history id,
            // when it is everything again, mostly stored already.
            let listed = match since {
                Some(start) => changed_since(&gmail, &start, &query).await,
                None => everything(&gmail, &query)
                    .await
                    .map(|(m, h)| (m, Vec::new(), h, true)),
            };
            let (messages, gone, history_id, new) = match listed {
                Ok(listed) => listed,
                Err(e) => {
                    return found.push(Expanded::Failed {
                        source: display,
                        file_id: None,
                        failure: Failure::from(&e),
                    });
                }
            };
            let key = |name: &str| (NAME.to_string(), account.clone(), name.to_string());
            let mut shared = Shared::default();
            // Until one is learned, from what each run lists (too few messages teach nothing).
            let learned = match opts.remembered.get(&key(SIGNATURE)) {
                Some(lines) => Signature::from_lines(lines.lines()),
                None if new => shared.learn(&gmail, &messages).await,
                None => Signature::default(),
            };
            shared.signature = learned.clone();
            let shared = Arc::new(shared);
            let skipped: HashSet<&str> = match opts.remembered.get(&key(super::SKIPPED)) {
                Some(keys) if !opts.force => keys.lines().collect(),
                _ => HashSet::new(),
            };
            found.extend(
                messages
                    .into_iter()
                    .filter(|m| !skipped.contains(m.id.as_str()))
                    .map(|m| {
                        Expanded::Item(Item {
                            kind: NAME,
                            display: format!("{display} message {}", m.id),
                            key: m.id.clone(),
                            account: account.clone(),
                            entry: Box::new(Message {
                                listed: m,
                                account: account.clone(),
                                shared: Arc::clone(&shared),
                            }),
                        })
                    }),
            );
            // Trashed or deleted since: gone, if stored.
            found.extend(gone.into_iter().map(|(id, why)| {
                Expanded::Item(Item {
                    kind: NAME,
                    display: format!("{display} message {id}"),
                    key: id,
                    account: account.clone(),
                    entry: Box::new(super::Left(why)),
                })
            }));
            found.push(Expanded::Remember {
                kind: NAME,
                account: account.clone(),
                name,
                value: history_id,
            });
            if !learned.is_empty() {
                found.push(Expanded::Remember {
                    kind: NAME,
                    account,
                    name: SIGNATURE.into(),
                    value: learned.to_lines().join("\n"),
                });
            }
        })
    }
}

/// QUERY of `gmail:QUERY`, without quotes that wrap all of it (`gmail:"to:x newer_than:1y"`
/// typed where no shell took them off).
fn query_of(address: &str) -> String {
    let query = address[PREFIX.len()..].trim();
    match query.strip_prefix('"').and_then(|q| q.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.trim().to_string(),
        _ => query.to_string(),
    }
}

/// Every sent message `query` matches, and the history id to read on from: taken first, so
/// that what arrives while the listing runs is read next time.
async fn everything(gmail: &Gmail<'_>, query: &str) -> Result<(Vec<Listed>, String), ApiError> {
    let history_id = gmail.history_id().await?;
    Ok((gmail.list(SENT, query).await?, history_id))
}

/// The sent messages added since history id `start` that `query` matches, those gone since
/// (with why), the history id to read on from, and whether they are all new. The history
/// feed takes no query: when it names new messages and there is a query, the query is listed
/// and the two intersected. An id Gmail no longer keeps means listing everything again.
async fn changed_since(
    gmail: &Gmail<'_>,
    start: &str,
    query: &str,
) -> Result<(Vec<Listed>, Vec<(String, &'static str)>, String, bool), ApiError> {
    let history = match gmail.history(SENT, start).await {
        Ok(history) => history,
        Err(GmailError::HistoryExpired) => {
            tracing::info!("Gmail no longer keeps history from {start}; listing again");
            let (all, history_id) = everything(gmail, query).await?;
            return Ok((all, Vec::new(), history_id, false));
        }
        Err(GmailError::Api(e)) => return Err(e),
    };
    if history.changed.is_empty() || query.is_empty() {
        return Ok((history.changed, history.gone, history.history_id, true));
    }
    let matching: HashSet<Listed> = gmail.list(SENT, query).await?.into_iter().collect();
    let changed = history
        .changed
        .into_iter()
        .filter(|m| matching.contains(m))
        .collect();
    Ok((changed, history.gone, history.history_id, true))
}

/// What the messages of one expansion share: fetched once, when the first needs it.
#[derive(Default)]
struct Shared {
    signature: Signature,
    send_as: OnceCell<Result<Vec<String>, Failure>>,
    threads: Mutex<HashMap<String, Arc<OnceCell<Vec<ThreadMessage>>>>>,
    /// Messages fetched to learn the signature from, each taken by its item.
    fetched: Mutex<HashMap<String, RawMessage>>,
}

impl Shared {
    /// The user's signature, learned from the newest of `messages` (listed newest first) that
    /// they wrote; those fetched are kept for their items. A message that cannot be read here
    /// is left for its item to fetch, and fail, on its own.
    async fn learn(&mut self, gmail: &Gmail<'_>, messages: &[Listed]) -> Signature {
        use futures::StreamExt as _;
        let Ok(send_as) = self.send_as(gmail).await.map(<[String]>::to_vec) else {
            return Signature::default();
        };
        let fetched: Vec<RawMessage> = futures::stream::iter(messages.iter().take(LEARN_FROM))
            .map(|m| gmail.message(&m.id))
            .buffered(8)
            .filter_map(async |got| got.ok().flatten())
            .collect()
            .await;
        let owns: Vec<String> = fetched
            .iter()
            .filter(|raw| !raw.labels.iter().any(|l| l == DRAFT))
            .filter_map(|raw| mail::parse(&raw.raw).ok())
            .filter(|m| m.automated.is_none() && m.from.iter().any(|f| send_as.contains(f)))
            .filter_map(|m| m.words(&Signature::default()).ok())
            .map(|words| words.own)
            .filter(|own| !own.is_empty())
            .collect();
        let texts: Vec<&str> = owns.iter().map(String::as_str).collect();
        let fetched_by_id = self.fetched.get_mut().unwrap_or_else(|e| e.into_inner());
        fetched_by_id.extend(fetched.into_iter().map(|raw| (raw.id.clone(), raw)));
        Signature::learn(&texts)
    }

    async fn send_as(&self, gmail: &Gmail<'_>) -> Result<&[String], Failure> {
        let got = self
            .send_as
            .get_or_init(async || gmail.send_as().await.map_err(|e| Failure::from(&e)))
            .await;
        got.as_deref().map_err(Clone::clone)
    }

    /// A thread's messages, fetched once however many of its messages ask. A thread that
    /// cannot be read holds nothing: the reply then keeps what it quoted.
    async fn thread(&self, gmail: &Gmail<'_>, id: &str) -> Arc<OnceCell<Vec<ThreadMessage>>> {
        let cell = {
            let mut threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(threads.entry(id.to_string()).or_default())
        };
        cell.get_or_init(async || match gmail.thread(id).await {
            Ok(messages) => messages,
            Err(e) => {
                tracing::info!("thread {id} could not be read ({e}); keeping what was quoted");
                Vec::new()
            }
        })
        .await;
        cell
    }
}

/// One sent message.
struct Message {
    listed: Listed,
    account: String,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gmail message {}", self.listed.id)
    }
}

impl Entry for Message {
    fn fetch<'a>(
        &'a self,
        link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        _scratch: &'a std::path::Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        Box::pin(async move {
            // Sent mail does not change.
            if let Some(prior) = prior
                && !opts.force
            {
                return Fetch::Unchanged {
                    revision: prior.revision.clone(),
                };
            }
            let google = match &link.google {
                Ok(google) => google,
                Err(failure) => return Fetch::Failed(failure.clone()),
            };
            let gmail = Gmail::new(google.google, google.token);
            match self.read(&gmail).await {
                Ok(fetched) => fetched,
                Err(failure) => Fetch::Failed(failure),
            }
        })
    }
}

/// Why a message is not one of the user's samples.
fn skipped(reason: impl Into<String>) -> Fetch {
    Fetch::Skipped {
        reason: reason.into(),
        mime_type: Some(MIME.into()),
    }
}

const MIME: &str = "message/rfc822";

impl Message {
    async fn read(&self, gmail: &Gmail<'_>) -> Result<Fetch, Failure> {
        let prefetched = self
            .shared
            .fetched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.listed.id);
        let raw = match prefetched {
            Some(raw) => Some(raw),
            None => gmail
                .message(&self.listed.id)
                .await
                .map_err(|e| Failure::from(&e))?,
        };
        let Some(raw) = raw else {
            return Ok(Fetch::Gone {
                reason: "no longer in the mailbox (deleted, or a draft saved again)".into(),
            });
        };
        if raw.labels.iter().any(|l| l == DRAFT) {
            return Ok(skipped("a draft, not sent mail"));
        }
        // The history feed names a sent message moved to the trash since, too.
        if raw.labels.iter().any(|l| l == "TRASH" || l == "SPAM") {
            return Ok(Fetch::Gone {
                reason: "in the trash".into(),
            });
        }
        // It will not read better next time: skipped, so that it never holds the feed back.
        let Ok(parsed) = mail::parse(&raw.raw) else {
            return Ok(skipped("not an email message: no header could be read"));
        };
        let send_as = self.shared.send_as(gmail).await?;
        if !parsed.from.iter().any(|f| send_as.contains(f)) {
            let from = parsed.from.first().map_or("nobody", String::as_str);
            return Ok(skipped(format!(
                "not written by you: From {from} is not one of your send-as addresses"
            )));
        }
        if let Some(automated) = parsed.automated {
            return Ok(skipped(automated.reason()));
        }
        let cleaned = match parsed.words(&self.shared.signature) {
            Ok(cleaned) => cleaned,
            Err(e) => return Ok(Fetch::Failed(e.to_string().into())),
        };
        if cleaned.own.trim().is_empty() {
            return Ok(skipped(if cleaned.shape == Shape::Forward {
                "a forward with no text of your own"
            } else {
                "no text of your own"
            }));
        }
        let context = match cleaned.shape {
            Shape::Forward => None,
            Shape::Inline => cleaned.context.clone(),
            Shape::Fresh | Shape::Reply => {
                match self.parent(gmail, parsed.in_reply_to.as_deref()).await {
                    Some(parent) => Some(parent),
                    None => cleaned.context.clone(),
                }
            }
        };
        let context = context.map(|c| extract::normalize(&c));
        let read = self.read_of(&raw, &parsed, context);
        Ok(Fetch::Text {
            text: Text::Whole(extract::normalize(&cleaned.own)),
            read: Box::new(read),
        })
    }

    /// The text of the message this one answered, when its thread holds it: that message's
    /// own words, as cleaned as the user's are.
    async fn parent(&self, gmail: &Gmail<'_>, in_reply_to: Option<&str>) -> Option<String> {
        let in_reply_to = in_reply_to?;
        // A message that starts its thread answers nothing the mailbox holds.
        if self.listed.thread_id == self.listed.id {
            return None;
        }
        let thread = self.shared.thread(gmail, &self.listed.thread_id).await;
        let parent = thread
            .get()?
            .iter()
            .find(|m| m.message_id.as_deref() == Some(in_reply_to) && m.id != self.listed.id)?;
        let (body, is_html) = parent.body.as_ref()?;
        let cleaned = if *is_html {
            mail::clean_html(body, &Signature::default()).ok()?
        } else {
            mail::clean(body, &Signature::default())
        };
        let text = cleaned.own.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    fn read_of(&self, raw: &RawMessage, parsed: &mail::Message, context: Option<String>) -> Read {
        let time = raw
            .internal_date
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
            .and_then(|t| jiff::Timestamp::from_second(t.as_second()).ok())
            .map(|t| t.to_string())
            .or_else(|| parsed.date.clone());
        Read {
            provenance: Provenance {
                title: parsed
                    .subject
                    .clone()
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| "(no subject)".into()),
                source_type: NAME.into(),
                source_id: raw.id.clone(),
                // The account named, not whichever one the browser signed in first.
                source_url: format!(
                    "https://mail.google.com/mail/?authuser={}#all/{}",
                    self.account, raw.id
                ),
                mime_type: MIME.into(),
                account: Some(self.account.clone()),
                created_time: time.clone(),
                modified_time: time,
                version: raw.history_id.clone(),
                owner: parsed.from.first().cloned(),
                ocr: None,
            },
            // A sent message never changes: any mark will do.
            revision: raw.history_id.clone().unwrap_or_default(),
            content_sha256: Some(hex::encode(Sha256::digest(&raw.raw))),
            bytes: raw.raw.len() as u64,
            context,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_what_follows_the_prefix_without_wrapping_quotes() {
        assert_eq!(query_of("gmail:"), "");
        assert_eq!(query_of("gmail:after:2024/01/01"), "after:2024/01/01");
        assert_eq!(
            query_of("gmail:\"to:team@example.com newer_than:1y\""),
            "to:team@example.com newer_than:1y"
        );
        assert_eq!(
            query_of("gmail:subject:\"a b\" to:x"),
            "subject:\"a b\" to:x"
        );
    }
}
