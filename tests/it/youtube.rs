//! `ingest youtube:` through the real binary against the fake YouTube (issue 18): the scope
//! it needs, one clean transcript per own video with the right track chosen, another
//! channel's video skipped, the daily quota (ours and Google's) ending a run with exit 75 and
//! its progress kept, the next day's run going on without spending a unit twice, and later
//! runs listing only new uploads.

use std::collections::HashSet;

use crate::fake_google::{
    CHANNEL_ID, Config, FakeGoogle, Fixture, OTHER_VIDEO, VideoSpec, track_id,
};
use crate::util::{Env, FileReport, stderr_of};

fn login_with_youtube(env: &Env, fake: &FakeGoogle) {
    let out = env
        .google(fake)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google", "--scope", "youtube"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

fn video(i: usize) -> String {
    format!("vid{i:08}")
}

fn count(fake: &FakeGoogle, name: &str) -> u64 {
    fake.counters().get(name).copied().unwrap_or(0)
}

/// The words of `text`, lower case, without punctuation: what a transcript must recover.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn by_id<'a>(reports: &'a [FileReport], id: &str) -> &'a FileReport {
    reports
        .iter()
        .find(|r| r.file_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no report for {id}: {reports:#?}"))
}

/// Moves the store's record of today's YouTube spending to yesterday: Pacific midnight
/// passing, for voicetrain, as `next_youtube_day` is for the fake.
fn a_day_passes(env: &Env, fake: &FakeGoogle) {
    let db = rusqlite::Connection::open(env.store_file()).unwrap();
    db.execute(
        "UPDATE source_state SET value = '2000-01-01 ' || substr(value, 12)
         WHERE kind = 'youtube' AND name = 'quota spent'",
        [],
    )
    .unwrap();
    fake.next_youtube_day();
}

#[test]
fn without_the_youtube_scope_ingest_exits_3_naming_the_command_to_run() {
    let env = Env::new();
    let fake = FakeGoogle::start(Fixture::channel(3), Config::default());
    env.login(&fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("voicetrain auth google --scope youtube"),
        "{stderr}"
    );
    assert_eq!(fake.youtube_units(), 0, "nothing asked of YouTube");
}

#[test]
fn each_own_video_becomes_one_clean_transcript_of_the_right_track() {
    let env = Env::new();
    let fixture = Fixture::channel(12);
    let fake = FakeGoogle::start(fixture.clone(), Config::default());
    login_with_youtube(&env, &fake);
    let (code, reports, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 0, "{stderr}");
    // No track at all, and a failed automatic one: skipped, saying so.
    let skipped = |i: usize, why: &str| {
        let r = by_id(&reports, &video(i));
        assert_eq!(r.status, "skipped", "{r:?}");
        assert!(r.reason.as_deref().unwrap_or("").contains(why), "{r:?}");
    };
    skipped(6, "no caption track");
    skipped(4, "failed");
    let samples = env.samples();
    let ingested: Vec<usize> = (0..12).filter(|i| ![4, 6].contains(i)).collect();
    assert_eq!(samples.len(), ingested.len(), "{reports:#?}");
    for i in ingested {
        let id = video(i);
        let r = by_id(&reports, &id);
        assert_eq!(r.status, "ingested", "{r:?}");
        let sample = samples.iter().find(|s| s.source_id == id).unwrap();
        assert_eq!(sample.source_type, "youtube");
        assert_eq!(
            sample.source_url,
            format!("https://www.youtube.com/watch?v={id}")
        );
        assert_eq!(r.title.as_deref(), Some(sample.title.as_str()));
        let text = env.text(&sample.id);
        // The track a careful reader picks (fr for the French video, the automatic one
        // where the creator's is a draft), its words exactly: no roll-up repeated, no
        // [Music], no >>, no timings, no machine translation.
        assert_eq!(words(&text), words(&fixture.spoken(&id)), "{id}:\n{text}");
        for junk in ["-->", "[Music]", ">>", "<c>", "WEBVTT", "[fr]", "[en]"] {
            assert!(!text.contains(junk), "{id} has {junk}:\n{text}");
        }
    }
    // One listing and at most one download a video; never a translation asked for.
    assert_eq!(count(&fake, "youtube.captions.list"), 12);
    assert_eq!(count(&fake, "youtube.captions.download"), 10);
    assert_eq!(fake.youtube_units(), 3 + 12 * 50 + 10 * 200);

    // Run again: nothing listed or downloaded, and the skipped stay skipped.
    let (code, reports, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        reports.iter().all(|r| r.status != "ingested"),
        "{reports:#?}"
    );
    assert_eq!(count(&fake, "youtube.captions.list"), 12);
    assert_eq!(count(&fake, "youtube.captions.download"), 10);
}

#[test]
fn a_video_of_another_channel_is_skipped_and_every_address_of_ones_own_is_read() {
    let env = Env::new();
    let fixture = Fixture::channel(3);
    let fake = FakeGoogle::start(fixture.clone(), Config::default());
    login_with_youtube(&env, &fake);
    let (code, reports, stderr) = env.ingest_from(&fake, &[&format!("youtube:{OTHER_VIDEO}")]);
    assert_eq!(code, 0, "{stderr}");
    let r = by_id(&reports, OTHER_VIDEO);
    assert_eq!(r.status, "skipped", "{r:?}");
    assert!(
        r.reason.as_deref().unwrap_or("").contains("only its owner"),
        "{r:?}"
    );
    assert_eq!(count(&fake, "youtube.captions.download"), 0);

    let id = video(0);
    let mut first = true;
    for address in [
        format!("https://www.youtube.com/watch?v={id}&t=10s"),
        format!("https://youtu.be/{id}"),
        format!("https://www.youtube.com/shorts/{id}"),
        format!("https://www.youtube.com/embed/{id}"),
    ] {
        let (code, reports, stderr) = env.ingest_from(&fake, &["--force", &address]);
        assert_eq!(code, 0, "{address}: {stderr}");
        // Read again each time (--force), the same text: one sample.
        let want = if first { "ingested" } else { "unchanged" };
        assert_eq!(by_id(&reports, &id).status, want, "{address}");
        first = false;
    }
    let samples = env.samples();
    assert_eq!(samples.len(), 1, "one video, one sample");
    assert_eq!(
        words(&env.text(&samples[0].id)),
        words(&fixture.spoken(&id))
    );

    // A YouTube address that names no video: refused with the shapes understood.
    let (code, _, stderr) = env.ingest_from(&fake, &["https://www.youtube.com/@writer"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("youtube:VIDEO_ID"), "{stderr}");
}

#[test]
fn the_daily_quota_ends_the_run_with_75_and_the_next_day_goes_on_spending_nothing_twice() {
    let env = Env::new();
    env.write("home/config.toml", "[youtube]\ndaily_units = 1000\n");
    let fake = FakeGoogle::start(Fixture::channel(12), Config::default());
    login_with_youtube(&env, &fake);
    let mut days = 0;
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        days += 1;
        let out = env
            .google(&fake)
            .args(["ingest", "--json", "youtube:"])
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        let stderr = stderr_of(&out);
        let reports: Vec<FileReport> = crate::util::json_lines(&out.stdout);
        seen.extend(
            reports
                .iter()
                .filter(|r| r.status == "ingested")
                .filter_map(|r| r.file_id.clone()),
        );
        // Never more than the day's units.
        assert!(fake.youtube_units() <= 1000);
        if code == 0 {
            break;
        }
        assert_eq!(code, 75, "{stderr}");
        assert!(stderr.contains("midnight Pacific time"), "{stderr}");
        let failed: Vec<&FileReport> = reports.iter().filter(|r| r.status == "failed").collect();
        assert!(!failed.is_empty());
        for r in failed {
            assert!(r.reason.as_deref().unwrap_or("").contains("quota"), "{r:?}");
        }
        // The same day again: voicetrain knows it is spent and asks Google nothing.
        let before = fake.youtube_units();
        let (code, _, stderr) = env.ingest_from(&fake, &["youtube:"]);
        assert_eq!(code, 75, "{stderr}");
        let spent = fake.youtube_units() - before;
        let ledger: Vec<(String, String, String)> = rusqlite::Connection::open(env.store_file())
            .unwrap()
            .prepare("SELECT kind, name, value FROM source_state")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            spent <= 3,
            "only the listing, not {spent}: {ledger:?} before {before}"
        );
        assert!(days < 10, "the backfill ends");
        a_day_passes(&env, &fake);
    }
    assert_eq!(seen.len(), 10, "every video with a track read once");
    assert_eq!(env.samples().len(), 10);
    // Each video's tracks listed once, each track downloaded once, over all the days.
    assert_eq!(count(&fake, "youtube.captions.list"), 12);
    assert_eq!(count(&fake, "youtube.captions.download"), 10);
    // 2,600 units at 1,000 a day less a few of listing: three days, the fewest the quota
    // allows, as a day's last units list the tracks the next day downloads.
    assert_eq!(days, 3);
}

/// What the store's ledger owes: `(video, track)` for each track listed and not downloaded.
fn owed(env: &Env) -> Vec<(String, String)> {
    let ledger: String = rusqlite::Connection::open(env.store_file())
        .unwrap()
        .query_row(
            "SELECT value FROM source_state WHERE kind = 'youtube' AND name = 'quota spent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    ledger
        .lines()
        .filter_map(|l| match l.split(' ').collect::<Vec<_>>()[..] {
            ["owed", video, track, _, _] => Some((video.to_string(), track.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn tracks_listed_at_the_end_of_a_day_are_downloaded_the_next_without_listing_again() {
    let env = Env::new();
    // The listing (3), one whole video (250), and the listing of two more (100).
    env.write("home/config.toml", "[youtube]\ndaily_units = 360\n");
    let fake = FakeGoogle::start(Fixture::channel(4), Config::default());
    login_with_youtube(&env, &fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 75, "{stderr}");
    assert_eq!(count(&fake, "youtube.captions.list"), 3);
    assert_eq!(count(&fake, "youtube.captions.download"), 1);
    assert_eq!(env.samples().len(), 1);
    let first = owed(&env);
    assert_eq!(first.len(), 2, "{first:?}");
    // One owed track the creator replaces before the next day; the other stays.
    let (replaced, track) = first[0].clone();
    let (kept, _) = first[1].clone();
    let text = "What I meant to say, said again and better.";
    fake.replace_track(&track, text);

    // The next day, with quota to spare: the kept track downloaded without listing its
    // video's tracks again; the replaced one answers captionNotFound, so its video is
    // listed again and its new track read.
    a_day_passes(&env, &fake);
    env.write("home/config.toml", "[youtube]\ndaily_units = 10000\n");
    let (code, _, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        count(&fake, "youtube.captions.list"),
        3 + 2,
        "the video not listed yet, and the one whose track was replaced"
    );
    let samples = env.samples();
    assert_eq!(samples.len(), 4);
    let text_of = |video: &str| {
        let sample = samples.iter().find(|s| s.source_id == video).unwrap();
        words(&env.text(&sample.id))
    };
    assert_eq!(text_of(&kept), words(&fake.spoken(&kept)));
    assert_eq!(text_of(&replaced), words(text));
    assert_eq!(owed(&env), Vec::new(), "nothing owed once read");
}

#[test]
fn googles_quota_answer_is_told_from_forbidden_and_kept_for_the_day() {
    let env = Env::new();
    let fake = FakeGoogle::start(
        Fixture::channel(12),
        Config {
            youtube_daily_units: 800,
            ..Config::default()
        },
    );
    login_with_youtube(&env, &fake);
    // voicetrain thinks it has 10,000 units; Google says otherwise after 3 videos.
    let (code, reports, stderr) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 75, "{stderr}");
    assert!(stderr.contains("midnight Pacific time"), "{stderr}");
    let in_vain = count(&fake, "youtube.quota:403");
    assert!(
        (1..=4).contains(&in_vain),
        "only the calls already in flight: {in_vain}"
    );
    let ingested = reports.iter().filter(|r| r.status == "ingested").count();
    assert!(ingested >= 2, "{reports:#?}");
    assert_eq!(env.samples().len(), ingested, "what was read is kept");
    // Later the same day: not even one call in vain.
    let (code, _, _) = env.ingest_from(&fake, &["youtube:"]);
    assert_eq!(code, 75);
    assert_eq!(count(&fake, "youtube.quota:403"), in_vain);
}

#[test]
fn sync_lists_only_new_uploads_and_reads_again_only_a_changed_recent_track() {
    let env = Env::new();
    env.write("home/config.toml", "[youtube]\ndaily_units = 100000\n");
    let fake = FakeGoogle::start(
        Fixture::channel(120),
        Config {
            youtube_daily_units: 100_000,
            ..Config::default()
        },
    );
    login_with_youtube(&env, &fake);
    let sync = |env: &Env| {
        let out = env.google(&fake).args(["sync", "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    };
    let out = env
        .google(&fake)
        .args(["sources", "add", "youtube:"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    sync(&env);
    let first = env.samples().len();
    assert!(first > 100, "{first}");
    assert_eq!(
        count(&fake, "youtube.playlistItems.list"),
        3,
        "120 uploads, 50 a page"
    );

    // A new upload: the next sync lists one page and reads that one video.
    let spoken = "This is what I said today about writing every morning.";
    fake.add_upload(
        CHANNEL_ID,
        VideoSpec::upload("newvideo001", "Today", spoken),
    );
    let lists = count(&fake, "youtube.captions.list");
    sync(&env);
    assert_eq!(
        count(&fake, "youtube.playlistItems.list"),
        4,
        "one page more"
    );
    assert_eq!(
        count(&fake, "youtube.captions.list") - lists,
        1,
        "only the new video's tracks"
    );
    let samples = env.samples();
    assert_eq!(samples.len(), first + 1);
    let new = samples
        .iter()
        .find(|s| s.source_id == "newvideo001")
        .unwrap();
    assert_eq!(words(&env.text(&new.id)), words(spoken));

    // The new video is recent: its track is listed again, downloaded only once changed.
    let downloads = count(&fake, "youtube.captions.download");
    sync(&env);
    assert_eq!(count(&fake, "youtube.captions.download"), downloads);
    let corrected = "This is what I said today about writing every single morning.";
    fake.update_track(&track_id("newvideo001", "standard", "en"), corrected);
    sync(&env);
    assert_eq!(count(&fake, "youtube.captions.download"), downloads + 1);
    let new = env
        .samples()
        .into_iter()
        .find(|s| s.source_id == "newvideo001")
        .unwrap();
    assert_eq!(words(&env.text(&new.id)), words(corrected));
}
