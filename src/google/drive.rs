//! The Drive v3 calls ingest needs, as Google wants them made: an explicit `fields` list,
//! `supportsAllDrives` on every call with a file ID and `includeItemsFromAllDrives` on lists,
//! the resource key header for link-shared files, every page of a listing, Docs editors files
//! exported and other files downloaded, and the `exportLinks` address for an export over the
//! 10 MB limit. A 401 renews the access token once (through the [`TokenSource`] it was
//! handed) and retries once.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use url::Url;

use super::Google;
use crate::account::TokenSource;
use crate::net::{Api, Call, Downloaded, Net, NetError, host_of};
use crate::provider::{ApiError, api_url, with_token};
use crate::secret::Secret;

pub const FOLDER: &str = "application/vnd.google-apps.folder";
pub const DOC: &str = "application/vnd.google-apps.document";
pub const SHEET: &str = "application/vnd.google-apps.spreadsheet";
pub const SLIDES: &str = "application/vnd.google-apps.presentation";
pub const SHORTCUT: &str = "application/vnd.google-apps.shortcut";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Every field ingest uses; Google sends only `kind,id,name,mimeType` unless asked.
const FIELDS: &str = "id,name,mimeType,size,md5Checksum,modifiedTime,createdTime,version,\
headRevisionId,webViewLink,parents,trashed,driveId,resourceKey,shortcutDetails,exportLinks,\
owners(emailAddress)";

/// A file's metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub id: String,
    pub name: String,
    /// Empty when Drive gives none: such a file is typed by its bytes.
    #[serde(default)]
    pub mime_type: String,
    /// An int64 sent as a string; absent for Docs editors files and folders.
    pub size: Option<String>,
    pub md5_checksum: Option<String>,
    pub modified_time: Option<String>,
    pub created_time: Option<String>,
    pub version: Option<String>,
    pub head_revision_id: Option<String>,
    pub web_view_link: Option<String>,
    #[serde(default)]
    pub trashed: bool,
    /// The folder it is in (Drive gives a file one parent).
    #[serde(default)]
    pub parents: Vec<String>,
    /// The shared drive it is in, if any.
    pub drive_id: Option<String>,
    pub resource_key: Option<String>,
    pub shortcut_details: Option<ShortcutDetails>,
    #[serde(default)]
    pub export_links: HashMap<String, String>,
    #[serde(default)]
    pub owners: Vec<Owner>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortcutDetails {
    pub target_id: String,
    pub target_resource_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    pub email_address: Option<String>,
}

impl Meta {
    pub fn size(&self) -> Option<u64> {
        self.size.as_deref().and_then(|s| s.parse().ok())
    }

    /// Whether this is a Docs editors file (exported, never downloaded).
    pub fn is_native(&self) -> bool {
        self.mime_type.starts_with("application/vnd.google-apps.")
    }

    /// What changes when the content does: `version` for Docs editors files, the md5 (or the
    /// head revision) for others.
    pub fn revision(&self) -> String {
        if self.is_native() {
            format!("version:{}", self.version.as_deref().unwrap_or("?"))
        } else if let Some(md5) = &self.md5_checksum {
            format!("md5:{md5}")
        } else {
            format!(
                "rev:{}:{}",
                self.head_revision_id.as_deref().unwrap_or("?"),
                self.modified_time.as_deref().unwrap_or("?")
            )
        }
    }
}

/// One entry of the changes feed: a file that changed (`file`, as it is now), or one that is
/// gone from the account (`removed`: deleted for good, or no longer shared).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub file_id: String,
    #[serde(default)]
    pub removed: bool,
    pub file: Option<Meta>,
}

/// The query of both feed calls: the user's feed, or a shared drive's own.
fn feed_query(drive: Option<&str>) -> Vec<(&str, &str)> {
    let mut query = vec![("supportsAllDrives", "true")];
    if let Some(d) = drive {
        query.push(("driveId", d));
    }
    query
}

/// Drive, for one account.
pub struct Drive<'a> {
    net: &'a Net,
    base: &'a Url,
    tokens: &'a dyn TokenSource,
}

impl<'a> Drive<'a> {
    pub fn new(google: &'a Google, tokens: &'a dyn TokenSource) -> Drive<'a> {
        Drive {
            net: &google.net,
            base: &google.endpoints.drive,
            tokens,
        }
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Url {
        api_url(self.base, path, query)
    }

    async fn with_token<T>(
        &self,
        send: impl AsyncFn(Secret) -> Result<T, NetError>,
    ) -> Result<T, ApiError> {
        with_token(self.tokens, send).await
    }

    fn keyed<'c>(call: Call<'c>, id: &str, key: Option<&str>) -> Call<'c> {
        match key {
            Some(k) => call.header("X-Goog-Drive-Resource-Keys", format!("{id}/{k}")),
            None => call,
        }
    }

    /// A file's metadata.
    pub async fn get(&self, id: &str, key: Option<&str>) -> Result<Meta, ApiError> {
        let url = self.url(
            &format!("files/{id}"),
            &[("fields", FIELDS), ("supportsAllDrives", "true")],
        );
        let host = host_of(&url);
        self.with_token(async |token: Secret| {
            let call = Self::keyed(Call::get(Api::Drive, url.clone()).bearer(&token), id, key);
            self.net.send(&call).await?.json(&host)
        })
        .await
    }

    /// Every file in a folder (not in the trash), following every page.
    pub async fn children(&self, folder: &str, key: Option<&str>) -> Result<Vec<Meta>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            #[serde(default)]
            files: Vec<Meta>,
            next_page_token: Option<String>,
        }
        let q = format!(
            "'{}' in parents and trashed = false",
            folder.replace('\'', "\\'")
        );
        let fields = format!("nextPageToken,files({FIELDS})");
        let mut all = Vec::new();
        let mut page_token: Option<String> = None;
        loop {
            let mut query = vec![
                ("q", q.as_str()),
                ("fields", fields.as_str()),
                ("pageSize", "1000"),
                ("supportsAllDrives", "true"),
                ("includeItemsFromAllDrives", "true"),
            ];
            if let Some(t) = &page_token {
                query.push(("pageToken", t));
            }
            let url = self.url("files", &query);
            let host = host_of(&url);
            let page: Page = self
                .with_token(async |token: Secret| {
                    let call = Self::keyed(
                        Call::get(Api::Drive, url.clone()).bearer(&token),
                        folder,
                        key,
                    );
                    self.net.send(&call).await?.json(&host)
                })
                .await?;
            all.extend(page.files);
            match page.next_page_token {
                Some(t) => page_token = Some(t),
                None => return Ok(all),
            }
        }
    }

    /// Where the changes feed of the user's Drive (or of the shared drive `drive`) is now:
    /// taken before a listing, every change after it is read by the next sync.
    pub async fn start_page_token(&self, drive: Option<&str>) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Start {
            start_page_token: String,
        }
        let mut query = feed_query(drive);
        query.push(("fields", "startPageToken"));
        let url = self.url("changes/startPageToken", &query);
        let host = host_of(&url);
        let start: Start = self
            .with_token(async |token: Secret| {
                let call = Call::get(Api::Drive, url.clone()).bearer(&token);
                self.net.send(&call).await?.json(&host)
            })
            .await?;
        Ok(start.start_page_token)
    }

    /// Every change since the feed position `token`, oldest first, every page, and the
    /// position to read on from. `Ok(None)`: Drive no longer takes the token, and only a whole
    /// listing can tell what changed.
    pub async fn changes(
        &self,
        token: &str,
        drive: Option<&str>,
    ) -> Result<Option<(Vec<Change>, String)>, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            #[serde(default)]
            changes: Vec<Change>,
            next_page_token: Option<String>,
            new_start_page_token: Option<String>,
        }
        let fields = format!(
            "nextPageToken,newStartPageToken,changes(changeType,removed,fileId,file({FIELDS}))"
        );
        let mut all = Vec::new();
        let mut at = token.to_string();
        loop {
            let mut query = feed_query(drive);
            query.extend([
                ("pageToken", at.as_str()),
                ("pageSize", "1000"),
                ("includeItemsFromAllDrives", "true"),
                ("includeRemoved", "true"),
                ("fields", fields.as_str()),
            ]);
            let url = self.url("changes", &query);
            let host = host_of(&url);
            let page: Result<Page, ApiError> = self
                .with_token(async |token: Secret| {
                    let call = Call::get(Api::Drive, url.clone()).bearer(&token);
                    self.net.send(&call).await?.json(&host)
                })
                .await;
            let page = match page {
                // "If the token is rejected for any reason, it should be discarded."
                Err(ApiError::Net(NetError::Refused {
                    status: 400 | 404 | 410,
                    ..
                })) => return Ok(None),
                other => other?,
            };
            all.extend(page.changes);
            match (page.next_page_token, page.new_start_page_token) {
                (Some(next), _) => at = next,
                (None, Some(new_start)) => return Ok(Some((all, new_start))),
                (None, None) => {
                    return Err(ApiError::Net(NetError::BadAnswer {
                        host: host_of(self.base),
                        why: "a changes page with neither nextPageToken nor newStartPageToken"
                            .into(),
                    }));
                }
            }
        }
    }

    /// Exports a Docs editors file; over the 10 MB export limit, through its `exportLinks`
    /// address instead (not capped, and only ever a Google host, which `Net` enforces).
    pub async fn export(
        &self,
        meta: &Meta,
        mime: &str,
        dir: &Path,
    ) -> Result<Downloaded, ApiError> {
        let url = self.url(
            &format!("files/{}/export", meta.id),
            // files.export declares only fileId and mimeType (google.md): nothing else.
            &[("mimeType", mime)],
        );
        let key = meta.resource_key.as_deref();
        let first = self
            .with_token(async |token: Secret| {
                let call = Self::keyed(
                    Call::get(Api::Drive, url.clone()).bearer(&token),
                    &meta.id,
                    key,
                );
                self.net.download(&call, dir, None).await
            })
            .await;
        match first {
            Err(ApiError::Net(NetError::Refused { reason, .. }))
                if reason == "exportSizeLimitExceeded" =>
            {
                let link = meta
                    .export_links
                    .get(mime)
                    .and_then(|l| Url::parse(l).ok())
                    .ok_or_else(|| NetError::Refused {
                        status: 403,
                        reason: reason.clone(),
                        message: "too large to export, and Drive gave no export link".into(),
                    })?;
                self.with_token(async |token: Secret| {
                    let call = Self::keyed(
                        Call::get(Api::Drive, link.clone()).bearer(&token),
                        &meta.id,
                        key,
                    );
                    self.net.download(&call, dir, None).await
                })
                .await
            }
            other => other,
        }
    }

    /// Downloads a file's bytes (`alt=media`), checked against Drive's md5.
    pub async fn download(&self, meta: &Meta, dir: &Path) -> Result<Downloaded, ApiError> {
        let url = self.url(
            &format!("files/{}", meta.id),
            &[("alt", "media"), ("supportsAllDrives", "true")],
        );
        let key = meta.resource_key.as_deref();
        let md5 = meta.md5_checksum.as_deref();
        self.with_token(async |token: Secret| {
            let call = Self::keyed(
                Call::get(Api::Drive, url.clone()).bearer(&token),
                &meta.id,
                key,
            );
            self.net.download(&call, dir, md5).await
        })
        .await
    }
}
