//! Web pages (.html, .htm, .xhtml, and an EPUB's chapters) as their readable text, by
//! html2text on html5ever, the HTML parser of Servo: headings, paragraphs, lists and table
//! cells as blocks, in order; the head, scripts, styles and navigation (`<nav>`) dropped, and
//! no markup, link targets or decoration (`#`, bullets, `[links]`) added. The bytes are decoded first as any text file
//! is (byte-order mark, UTF-8, else a detected encoding).

use super::NoText;

/// Lines are not wrapped: a paragraph stays one line however long (html2text wraps at the
/// width it is given, so it is given more than any paragraph holds).
const WIDTH: usize = 1 << 20;

/// What is not the page's text, beyond what html2text already leaves out.
const HIDDEN: &str = "nav, template { display: none }";

/// Elements nested deeper than this are not a page a person wrote (real ones stay under a
/// hundred). html5ever's tree builder looks through the elements still open at every tag, so
/// a file of nothing but `<div>`s costs time by the square of its length (50 MB of them took
/// over two minutes): such a page is refused before it is parsed, by a count that costs one
/// pass of the tokenizer.
const MAX_DEPTH: usize = 1000;

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    render(&super::text::decode(bytes)?)
}

/// The text of an HTML document.
pub fn render(html: &str) -> Result<String, NoText> {
    render_dom(&parse(html)?)
}

/// An HTML document's tree, for a caller that edits it before [`render_dom`] (mail takes its
/// quoted parts out): refused when nested too deep, as [`render`] refuses it.
pub fn parse(html: &str) -> Result<html2text::RcDom, NoText> {
    let config = config()?;
    if nesting(html) > MAX_DEPTH {
        return Err(NoText::Unreadable(format!(
            "not readable HTML: its elements are nested over {MAX_DEPTH} deep"
        )));
    }
    config.parse_html(html.as_bytes()).map_err(unreadable)
}

/// The text of a parsed document.
pub fn render_dom(dom: &html2text::RcDom) -> Result<String, NoText> {
    let config = config()?;
    let tree = config.dom_to_render_tree(dom).map_err(unreadable)?;
    config.render_to_string(tree, WIDTH).map_err(unreadable)
}

fn config() -> Result<html2text::config::Config<html2text::render::TrivialDecorator>, NoText> {
    html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .raw_mode(true)
        .add_css(HIDDEN)
        .map_err(unreadable)
}

fn unreadable(e: html2text::Error) -> NoText {
    NoText::Unreadable(format!("not readable HTML: {e}"))
}

/// How many elements the page leaves open at most, as the tree builder would keep them open:
/// elements whose end tag may be left out (`<p>`, `<li>`, table rows and cells) and void ones
/// (`<br>`, `<img>`) are not counted, and neither are self-closed ones inside SVG or MathML.
/// The count stops at the first depth over [`MAX_DEPTH`].
fn nesting(html: &str) -> usize {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let sink = Nesting::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.deepest.get()
}

/// Closed by the tree builder without their end tag, or never opened.
const NOT_COUNTED: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "area", "base", "br", "col",
    "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    "frame", "basefont", "bgsound",
];

#[derive(Default)]
struct Nesting {
    open: std::cell::Cell<usize>,
    deepest: std::cell::Cell<usize>,
    /// Open `<svg>` and `<math>` elements, where `<x/>` closes itself.
    foreign: std::cell::Cell<usize>,
}

impl html5ever::tokenizer::TokenSink for Nesting {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        if NOT_COUNTED.contains(&name) {
            return TokenSinkResult::Continue;
        }
        let foreign = matches!(name, "svg" | "math");
        match tag.kind {
            TagKind::StartTag if tag.self_closing && self.foreign.get() > 0 => {}
            TagKind::StartTag => {
                self.open.set(self.open.get() + 1);
                self.foreign.set(self.foreign.get() + usize::from(foreign));
                self.deepest.set(self.deepest.get().max(self.open.get()));
            }
            TagKind::EndTag => {
                self.open.set(self.open.get().saturating_sub(1));
                self.foreign
                    .set(self.foreign.get().saturating_sub(usize::from(foreign)));
                return TokenSinkResult::Continue;
            }
        }
        if self.deepest.get() > MAX_DEPTH {
            // Enough is known: the rest is read as plain text, which costs next to nothing.
            return TokenSinkResult::Plaintext;
        }
        // What the tree builder would tell the tokenizer: these elements hold raw text.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_without_end_is_refused() {
        let deep = "<div>".repeat(5000) + "deep";
        assert!(
            matches!(render(&deep), Err(NoText::Unreadable(why)) if why.contains("nested over"))
        );
        let fine = "<div>".repeat(200) + "deep enough";
        assert_eq!(render(&fine).unwrap().trim(), "deep enough");
        // Paragraphs and list items left open, void elements, self-closed SVG shapes and
        // tags inside scripts are not nesting.
        let sloppy = format!(
            "{}{}<svg>{}</svg><script>{}</script>",
            "<p>para<li>item<br><img src=x>".repeat(3000),
            "<span>x</span>".repeat(3000),
            "<path d=\"M0\"/>".repeat(3000),
            "document.write('<div>');".repeat(3000)
        );
        assert!(nesting(&sloppy) < 10, "{}", nesting(&sloppy));
    }

    #[test]
    fn text_kept_markup_scripts_styles_and_navigation_dropped() {
        // Headings, paragraphs and list items each a block; no `#`, `*` or `[link]` added.
        let html = r#"<!DOCTYPE html><html><head><title>Tab title</title>
            <style>p { color: red }</style><script>var secret = "script text";</script></head>
            <body><nav><a href="/">Home</a> | <a href="/blog">Blog</a></nav>
            <h1>On Walking</h1><p>I walk <em>every</em> day, <a href="https://x.example/">rain</a> or shine.</p>
            <p>A second paragraph that is long enough to be wrapped by any renderer that wraps lines at eighty or a hundred columns.</p>
            <ul><li>First</li><li>Second</li></ul>
            <script>document.write("more script")</script></body></html>"#;
        let text = render(html).unwrap();
        assert_eq!(
            text,
            "On Walking\n\nI walk every day, rain or shine.\n\nA second paragraph that is long enough to be wrapped by any renderer that wraps lines at eighty or a hundred columns.\nFirst\nSecond\n",
            "{text}"
        );
    }
}
