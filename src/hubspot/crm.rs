//! HubSpot's CRM, as much of it as reading one user's own engagements takes, through the
//! date-versioned object paths (`/crm/objects/2026-03/{emails|notes|calls}`): the owner a
//! user's e-mail is (`/crm/v3/owners`), CRM search from a cursor (`hs_lastmodifieddate`, then
//! `hs_object_id`, sorted by ID so that a query past HubSpot's 10,000-result cap is asked
//! again from the last ID instead of paging on into a 400), the archived records (search
//! never shows them), and a call's transcript. Every property value arrives as a string.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::HubSpot;
use crate::account::TokenSource;
use crate::net::{Api, Call, NetError, host_of};
use crate::provider::{ApiError, api_url, with_token};
use crate::secret::Secret;

/// The kinds of engagement read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Emails,
    Notes,
    Calls,
}

impl Object {
    pub const ALL: [Object; 3] = [Object::Emails, Object::Notes, Object::Calls];

    /// Its name in paths and in `hubspot:NAME`.
    pub fn name(self) -> &'static str {
        match self {
            Object::Emails => "emails",
            Object::Notes => "notes",
            Object::Calls => "calls",
        }
    }

    /// Its object type ID, as HubSpot's record addresses have it.
    pub fn type_id(self) -> &'static str {
        match self {
            Object::Emails => "0-49",
            Object::Notes => "0-46",
            Object::Calls => "0-48",
        }
    }

    pub fn named(name: &str) -> Option<Object> {
        Object::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The properties read of it.
    fn properties(self) -> &'static [&'static str] {
        match self {
            Object::Emails => &[
                "hs_email_direction",
                "hs_email_subject",
                "hs_email_text",
                "hs_email_html",
                "hs_email_from_email",
                "hs_email_status",
                "hs_sequence_id",
                "hs_template_id",
                "hs_timestamp",
                "hubspot_owner_id",
                "hs_lastmodifieddate",
            ],
            Object::Notes => &[
                "hs_note_body",
                "hs_timestamp",
                "hubspot_owner_id",
                "hs_lastmodifieddate",
            ],
            Object::Calls => &[
                "hs_call_title",
                "hs_call_body",
                "hs_call_transcription_id",
                "hs_call_has_transcript",
                "hs_timestamp",
                "hubspot_owner_id",
                "hs_lastmodifieddate",
            ],
        }
    }
}

/// The largest page search gives, and the most results one query reaches.
const SEARCH_PAGE: usize = 200;
const SEARCH_CAP: usize = 10_000;

/// One record: its ID and its properties (missing and null ones left out).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    #[serde(default, deserialize_with = "strings")]
    pub properties: HashMap<String, String>,
    pub updated_at: Option<String>,
    pub archived_at: Option<String>,
}

impl Record {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.properties
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Properties, null values dropped.
fn strings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<HashMap<String, String>, D::Error> {
    let raw: HashMap<String, Option<String>> = HashMap::deserialize(d)?;
    Ok(raw.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    results: Vec<Record>,
    paging: Option<Paging>,
}

#[derive(Deserialize)]
struct Paging {
    next: Option<Next>,
}

#[derive(Deserialize)]
struct Next {
    after: String,
}

impl Page {
    fn after(&self) -> Option<String> {
        Some(self.paging.as_ref()?.next.as_ref()?.after.clone())
    }
}

/// One utterance of a call's transcript.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utterance {
    pub speaker: Speaker,
    pub text: String,
    #[serde(default)]
    pub start_time_millis: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Speaker {
    pub email: Option<String>,
}

/// HubSpot's CRM, as one account.
pub struct Crm<'a> {
    hubspot: &'a HubSpot,
    tokens: &'a dyn TokenSource,
}

impl<'a> Crm<'a> {
    pub fn new(hubspot: &'a HubSpot, tokens: &'a dyn TokenSource) -> Crm<'a> {
        Crm { hubspot, tokens }
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Url {
        api_url(&self.hubspot.endpoints.api, path, query)
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        make: impl Fn(&Secret) -> Call<'_>,
    ) -> Result<T, ApiError> {
        with_token(self.tokens, async |token: Secret| {
            let call = make(&token);
            let host = host_of(&call.url);
            self.hubspot.net.send(&call).await?.json(&host)
        })
        .await
    }

    /// The owner ID of the HubSpot user with this e-mail (what `hubspot_owner_id` holds),
    /// if there is one.
    pub async fn owner_of(&self, email: &str) -> Result<Option<String>, ApiError> {
        #[derive(Deserialize)]
        struct Owners {
            #[serde(default)]
            results: Vec<Owner>,
        }
        #[derive(Deserialize)]
        struct Owner {
            id: String,
            email: Option<String>,
        }
        let url = self.url("crm/v3/owners", &[("email", email), ("limit", "100")]);
        let owners: Owners = self
            .send(|token| Call::get(Api::HubSpot, url.clone()).bearer(token))
            .await?;
        Ok(owners
            .results
            .into_iter()
            .find(|o| {
                o.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .map(|o| o.id))
    }

    /// Every record of `object` owned by `owner` and modified at or after `since_ms`,
    /// ordered by ID (outgoing emails only, for emails), handed to `page` a page at a time
    /// as each arrives. Past the 10,000 results one query reaches, the query is asked again
    /// from the last ID it gave.
    pub async fn modified_since(
        &self,
        object: Object,
        owner: &str,
        since_ms: i64,
        mut page: impl FnMut(Vec<Record>),
    ) -> Result<(), ApiError> {
        let url = self.url(
            &format!("crm/objects/2026-03/{}/search", object.name()),
            &[],
        );
        let since = since_ms.to_string();
        let mut from_id: Option<String> = None;
        loop {
            let mut filters = vec![
                json!({"propertyName": "hubspot_owner_id", "operator": "EQ", "value": owner}),
                json!({"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": since}),
            ];
            if object == Object::Emails {
                filters.push(
                    json!({"propertyName": "hs_email_direction", "operator": "EQ", "value": "EMAIL"}),
                );
            }
            if let Some(id) = &from_id {
                filters
                    .push(json!({"propertyName": "hs_object_id", "operator": "GT", "value": id}));
            }
            let mut after: Option<String> = None;
            let mut reached = 0;
            let mut capped = false;
            loop {
                let mut body = json!({
                    "filterGroups": [{"filters": filters}],
                    "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
                    "properties": object.properties(),
                    "limit": SEARCH_PAGE,
                });
                if let Some(a) = &after {
                    body["after"] = json!(a);
                }
                let got: Page = self
                    .send(|token| {
                        Call::post_json(Api::HubSpotSearch, url.clone(), &body).bearer(token)
                    })
                    .await?;
                reached += got.results.len();
                let next = got.after();
                if let Some(last) = got.results.last() {
                    from_id = Some(last.id.clone());
                }
                page(got.results);
                match next {
                    // The next page would start at the cap: ask again from the last ID.
                    Some(_) if reached + SEARCH_PAGE > SEARCH_CAP => {
                        capped = true;
                        break;
                    }
                    Some(a) => after = Some(a),
                    None => break,
                }
            }
            if !capped {
                return Ok(());
            }
        }
    }

    /// Every archived record of `object` (each with `archivedAt`).
    pub async fn archived(&self, object: Object) -> Result<Vec<Record>, ApiError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut query = vec![
                ("archived", "true"),
                ("limit", "100"),
                ("properties", "hs_object_id"),
            ];
            if let Some(a) = &after {
                query.push(("after", a));
            }
            let url = self.url(&format!("crm/objects/2026-03/{}", object.name()), &query);
            let page: Page = self
                .send(|token| Call::get(Api::HubSpot, url.clone()).bearer(token))
                .await?;
            after = page.after();
            all.extend(page.results);
            if after.is_none() {
                return Ok(all);
            }
        }
    }

    /// A call's transcript, its utterances in order; `None` if HubSpot has none by that ID.
    pub async fn transcript(&self, id: &str) -> Result<Option<Vec<Utterance>>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Transcript {
            #[serde(default)]
            transcript_utterances: Vec<Utterance>,
        }
        let url = self.url(
            &format!("crm/extensions/calling/2026-03/transcripts/{id}"),
            &[],
        );
        match self
            .send::<Transcript>(|token| Call::get(Api::HubSpot, url.clone()).bearer(token))
            .await
        {
            Ok(mut t) => {
                t.transcript_utterances.sort_by_key(|u| u.start_time_millis);
                Ok(Some(t.transcript_utterances))
            }
            Err(ApiError::Net(NetError::Refused { status: 404, .. })) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
