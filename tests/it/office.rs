//! Office and web documents through `voicetrain ingest`: real .docx, .odt, .pptx and .odp files
//! made by python-docx, odfpy and python-pptx (the libraries many tools write these with), RTF
//! as TextEdit writes it, a web page, an EPUB; each read word for word (headings and paragraphs
//! in order, no XML, style names, scripts, navigation or speaker notes). Then hostile ones,
//! each that file's failure or skip while the rest of the batch goes on, and a Drive of
//! uploaded Word files.

use std::io::Write as _;
use std::path::PathBuf;

use crate::fake_google::{Config, FakeGoogle, FileSpec, Fixture};
use crate::python::{python_with, run_python};
use crate::util::{Env, FileReport, json_lines, report, skip, stderr_of};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A Python with python-docx, python-pptx and odfpy, or `None` (the test then says SKIPPED,
/// and fails under CI).
fn python() -> Option<PathBuf> {
    let python = python_with("docx, pptx, odf.opendocument");
    if python.is_none() {
        skip("no Python with python-docx, python-pptx and odfpy (run scripts/test to make .venv)");
    }
    python
}

/// A Word document: headings, a paragraph of several runs, a bulleted item, a table, and a
/// title in its properties that is not part of its text.
const MAKE_DOCX: &str = r#"
import sys, docx
d = docx.Document()
d.core_properties.title = "Properties are not text"
d.add_heading("On Walking", level=1)
p = d.add_paragraph("I walk every day, ")
p.add_run("rain or shine").bold = True
p.add_run(".")
d.add_heading("The River", level=2)
d.add_paragraph("A heron stood in the shallows.", style="List Bullet")
t = d.add_table(rows=1, cols=2)
t.cell(0, 0).text = "Left cell"
t.cell(0, 1).text = "Right cell"
d.add_paragraph("")
d.add_paragraph("The end.")
d.save(sys.argv[1])
"#;

/// The text of [`MAKE_DOCX`]'s document: no properties, style names or table markup.
const ESSAY_DOCX: &str = "On Walking\n\nI walk every day, rain or shine.\n\nThe River\n\nA heron stood in the shallows.\n\nLeft cell\n\nRight cell\n\nThe end.\n";

/// An OpenDocument text: a heading, styled runs, spaces and a tab as OpenDocument writes
/// them, and a footnote that is not the paragraph's text.
const MAKE_ODT: &str = r#"
import sys
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, P, Span, Note, NoteCitation, NoteBody
doc = OpenDocumentText()
bold = Style(name="Strong Emphasis", family="text")
bold.addElement(TextProperties(fontweight="bold"))
doc.automaticstyles.addElement(bold)
doc.text.addElement(H(outlinelevel=1, text="On Walking"))
p = P(text="I walk every day, ")
p.addElement(Span(stylename=bold, text="rain or shine"))
note = Note(id="n1", noteclass="footnote")
note.addElement(NoteCitation(text="1"))
body = NoteBody()
body.addElement(P(text="A footnote is not the paragraph."))
note.addElement(body)
p.addElement(note)
p.addText(".")
doc.text.addElement(p)
spaced = P()
teletype.addTextToElement(spaced, "Two  spaces\tand a tab.")
doc.text.addElement(spaced)
doc.text.addElement(H(outlinelevel=2, text="The River"))
doc.text.addElement(P(text="A heron stood in the shallows."))
doc.save(sys.argv[1])
"#;

/// A PowerPoint deck of two slides, the second moved first (the slide list decides the order,
/// not the part names), with speaker notes that are not the slides' text.
const MAKE_PPTX: &str = r#"
import sys
from pptx import Presentation
prs = Presentation()
s = prs.slides.add_slide(prs.slide_layouts[1])
s.shapes.title.text = "Why I Write"
body = s.placeholders[1].text_frame
body.text = "Every morning"
body.add_paragraph().text = "Before the news"
s.notes_slide.notes_text_frame.text = "Speaker notes stay private"
s2 = prs.slides.add_slide(prs.slide_layouts[0])
s2.shapes.title.text = "Thank You"
s2.placeholders[1].text = "Questions welcome"
ids = prs.slides._sldIdLst
last = list(ids)[1]
ids.remove(last)
ids.insert(0, last)
prs.save(sys.argv[1])
"#;

/// An OpenDocument presentation of two pages, each with a title frame, a body frame and
/// speaker notes.
const MAKE_ODP: &str = r#"
import sys
from odf.opendocument import OpenDocumentPresentation
from odf.style import MasterPage, PageLayout, PageLayoutProperties
from odf.draw import Page, Frame, TextBox
from odf.presentation import Notes
from odf.text import P
doc = OpenDocumentPresentation()
layout = PageLayout(name="Layout")
layout.addElement(PageLayoutProperties(pagewidth="28cm", pageheight="21cm"))
doc.automaticstyles.addElement(layout)
master = MasterPage(name="Default", pagelayoutname=layout)
doc.masterstyles.addElement(master)
def frame(lines):
    f = Frame(width="20cm", height="3cm", x="2cm", y="2cm")
    box = TextBox()
    for line in lines:
        box.addElement(P(text=line))
    f.addElement(box)
    return f
for title, lines in [("Why I Write", ["Every morning", "Before the news"]), ("Thank You", ["Questions welcome"])]:
    page = Page(masterpagename=master)
    page.addElement(frame([title]))
    page.addElement(frame(lines))
    notes = Notes()
    notes.addElement(frame(["Speaker notes stay private"]))
    page.addElement(notes)
    doc.presentation.addElement(page)
doc.save(sys.argv[1])
"#;

/// RTF as macOS TextEdit saves it: a Cocoa header, a font table, `\` line ends for paragraphs,
/// a code-page byte and Unicode quotes.
const RTF: &str = r"{\rtf1\ansi\ansicpg1252\cocoartf2639
\cocoatextscaling0\cocoaplatform0{\fonttbl\f0\fswiss\fcharset0 Helvetica-Bold;\f1\fswiss\fcharset0 Helvetica;}
{\colortbl;\red255\green255\blue255;}
{\*\expandedcolortbl;;}
{\info{\title Document info is not text}}
\paperw11900\paperh16840\margl1440\margr1440\vieww11520\viewh8400\viewkind0
\pard\tx566\tx1133\pardirnatural\partightenfactor0

\f0\b\fs36 \cf0 On Walking\
\
\f1\b0\fs24 I walk every day, caf\'e9 to caf\'e9, \uc0\u8220 rain or shine\u8221 .\
}";

const RTF_TEXT: &str =
    "On Walking\n\nI walk every day, caf\u{e9} to caf\u{e9}, \u{201c}rain or shine\u{201d}.\n";

/// A web page with everything that is not its text: head, styles, scripts, navigation.
const HTML: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tab title</title>
<style>body { font-family: serif } .heron { color: grey }</style>
<script>window.tracker = "script text";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>
<article><h1>On Walking</h1>
<p>I walk <em>every</em> day, <a href="https://example.com/rain">rain</a> or shine.</p>
<h2>The River</h2><p class="heron">A heron stood in the shallows.</p></article>
<script>document.write("more script text")</script></body></html>
"#;

const HTML_TEXT: &str = "On Walking\n\nI walk every day, rain or shine.\n\nThe River\n\nA heron stood in the shallows.\n";

/// An EPUB 3 book: a navigation document (in the spine, as many are), two chapters (one
/// with a space in its name), notes outside the reading order, and an NCX.
fn epub() -> Vec<u8> {
    let page = |title: &str, body: &str| {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head><body>{body}</body></html>"#
        )
    };
    let opf = r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Walks</dc:title><dc:identifier id="id">x</dc:identifier></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c1" href="Text/ch1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="Text/ch%202.xhtml" media-type="application/xhtml+xml"/><item id="notes" href="Text/notes.xhtml" media-type="application/xhtml+xml"/><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>
<spine toc="ncx"><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/><itemref idref="notes" linear="no"/></spine></package>"#;
    zip(&[
        ("mimetype", "application/epub+zip".into()),
        (
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.into(),
        ),
        ("OEBPS/content.opf", opf.into()),
        (
            "OEBPS/nav.xhtml",
            page("Contents", r#"<nav epub:type="toc"><ol><li><a href="Text/ch1.xhtml">Contents entry</a></li></ol></nav>"#),
        ),
        (
            "OEBPS/Text/ch1.xhtml",
            page("One", "<h1>Chapter One</h1><p>It begins by the river.</p>"),
        ),
        (
            "OEBPS/Text/ch 2.xhtml",
            page("Two", "<h1>Chapter Two</h1><p>It ends at the sea.</p>"),
        ),
        ("OEBPS/Text/notes.xhtml", page("Notes", "<p>A note outside the reading order.</p>")),
        ("OEBPS/toc.ncx", "<ncx><navMap><navPoint><text>NCX entry</text></navPoint></navMap></ncx>".into()),
    ])
}

/// A zip of `members`, deflated but for an EPUB's `mimetype` (stored, as the format says).
fn zip(members: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in members {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A minimal Word package around `document` (the body's XML, as written).
fn docx(document: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
        ("word/document.xml", document.into()),
    ])
}

/// A Word body of paragraphs holding `text`.
fn body(text: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:body></w:document>"#
    )
}

/// Sets the unpacked size the central directory records for `member` (a lie, whatever it is).
fn claim_size(zip: &mut [u8], member: &str, size: u32) {
    let at = zip
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .find(|i| zip[i + 46..].starts_with(member.as_bytes()))
        .expect("the member's central directory entry");
    zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

fn make(env: &Env, python: &PathBuf, script: &str, rel: &str) {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    run_python(python, script, &[path.to_str().unwrap()]);
}

fn text_of(env: &Env, reports: &[FileReport], suffix: &str) -> String {
    let r = report(reports, suffix);
    assert_eq!(r.status, "ingested", "{r:?}");
    env.text(r.sample_id.as_deref().unwrap())
}

#[test]
fn office_and_web_documents_become_their_text_word_for_word() {
    let Some(python) = python() else { return };
    let env = Env::new();
    make(&env, &python, MAKE_DOCX, "docs/essay.docx");
    make(&env, &python, MAKE_ODT, "docs/essay.odt");
    make(&env, &python, MAKE_PPTX, "docs/talk.pptx");
    make(&env, &python, MAKE_ODP, "docs/talk.odp");
    env.write("docs/letter.rtf", RTF);
    env.write("docs/page.html", HTML);
    env.write("docs/book.epub", epub());
    let (code, reports) = env.ingest(&["docs"]);
    assert_eq!(code, 0, "{reports:#?}");

    for (suffix, text) in [
        ("essay.docx", ESSAY_DOCX),
        (
            "essay.odt",
            "On Walking\n\nI walk every day, rain or shine.\n\nTwo  spaces\tand a tab.\n\nThe River\n\nA heron stood in the shallows.\n",
        ),
        (
            "talk.pptx",
            "Thank You\n\nQuestions welcome\n\nWhy I Write\n\nEvery morning\n\nBefore the news\n",
        ),
        (
            "talk.odp",
            "Why I Write\n\nEvery morning\n\nBefore the news\n\nThank You\n\nQuestions welcome\n",
        ),
        ("letter.rtf", RTF_TEXT),
        ("page.html", HTML_TEXT),
        (
            "book.epub",
            "Chapter One\n\nIt begins by the river.\n\nChapter Two\n\nIt ends at the sea.\n",
        ),
    ] {
        assert_eq!(text_of(&env, &reports, suffix), text, "{suffix}");
    }
    for (suffix, mime) in [
        ("essay.docx", DOCX),
        ("essay.odt", "application/vnd.oasis.opendocument.text"),
        (
            "talk.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "talk.odp",
            "application/vnd.oasis.opendocument.presentation",
        ),
        ("letter.rtf", "application/rtf"),
        ("page.html", "text/html"),
        ("book.epub", "application/epub+zip"),
    ] {
        assert_eq!(report(&reports, suffix).mime_type.as_deref(), Some(mime));
    }

    // --types: docs are what word processors write, slides presentations, text the rest.
    let selected = |types: &str| -> Vec<String> {
        let (_, reports) = env.ingest(&["docs", "--force", "--dry-run", "--types", types]);
        let mut names: Vec<String> = reports
            .iter()
            .filter(|r| r.reason.as_deref() != Some("not among --types"))
            .map(|r| r.source.rsplit('/').next().unwrap().to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(selected("docs"), ["essay.docx", "essay.odt", "letter.rtf"]);
    assert_eq!(selected("slides"), ["talk.odp", "talk.pptx"]);
    assert_eq!(selected("text"), ["book.epub", "page.html"]);
}

#[test]
fn hostile_documents_fail_or_skip_alone_and_the_batch_goes_on() {
    let env = Env::new();
    // A zip bomb: a body that unpacks to 120 MB of spaces from a few hundred KB.
    let mut bomb = String::with_capacity(120 << 20);
    bomb.push_str(&body("Bomb"));
    bomb.extend(std::iter::repeat_n(' ', 120 << 20));
    env.write("bad/bomb.docx", docx(&bomb));
    // A body that claims to unpack to 4 GB.
    let mut claims = docx(&body("A modest body."));
    claim_size(&mut claims, "word/document.xml", u32::MAX - 1);
    env.write("bad/claims.docx", claims);
    // A body that says it is 20 bytes and unpacks to 120 MB.
    let mut lies = docx(&bomb);
    claim_size(&mut lies, "word/document.xml", 20);
    env.write("bad/lies.docx", lies);
    env.write(
        "bad/malformed.docx",
        docx(r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Unclosed</w:r></w:p></w:body></w:document>"#),
    );
    env.write("bad/notazip.docx", b"PK\x03\x04 but nothing more");
    let book = epub();
    env.write("bad/truncated.epub", &book[..book.len() / 2]);
    env.write(
        "bad/nested.html",
        "<html><body>".to_string() + &"<div>".repeat(10_000_000) + "deep",
    );
    env.write(
        "bad/deep.rtf",
        "{\\rtf1 ".to_string() + &"{".repeat(1_000_000),
    );
    env.write("bad/zz-fine.txt", "The one good file in the batch.");
    env.write("bad/fine.docx", docx(&body("A good Word file.")));

    let out = env
        .cmd()
        .args(["ingest", "--json", "bad"])
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    let reports: Vec<FileReport> = json_lines(&out.stdout);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{reports:#?}\n{err}");
    for sign in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!err.contains(sign), "{err}");
    }
    let said = |suffix: &str| {
        let r = report(&reports, suffix);
        (r.status.clone(), r.reason.clone().unwrap_or_default())
    };
    let (status, reason) = said("bomb.docx");
    assert_eq!(status, "skipped");
    assert_eq!(
        reason,
        "too large: a Word document that unpacks to 120 MB (at most 100 MB are read)"
    );
    let (status, reason) = said("claims.docx");
    assert_eq!(status, "skipped");
    assert!(
        reason.contains("a Word document that unpacks to 4096 MB"),
        "{reason}"
    );
    let (status, reason) = said("lies.docx");
    eprintln!("lies.docx: {status}: {reason}");
    assert!(
        status == "failed" || status == "skipped",
        "{status}: {reason}"
    );
    assert!(reason.contains("Word document"), "{reason}");
    let (status, reason) = said("malformed.docx");
    assert_eq!(status, "failed");
    assert!(
        reason
            .starts_with("not a readable Word document: word/document.xml is not well-formed XML"),
        "{reason}"
    );
    let (status, reason) = said("notazip.docx");
    assert_eq!(status, "failed");
    assert!(reason.contains("not a zip archive"), "{reason}");
    let (status, reason) = said("truncated.epub");
    assert_eq!(status, "failed");
    assert!(reason.starts_with("not a readable EPUB book"), "{reason}");
    assert_eq!(
        said("nested.html"),
        (
            "failed".to_string(),
            "not readable HTML: its elements are nested over 1000 deep".to_string()
        )
    );
    let (status, reason) = said("deep.rtf");
    assert_eq!(status, "failed");
    assert!(reason.contains("nested over 1000 deep"), "{reason}");
    assert_eq!(said("zz-fine.txt").0, "ingested");
    assert_eq!(text_of(&env, &reports, "fine.docx"), "A good Word file.\n");
    crate::util::check_store(&env);
}

#[test]
fn a_drive_of_uploaded_word_files_is_read() {
    let Some(python) = python() else { return };
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    make(&env, &python, MAKE_DOCX, "essay.docx");
    let essay = std::fs::read(env.path("essay.docx")).unwrap();
    let folder = "1UploadsFolder0000000000000";
    let fixture = Fixture::default()
        .with(FileSpec::folder(folder, "Uploads", "root"))
        .with(FileSpec::binary(
            "1EssayDocx00000000000000000",
            "essay.docx",
            folder,
            DOCX,
            &essay,
        ))
        .with(FileSpec::binary(
            "1PageHtml000000000000000000",
            "page.html",
            folder,
            "text/html",
            HTML.as_bytes(),
        ))
        .with(FileSpec::binary(
            "1LetterRtf00000000000000000",
            "letter.rtf",
            folder,
            "text/rtf",
            RTF.as_bytes(),
        ));
    let fake = FakeGoogle::start(fixture, Config::default());
    env.login(&fake);
    let (code, reports, err) = env.ingest_from(&fake, &[folder]);
    assert_eq!(code, 0, "{reports:#?}\n{err}");
    let essay = report(&reports, "Uploads/essay.docx");
    assert_eq!(essay.mime_type.as_deref(), Some(DOCX));
    assert_eq!(text_of(&env, &reports, "Uploads/essay.docx"), ESSAY_DOCX);
    assert_eq!(text_of(&env, &reports, "Uploads/page.html"), HTML_TEXT);
    assert_eq!(text_of(&env, &reports, "Uploads/letter.rtf"), RTF_TEXT);
    let samples = env.samples();
    let essay = samples.iter().find(|s| s.title == "essay").unwrap();
    assert_eq!(essay.source_type, "drive");
}
