//! `voicetrain ingest` of Google Drive through the real binary against the fake Google: a
//! Drive with one of everything, statuses and texts, an unchanged re-run that downloads
//! nothing, an edit, every address shape, a token that dies mid-way.

use crate::fake_google::{Config, FakeGoogle, FileSpec, Fixture};
use crate::util::{Env, report};

const FOLDER: &str = "1WritingFolder000000000000000";

fn drive() -> Fixture {
    Fixture::default()
        .with(FileSpec::folder(FOLDER, "Writing", "root"))
        .with(FileSpec::folder(
            "1LettersFolder00000000000000",
            "Letters",
            FOLDER,
        ))
        .with(FileSpec::doc(
            "1EssayDoc000000000000000000",
            "On walking",
            FOLDER,
            "On walking\n\nI walk every day.\n",
        ))
        .with(FileSpec::doc(
            "1LetterDoc00000000000000000",
            "To Sam",
            "1LettersFolder00000000000000",
            "Dear Sam,\nthank you.\n",
        ))
        .with(FileSpec::slides(
            "1TalkSlides0000000000000000",
            "Talk",
            FOLDER,
            "Why I write\nEvery morning",
        ))
        .with(FileSpec::sheet(
            "1ReadingSheet00000000000000",
            "Reading log",
            FOLDER,
            &[
                ("2025", &[&["Title", "Pages"], &["Middlemarch", "880"]]),
                ("2026", &[&["Title"], &["Austerlitz"]]),
            ],
        ))
        .with(FileSpec::binary(
            "1NotesText00000000000000000",
            "notes.txt",
            FOLDER,
            "text/plain",
            b"Notes: shorter sentences.\r\n",
        ))
        .with(FileSpec::binary(
            "1BooksCsv000000000000000000",
            "books.csv",
            FOLDER,
            "text/csv",
            b"Title,Year\nEmma,1815\n",
        ))
        .with(FileSpec::binary(
            "1ArchiveZip0000000000000000",
            "old.zip",
            FOLDER,
            "application/zip",
            b"PK\x03\x04",
        ))
        .with(FileSpec::binary(
            "1ClipMp40000000000000000000",
            "clip.mp4",
            FOLDER,
            "video/mp4",
            b"\0\0\0\x18ftypmp42",
        ))
        .with(FileSpec::doc(
            "1Elsewhere00000000000000000",
            "Kept elsewhere",
            "root",
            "A doc reached through a shortcut.\n",
        ))
        .with(FileSpec::shortcut(
            "1Shortcut000000000000000000",
            "Shortcut",
            "1LettersFolder00000000000000",
            "1Elsewhere00000000000000000",
        ))
        .with(FileSpec::shortcut(
            "1Dangling000000000000000000",
            "Gone",
            FOLDER,
            "1NoSuchFile0000000000000000",
        ))
        .with(
            FileSpec::doc(
                "1Trashed0000000000000000000",
                "Old draft",
                FOLDER,
                "deleted words",
            )
            .trashed(),
        )
        .with(
            FileSpec::doc(
                "1TeamDoc0000000000000000000",
                "Team notes",
                FOLDER,
                "Written in a shared drive.\n",
            )
            .in_shared_drive("0TeamDrive"),
        )
        .with(
            FileSpec::doc(
                "1LinkedDoc00000000000000000",
                "Linked",
                FOLDER,
                "Shared by link, with a key.\n",
            )
            .with_resource_key("0-keyABC"),
        )
        .with(FileSpec::doc(
            "1BigDoc000000000000000000000",
            "Big",
            FOLDER,
            &"many words here ".repeat(700_000),
        ))
        .with(
            FileSpec::doc(
                "1Loose000000000000000000000",
                "Loose",
                "root",
                "Only by its address and key.\n",
            )
            .with_resource_key("0-loose"),
        )
}

fn setup() -> (Env, FakeGoogle) {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(drive(), Config::default());
    env.login(&fake);
    (env, fake)
}

fn folder_address() -> String {
    format!("https://drive.google.com/drive/folders/{FOLDER}?usp=sharing")
}

#[test]
fn a_drive_with_one_of_everything() {
    let (env, fake) = setup();
    let (code, reports, err) = env.ingest_from(&fake, &[&folder_address()]);
    assert_eq!(code, 0, "{reports:#?}\n{err}");
    let status = |suffix: &str| report(&reports, suffix).status.as_str();
    for ingested in [
        "Writing/On walking",
        "Writing/Letters/To Sam",
        "Writing/Talk",
        "Writing/Reading log",
        "Writing/notes.txt",
        "Writing/books.csv",
        "Writing/Letters/Shortcut",
        "Writing/Team notes",
        "Writing/Linked",
        "Writing/Big",
    ] {
        assert_eq!(
            status(ingested),
            "ingested",
            "{ingested}: {:?}",
            report(&reports, ingested)
        );
    }
    assert_eq!(status("Writing/old.zip"), "skipped");
    assert_eq!(
        report(&reports, "old.zip").reason.as_deref(),
        Some("application/zip is not a supported type")
    );
    assert_eq!(status("Writing/clip.mp4"), "skipped");
    assert_eq!(status("Writing/Gone"), "skipped");
    assert!(
        report(&reports, "Gone")
            .reason
            .as_deref()
            .unwrap()
            .contains("no longer exists")
    );
    assert!(
        reports.iter().all(|r| !r.source.contains("Old draft")),
        "trashed files are never ingested"
    );
    assert_eq!(reports.len(), 13);

    let text = |suffix: &str| env.text(report(&reports, suffix).sample_id.as_deref().unwrap());
    assert_eq!(
        text("On walking"),
        "On walking\n\nI walk every day.\n",
        "BOM and CRLF removed"
    );
    assert_eq!(text("Talk"), "Why I write\nEvery morning\n");
    let sheet = text("Reading log");
    assert!(
        sheet.contains("## 2025")
            && sheet.contains("Middlemarch  880")
            && sheet.contains("## 2026")
            && sheet.contains("Austerlitz"),
        "every sheet: {sheet}"
    );
    assert_eq!(text("books.csv"), "Title  Year\nEmma   1815\n");
    assert_eq!(text("Shortcut"), "A doc reached through a shortcut.\n");
    assert!(
        fake.count("exportlink:200") >= 1,
        "the big Doc came through its export link"
    );
    assert!(
        fake.rejected_parameters().is_empty(),
        "every call sent only what its method declares: {:?}",
        fake.rejected_parameters()
    );
    let essay = report(&reports, "On walking");
    assert_eq!(
        essay.file_id.as_deref(),
        Some("1EssayDoc000000000000000000")
    );
    assert_eq!(
        essay.mime_type.as_deref(),
        Some("application/vnd.google-apps.document")
    );

    let samples = env.samples();
    let doc = samples.iter().find(|s| s.title == "On walking").unwrap();
    assert_eq!(doc.source_type, "drive");
    assert_eq!(doc.account.as_deref(), Some("writer@example.com"));
    assert!(
        doc.source_url
            .starts_with("https://docs.google.com/document/d/1EssayDoc")
    );
}

#[test]
fn an_unchanged_folder_costs_listing_calls_only_and_an_edit_updates_in_place() {
    let (env, fake) = setup();
    let (_, first, _) = env.ingest_from(&fake, &[&folder_address()]);
    fake.reset_counters();
    let (code, again, _) = env.ingest_from(&fake, &[&folder_address()]);
    assert_eq!(code, 0);
    for r in &again {
        assert!(r.status == "unchanged" || r.status == "skipped", "{r:?}");
    }
    let fetches =
        fake.count("files.export") + fake.count("files.download") + fake.count("exportlink");
    assert_eq!(fetches, 0, "{:?}", fake.counters());

    fake.edit_text(
        "1EssayDoc000000000000000000",
        "On walking\n\nI walk every day, rain or shine.\n",
    );
    let (_, edited, _) = env.ingest_from(&fake, &[&folder_address()]);
    let essay = report(&edited, "On walking");
    assert_eq!(essay.status, "updated");
    assert_eq!(essay.sample_id, report(&first, "On walking").sample_id);
    assert!(
        env.text(essay.sample_id.as_deref().unwrap())
            .contains("rain or shine")
    );
    assert_eq!(
        fake.count("files.export:200"),
        1,
        "only the edited Doc was fetched"
    );
}

#[test]
fn every_address_shape_names_the_same_file() {
    let (env, fake) = setup();
    let id = "1EssayDoc000000000000000000";
    let (_, first, _) = env.ingest_from(&fake, &[id]);
    assert_eq!(first[0].status, "ingested");
    for address in [
        format!("https://drive.google.com/file/d/{id}/view?usp=sharing"),
        format!("https://drive.google.com/file/u/0/d/{id}/view"),
        format!("https://drive.google.com/open?id={id}"),
        format!("https://drive.google.com/uc?id={id}&export=download"),
        format!("https://docs.google.com/document/d/{id}/edit"),
        format!("https://docs.google.com/document/u/1/d/{id}"),
    ] {
        let (code, reports, err) = env.ingest_from(&fake, &[&address]);
        assert_eq!(
            (code, reports[0].status.as_str()),
            (0, "unchanged"),
            "{address}: {err}"
        );
    }
    let (code, reports, _) = env.ingest_from(&fake, &["https://example.com/file/d/1EssayDoc/view"]);
    assert_eq!(code, 1);
    assert!(
        reports[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("drive.google.com/file/d/ID/view"),
        "lists the shapes"
    );
}

#[test]
fn resource_keys_from_the_address_reach_link_shared_files() {
    let (env, fake) = setup();
    let (code, reports, _) = env.ingest_from(
        &fake,
        &["https://drive.google.com/file/d/1Loose000000000000000000000/view"],
    );
    assert_eq!(code, 1, "without its key it is not found");
    assert!(
        reports[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("resourcekey"),
        "{reports:?}"
    );
    let (code, reports, _) = env.ingest_from(
        &fake,
        &["https://drive.google.com/file/d/1Loose000000000000000000000/view?resourcekey=0-loose"],
    );
    assert_eq!((code, reports[0].status.as_str()), (0, "ingested"));
}

#[test]
fn a_token_rejected_mid_way_is_refreshed_once_and_the_call_retried() {
    let (env, fake) = setup();
    // The store thinks its token good for an hour; Google no longer does.
    fake.expire_access_tokens();
    let (code, reports, err) = env.ingest_from(
        &fake,
        &["1EssayDoc000000000000000000", "1TalkSlides0000000000000000"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(reports.iter().all(|r| r.status == "ingested"));
    assert_eq!(
        fake.count("token.refresh_token"),
        1,
        "{:?}",
        fake.counters()
    );
    assert_eq!(fake.count("files.get:401"), 1);
}

#[test]
fn a_partial_failure_exits_4_and_a_rerun_picks_up_what_failed() {
    let (env, fake) = setup();
    let (code, reports, _) = env.ingest_from(
        &fake,
        &["1EssayDoc000000000000000000", "1NoSuchFile0000000000000000"],
    );
    assert_eq!(code, 4);
    assert_eq!(
        report(&reports, "1NoSuchFile0000000000000000").status,
        "failed"
    );
    assert_eq!(
        report(&reports, "1EssayDoc000000000000000000").status,
        "ingested"
    );
    let (code, reports, _) = env.ingest_from(
        &fake,
        &["1EssayDoc000000000000000000", "1TalkSlides0000000000000000"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        (reports[0].status.as_str(), reports[1].status.as_str()),
        ("unchanged", "ingested")
    );
}
