//! The YouTube Data API v3, as much of it as reading the captions of one's own videos takes:
//! the account's channel and its uploads playlist (paged, 50 a page), videos' details (50 a
//! call), a video's caption tracks (`captions.list`, one call, no pages) and one track's text
//! (`captions.download` with an explicit `tfmt`, never `tlang`, never `alt`). Quota, not rate,
//! is YouTube's limit: 10,000 units a day per Google project, a `captions.list` 50 of them and
//! a download 200. Every call is metered by a [`Meter`] that refuses a call the day's budget
//! cannot pay for, and that closes for the run once Google answers `quotaExceeded`: a video is
//! listed when its download can follow, or at the end of a day too short for the download,
//! when the track chosen is kept in the meter's ledger as owed, to be downloaded the next day
//! without listing again; nothing is asked of Google in vain, and no unit of a day is left
//! that could have bought something.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Deserialize;
use url::Url;

use super::Google;
use crate::account::TokenSource;
use crate::captions::Format;
use crate::net::{Api, Call, Net, NetError, host_of};
use crate::provider::{ApiError, api_url, with_token};
use crate::secret::Secret;

/// Quota units per method (Google's published table).
pub const CHANNELS: u64 = 1;
pub const PLAYLIST_ITEMS: u64 = 1;
pub const VIDEOS: u64 = 1;
pub const CAPTIONS_LIST: u64 = 50;
pub const CAPTIONS_DOWNLOAD: u64 = 200;

/// What one video costs to read: its tracks listed, one downloaded.
pub const PER_VIDEO: u64 = CAPTIONS_LIST + CAPTIONS_DOWNLOAD;

/// A Google project's units a day unless it was granted more (`[youtube] daily_units`).
pub const DAILY_UNITS: u64 = 10_000;

/// What the quota's ledger line ([`Meter::ledger`]) is kept under.
pub const LEDGER: &str = "quota spent";

/// How long a track listed but not yet downloaded ([`Owed`]) is trusted to be the one to read.
const OWED_DAYS: i32 = 7;

/// The largest page or batch YouTube gives.
const PAGE: usize = 50;

/// Where the day's quota is counted: Pacific time, daylight saving as in the US.
const PACIFIC: &str = "PST8PDT,M3.2.0,M11.1.0";

/// Config `[youtube]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YouTubeConfig {
    /// The units a day voicetrain may spend: the project's quota (10,000 unless Google
    /// granted more), or less to leave some to other uses of the project.
    pub daily_units: Option<u64>,
}

/// The quota a run may spend, and whether Google said it is spent. What runs spent is kept in
/// a ledger (first line `DAY UNITS`, the day in Pacific time) that the caller stores between
/// runs, so that the day's second run (cron, hourly) starts from what the first one left; its
/// other lines are the tracks listed on a day that could not also pay for their download
/// ([`Owed`], `owed VIDEO TRACK LAST_UPDATED DAY`).
#[derive(Debug)]
pub struct Meter {
    /// The Pacific day it counts for, and the units spent on it before this run.
    day: String,
    before: u64,
    daily: u64,
    state: Mutex<MeterState>,
    /// Told when held units come back, or the meter closes.
    returned: tokio::sync::Notify,
}

#[derive(Debug)]
struct MeterState {
    left: u64,
    /// Held for calls not yet made (a video's download, once its tracks are listed).
    reserved: u64,
    spent: u64,
    /// Google answered `quotaExceeded`.
    closed: bool,
    /// By video ID.
    owed: BTreeMap<String, Owed>,
    /// Whether `owed` changed in this run.
    owed_changed: bool,
}

/// A video's track chosen on a day whose quota could not also pay for its download: a later
/// day downloads it without paying to list the video's tracks again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    pub track: String,
    /// The track's `lastUpdated` when it was listed.
    pub last_updated: String,
    /// The Pacific day it was listed on.
    day: String,
}

/// The day's quota cannot pay for a call: when it returns.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "YouTube's daily quota for this Google project is used up; it returns at midnight Pacific time ({returns} UTC)"
)]
pub struct QuotaSpent {
    pub returns: String,
}

impl Meter {
    /// A run's meter: `daily` units a day, less what the `ledger` line says was spent today.
    pub fn new(daily: u64, ledger: Option<&str>, now: jiff::Timestamp) -> Meter {
        let day = quota_day(now);
        let mut lines = ledger.unwrap_or("").lines();
        let before = (lines.next())
            .and_then(|l| l.split_once(' '))
            .filter(|(d, _)| *d == day)
            .and_then(|(_, units)| units.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let owed = lines
            .filter_map(|line| match line.split(' ').collect::<Vec<_>>()[..] {
                ["owed", video, track, updated, listed] if still_owed(listed, &day) => {
                    let owed = Owed {
                        track: track.into(),
                        last_updated: updated.trim_start_matches('-').into(),
                        day: listed.into(),
                    };
                    Some((video.to_string(), owed))
                }
                _ => None,
            })
            .collect();
        Meter {
            day,
            before,
            daily,
            state: Mutex::new(MeterState {
                left: daily.saturating_sub(before),
                reserved: 0,
                spent: 0,
                closed: false,
                owed,
                owed_changed: false,
            }),
            returned: tokio::sync::Notify::new(),
        }
    }

    /// The ledger to keep for the next run (all of the day's units once Google said so), if
    /// the run changed it.
    pub fn ledger(&self) -> Option<String> {
        let s = self.state();
        if s.spent == 0 && !s.closed && !s.owed_changed {
            return None;
        }
        let spent = self.before + s.spent;
        let spent = if s.closed {
            spent.max(self.daily)
        } else {
            spent
        };
        let mut ledger = format!("{} {spent}", self.day);
        for (video, owed) in &s.owed {
            // `-` for a track YouTube gave no `lastUpdated`: the line keeps its five words.
            let updated = Some(owed.last_updated.as_str()).filter(|u| !u.is_empty());
            ledger += &format!(
                "\nowed {video} {} {} {}",
                owed.track,
                updated.unwrap_or("-"),
                owed.day
            );
        }
        Some(ledger)
    }

    /// The track of `video` listed on an earlier run and not yet downloaded.
    pub fn owed(&self, video: &str) -> Option<Owed> {
        self.state().owed.get(video).cloned()
    }

    /// Keeps `track` as the one of `video` to download on a later run.
    pub fn owe(&self, video: &str, track: &Track) {
        let mut s = self.state();
        let owed = Owed {
            track: track.id.clone(),
            last_updated: track.snippet.last_updated.clone(),
            day: self.day.clone(),
        };
        s.owed.insert(video.to_string(), owed);
        s.owed_changed = true;
    }

    /// Forgets what `video` was owed: downloaded, or no longer to be.
    pub fn settle(&self, video: &str) {
        let mut s = self.state();
        if s.owed.remove(video).is_some() {
            s.owed_changed = true;
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, MeterState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Holds `units` for calls to come, once the day can pay for them: at once, or when
    /// units held for other videos come back unspent (a video without a track gives back
    /// its download's); never, if what is held and left cannot cover them.
    pub async fn reserve(&self, units: u64) -> Result<Reserved<'_>, QuotaSpent> {
        loop {
            // Made before looking, so that units given back meanwhile are not missed.
            let returned = self.returned.notified();
            {
                let mut s = self.state();
                if s.closed || s.left < units {
                    return Err(spent());
                }
                if s.left >= s.reserved + units {
                    s.reserved += units;
                    return Ok(Reserved {
                        meter: self,
                        held: units,
                    });
                }
            }
            returned.await;
        }
    }

    /// Takes `units` for a call about to be made from what `held` holds, or else from what
    /// is left unheld.
    fn take(&self, units: u64, held: Option<&mut u64>) -> Result<(), QuotaSpent> {
        let mut s = self.state();
        match held {
            Some(held) if *held >= units && !s.closed => {
                *held -= units;
                s.reserved -= units;
            }
            _ if s.closed || s.left < s.reserved + units => return Err(spent()),
            _ => {}
        }
        s.left -= units;
        s.spent += units;
        Ok(())
    }

    fn close(&self) {
        self.state().closed = true;
        self.returned.notify_waiters();
    }
}

/// Units held for one video's calls; what is not used returns to the meter when dropped.
#[derive(Debug)]
pub struct Reserved<'a> {
    meter: &'a Meter,
    held: u64,
}

impl Drop for Reserved<'_> {
    fn drop(&mut self) {
        self.meter.state().reserved -= self.held;
        self.meter.returned.notify_waiters();
    }
}

/// What stopped a call.
#[derive(Debug, thiserror::Error)]
pub enum YouTubeError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Quota(#[from] QuotaSpent),
}

fn pacific() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::posix(PACIFIC).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// The day the quota of `now` counts for: its date in Pacific time.
pub fn quota_day(now: jiff::Timestamp) -> String {
    now.to_zoned(pacific()).date().to_string()
}

/// When the quota returns after `now`: the next midnight in Pacific time, as UTC.
pub fn quota_returns(now: jiff::Timestamp) -> jiff::Timestamp {
    let pacific = pacific();
    let today = now.to_zoned(pacific.clone()).date();
    today
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(pacific).ok())
        .map_or(now, |z| z.timestamp())
}

/// Whether a track listed on the Pacific day `listed` is still to be downloaded on `today`.
fn still_owed(listed: &str, today: &str) -> bool {
    let (Ok(listed), Ok(today)) = (
        listed.parse::<jiff::civil::Date>(),
        today.parse::<jiff::civil::Date>(),
    ) else {
        return false;
    };
    today
        .since(listed)
        .is_ok_and(|age| age.get_days() <= OWED_DAYS)
}

fn spent() -> QuotaSpent {
    QuotaSpent {
        returns: quota_returns(jiff::Timestamp::now())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
    }
}

/// The account's channel.
#[derive(Debug, Clone)]
pub struct Channel {
    pub id: String,
    pub title: String,
    /// The playlist of its uploads.
    pub uploads: String,
}

/// A video in the uploads playlist.
#[derive(Debug, Clone, Deserialize)]
pub struct Upload {
    pub video_id: String,
    /// RFC 3339; absent for a video not yet published (scheduled, or private).
    pub published_at: Option<String>,
}

/// A video's details.
#[derive(Debug, Clone)]
pub struct Video {
    pub id: String,
    pub title: String,
    pub channel_id: String,
    pub channel_title: String,
    pub published_at: Option<String>,
    /// BCP-47, where the creator set it.
    pub language: Option<String>,
}

/// A caption track.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Track {
    pub id: String,
    pub snippet: TrackSnippet,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackSnippet {
    #[serde(default)]
    pub last_updated: String,
    /// `standard`, `ASR` (automatic) or `forced`.
    #[serde(default)]
    pub track_kind: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub is_draft: bool,
    /// `serving`, `syncing` or `failed`.
    #[serde(default)]
    pub status: String,
}

/// YouTube, for one account, spending from one meter.
pub struct YouTube<'a> {
    net: &'a Net,
    base: &'a Url,
    tokens: &'a dyn TokenSource,
    meter: &'a Meter,
}

impl<'a> YouTube<'a> {
    pub fn new(google: &'a Google, tokens: &'a dyn TokenSource) -> YouTube<'a> {
        YouTube {
            net: &google.net,
            base: &google.endpoints.youtube,
            tokens,
            meter: &google.youtube_quota,
        }
    }

    /// Holds `units` of the run's quota for a video's calls ([`Meter::reserve`]).
    pub async fn reserve(&self, units: u64) -> Result<Reserved<'a>, QuotaSpent> {
        self.meter.reserve(units).await
    }

    /// The meter, for what it owes ([`Meter::owed`]).
    pub fn meter(&self) -> &'a Meter {
        self.meter
    }

    /// GETs `PATH?QUERY`, paying `cost` (from `held` where given), and returns its body.
    async fn get(
        &self,
        path: &str,
        query: &[(&str, &str)],
        cost: u64,
        held: Option<&mut Reserved<'_>>,
    ) -> Result<bytes::Bytes, YouTubeError> {
        self.meter.take(cost, held.map(|r| &mut r.held))?;
        let url = api_url(self.base, path, query);
        let answer = with_token(self.tokens, async |token: Secret| {
            let call = Call::get(Api::YouTube, url.clone()).bearer(&token);
            self.net.send(&call).await
        })
        .await;
        match answer {
            Ok(answer) => Ok(answer.body),
            Err(ApiError::Net(NetError::Quota { .. })) => {
                self.meter.close();
                Err(spent().into())
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        cost: u64,
        held: Option<&mut Reserved<'_>>,
    ) -> Result<T, YouTubeError> {
        let body = self.get(path, query, cost, held).await?;
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::Net(NetError::BadAnswer {
                host: host_of(self.base),
                why: e.to_string(),
            })
            .into()
        })
    }

    /// The account's own channel; `None` if it has none.
    pub async fn own_channel(&self) -> Result<Option<Channel>, YouTubeError> {
        #[derive(Deserialize)]
        struct List {
            #[serde(default)]
            items: Vec<Item>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Item {
            id: String,
            snippet: Option<Snippet>,
            content_details: Details,
        }
        #[derive(Deserialize)]
        struct Snippet {
            #[serde(default)]
            title: String,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Details {
            related_playlists: Playlists,
        }
        #[derive(Deserialize)]
        struct Playlists {
            uploads: String,
        }
        let list: List = self
            .get_json(
                "channels",
                &[("part", "snippet,contentDetails"), ("mine", "true")],
                CHANNELS,
                None,
            )
            .await?;
        Ok(list.items.into_iter().next().map(|c| Channel {
            id: c.id,
            title: c.snippet.map(|s| s.title).unwrap_or_default(),
            uploads: c.content_details.related_playlists.uploads,
        }))
    }

    /// One page of the uploads playlist `playlist`, newest first, and the token of the next.
    pub async fn uploads(
        &self,
        playlist: &str,
        page_token: Option<&str>,
    ) -> Result<(Vec<Upload>, Option<String>), YouTubeError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            #[serde(default)]
            items: Vec<Item>,
            next_page_token: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Item {
            content_details: Details,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Details {
            video_id: String,
            video_published_at: Option<String>,
        }
        let page_size = PAGE.to_string();
        let mut query = vec![
            ("part", "contentDetails"),
            ("playlistId", playlist),
            ("maxResults", &page_size),
        ];
        if let Some(t) = page_token {
            query.push(("pageToken", t));
        }
        let page: Page = self
            .get_json("playlistItems", &query, PLAYLIST_ITEMS, None)
            .await?;
        let uploads = page
            .items
            .into_iter()
            .map(|i| Upload {
                video_id: i.content_details.video_id,
                published_at: i.content_details.video_published_at,
            })
            .collect();
        Ok((uploads, page.next_page_token))
    }

    /// The details of the videos `ids` (at most 50); a video YouTube does not show this
    /// account is absent.
    pub async fn videos(&self, ids: &[&str]) -> Result<Vec<Video>, YouTubeError> {
        #[derive(Deserialize)]
        struct List {
            #[serde(default)]
            items: Vec<Item>,
        }
        #[derive(Deserialize)]
        struct Item {
            id: String,
            snippet: Snippet,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Snippet {
            #[serde(default)]
            title: String,
            #[serde(default)]
            channel_id: String,
            #[serde(default)]
            channel_title: String,
            published_at: Option<String>,
            default_audio_language: Option<String>,
            default_language: Option<String>,
        }
        let mut videos = Vec::new();
        for batch in ids.chunks(PAGE) {
            let ids = batch.join(",");
            let list: List = self
                .get_json("videos", &[("part", "snippet"), ("id", &ids)], VIDEOS, None)
                .await?;
            videos.extend(list.items.into_iter().map(|v| {
                Video {
                    id: v.id,
                    title: v.snippet.title,
                    channel_id: v.snippet.channel_id,
                    channel_title: v.snippet.channel_title,
                    published_at: v.snippet.published_at,
                    language: v
                        .snippet
                        .default_audio_language
                        .or(v.snippet.default_language),
                }
            }));
        }
        Ok(videos)
    }

    /// The caption tracks of `video`, paid from `held`.
    pub async fn tracks(
        &self,
        video: &str,
        held: &mut Reserved<'_>,
    ) -> Result<Vec<Track>, YouTubeError> {
        #[derive(Deserialize)]
        struct List {
            #[serde(default)]
            items: Vec<Track>,
        }
        let list: List = self
            .get_json(
                "captions",
                &[("part", "snippet"), ("videoId", video)],
                CAPTIONS_LIST,
                Some(held),
            )
            .await?;
        Ok(list.items)
    }

    /// The track `id` as `format`, in its own language, paid from `held`.
    pub async fn download(
        &self,
        id: &str,
        format: Format,
        held: &mut Reserved<'_>,
    ) -> Result<bytes::Bytes, YouTubeError> {
        self.get(
            &format!("captions/{id}"),
            &[("tfmt", format.tfmt())],
            CAPTIONS_DOWNLOAD,
            Some(held),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_quota_returns_at_pacific_midnight_in_either_season() {
        // Winter: PST, UTC-8.
        assert_eq!(
            quota_returns(at("2026-12-04T03:00:00Z")),
            at("2026-12-04T08:00:00Z")
        );
        assert_eq!(
            quota_returns(at("2026-12-04T09:00:00Z")),
            at("2026-12-05T08:00:00Z")
        );
        // Summer: PDT, UTC-7.
        assert_eq!(
            quota_returns(at("2026-07-01T12:00:00Z")),
            at("2026-07-02T07:00:00Z")
        );
    }

    /// What `reserve` gives without waiting: `None` while it would wait.
    fn now(meter: &Meter, units: u64) -> Option<Result<Reserved<'_>, QuotaSpent>> {
        futures::FutureExt::now_or_never(meter.reserve(units))
    }

    #[test]
    fn a_reservation_pays_for_its_calls_and_returns_what_it_did_not_use() {
        let meter = Meter::new(300, None, jiff::Timestamp::now());
        let mut held = now(&meter, PER_VIDEO).unwrap().unwrap();
        // What is held is not there for another video: it waits, for it may come back.
        assert!(now(&meter, PER_VIDEO).is_none());
        // More than the day has left: refused at once.
        assert!(now(&meter, 301).unwrap().is_err());
        meter.take(CAPTIONS_LIST, Some(&mut held.held)).unwrap();
        drop(held);
        assert_eq!(meter.state().spent, 50);
        // 250 left, unheld.
        assert!(now(&meter, PER_VIDEO).unwrap().is_ok());
        meter.take(CHANNELS, None).unwrap();
        assert!(now(&meter, PER_VIDEO).unwrap().is_err());
    }

    #[tokio::test]
    async fn a_waiting_reservation_is_served_when_units_come_back_and_refused_when_spent() {
        let meter = Meter::new(300, None, jiff::Timestamp::now());
        let mut first = meter.reserve(PER_VIDEO).await.unwrap();
        let second = async {
            let r = meter.reserve(PER_VIDEO).await;
            r.map(|r| r.held)
        };
        let give_back = async {
            tokio::task::yield_now().await;
            // A video without a track: only its listing spent.
            meter.take(CAPTIONS_LIST, Some(&mut first.held)).unwrap();
            drop(first);
        };
        let (second, ()) = tokio::join!(second, give_back);
        assert_eq!(second.unwrap(), PER_VIDEO);
        // A reservation waiting when the meter closes is refused.
        let meter = Meter::new(300, None, jiff::Timestamp::now());
        let held = meter.reserve(PER_VIDEO).await.unwrap();
        let waiting = meter.reserve(PER_VIDEO);
        let close = async {
            tokio::task::yield_now().await;
            meter.close();
        };
        let (waited, ()) = tokio::join!(waiting, close);
        assert!(waited.is_err());
        drop(held);
    }

    #[test]
    fn the_ledger_carries_the_days_spending_to_the_next_run() {
        let morning = at("2026-12-04T17:00:00Z"); // 09:00 Pacific
        let meter = Meter::new(1_000, None, morning);
        meter.take(300, None).unwrap();
        let ledger = meter.ledger().unwrap();
        assert_eq!(ledger, "2026-12-04 300");
        // Later the same Pacific day: 700 left.
        let noon = Meter::new(1_000, Some(&ledger), at("2026-12-04T20:00:00Z"));
        assert!(now(&noon, 701).unwrap().is_err());
        assert!(now(&noon, 700).unwrap().is_ok());
        noon.close();
        assert_eq!(noon.ledger().unwrap(), "2026-12-04 1000");
        // After Pacific midnight (08:00 UTC in winter), a new day.
        let tomorrow = Meter::new(1_000, Some("2026-12-04 1000"), at("2026-12-05T08:30:00Z"));
        assert!(now(&tomorrow, 1_000).unwrap().is_ok());
        // A ledger line that does not parse counts nothing.
        assert!(
            now(&Meter::new(10, Some("garbage"), morning), 10)
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn a_track_owed_is_kept_for_a_week_of_later_runs_until_settled() {
        let evening = at("2026-12-05T04:00:00Z"); // 20:00 Pacific, the 4th
        let meter = Meter::new(1_000, None, evening);
        // A run that spent nothing and owes nothing has nothing to keep.
        assert_eq!(meter.ledger(), None);
        let track: Track = serde_json::from_value(serde_json::json!({
            "id": "AUieDaZ-track",
            "snippet": {"lastUpdated": "2026-11-30T10:00:00.123Z"}
        }))
        .unwrap();
        meter.take(CAPTIONS_LIST, None).unwrap();
        meter.owe("dQw4w9WgXcQ", &track);
        let ledger = meter.ledger().unwrap();
        assert_eq!(
            ledger,
            "2026-12-04 50\nowed dQw4w9WgXcQ AUieDaZ-track 2026-11-30T10:00:00.123Z 2026-12-04"
        );
        let owed = |meter: &Meter| meter.owed("dQw4w9WgXcQ").map(|o| o.track);
        let next_day = Meter::new(1_000, Some(&ledger), at("2026-12-05T17:00:00Z"));
        assert_eq!(owed(&next_day), Some("AUieDaZ-track".into()));
        // The next day's quota is whole: the owed line does not count as spending.
        assert!(now(&next_day, 1_000).unwrap().is_ok());
        next_day.settle("dQw4w9WgXcQ");
        assert_eq!(next_day.ledger().unwrap(), "2026-12-05 0");
        // Not trusted after a week: listed again.
        let later = Meter::new(1_000, Some(&ledger), at("2026-12-13T17:00:00Z"));
        assert_eq!(owed(&later), None);
        // A track without `lastUpdated` keeps its line's shape.
        let mut bare = track.clone();
        bare.snippet.last_updated.clear();
        next_day.owe("abcdefghijk", &bare);
        let again = Meter::new(
            1_000,
            next_day.ledger().as_deref(),
            at("2026-12-05T18:00:00Z"),
        );
        assert_eq!(again.owed("abcdefghijk").unwrap().last_updated, "");
    }

    #[test]
    fn a_closed_meter_pays_for_nothing() {
        let meter = Meter::new(DAILY_UNITS, None, jiff::Timestamp::now());
        let mut held = now(&meter, PER_VIDEO).unwrap().unwrap();
        meter.close();
        assert!(meter.take(CAPTIONS_DOWNLOAD, Some(&mut held.held)).is_err());
        assert!(now(&meter, 1).unwrap().is_err());
    }
}
