//! Hostile input, table-driven, through the real binary: bad addresses, paths, keys, config
//! files, damaged stores, broken and malicious files, huge lines, invalid UTF-8, NUL bytes,
//! symlink loops, files that change while read, flags out of range. Each case must give its
//! exit code and a message saying what is wrong, never a panic or a crash, and (unless the case
//! is the store itself) leave the sample that was there before untouched.

use std::path::Path;

use crate::util::{Env, check_store, seed_tokens};

/// What a case sets up before running, beyond its files.
#[derive(Clone, Copy)]
enum Setup {
    None,
    /// A store with secrets encrypted by a key in `<home>/key`.
    Secrets,
    /// Something done to the world with a function.
    With(fn(&Env)),
}

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    setup: Setup,
    env: &'static [(&'static str, &'static str)],
    stdin: &'static [u8],
    code: i32,
    /// `{kept}` stands for the ID of the sample stored before the case.
    args: &'static [&'static str],
    /// Said on stdout or stderr.
    says: &'static str,
    /// Whether the case damages the store on purpose.
    breaks_store: bool,
}

const CASE: Case = Case {
    name: "",
    files: &[],
    setup: Setup::None,
    env: &[],
    args: &[],
    stdin: b"",
    code: 0,
    says: "",
    breaks_store: false,
};

/// A 300-byte PDF whose stream claims to be 100 GB long.
const PDF_HUGE_LENGTH: &[u8] = b"%PDF-1.7\n1 0 obj << /Length 99999999999 >> stream\nxx\nendstream endobj\ntrailer << /Root 1 0 R /Size 2 >>\nstartxref\n9\n%%EOF\n";

fn cases() -> Vec<Case> {
    vec![
        // Addresses.
        Case {
            name: "a web address that is not Drive",
            args: &["ingest", "https://example.com/essay"],
            code: 1,
            says: "is not a Google Drive or Docs address",
            ..CASE
        },
        Case {
            name: "a folder address without its ID",
            args: &["ingest", "https://drive.google.com/drive/folders/"],
            code: 1,
            says: "these shapes are",
            ..CASE
        },
        Case {
            name: "a Drive address with another scheme",
            args: &[
                "ingest",
                "ftp://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view",
            ],
            code: 1,
            says: "is not a Google Drive or Docs address",
            ..CASE
        },
        Case {
            name: "a Drive address with a NUL byte encoded",
            args: &["ingest", "https://drive.google.com/file/d/1AbC%00dEf/view"],
            code: 1,
            says: "is not a Google Drive or Docs address",
            ..CASE
        },
        Case {
            name: "a Docs address without an account",
            args: &[
                "ingest",
                "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit",
            ],
            code: 3,
            says: "voicetrain auth google",
            ..CASE
        },
        Case {
            name: "an empty source",
            args: &["ingest", ""],
            code: 1,
            says: "failed",
            ..CASE
        },
        // Paths.
        Case {
            name: "a file that does not exist",
            args: &["ingest", "nowhere.txt"],
            code: 1,
            says: "No such file or directory",
            ..CASE
        },
        Case {
            name: "a symbolic link to itself",
            setup: Setup::With(|env| {
                std::os::unix::fs::symlink("self.txt", env.path("self.txt")).unwrap();
            }),
            args: &["ingest", "self.txt"],
            code: 1,
            says: "symbolic links",
            ..CASE
        },
        Case {
            name: "a directory holding a symbolic link loop",
            files: &[("tree/a.txt", b"A note in a tree.")],
            setup: Setup::With(|env| {
                std::os::unix::fs::symlink("..", env.path("tree/up")).unwrap();
            }),
            args: &["ingest", "tree"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "an empty directory",
            setup: Setup::With(|env| std::fs::create_dir_all(env.path("empty")).unwrap()),
            args: &["ingest", "empty"],
            code: 0,
            says: "nothing found to ingest",
            ..CASE
        },
        Case {
            name: "a file name with a newline",
            files: &[("odd\nname.txt", b"A note with an odd name.")],
            args: &["ingest", "odd\nname.txt"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "stdin naming a file whose name is not UTF-8",
            setup: Setup::With(|env| {
                use std::os::unix::ffi::OsStrExt as _;
                let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
                std::fs::write(env.dir.path().join(name), "Written in a café.").unwrap();
            }),
            args: &["ingest", "-"],
            stdin: b"caf\xe9.txt\n",
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "stdin with a NUL byte in a name",
            files: &[("ok.txt", b"A fine note.")],
            args: &["ingest", "-"],
            stdin: b"ok.txt\nbad\0name\n",
            code: 4,
            says: "NUL byte",
            ..CASE
        },
        Case {
            name: "stdin of binary junk",
            args: &["ingest", "-"],
            stdin: b"\xff\xfe\x00\x01\x02\n\x89PNG\r\n",
            code: 1,
            says: "failed",
            ..CASE
        },
        Case {
            name: "/dev/null named explicitly",
            args: &["ingest", "/dev/null"],
            code: 0,
            says: "empty file",
            ..CASE
        },
        Case {
            name: "/dev/zero named explicitly",
            args: &["ingest", "/dev/zero"],
            code: 0,
            says: "binary file",
            ..CASE
        },
        // Contents.
        Case {
            name: "NUL bytes in a text file",
            files: &[("nul.txt", b"some\0words\0with\0nuls\0in\0them")],
            args: &["ingest", "nul.txt"],
            code: 0,
            says: "binary file, not text",
            ..CASE
        },
        Case {
            name: "Latin-1 bytes that are not UTF-8",
            files: &[(
                "latin.txt",
                b"Caf\xe9 cr\xe8me, na\xefve fa\xe7ade: d\xe9j\xe0 vu.",
            )],
            args: &["ingest", "latin.txt"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "UTF-16 with a byte-order mark",
            files: &[("utf16.txt", b"\xff\xfeH\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0")],
            args: &["ingest", "utf16.txt"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "a huge single line",
            setup: Setup::With(|env| {
                env.write("line.txt", "word ".repeat(4_000_000));
            }),
            args: &["ingest", "line.txt"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "a file over --max-size",
            files: &[("big.txt", b"more than ten bytes of text")],
            args: &["ingest", "--max-size", "10", "big.txt"],
            code: 0,
            says: "larger than --max-size",
            ..CASE
        },
        Case {
            name: "an empty file",
            files: &[("empty.txt", b"")],
            args: &["ingest", "empty.txt"],
            code: 0,
            says: "empty file",
            ..CASE
        },
        Case {
            name: "only white space",
            files: &[("blank.md", b" \n\t\r\n  \n")],
            args: &["ingest", "blank.md"],
            code: 0,
            says: "only white space",
            ..CASE
        },
        Case {
            name: "a PDF that is garbage after its header",
            files: &[(
                "junk.pdf",
                b"%PDF-1.4\n\x00\x01\x02 this is not a PDF body at all",
            )],
            args: &["ingest", "junk.pdf"],
            code: 1,
            says: "failed",
            ..CASE
        },
        Case {
            name: "a PDF whose stream claims 100 GB",
            files: &[("huge.pdf", PDF_HUGE_LENGTH)],
            args: &["ingest", "huge.pdf"],
            code: 1,
            says: "the extractor crashed on this file",
            ..CASE
        },
        Case {
            name: "a PDF nested ten thousand arrays deep",
            setup: Setup::With(|env| {
                let mut pdf = b"%PDF-1.7\n1 0 obj ".to_vec();
                pdf.extend(std::iter::repeat_n(b'[', 10_000));
                pdf.extend(b"\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
                env.write("deep.pdf", pdf);
            }),
            args: &["ingest", "deep.pdf"],
            code: 1,
            says: "failed",
            ..CASE
        },
        Case {
            name: "a file named .pdf that is text",
            files: &[("notreally.pdf", b"Just some words, no PDF here.")],
            args: &["ingest", "notreally.pdf"],
            code: 1,
            says: "not a PDF file",
            ..CASE
        },
        Case {
            name: "an .xlsx that is not a zip",
            files: &[("book.xlsx", b"PK\x03\x04 not really a zip")],
            args: &["ingest", "book.xlsx"],
            code: 1,
            says: "not a readable spreadsheet",
            ..CASE
        },
        Case {
            name: "an .xlsx with a cell at XFD1048576",
            setup: Setup::With(|env| {
                env.write("sparse.xlsx", sparse_xlsx());
            }),
            args: &["ingest", "sparse.xlsx"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "a zip bomb named .xlsx",
            setup: Setup::With(|env| {
                env.write("bomb.xlsx", zip_bomb());
            }),
            args: &["ingest", "bomb.xlsx"],
            code: 0,
            says: "a workbook that unpacks to 120 MB",
            ..CASE
        },
        Case {
            name: "a CSV with an unclosed quote",
            files: &[("quote.csv", b"title,year\n\"Emma,1815\nPersuasion,1817\n")],
            args: &["ingest", "quote.csv"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        Case {
            name: "a file rewritten while it is read",
            setup: Setup::With(|env| {
                rewrite_for_a_while(env.write("moving.txt", version(0)));
            }),
            args: &["ingest", "moving.txt"],
            code: 0,
            says: "1 ingested",
            ..CASE
        },
        // Keys.
        Case {
            name: "a key that is not a key",
            env: &[("VOICETRAIN_ENCRYPTION_KEY", "not-a-key")],
            setup: Setup::Secrets,
            args: &["auth", "token"],
            code: 5,
            says: "is not a valid key",
            ..CASE
        },
        Case {
            name: "a key file of garbage",
            setup: Setup::With(|env| {
                seed_tokens(env, &env.path("garbage.key"), &[("ya29.a", "1//r")]);
                std::fs::write(env.path("garbage.key"), "garbage").unwrap();
            }),
            args: &["--key-file", "garbage.key", "auth", "token"],
            code: 5,
            says: "is not a valid key",
            ..CASE
        },
        Case {
            name: "a key file others can read",
            setup: Setup::With(|env| {
                use std::os::unix::fs::PermissionsExt as _;
                seed_tokens(env, &env.home().join("key"), &[("ya29.a", "1//r")]);
                std::fs::set_permissions(
                    env.home().join("key"),
                    std::fs::Permissions::from_mode(0o644),
                )
                .unwrap();
            }),
            args: &["auth", "token"],
            code: 5,
            says: "chmod 600",
            ..CASE
        },
        Case {
            name: "a key file that is a directory",
            args: &["--key-file", ".", "key", "status"],
            code: 5,
            says: "is not a file",
            ..CASE
        },
        Case {
            name: "the wrong key",
            setup: Setup::Secrets,
            env: &[(
                "VOICETRAIN_ENCRYPTION_KEY",
                "r6PVHDnG1LeBmSGyS4iEqmLM6F-PEMZ8m4A5GEqOGlQ=",
            )],
            args: &["auth", "token"],
            code: 5,
            says: "different key",
            ..CASE
        },
        // Config files.
        Case {
            name: "a config file that is not TOML",
            files: &[("bad.toml", b"[google\nclient_id = ")],
            args: &["--config", "bad.toml", "samples", "list"],
            code: 1,
            says: "is not valid",
            ..CASE
        },
        Case {
            name: "a config file with an unknown key",
            files: &[("unknown.toml", b"colour = \"blue\"\n")],
            args: &["--config", "unknown.toml", "samples", "list"],
            code: 1,
            says: "unknown field `colour`",
            ..CASE
        },
        Case {
            name: "a config value of the wrong type",
            files: &[("type.toml", b"[retry.drive]\nattempts = \"many\"\n")],
            args: &["--config", "type.toml", "samples", "list"],
            code: 1,
            says: "expected u32",
            ..CASE
        },
        Case {
            name: "a negative duration",
            files: &[("neg.toml", b"[retry.drive]\nbudget = \"-5s\"\n")],
            args: &["--config", "neg.toml", "samples", "list"],
            code: 1,
            says: "negative",
            ..CASE
        },
        Case {
            name: "zero attempts",
            files: &[("zero.toml", b"[retry.token]\nattempts = 0\n")],
            args: &["--config", "zero.toml", "samples", "list"],
            code: 1,
            says: "at least 1",
            ..CASE
        },
        Case {
            name: "a config file that does not exist",
            args: &["--config", "missing.toml", "samples", "list"],
            code: 1,
            says: "cannot read config file",
            ..CASE
        },
        Case {
            name: "a config file that is binary",
            files: &[("binary.toml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")],
            args: &["--config", "binary.toml", "samples", "list"],
            code: 1,
            says: "config file",
            ..CASE
        },
        // Stores.
        Case {
            name: "a store that is garbage",
            setup: Setup::With(|env| {
                let _ = std::fs::remove_file(env.home().join("voicetrain.db-wal"));
                std::fs::write(env.store_file(), vec![0x5a; 8192]).unwrap();
            }),
            args: &["samples", "list"],
            code: 5,
            says: "not a voicetrain store, or it is damaged",
            breaks_store: true,
            ..CASE
        },
        Case {
            name: "a store cut short",
            setup: Setup::With(|env| {
                let _ = std::fs::remove_file(env.home().join("voicetrain.db-wal"));
                let bytes = std::fs::read(env.store_file()).unwrap();
                std::fs::write(env.store_file(), &bytes[..bytes.len().min(1000)]).unwrap();
            }),
            args: &["samples", "list"],
            code: 5,
            says: "damaged",
            breaks_store: true,
            ..CASE
        },
        Case {
            name: "a store from a newer voicetrain",
            setup: Setup::With(|env| {
                let conn = rusqlite::Connection::open(env.store_file()).unwrap();
                conn.pragma_update(None, "user_version", 99).unwrap();
            }),
            args: &["samples", "list"],
            code: 5,
            says: "written by a newer voicetrain",
            breaks_store: true,
            ..CASE
        },
        Case {
            name: "--home that is a file",
            files: &[("afile", b"x")],
            args: &["--home", "afile", "samples", "list"],
            code: 5,
            says: "is not a directory",
            ..CASE
        },
        // Flags out of range.
        Case {
            name: "--jobs 0",
            args: &["ingest", "--jobs", "0", "."],
            code: 2,
            says: "0 is not in 1..=64",
            ..CASE
        },
        Case {
            name: "--jobs 100000",
            args: &["ingest", "--jobs", "100000", "."],
            code: 2,
            says: "not in 1..=64",
            ..CASE
        },
        Case {
            name: "--retries 0",
            args: &["tokens", "refresh", "--retries", "0"],
            code: 2,
            says: "not in 1..=100",
            ..CASE
        },
        Case {
            name: "--max-size in no unit",
            args: &["ingest", "--max-size", "lots", "."],
            code: 2,
            says: "--max-size",
            ..CASE
        },
        Case {
            name: "--max-size beyond any disk",
            args: &["ingest", "--max-size", "99999999999999999999", "."],
            code: 2,
            says: "--max-size",
            ..CASE
        },
        Case {
            name: "--types of an unknown kind",
            args: &["ingest", "--types", "movies", "."],
            code: 2,
            says: "possible values",
            ..CASE
        },
        Case {
            name: "an empty --tag",
            args: &["ingest", "--tag", " ", "."],
            code: 2,
            says: "a tag cannot be empty",
            ..CASE
        },
        Case {
            name: "an export format that does not exist",
            args: &["samples", "export", "--format", "docx"],
            code: 2,
            says: "possible values",
            ..CASE
        },
        Case {
            name: "an ID no sample has",
            args: &["samples", "show", "ffffffffffff"],
            code: 1,
            says: "no sample has an ID starting with",
            ..CASE
        },
        Case {
            name: "a full-text query with an unclosed quote",
            args: &["samples", "search", "\"unclosed"],
            // Nothing matches: 1, as grep exits.
            code: 1,
            says: "no sample matches",
            ..CASE
        },
        Case {
            name: "a removal without --yes and no terminal",
            args: &["samples", "rm", "{kept}"],
            code: 2,
            says: "pass --yes",
            ..CASE
        },
        Case {
            name: "an account nobody logged in as",
            args: &["auth", "token", "--account", "nobody@example.com"],
            code: 3,
            says: "no account nobody@example.com",
            ..CASE
        },
    ]
}

/// The text of version `v` of the file that is rewritten in place: 4 MB.
fn version(v: u32) -> String {
    format!("v{v:04} ").repeat(700_000)
}

/// Rewrites `path` in place, a whole version at a time, without pause for 300 ms, on a thread
/// of its own: a read that overlaps a write sees two versions at once unless it notices and
/// reads again once the file is still.
fn rewrite_for_a_while(path: std::path::PathBuf) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        use std::os::unix::fs::FileExt as _;
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        let started = std::time::Instant::now();
        let mut v = 0;
        while started.elapsed() < std::time::Duration::from_millis(300) {
            v += 1;
            file.write_all_at(version(v).as_bytes(), 0).unwrap();
        }
    })
}

/// Finding: a file read while it was being rewritten could be stored half old, half new.
#[test]
fn a_file_rewritten_while_read_is_stored_as_one_version() {
    let env = Env::new();
    let path = env.write("moving.txt", version(0));
    let writer = rewrite_for_a_while(path);
    let (code, reports) = env.ingest(&["moving.txt"]);
    writer.join().unwrap();
    assert_eq!(code, 0, "{reports:?}");
    let stored = env.text(reports[0].sample_id.as_deref().unwrap());
    let versions: std::collections::HashSet<&str> = stored.split_whitespace().collect();
    assert_eq!(
        versions.len(),
        1,
        "a torn read: {} versions",
        versions.len()
    );
}

/// An .xlsx whose only cells are A1 and XFD1048576 (a dense reading would be 17 billion cells).
fn sparse_xlsx() -> Vec<u8> {
    xlsx(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>first</t></is></c></row>\
         <row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>last</t></is></c></row>",
    )
}

/// An .xlsx whose sheet unpacks to 120 MB of nothing (a few hundred KB packed).
fn zip_bomb() -> Vec<u8> {
    let mut sheet = String::with_capacity(120 << 20);
    sheet.push_str("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    sheet.extend(std::iter::repeat_n(' ', 120 << 20));
    xlsx(&sheet)
}

fn xlsx(sheet_data: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#)),
    ];
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_inputs_get_their_exit_code_and_message_and_lose_nothing() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run(case) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn run(case: &Case) -> Result<(), String> {
    let env = Env::new();
    // Something to lose: one sample stored before the case.
    env.write("before/kept.txt", "The note that was there before.");
    let (code, _) = env.ingest(&["before"]);
    assert_eq!(code, 0);
    let kept_id = env.samples().pop().expect("the sample from before").id;
    for (path, bytes) in case.files {
        env.write(path, bytes);
    }
    match case.setup {
        Setup::None => {}
        Setup::Secrets => {
            seed_tokens(
                &env,
                &env.home().join("key"),
                &[("ya29.secret", "1//secret")],
            );
        }
        Setup::With(f) => f(&env),
    }
    let args = case.args.iter().map(|a| a.replace("{kept}", &kept_id));
    let out = env
        .cmd()
        .envs(case.env.iter().copied())
        .args(args)
        .write_stdin(case.stdin)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .map_err(|e| e.to_string())?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.code() != Some(case.code) {
        return Err(format!("exit {:?}, not {}: {said}", out.status, case.code));
    }
    if case.says.is_empty() || !said.contains(case.says) {
        return Err(format!("does not say `{}`: {said}", case.says));
    }
    for sign in [
        "panicked",
        "internal error",
        "RUST_BACKTRACE",
        "stack backtrace",
    ] {
        if said.contains(sign) {
            return Err(format!("{sign}: {said}"));
        }
    }
    if !case.breaks_store {
        check_store(&env);
        let kept = env
            .samples()
            .iter()
            .any(|s| Path::new(&s.source_id).ends_with("before/kept.txt"));
        if !kept {
            return Err("the sample stored before is gone".into());
        }
    }
    Ok(())
}
