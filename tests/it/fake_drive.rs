//! The fake Drive's changes feed, tested by its own rules: each test is a rule of
//! `docs/gmail.md` (section B) it must keep, over real HTTP, so that a sync following Drive
//! through the feed is tested against something as strict as Drive.

use serde_json::Value;

use crate::fake::Session;
use crate::fake_google::{Config, FileSpec, Fixture};

const DRIVE: &str = "https://www.googleapis.com/auth/drive.readonly";

/// The mask a careful client sends (docs/gmail.md): everything a sync decides on.
const FULL: &str = "fields=nextPageToken,newStartPageToken,changes(changeType,time,removed,\
    fileId,driveId,file(id,name,mimeType,parents,trashed,explicitlyTrashed,md5Checksum,version,\
    modifiedTime,driveId))";

/// Both shared-drive flags.
const ALL_DRIVES: &str = "supportsAllDrives=true&includeItemsFromAllDrives=true";

/// A folder with a Doc, a PDF and a subfolder holding a Doc; another folder; a shared drive
/// with two Docs.
fn drive() -> Fixture {
    Fixture::default()
        .with(FileSpec::folder("folder1", "Writing", "root"))
        .with(FileSpec::doc("doc1", "Essay", "folder1", "First words\n"))
        .with(FileSpec::binary(
            "pdf1",
            "paper.pdf",
            "folder1",
            "application/pdf",
            b"%PDF-1.4 fake",
        ))
        .with(FileSpec::folder("sub1", "Drafts", "folder1"))
        .with(FileSpec::doc("deep1", "Draft", "sub1", "Deep words\n"))
        .with(FileSpec::folder("elsewhere", "Archive", "root"))
        .with(
            FileSpec::doc("team1", "Team doc", "drive1", "Shared words\n")
                .in_shared_drive("drive1"),
        )
        .with(
            FileSpec::doc("team2", "Team notes", "drive1", "More words\n")
                .in_shared_drive("drive1"),
        )
}

/// A session on a fake serving `fixture`, with read access to Drive.
fn session(fixture: Fixture) -> Session {
    Session::with_scopes(fixture, Config::default(), DRIVE)
}

impl Session {
    /// The start page token of the user's feed (`query` empty) or another.
    fn start(&self, query: &str) -> String {
        let (status, v) = self.json(&format!("/changes/startPageToken?{query}"));
        assert_eq!(status, 200, "{v}");
        v["startPageToken"].as_str().unwrap().to_string()
    }

    /// One page of changes from `token`, which must be a 200.
    fn page(&self, token: &str, query: &str) -> Value {
        let (status, v) = self.json(&format!("/changes?pageToken={token}&{query}"));
        assert_eq!(status, 200, "{v}");
        v
    }

    /// Every change from `token` to the end under the full mask, paging; the new start page
    /// token and the number of pages.
    fn changes(&self, token: &str, query: &str) -> (Vec<Value>, String, usize) {
        let mut changes = Vec::new();
        let mut token = token.to_string();
        let mut pages = 0;
        loop {
            let v = self.page(&token, &format!("{FULL}&{query}"));
            pages += 1;
            changes.extend(v["changes"].as_array().unwrap().iter().cloned());
            match (v["nextPageToken"].as_str(), v["newStartPageToken"].as_str()) {
                (Some(next), None) => token = next.to_string(),
                (None, Some(new_start)) => return (changes, new_start.to_string(), pages),
                _ => panic!("a page has exactly one of the two tokens: {v}"),
            }
        }
    }

    /// The file IDs of the changes from `token`, in order.
    fn changed(&self, token: &str, query: &str) -> Vec<String> {
        ids(&self.changes(token, query).0, "fileId")
    }

    /// The IDs `files.list` gives for `q`.
    fn listed(&self, q: &str) -> Vec<String> {
        let (status, v) = self.json(&format!("/files?q={q}&fields=files(id)"));
        assert_eq!(status, 200, "{v}");
        ids(v["files"].as_array().unwrap(), "id")
    }
}

fn ids(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// `reason`, `message` and `location` of a Google API error body.
fn error(v: &Value) -> (&str, &str, &str) {
    let e = &v["error"]["errors"][0];
    (
        e["reason"].as_str().unwrap_or(""),
        v["error"]["message"].as_str().unwrap_or(""),
        e["location"].as_str().unwrap_or(""),
    )
}

fn version(file: &Value) -> u64 {
    file["version"].as_str().unwrap().parse().unwrap()
}

#[test]
fn the_start_page_token_is_drive_s_shape_and_the_list_requires_a_page_token() {
    let s = session(drive());
    let (status, v) = s.json("/changes/startPageToken");
    assert_eq!(status, 200);
    assert_eq!(keys(&v), ["kind", "startPageToken"]);
    assert_eq!(v["kind"], "drive#startPageToken");
    let (status, v) = s.json("/changes");
    assert_eq!(status, 400);
    assert_eq!(
        error(&v),
        ("required", "Required parameter: pageToken", "pageToken")
    );
    let (status, v) = s.json("/changes/startPageToken?fields=startPageToken");
    assert_eq!((status, keys(&v)), (200, vec!["startPageToken"]));
}

#[test]
fn each_changes_method_takes_only_the_parameters_it_declares() {
    let s = session(drive());
    let token = s.start("");
    let (status, v) = s.json(&format!("/changes?pageToken={token}&q=trashed=false"));
    assert_eq!((status, error(&v).0), (400, "badRequest"));
    assert!(error(&v).1.contains("Unknown name \"q\""), "{v}");
    let (status, _) = s.json("/changes/startPageToken?pageSize=5");
    assert_eq!(status, 400);
    assert_eq!(
        s.fake.rejected_parameters(),
        [
            ("changes.list".to_string(), "q".to_string()),
            (
                "changes.getStartPageToken".to_string(),
                "pageSize".to_string()
            ),
        ]
    );
    assert_eq!(s.fake.count("changes.list:undeclared_parameter"), 1);
    let declared = "includeCorpusRemovals=true&includeRemoved=true&restrictToMyDrive=false\
        &spaces=drive&includeLabels=x&includePermissionsForView=published\
        &includeTeamDriveItems=false&supportsTeamDrives=false&teamDriveId=&prettyPrint=false";
    s.page(&token, declared);
    let (status, _) = s.json(
        "/changes/startPageToken?supportsAllDrives=true&supportsTeamDrives=true&teamDriveId=x",
    );
    assert_eq!(status, 200);
    let (status, v) = s.json(&format!("/changes?pageToken={token}&alt=media"));
    assert_eq!((status, error(&v).0), (400, "badRequest"));
    let (status, v) = s.json(&format!("/changes?pageToken={token}&spaces=photos"));
    assert_eq!((status, error(&v).2), (400, "spaces"));
}

#[test]
fn default_fields_are_minimal_and_the_fields_mask_is_honoured() {
    let s = session(drive());
    let token = s.start("");
    s.fake.edit_text("doc1", "New words\n");
    let v = s.page(&token, "");
    assert_eq!(keys(&v), ["changes", "kind", "newStartPageToken"]);
    assert_eq!(v["kind"], "drive#changeList");
    let change = &v["changes"][0];
    assert_eq!(
        keys(change),
        ["changeType", "file", "fileId", "kind", "removed", "time"]
    );
    assert_eq!(
        (&change["kind"], &change["changeType"], &change["fileId"]),
        (&"drive#change".into(), &"file".into(), &"doc1".into())
    );
    assert_eq!(keys(&change["file"]), ["id", "kind", "mimeType", "name"]);
    assert!(
        change["time"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok(),
        "RFC 3339: {change}"
    );

    let v = s.page(&token, FULL);
    let change = &v["changes"][0];
    assert_eq!(
        keys(change),
        ["changeType", "file", "fileId", "removed", "time"]
    );
    assert_eq!(
        keys(&change["file"]),
        [
            "explicitlyTrashed",
            "id",
            "mimeType",
            "modifiedTime",
            "name",
            "parents",
            "trashed",
            "version"
        ],
        "no md5Checksum for a Doc, no driveId outside a shared drive"
    );
    assert_eq!(change["file"]["parents"], serde_json::json!(["folder1"]));
    let v = s.page(&token, "fields=changes(fileId)");
    assert_eq!(v, serde_json::json!({"changes": [{"fileId": "doc1"}]}));
    for bad in [
        "changes(nonsense)",
        "changes(file(nonsense))",
        "files",
        "changes(fileId",
    ] {
        let (status, v) = s.json(&format!("/changes?pageToken={token}&fields={bad}"));
        assert_eq!(
            (status, error(&v).0, error(&v).2),
            (400, "invalidParameter", "fields"),
            "{bad}"
        );
    }
}

#[test]
fn each_file_is_one_change_its_latest_oldest_first() {
    let s = session(drive());
    let token = s.start("");
    s.fake.edit_text("doc1", "Second\n");
    s.fake.rename_file("pdf1", "paper v2.pdf");
    s.fake.edit_text("doc1", "Third\n");
    let (changes, _, _) = s.changes(&token, "");
    assert_eq!(ids(&changes, "fileId"), ["pdf1", "doc1"]);
    let (_, now) = s.json("/files/doc1?fields=version");
    assert_eq!(
        changes[1]["file"]["version"], now["version"],
        "the latest state"
    );
    assert_eq!(changes[0]["file"]["name"], "paper v2.pdf");
    assert!(changes[0]["time"].as_str() <= changes[1]["time"].as_str());
}

#[test]
fn pages_carry_a_next_page_token_until_the_last_which_carries_the_new_start_token() {
    let s = session(drive());
    let token = s.start("");
    for i in 0..5 {
        s.fake
            .add_file(FileSpec::doc(&format!("new{i}"), "New", "folder1", "words"));
    }
    let first = s.page(&token, "pageSize=2");
    assert_eq!(keys(&first), ["changes", "kind", "nextPageToken"]);
    assert_eq!(
        ids(first["changes"].as_array().unwrap(), "fileId"),
        ["new0", "new1"]
    );
    let (changes, new_start, pages) = s.changes(&token, "pageSize=2");
    assert_eq!(pages, 3);
    assert_eq!(
        ids(&changes, "fileId"),
        ["new0", "new1", "new2", "new3", "new4"]
    );
    assert_eq!(new_start, s.start(""));
    let last = s.page(&new_start, "");
    assert_eq!(keys(&last), ["changes", "kind", "newStartPageToken"]);
    assert_eq!(last["changes"], serde_json::json!([]));
    assert_eq!(last["newStartPageToken"], new_start.as_str());
}

#[test]
fn page_size_is_100_by_default_coerced_to_1000_and_at_least_1() {
    let s = session(Fixture::default());
    let token = s.start("");
    for i in 0..1001 {
        s.fake
            .add_file(FileSpec::doc(&format!("d{i:04}"), "Doc", "root", ""));
    }
    let count = |v: &Value| v["changes"].as_array().unwrap().len();
    let v = s.page(&token, "");
    assert_eq!(count(&v), 100);
    let v = s.page(&token, "pageSize=5000");
    assert_eq!(count(&v), 1000);
    assert!(v["nextPageToken"].is_string());
    let rest = s.page(v["nextPageToken"].as_str().unwrap(), "pageSize=5000");
    assert_eq!(
        ids(rest["changes"].as_array().unwrap(), "fileId"),
        ["d1000"]
    );
    for bad in ["0", "-1", "ten"] {
        let (status, v) = s.json(&format!("/changes?pageToken={token}&pageSize={bad}"));
        assert_eq!((status, error(&v).2), (400, "pageSize"), "{bad}");
    }
}

#[test]
fn trash_is_a_change_not_a_removal_and_keeps_modified_time() {
    let s = session(drive());
    let (_, before) = s.json("/files/doc1?fields=version,modifiedTime");
    let token = s.start("");
    s.fake.trash_file("doc1");
    let (changes, after_trash, _) = s.changes(&token, "");
    assert_eq!(changes.len(), 1);
    let file = &changes[0]["file"];
    assert_eq!(changes[0]["removed"], false);
    assert_eq!(
        (&file["trashed"], &file["explicitlyTrashed"]),
        (&true.into(), &true.into())
    );
    assert_eq!(version(file), version(&before) + 1);
    assert_eq!(file["modifiedTime"], before["modifiedTime"]);
    let (_, got) = s.json("/files/doc1?fields=trashed");
    assert_eq!(got["trashed"], true);
    assert!(
        !s.listed("'folder1'+in+parents+and+trashed+%3D+false")
            .contains(&"doc1".into())
    );
    assert!(s.listed("'folder1'+in+parents").contains(&"doc1".into()));

    s.fake.untrash_file("doc1");
    let (changes, _, _) = s.changes(&after_trash, "");
    let file = &changes[0]["file"];
    assert_eq!((changes.len(), &file["trashed"]), (1, &false.into()));
    assert_eq!(version(file), version(&before) + 2);
    assert_eq!(file["modifiedTime"], before["modifiedTime"]);
    assert!(
        s.listed("'folder1'+in+parents+and+trashed+%3D+false")
            .contains(&"doc1".into())
    );
}

#[test]
fn trashing_a_folder_changes_the_folder_only_and_trashes_what_is_below() {
    let s = session(drive());
    let token = s.start("");
    s.fake.trash_file("sub1");
    assert_eq!(s.changed(&token, ""), ["sub1"]);
    let (_, deep) = s.json("/files/deep1?fields=trashed,explicitlyTrashed");
    assert_eq!(
        deep,
        serde_json::json!({"trashed": true, "explicitlyTrashed": false})
    );
    assert!(
        s.listed("'sub1'+in+parents+and+trashed+%3D+false")
            .is_empty()
    );
    s.fake.delete_file("sub1");
    assert_eq!(s.changed(&token, ""), ["sub1"]);
    assert_eq!(s.json("/files/deep1").0, 404, "deleted with its folder");
}

#[test]
fn deletion_and_unsharing_are_removals_without_a_file() {
    let s = session(drive());
    let token = s.start("");
    s.fake.delete_file("pdf1");
    s.fake.unshare_file("doc1");
    let (changes, _, _) = s.changes(&token, "");
    assert_eq!(ids(&changes, "fileId"), ["pdf1", "doc1"]);
    for change in &changes {
        assert_eq!(keys(change), ["changeType", "fileId", "removed", "time"]);
        assert_eq!(change["removed"], true);
    }
    for path in [
        "/files/pdf1",
        "/files/pdf1?alt=media",
        "/files/doc1",
        "/files/doc1/export?mimeType=text/plain",
    ] {
        let (status, v) = s.json(path);
        assert_eq!((status, error(&v).0), (404, "notFound"), "{path}");
    }
    assert_eq!(s.listed("'folder1'+in+parents"), ["sub1"]);
}

#[test]
fn include_removed_false_leaves_removals_out() {
    let s = session(drive());
    let token = s.start("");
    s.fake.delete_file("pdf1");
    s.fake.edit_text("doc1", "Still here\n");
    assert_eq!(s.changed(&token, "includeRemoved=false"), ["doc1"]);
    assert_eq!(s.changed(&token, ""), ["pdf1", "doc1"]);
}

#[test]
fn a_folder_moved_elsewhere_is_the_only_change() {
    let s = session(drive());
    let token = s.start("");
    s.fake.move_file("sub1", "elsewhere");
    let (changes, _, _) = s.changes(&token, "");
    assert_eq!(ids(&changes, "fileId"), ["sub1"]);
    assert_eq!(
        changes[0]["file"]["parents"],
        serde_json::json!(["elsewhere"])
    );
    let (_, deep) = s.json("/files/deep1?fields=parents");
    assert_eq!(deep["parents"], serde_json::json!(["sub1"]));
    assert_eq!(s.listed("'elsewhere'+in+parents"), ["sub1"]);
    assert_eq!(s.listed("'folder1'+in+parents"), ["doc1", "pdf1"]);
}

#[test]
fn shared_drive_items_need_both_flags_and_have_a_feed_of_their_own() {
    let s = session(drive());
    let token = s.start("");
    s.fake.edit_text("team1", "Edited\n");
    s.fake.edit_text("doc1", "Edited\n");
    assert_eq!(s.changed(&token, ""), ["doc1"]);
    assert_eq!(s.changed(&token, "supportsAllDrives=true"), ["doc1"]);
    let (status, v) = s.json(&format!(
        "/changes?pageToken={token}&includeItemsFromAllDrives=true"
    ));
    assert_eq!((status, error(&v).2), (400, "includeItemsFromAllDrives"));
    let (changes, _, _) = s.changes(&token, ALL_DRIVES);
    assert_eq!(ids(&changes, "fileId"), ["team1", "doc1"]);
    assert_eq!(changes[0]["file"]["driveId"], "drive1");

    let (status, v) = s.json("/changes/startPageToken?driveId=drive1");
    assert_eq!(
        (status, error(&v)),
        (
            404,
            ("notFound", "Shared drive not found: drive1", "driveId")
        )
    );
    let (status, _) = s.json("/changes/startPageToken?driveId=nodrive&supportsAllDrives=true");
    assert_eq!(status, 404);
    let team = s.start("driveId=drive1&supportsAllDrives=true");
    assert_ne!(team, s.start(""));
    s.fake.edit_text("team2", "Edited\n");
    s.fake.edit_text("doc1", "Again\n");
    let (changes, new_start, _) = s.changes(&team, &format!("driveId=drive1&{ALL_DRIVES}"));
    assert_eq!(ids(&changes, "fileId"), ["team2"]);
    assert_eq!(changes[0]["driveId"], "drive1");
    assert_eq!(new_start, s.start("driveId=drive1&supportsAllDrives=true"));
    assert!(
        s.changed(&team, "driveId=drive1&supportsAllDrives=true")
            .is_empty()
    );
    let (status, _) = s.json(&format!(
        "/changes?pageToken={team}&driveId=drive1&includeItemsFromAllDrives=true"
    ));
    assert_eq!(status, 404, "driveId without supportsAllDrives");
    let (status, v) = s.json(&format!("/changes?pageToken={team}"));
    assert_eq!(
        (status, error(&v).0),
        (400, "invalid"),
        "a drive's token in the user's feed"
    );
    let (status, _) = s.json(&format!(
        "/changes?pageToken={token}&driveId=drive1&{ALL_DRIVES}"
    ));
    assert_eq!(status, 400, "the user's token in a drive's feed");
}

#[test]
fn trashed_shared_drive_items_show_in_the_user_feed_without_the_flags() {
    let s = session(drive());
    let token = s.start("");
    s.fake.trash_file("team1");
    let (changes, _, _) = s.changes(&token, "");
    assert_eq!(ids(&changes, "fileId"), ["team1"]);
    assert_eq!(changes[0]["file"]["trashed"], true);
    assert!(
        changes[0].get("driveId").is_none(),
        "not the drive's own feed"
    );
}

#[test]
fn expired_tokens_are_refused_and_a_fresh_walk_starts_again() {
    let s = session(drive());
    let token = s.start("");
    let team = s.start("driveId=drive1&supportsAllDrives=true");
    s.fake.edit_text("doc1", "One\n");
    s.fake.edit_text("pdf1", "Two\n");
    let next = s.page(&token, "pageSize=1")["nextPageToken"]
        .as_str()
        .unwrap()
        .to_string();
    s.fake.expire_change_tokens();
    for old in [&token, &next] {
        let (status, v) = s.json(&format!("/changes?pageToken={old}"));
        assert_eq!(
            (status, error(&v)),
            (400, ("invalid", "Invalid Value", "pageToken"))
        );
    }
    let (status, _) = s.json(&format!(
        "/changes?pageToken={team}&driveId=drive1&{ALL_DRIVES}"
    ));
    assert_eq!(status, 400, "every feed's tokens expire");
    for bad in ["nonsense", "99999", "-1"] {
        assert_eq!(s.json(&format!("/changes?pageToken={bad}")).0, 400, "{bad}");
    }
    let fresh = s.start("");
    assert_ne!(fresh, token);
    assert!(s.changed(&fresh, "").is_empty());
    s.fake.edit_text("doc1", "Three\n");
    assert_eq!(s.changed(&fresh, ""), ["doc1"]);
}

#[test]
fn a_viewed_file_is_a_change_with_nothing_different() {
    let s = session(drive());
    let (_, before) = s.json("/files/doc1?fields=name,version,modifiedTime,trashed,parents");
    let token = s.start("");
    s.fake.view_file("doc1");
    let (changes, _, _) = s.changes(&token, "");
    assert_eq!(ids(&changes, "fileId"), ["doc1"]);
    assert_eq!(changes[0]["removed"], false);
    for field in ["name", "version", "modifiedTime", "trashed", "parents"] {
        assert_eq!(changes[0]["file"][field], before[field], "{field}");
    }
}

#[test]
fn restrict_to_my_drive_leaves_out_files_shared_by_others() {
    let theirs = FileSpec {
        owner: Some("friend@example.org".into()),
        ..FileSpec::doc("theirs", "Their doc", "elsewhere", "words")
    };
    let s = session(drive().with(theirs));
    let token = s.start("");
    s.fake.edit_text("theirs", "New\n");
    s.fake.edit_text("doc1", "New\n");
    assert_eq!(s.changed(&token, ""), ["theirs", "doc1"]);
    assert_eq!(s.changed(&token, "restrictToMyDrive=true"), ["doc1"]);
}

#[test]
fn a_token_that_reaches_only_app_files_sees_no_changes() {
    let s = Session::with_scopes(
        drive(),
        Config::default(),
        "https://www.googleapis.com/auth/drive.file",
    );
    let token = s.start("");
    s.fake.edit_text("doc1", "New\n");
    assert!(s.changed(&token, "").is_empty());
    let s = Session::with_scopes(
        drive(),
        Config::default(),
        "https://www.googleapis.com/auth/gmail.readonly",
    );
    let (status, v) = s.json("/changes/startPageToken");
    assert_eq!((status, error(&v).0), (403, "insufficientPermissions"));
}

#[test]
fn additions_and_edits_show_in_files_get_list_and_downloads() {
    let s = session(drive());
    let token = s.start("");
    s.fake
        .add_file(FileSpec::doc("new1", "Fresh", "folder1", "Fresh words"));
    let (status, v) = s.json("/files/new1?fields=name,parents,version,createdTime,modifiedTime");
    assert_eq!(
        (status, &v["name"], &v["version"]),
        (200, &"Fresh".into(), &"1".into())
    );
    assert_eq!(v["createdTime"], v["modifiedTime"]);
    assert!(s.listed("'folder1'+in+parents").contains(&"new1".into()));
    let text = s
        .get("/files/new1/export?mimeType=text/plain")
        .text()
        .unwrap();
    assert_eq!(text, "\u{feff}Fresh words");

    let fields = "fields=md5Checksum,version,modifiedTime,size";
    let (_, before) = s.json(&format!("/files/pdf1?{fields}"));
    s.fake.edit_text("pdf1", "%PDF-1.4 revised");
    let (_, after) = s.json(&format!("/files/pdf1?{fields}"));
    assert_ne!(after["md5Checksum"], before["md5Checksum"]);
    assert_ne!(after["modifiedTime"], before["modifiedTime"]);
    assert_eq!(version(&after), version(&before) + 1);
    assert_eq!(after["size"], "16");
    assert_eq!(
        s.get("/files/pdf1?alt=media").bytes().unwrap().as_ref(),
        b"%PDF-1.4 revised"
    );

    s.fake.rename_file("doc1", "Essay, final");
    let (_, renamed) = s.json("/files/doc1");
    assert_eq!(renamed["name"], "Essay, final");
    assert_eq!(s.changed(&token, ""), ["new1", "pdf1", "doc1"]);
}

#[test]
fn the_changes_methods_are_counted_by_name() {
    let s = session(drive());
    let token = s.start("");
    s.page(&token, "");
    s.json("/changes");
    assert_eq!(s.fake.count("changes.getStartPageToken"), 1);
    assert_eq!(s.fake.count("changes.getStartPageToken:200"), 1);
    assert_eq!(s.fake.count("changes.list"), 2);
    assert_eq!(s.fake.count("changes.list:200"), 1);
    assert_eq!(s.fake.count("changes.list:400"), 1);
}

#[test]
fn the_drive_control_routes_make_the_same_edits() {
    let s = session(drive());
    let token = s.start("");
    let control = |path: &str, body: &str| {
        s.http
            .post(format!("{}/__fake/drive/{path}", s.fake.url))
            .body(body.to_string())
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    let spec = r#"{"id": "c1", "name": "Control doc", "kind": "doc", "parents": ["folder1"], "text": "Hi"}"#;
    assert_eq!(control("add", spec), 200);
    assert_eq!(control("add", spec), 400, "the ID is taken");
    assert_eq!(control("edit_text?id=c1", r#"{"text": "Hello"}"#), 200);
    assert_eq!(control("rename?id=c1&name=Renamed", ""), 200);
    assert_eq!(
        control("move", r#"{"id": "c1", "parent": "elsewhere"}"#),
        200
    );
    assert_eq!(control("trash?id=pdf1", ""), 200);
    assert_eq!(control("untrash?id=pdf1", ""), 200);
    assert_eq!(control("view?id=deep1", ""), 200);
    assert_eq!(control("unshare?id=team1", ""), 200);
    assert_eq!(control("delete?id=doc1", ""), 200);
    assert_eq!(control("delete?id=doc1", ""), 404);
    assert_eq!(
        control("edit_text?id=folder1&text=x", ""),
        400,
        "a folder has no text"
    );
    assert_eq!(
        control("move?id=folder1&parent=sub1", ""),
        400,
        "into itself"
    );
    assert_eq!(control("rename?id=c1", ""), 400, "no name");
    assert_eq!(control("trash?id=c1&colour=red", ""), 400);
    assert_eq!(control("paint?id=c1", ""), 400);
    let text = s
        .get("/files/c1/export?mimeType=text/plain")
        .text()
        .unwrap();
    assert_eq!(text, "\u{feff}Hello");
    let (changes, _, _) = s.changes(&token, ALL_DRIVES);
    assert_eq!(
        ids(&changes, "fileId"),
        ["c1", "pdf1", "deep1", "team1", "doc1"]
    );
    assert_eq!(changes[0]["file"]["name"], "Renamed");
    assert_eq!(
        changes[0]["file"]["parents"],
        serde_json::json!(["elsewhere"])
    );
    assert_eq!(changes[1]["file"]["trashed"], false);
    assert_eq!(
        (&changes[3]["removed"], &changes[4]["removed"]),
        (&true.into(), &true.into())
    );
    assert_eq!(control("expire_change_tokens", ""), 200);
    assert_eq!(s.json(&format!("/changes?pageToken={token}")).0, 400);
}
