//! `youtube:`, `youtube:VIDEO_ID` and a video's youtube.com or youtu.be address: what the
//! account said in its own videos, one sample a video, from the video's caption track (the
//! creator's own in the video's language before the automatic one, never a machine
//! translation), made clean text by [`crate::captions`]. YouTube's limit is its daily quota,
//! and a run spends it as if it were money: a video's tracks are listed when the day can still
//! pay for its download (or, with only enough left to list, listed for the next day to download
//! without listing again), a video done before is not listed again unless it is recent
//! (its automatic track may still come, or be corrected), a track whose `lastUpdated` did not
//! move is not downloaded again, later runs list only the newest uploads, and once Google
//! says the quota is spent the run's remaining videos fail as temporary (exit 75), to be taken
//! up by the next day's `sync`.

use std::collections::HashSet;
use std::ffi::OsStr;

use futures::future::LocalBoxFuture;
use sha2::{Digest, Sha256};
use url::Url;

use super::{
    Claim, Entry, ExpandOptions, Expanded, Failure, Fetch, FetchOptions, Found, Item, Kind, Link,
    Read,
};
use crate::captions::{self, Format};
use crate::extract::{self, Text};
use crate::google::youtube::{
    CAPTIONS_DOWNLOAD, CAPTIONS_LIST, PER_VIDEO, QuotaSpent, Reserved, Track, Video, YouTube,
    YouTubeError,
};
use crate::google::{self};
use crate::net::NetError;
use crate::provider::{ApiError, Scope};
use crate::store::samples::{Provenance, SourceRecord};

/// The kind's name.
const NAME: &str = "youtube";
const PREFIX: &str = "youtube:";

/// What the newest upload of the last whole listing is remembered under: later runs list
/// uploads only back to it (and [`RECENT`] beyond).
const LISTED_TO: &str = "listed to";

/// How long after its publication a video is still looked at again: YouTube makes its
/// automatic track some time after upload, and creators correct theirs in the first days.
const RECENT: jiff::SignedDuration = jiff::SignedDuration::from_hours(14 * 24);

/// The MIME type of what is read (WebVTT, asked for by `tfmt`).
const MIME: &str = "text/vtt";

/// The shapes of address the kind understands, for the refusal message.
const SHAPES: &str = "youtube: (every upload of your channel), youtube:VIDEO_ID, \
https://www.youtube.com/watch?v=VIDEO_ID, https://youtu.be/VIDEO_ID, \
https://www.youtube.com/shorts/VIDEO_ID or https://www.youtube.com/embed/VIDEO_ID";

/// The kind.
pub struct YouTubeVideos;

/// What an address names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Every upload of the account's channel.
    Uploads,
    Video(String),
}

impl Kind for YouTubeVideos {
    fn name(&self) -> &'static str {
        NAME
    }

    fn scope(&self) -> Option<&'static Scope> {
        Some(&google::YOUTUBE)
    }

    fn jobs(&self) -> usize {
        4
    }

    fn claim(&self, address: &OsStr) -> Claim {
        match address.to_str().and_then(target_of) {
            None => Claim::Not,
            Some(Ok(_)) => Claim::Takes,
            Some(Err(why)) => Claim::Malformed(why),
        }
    }

    fn remembers_skips(&self) -> bool {
        true
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
            let failed = |file_id: Option<String>, failure: Failure| {
                found.push(Expanded::Failed {
                    source: display.clone(),
                    file_id,
                    failure,
                });
            };
            let Some(Ok(target)) = target_of(&display) else {
                return;
            };
            let link = match &link.google {
                Ok(link) => link,
                Err(failure) => return failed(None, failure.clone()),
            };
            let account = link.token.account().to_string();
            let youtube = YouTube::new(link.google, link.token);
            let listing = Listing {
                youtube: &youtube,
                display: &display,
                account: &account,
                opts,
                found,
            };
            let channel = match youtube.own_channel().await {
                Ok(Some(channel)) => channel,
                Ok(None) => {
                    return failed(
                        None,
                        Failure::from(format!(
                            "{account} has no YouTube channel: log in with the Google account whose videos they are"
                        )),
                    );
                }
                Err(e) => return failed(None, failure_of(&e)),
            };
            let done = match target {
                Target::Uploads => listing.uploads(&channel.uploads).await,
                Target::Video(id) => listing.one(&id, &channel.id).await,
            };
            if let Err(e) = done {
                failed(None, failure_of(&e));
            }
        })
    }
}

/// One expansion's way through the account's videos.
struct Listing<'a> {
    youtube: &'a YouTube<'a>,
    display: &'a str,
    account: &'a str,
    opts: &'a ExpandOptions,
    found: &'a Found,
}

impl Listing<'_> {
    fn remembered(&self, name: &str) -> Option<&String> {
        let key = (NAME.to_string(), self.account.to_string(), name.to_string());
        self.opts.remembered.get(&key).filter(|_| !self.opts.force)
    }

    fn item(&self, video: Video) -> Expanded {
        Expanded::Item(Item {
            kind: NAME,
            display: format!("{} video {}", self.display, video.id),
            key: video.id.clone(),
            account: self.account.to_string(),
            entry: Box::new(Captions {
                video,
                account: self.account.to_string(),
            }),
        })
    }

    /// Every upload of the playlist, newest first, a page at a time; on a later run only
    /// back to where the last whole listing began (and the recent ones before it).
    async fn uploads(&self, playlist: &str) -> Result<(), YouTubeError> {
        let listed_to = self.remembered(LISTED_TO).and_then(|t| time(t));
        let skipped: HashSet<&str> = self
            .remembered(super::SKIPPED)
            .map_or_else(HashSet::new, |s| s.lines().collect());
        let now = jiff::Timestamp::now();
        let mut newest: Option<jiff::Timestamp> = None;
        let mut page_token: Option<String> = None;
        loop {
            let (uploads, next) = self
                .youtube
                .uploads(playlist, page_token.as_deref())
                .await?;
            let published = |at: &Option<String>| at.as_deref().and_then(time);
            newest = newest.max(
                uploads
                    .iter()
                    .filter_map(|u| published(&u.published_at))
                    .max(),
            );
            // Skipped once (no captions), skipped for good, unless still recent.
            let wanted: Vec<&str> = uploads
                .iter()
                .filter(|u| {
                    !skipped.contains(u.video_id.as_str())
                        || published(&u.published_at).is_none_or(|at| is_recent(at, now))
                })
                .map(|u| u.video_id.as_str())
                .collect();
            if !wanted.is_empty() {
                let videos = self.youtube.videos(&wanted).await?;
                self.found.extend(videos.into_iter().map(|v| self.item(v)));
            }
            // Back where the last listing began: what is older was listed then.
            let reached = listed_to.is_some_and(|to| {
                uploads
                    .iter()
                    .filter_map(|u| published(&u.published_at))
                    .any(|at| at < to && !is_recent(at, now))
            });
            match next {
                Some(next) if !reached => page_token = Some(next),
                _ => {
                    if !reached {
                        self.found.push(Expanded::Complete);
                    }
                    break;
                }
            }
        }
        if let Some(newest) = newest.max(listed_to) {
            self.found.push(Expanded::Remember {
                kind: NAME,
                account: self.account.to_string(),
                name: LISTED_TO.into(),
                value: newest.to_string(),
            });
        }
        Ok(())
    }

    /// The one video `id`, if it is the channel's.
    async fn one(&self, id: &str, channel: &str) -> Result<(), YouTubeError> {
        let Some(video) = self.youtube.videos(&[id]).await?.into_iter().next() else {
            self.found.push(Expanded::Failed {
                source: self.display.to_string(),
                file_id: Some(id.to_string()),
                failure: Failure::from(format!(
                    "no video {id} that {} may see on YouTube",
                    self.account
                )),
            });
            return Ok(());
        };
        if video.channel_id != channel {
            self.found.push(Expanded::Skipped {
                source: self.display.to_string(),
                file_id: Some(id.to_string()),
                reason: format!(
                    "a video of another channel ({}): only its owner may download its captions",
                    video.channel_title
                ),
            });
            return Ok(());
        }
        self.found.push(self.item(video));
        Ok(())
    }
}

/// One video, and how to read its captions.
#[derive(Debug)]
struct Captions {
    video: Video,
    account: String,
}

impl Entry for Captions {
    fn fetch<'a>(
        &'a self,
        link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        _scratch: &'a std::path::Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        Box::pin(async move {
            let link = match &link.google {
                Ok(link) => link,
                Err(failure) => return Fetch::Failed(failure.clone()),
            };
            let video = &self.video;
            let recent = (video.published_at.as_deref().and_then(time))
                .is_none_or(|at| is_recent(at, jiff::Timestamp::now()));
            // Done before and settled: not worth 50 units to ask again.
            if let Some(prior) = prior
                && !opts.force
                && !recent
            {
                return Fetch::Unchanged {
                    revision: prior.revision.clone(),
                };
            }
            let youtube = YouTube::new(link.google, link.token);
            let meter = youtube.meter();
            let (chosen, raw) = loop {
                let (chosen, mut held) = match self.choose(&youtube, prior, opts.force).await {
                    Ok(chosen) => chosen,
                    Err(done) => return done,
                };
                match youtube
                    .download(&chosen.track, Format::Vtt, &mut held)
                    .await
                {
                    Ok(raw) => {
                        meter.settle(&video.id);
                        break (chosen, raw);
                    }
                    // Owed since an earlier day, and gone since (replaced): list it again.
                    Err(YouTubeError::Api(ApiError::Net(NetError::Refused {
                        status: 404,
                        ..
                    }))) if chosen.owed => {
                        meter.settle(&video.id);
                    }
                    Err(e) => return Fetch::Failed(failure_of(&e)),
                }
            };
            let text = match captions::transcript(&String::from_utf8_lossy(&raw)) {
                Ok(text) => extract::normalize(&text),
                Err(e) => return Fetch::Failed(format!("YouTube gave this track as {e}").into()),
            };
            if text.trim().is_empty() {
                return Fetch::Skipped {
                    reason: "its caption track holds no words".into(),
                    mime_type: Some(MIME.into()),
                };
            }
            let read = Read {
                provenance: Provenance {
                    title: video.title.clone(),
                    source_type: NAME.into(),
                    source_id: video.id.clone(),
                    source_url: watch_url(&video.id),
                    mime_type: MIME.into(),
                    account: Some(self.account.clone()),
                    created_time: video.published_at.clone(),
                    modified_time: Some(chosen.last_updated.clone()).filter(|t| !t.is_empty()),
                    version: Some(chosen.revision()),
                    owner: Some(self.account.clone()),
                    ocr: None,
                },
                content_sha256: Some(hex::encode(Sha256::digest(&raw))),
                bytes: raw.len() as u64,
                revision: chosen.revision(),
                context: None,
            };
            Fetch::Text {
                text: Text::Whole(text),
                read: Box::new(read),
            }
        })
    }
}

/// The track to download.
struct Chosen {
    track: String,
    last_updated: String,
    /// Listed on an earlier run, which could not pay for its download
    /// ([`Owed`](crate::google::youtube::Owed)).
    owed: bool,
}

impl Chosen {
    /// What the sample records it was read from: a new `lastUpdated` is a new revision.
    fn revision(&self) -> String {
        format!("{}@{}", self.track, self.last_updated)
    }
}

impl Captions {
    /// The track of the video to download, and the units held for its download; or, where
    /// nothing is to be downloaded, what the fetch ends in. A track owed from an earlier day
    /// is not listed again; a day whose quota is too short for a whole video lists it still,
    /// if it can pay for that, and owes its track to the next day.
    async fn choose<'y>(
        &self,
        youtube: &YouTube<'y>,
        prior: Option<&SourceRecord>,
        force: bool,
    ) -> Result<(Chosen, Reserved<'y>), Fetch> {
        let video = &self.video;
        let meter = youtube.meter();
        let unchanged = |revision: String| -> Result<(Chosen, Reserved<'y>), Fetch> {
            Err(Fetch::Unchanged { revision })
        };
        let is_prior = |revision: &str| prior.is_some_and(|p| !force && p.revision == revision);
        if let Some(owed) = meter.owed(&video.id).filter(|_| !force) {
            let chosen = Chosen {
                track: owed.track,
                last_updated: owed.last_updated,
                owed: true,
            };
            if is_prior(&chosen.revision()) {
                meter.settle(&video.id);
                return unchanged(chosen.revision());
            }
            return match youtube.reserve(CAPTIONS_DOWNLOAD).await {
                Ok(held) => Ok((chosen, held)),
                Err(spent) => Err(Fetch::Failed(quota_failure(&spent))),
            };
        }
        let (mut held, short) = match youtube.reserve(PER_VIDEO).await {
            Ok(held) => (held, None),
            Err(spent) => match youtube.reserve(CAPTIONS_LIST).await {
                Ok(held) => (held, Some(spent)),
                Err(spent) => return Err(Fetch::Failed(quota_failure(&spent))),
            },
        };
        let tracks = (youtube.tracks(&video.id, &mut held).await)
            .map_err(|e| Fetch::Failed(failure_of(&e)))?;
        let Some(track) = choose(&tracks, video.language.as_deref()) else {
            return Err(Fetch::Skipped {
                reason: no_track(&tracks, video.language.as_deref()),
                mime_type: Some(MIME.into()),
            });
        };
        let chosen = Chosen {
            track: track.id.clone(),
            last_updated: track.snippet.last_updated.clone(),
            owed: false,
        };
        if is_prior(&chosen.revision()) {
            return unchanged(chosen.revision());
        }
        if let Some(spent) = short {
            meter.owe(&video.id, track);
            return Err(Fetch::Failed(quota_failure(&spent)));
        }
        Ok((chosen, held))
    }
}

/// The track whose words are the video's: of those that can be read (not a draft, not
/// failed, not still syncing; a creator's `standard` or the automatic `ASR`, not `forced`
/// subtitles), the one in the video's language (its `defaultAudioLanguage`, else that of its
/// first creator track, else the automatic track's), the creator's before the automatic.
fn choose<'t>(tracks: &'t [Track], language: Option<&str>) -> Option<&'t Track> {
    let readable: Vec<&Track> = tracks
        .iter()
        .filter(|t| !t.snippet.is_draft && matches!(t.snippet.status.as_str(), "serving" | ""))
        .filter(|t| matches!(t.snippet.track_kind.as_str(), "standard" | "ASR"))
        .collect();
    let of_kind = |kind: &'static str| {
        (readable.iter().copied()).filter(move |t| t.snippet.track_kind == kind)
    };
    let language = language
        .map(str::to_string)
        .or_else(|| {
            of_kind("standard")
                .next()
                .map(|t| t.snippet.language.clone())
        })
        .or_else(|| of_kind("ASR").next().map(|t| t.snippet.language.clone()))?;
    let spoken = |t: &&Track| same_language(&t.snippet.language, &language);
    of_kind("standard")
        .find(spoken)
        .or_else(|| of_kind("ASR").find(spoken))
}

/// Why no track of `tracks` is read.
fn no_track(tracks: &[Track], language: Option<&str>) -> String {
    if tracks.is_empty() {
        return "no caption track yet (YouTube makes its automatic one some time after upload)"
            .into();
    }
    let all = |f: fn(&Track) -> bool| tracks.iter().all(f);
    if all(|t| t.snippet.is_draft) {
        "only a draft caption track: publish it to have it read".into()
    } else if all(|t| t.snippet.status == "failed") {
        "YouTube failed to make its caption track".into()
    } else if let Some(language) = language {
        format!("no caption track in the video's language ({language}), only translations")
    } else {
        "no caption track that can be read (drafts, failed, syncing or forced subtitles)".into()
    }
}

/// Whether two BCP-47 tags name one language (`en` and `en-GB` do).
fn same_language(a: &str, b: &str) -> bool {
    let primary = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    primary(a) == primary(b)
}

fn is_recent(published: jiff::Timestamp, now: jiff::Timestamp) -> bool {
    now.duration_since(published) < RECENT
}

fn time(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

fn watch_url(id: &str) -> String {
    format!("https://www.youtube.com/watch?v={id}")
}

fn quota_failure(spent: &QuotaSpent) -> Failure {
    Failure {
        reason: spent.to_string(),
        temporary: true,
        needs_login: false,
        quota: true,
    }
}

fn failure_of(e: &YouTubeError) -> Failure {
    match e {
        YouTubeError::Api(e) => Failure::from(e),
        YouTubeError::Quota(spent) => quota_failure(spent),
    }
}

/// What `text` names, if it is a YouTube address at all: `None` if it is not, an error
/// saying which shapes are understood if it is but not one of them.
fn target_of(text: &str) -> Option<Result<Target, String>> {
    let refused = || {
        Some(Err(format!(
            "`{text}` is not a YouTube source: give {SHAPES}"
        )))
    };
    if let Some(rest) = text.strip_prefix(PREFIX) {
        let rest = rest.trim();
        return if rest.is_empty() {
            Some(Ok(Target::Uploads))
        } else if is_video_id(rest) {
            Some(Ok(Target::Video(rest.to_string())))
        } else {
            refused()
        };
    }
    let url = Url::parse(text).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut path = url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty());
    let id = match host {
        "youtu.be" => path.next().map(str::to_string),
        "youtube.com" | "m.youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            match path.next() {
                Some("watch") => url
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .map(|(_, v)| v.into_owned()),
                Some("shorts" | "embed" | "live" | "v") => path.next().map(str::to_string),
                _ => None,
            }
        }
        _ => return None,
    };
    match id {
        Some(id) if is_video_id(&id) => Some(Ok(Target::Video(id))),
        _ => refused(),
    }
}

/// A video ID: 11 characters of YouTube's URL-safe base64.
fn is_video_id(text: &str) -> bool {
    text.len() == 11
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(id: &str) -> Option<Result<Target, String>> {
        Some(Ok(Target::Video(id.into())))
    }

    #[test]
    fn every_address_of_a_video_names_it() {
        let id = "dQw4w9WgXcQ";
        for address in [
            "youtube:dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "http://WWW.YOUTUBE.COM/live/dQw4w9WgXcQ",
        ] {
            assert_eq!(target_of(address), video(id), "{address}");
        }
        assert_eq!(target_of("youtube:"), Some(Ok(Target::Uploads)));
    }

    #[test]
    fn what_is_not_a_video_says_which_shapes_are() {
        for address in [
            "youtube:short",
            "https://www.youtube.com/@writer",
            "https://www.youtube.com/playlist?list=PL123",
            "https://youtu.be/",
            "https://www.youtube.com/watch?v=dQw4w9WgXc",
        ] {
            let Some(Err(why)) = target_of(address) else {
                panic!("{address} taken");
            };
            assert!(why.contains("youtube:VIDEO_ID"), "{why}");
        }
        // Not YouTube's at all: a bare ID is a file name, another host someone else's.
        for address in ["dQw4w9WgXcQ", "https://vimeo.com/123", "notes.txt"] {
            assert_eq!(target_of(address), None, "{address}");
        }
    }

    fn track(id: &str, kind: &str, language: &str) -> Track {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "snippet": {"trackKind": kind, "language": language, "lastUpdated": "2025-01-01T00:00:00Z",
                        "isDraft": false, "status": "serving"}
        }))
        .unwrap()
    }

    fn chosen(tracks: &[Track], language: Option<&str>) -> Option<String> {
        choose(tracks, language).map(|t| t.id.clone())
    }

    #[test]
    fn the_creators_track_in_the_videos_language_comes_first() {
        let tracks = [
            track("asr-fr", "ASR", "fr"),
            track("std-en", "standard", "en"),
            track("std-fr", "standard", "fr-FR"),
        ];
        assert_eq!(chosen(&tracks, Some("fr")), Some("std-fr".into()));
        assert_eq!(chosen(&tracks[..2], Some("fr")), Some("asr-fr".into()));
        // No language set: the first creator track's.
        assert_eq!(chosen(&tracks, None), Some("std-en".into()));
        assert_eq!(chosen(&tracks[..1], None), Some("asr-fr".into()));
        // A creator's translation is not what was said.
        assert_eq!(chosen(&tracks[1..2], Some("fr")), None);
    }

    #[test]
    fn drafts_failed_and_forced_tracks_are_not_read() {
        let mut draft = track("draft", "standard", "en");
        draft.snippet.is_draft = true;
        let mut failed = track("failed", "ASR", "en");
        failed.snippet.status = "failed".into();
        let forced = track("forced", "forced", "en");
        let tracks = [draft, failed, forced];
        assert_eq!(chosen(&tracks, Some("en")), None);
        assert!(no_track(&tracks[..1], None).contains("draft"));
        assert!(no_track(&tracks[1..2], None).contains("failed"));
        assert!(no_track(&[], None).contains("no caption track yet"));
    }
}
