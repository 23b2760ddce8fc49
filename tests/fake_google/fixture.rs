//! The fake's world: users, OAuth clients, a Drive tree and a Gmail mailbox per user (messages
//! from raw RFC 5322 bytes, send-as aliases), YouTube channels (their specs are in `youtube.rs`), described in JSON (for the standalone server) or
//! built in code (for tests), plus a generator for benchmarks.

use serde::Deserialize;

pub const FOLDER: &str = "application/vnd.google-apps.folder";
pub const DOC: &str = "application/vnd.google-apps.document";
pub const SHEET: &str = "application/vnd.google-apps.spreadsheet";
pub const SLIDES: &str = "application/vnd.google-apps.presentation";
pub const SHORTCUT: &str = "application/vnd.google-apps.shortcut";

/// Everything the fake knows at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    #[serde(default = "default_users")]
    pub users: Vec<String>,
    #[serde(default = "default_clients")]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub files: Vec<FileSpec>,
    /// Gmail messages, each in its user's mailbox.
    #[serde(default)]
    pub mail: Vec<MessageSpec>,
    /// Send-as aliases beyond each user's own address (which is always there, primary).
    #[serde(default)]
    pub send_as: Vec<SendAsSpec>,
    /// YouTube channels with their uploads (`youtube.rs`; `Fixture::channel`).
    #[serde(default)]
    pub channels: Vec<super::youtube::ChannelSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub client_id: String,
    pub client_secret: String,
}

pub const CLIENT_ID: &str = "123456789-fake.apps.googleusercontent.com";
pub const CLIENT_SECRET: &str = "GOCSPX-fake-client-secret";
pub const USER: &str = "writer@example.com";
/// The folder [`Fixture::docs`] fills, for benchmarks and the offline example.
pub const BENCH_FOLDER: &str = "1BenchFolder0000000000000000";

fn default_users() -> Vec<String> {
    vec![USER.to_string()]
}

fn default_clients() -> Vec<Client> {
    vec![Client {
        client_id: CLIENT_ID.to_string(),
        client_secret: CLIENT_SECRET.to_string(),
    }]
}

/// One file or folder in Drive. `kind` decides the content: `folder`, `doc` / `slides`
/// (`text`), `sheet` (`sheets`), `shortcut` (`target`), or `file` (`content`, or
/// `content_base64`, with `mime_type`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    pub id: String,
    pub name: String,
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub parents: Vec<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub sheets: Vec<SheetSpec>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub content_base64: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub trashed: bool,
    /// Set for a file in a shared drive.
    #[serde(default)]
    pub drive_id: Option<String>,
    /// Set for a link-shared file that needs `X-Goog-Drive-Resource-Keys`.
    #[serde(default)]
    pub resource_key: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
}

fn default_kind() -> String {
    "file".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSpec {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

impl Default for Fixture {
    fn default() -> Fixture {
        Fixture {
            users: default_users(),
            clients: default_clients(),
            files: Vec::new(),
            mail: Vec::new(),
            send_as: Vec::new(),
            channels: Vec::new(),
        }
    }
}

impl Fixture {
    pub fn from_json(text: &str) -> Result<Fixture, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    pub fn with(mut self, file: FileSpec) -> Fixture {
        self.files.push(file);
        self
    }

    /// A Gmail message in its user's mailbox (inserted in fixture order, each with a
    /// `messageAdded` history record).
    pub fn with_mail(mut self, message: MessageSpec) -> Fixture {
        self.mail.push(message);
        self
    }

    /// A send-as alias of `user` (verified, not the default).
    pub fn with_alias(mut self, user: &str, email: &str, display_name: &str) -> Fixture {
        self.send_as.push(SendAsSpec {
            user: user.into(),
            email: email.into(),
            display_name: display_name.into(),
            is_default: false,
            reply_to: None,
            verification_status: "accepted".into(),
        });
        self
    }

    /// A folder `folder_id` holding `n` Docs of about `words` words each: the benchmark tree.
    pub fn docs(folder_id: &str, n: usize, words: usize) -> Fixture {
        let mut fixture = Fixture::default().with(FileSpec::folder(folder_id, "Benchmark", "root"));
        let vocabulary: Vec<&str> = "the river morning heron light quiet wrote letter garden \
            window walked remember winter summer rain kitchen reading little still every"
            .split_whitespace()
            .collect();
        for i in 0..n {
            let mut text = format!("Document {i}\n\n");
            for w in 0..words {
                text.push_str(vocabulary[(i * 7 + w * 13 + w / 5) % vocabulary.len()]);
                text.push(if w % 12 == 11 { '\n' } else { ' ' });
            }
            fixture = fixture.with(FileSpec::doc(
                &format!("doc{i:05}"),
                &format!("Document {i}"),
                folder_id,
                &text,
            ));
        }
        fixture
    }
}

impl FileSpec {
    fn new(id: &str, name: &str, kind: &str, parent: &str) -> FileSpec {
        FileSpec {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            mime_type: None,
            parents: vec![parent.into()],
            text: None,
            sheets: Vec::new(),
            content: None,
            content_base64: None,
            target: None,
            trashed: false,
            drive_id: None,
            resource_key: None,
            owner: None,
        }
    }

    pub fn folder(id: &str, name: &str, parent: &str) -> FileSpec {
        FileSpec::new(id, name, "folder", parent)
    }

    pub fn doc(id: &str, name: &str, parent: &str, text: &str) -> FileSpec {
        FileSpec {
            text: Some(text.into()),
            ..FileSpec::new(id, name, "doc", parent)
        }
    }

    pub fn slides(id: &str, name: &str, parent: &str, text: &str) -> FileSpec {
        FileSpec {
            text: Some(text.into()),
            ..FileSpec::new(id, name, "slides", parent)
        }
    }

    pub fn sheet(id: &str, name: &str, parent: &str, sheets: &[(&str, &[&[&str]])]) -> FileSpec {
        FileSpec {
            sheets: sheets
                .iter()
                .map(|(name, rows)| SheetSpec {
                    name: (*name).into(),
                    rows: rows
                        .iter()
                        .map(|r| r.iter().map(|c| (*c).to_string()).collect())
                        .collect(),
                })
                .collect(),
            ..FileSpec::new(id, name, "sheet", parent)
        }
    }

    pub fn binary(id: &str, name: &str, parent: &str, mime_type: &str, content: &[u8]) -> FileSpec {
        use base64::Engine as _;
        FileSpec {
            mime_type: Some(mime_type.into()),
            content_base64: Some(base64::engine::general_purpose::STANDARD.encode(content)),
            ..FileSpec::new(id, name, "file", parent)
        }
    }

    pub fn shortcut(id: &str, name: &str, parent: &str, target: &str) -> FileSpec {
        FileSpec {
            target: Some(target.into()),
            ..FileSpec::new(id, name, "shortcut", parent)
        }
    }

    pub fn trashed(mut self) -> FileSpec {
        self.trashed = true;
        self
    }

    pub fn in_shared_drive(mut self, drive_id: &str) -> FileSpec {
        self.drive_id = Some(drive_id.into());
        self
    }

    pub fn with_resource_key(mut self, key: &str) -> FileSpec {
        self.resource_key = Some(key.into());
        self
    }
}

/// One Gmail message: its raw RFC 5322 bytes and what Gmail keeps beside them. In JSON `raw`
/// is the message as text (`raw_base64` for bytes that are not UTF-8).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageSpec {
    pub id: String,
    /// Empty: a thread of its own, with the message's ID.
    #[serde(default)]
    pub thread_id: String,
    /// Label IDs for system labels (`SENT`, `INBOX`, `DRAFT`, `TRASH`, `SPAM`, `UNREAD`,
    /// `STARRED`, `IMPORTANT`, `CATEGORY_*`); any other string is the name of a user label,
    /// which the fake gives an ID (`Label_1`, ...).
    #[serde(default)]
    pub labels: Vec<String>,
    /// When Gmail accepted it (epoch ms); None: the Date header, else the time of insertion.
    #[serde(default)]
    pub internal_date_ms: Option<i64>,
    #[serde(default, deserialize_with = "text_bytes")]
    pub raw: Vec<u8>,
    #[serde(default)]
    pub raw_base64: Option<String>,
    /// The mailbox; None: the fixture's first user.
    #[serde(default)]
    pub user: Option<String>,
}

fn text_bytes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    String::deserialize(d).map(String::into_bytes)
}

impl MessageSpec {
    fn new(id: &str, raw: &[u8], labels: &[&str]) -> MessageSpec {
        MessageSpec {
            id: id.into(),
            thread_id: String::new(),
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            internal_date_ms: None,
            raw: raw.to_vec(),
            raw_base64: None,
            user: None,
        }
    }

    /// Mail the user sent: label `SENT`.
    pub fn sent(id: &str, raw: &[u8]) -> MessageSpec {
        MessageSpec::new(id, raw, &["SENT"])
    }

    /// Mail the user received: labels `INBOX`, `UNREAD`.
    pub fn received(id: &str, raw: &[u8]) -> MessageSpec {
        MessageSpec::new(id, raw, &["INBOX", "UNREAD"])
    }

    /// Makes it a draft: label `DRAFT` instead of `SENT`/`INBOX`.
    pub fn draft(mut self) -> MessageSpec {
        let others = self
            .labels
            .into_iter()
            .filter(|l| l != "SENT" && l != "INBOX");
        self.labels = std::iter::once("DRAFT".to_string()).chain(others).collect();
        self
    }

    /// Moves it to the trash (label `TRASH`, kept with its other labels as Gmail does).
    pub fn trashed(self) -> MessageSpec {
        self.label("TRASH")
    }

    pub fn in_thread(mut self, thread_id: &str) -> MessageSpec {
        self.thread_id = thread_id.into();
        self
    }

    /// Replaces the labels.
    pub fn labels(mut self, labels: &[&str]) -> MessageSpec {
        self.labels = labels.iter().map(|l| (*l).to_string()).collect();
        self
    }

    /// Adds a label.
    pub fn label(mut self, label: &str) -> MessageSpec {
        if !self.labels.iter().any(|l| l == label) {
            self.labels.push(label.into());
        }
        self
    }

    pub fn at_ms(mut self, internal_date_ms: i64) -> MessageSpec {
        self.internal_date_ms = Some(internal_date_ms);
        self
    }

    pub fn for_user(mut self, user: &str) -> MessageSpec {
        self.user = Some(user.into());
        self
    }

    /// The raw bytes, from `raw` or `raw_base64`.
    pub fn bytes(&self) -> Vec<u8> {
        use base64::Engine as _;
        match &self.raw_base64 {
            Some(b) => base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default(),
            None => self.raw.clone(),
        }
    }
}

/// A plain-text RFC 5322 message (CRLF line ends, UTF-8, 8bit), for fixtures.
pub fn plain_message(from: &str, to: &str, subject: &str, date: &str, body: &str) -> Vec<u8> {
    let id: u32 = [from, to, subject, date, body]
        .concat()
        .bytes()
        .fold(7, |h, b| h.wrapping_mul(31) ^ u32::from(b));
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{id:08x}.fake@example.com>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}",
        body.replace("\r\n", "\n").replace('\n', "\r\n")
    )
    .into_bytes()
}

/// A send-as address of `user` beyond their own (users.settings.sendAs).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendAsSpec {
    pub user: String,
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    /// The default From for new mail (then the primary address is not).
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub reply_to: Option<String>,
    /// `accepted` or `pending`.
    #[serde(default = "accepted")]
    pub verification_status: String,
}

fn accepted() -> String {
    "accepted".into()
}
