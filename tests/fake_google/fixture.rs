//! The fake's world: users, OAuth clients and a Drive tree, described in JSON (for the
//! standalone server) or built in code (for tests), plus a generator for benchmarks.

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
