//! The YouTube Data API v3 side, strict where the design notes on YouTube (`hubspot-youtube.md`,
//! part B) say YouTube is: `channels.list` (`mine=true` gives the uploads playlist), `playlistItems.list`
//! (newest first, `maxResults` 0–50, default 5, page tokens), `videos.list` (at most 50 ids;
//! `contentDetails.caption` a *string*; unknown or others' private ids simply absent),
//! `captions.list` (`part` and `videoId` required, no paging, other channels' public videos
//! listable) and `captions.download` (raw bytes as `application/octet-stream`, the original
//! format without `tfmt`, `couldNotConvert` for scc/ttml/unknown formats and failed tracks,
//! `forbidden` unless the token's user owns the video, `tlang` a recognisable machine
//! translation, and a 400 for any `alt`, which Google's own client never sends there).
//!
//! Scopes: captions want `youtube.force-ssl` or `youtubepartner` (403 `insufficientPermissions`
//! otherwise); the other methods also take `youtube.readonly` and `youtube`. A 401 or such a
//! 403 is refused before the API and costs nothing; every request past them costs its units
//! from one daily bucket for the project (`Config::youtube_daily_units`), invalid ones too
//! (undeclared parameters, bad `part`, too many ids, unknown tracks). A request costing more
//! than is left gets 403 `quotaExceeded` (domain `youtube.quota`) and spends nothing; the day
//! turns (Pacific midnight) only when a test says so.
//!
//! It also holds the world it serves (channels, uploads, caption tracks; `Fixture::channel`),
//! the ground-truth text of each video ([`spoken_text`]) and the renderings of caption tracks:
//! clean cues for creator tracks and the roll-up shape of auto captions ([`render_captions`]).
//! It must not know what voicetrain does with any of it, beyond the one rule
//! [`Fixture::spoken`] documents: which track a correct chooser downloads.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::Digest as _;

use super::Inner;
use super::drive::{at_parameter, invalid};
use super::fixture::{Fixture, USER};
use super::http::{self, Req, Resp, google_error};

/// The fixture user's channel ([`Fixture::channel`]).
pub const CHANNEL_ID: &str = "UCwriterFakeChannel00001";
/// Its uploads playlist (`UU` for the channel's `UC`).
pub const UPLOADS_ID: &str = "UUwriterFakeChannel00001";
/// Another creator's channel, whose public video [`OTHER_VIDEO`] anyone may see.
pub const OTHER_CHANNEL_ID: &str = "UCotherFakeChannel000002";
pub const OTHER_UPLOADS_ID: &str = "UUotherFakeChannel000002";
/// A public video of [`OTHER_CHANNEL_ID`] with a standard `en` track.
pub const OTHER_VIDEO: &str = "oth00000000";
/// Who owns [`OTHER_CHANNEL_ID`] (not among the fixture's users; `issue_tokens` takes anyone).
pub const OTHER_OWNER: &str = "other@example.org";

pub const SCOPE_READONLY: &str = "https://www.googleapis.com/auth/youtube.readonly";
pub const SCOPE_YOUTUBE: &str = "https://www.googleapis.com/auth/youtube";
pub const SCOPE_FORCE_SSL: &str = "https://www.googleapis.com/auth/youtube.force-ssl";
pub const SCOPE_PARTNER: &str = "https://www.googleapis.com/auth/youtubepartner";

/// A caption file format `captions.download` can give (the fake refuses scc and ttml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaptionFormat {
    Srt,
    Sbv,
    Vtt,
}

impl CaptionFormat {
    /// A `tfmt` value; scc, ttml and anything else are `None`.
    pub fn parse(tfmt: &str) -> Option<CaptionFormat> {
        match tfmt {
            "srt" => Some(CaptionFormat::Srt),
            "sbv" => Some(CaptionFormat::Sbv),
            "vtt" => Some(CaptionFormat::Vtt),
            _ => None,
        }
    }
}

/// A channel and its uploads, oldest first (the uploads playlist serves them newest first).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// `UC` and 22 characters; the uploads playlist is `UU` and the same 22.
    pub id: String,
    /// The Google account that owns it.
    pub owner: String,
    pub title: String,
    #[serde(default)]
    pub uploads: Vec<VideoSpec>,
}

/// One uploaded video.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoSpec {
    /// 11 characters.
    pub id: String,
    pub title: String,
    /// RFC 3339.
    pub published_at: String,
    #[serde(default)]
    pub default_audio_language: Option<String>,
    /// `public`, `unlisted` or `private`.
    #[serde(default = "public")]
    pub privacy_status: String,
    /// 0: from the words of its first track.
    #[serde(default)]
    pub duration_secs: u64,
    #[serde(default)]
    pub tracks: Vec<TrackSpec>,
}

fn public() -> String {
    "public".into()
}

/// One caption track of a video.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackSpec {
    /// `standard`, `ASR` or `forced`.
    #[serde(default = "standard")]
    pub kind: String,
    pub language: String,
    /// Empty for ASR tracks, as at YouTube.
    #[serde(default)]
    pub name: String,
    /// What a download without `tfmt` gives; None: VTT for ASR tracks, SRT for others.
    #[serde(default)]
    pub format: Option<CaptionFormat>,
    /// What the track says, as plain sentences; rendered into cues on download.
    pub text: String,
    #[serde(default)]
    pub is_draft: bool,
    /// `serving`, `syncing` or `failed`.
    #[serde(default = "serving")]
    pub status: String,
}

fn standard() -> String {
    "standard".into()
}

fn serving() -> String {
    "serving".into()
}

impl TrackSpec {
    /// A creator's track, originally SRT, serving.
    pub fn standard(language: &str, text: &str) -> TrackSpec {
        TrackSpec {
            kind: standard(),
            language: language.into(),
            name: language_name(language).into(),
            format: Some(CaptionFormat::Srt),
            text: text.into(),
            is_draft: false,
            status: serving(),
        }
    }

    /// An automatic (ASR) track, originally roll-up VTT, serving, with no name.
    pub fn asr(language: &str, text: &str) -> TrackSpec {
        TrackSpec {
            kind: "ASR".into(),
            name: String::new(),
            format: Some(CaptionFormat::Vtt),
            ..TrackSpec::standard(language, text)
        }
    }

    pub fn draft(mut self) -> TrackSpec {
        self.is_draft = true;
        self
    }

    /// Processing failed: listed with `status: failed`, not downloadable.
    pub fn failed(mut self) -> TrackSpec {
        self.status = "failed".into();
        self
    }

    pub fn in_format(mut self, format: CaptionFormat) -> TrackSpec {
        self.format = Some(format);
        self
    }

    fn original_format(&self) -> CaptionFormat {
        self.format.unwrap_or(if self.is_asr() {
            CaptionFormat::Vtt
        } else {
            CaptionFormat::Srt
        })
    }

    fn is_asr(&self) -> bool {
        self.kind == "ASR"
    }

    /// Whether a chooser may take it: published (not a draft), serving, and not `forced`
    /// (forced tracks carry only the foreign-language lines).
    fn usable(&self) -> bool {
        !self.is_draft && self.status == "serving" && self.kind != "forced"
    }
}

fn language_name(language: &str) -> &'static str {
    match language {
        "en" => "English",
        "fr" => "Français",
        "es" => "Español",
        _ => "Captions",
    }
}

impl VideoSpec {
    /// A public upload published now: default audio language `en`, an `en` creator track
    /// (SRT) saying `spoken` and an `en` ASR track (roll-up VTT) hearing it (see
    /// [`asr_hears`]). [`Fixture::spoken`] of it is `spoken`.
    pub fn upload(id: &str, title: &str, spoken: &str) -> VideoSpec {
        VideoSpec {
            id: id.into(),
            title: title.into(),
            published_at: youtube_time(jiff::Timestamp::now()),
            default_audio_language: Some("en".into()),
            privacy_status: public(),
            duration_secs: 0,
            tracks: vec![
                TrackSpec::standard("en", spoken),
                TrackSpec::asr("en", &asr_hears(spoken, "en")),
            ],
        }
    }

    pub fn published(mut self, rfc3339: &str) -> VideoSpec {
        self.published_at = rfc3339.into();
        self
    }

    pub fn private(mut self) -> VideoSpec {
        self.privacy_status = "private".into();
        self
    }

    pub fn language(mut self, language: Option<&str>) -> VideoSpec {
        self.default_audio_language = language.map(Into::into);
        self
    }

    pub fn tracks(mut self, tracks: Vec<TrackSpec>) -> VideoSpec {
        self.tracks = tracks;
        self
    }

    /// Video `i` of [`Fixture::channel`] (see there for what each is like).
    pub fn numbered(i: usize) -> VideoSpec {
        let published = jiff::Timestamp::from_second(1_735_722_000).expect("2025-01-01T09:00Z")
            + jiff::SignedDuration::from_hours(24 * i as i64);
        let en = spoken_text(i);
        let asr_en = asr_hears(&en, "en");
        let video = VideoSpec::upload(&video_id(i), &format!("On writing, part {}", i + 1), &en)
            .published(&youtube_time(published));
        match i {
            1 => video
                .language(None)
                .tracks(vec![TrackSpec::asr("en", &asr_en)]),
            2 => {
                let fr = french_text(i);
                video.language(Some("fr")).tracks(vec![
                    TrackSpec::standard("en", &en),
                    TrackSpec::standard("fr", &fr),
                    TrackSpec::asr("fr", &asr_hears(&fr, "fr")),
                ])
            }
            3 => video.tracks(vec![
                TrackSpec::standard("en", &format!("Draft, not checked yet. {en}")).draft(),
                TrackSpec::asr("en", &asr_en),
            ]),
            4 => video.tracks(vec![TrackSpec::asr("en", &asr_en).failed()]),
            5 => video.tracks(vec![
                TrackSpec::standard("en", &en),
                TrackSpec::standard("es", &spanish_text(i)).in_format(CaptionFormat::Sbv),
                TrackSpec::asr("en", &asr_en),
            ]),
            6 => video.tracks(Vec::new()),
            7 => video.private(),
            i if i >= 8 && i % 3 == 2 => video.tracks(vec![TrackSpec::asr("en", &asr_en)]),
            _ => video,
        }
    }

    fn duration(&self) -> u64 {
        if self.duration_secs > 0 {
            return self.duration_secs;
        }
        let words = self
            .tracks
            .first()
            .map_or(60, |t| t.text.split_whitespace().count() as u64);
        words * 2 / 5 + 3
    }
}

/// The id of video `i` of [`Fixture::channel`]: `vid00000000`, `vid00000001`, …
pub fn video_id(i: usize) -> String {
    format!("vid{i:08}")
}

/// A caption track's id: opaque, as YouTube's are, but the same for the same video, kind and
/// language on every run.
pub fn track_id(video: &str, kind: &str, language: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{video}/{kind}/{language}").as_bytes());
    format!(
        "AUieDa{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..27])
    )
}

/// A time as YouTube writes `publishedAt`: RFC 3339, UTC, whole seconds.
fn youtube_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A time as YouTube writes a caption's `lastUpdated`: RFC 3339, UTC, microseconds.
fn caption_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn the_channel(n: usize) -> ChannelSpec {
    ChannelSpec {
        id: CHANNEL_ID.into(),
        owner: USER.into(),
        title: "Writer at Work".into(),
        uploads: (0..n).map(VideoSpec::numbered).collect(),
    }
}

fn other_channel() -> ChannelSpec {
    let text = "Welcome back to the workshop. Today we glue the frame and let it dry overnight. \
                Clamp it 4 times tighter than you think you need to.";
    ChannelSpec {
        id: OTHER_CHANNEL_ID.into(),
        owner: OTHER_OWNER.into(),
        title: "Someone Else".into(),
        uploads: vec![
            VideoSpec::upload(OTHER_VIDEO, "Gluing a frame", text)
                .published("2024-06-01T12:00:00Z")
                .tracks(vec![TrackSpec::standard("en", text)]),
        ],
    }
}

impl Fixture {
    /// The default fixture with [`USER`] owning channel [`CHANNEL_ID`] of `n` uploads, video
    /// `i` being [`video_id`]`(i)`, published 2025-01-01T09:00:00Z plus `i` days and saying
    /// [`spoken_text`]`(i)`; and another channel with [`OTHER_VIDEO`]. Each video has an `en`
    /// creator track (SRT) and an `en` ASR track (roll-up VTT), default audio language `en`,
    /// except: 1: ASR only, no default audio language; 2: default audio language `fr`, a `fr`
    /// creator track and a `fr` ASR track, besides an `en` creator track (a translation);
    /// 3: the creator track is a draft; 4: ASR only, and it failed; 5: a `es` creator track
    /// (SBV) too; 6: no captions (`caption: "false"`); 7: private; from 8 on, `i % 3 == 2`:
    /// ASR only. `contentDetails.caption` is `"true"` only for a published creator track.
    pub fn channel(n: usize) -> Fixture {
        Fixture::default().with_channel(n)
    }

    /// This fixture with [`Fixture::channel`]'s two channels (replacing them if there).
    pub fn with_channel(mut self, n: usize) -> Fixture {
        self.channels
            .retain(|c| c.id != CHANNEL_ID && c.id != OTHER_CHANNEL_ID);
        self.channels.push(the_channel(n));
        self.channels.push(other_channel());
        self
    }

    /// What the track a correct chooser downloads for `video_id` says; empty when there is
    /// none to download. The chooser: the video's language is its `defaultAudioLanguage`,
    /// else its ASR track's language; among tracks that are not drafts, not `forced` and
    /// `serving`, a creator (`standard`) track in that language, else the ASR track in it.
    /// Never a translation, never another language's track. Compare words, ignoring case and
    /// punctuation: ASR renderings lose both, and add `[Music]` and `>>`, which are not words.
    pub fn spoken(&self, video_id: &str) -> String {
        self.channels
            .iter()
            .flat_map(|c| &c.uploads)
            .find(|v| v.id == video_id)
            .and_then(|v| choose(v.default_audio_language.as_deref(), &v.tracks, |t| t))
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }
}

/// The track [`Fixture::spoken`] describes.
fn choose<'a, T>(
    language: Option<&str>,
    tracks: &'a [T],
    spec: impl Fn(&T) -> &TrackSpec,
) -> Option<&'a T> {
    let primary = |l: &str| l.split('-').next().unwrap_or("").to_ascii_lowercase();
    let language = language.map(primary).or_else(|| {
        tracks
            .iter()
            .map(&spec)
            .find(|t| t.is_asr())
            .map(|t| primary(&t.language))
    })?;
    let pick = |asr: bool| {
        tracks.iter().find(|t| {
            let t = spec(t);
            t.usable() && t.is_asr() == asr && primary(&t.language) == language
        })
    };
    pick(false).or_else(|| pick(true))
}

// ---------------------------------------------------------------------------------------------
// Ground truth and renderings.

/// What video `i` of [`Fixture::channel`] says: distinct real-looking English sentences,
/// 40–120 words, with numbers (`3 times`) and one sentence with "yeah yeah" (so that a
/// de-duplication that drops a word repeated across a cue boundary is caught).
pub fn spoken_text(i: usize) -> String {
    const POOL: &[&str] = &[
        "Most of my drafts start as a messy list of scenes on a notebook page.",
        "The hardest part is always the middle, where the plot wants to wander off.",
        "I read every chapter out loud, because my ear catches what my eyes miss.",
        "Coffee helps, but a walk by the river helps a lot more.",
        "My editor once told me to cut the first page of everything I write.",
        "Characters feel real when they want something and cannot have it yet.",
        "I keep a file of sentences I love but could not fit anywhere.",
        "Deadlines make me slower for a week and then much faster.",
        "Dialogue should sound like people talking, only shorter and sharper.",
        "Research is fun, but it can swallow a whole month if I let it.",
        "When I get stuck, I write the scene from the point of view of the villain.",
        "Revision is where the book actually gets written.",
        "Last winter I finished a novella in a cabin with no internet at all.",
        "Feedback from readers changed the ending of my second book completely.",
    ];
    let numbers = [
        format!(
            "I rewrote the opening {} times before it felt right.",
            2 + i % 7
        ),
        format!("This draft took {} weeks, which is fast for me.", 3 + i % 5),
        format!(
            "On a good morning I write about {} words.",
            500 + 250 * (i % 5)
        ),
    ];
    let mut sentences = vec![format!(
        "Welcome to part {} of my series about the writing life.",
        i + 1
    )];
    // 5 is coprime with the pool's 14, so the four picks differ.
    let picks = (0..4).map(|k| POOL[(i * 3 + k * 5) % POOL.len()].to_string());
    let mut middle: Vec<String> = picks.collect();
    let number = numbers[i % numbers.len()].clone();
    middle = [&middle[..1], std::slice::from_ref(&number), &middle[1..]].concat();
    for (k, sentence) in middle.into_iter().enumerate() {
        if k == i % 4 {
            sentences.push("And yeah yeah, I know that sounds obvious, but it works.".into());
        }
        sentences.push(sentence);
    }
    sentences.push("Thanks for watching, and tell me what you are working on.".into());
    sentences.join(" ")
}

/// The French that video 2's `fr` tracks carry (its `en` creator track is [`spoken_text`]).
fn french_text(i: usize) -> String {
    format!(
        "Bienvenue dans la partie {} de ma série sur la vie d'écrivain. Je relis chaque \
         chapitre à voix haute, parce que l'oreille entend ce que les yeux ne voient pas. \
         Et oui oui, je sais que cela semble évident. J'ai réécrit le début 4 fois avant \
         qu'il sonne juste. Merci de votre attention, et dites-moi sur quoi vous travaillez.",
        i + 1
    )
}

/// The Spanish of video 5's `es` track.
fn spanish_text(i: usize) -> String {
    format!(
        "Bienvenidos a la parte {} de mi serie sobre la vida del escritor. La revisión es \
         donde de verdad se escribe el libro. Gracias por ver el video.",
        i + 1
    )
}

/// What the automatic captions hear in `text`: the same words with a filler (`um`, `euh`,
/// `eh`) after the first word of the second sentence, which a creator edits out. So an ASR
/// track's text differs from the creator track's, and a test can tell which was chosen.
pub fn asr_hears(text: &str, language: &str) -> String {
    let filler = match language {
        "fr" => "euh",
        "es" => "eh",
        _ => "um",
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(end) = words.iter().position(|w| ends_sentence(w)) else {
        return text.to_string();
    };
    let at = (end + 2).min(words.len());
    let mut out: Vec<&str> = words[..at].to_vec();
    out.push(filler);
    out.extend(&words[at..]);
    out.join(" ")
}

/// What `tlang` gives: each sentence of `text` on a line of its own, prefixed `[lang] `, so a
/// translated download is recognisable anywhere in its cues.
pub fn machine_translate(text: &str, language: &str) -> String {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    for word in text.split_whitespace() {
        line.push(word);
        if ends_sentence(word) {
            lines.push(format!("[{language}] {}", line.join(" ")));
            line.clear();
        }
    }
    if !line.is_empty() {
        lines.push(format!("[{language}] {}", line.join(" ")));
    }
    lines.join("\n")
}

fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?'])
}

struct Cue {
    start_ms: u64,
    end_ms: u64,
    /// Cue settings after the timing (VTT only).
    settings: &'static str,
    lines: Vec<String>,
}

/// One spoken word and when it starts: 400 ms a word from 1 s, 800 ms more after a sentence.
fn timeline(text: &str) -> Vec<(String, u64, bool)> {
    let mut at = 1000;
    let mut sentence_start = true;
    text.split_whitespace()
        .map(|w| {
            let word = (w.to_string(), at, sentence_start);
            sentence_start = ends_sentence(w);
            at += if sentence_start { 1200 } else { 400 };
            word
        })
        .collect()
}

/// A caption file of `text` in `format`. Creator tracks (`roll_up` false): cues of up to 7
/// words, never across a sentence, case and punctuation kept (SRT numbered, SBV
/// `0:00:01.000,0:00:03.500`, VTT under `WEBVTT`). Auto captions (`roll_up` true) as YouTube
/// serves them to players: lowercase without punctuation, `[Music]` first and `>>` at the 3rd
/// and 6th sentences, each cue the previous cue's line then the new words (in VTT with word
/// timings `word<00:00:01.399><c> next</c>`), each followed by a 10 ms hold cue repeating the
/// line just finished; VTT under `WEBVTT`, `Kind: captions`, `Language: {language}`. SRT and
/// SBV keep the duplication (that is what converting roll-up captions does), without timings.
pub fn render_captions(text: &str, format: CaptionFormat, roll_up: bool, language: &str) -> String {
    let cues = if roll_up {
        roll_up_cues(text, format == CaptionFormat::Vtt)
    } else {
        clean_cues(text)
    };
    let mut out = String::new();
    if format == CaptionFormat::Vtt {
        out.push_str("WEBVTT\n");
        if roll_up {
            out.push_str(&format!("Kind: captions\nLanguage: {language}\n"));
        }
        out.push('\n');
    }
    for (n, cue) in cues.iter().enumerate() {
        let (s, e) = (cue.start_ms, cue.end_ms);
        match format {
            CaptionFormat::Srt => out.push_str(&format!(
                "{}\n{} --> {}\n",
                n + 1,
                clock(s, ','),
                clock(e, ',')
            )),
            CaptionFormat::Sbv => out.push_str(&format!("{},{}\n", sbv_clock(s), sbv_clock(e))),
            CaptionFormat::Vtt => out.push_str(&format!(
                "{} --> {}{}\n",
                clock(s, '.'),
                clock(e, '.'),
                cue.settings
            )),
        }
        for line in &cue.lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// `HH:MM:SS.mmm` (`,` before the milliseconds in SRT).
fn clock(ms: u64, sep: char) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h:02}:{m:02}:{s:02}{sep}{:03}", ms % 1000)
}

/// SBV's `H:MM:SS.mmm`.
fn sbv_clock(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h}:{m:02}:{s:02}.{:03}", ms % 1000)
}

fn clean_cues(text: &str) -> Vec<Cue> {
    let words = timeline(text);
    let mut cues = Vec::new();
    let mut group: Vec<&(String, u64, bool)> = Vec::new();
    for (k, word) in words.iter().enumerate() {
        group.push(word);
        let last = k + 1 == words.len();
        if last || group.len() == 7 || ends_sentence(&word.0) {
            cues.push(Cue {
                start_ms: group[0].1,
                end_ms: word.1 + 350,
                settings: "",
                lines: vec![
                    group
                        .iter()
                        .map(|w| w.0.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ],
            });
            group.clear();
        }
    }
    cues
}

/// A word as auto captions write it: lowercase, no punctuation but apostrophes and hyphens.
fn asr_word(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn roll_up_cues(text: &str, word_timings: bool) -> Vec<Cue> {
    // Lines of (token, start): `[Music]` alone first, then the words in lines of 5, 7, 6, 4,
    // 8, … words, a new line (starting `>>`) at the 3rd and 6th sentences.
    let mut lines: Vec<Vec<(String, u64)>> = vec![vec![("[Music]".into(), 0)]];
    let mut sentence = 0;
    let sizes = [5, 7, 6, 4, 8];
    let mut line: Vec<(String, u64)> = Vec::new();
    for (word, at, starts) in timeline(text) {
        let word = asr_word(&word);
        if starts {
            sentence += 1;
        }
        let speaker = starts && (sentence == 3 || sentence == 6);
        if word.is_empty() {
            continue;
        }
        if speaker && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line.push((if speaker { format!(">> {word}") } else { word }, at));
        if line.len() == sizes[lines.len() % sizes.len()] {
            lines.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let plain = |l: &[(String, u64)]| l.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
    let mut cues = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let start = line[0].1;
        let next = lines
            .get(n + 1)
            .map_or_else(|| line[line.len() - 1].1 + 600, |l| l[0].1);
        let timed = if word_timings {
            let mut timed = line[0].0.clone();
            for (word, at) in &line[1..] {
                timed.push_str(&format!("<{}><c> {word}</c>", clock(*at, '.')));
            }
            timed
        } else {
            plain(line)
        };
        let previous = n.checked_sub(1).map(|p| plain(&lines[p]));
        let blank = if word_timings {
            Some(" ".to_string())
        } else {
            None
        };
        cues.push(Cue {
            start_ms: start,
            end_ms: next - 10,
            settings: " align:start position:0%",
            lines: previous
                .or(blank.clone())
                .into_iter()
                .chain([timed])
                .collect(),
        });
        cues.push(Cue {
            start_ms: next - 10,
            end_ms: next,
            settings: " align:start position:0%",
            lines: std::iter::once(plain(line)).chain(blank).collect(),
        });
    }
    cues
}

// ---------------------------------------------------------------------------------------------
// The live world.

/// The channels as they are now, and the day's quota.
pub struct YouTube {
    channels: Vec<Channel>,
    /// Units spent today.
    spent: u64,
}

struct Channel {
    id: String,
    owner: String,
    title: String,
    /// Oldest first.
    videos: Vec<Video>,
}

struct Video {
    spec: VideoSpec,
    tracks: Vec<Track>,
}

struct Track {
    id: String,
    spec: TrackSpec,
    last_updated: jiff::Timestamp,
}

impl Channel {
    fn new(spec: &ChannelSpec) -> Channel {
        Channel {
            id: spec.id.clone(),
            owner: spec.owner.clone(),
            title: spec.title.clone(),
            videos: spec.uploads.iter().map(Video::new).collect(),
        }
    }

    fn uploads(&self) -> String {
        format!("UU{}", self.id.get(2..).unwrap_or(""))
    }

    fn likes(&self) -> String {
        format!("LL{}", self.id.get(2..).unwrap_or(""))
    }
}

impl Video {
    fn new(spec: &VideoSpec) -> Video {
        let published = spec
            .published_at
            .parse::<jiff::Timestamp>()
            .unwrap_or_else(|_| jiff::Timestamp::now());
        let tracks = spec
            .tracks
            .iter()
            .map(|t| Track {
                id: track_id(&spec.id, &t.kind, &t.language),
                spec: t.clone(),
                // Creator tracks an hour after publishing, ASR two (processing takes longer).
                last_updated: published
                    + jiff::SignedDuration::from_hours(if t.is_asr() { 2 } else { 1 }),
            })
            .collect();
        Video {
            spec: spec.clone(),
            tracks,
        }
    }

    fn has_captions(&self) -> bool {
        self.tracks
            .iter()
            .any(|t| t.spec.kind == "standard" && !t.spec.is_draft)
    }

    fn chosen(&self) -> Option<&Track> {
        choose(
            self.spec.default_audio_language.as_deref(),
            &self.tracks,
            |t| &t.spec,
        )
    }
}

impl YouTube {
    pub fn load(fixture: &Fixture) -> YouTube {
        YouTube {
            channels: fixture.channels.iter().map(Channel::new).collect(),
            spent: 0,
        }
    }

    pub fn units(&self) -> u64 {
        self.spent
    }

    /// Midnight in California: a new day's quota.
    pub fn next_day(&mut self) {
        self.spent = 0;
    }

    /// A new upload of `channel`, its newest.
    pub fn add_upload(&mut self, channel: &str, video: &VideoSpec) -> Result<(), String> {
        if self.find_video(&video.id).is_some() {
            return Err(format!("video {} exists", video.id));
        }
        let channel = self
            .channels
            .iter_mut()
            .find(|c| c.id == channel)
            .ok_or_else(|| format!("no channel {channel}"))?;
        channel.videos.push(Video::new(video));
        Ok(())
    }

    /// New text for a track, `lastUpdated` now (always later than before).
    pub fn update_track(&mut self, id: &str, text: &str) -> Result<(), String> {
        let track = self
            .channels
            .iter_mut()
            .flat_map(|c| &mut c.videos)
            .flat_map(|v| &mut v.tracks)
            .find(|t| t.id == id)
            .ok_or_else(|| format!("no caption track {id}"))?;
        track.spec.text = text.into();
        let now = jiff::Timestamp::now();
        let later = track.last_updated + jiff::SignedDuration::from_micros(1);
        track.last_updated = now.max(later);
        Ok(())
    }

    /// The creator deleted track `id` and uploaded `text` in its place: a new track ID (the
    /// old one answers `captionNotFound`), `lastUpdated` now. The new track's ID.
    pub fn replace_track(&mut self, id: &str, text: &str) -> Result<String, String> {
        self.update_track(id, text)?;
        let track = self
            .channels
            .iter_mut()
            .flat_map(|c| &mut c.videos)
            .flat_map(|v| &mut v.tracks)
            .find(|t| t.id == id)
            .ok_or_else(|| format!("no caption track {id}"))?;
        track.id = format!("{id}-replaced");
        Ok(track.id.clone())
    }

    pub fn track_text(&self, id: &str) -> Option<String> {
        self.find_track(id).map(|(_, _, t)| t.spec.text.clone())
    }

    /// [`Fixture::spoken`], for the world as it is now.
    pub fn spoken(&self, video: &str) -> String {
        self.find_video(video)
            .and_then(|(_, v)| v.chosen())
            .map(|t| t.spec.text.clone())
            .unwrap_or_default()
    }

    fn find_video(&self, id: &str) -> Option<(&Channel, &Video)> {
        self.channels
            .iter()
            .find_map(|c| c.videos.iter().find(|v| v.spec.id == id).map(|v| (c, v)))
    }

    fn find_track(&self, id: &str) -> Option<(&Channel, &Video, &Track)> {
        self.channels.iter().find_map(|c| {
            c.videos
                .iter()
                .find_map(|v| v.tracks.iter().find(|t| t.id == id).map(|t| (c, v, t)))
        })
    }

    /// A video `user` may see: any public or unlisted one, and their own private ones.
    fn visible(&self, id: &str, user: &str) -> Option<(&Channel, &Video)> {
        self.find_video(id)
            .filter(|(c, v)| v.spec.privacy_status != "private" || c.owner == user)
    }
}

// ---------------------------------------------------------------------------------------------
// The API.

/// The name a YouTube request is counted under, if it is one of the methods the fake serves.
pub fn endpoint(method: &str, path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("/youtube/v3/")?;
    if method != "GET" {
        return None;
    }
    Some(match rest {
        "channels" => "youtube.channels.list",
        "playlistItems" => "youtube.playlistItems.list",
        "videos" => "youtube.videos.list",
        "captions" => "youtube.captions.list",
        r if r
            .strip_prefix("captions/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/')) =>
        {
            "youtube.captions.download"
        }
        _ => return None,
    })
}

/// Quota units a method costs (B4).
fn cost(endpoint: &str) -> u64 {
    match endpoint {
        "youtube.captions.list" => 50,
        "youtube.captions.download" => 200,
        _ => 1,
    }
}

/// The query parameters each method declares in the discovery document.
fn declared(endpoint: &str) -> &'static [&'static str] {
    match endpoint {
        "youtube.channels.list" => &[
            "categoryId",
            "forHandle",
            "forUsername",
            "hl",
            "id",
            "managedByMe",
            "maxResults",
            "mine",
            "mySubscribers",
            "onBehalfOfContentOwner",
            "pageToken",
            "part",
        ],
        "youtube.playlistItems.list" => &[
            "id",
            "maxResults",
            "onBehalfOfContentOwner",
            "pageToken",
            "part",
            "playlistId",
            "videoId",
        ],
        "youtube.videos.list" => &[
            "chart",
            "hl",
            "id",
            "locale",
            "maxHeight",
            "maxResults",
            "maxWidth",
            "myRating",
            "onBehalfOfContentOwner",
            "pageToken",
            "part",
            "regionCode",
            "videoCategoryId",
        ],
        "youtube.captions.list" => &[
            "id",
            "onBehalfOf",
            "onBehalfOfContentOwner",
            "part",
            "videoId",
        ],
        "youtube.captions.download" => &["onBehalfOf", "onBehalfOfContentOwner", "tfmt", "tlang"],
        _ => &[],
    }
}

/// The parts each resource has (those the fake fills are id, snippet, contentDetails, status).
fn known_parts(endpoint: &str) -> &'static [&'static str] {
    match endpoint {
        "youtube.channels.list" => &[
            "auditDetails",
            "brandingSettings",
            "contentDetails",
            "contentOwnerDetails",
            "id",
            "localizations",
            "snippet",
            "statistics",
            "status",
            "topicDetails",
        ],
        "youtube.playlistItems.list" => &["contentDetails", "id", "snippet", "status"],
        "youtube.videos.list" => &[
            "contentDetails",
            "fileDetails",
            "id",
            "liveStreamingDetails",
            "localizations",
            "paidProductPlacementDetails",
            "player",
            "processingDetails",
            "recordingDetails",
            "snippet",
            "statistics",
            "status",
            "suggestions",
            "topicDetails",
        ],
        "youtube.captions.list" => &["id", "snippet"],
        _ => &[],
    }
}

/// Whether the token's scopes let it call `endpoint` (B1).
fn reaches(scopes: &str, endpoint: &str) -> bool {
    let has = |s: &str| scopes.split(' ').any(|g| g == s);
    let captions = endpoint.starts_with("youtube.captions.");
    has(SCOPE_FORCE_SSL)
        || has(SCOPE_PARTNER)
        || (!captions && (has(SCOPE_READONLY) || has(SCOPE_YOUTUBE)))
}

fn quota_exceeded() -> Resp {
    google_error(
        403,
        "youtube.quota",
        "quotaExceeded",
        "The request cannot be completed because you have exceeded your <a \
         href=\"/youtube/v3/getting-started#quota\">quota</a>.",
    )
}

fn required(parameter: &str) -> Resp {
    at_parameter(
        google_error(
            400,
            "global",
            "required",
            &format!("Required parameter: {parameter}"),
        ),
        parameter,
    )
}

fn etag(of: &str) -> String {
    let digest = sha2::Sha256::digest(of.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..20])
}

/// `GET /youtube/v3/...`: token, scopes, quota, then the method.
pub fn handle(inner: &mut Inner, req: &Req, endpoint: &str) -> Resp {
    let (user, scopes) = match inner.oauth.check_access(req.bearer()) {
        Ok(access) => (access.user.clone(), access.scopes.clone()),
        Err(resp) => return resp,
    };
    if !reaches(&scopes, endpoint) {
        return http::insufficient_scopes();
    }
    let cost = cost(endpoint);
    if inner.youtube.spent + cost > inner.config.youtube_daily_units {
        inner.count("youtube.quota:403");
        return quota_exceeded();
    }
    inner.youtube.spent += cost;
    if let Some((name, resp)) = http::undeclared(req, declared(endpoint)) {
        inner.reject_parameter(endpoint, &name);
        return resp;
    }
    let yt = &inner.youtube;
    let result = match endpoint {
        "youtube.captions.download" => download(yt, req, &user),
        other => match req.q("alt") {
            Some(alt) if alt != "json" => Err(at_parameter(
                google_error(
                    400,
                    "global",
                    "invalidParameter",
                    &format!(
                        "Invalid value '{alt}'. Values must match the following regular expression: 'json'"
                    ),
                ),
                "alt",
            )),
            _ => parts(req, other).and_then(|parts| match other {
                "youtube.channels.list" => channels(yt, req, &user, &parts),
                "youtube.playlistItems.list" => playlist_items(yt, req, &user, &parts),
                "youtube.videos.list" => videos(yt, req, &user, &parts),
                _ => captions(yt, req, &user, &parts),
            }),
        },
    };
    result.unwrap_or_else(|resp| resp)
}

/// The `part` parameter: required, each name one the resource has.
fn parts(req: &Req, endpoint: &str) -> Result<Vec<String>, Resp> {
    let part = req.q("part").unwrap_or("");
    let parts: Vec<String> = part
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    if parts.is_empty() {
        return Err(required("part"));
    }
    match parts
        .iter()
        .find(|p| !known_parts(endpoint).contains(&p.as_str()))
    {
        Some(unknown) => Err(at_parameter(
            google_error(400, "youtube.part", "unknownPart", &format!("'{unknown}'")),
            "part",
        )),
        None => Ok(parts),
    }
}

/// `maxResults`: 0 to 50, 5 when absent.
fn max_results(req: &Req) -> Result<usize, Resp> {
    match req.q("maxResults") {
        None => Ok(5),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= 50 => Ok(n),
            _ => Err(invalid(
                "maxResults",
                &format!("Invalid value '{v}'. Values must be within the range: [0, 50]"),
            )),
        },
    }
}

/// Exactly one of a method's filters (`mine`, `id`, `playlistId`, ...).
fn one_filter<'a>(req: &Req, filters: &[&'a str]) -> Result<&'a str, Resp> {
    let given: Vec<&str> = filters
        .iter()
        .copied()
        .filter(|f| req.q(f).is_some())
        .collect();
    match given.as_slice() {
        [one] => Ok(one),
        [] => Err(google_error(
            400,
            "youtube.parameter",
            "missingRequiredParameter",
            &format!(
                "No filter selected. Expected one of: {}",
                filters.join(", ")
            ),
        )),
        _ => Err(google_error(
            400,
            "youtube.parameter",
            "incompatibleParameters",
            &format!(
                "Incompatible parameters specified in the request: {}",
                given.join(", ")
            ),
        )),
    }
}

fn ids(req: &Req, name: &str) -> Vec<String> {
    req.q(name)
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Keeps the parts asked for (and `kind`, `etag`, `id`, which are always there).
fn select(mut item: Map<String, Value>, parts: &[String]) -> Value {
    item.retain(|k, _| matches!(k.as_str(), "kind" | "etag" | "id") || parts.contains(k));
    Value::Object(item)
}

fn list_response(kind: &str, items: Vec<Value>, per_page: usize, total: usize) -> Value {
    let mut v = json!({
        "kind": kind,
        "etag": etag(&format!("{kind}{items:?}")),
        "pageInfo": {"totalResults": total, "resultsPerPage": per_page},
    });
    if !items.is_empty() {
        v["items"] = Value::Array(items);
    }
    v
}

fn channels(yt: &YouTube, req: &Req, user: &str, parts: &[String]) -> Result<Resp, Resp> {
    let per_page = max_results(req)?;
    let filter = one_filter(
        req,
        &[
            "categoryId",
            "forHandle",
            "forUsername",
            "id",
            "managedByMe",
            "mine",
            "mySubscribers",
        ],
    )?;
    let wanted = ids(req, "id");
    let found: Vec<Value> = yt
        .channels
        .iter()
        .filter(|c| match filter {
            "mine" => req.flag("mine") && c.owner == user,
            "id" => wanted.contains(&c.id),
            _ => false,
        })
        .map(|c| {
            let item = json!({
                "kind": "youtube#channel",
                "etag": etag(&c.id),
                "id": c.id,
                "snippet": {
                    "title": c.title,
                    "description": "",
                    "customUrl": format!("@{}", c.title.replace(' ', "").to_lowercase()),
                    "publishedAt": "2020-03-01T10:00:00Z",
                },
                "contentDetails": {"relatedPlaylists": {"likes": c.likes(), "uploads": c.uploads()}},
            });
            select(item.as_object().cloned().unwrap_or_default(), parts)
        })
        .collect();
    let total = found.len();
    let items = found.into_iter().take(per_page).collect();
    Ok(http::json(
        200,
        &list_response("youtube#channelListResponse", items, per_page, total),
    ))
}

fn playlist_items(yt: &YouTube, req: &Req, user: &str, parts: &[String]) -> Result<Resp, Resp> {
    let per_page = max_results(req)?;
    let filter = one_filter(req, &["id", "playlistId"])?;
    let playlist = req.q("playlistId").unwrap_or("");
    let item_ids = ids(req, "id");
    let video_filter = req.q("videoId");
    let mut rows: Vec<(&Channel, &Video)> = Vec::new();
    for c in &yt.channels {
        if filter == "playlistId" && c.likes() == playlist && c.owner == user {
            // The owner's likes: nothing liked in the fake.
            return Ok(http::json(
                200,
                &list_response("youtube#playlistItemListResponse", Vec::new(), per_page, 0),
            ));
        }
        if filter == "playlistId" && c.uploads() != playlist {
            continue;
        }
        for v in c.videos.iter().rev() {
            if v.spec.privacy_status != "public" && c.owner != user {
                continue;
            }
            if filter == "id" && !item_ids.contains(&playlist_item_id(&c.uploads(), &v.spec.id)) {
                continue;
            }
            if video_filter.is_some_and(|id| id != v.spec.id) {
                continue;
            }
            rows.push((c, v));
        }
    }
    if filter == "playlistId" && !yt.channels.iter().any(|c| c.uploads() == playlist) {
        return Err(at_parameter(
            google_error(
                404,
                "youtube.playlistItem",
                "playlistNotFound",
                "The playlist identified with the request's <code>playlistId</code> parameter \
                 cannot be found.",
            ),
            "playlistId",
        ));
    }
    let fingerprint = format!(
        "{playlist}|{}|{}",
        item_ids.join(","),
        video_filter.unwrap_or("")
    );
    let offset = match req.q("pageToken") {
        None | Some("") => 0,
        Some(token) => http::decode_page_token(token, &fingerprint).ok_or_else(|| {
            at_parameter(
                google_error(
                    400,
                    "youtube.parameter",
                    "invalidPageToken",
                    "The request specifies an invalid page token.",
                ),
                "pageToken",
            )
        })?,
    };
    let total = rows.len();
    let items = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(per_page)
        .map(|(position, (c, v))| {
            let id = playlist_item_id(&c.uploads(), &v.spec.id);
            let item = json!({
                "kind": "youtube#playlistItem",
                "etag": etag(&id),
                "id": id,
                "snippet": {
                    "publishedAt": v.spec.published_at,
                    "channelId": c.id,
                    "title": v.spec.title,
                    "description": "",
                    "channelTitle": c.title,
                    "playlistId": c.uploads(),
                    "position": position,
                    "resourceId": {"kind": "youtube#video", "videoId": v.spec.id},
                    "videoOwnerChannelTitle": c.title,
                    "videoOwnerChannelId": c.id,
                },
                "contentDetails": {"videoId": v.spec.id, "videoPublishedAt": v.spec.published_at},
                "status": {"privacyStatus": v.spec.privacy_status},
            });
            select(item.as_object().cloned().unwrap_or_default(), parts)
        })
        .collect();
    let mut v = list_response("youtube#playlistItemListResponse", items, per_page, total);
    // maxResults=0 still pages (by nothing); a client that sends it walks forever.
    if offset + per_page < total && per_page > 0 {
        v["nextPageToken"] = http::encode_page_token(offset + per_page, &fingerprint).into();
    }
    if offset > 0 {
        let back = offset.saturating_sub(per_page.max(1));
        v["prevPageToken"] = http::encode_page_token(back, &fingerprint).into();
    }
    Ok(http::json(200, &v))
}

fn playlist_item_id(playlist: &str, video: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{playlist}.{video}"))
}

fn videos(yt: &YouTube, req: &Req, user: &str, parts: &[String]) -> Result<Resp, Resp> {
    let per_page = max_results(req)?;
    let filter = one_filter(req, &["chart", "id", "myRating"])?;
    let wanted = ids(req, "id");
    if wanted.len() > 50 {
        // The reason is the fake's guess (B2 says only "≤50 ids").
        return Err(invalid(
            "id",
            &format!(
                "The request specifies {} video IDs; at most 50 are allowed.",
                wanted.len()
            ),
        ));
    }
    let items: Vec<Value> = if filter == "id" {
        wanted
            .iter()
            .filter_map(|id| yt.visible(id, user))
            .map(|(c, v)| {
                let mut snippet = json!({
                    "publishedAt": v.spec.published_at,
                    "channelId": c.id,
                    "title": v.spec.title,
                    "description": "",
                    "channelTitle": c.title,
                    "categoryId": "27",
                    "liveBroadcastContent": "none",
                });
                if let Some(l) = &v.spec.default_audio_language {
                    snippet["defaultAudioLanguage"] = l.clone().into();
                }
                let secs = v.spec.duration();
                let item = json!({
                    "kind": "youtube#video",
                    "etag": etag(&v.spec.id),
                    "id": v.spec.id,
                    "snippet": snippet,
                    "contentDetails": {
                        "duration": format!("PT{}M{}S", secs / 60, secs % 60),
                        "dimension": "2d",
                        "definition": "hd",
                        "caption": if v.has_captions() { "true" } else { "false" },
                        "licensedContent": false,
                        "projection": "rectangular",
                    },
                    "status": {
                        "uploadStatus": "processed",
                        "privacyStatus": v.spec.privacy_status,
                        "license": "youtube",
                        "embeddable": true,
                        "publicStatsViewable": true,
                        "madeForKids": false,
                    },
                });
                select(item.as_object().cloned().unwrap_or_default(), parts)
            })
            .collect()
    } else {
        Vec::new()
    };
    let total = items.len();
    Ok(http::json(
        200,
        &list_response("youtube#videoListResponse", items, per_page, total),
    ))
}

fn captions(yt: &YouTube, req: &Req, user: &str, parts: &[String]) -> Result<Resp, Resp> {
    let Some(video) = req.q("videoId").filter(|v| !v.is_empty()) else {
        return Err(required("videoId"));
    };
    let Some((channel, video)) = yt.visible(video, user) else {
        return Err(at_parameter(
            google_error(
                404,
                "youtube.video",
                "videoNotFound",
                "The video identified by the <code><a href=\"/youtube/v3/docs/captions/list#videoId\">videoId</a></code> parameter could not be found.",
            ),
            "videoId",
        ));
    };
    let owner = channel.owner == user;
    let wanted = ids(req, "id");
    let items: Vec<Value> = video
        .tracks
        .iter()
        .filter(|t| owner || !t.spec.is_draft)
        .filter(|t| wanted.is_empty() || wanted.contains(&t.id))
        .map(|t| {
            let s = &t.spec;
            let updated = caption_time(t.last_updated);
            let mut snippet = json!({
                "videoId": video.spec.id,
                "lastUpdated": updated,
                "trackKind": s.kind,
                "language": s.language,
                "name": s.name,
                "audioTrackType": "unknown",
                "isCC": false,
                "isLarge": false,
                "isEasyReader": false,
                "isDraft": s.is_draft,
                "isAutoSynced": false,
                "status": s.status,
            });
            if s.status == "failed" {
                snippet["failureReason"] = "processingFailed".into();
            }
            let item = json!({
                "kind": "youtube#caption",
                "etag": etag(&format!("{}{updated}{}", t.id, s.text)),
                "id": t.id,
                "snippet": snippet,
            });
            select(item.as_object().cloned().unwrap_or_default(), parts)
        })
        .collect();
    Ok(http::json(
        200,
        &json!({
            "kind": "youtube#captionListResponse",
            "etag": etag(&format!("{items:?}")),
            "items": items,
        }),
    ))
}

fn could_not_convert() -> Resp {
    google_error(
        400,
        "youtube.caption",
        "couldNotConvert",
        "The caption track could not be converted to the requested language and/or format. \
         Make sure that the requested tfmt and tlang values are valid, and that the \
         snippet.status of the requested caption track is not failed.",
    )
}

fn download(yt: &YouTube, req: &Req, user: &str) -> Result<Resp, Resp> {
    if req.q("alt").is_some() {
        // What owners report on downloads that went wrong (B3); Google's own client sends no
        // `alt` here, and the fake makes sending one fail for certain.
        return Err(at_parameter(
            google_error(400, "global", "badRequest", "Unsupported Output Format"),
            "alt",
        ));
    }
    let id = req.path.strip_prefix("/youtube/v3/captions/").unwrap_or("");
    let Some((channel, _, track)) = yt.find_track(id) else {
        return Err(google_error(
            404,
            "youtube.caption",
            "captionNotFound",
            "The caption track could not be found.",
        ));
    };
    if channel.owner != user {
        return Err(google_error(
            403,
            "youtube.caption",
            "forbidden",
            "The permissions associated with the request are not sufficient to download the \
             caption track. The request might not be properly authorized, or the video owner \
             might not have enabled third-party contributions for this caption.",
        ));
    }
    let format = match req.q("tfmt") {
        None => track.spec.original_format(),
        Some(tfmt) => CaptionFormat::parse(tfmt).ok_or_else(could_not_convert)?,
    };
    if track.spec.status == "failed" {
        return Err(could_not_convert());
    }
    let text = match req.q("tlang") {
        None => track.spec.text.clone(),
        Some(lang)
            if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            machine_translate(&track.spec.text, lang)
        }
        Some(_) => return Err(could_not_convert()),
    };
    let language = req.q("tlang").unwrap_or(&track.spec.language);
    let body = render_captions(&text, format, track.spec.is_asr(), language);
    Ok(Resp::new(
        200,
        "application/octet-stream",
        body.into_bytes(),
    ))
}

/// `/__fake/youtube/OP`: `units` (GET: `{"units": spent today}`), `next_day` (POST), `add`
/// (POST a [`VideoSpec`] as JSON; `?channel=ID`, default [`CHANNEL_ID`]) and `update_track`
/// (POST `{"id", "text"}` or `?id=&text=`).
pub fn control(yt: &mut YouTube, req: &Req, op: &str) -> Resp {
    let fail = |status: u16, why: String| http::json(status, &json!({ "error": why }));
    match op {
        "units" => http::json(200, &json!({ "units": yt.units() })),
        "next_day" => {
            yt.next_day();
            http::json(200, &json!({ "units": 0 }))
        }
        "add" => match serde_json::from_slice::<VideoSpec>(&req.body) {
            Ok(video) => match yt.add_upload(req.q("channel").unwrap_or(CHANNEL_ID), &video) {
                Ok(()) => http::json(200, &json!({ "id": video.id })),
                Err(e) => fail(400, e),
            },
            Err(e) => fail(400, e.to_string()),
        },
        "update_track" => {
            let body: Map<String, Value> = serde_json::from_slice(&req.body).unwrap_or_default();
            let arg = |name: &str| {
                req.q(name)
                    .map(String::from)
                    .or_else(|| body.get(name).and_then(Value::as_str).map(String::from))
            };
            match (arg("id"), arg("text")) {
                (Some(id), Some(text)) => match yt.update_track(&id, &text) {
                    Ok(()) => http::json(200, &json!({ "id": id })),
                    Err(e) => fail(404, e),
                },
                _ => fail(400, "update_track needs id and text".into()),
            }
        }
        _ => fail(404, format!("no such control: youtube/{op}")),
    }
}
