//! The Gmail v1 API, as much of it as reading one's sent mail takes: the profile (the mailbox's
//! current history id), the send-as addresses (which From addresses are the user's), listing
//! messages (ids only, every page; `resultSizeEstimate` is not a count and is not read),
//! the history feed from a stored id (a 404 there means the id expired), one message whole
//! (`format=raw`, base64url that arrives padded) and one thread (`format=full`, whose part
//! data arrives unpadded, in the part's own charset). Every call says what it costs in Gmail's
//! quota units, so that the network layer paces them within the user's 250 units a second.

use base64::Engine as _;
use serde::Deserialize;
use url::Url;

use super::Google;
use crate::account::TokenSource;
use crate::net::{Api, Call, Net, NetError, host_of};
use crate::provider::{ApiError, api_url, with_token};
use crate::secret::Secret;

/// Quota units per method (Google's published table).
const PROFILE: f64 = 1.0;
const SEND_AS: f64 = 1.0;
const LIST: f64 = 5.0;
const GET: f64 = 5.0;
const HISTORY: f64 = 2.0;
const THREAD: f64 = 10.0;

/// The largest page Gmail gives.
const PAGE: &str = "500";

/// Gmail, for one account.
pub struct Gmail<'a> {
    net: &'a Net,
    base: &'a Url,
    tokens: &'a dyn TokenSource,
}

/// A message as listed: ids only.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub id: String,
    pub thread_id: String,
}

/// One page of the history feed, boiled down.
#[derive(Debug, Default)]
pub struct History {
    /// Messages added, given a label or taken out of the trash since, oldest first (each
    /// once), but those gone by the end.
    pub changed: Vec<Listed>,
    /// Messages gone by the end, each once with why: moved to the trash, marked spam or
    /// deleted for good.
    pub gone: Vec<(String, &'static str)>,
    /// The mailbox's history id now: where the next read starts.
    pub history_id: String,
}

/// A message whole.
#[derive(Debug)]
pub struct RawMessage {
    pub id: String,
    pub thread_id: String,
    pub labels: Vec<String>,
    /// When Gmail took it in, in milliseconds since 1970.
    pub internal_date: Option<i64>,
    pub history_id: Option<String>,
    /// The RFC 5322 message.
    pub raw: Vec<u8>,
}

/// One message of a thread: its headers and its text, decoded from the parts Gmail parsed.
#[derive(Debug)]
pub struct ThreadMessage {
    pub id: String,
    pub labels: Vec<String>,
    pub message_id: Option<String>,
    /// Its text/plain body, else its text/html one (as HTML), in UTF-8; with `is_html`.
    pub body: Option<(String, bool)>,
}

#[derive(Debug, thiserror::Error)]
pub enum GmailError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The stored history id is too old for Gmail to answer from (it keeps a week or less).
    #[error("the history id has expired")]
    HistoryExpired,
}

impl<'a> Gmail<'a> {
    pub fn new(google: &'a Google, tokens: &'a dyn TokenSource) -> Gmail<'a> {
        Gmail {
            net: &google.net,
            base: &google.endpoints.gmail,
            tokens,
        }
    }

    /// GETs `users/me/PATH?QUERY` as one call costing `cost` units, and reads its JSON.
    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        cost: f64,
    ) -> Result<T, ApiError> {
        let url = api_url(self.base, &format!("users/me/{path}"), query);
        let host = host_of(&url);
        with_token(self.tokens, async |token: Secret| {
            let call = Call::get(Api::Gmail, url.clone()).bearer(&token).cost(cost);
            self.net.send(&call).await?.json(&host)
        })
        .await
    }

    /// The mailbox's current history id: taken before a full listing, so that changes made
    /// while it runs are read the next time.
    pub async fn history_id(&self) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Profile {
            history_id: String,
        }
        let profile: Profile = self.get("profile", &[], PROFILE).await?;
        Ok(profile.history_id)
    }

    /// The addresses the user sends as, lower-cased.
    pub async fn send_as(&self) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct List {
            #[serde(default)]
            send_as: Vec<SendAs>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct SendAs {
            send_as_email: String,
        }
        let list: List = self.get("settings/sendAs", &[], SEND_AS).await?;
        Ok(list
            .send_as
            .into_iter()
            .map(|s| s.send_as_email.to_lowercase())
            .collect())
    }

    /// Every message labelled `label` that `query` (Gmail search syntax; empty for none)
    /// matches, every page, newest first.
    pub async fn list(&self, label: &str, query: &str) -> Result<Vec<Listed>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            #[serde(default)]
            messages: Vec<Listed>,
            next_page_token: Option<String>,
        }
        let mut all = Vec::new();
        let mut page_token: Option<String> = None;
        loop {
            let mut params = vec![("labelIds", label), ("maxResults", PAGE)];
            // No `q` at all rather than an empty one.
            if !query.is_empty() {
                params.push(("q", query));
            }
            if let Some(t) = &page_token {
                params.push(("pageToken", t));
            }
            let page: Page = self.get("messages", &params, LIST).await?;
            all.extend(page.messages);
            match page.next_page_token {
                Some(t) => page_token = Some(t),
                None => return Ok(all),
            }
        }
    }

    /// What changed among messages labelled `label` since history id `start`, every page
    /// (a page may be empty and still point to a next one).
    pub async fn history(&self, label: &str, start: &str) -> Result<History, GmailError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            #[serde(default)]
            history: Vec<Record>,
            next_page_token: Option<String>,
            history_id: String,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Record {
            #[serde(default)]
            messages_added: Vec<Change>,
            #[serde(default)]
            messages_deleted: Vec<Change>,
            #[serde(default)]
            labels_added: Vec<Change>,
            #[serde(default)]
            labels_removed: Vec<Change>,
        }
        #[derive(Deserialize)]
        struct Change {
            message: Listed,
            /// The labels a `labelsAdded` or `labelsRemoved` record changed.
            #[serde(default, rename = "labelIds")]
            label_ids: Vec<String>,
        }
        let binned = |c: &Change| c.label_ids.iter().any(|l| l == "TRASH" || l == "SPAM");
        let mut out = History::default();
        let mut seen = std::collections::HashSet::new();
        // Where each message ended up, the records read in order: gone (and why) or not.
        let mut gone: std::collections::HashMap<String, Option<&'static str>> =
            std::collections::HashMap::new();
        let mut page_token: Option<String> = None;
        loop {
            let mut params = vec![
                ("startHistoryId", start),
                ("labelId", label),
                ("historyTypes", "messageAdded"),
                ("historyTypes", "messageDeleted"),
                ("historyTypes", "labelAdded"),
                ("historyTypes", "labelRemoved"),
                ("maxResults", PAGE),
            ];
            if let Some(t) = &page_token {
                params.push(("pageToken", t));
            }
            let page: Page = match self.get("history", &params, HISTORY).await {
                Err(ApiError::Net(NetError::Refused { status: 404, .. })) => {
                    return Err(GmailError::HistoryExpired);
                }
                other => other?,
            };
            for record in page.history {
                let mut changed = Vec::new();
                for c in record.messages_deleted {
                    gone.insert(c.message.id, Some("deleted"));
                }
                for c in record.labels_added {
                    if binned(&c) {
                        gone.insert(c.message.id, Some("in the trash"));
                    } else {
                        changed.push(c.message);
                    }
                }
                // Out of the trash (or spam): back, and read again.
                for c in record.labels_removed.into_iter().filter(binned) {
                    gone.insert(c.message.id.clone(), None);
                    changed.push(c.message);
                }
                for m in record
                    .messages_added
                    .into_iter()
                    .map(|c| c.message)
                    .chain(changed)
                {
                    if seen.insert(m.id.clone()) {
                        out.changed.push(m);
                    }
                }
            }
            out.history_id = page.history_id;
            match page.next_page_token {
                Some(t) => page_token = Some(t),
                None => break,
            }
        }
        out.changed
            .retain(|m| !matches!(gone.get(&m.id), Some(Some(_))));
        out.gone = gone
            .into_iter()
            .filter_map(|(id, why)| Some((id, why?)))
            .collect();
        out.gone.sort();
        Ok(out)
    }

    /// One message whole. `None` when it is gone (deleted, or a draft saved again, between
    /// its listing and now).
    pub async fn message(&self, id: &str) -> Result<Option<RawMessage>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Message {
            id: String,
            thread_id: String,
            #[serde(default)]
            label_ids: Vec<String>,
            internal_date: Option<String>,
            history_id: Option<String>,
            raw: String,
        }
        let got: Message = match self
            .get(&format!("messages/{id}"), &[("format", "raw")], GET)
            .await
        {
            Err(ApiError::Net(NetError::Refused { status: 404, .. })) => return Ok(None),
            other => other?,
        };
        let raw = base64url(&got.raw).ok_or_else(|| {
            ApiError::Net(NetError::BadAnswer {
                host: host_of(self.base),
                why: format!("message {id} is not base64url"),
            })
        })?;
        Ok(Some(RawMessage {
            id: got.id,
            thread_id: got.thread_id,
            labels: got.label_ids,
            internal_date: got.internal_date.and_then(|d| d.parse().ok()),
            history_id: got.history_id,
            raw,
        }))
    }

    /// The messages of a thread, oldest first, each with its text.
    pub async fn thread(&self, id: &str) -> Result<Vec<ThreadMessage>, ApiError> {
        #[derive(Deserialize)]
        struct Thread {
            #[serde(default)]
            messages: Vec<Message>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Message {
            id: String,
            #[serde(default)]
            label_ids: Vec<String>,
            payload: Option<Part>,
        }
        let thread: Thread = match self
            .get(&format!("threads/{id}"), &[("format", "full")], THREAD)
            .await
        {
            Err(ApiError::Net(NetError::Refused { status: 404, .. })) => return Ok(Vec::new()),
            other => other?,
        };
        Ok(thread
            .messages
            .into_iter()
            .map(|m| {
                let payload = m.payload.unwrap_or_default();
                ThreadMessage {
                    id: m.id,
                    labels: m.label_ids,
                    message_id: payload
                        .header("Message-ID")
                        .map(|v| v.trim().trim_matches(['<', '>']).to_string()),
                    body: payload
                        .text("text/plain")
                        .map(|t| (t, false))
                        .or_else(|| payload.text("text/html").map(|t| (t, true))),
                }
            })
            .collect())
    }
}

/// A MIME part as `format=full` gives it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Part {
    #[serde(default)]
    mime_type: String,
    #[serde(default)]
    filename: String,
    #[serde(default)]
    headers: Vec<Header>,
    body: Option<PartBody>,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Debug, Deserialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Debug, Deserialize)]
struct PartBody {
    data: Option<String>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The first part of type `mime` that is not an attachment, decoded: its data is in the
    /// charset its Content-Type names (UTF-8 when it names none it knows).
    fn text(&self, mime: &str) -> Option<String> {
        if self.mime_type.eq_ignore_ascii_case(mime) && self.filename.is_empty() {
            let data = base64url(self.body.as_ref()?.data.as_deref()?)?;
            let charset = self
                .header("Content-Type")
                .and_then(|ct| {
                    ct.split(';')
                        .filter_map(|p| p.trim().split_once('='))
                        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                        .map(|(_, v)| v.trim().trim_matches('"').to_string())
                })
                .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
                .unwrap_or(encoding_rs::UTF_8);
            return Some(charset.decode(&data).0.into_owned());
        }
        self.parts.iter().find_map(|p| p.text(mime))
    }
}

/// base64url, padded (as `raw` comes) or not (as part data comes).
fn base64url(text: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_padded_or_not() {
        assert_eq!(base64url("aGk-Pz8=").as_deref(), Some(&b"hi>??"[..]));
        assert_eq!(base64url("aGk-Pz8").as_deref(), Some(&b"hi>??"[..]));
        assert_eq!(base64url("not base64!"), None);
    }

    #[test]
    fn a_part_is_read_in_its_own_charset() {
        let part: Part = serde_json::from_value(serde_json::json!({
            "mimeType": "multipart/alternative",
            "parts": [
                {"mimeType": "text/plain", "filename": "",
                 "headers": [{"name": "Content-Type", "value": "text/plain; charset=\"iso-8859-1\""}],
                 "body": {"size": 5, "data": "Q2Fm6Q"}},
                {"mimeType": "text/html", "filename": "", "body": {"data": "PGI-aGk8L2I-"}}
            ]
        }))
        .unwrap();
        assert_eq!(part.text("text/plain").as_deref(), Some("Café"));
        assert_eq!(part.text("text/html").as_deref(), Some("<b>hi</b>"));
    }
}
