//! The fake YouTube's own tests: one a rule of the design notes' part B (hubspot-youtube.md) it
//! must keep, over real HTTP, so that voicetrain is tested against something as strict as
//! YouTube.

use reqwest::blocking::Client;
use serde_json::Value;

use crate::fake_google::{
    CHANNEL_ID, CaptionFormat, Config, FakeGoogle, Fixture, OTHER_CHANNEL_ID, OTHER_OWNER,
    OTHER_VIDEO, SCOPE_FORCE_SSL, SCOPE_READONLY, UPLOADS_ID, USER, VideoSpec, render_captions,
    spoken_text, track_id, video_id,
};

/// A fake with [`Fixture::channel`] and a force-ssl token of [`USER`].
struct Yt {
    fake: FakeGoogle,
    http: Client,
    token: String,
}

impl Yt {
    fn new(uploads: usize) -> Yt {
        Yt::with(Fixture::channel(uploads), Config::default())
    }

    fn with(fixture: Fixture, config: Config) -> Yt {
        voicetrain::net::install_tls_provider();
        let fake = FakeGoogle::start(fixture, config);
        let (token, _) = fake.issue_tokens(USER, SCOPE_FORCE_SSL);
        Yt {
            fake,
            http: Client::new(),
            token,
        }
    }

    /// A token of `user` with `scopes`.
    fn token(&self, user: &str, scopes: &str) -> String {
        self.fake.issue_tokens(user, scopes).0
    }

    /// GET `/youtube/v3{path}` with `token`: status, Content-Type and body.
    fn get_as(&self, token: &str, path: &str) -> (u16, String, String) {
        let resp = self
            .http
            .get(format!("{}{path}", self.fake.youtube_url()))
            .bearer_auth(token)
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        let kind = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, kind, resp.text().unwrap())
    }

    fn json_as(&self, token: &str, path: &str) -> (u16, Value) {
        let (status, _, body) = self.get_as(token, path);
        (status, serde_json::from_str(&body).unwrap())
    }

    fn json(&self, path: &str) -> (u16, Value) {
        self.json_as(&self.token, path)
    }

    /// A caption download: status and body.
    fn download(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get_as(&self.token, path);
        (status, body)
    }
}

fn reason(v: &Value) -> &str {
    v["error"]["errors"][0]["reason"].as_str().unwrap_or("")
}

fn ids(v: &Value, at: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i.pointer(at).unwrap().as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Words, lowercase, without punctuation: what a transcript must match.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn channels_mine_gives_the_uploads_playlist_and_nothing_for_a_user_without_one() {
    let s = Yt::new(3);
    let (status, v) = s.json("/channels?part=contentDetails,snippet&mine=true");
    assert_eq!(status, 200);
    assert_eq!(v["kind"], "youtube#channelListResponse");
    assert_eq!(v["items"][0]["id"], CHANNEL_ID);
    assert_eq!(
        v["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"],
        UPLOADS_ID
    );
    assert!(v["items"][0]["snippet"]["title"].is_string());
    let (_, v) = s.json("/channels?part=contentDetails&mine=true");
    assert!(
        v["items"][0].get("snippet").is_none(),
        "only the parts asked for"
    );
    let nobody = s.token("nobody@example.com", SCOPE_READONLY);
    let (status, v) = s.json_as(&nobody, "/channels?part=contentDetails&mine=true");
    assert_eq!(status, 200);
    assert!(ids(&v, "/id").is_empty());
    assert_eq!(v["pageInfo"]["totalResults"], 0);
    let (status, v) = s.json("/channels?mine=true");
    assert_eq!((status, reason(&v)), (400, "required"));
    let (status, v) = s.json("/channels?part=contentDetails,nonsense&mine=true");
    assert_eq!((status, reason(&v)), (400, "unknownPart"));
    let (status, v) = s.json("/channels?part=id");
    assert_eq!((status, reason(&v)), (400, "missingRequiredParameter"));
}

#[test]
fn every_method_needs_a_live_bearer_token() {
    let s = Yt::new(1);
    for path in [
        "/channels?part=id&mine=true",
        "/playlistItems?part=id&playlistId=UUwriterFakeChannel00001",
        "/videos?part=id&id=vid00000000",
        "/captions?part=id&videoId=vid00000000",
        &format!("/captions/{}", track_id("vid00000000", "standard", "en")),
    ] {
        let (status, v) = s.json_as("ya29.not-a-token", path);
        assert_eq!((status, reason(&v)), (401, "authError"), "{path}");
    }
    assert_eq!(s.fake.youtube_units(), 0, "a 401 costs nothing");
    s.fake.expire_access_tokens();
    let (status, _) = s.json("/channels?part=id&mine=true");
    assert_eq!(status, 401);
}

#[test]
fn uploads_page_newest_first_50_at_a_time() {
    let s = Yt::new(120);
    let mut seen = Vec::new();
    let mut published = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!(
            "/playlistItems?part=snippet,contentDetails&playlistId={UPLOADS_ID}&maxResults=50"
        );
        if let Some(t) = &token {
            path.push_str(&format!("&pageToken={t}"));
        }
        let (status, v) = s.json(&path);
        assert_eq!(status, 200, "{v}");
        pages += 1;
        assert_eq!(v["pageInfo"]["totalResults"], 120);
        for item in v["items"].as_array().unwrap() {
            assert_eq!(item["snippet"]["videoOwnerChannelId"], CHANNEL_ID);
            assert!(item["snippet"]["title"].is_string());
            seen.push(
                item["contentDetails"]["videoId"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
            published.push(
                item["contentDetails"]["videoPublishedAt"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        match v["nextPageToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!((pages, seen.len()), (3, 120));
    assert_eq!(seen[0], video_id(119), "the newest first");
    assert_eq!(seen[119], video_id(0));
    assert_eq!(published[119], "2025-01-01T09:00:00Z");
    assert_eq!(published[118], "2025-01-02T09:00:00Z");
    assert!(published.windows(2).all(|w| w[0] > w[1]));
    let (_, v) = s.json(&format!("/playlistItems?part=id&playlistId={UPLOADS_ID}"));
    assert_eq!(
        v["items"].as_array().unwrap().len(),
        5,
        "maxResults is 5 by default"
    );
    let (status, v) = s.json(&format!(
        "/playlistItems?part=id&playlistId={UPLOADS_ID}&maxResults=51"
    ));
    assert_eq!((status, reason(&v)), (400, "invalidParameter"));
    let (status, v) = s.json("/playlistItems?part=id&playlistId=UUnoSuchChannel000000000");
    assert_eq!((status, reason(&v)), (404, "playlistNotFound"));
    let (status, v) = s.json(&format!(
        "/playlistItems?part=id&playlistId={UPLOADS_ID}&pageToken=bm9wZQ"
    ));
    assert_eq!((status, reason(&v)), (400, "invalidPageToken"));
}

#[test]
fn others_see_only_public_uploads() {
    let s = Yt::new(10);
    let other = s.token(OTHER_OWNER, SCOPE_READONLY);
    let path = format!("/playlistItems?part=contentDetails&playlistId={UPLOADS_ID}&maxResults=50");
    let (_, mine) = s.json(&path);
    let (_, theirs) = s.json_as(&other, &path);
    assert!(ids(&mine, "/contentDetails/videoId").contains(&video_id(7)));
    assert!(!ids(&theirs, "/contentDetails/videoId").contains(&video_id(7)));
    assert_eq!(theirs["pageInfo"]["totalResults"], 9);
}

#[test]
fn videos_list_gives_caption_as_a_string_and_refuses_51_ids() {
    let s = Yt::new(60);
    let (status, v) = s.json(&format!(
        "/videos?part=snippet,contentDetails,status&id={},{},{},{OTHER_VIDEO},nosuchvideo",
        video_id(0),
        video_id(6),
        video_id(7)
    ));
    assert_eq!(status, 200);
    assert_eq!(
        ids(&v, "/id"),
        [
            video_id(0),
            video_id(6),
            video_id(7),
            OTHER_VIDEO.to_string()
        ],
        "unknown ids are simply absent"
    );
    let items = v["items"].as_array().unwrap();
    assert_eq!(items[0]["contentDetails"]["caption"], "true");
    assert_eq!(items[1]["contentDetails"]["caption"], "false");
    assert_eq!(items[2]["status"]["privacyStatus"], "private");
    assert_eq!(items[3]["snippet"]["channelId"], OTHER_CHANNEL_ID);
    assert_eq!(items[0]["snippet"]["defaultAudioLanguage"], "en");
    assert_eq!(items[0]["snippet"]["publishedAt"], "2025-01-01T09:00:00Z");
    assert!(
        items[0]["contentDetails"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    let (_, v) = s.json(&format!("/videos?part=snippet&id={}", video_id(1)));
    assert!(
        v["items"][0]["snippet"]
            .get("defaultAudioLanguage")
            .is_none()
    );
    // Someone else does not see the private one.
    let other = s.token(OTHER_OWNER, SCOPE_READONLY);
    let (_, v) = s.json_as(&other, &format!("/videos?part=id&id={}", video_id(7)));
    assert!(ids(&v, "/id").is_empty());
    let fifty: Vec<String> = (0..50).map(video_id).collect();
    let (status, v) = s.json(&format!("/videos?part=id&id={}", fifty.join(",")));
    assert_eq!((status, v["items"].as_array().unwrap().len()), (200, 50));
    let fifty_one: Vec<String> = (0..51).map(video_id).collect();
    let (status, _) = s.json(&format!("/videos?part=id&id={}", fifty_one.join(",")));
    assert_eq!(status, 400);
}

#[test]
fn captions_list_wants_force_ssl_part_and_video_id_and_nothing_undeclared() {
    let s = Yt::new(8);
    let readonly = s.token(USER, SCOPE_READONLY);
    let (status, v) = s.json_as(
        &readonly,
        &format!("/captions?part=id,snippet&videoId={}", video_id(0)),
    );
    assert_eq!((status, reason(&v)), (403, "insufficientPermissions"));
    assert_eq!(v["error"]["code"], 403);
    assert_eq!(v["error"]["status"], "PERMISSION_DENIED");
    assert_eq!(s.fake.youtube_units(), 0, "refused before the API");
    let (_, v) = s.json_as(&readonly, "/channels?part=id&mine=true");
    assert_eq!(
        v["items"][0]["id"], CHANNEL_ID,
        "readonly is enough elsewhere"
    );

    let (status, v) = s.json(&format!(
        "/captions?part=id,snippet&videoId={}",
        video_id(0)
    ));
    assert_eq!(status, 200);
    assert_eq!(v["kind"], "youtube#captionListResponse");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let standard = &items[0];
    assert_eq!(standard["kind"], "youtube#caption");
    assert_eq!(standard["id"], track_id(&video_id(0), "standard", "en"));
    assert!(standard["etag"].is_string());
    let sn = &standard["snippet"];
    assert_eq!(
        (&sn["trackKind"], &sn["language"], &sn["status"]),
        (&"standard".into(), &"en".into(), &"serving".into())
    );
    for key in [
        "isCC",
        "isLarge",
        "isEasyReader",
        "isDraft",
        "isAutoSynced",
        "audioTrackType",
    ] {
        assert!(sn.get(key).is_some(), "{key}");
    }
    assert!(
        sn["lastUpdated"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    assert_eq!(items[1]["snippet"]["trackKind"], "ASR");
    assert_eq!(items[1]["snippet"]["name"], "");

    for (path, why) in [
        (
            format!(
                "/captions?part=id,snippet&videoId={}&pageToken=x",
                video_id(0)
            ),
            "pageToken",
        ),
        (
            format!(
                "/captions?part=id,snippet&videoId={}&maxResults=5",
                video_id(0)
            ),
            "maxResults",
        ),
    ] {
        let (status, v) = s.json(&path);
        assert_eq!((status, reason(&v)), (400, "badRequest"), "{why}");
    }
    assert_eq!(
        s.fake.rejected_parameters(),
        [
            ("youtube.captions.list".to_string(), "pageToken".to_string()),
            (
                "youtube.captions.list".to_string(),
                "maxResults".to_string()
            )
        ]
    );
    let (status, v) = s.json("/captions?part=id,snippet");
    assert_eq!((status, reason(&v)), (400, "required"));
    let (status, v) = s.json(&format!("/captions?videoId={}", video_id(0)));
    assert_eq!((status, reason(&v)), (400, "required"));
    let (status, v) = s.json("/captions?part=id&videoId=nosuchvideo");
    assert_eq!((status, reason(&v)), (404, "videoNotFound"));
    // Another channel's video: listing is allowed.
    let (status, v) = s.json(&format!("/captions?part=snippet&videoId={OTHER_VIDEO}"));
    assert_eq!(status, 200);
    assert_eq!(v["items"][0]["snippet"]["language"], "en");
}

#[test]
fn the_fixture_has_its_variety_of_tracks() {
    let s = Yt::new(12);
    let tracks = |i: usize| -> Vec<(String, String, bool, String)> {
        let (_, v) = s.json(&format!("/captions?part=snippet&videoId={}", video_id(i)));
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let sn = &t["snippet"];
                (
                    sn["trackKind"].as_str().unwrap().to_string(),
                    sn["language"].as_str().unwrap().to_string(),
                    sn["isDraft"].as_bool().unwrap(),
                    sn["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let t = |k: &str, l: &str, d: bool, st: &str| (k.into(), l.into(), d, st.into());
    assert_eq!(tracks(1), [t("ASR", "en", false, "serving")]);
    assert_eq!(
        tracks(2),
        [
            t("standard", "en", false, "serving"),
            t("standard", "fr", false, "serving"),
            t("ASR", "fr", false, "serving")
        ]
    );
    assert_eq!(
        tracks(3),
        [
            t("standard", "en", true, "serving"),
            t("ASR", "en", false, "serving")
        ]
    );
    assert_eq!(tracks(4), [t("ASR", "en", false, "failed")]);
    assert_eq!(tracks(5).len(), 3);
    assert!(tracks(6).is_empty());
    assert_eq!(tracks(8), [t("ASR", "en", false, "serving")]);
    assert_eq!(tracks(9).len(), 2);
    // What a correct chooser gets.
    let fixture = Fixture::channel(12);
    assert_eq!(fixture.spoken(&video_id(0)), spoken_text(0));
    assert!(
        fixture.spoken(&video_id(1)).contains(" um "),
        "ASR hears fillers"
    );
    assert!(fixture.spoken(&video_id(2)).starts_with("Bienvenue"));
    assert!(!fixture.spoken(&video_id(3)).starts_with("Draft"));
    assert_eq!(fixture.spoken(&video_id(4)), "");
    assert_eq!(fixture.spoken(&video_id(5)), spoken_text(5));
    assert_eq!(fixture.spoken(&video_id(6)), "");
    assert_eq!(fixture.spoken(&video_id(7)), spoken_text(7));
    assert_eq!(s.fake.spoken(&video_id(8)), fixture.spoken(&video_id(8)));
}

#[test]
fn spoken_texts_are_distinct_sentences_of_40_to_120_words_with_numbers_and_yeah_yeah() {
    let texts: Vec<String> = (0..200).map(spoken_text).collect();
    for (i, text) in texts.iter().enumerate() {
        let n = text.split_whitespace().count();
        assert!((40..=120).contains(&n), "video {i}: {n} words");
        assert!(text.contains("yeah yeah"));
        assert!(text.split_whitespace().any(|w| w.parse::<u32>().is_ok()));
        assert!(text.ends_with('.'));
    }
    let mut unique = texts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), texts.len());
}

#[test]
fn download_gives_the_original_format_without_tfmt_and_converts_to_srt_sbv_vtt() {
    let s = Yt::new(8);
    let en = track_id(&video_id(0), "standard", "en");
    let (status, kind, body) = s.get_as(&s.token, &format!("/captions/{en}"));
    assert_eq!((status, kind.as_str()), (200, "application/octet-stream"));
    assert!(body.starts_with("1\n00:00:01,000 --> "), "SRT: {body}");
    assert_eq!(
        body,
        render_captions(&spoken_text(0), CaptionFormat::Srt, false, "en")
    );
    let (_, sbv) = s.download(&format!("/captions/{en}?tfmt=sbv"));
    assert!(sbv.starts_with("0:00:01.000,0:00:"), "{sbv}");
    let (_, vtt) = s.download(&format!("/captions/{en}?tfmt=vtt"));
    assert!(vtt.starts_with("WEBVTT\n\n00:00:01.000 --> "), "{vtt}");
    // Creator cues are clean: together they are the text itself.
    let cue_text: Vec<&str> = body
        .split("\n\n")
        .filter_map(|cue| cue.lines().nth(2))
        .collect();
    assert_eq!(cue_text.join(" "), spoken_text(0));
    let asr = track_id(&video_id(0), "ASR", "en");
    let (_, original) = s.download(&format!("/captions/{asr}"));
    assert!(original.starts_with("WEBVTT\nKind: captions\nLanguage: en\n"));
    let es = track_id(&video_id(5), "standard", "es");
    let (_, original) = s.download(&format!("/captions/{es}"));
    assert!(original.starts_with("0:00:01.000,"), "the es track is SBV");
    // The private video is still the owner's.
    let private = track_id(&video_id(7), "standard", "en");
    assert_eq!(s.download(&format!("/captions/{private}?tfmt=srt")).0, 200);
}

#[test]
fn download_refuses_scc_ttml_alt_failed_tracks_unknown_ids_and_non_owners() {
    let s = Yt::new(8);
    let en = track_id(&video_id(0), "standard", "en");
    let error = |path: &str| {
        let (status, body) = s.download(path);
        let v: Value = serde_json::from_str(&body).unwrap();
        (status, reason(&v).to_string())
    };
    for tfmt in ["scc", "ttml", "txt"] {
        assert_eq!(
            error(&format!("/captions/{en}?tfmt={tfmt}")),
            (400, "couldNotConvert".into()),
            "{tfmt}"
        );
    }
    for alt in ["json", "media"] {
        let (status, _) = error(&format!("/captions/{en}?tfmt=srt&alt={alt}"));
        assert_eq!(status, 400, "alt={alt}");
    }
    let failed = track_id(&video_id(4), "ASR", "en");
    assert_eq!(
        error(&format!("/captions/{failed}?tfmt=vtt")),
        (400, "couldNotConvert".into())
    );
    assert_eq!(
        error("/captions/AUieDaNoSuchTrack?tfmt=srt"),
        (404, "captionNotFound".into())
    );
    let theirs = track_id(OTHER_VIDEO, "standard", "en");
    let (status, body) = s.download(&format!("/captions/{theirs}?tfmt=srt"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, reason(&v)), (403, "forbidden"));
    assert_eq!(v["error"]["errors"][0]["domain"], "youtube.caption");
    let (status, _) = s.download(&format!("/captions/{en}?tfmt=srt&bogus=1"));
    assert_eq!(status, 400, "undeclared parameters are refused");
    let readonly = s.token(USER, SCOPE_READONLY);
    let (status, _, _) = s.get_as(&readonly, &format!("/captions/{en}?tfmt=srt"));
    assert_eq!(status, 403);
}

#[test]
fn tlang_gives_a_marked_machine_translation() {
    let s = Yt::new(1);
    let en = track_id(&video_id(0), "standard", "en");
    let (status, body) = s.download(&format!("/captions/{en}?tfmt=srt&tlang=de"));
    assert_eq!(status, 200);
    assert!(body.contains("[de] Welcome to part 1"), "{body}");
    let (status, _) = s.download(&format!("/captions/{en}?tfmt=srt"));
    assert_eq!(status, 200);
    assert!(!s.download(&format!("/captions/{en}")).1.contains("[de]"));
    assert_eq!(
        s.download(&format!("/captions/{en}?tfmt=srt&tlang=NOT-A-LANG"))
            .0,
        400
    );
}

/// Cue blocks of a VTT file (after the header): (timing line, text lines).
fn vtt_cues(vtt: &str) -> Vec<(String, Vec<String>)> {
    vtt.split("\n\n")
        .skip(1)
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            let mut lines = b.lines();
            let timing = lines.next().unwrap().to_string();
            (timing, lines.map(String::from).collect())
        })
        .collect()
}

fn millis(clock: &str) -> u64 {
    let (hms, ms) = clock.split_once('.').unwrap();
    let parts: Vec<u64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + ms.parse::<u64>().unwrap()
}

fn strip_tags(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in line.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn asr_vtt_rolls_up_repeating_the_previous_line_with_hold_cues() {
    let s = Yt::new(2);
    let asr = track_id(&video_id(0), "ASR", "en");
    let (status, vtt) = s.download(&format!("/captions/{asr}?tfmt=vtt"));
    assert_eq!(status, 200);
    assert!(vtt.starts_with("WEBVTT\nKind: captions\nLanguage: en\n\n"));
    assert!(vtt.contains("<c> "), "word timings");
    assert!(vtt.contains("[Music]") && vtt.contains(">> "));
    let body = vtt.split_once("\n\n").unwrap().1;
    assert_eq!(body, body.to_lowercase().replace("[music]", "[Music]"));
    assert!(!body.contains(',') && !body.contains('?'), "no punctuation");
    let cues = vtt_cues(&vtt);
    let (mut main, mut holds) = (Vec::new(), 0);
    for (timing, lines) in &cues {
        let (start, rest) = timing.split_once(" --> ").unwrap();
        let end = rest.split_whitespace().next().unwrap();
        if millis(end) - millis(start) == 10 {
            holds += 1;
            // A hold cue repeats the line just finished.
            let (_, finished): &(u64, Vec<String>) = main.last().unwrap();
            assert_eq!(lines[0], strip_tags(finished.last().unwrap()));
        } else {
            main.push((millis(start), lines.clone()));
        }
    }
    assert!(holds >= 10 && holds == main.len());
    for pair in main.windows(2) {
        let (previous, next) = (&pair[0].1, &pair[1].1);
        assert_eq!(next.len(), 2);
        assert_eq!(
            next[0],
            strip_tags(previous.last().unwrap()),
            "each cue starts with the previous cue's tail line"
        );
        assert!(!next[0].contains('<'), "the repeated line has no timings");
    }
    // The naive reading duplicates; the new lines alone are the words the ASR heard.
    let naive: Vec<String> = main
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|l| strip_tags(l)))
        .collect();
    let heard: Vec<String> = main
        .iter()
        .map(|(_, lines)| strip_tags(lines.last().unwrap()))
        .collect();
    let clean = |lines: &[String]| -> Vec<String> {
        words(&lines.join(" "))
            .into_iter()
            .filter(|w| w != "music")
            .collect()
    };
    let truth = words(&s.fake.track_text(&asr).unwrap());
    assert_eq!(clean(&heard), truth);
    assert!(clean(&naive).len() > truth.len() * 3 / 2);
    // SRT of an ASR track keeps the duplication, without word timings.
    let (_, srt) = s.download(&format!("/captions/{asr}?tfmt=srt"));
    assert!(!srt.contains("<c>") && srt.contains("[Music]"));
    assert!(words(&srt).len() > truth.len() * 3 / 2);
}

#[test]
fn quota_charges_every_request_even_invalid_ones_then_refuses_with_quota_exceeded() {
    let config = Config {
        youtube_daily_units: 510,
        ..Config::default()
    };
    let s = Yt::with(Fixture::channel(3), config);
    let en = track_id(&video_id(0), "standard", "en");
    s.json("/channels?part=contentDetails&mine=true");
    assert_eq!(s.fake.youtube_units(), 1);
    s.json(&format!("/playlistItems?part=id&playlistId={UPLOADS_ID}"));
    s.json(&format!("/videos?part=id&id={}", video_id(0)));
    assert_eq!(s.fake.youtube_units(), 3);
    // Invalid requests cost the same.
    s.json(&format!(
        "/playlistItems?part=id&playlistId={UPLOADS_ID}&maxResults=99"
    ));
    s.json(&format!(
        "/captions?part=id&videoId={}&pageToken=x",
        video_id(0)
    ));
    assert_eq!(s.fake.youtube_units(), 54);
    assert_eq!(s.download(&format!("/captions/{en}?tfmt=scc")).0, 400);
    assert_eq!(s.fake.youtube_units(), 254);
    assert_eq!(
        s.fake.count("youtube.captions.download:400"),
        1,
        "counted per endpoint and outcome"
    );
    // 256 left: a download (200) passes, then another does not, but a list (50) still fits.
    assert_eq!(s.download(&format!("/captions/{en}?tfmt=srt")).0, 200);
    assert_eq!(s.fake.youtube_units(), 454);
    let (status, body) = s.download(&format!("/captions/{en}?tfmt=srt"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, reason(&v)), (403, "quotaExceeded"));
    assert_eq!(v["error"]["code"], 403);
    assert_eq!(v["error"]["errors"][0]["domain"], "youtube.quota");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.")
    );
    assert_eq!(s.fake.count("youtube.quota:403"), 1);
    assert_eq!(
        s.fake.youtube_units(),
        454,
        "a refused request spends nothing"
    );
    let (status, _) = s.json(&format!("/captions?part=id&videoId={}", video_id(0)));
    assert_eq!((status, s.fake.youtube_units()), (200, 504));
    // The same status as a non-owner's download; only the reason tells them apart.
    s.fake.next_youtube_day();
    assert_eq!(s.fake.youtube_units(), 0);
    let theirs = track_id(OTHER_VIDEO, "standard", "en");
    let (status, body) = s.download(&format!("/captions/{theirs}?tfmt=srt"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, reason(&v)), (403, "forbidden"));
    assert_eq!(s.download(&format!("/captions/{en}?tfmt=srt")).0, 200);
    assert_eq!(s.fake.youtube_units(), 400);
    for name in [
        "youtube.channels.list",
        "youtube.playlistItems.list",
        "youtube.videos.list",
        "youtube.captions.list",
        "youtube.captions.download",
    ] {
        assert!(s.fake.count(name) > 0, "{name}");
    }
}

#[test]
fn new_uploads_top_the_playlist_and_track_edits_bump_last_updated() {
    let s = Yt::new(3);
    s.fake.add_upload(
        CHANNEL_ID,
        VideoSpec::upload("new00000001", "Fresh", "A brand new video. It says this."),
    );
    let (_, v) = s.json(&format!(
        "/playlistItems?part=contentDetails&playlistId={UPLOADS_ID}"
    ));
    assert_eq!(ids(&v, "/contentDetails/videoId")[0], "new00000001");
    assert_eq!(
        s.fake.spoken("new00000001"),
        "A brand new video. It says this."
    );
    let track = track_id(&video_id(0), "standard", "en");
    let listed = |s: &Yt| {
        let (_, v) = s.json(&format!("/captions?part=snippet&videoId={}", video_id(0)));
        let t = &v["items"][0];
        (
            t["snippet"]["lastUpdated"].as_str().unwrap().to_string(),
            t["etag"].as_str().unwrap().to_string(),
        )
    };
    let before = listed(&s);
    s.fake
        .update_track(&track, "Corrected words. Much better now.");
    let after = listed(&s);
    assert!(
        after.0.parse::<jiff::Timestamp>().unwrap() > before.0.parse::<jiff::Timestamp>().unwrap()
    );
    assert_ne!(after.1, before.1);
    assert_eq!(
        s.fake.track_text(&track).unwrap(),
        "Corrected words. Much better now."
    );
    assert_eq!(
        s.fake.spoken(&video_id(0)),
        "Corrected words. Much better now."
    );
    assert!(
        s.download(&format!("/captions/{track}"))
            .1
            .contains("Corrected words.")
    );
}

#[test]
fn env_and_control_routes_reach_youtube() {
    let s = Yt::new(2);
    let env = s.fake.env();
    let url = env
        .iter()
        .find(|(k, _)| *k == "VOICETRAIN_GOOGLE_YOUTUBE_URL")
        .unwrap();
    assert_eq!(url.1, format!("{}/youtube/v3", s.fake.url));
    let control = |method: reqwest::Method, path: &str, body: &str| {
        let resp = s
            .http
            .request(method, format!("{}/__fake/youtube/{path}", s.fake.url))
            .body(body.to_string())
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json::<Value>().unwrap())
    };
    s.json("/channels?part=id&mine=true");
    let (status, v) = control(reqwest::Method::GET, "units", "");
    assert_eq!((status, v["units"].as_u64()), (200, Some(1)));
    assert_eq!(control(reqwest::Method::POST, "next_day", "").0, 200);
    assert_eq!(s.fake.youtube_units(), 0);
    let spec = r#"{"id": "ctl00000001", "title": "By control", "published_at": "2026-01-01T00:00:00Z",
        "default_audio_language": "en", "tracks": [{"language": "en", "text": "Hello there."}]}"#;
    assert_eq!(control(reqwest::Method::POST, "add", spec).0, 200);
    assert_eq!(
        control(reqwest::Method::POST, "add", spec).0,
        400,
        "a second time"
    );
    assert_eq!(s.fake.spoken("ctl00000001"), "Hello there.");
    let track = track_id("ctl00000001", "standard", "en");
    let edit = format!(r#"{{"id": "{track}", "text": "Changed."}}"#);
    assert_eq!(control(reqwest::Method::POST, "update_track", &edit).0, 200);
    assert_eq!(s.fake.track_text(&track).unwrap(), "Changed.");
    assert_eq!(
        control(
            reqwest::Method::POST,
            "update_track",
            r#"{"id": "nope", "text": "x"}"#
        )
        .0,
        404
    );
}
