//! The fake Gmail's own tests: each a rule of `docs/gmail.md` it must keep, over real
//! HTTP, so that voicetrain's Gmail source is tested against something as strict as Gmail.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use reqwest::blocking::Client;
use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, Faults, Fixture, MessageSpec, USER, plain_message};

const READONLY: &str = "https://www.googleapis.com/auth/gmail.readonly";
const METADATA: &str = "https://www.googleapis.com/auth/gmail.metadata";
const DRIVE: &str = "https://www.googleapis.com/auth/drive.readonly";

fn client() -> Client {
    voicetrain::net::install_tls_provider();
    Client::builder().build().unwrap()
}

struct Session {
    fake: FakeGoogle,
    http: Client,
    token: String,
}

impl Session {
    fn new(fixture: Fixture, config: Config) -> Session {
        Session::with_scopes(fixture, config, READONLY)
    }

    fn with_scopes(fixture: Fixture, config: Config, scopes: &str) -> Session {
        let fake = FakeGoogle::start(fixture, config);
        let (token, _) = fake.issue_tokens(USER, scopes);
        Session {
            fake,
            http: client(),
            token,
        }
    }

    /// GET `/gmail/v1/users/me{path}`.
    fn get(&self, path: &str) -> (u16, Value) {
        self.get_as(&self.token, path)
    }

    fn get_as(&self, token: &str, path: &str) -> (u16, Value) {
        let resp = self
            .http
            .get(format!("{}/gmail/v1/users/me{path}", self.fake.url))
            .bearer_auth(token)
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().unwrap())
    }

    /// Every message ID a list query gives, paging to the end; and the pages it took.
    fn list_all(&self, query: &str) -> (Vec<String>, usize) {
        let mut ids = Vec::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("/messages?{query}");
            if let Some(t) = &token {
                path.push_str(&format!("&pageToken={t}"));
            }
            let (status, v) = self.get(&path);
            assert_eq!(status, 200, "{v}");
            pages += 1;
            for m in v["messages"].as_array().into_iter().flatten() {
                ids.push(m["id"].as_str().unwrap().to_string());
            }
            match v["nextPageToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return (ids, pages),
            }
        }
    }
}

/// `reason` and `message` of a Google API error body.
fn reason(v: &Value) -> (&str, &str) {
    (
        v["error"]["errors"][0]["reason"].as_str().unwrap_or(""),
        v["error"]["message"].as_str().unwrap_or(""),
    )
}

/// Sent mail number `i`, a day apart from 2024-01-01.
fn sent(i: usize) -> MessageSpec {
    let raw = plain_message(
        USER,
        "friend@example.org",
        &format!("Letter {i}"),
        "Mon, 01 Jan 2024 10:00:00 +0000",
        &format!("Dear friend,\n\nThis is letter {i}.\n"),
    );
    MessageSpec::sent(&format!("m{i:03}"), &raw).at_ms(1_704_103_200_000 + i as i64 * 86_400_000)
}

fn mailbox(n: usize) -> Fixture {
    let mut fixture = Fixture::default();
    for i in 0..n {
        fixture = fixture.with_mail(sent(i));
    }
    fixture.with_mail(MessageSpec::received(
        "in1",
        &plain_message(
            "friend@example.org",
            USER,
            "Re: Letter 1",
            "Tue, 02 Jan 2024 10:00:00 +0000",
            "Thanks!",
        ),
    ))
}

fn unlimited() -> Config {
    Config {
        gmail_limits: false,
        ..Config::default()
    }
}

#[test]
fn list_pages_to_the_end_giving_ids_only_and_an_estimate_that_is_not_a_count() {
    let s = Session::new(mailbox(12), Config::default());
    let (ids, pages) = s.list_all("q=in:sent&maxResults=5");
    assert_eq!((ids.len(), pages), (12, 3));
    assert_eq!(ids[0], "m011", "newest first");
    let (_, v) = s.get("/messages?q=in:sent&maxResults=5");
    assert_eq!(v["resultSizeEstimate"], 201);
    let keys: Vec<&String> = v["messages"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "threadId"]);
    let (_, v) = s.get("/messages?labelIds=SENT&labelIds=INBOX");
    assert_eq!(v["resultSizeEstimate"], 0);
    assert!(
        v.get("messages").is_none(),
        "an empty list has no messages key"
    );
    let (ids, _) = s.list_all("labelIds=SENT&maxResults=1000");
    assert_eq!(
        ids.len(),
        12,
        "maxResults above 500 is clamped, not refused"
    );
    let (status, v) = s.get("/messages?maxResults=lots");
    assert_eq!((status, reason(&v).0), (400, "invalidArgument"));
    let (_, first) = s.get("/messages?q=in:sent&maxResults=5");
    let token = first["nextPageToken"].as_str().unwrap();
    let (status, _) = s.get(&format!("/messages?q=in:inbox&pageToken={token}"));
    assert_eq!(status, 400, "a page token is only good for its own query");
}

#[test]
fn undeclared_parameters_and_other_users_are_refused() {
    let s = Session::new(mailbox(1), Config::default());
    let (status, v) = s.get("/messages?pageSize=10");
    assert_eq!((status, reason(&v).0), (400, "badRequest"));
    assert_eq!(
        s.fake.rejected_parameters(),
        [("gmail.messages.list".to_string(), "pageSize".to_string())]
    );
    let (status, _) = s.get("/messages?fields=messages(id)&prettyPrint=false");
    assert_eq!(status, 200, "system parameters are always accepted");
    let resp = s
        .http
        .get(format!(
            "{}/gmail/v1/users/someone%40example.com/profile",
            s.fake.url
        ))
        .bearer_auth(&s.token)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let resp = s
        .http
        .get(format!(
            "{}/gmail/v1/users/writer%40example.com/profile",
            s.fake.url
        ))
        .bearer_auth(&s.token)
        .send()
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        200,
        "the user's own address is 'me'"
    );
}

#[test]
fn trash_and_spam_are_left_out_unless_asked_for() {
    let fixture = mailbox(2)
        .with_mail(sent(7).trashed())
        .with_mail(sent(8).label("SPAM"));
    let s = Session::new(fixture, Config::default());
    assert_eq!(s.list_all("q=in:sent").0, ["m001", "m000"]);
    assert_eq!(s.list_all("q=in:sent&includeSpamTrash=true").0.len(), 4);
    assert_eq!(s.list_all("q=in:trash").0, ["m007"]);
    let (status, _) = s.get("/messages?includeSpamTrash=yes");
    assert_eq!(status, 400);
}

#[test]
fn the_q_subset_and_an_invalid_query() {
    // 2024-03-10 07:30 UTC is still 2024-03-09 in PST, where Gmail reads dates.
    let late = MessageSpec::sent(
        "late",
        &plain_message(
            "Writer <writer@example.com>",
            "a@example.org",
            "Spring \"plans\"",
            "Sun, 10 Mar 2024 07:30:00 +0000",
            "The garden in March.",
        ),
    )
    .at_ms(1_710_055_800_000);
    let alias = MessageSpec::sent(
        "alias",
        &plain_message(
            "alias@example.net",
            "b@example.org",
            "From the alias",
            "Sun, 10 Mar 2024 09:00:00 +0000",
            "Sent as my alias.",
        ),
    )
    .at_ms(1_710_061_200_000)
    .label("Work/Letters");
    let fixture = Fixture::default()
        .with_alias(USER, "alias@example.net", "Writer")
        .with_mail(late)
        .with_mail(alias)
        .with_mail(sent(1));
    let s = Session::new(fixture, Config::default());
    let ids = |q: &str| {
        let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
        s.list_all(&format!("q={q}")).0
    };
    assert_eq!(ids("in:sent after:2024/03/10"), ["alias"]);
    assert_eq!(ids("in:sent after:2024/03/09 before:2024/03/10"), ["late"]);
    assert_eq!(ids("after:1710055800 before:1710055801"), ["late"]);
    assert_eq!(ids("from:me"), ["late", "m001"], "no alias expansion");
    assert_eq!(ids("-from:me"), ["alias"]);
    assert_eq!(ids("label:work-letters"), ["alias"]);
    assert_eq!(ids("in:sent -label:work/letters subject:spring"), ["late"]);
    assert_eq!(ids("\"garden in march\""), ["late"]);
    assert_eq!(ids("to:b@example.org"), ["alias"]);
    let msgid = {
        let (_, v) = s.get("/messages/m001?format=metadata&metadataHeaders=Message-ID");
        v["payload"]["headers"][0]["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ids(&format!("rfc822msgid:{msgid}")), ["m001"]);
    assert_eq!(ids("newer_than:1d"), Vec::<String>::new());
    assert_eq!(ids("older_than:1d").len(), 3);
    for bad in [
        "in:sent OR in:inbox",
        "(in:sent)",
        "smell:roses",
        "after:yesterday",
        "\"open",
    ] {
        let q: String = url::form_urlencoded::byte_serialize(bad.as_bytes()).collect();
        let (status, v) = s.get(&format!("/messages?q={q}"));
        assert_eq!(
            (status, reason(&v)),
            (400, ("invalidArgument", "Invalid query")),
            "{bad}"
        );
    }
}

/// A multipart message: a Latin-1 quoted-printable text part, an HTML part, an attachment.
fn latin1() -> Vec<u8> {
    b"From: writer@example.com\r\n\
      To: friend@example.org\r\n\
      Subject: =?ISO-8859-1?Q?Caf=E9?=\r\n\
      Date: Mon, 01 Jan 2024 10:00:00 +0000\r\n\
      MIME-Version: 1.0\r\n\
      Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
      \r\n\
      --outer\r\n\
      Content-Type: multipart/alternative; boundary=\"inner\"\r\n\
      \r\n\
      --inner\r\n\
      Content-Type: text/plain; charset=iso-8859-1\r\n\
      Content-Transfer-Encoding: quoted-printable\r\n\
      \r\n\
      Un caf=E9 cr=E8me, s'il vous pla=EEt.\r\n\
      --inner\r\n\
      Content-Type: text/html; charset=iso-8859-1\r\n\
      Content-Transfer-Encoding: quoted-printable\r\n\
      \r\n\
      <p>Un caf=E9</p>\r\n\
      --inner--\r\n\
      --outer\r\n\
      Content-Type: application/octet-stream; name=\"notes.bin\"\r\n\
      Content-Disposition: attachment; filename=\"notes.bin\"\r\n\
      Content-Transfer-Encoding: base64\r\n\
      \r\n\
      AAEC/w==\r\n\
      --outer--\r\n"
        .to_vec()
}

#[test]
fn raw_is_padded_base64url_and_full_part_data_is_unpadded_in_its_own_charset() {
    let raw = latin1();
    assert_ne!(raw.len() % 3, 0, "the fixture must need padding");
    let s = Session::new(
        Fixture::default().with_mail(MessageSpec::sent("mx", &raw)),
        Config::default(),
    );
    let (_, v) = s.get("/messages/mx?format=raw");
    let encoded = v["raw"].as_str().unwrap();
    assert!(encoded.ends_with('='), "raw is padded");
    assert_eq!(URL_SAFE.decode(encoded).unwrap(), raw);
    assert!(v.get("payload").is_none());
    assert_eq!(v["sizeEstimate"], raw.len());
    assert_eq!(
        v["internalDate"], "1704103200000",
        "from Date:, as a string"
    );

    let (_, v) = s.get("/messages/mx");
    let payload = &v["payload"];
    assert_eq!(payload["partId"], "");
    assert_eq!(payload["mimeType"], "multipart/mixed");
    let subject = payload["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "Subject")
        .unwrap();
    assert_eq!(subject["value"], "Café", "header values are decoded");
    let text = &payload["parts"][0]["parts"][0];
    assert_eq!(
        (text["partId"].as_str(), text["mimeType"].as_str()),
        (Some("0.0"), Some("text/plain"))
    );
    let data = text["body"]["data"].as_str().unwrap();
    assert!(!data.contains('='), "body.data is unpadded");
    let bytes = URL_SAFE_NO_PAD.decode(data).unwrap();
    assert_eq!(
        bytes, b"Un caf\xe9 cr\xe8me, s'il vous pla\xeet.",
        "still Latin-1"
    );
    assert_eq!(text["body"]["size"], bytes.len());
    assert_eq!(payload["parts"][0]["body"], serde_json::json!({"size": 0}));
    assert_eq!(v["snippet"], "Un café crème, s&#39;il vous plaît.");

    let attachment = &payload["parts"][1];
    assert_eq!(
        (
            attachment["partId"].as_str(),
            attachment["filename"].as_str()
        ),
        (Some("1"), Some("notes.bin"))
    );
    assert!(attachment["body"].get("data").is_none());
    let first_id = attachment["body"]["attachmentId"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, again) = s.get("/messages/mx");
    let second_id = again["payload"]["parts"][1]["body"]["attachmentId"]
        .as_str()
        .unwrap();
    assert_ne!(first_id, second_id, "attachment IDs are ephemeral");
    let (status, a) = s.get(&format!("/messages/mx/attachments/{second_id}"));
    assert_eq!(status, 200);
    assert_eq!(
        URL_SAFE_NO_PAD.decode(a["data"].as_str().unwrap()).unwrap(),
        [0, 1, 2, 255]
    );

    let (_, v) = s.get("/messages/mx?format=minimal");
    assert!(v.get("payload").is_none() && v["labelIds"] == serde_json::json!(["SENT"]));
    let (_, v) = s.get("/messages/mx?format=metadata&metadataHeaders=subject&metadataHeaders=To");
    let names: Vec<&str> = v["payload"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["To", "Subject"], "in message order");
    let (status, _) = s.get("/messages/mx?format=html");
    assert_eq!(status, 400);
}

#[test]
fn unknown_and_vanished_ids_get_googles_404() {
    let s = Session::new(mailbox(2), Config::default());
    let (status, v) = s.get("/messages/nope");
    assert_eq!(status, 404);
    assert_eq!(
        v,
        serde_json::json!({"error": {
            "code": 404,
            "message": "Requested entity was not found.",
            "errors": [{"message": "Requested entity was not found.", "domain": "global", "reason": "notFound"}],
            "status": "NOT_FOUND",
        }})
    );
    s.fake.vanish_on_get("m001");
    assert!(s.list_all("q=in:sent").0.contains(&"m001".to_string()));
    assert_eq!(s.get("/messages/m001?format=raw").0, 404);
}

#[test]
fn threads_come_in_order_and_have_no_raw_format() {
    let fixture = Fixture::default()
        .with_mail(sent(2).in_thread("t1"))
        .with_mail(sent(1).in_thread("t1"))
        .with_mail(sent(3));
    let s = Session::new(fixture, Config::default());
    let (status, v) = s.get("/threads/t1?format=minimal");
    assert_eq!(status, 200);
    let ids: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m001", "m002"], "oldest first");
    assert_eq!(s.get("/threads/t1?format=raw").0, 400);
    assert_eq!(s.get("/threads/none").0, 404);
}

#[test]
fn history_records_changes_with_bare_messages_after_the_start_id() {
    let s = Session::new(mailbox(2), Config::default());
    let (_, profile) = s.get("/profile");
    assert_eq!(profile["emailAddress"], USER);
    assert_eq!(
        (
            profile["messagesTotal"].as_u64(),
            profile["threadsTotal"].as_u64()
        ),
        (Some(3), Some(3))
    );
    let start = profile["historyId"].as_str().unwrap().to_string();
    let (_, v) = s.get(&format!("/history?startHistoryId={start}"));
    assert!(v.get("history").is_none(), "nothing after the current ID");
    assert_eq!(v["historyId"], start.as_str());

    s.fake.add_mail(sent(5));
    s.fake.label_mail("m005", &["STARRED"], &[]);
    s.fake.delete_mail("m000");
    let (_, v) = s.get(&format!("/history?startHistoryId={start}"));
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    let ids: Vec<u64> = history
        .iter()
        .map(|h| h["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "chronological");
    assert_eq!(v["historyId"], s.fake.gmail_history_id(USER).to_string());
    let added = &history[0]["messagesAdded"][0]["message"];
    assert_eq!(
        *added,
        serde_json::json!({"id": "m005", "threadId": "m005"}),
        "no labels in history"
    );
    assert_eq!(
        history[1]["labelsAdded"][0]["labelIds"],
        serde_json::json!(["STARRED"])
    );
    assert_eq!(history[2]["messagesDeleted"][0]["message"]["id"], "m000");

    let (_, v) = s.get(&format!(
        "/history?startHistoryId={start}&historyTypes=messageDeleted"
    ));
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
    let (_, v) = s.get(&format!("/history?startHistoryId={start}&labelId=STARRED"));
    assert_eq!(
        v["history"].as_array().unwrap().len(),
        1,
        "labels as of each record"
    );
    let (_, v) = s.get(&format!("/history?startHistoryId={start}&labelId=SENT"));
    assert_eq!(v["history"].as_array().unwrap().len(), 3);
    let (_, v) = s.get(&format!("/history?startHistoryId={start}&maxResults=2"));
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    assert!(v["nextPageToken"].is_string());
}

#[test]
fn an_expired_start_id_is_404_and_a_missing_one_400() {
    let s = Session::new(mailbox(2), Config::default());
    let (_, profile) = s.get("/profile");
    let old = profile["historyId"].as_str().unwrap().to_string();
    let expected = (
        400,
        (
            "invalidArgument",
            "Missing/invalid parameter: startHistoryId",
        ),
    );
    let (status, v) = s.get("/history");
    assert_eq!((status, reason(&v)), expected);
    let (status, v) = s.get("/history?startHistoryId=abc");
    assert_eq!((status, reason(&v)), expected);
    assert_eq!(s.get("/history?startHistoryId=0").0, 404);
    assert_eq!(s.get(&format!("/history?startHistoryId={old}")).0, 200);
    s.fake.add_mail(sent(9));
    s.fake.expire_history();
    let (status, v) = s.get(&format!("/history?startHistoryId={old}"));
    assert_eq!((status, reason(&v).0), (404, "notFound"));
    let now = s.fake.gmail_history_id(USER);
    assert_eq!(s.get(&format!("/history?startHistoryId={now}")).0, 200);
}

#[test]
fn history_pages_can_be_empty_yet_carry_a_next_page_token() {
    let config = Config {
        empty_history_pages: true,
        ..Config::default()
    };
    let s = Session::new(mailbox(1), config);
    let start = s.fake.gmail_history_id(USER);
    for i in 10..13 {
        s.fake.add_mail(sent(i));
    }
    let mut path = format!("/history?startHistoryId={start}&maxResults=2");
    let (mut records, mut empty) = (0, 0);
    loop {
        let (status, v) = s.get(&path);
        assert_eq!(status, 200);
        match v["history"].as_array() {
            Some(h) => records += h.len(),
            None => empty += 1,
        }
        let Some(next) = v["nextPageToken"].as_str() else {
            break;
        };
        path = format!("/history?startHistoryId={start}&maxResults=2&pageToken={next}");
    }
    assert_eq!((records, empty), (3, 2));
}

#[test]
fn drafts_get_a_new_message_id_on_every_save() {
    let s = Session::new(mailbox(1), Config::default());
    let start = s.fake.gmail_history_id(USER);
    let raw = plain_message(
        USER,
        "a@example.org",
        "Draft",
        "Mon, 01 Jan 2024 10:00:00 +0000",
        "one",
    );
    let first = s.fake.save_draft(USER, "d1", &raw);
    let second = s.fake.save_draft(USER, "d1", &raw);
    assert_ne!(first, second);
    assert_eq!(s.get(&format!("/messages/{first}")).0, 404);
    let (_, v) = s.get(&format!("/messages/{second}?format=minimal"));
    assert_eq!(v["labelIds"], serde_json::json!(["DRAFT"]));
    let (_, v) = s.get(&format!("/history?startHistoryId={start}"));
    let kinds: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            ["messagesAdded", "messagesDeleted"]
                .into_iter()
                .find(|k| h.get(*k).is_some())
                .unwrap()
        })
        .collect();
    assert_eq!(kinds, ["messagesAdded", "messagesDeleted", "messagesAdded"]);
    assert!(!s.list_all("q=in:sent").0.contains(&second));
    let sent_id = s.fake.send_draft("d1");
    assert!(s.list_all("q=in:sent").0.contains(&sent_id));
}

#[test]
fn send_as_lists_the_primary_address_and_aliases_and_labels_list_both_kinds() {
    let fixture = mailbox(0)
        .with_alias(USER, "alias@example.net", "Writer")
        .with_mail(sent(1).label("Letters"));
    let s = Session::new(fixture, Config::default());
    let (_, v) = s.get("/settings/sendAs");
    let all = v["sendAs"].as_array().unwrap();
    assert_eq!(all[0]["sendAsEmail"], USER);
    assert_eq!(
        (all[0]["isPrimary"].as_bool(), all[0]["isDefault"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(all[0].get("verificationStatus").is_none());
    assert_eq!(all[1]["sendAsEmail"], "alias@example.net");
    assert!(
        all[1].get("isPrimary").is_none(),
        "false booleans are left out"
    );
    assert_eq!(all[1]["verificationStatus"], "accepted");
    let (_, v) = s.get("/labels");
    let labels = v["labels"].as_array().unwrap();
    assert!(
        labels
            .iter()
            .any(|l| l["id"] == "SENT" && l["type"] == "system")
    );
    let user = labels.iter().find(|l| l["type"] == "user").unwrap();
    assert_eq!(
        (user["id"].as_str(), user["name"].as_str()),
        (Some("Label_1"), Some("Letters"))
    );
    let (_, m) = s.get("/messages/m001?format=minimal");
    assert_eq!(m["labelIds"], serde_json::json!(["SENT", "Label_1"]));
}

#[test]
fn metadata_scope_refuses_any_q_and_full_and_raw_even_beside_readonly() {
    for scopes in [METADATA.to_string(), format!("{READONLY} {METADATA}")] {
        let s = Session::with_scopes(mailbox(1), Config::default(), &scopes);
        let (status, v) = s.get("/messages?q=");
        assert_eq!(
            (status, reason(&v)),
            (
                403,
                ("forbidden", "Metadata scope does not support 'q' parameter")
            ),
            "{scopes}"
        );
        assert_eq!(v["error"]["status"], "PERMISSION_DENIED");
        assert_eq!(s.get("/messages?labelIds=SENT").0, 200);
        let (status, v) = s.get("/messages/m000");
        assert_eq!(
            (status, reason(&v).1),
            (403, "Metadata scope doesn't allow format FULL")
        );
        let (status, v) = s.get("/messages/m000?format=raw");
        assert_eq!(
            (status, reason(&v).1),
            (403, "Metadata scope doesn't allow format RAW")
        );
        assert_eq!(s.get("/messages/m000?format=metadata").0, 200);
    }
}

#[test]
fn no_gmail_scope_is_403_and_a_dead_token_401() {
    let s = Session::with_scopes(mailbox(1), Config::default(), DRIVE);
    let (status, v) = s.get("/messages");
    assert_eq!(
        (status, reason(&v)),
        (
            403,
            (
                "insufficientPermissions",
                "Request had insufficient authentication scopes."
            )
        )
    );
    assert_eq!(v["error"]["status"], "PERMISSION_DENIED");
    let (status, v) = s.get_as("ya29.nonsense", "/profile");
    assert_eq!((status, reason(&v).0), (401, "authError"));
    let (metadata, _) = s.fake.issue_tokens(USER, METADATA);
    let (status, _) = s.get_as(&metadata, "/settings/sendAs");
    assert_eq!(status, 403, "sendAs needs more than metadata");
}

#[test]
fn a_burst_over_250_units_a_second_gets_403_and_pacing_at_250_gets_none() {
    // 100 gets (500 units) at once, the in-flight limit out of the way: the bucket holds 250
    // and refills 250 a second, so about half are refused however slow the machine.
    let config = Config {
        gmail_max_concurrent: 1000,
        ..Config::default()
    };
    let s = Session::new(mailbox(1), config);
    let start = Instant::now();
    let statuses = at_once(&s, 100);
    let elapsed = start.elapsed().as_secs_f64();
    let refused = statuses.iter().filter(|&&c| c == 403).count() as u64;
    let admitted = statuses.iter().filter(|&&c| c == 200).count() as u64;
    assert_eq!(refused + admitted, 100, "{statuses:?}");
    assert!(refused > 0);
    assert!(
        admitted as f64 <= 50.0 + elapsed * 50.0 + 1.0,
        "{admitted} admitted in {elapsed} s"
    );
    assert_eq!(s.fake.count("gmail.quota:403"), refused);
    assert_eq!(s.fake.count("gmail.messages.get:403"), refused);
    assert_eq!(s.fake.gmail_units(USER), admitted * 5);
    let (status, v) = s.get("/messages/m000?format=minimal");
    if status == 403 {
        assert_eq!(reason(&v).0, "userRateLimitExceeded");
        assert!(
            reason(&v)
                .1
                .starts_with("User-rate limit exceeded.  Retry after 20")
        );
    }

    let s = Session::new(mailbox(1), Config::default());
    let start = Instant::now();
    for i in 0..100u32 {
        // 50 gets (250 units) a second.
        let due = start + Duration::from_millis(20) * i;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        assert_eq!(s.get("/messages/m000?format=minimal").0, 200, "request {i}");
    }
    assert_eq!(s.fake.count("gmail.quota:403"), 0);
    assert_eq!(s.fake.gmail_units(USER), 500);
}

/// `n` gets of one message at once, each on its own thread; their statuses.
fn at_once(s: &Session, n: usize) -> Vec<u16> {
    let barrier = Arc::new(Barrier::new(n));
    let url = format!(
        "{}/gmail/v1/users/me/messages/m000?format=minimal",
        s.fake.url
    );
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let (barrier, http, url, token) = (
                Arc::clone(&barrier),
                s.http.clone(),
                url.clone(),
                s.token.clone(),
            );
            std::thread::Builder::new()
                .spawn(move || {
                    barrier.wait();
                    http.get(url)
                        .bearer_auth(token)
                        .send()
                        .unwrap()
                        .status()
                        .as_u16()
                })
                .unwrap()
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn more_than_25_requests_in_flight_get_429_for_the_extra_ones() {
    let config = Config {
        faults: Faults {
            latency_ms: 1000,
            ..Faults::default()
        },
        ..Config::default()
    };
    let s = Session::new(mailbox(1), config);
    let statuses = at_once(&s, 30);
    let refused = statuses.iter().filter(|&&c| c == 429).count();
    assert_eq!((refused, statuses.len() - refused), (5, 25), "{statuses:?}");
    assert_eq!(s.fake.count("gmail.concurrency:429"), 5);
    // Once they are answered, the user may send again.
    assert_eq!(s.get("/messages/m000?format=minimal").0, 200);
    let unlimited = Session::new(
        mailbox(1),
        Config {
            faults: Faults {
                latency_ms: 300,
                ..Faults::default()
            },
            ..unlimited()
        },
    );
    assert!(at_once(&unlimited, 30).iter().all(|&c| c == 200));
}

/// A batch request of `n` gets, as `multipart/mixed`.
fn batch(s: &Session, n: usize) -> (u16, String) {
    let mut body = String::new();
    for i in 0..n {
        body.push_str(&format!(
            "--sep\r\nContent-Type: application/http\r\nContent-ID: <item{i}>\r\n\r\n\
             GET /gmail/v1/users/me/messages/m000?format=minimal\r\n\r\n"
        ));
    }
    body.push_str("--sep--\r\n");
    let resp = s
        .http
        .post(format!("{}/batch/gmail/v1", s.fake.url))
        .bearer_auth(&s.token)
        .header("content-type", "multipart/mixed; boundary=sep")
        .body(body)
        .send()
        .unwrap();
    (resp.status().as_u16(), resp.text().unwrap())
}

#[test]
fn a_batch_answers_each_part_and_refuses_past_the_limits() {
    let s = Session::new(mailbox(1), Config::default());
    let (status, text) = batch(&s, 30);
    assert_eq!(status, 200);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 25);
    assert_eq!(text.matches("HTTP/1.1 429").count(), 5);
    assert!(text.contains("Too many concurrent requests for user"));
    assert!(text.contains("Content-ID: <response-item0>"));
    assert_eq!(s.fake.count("gmail.messages.get:200"), 25);
    let (status, text) = batch(&s, 101);
    assert_eq!(status, 400);
    assert!(text.contains("Inner request count exceeds the limit. Received: 101, Limit: 100"));
}

#[test]
fn env_points_the_gmail_url_here_and_the_control_routes_work() {
    let s = Session::new(Fixture::default(), Config::default());
    let env = s.fake.env();
    let url = env
        .iter()
        .find(|(k, _)| *k == "VOICETRAIN_GOOGLE_GMAIL_URL")
        .unwrap();
    assert_eq!(url.1, format!("{}/gmail/v1", s.fake.url));
    let control = |path: &str, body: &str| {
        let resp = s
            .http
            .post(format!("{}/__fake/gmail/{path}", s.fake.url))
            .body(body.to_string())
            .send()
            .unwrap();
        resp.status().as_u16()
    };
    let spec = r#"{"id": "c1", "labels": ["SENT"], "raw": "From: writer@example.com\r\nSubject: Hi\r\n\r\nHello\r\n"}"#;
    assert_eq!(control("add", spec), 200);
    assert_eq!(s.list_all("q=in:sent").0, ["c1"]);
    assert_eq!(control("delete?id=c1", ""), 200);
    assert_eq!(control("delete?id=c1", ""), 404);
    assert_eq!(control("expire_history", ""), 200);
    let units: Value = s
        .http
        .get(format!("{}/__fake/gmail/units", s.fake.url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(units["units"], 5);
}
