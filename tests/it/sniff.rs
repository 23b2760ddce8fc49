//! Files whose name does not say what they are, through `voicetrain ingest`: Debian's
//! `README.Debian` and `changelog.Debian`, `/etc/adduser.conf` (a type mime_guess knows as
//! text/plain, which voicetrain once refused), files with no extension at all; locally and in
//! Drive as `application/octet-stream`. Text is text; binary is skipped as binary.

use crate::fake_google::{Config, FakeGoogle, FileSpec, Fixture};
use crate::util::{Env, FileReport, report};

const README_DEBIAN: &str = "adduser for Debian\n------------------\n\nThe adduser package is maintained in a git repository.\n\n -- Marc Haber <mh+debian-packages@zugschlus.de>  Sun, 12 Jun 2022 09:20:04 +0200\n";
const CHANGELOG_DEBIAN: &str = "adduser (3.134) unstable; urgency=medium\n\n  * Fix a typo in the manual page.\n\n -- Marc Haber <mh+debian-packages@zugschlus.de>  Sat, 11 Feb 2023 12:00:00 +0100\n";
const ADDUSER_CONF: &str = "# /etc/adduser.conf: `adduser' configuration.\n# See adduser(8) and adduser.conf(5) for full documentation.\n\nDSHELL=/bin/bash\nDHOME=/home\n";

/// The start of an ELF executable: what a binary with no extension looks like.
const ELF: &[u8] =
    b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\x10\x10\0\0\0\0\0\0@\0\0\0";

fn status(reports: &[FileReport], suffix: &str) -> (String, Option<String>, Option<String>) {
    let r = report(reports, suffix);
    (r.status.clone(), r.mime_type.clone(), r.reason.clone())
}

/// Finding (issue 12): 100 of 330 text files in /usr/share/doc were skipped as
/// "application/octet-stream is not a supported type", and /etc/adduser.conf as "text/plain
/// is not a supported type".
#[test]
fn readme_debian_changelog_debian_and_adduser_conf_are_ingested_as_text() {
    let env = Env::new();
    env.write("doc/README.Debian", README_DEBIAN);
    env.write("doc/changelog.Debian", CHANGELOG_DEBIAN);
    env.write("doc/adduser.conf", ADDUSER_CONF);
    env.write(
        "doc/copyright",
        b"Copyright: 1997-2023 Guy Maor, Marc Haber\nLicense: GPL-2+\n",
    );
    env.write(
        "doc/latin1",
        b"Caf\xe9 cr\xe8me, na\xefve fa\xe7ade: d\xe9j\xe0 vu.\n",
    );
    env.write(
        "doc/letter",
        "{\\rtf1\\ansi Dear Sam,\\par thank you.\\par}",
    );
    env.write(
        "doc/page",
        "<!doctype html><title>t</title><p>A page without a name.</p>",
    );
    env.write("doc/program", ELF);
    env.write(
        "doc/archive.Debian",
        b"\x1f\x8b\x08\0\0\0\0\0\0\x03\xcb\x48\xcd\xc9\xc9\x07\0",
    );
    let (code, reports) = env.ingest(&["doc"]);
    assert_eq!(code, 0, "{reports:#?}");
    for (name, text) in [
        ("README.Debian", README_DEBIAN),
        ("changelog.Debian", CHANGELOG_DEBIAN),
        ("adduser.conf", ADDUSER_CONF),
    ] {
        let r = report(&reports, name);
        assert_eq!(
            (r.status.as_str(), r.mime_type.as_deref()),
            ("ingested", Some("text/plain")),
            "{r:?}"
        );
        assert_eq!(env.text(r.sample_id.as_deref().unwrap()), text);
    }
    assert_eq!(status(&reports, "copyright").0, "ingested");
    let latin1 = report(&reports, "latin1");
    assert_eq!(
        env.text(latin1.sample_id.as_deref().unwrap()),
        "Caf\u{e9} cr\u{e8}me, na\u{ef}ve fa\u{e7}ade: d\u{e9}j\u{e0} vu.\n"
    );
    let letter = report(&reports, "doc/letter");
    assert_eq!(letter.mime_type.as_deref(), Some("application/rtf"));
    assert_eq!(
        env.text(letter.sample_id.as_deref().unwrap()),
        "Dear Sam,\n\nthank you.\n"
    );
    let page = report(&reports, "doc/page");
    assert_eq!(page.mime_type.as_deref(), Some("text/html"));
    assert_eq!(
        env.text(page.sample_id.as_deref().unwrap()),
        "A page without a name.\n"
    );
    assert_eq!(
        status(&reports, "doc/program"),
        (
            "skipped".to_string(),
            Some("application/octet-stream".to_string()),
            Some("binary file, not text".to_string())
        )
    );
    assert_eq!(
        status(&reports, "archive.Debian").2.as_deref(),
        Some("binary file, not text")
    );

    // --types applies to what the content showed.
    let (_, reports) = env.ingest(&["doc", "--force", "--dry-run", "--types", "docs"]);
    assert_eq!(
        status(&reports, "README.Debian").2.as_deref(),
        Some("not among --types")
    );
    assert_ne!(
        status(&reports, "doc/letter").2.as_deref(),
        Some("not among --types")
    );
}

#[test]
fn a_file_named_as_a_type_that_is_not_read_is_still_refused_by_name() {
    let env = Env::new();
    env.write("photo.gif", b"not really a GIF, but named as one");
    let (code, reports) = env.ingest(&["photo.gif"]);
    assert_eq!(code, 0);
    assert_eq!(
        status(&reports, "photo.gif"),
        (
            "skipped".to_string(),
            Some("image/gif".to_string()),
            Some("image/gif is not a supported type".to_string())
        )
    );
}

/// Drive files uploaded with no type of their own (`application/octet-stream`) are typed by
/// their bytes as local files are.
#[test]
fn drive_files_of_no_declared_type_are_typed_by_their_bytes() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let folder = "1DebianDocs0000000000000000";
    let octet = "application/octet-stream";
    let fixture = Fixture::default()
        .with(FileSpec::folder(folder, "doc", "root"))
        .with(FileSpec::binary(
            "1ReadmeDebian00000000000000",
            "README.Debian",
            folder,
            octet,
            README_DEBIAN.as_bytes(),
        ))
        .with(FileSpec::binary(
            "1Program0000000000000000000",
            "program",
            folder,
            octet,
            ELF,
        ));
    let fake = FakeGoogle::start(fixture, Config::default());
    env.login(&fake);
    let (code, reports, err) = env.ingest_from(&fake, &[folder]);
    assert_eq!(code, 0, "{reports:#?}\n{err}");
    let readme = report(&reports, "doc/README.Debian");
    assert_eq!(
        (readme.status.as_str(), readme.mime_type.as_deref()),
        ("ingested", Some("text/plain"))
    );
    assert_eq!(
        env.text(readme.sample_id.as_deref().unwrap()),
        README_DEBIAN
    );
    assert_eq!(
        status(&reports, "doc/program"),
        (
            "skipped".to_string(),
            Some(octet.to_string()),
            Some("binary file, not text".to_string())
        )
    );
}
