//! The fake Google's own tests: one a rule of `docs/google.md` it must keep, over
//! real HTTP, so that voicetrain is tested against something as strict as Google.

use std::io::Read as _;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use sha2::Digest as _;

use crate::fake_google::{
    CLIENT_ID, CLIENT_SECRET, Config, FakeGoogle, Faults, FileSpec, Fixture, USER,
};

const DRIVE: &str = "https://www.googleapis.com/auth/drive.readonly";

fn client() -> Client {
    voicetrain::net::install_tls_provider();
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A Drive with one of everything.
fn drive() -> Fixture {
    Fixture::default()
        .with(FileSpec::folder("folder1", "Writing", "root"))
        .with(FileSpec::doc(
            "doc1",
            "Essay",
            "folder1",
            "First line\nSecond line\n",
        ))
        .with(FileSpec::slides(
            "slides1",
            "Talk",
            "folder1",
            "Slide one\nSlide two",
        ))
        .with(FileSpec::sheet(
            "sheet1",
            "Numbers",
            "folder1",
            &[
                ("First", &[&["a", "b"], &["1", "2"]]),
                ("Second", &[&["x"], &["y"]]),
            ],
        ))
        .with(FileSpec::binary(
            "pdf1",
            "paper.pdf",
            "folder1",
            "application/pdf",
            b"%PDF-1.4 fake",
        ))
        .with(FileSpec::shortcut(
            "short1",
            "Essay shortcut",
            "folder1",
            "doc1",
        ))
        .with(FileSpec::shortcut(
            "dangling",
            "Gone",
            "folder1",
            "no-such-file",
        ))
        .with(FileSpec::doc("old", "Old draft", "folder1", "trashed words").trashed())
        .with(
            FileSpec::doc("team1", "Team doc", "shared-root", "shared words")
                .in_shared_drive("drive1"),
        )
        .with(
            FileSpec::doc("linked1", "Linked doc", "folder1", "linked words")
                .with_resource_key("0-abcKEY"),
        )
}

/// A fake Google and a token for it, for requests made by hand (also `fake_drive`'s).
pub(crate) struct Session {
    pub(crate) fake: FakeGoogle,
    pub(crate) http: Client,
    token: String,
}

impl Session {
    fn new(fixture: Fixture, config: Config) -> Session {
        Session::with_scopes(fixture, config, &format!("openid email {DRIVE}"))
    }

    pub(crate) fn with_scopes(fixture: Fixture, config: Config, scopes: &str) -> Session {
        voicetrain::net::install_tls_provider();
        let fake = FakeGoogle::start(fixture, config);
        let (token, _) = fake.issue_tokens(USER, scopes);
        Session {
            fake,
            http: client(),
            token,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}/drive/v3{path}", self.fake.url))
            .bearer_auth(&self.token)
            .send()
            .unwrap()
    }

    /// GET `/drive/v3{path}`: status and JSON body.
    pub(crate) fn json(&self, path: &str) -> (u16, Value) {
        let resp = self.get(path);
        let status = resp.status().as_u16();
        (status, resp.json().unwrap())
    }
}

/// `reason` of a Google API error body.
fn reason(v: &Value) -> &str {
    v["error"]["errors"][0]["reason"].as_str().unwrap_or("")
}

#[test]
fn files_get_returns_only_kind_id_name_mime_type_by_default() {
    let s = Session::new(drive(), Config::default());
    let (status, v) = s.json("/files/doc1");
    assert_eq!(status, 200);
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "kind", "mimeType", "name"]);
}

#[test]
fn fields_mask_selects_and_rejects_unknown_names() {
    let s = Session::new(drive(), Config::default());
    let (_, v) =
        s.json("/files/pdf1?fields=id,size,md5Checksum,version,modifiedTime,owners(emailAddress)");
    assert_eq!(v["size"], "13", "size is an int64 sent as a string");
    assert_eq!(
        v["md5Checksum"],
        hex::encode(md5::Md5::digest(b"%PDF-1.4 fake"))
    );
    assert!(v["version"].is_string());
    assert_eq!(v["owners"][0].as_object().unwrap().len(), 1);
    let (_, doc) = s.json("/files/doc1?fields=size,md5Checksum,version,exportLinks");
    assert!(doc.get("size").is_none() && doc.get("md5Checksum").is_none());
    assert!(
        doc["exportLinks"]["text/plain"]
            .as_str()
            .unwrap()
            .starts_with(&s.fake.url)
    );
    let (status, v) = s.json("/files/doc1?fields=id,nonsense");
    assert_eq!((status, reason(&v)), (400, "invalidParameter"));
}

#[test]
fn list_pages_with_page_size_and_next_page_token() {
    let s = Session::new(Fixture::docs("bench", 25, 5), Config::default());
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = "/files?q='bench'+in+parents+and+trashed=false&pageSize=10&fields=nextPageToken,files(id)".to_string();
        if let Some(t) = &token {
            path.push_str(&format!("&pageToken={t}"));
        }
        let (status, v) = s.json(&path);
        assert_eq!(status, 200);
        pages += 1;
        ids.extend(
            v["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_string()),
        );
        match v["nextPageToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!((pages, ids.len()), (3, 25));
    let (status, v) = s.json("/files?pageSize=1001");
    assert_eq!((status, reason(&v)), (400, "invalidParameter"));
    let (status, _) = s.json("/files?q='other'+in+parents&pageToken=bm9wZQ");
    assert_eq!(status, 400, "a page token is only good for its own query");
}

#[test]
fn list_returns_trashed_files_unless_the_query_excludes_them() {
    let s = Session::new(drive(), Config::default());
    let ids = |q: &str| -> Vec<String> {
        let (_, v) = s.json(&format!("/files?q={q}&fields=files(id,trashed)"));
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids("'folder1'+in+parents").contains(&"old".to_string()));
    assert!(!ids("'folder1'+in+parents+and+trashed+%3D+false").contains(&"old".to_string()));
    let docs = ids("'folder1'+in+parents+and+mimeType+%3D+'application/vnd.google-apps.document'");
    assert!(docs.contains(&"doc1".to_string()) && !docs.contains(&"pdf1".to_string()));
    let (status, v) = s.json("/files?q=modifiedTime+%3E+yesterday");
    assert_eq!((status, reason(&v)), (400, "invalidParameter"));
}

#[test]
fn shared_drive_files_404_without_supports_all_drives() {
    let s = Session::new(drive(), Config::default());
    let (status, v) = s.json("/files/team1");
    assert_eq!((status, reason(&v)), (404, "notFound"));
    assert_eq!(s.json("/files/team1?supportsAllDrives=true").0, 200);
    let listed = |extra: &str| {
        let (_, v) = s.json(&format!("/files?q='shared-root'+in+parents{extra}"));
        v["files"].as_array().unwrap().len()
    };
    assert_eq!(listed(""), 0);
    assert_eq!(
        listed("&supportsAllDrives=true&includeItemsFromAllDrives=true"),
        1
    );
    assert_eq!(s.json("/files?includeItemsFromAllDrives=true").0, 400);
    // files.export declares no supportsAllDrives: Drive exports a shared-drive file by its ID.
    let resp = s.get("/files/team1/export?mimeType=text/plain");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().unwrap(), "\u{feff}shared words");
}

#[test]
fn each_drive_method_takes_only_the_parameters_it_declares() {
    let s = Session::new(drive(), Config::default());
    let refused = |path: &str, name: &str| {
        let (status, v) = s.json(path);
        assert_eq!((status, reason(&v)), (400, "badRequest"), "{path}: {v}");
        assert_eq!(v["error"]["status"], "INVALID_ARGUMENT");
        assert_eq!(v["error"]["errors"][0]["domain"], "global");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.contains(name), "{path}: {message}");
        assert_eq!(v["error"]["errors"][0]["message"], message);
    };
    refused(
        "/files/team1/export?mimeType=text/plain&supportsAllDrives=true",
        "supportsAllDrives",
    );
    refused(
        "/files/doc1/export?mimeType=text/plain&fields=x&pageSize=3",
        "pageSize",
    );
    refused("/files/doc1?supportsAllDrives=true&q=x", "q");
    refused("/files/pdf1?alt=media&mimeType=text/plain", "mimeType");
    refused(
        "/files?q='folder1'+in+parents&acknowledgeAbuse=true",
        "acknowledgeAbuse",
    );
    refused("/files?fileId=doc1", "fileId");
    refused("/files?alt=media", "alt");
    assert_eq!(
        s.fake.rejected_parameters(),
        [
            ("files.export", "supportsAllDrives"),
            ("files.export", "pageSize"),
            ("files.get", "q"),
            ("files.download", "mimeType"),
            ("files.list", "acknowledgeAbuse"),
            ("files.list", "fileId"),
            ("files.list", "alt"),
        ]
        .map(|(e, p)| (e.to_string(), p.to_string()))
    );
    assert_eq!(s.fake.count("files.export:undeclared_parameter"), 2);
    assert_eq!(s.fake.count("files.export:400"), 2);

    // What each declares, and Google's system parameters, are taken.
    for path in [
        "/files/doc1?supportsAllDrives=true&supportsTeamDrives=true&acknowledgeAbuse=false&includeLabels=&includePermissionsForView=published&fields=id&prettyPrint=false&quotaUser=u1&key=k&%24.xgafv=2&alt=json",
        "/files?q='folder1'+in+parents&orderBy=name&spaces=drive&corpora=user&pageSize=5&supportsAllDrives=true&includeItemsFromAllDrives=true&fields=files(id)&prettyPrint=true",
    ] {
        let (status, v) = s.json(path);
        assert_eq!(status, 200, "{path}: {v}");
    }
    let resp = s.get("/files/doc1/export?mimeType=text/plain&alt=media&quotaUser=u1&fields=x");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        s.fake.rejected_parameters().len(),
        7,
        "nothing more refused"
    );
    s.fake.reset_counters();
    assert!(s.fake.rejected_parameters().is_empty());
}

#[test]
fn link_shared_files_404_without_their_resource_key() {
    let s = Session::new(drive(), Config::default());
    assert_eq!(s.json("/files/linked1").0, 404);
    let with_key = |key: &str| {
        s.http
            .get(format!(
                "{}/drive/v3/files/linked1/export?mimeType=text/plain",
                s.fake.url
            ))
            .bearer_auth(&s.token)
            .header("X-Goog-Drive-Resource-Keys", key)
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(with_key("linked1/0-wrong"), 404);
    assert_eq!(with_key("other/1-x,linked1/0-abcKEY"), 200);
}

#[test]
fn text_exports_begin_with_a_bom_and_use_crlf() {
    let s = Session::new(drive(), Config::default());
    for (id, mime) in [
        ("doc1", "text/plain"),
        ("doc1", "text/markdown"),
        ("slides1", "text/plain"),
    ] {
        let resp = s.get(&format!("/files/{id}/export?mimeType={mime}"));
        assert_eq!(resp.status(), 200);
        let bytes = resp.bytes().unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{id} {mime}");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(
            text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
            "{text:?}"
        );
    }
    let resp = s.get("/files/doc1/export?mimeType=text/csv");
    assert_eq!(resp.status(), 400, "a Doc has no CSV");
}

#[test]
fn csv_export_is_the_first_sheet_only_and_xlsx_has_every_sheet() {
    use calamine::Reader as _;
    let s = Session::new(drive(), Config::default());
    let csv = s
        .get("/files/sheet1/export?mimeType=text/csv")
        .text()
        .unwrap();
    assert_eq!(csv.lines().collect::<Vec<_>>(), ["a,b", "1,2"]);
    let tsv = s
        .get("/files/sheet1/export?mimeType=text/tab-separated-values")
        .text()
        .unwrap();
    assert_eq!(tsv.lines().next(), Some("a\tb"));
    let xlsx = s
        .get("/files/sheet1/export?mimeType=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .bytes()
        .unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["First", "Second"]);
    let second = book.worksheet_range("Second").unwrap();
    assert_eq!(second.get((1, 0)).unwrap().to_string(), "y");
}

#[test]
fn export_over_10_mb_is_refused_but_its_export_link_is_not() {
    let big = "word ".repeat(2_200_000);
    let fixture = Fixture::default().with(FileSpec::doc("big", "Big", "root", &big));
    let s = Session::new(fixture, Config::default());
    let (status, v) = s.json("/files/big/export?mimeType=text/plain");
    assert_eq!((status, reason(&v)), (403, "exportSizeLimitExceeded"));
    assert_eq!(
        v["error"]["message"],
        "This file is too large to be exported."
    );
    let (_, meta) = s.json("/files/big?fields=exportLinks");
    let link = meta["exportLinks"]["text/plain"].as_str().unwrap();
    let resp = s.http.get(link).bearer_auth(&s.token).send().unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.bytes().unwrap().len() > 10 * 1024 * 1024);
    assert_eq!(
        s.http.get(link).send().unwrap().status(),
        401,
        "exportLinks need the token too"
    );
}

#[test]
fn docs_are_exported_and_binaries_downloaded_never_the_other_way() {
    let s = Session::new(drive(), Config::default());
    let (status, v) = s.json("/files/doc1?alt=media");
    assert_eq!((status, reason(&v)), (403, "fileNotDownloadable"));
    let (status, v) = s.json("/files/pdf1/export?mimeType=text/plain");
    assert_eq!((status, reason(&v)), (403, "fileNotExportable"));
    let resp = s.get("/files/pdf1?alt=media");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().unwrap().as_ref(), b"%PDF-1.4 fake");
    let part = s
        .http
        .get(format!("{}/drive/v3/files/pdf1?alt=media", s.fake.url))
        .bearer_auth(&s.token)
        .header("Range", "bytes=9-")
        .send()
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().unwrap().as_ref(), b"fake");
}

#[test]
fn shortcuts_name_their_target_and_a_dangling_one_still_answers() {
    let s = Session::new(drive(), Config::default());
    let (_, v) = s.json("/files/short1?fields=mimeType,shortcutDetails");
    assert_eq!(v["mimeType"], "application/vnd.google-apps.shortcut");
    assert_eq!(v["shortcutDetails"]["targetId"], "doc1");
    assert_eq!(
        v["shortcutDetails"]["targetMimeType"],
        "application/vnd.google-apps.document"
    );
    let (_, v) = s.json("/files/dangling?fields=shortcutDetails");
    let target = v["shortcutDetails"]["targetId"].as_str().unwrap();
    assert_eq!(s.json(&format!("/files/{target}")).0, 404);
}

#[test]
fn a_token_without_a_drive_scope_gets_insufficient_permissions() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let (token, _) = fake.issue_tokens(USER, "openid email");
    let resp = client()
        .get(format!("{}/drive/v3/files/doc1", fake.url))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 403);
    let v: Value = resp.json().unwrap();
    assert_eq!(reason(&v), "insufficientPermissions");
    assert_eq!(v["error"]["status"], "PERMISSION_DENIED");
}

#[test]
fn expired_access_tokens_get_401_auth_error() {
    let s = Session::new(drive(), Config::default());
    assert_eq!(s.json("/files/doc1").0, 200);
    s.fake.expire_access_tokens();
    let (status, v) = s.json("/files/doc1");
    assert_eq!((status, reason(&v)), (401, "authError"));
    let fake = FakeGoogle::start(
        drive(),
        Config {
            access_token_lifetime: Duration::from_millis(300),
            ..Config::default()
        },
    );
    let (token, _) = fake.issue_tokens(USER, DRIVE);
    std::thread::sleep(Duration::from_millis(400));
    let resp = client()
        .get(format!("{}/drive/v3/files/doc1", fake.url))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 401);
}

/// Walks the consent page as a browser would; returns the loopback redirect's query.
fn consent(fake: &FakeGoogle, params: &[(&str, &str)]) -> (u16, Vec<(String, String)>) {
    let url =
        reqwest::Url::parse_with_params(&format!("{}/o/oauth2/v2/auth", fake.url), params).unwrap();
    let resp = client().get(url).send().unwrap();
    let status = resp.status().as_u16();
    let query = resp
        .headers()
        .get("location")
        .map(|l| {
            reqwest::Url::parse(l.to_str().unwrap())
                .unwrap()
                .query_pairs()
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    (status, query)
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

const REDIRECT: &str = "http://127.0.0.1:43210/";
const VERIFIER: &str = "a-verifier-that-is-long-enough-for-pkce-0123456789";

fn challenge() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(VERIFIER.as_bytes()))
}

fn login_params<'a>(challenge: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        (
            "scope",
            "openid email https://www.googleapis.com/auth/drive.readonly",
        ),
        ("state", "xyz"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("access_type", "offline"),
    ];
    p.extend_from_slice(extra);
    p
}

fn exchange(fake: &FakeGoogle, code: &str, verifier: &str) -> (u16, Value) {
    let resp = client()
        .post(format!("{}/token", fake.url))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code_verifier", verifier),
        ])
        .send()
        .unwrap();
    (resp.status().as_u16(), resp.json().unwrap())
}

#[test]
fn consent_redirects_to_loopback_with_code_and_state() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let c = challenge();
    let (status, query) = consent(&fake, &login_params(&c, &[]));
    assert_eq!(status, 302);
    assert_eq!(param(&query, "state"), Some("xyz"));
    assert!(param(&query, "code").is_some());

    for (name, bad) in [
        ("redirect_uri", "https://evil.example.com/cb"),
        ("client_id", "unknown.apps.googleusercontent.com"),
        ("response_type", "token"),
    ] {
        let mut params = login_params(&c, &[]);
        params.retain(|(k, _)| *k != name);
        params.push((name, bad));
        assert_eq!(consent(&fake, &params).0, 400, "{name}={bad}");
    }
    let denied = FakeGoogle::start(
        drive(),
        Config {
            deny_consent: true,
            ..Config::default()
        },
    );
    let (_, query) = consent(&denied, &login_params(&c, &[]));
    assert_eq!(param(&query, "error"), Some("access_denied"));
    assert_eq!(param(&query, "state"), Some("xyz"));
}

#[test]
fn code_exchange_checks_the_pkce_verifier_and_codes_are_single_use() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let c = challenge();
    let (_, query) = consent(&fake, &login_params(&c, &[]));
    let code = param(&query, "code").unwrap();
    let (status, v) = exchange(
        &fake,
        code,
        "a-wrong-verifier-that-is-long-enough-for-pkce-00000",
    );
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid_grant")));
    // The failed attempt used the code up.
    assert_eq!(exchange(&fake, code, VERIFIER).0, 400);

    let (_, query) = consent(&fake, &login_params(&c, &[]));
    let (status, v) = exchange(&fake, param(&query, "code").unwrap(), VERIFIER);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["token_type"], "Bearer");
    assert!(v["expires_in"].as_u64().unwrap() > 3000);
    assert!(v["refresh_token"].is_string() && v["id_token"].is_string());
    assert_eq!(
        v["scope"],
        "openid email https://www.googleapis.com/auth/drive.readonly"
    );

    // A second login without prompt=consent gets no new refresh token; with it, one.
    let (_, query) = consent(&fake, &login_params(&c, &[]));
    let (_, v) = exchange(&fake, param(&query, "code").unwrap(), VERIFIER);
    assert!(v.get("refresh_token").is_none());
    let (_, query) = consent(&fake, &login_params(&c, &[("prompt", "consent")]));
    let (_, v) = exchange(&fake, param(&query, "code").unwrap(), VERIFIER);
    assert!(v["refresh_token"].is_string());
}

/// Consents with `params`, trades the code, and returns the token response.
fn login(fake: &FakeGoogle, params: &[(&str, &str)]) -> Value {
    let (status, query) = consent(fake, params);
    assert_eq!(status, 302, "{params:?}");
    let (status, v) = exchange(fake, param(&query, "code").unwrap(), VERIFIER);
    assert_eq!(status, 200, "{v}");
    v
}

#[test]
fn include_granted_scopes_adds_what_the_user_granted_before() {
    const GMAIL: &str = "https://www.googleapis.com/auth/gmail.readonly";
    const YOUTUBE: &str = "https://www.googleapis.com/auth/youtube.force-ssl";
    let fake = FakeGoogle::start(drive(), Config::default());
    let c = challenge();
    let first = login(&fake, &login_params(&c, &[]));
    assert_eq!(first["scope"], format!("openid email {DRIVE}"));

    // Incremental: the new grant is the union, and so is its refresh token's.
    let mut params = login_params(
        &c,
        &[("include_granted_scopes", "true"), ("prompt", "consent")],
    );
    params.retain(|(k, _)| *k != "scope");
    params.push(("scope", GMAIL));
    let (_, query) = consent(&fake, &params);
    assert_eq!(
        param(&query, "scope").unwrap(),
        format!("openid email {DRIVE} {GMAIL}"),
        "the redirect names the whole grant"
    );
    let (_, v) = exchange(&fake, param(&query, "code").unwrap(), VERIFIER);
    assert_eq!(v["scope"], format!("openid email {DRIVE} {GMAIL}"));
    let (_, refreshed) = refresh(&fake, v["refresh_token"].as_str().unwrap());
    assert_eq!(refreshed["scope"], format!("openid email {DRIVE} {GMAIL}"));
    let asked = fake.last_authorization().unwrap();
    assert_eq!(asked.scopes(), [GMAIL]);
    assert!(asked.include_granted_scopes());
    assert_eq!(asked.get("client_id"), Some(CLIENT_ID));

    // Without it: only what is asked for now, though Google remembers the earlier grants.
    let mut params = login_params(&c, &[]);
    params.retain(|(k, _)| *k != "scope");
    params.push(("scope", YOUTUBE));
    assert_eq!(login(&fake, &params)["scope"], YOUTUBE);
    assert!(!fake.last_authorization().unwrap().include_granted_scopes());
    assert_eq!(
        fake.granted_scopes(USER),
        ["openid", "email", DRIVE, GMAIL, YOUTUBE]
    );
    let mut params = login_params(&c, &[("include_granted_scopes", "true")]);
    params.retain(|(k, _)| *k != "scope");
    params.push(("scope", "openid"));
    assert_eq!(
        login(&fake, &params)["scope"],
        format!("openid email {DRIVE} {GMAIL} {YOUTUBE}")
    );

    // Another user's grants are theirs alone.
    fake.set_consent_user("second@example.com");
    assert_eq!(login(&fake, &params)["scope"], "openid");

    // Revoking revokes the whole grant: nothing is left to include.
    fake.set_consent_user(USER);
    let (_, rt) = fake.issue_tokens(USER, DRIVE);
    let revoked = client()
        .post(format!("{}/revoke", fake.url))
        .form(&[("token", rt.as_str())])
        .send()
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert!(fake.granted_scopes(USER).is_empty());
    assert_eq!(login(&fake, &params)["scope"], "openid");
}

#[test]
fn the_consent_page_refuses_gmail_metadata_and_records_every_request() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let c = challenge();
    let mut params = login_params(&c, &[]);
    params.retain(|(k, _)| *k != "scope");
    params.push((
        "scope",
        "openid https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.metadata",
    ));
    assert_eq!(consent(&fake, &params).0, 400);
    assert!(
        fake.last_authorization()
            .unwrap()
            .scopes()
            .contains(&"https://www.googleapis.com/auth/gmail.metadata"),
        "a refused request is recorded too"
    );
}

#[test]
fn wrong_client_secret_is_invalid_client() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let (_, refresh) = fake.issue_tokens(USER, DRIVE);
    let resp = client()
        .post(format!("{}/token", fake.url))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", CLIENT_ID),
            ("client_secret", "nope"),
        ])
        .send()
        .unwrap();
    assert_eq!(resp.status(), 401);
    let v: Value = resp.json().unwrap();
    assert_eq!(v["error"], "invalid_client");
}

fn refresh(fake: &FakeGoogle, token: &str) -> (u16, Value) {
    // HTTP Basic client authentication, as the oauth2 crate sends it.
    let resp = client()
        .post(format!("{}/token", fake.url))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .send()
        .unwrap();
    (resp.status().as_u16(), resp.json().unwrap())
}

#[test]
fn refresh_keeps_the_refresh_token_unless_rotating() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let (_, rt) = fake.issue_tokens(USER, DRIVE);
    let (status, v) = refresh(&fake, &rt);
    assert_eq!(status, 200);
    assert!(v["access_token"].is_string() && v.get("refresh_token").is_none());
    assert_eq!(
        refresh(&fake, &rt).0,
        200,
        "the same refresh token works again"
    );
}

#[test]
fn rotating_refresh_tokens_kill_the_old_one() {
    let fake = FakeGoogle::start(
        drive(),
        Config {
            rotate_refresh_tokens: true,
            ..Config::default()
        },
    );
    let (_, old) = fake.issue_tokens(USER, DRIVE);
    let (_, v) = refresh(&fake, &old);
    let new = v["refresh_token"].as_str().unwrap().to_string();
    assert!(!fake.refresh_token_is_live(&old) && fake.refresh_token_is_live(&new));
    let (status, v) = refresh(&fake, &old);
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid_grant")));
    assert_eq!(refresh(&fake, &new).0, 200);
}

#[test]
fn revocation_kills_the_grant_and_a_dead_token_gets_400() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let (access, rt) = fake.issue_tokens(USER, DRIVE);
    let revoke = |t: &str| {
        client()
            .post(format!("{}/revoke", fake.url))
            .form(&[("token", t)])
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(revoke(&rt), 200);
    assert_eq!(revoke(&rt), 400);
    assert_eq!(refresh(&fake, &rt).1["error"], "invalid_grant");
    let resp = client()
        .get(format!("{}/drive/v3/files/doc1", fake.url))
        .bearer_auth(access)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 401, "revoking revokes the whole grant");
}

#[test]
fn userinfo_gives_the_email_for_an_email_scope() {
    let fake = FakeGoogle::start(drive(), Config::default());
    let (with, _) = fake.issue_tokens(USER, "openid email");
    let (without, _) = fake.issue_tokens(USER, DRIVE);
    let info = |t: &str| -> (u16, Value) {
        let r = client()
            .get(format!("{}/v1/userinfo", fake.url))
            .bearer_auth(t)
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap())
    };
    assert_eq!(info(&with).1["email"], USER);
    assert!(info(&without).1.get("email").is_none());
    assert_eq!(info("ya29.bogus").0, 401);
}

#[test]
fn device_grant_allows_few_scopes_then_pends_then_slows_down() {
    let fake = FakeGoogle::start(
        drive(),
        Config {
            device_interval: Duration::from_millis(200),
            device_pending_polls: 1,
            ..Config::default()
        },
    );
    let start = |scope: &str| -> (u16, Value) {
        let r = client()
            .post(format!("{}/device/code", fake.url))
            .form(&[("client_id", CLIENT_ID), ("scope", scope)])
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap())
    };
    let (status, v) = start(&format!("openid email {DRIVE}"));
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid_scope")));
    let (status, v) = start("openid email https://www.googleapis.com/auth/drive.file");
    assert_eq!(status, 200);
    let code = v["device_code"].as_str().unwrap().to_string();
    let poll = || -> (u16, Value) {
        let r = client()
            .post(format!("{}/token", fake.url))
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", &code),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
            ])
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap())
    };
    assert_eq!(poll().1["error"], "authorization_pending");
    assert_eq!(
        poll().1["error"],
        "slow_down",
        "polled faster than the interval"
    );
    std::thread::sleep(Duration::from_millis(250));
    let (status, v) = poll();
    assert_eq!(status, 200, "{v}");
    assert!(v["refresh_token"].is_string());
}

fn faulty(faults: Faults) -> Session {
    Session::new(
        drive(),
        Config {
            faults,
            ..Config::default()
        },
    )
}

#[test]
fn fault_server_errors_are_backend_errors() {
    let s = faulty(Faults {
        server_error: 1.0,
        ..Faults::default()
    });
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let (status, v) = s.json("/files/doc1");
        assert_eq!(reason(&v), "backendError");
        seen.insert(status);
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), [500, 503]);
}

#[test]
fn fault_429_carries_retry_after_and_403_is_user_rate_limit() {
    let s = faulty(Faults {
        rate_limit_429: 1.0,
        retry_after_secs: 7,
        ..Faults::default()
    });
    let resp = s.get("/files/doc1");
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "7");
    let s = faulty(Faults {
        rate_limit_403: 1.0,
        ..Faults::default()
    });
    let (status, v) = s.json("/files/doc1");
    assert_eq!((status, reason(&v)), (403, "userRateLimitExceeded"));
}

#[test]
fn fault_dropped_connection_gives_no_response() {
    let s = faulty(Faults {
        drop: 1.0,
        ..Faults::default()
    });
    let err = s
        .http
        .get(format!("{}/drive/v3/files/doc1", s.fake.url))
        .bearer_auth(&s.token)
        .send()
        .unwrap_err();
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert_eq!(s.fake.count("files.get:drop"), 1);
}

#[test]
fn fault_truncated_body_stops_short_of_its_content_length() {
    let s = faulty(Faults {
        truncate: 1.0,
        only: vec!["files.export".into()],
        ..Faults::default()
    });
    let mut resp = s.get("/files/doc1/export?mimeType=text/plain");
    assert_eq!(resp.status(), 200, "headers arrive intact");
    let promised = resp.content_length().unwrap();
    let mut body = Vec::new();
    let read = resp.read_to_end(&mut body);
    assert!(
        read.is_err() || (body.len() as u64) < promised,
        "got {} of {promised}",
        body.len()
    );
    // `only` confined the faults to exports.
    assert_eq!(s.json("/files/doc1").0, 200);
}

#[test]
fn fault_latency_is_added_to_every_request() {
    let s = faulty(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let started = Instant::now();
    assert_eq!(s.json("/files/doc1").0, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[test]
fn faults_are_reproducible_from_a_seed() {
    let outcomes = |seed: u64| -> Vec<u16> {
        let s = faulty(Faults {
            seed,
            server_error: 0.3,
            rate_limit_429: 0.2,
            ..Faults::default()
        });
        (0..40)
            .map(|_| s.get("/files/doc1").status().as_u16())
            .collect()
    };
    let a = outcomes(42);
    assert_eq!(a, outcomes(42));
    assert_ne!(a, outcomes(43));
    let ok = a.iter().filter(|s| **s == 200).count();
    assert!((10..=35).contains(&ok), "about half succeed: {a:?}");
}

#[test]
fn counters_count_each_endpoint_and_outcome() {
    let s = Session::new(drive(), Config::default());
    s.json("/files/doc1");
    s.json("/files/nope");
    s.get("/files/doc1/export?mimeType=text/plain");
    refresh(&s.fake, &s.fake.issue_tokens(USER, DRIVE).1);
    assert_eq!(s.fake.count("files.get"), 2);
    assert_eq!(s.fake.count("files.get:200"), 1);
    assert_eq!(s.fake.count("files.get:404"), 1);
    assert_eq!(s.fake.count("files.export:200"), 1);
    assert_eq!(s.fake.count("token.refresh_token"), 1);
    assert_eq!(s.fake.count("files.download"), 0);
    let over_http: std::collections::BTreeMap<String, u64> = client()
        .get(format!("{}/__fake/counters", s.fake.url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(over_http, s.fake.counters());
}

#[test]
fn an_edit_bumps_version_and_modified_time() {
    let s = Session::new(drive(), Config::default());
    let (_, before) = s.json("/files/doc1?fields=version,modifiedTime");
    s.fake.edit_text("doc1", "New words");
    let (_, after) = s.json("/files/doc1?fields=version,modifiedTime");
    let v = |x: &Value| x["version"].as_str().unwrap().parse::<u64>().unwrap();
    assert!(v(&after) > v(&before));
    assert_ne!(after["modifiedTime"], before["modifiedTime"]);
    let text = s
        .get("/files/doc1/export?mimeType=text/plain")
        .text()
        .unwrap();
    assert_eq!(text, "\u{feff}New words");
}

#[test]
fn the_demo_fixture_loads_and_serves() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/drive.json"
    ))
    .unwrap();
    let s = Session::new(Fixture::from_json(&text).unwrap(), Config::default());
    let (status, v) =
        s.json("/files?q='1WritingFolder0000000000000000'+in+parents+and+trashed=false");
    assert_eq!(status, 200);
    assert_eq!(v["files"].as_array().unwrap().len(), 5);
}
