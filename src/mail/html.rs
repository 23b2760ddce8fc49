//! An HTML mail body as text, with what the writer quoted set apart the way a text body sets
//! it apart: as `>` lines. Mail clients mark their quotes in the markup (Gmail's
//! `gmail_quote`, Apple's `<blockquote type="cite">`, Outlook's `divRplyFwdMsg`, …), and
//! that mark is lost once the HTML is text, so each quoted element is taken out of the tree
//! before it is made text and put back as `>` lines in a `<pre>`; where Outlook marks only
//! the start of its quote, that element and everything after it in the document is the
//! quote. Signatures the client marks (`gmail_signature`, `moz-signature`) are dropped. The
//! rest is `clean`'s, as for any text.

use std::rc::Rc;

use html2text::{Handle, RcDom};
use html5ever::interface::{ElementFlags, NodeOrText, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{QualName, local_name, ns};

use crate::extract::{self, NoText};

/// Classes of the elements that hold a quote (with its attribution).
const QUOTE_CLASSES: &[&str] = &[
    "gmail_quote",
    "gmail_quote_container",
    "gmail_extra",
    "moz-cite-prefix",
    "yahoo_quoted",
    "protonmail_quote",
    "zmail_extra",
];

/// Ids of the elements that hold a quote.
const QUOTE_IDS: &[&str] = &["OLK_SRC_BODY_SECTION"];

/// Ids of the elements that start a quote running to the end of the message (Outlook on the
/// web).
const REST_IDS: &[&str] = &["appendonsend", "divRplyFwdMsg"];

/// Classes of the signatures clients mark: the `-- ` block of their text part.
const SIGNATURE_CLASSES: &[&str] = &["gmail_signature", "moz-signature"];

/// What an element is to the writer's text.
enum Role {
    /// A quote: made `>` lines where it stands.
    Quote,
    /// The start of a quote that runs to the end of the message.
    Rest,
    /// A signature the client marked: dropped.
    Signature,
}

/// The text of an HTML body, quotes as `>` lines. A panic in the HTML parser is this
/// message's failure, not the run's end.
pub fn to_text(html: &str) -> Result<String, NoText> {
    extract::contained(|| {
        let dom = extract::html::parse(html)?;
        let mut walk = Walk::new(&dom);
        walk.visit(&dom.document)?;
        if let Some(pre) = walk.rest_at.take() {
            let rest = std::mem::take(&mut walk.rest);
            rest.iter().try_for_each(drop_signatures)?;
            let text = render(rest)?;
            dom.append(&pre, NodeOrText::AppendText(quoted(&text)));
        }
        extract::html::render_dom(&dom)
    })
}

struct Walk<'d> {
    dom: &'d RcDom,
    /// Where the quote that runs to the end goes, once one is found …
    rest_at: Option<Handle>,
    /// … and what it holds, in document order.
    rest: Vec<Handle>,
}

impl<'d> Walk<'d> {
    fn new(dom: &'d RcDom) -> Walk<'d> {
        Walk {
            dom,
            rest_at: None,
            rest: Vec::new(),
        }
    }

    /// Takes the quotes out of `node`'s children and below; true once the quote that runs
    /// to the end was met, which takes all later children with it.
    fn visit(&mut self, node: &Handle) -> Result<bool, NoText> {
        let children = node.children.try_borrow().map_err(busy)?.clone();
        let mut kept = Vec::with_capacity(children.len());
        let mut children = children.into_iter();
        let mut ended = false;
        for child in children.by_ref() {
            match role(&child) {
                Some(Role::Signature) => {}
                Some(Role::Quote) => {
                    drop_signatures(&child)?;
                    let text = render(vec![child])?;
                    kept.push(self.pre(node, quoted(&text)));
                }
                Some(Role::Rest) => {
                    let pre = self.pre(node, StrTendril::new());
                    self.rest_at = Some(pre.clone());
                    kept.push(pre);
                    self.rest.push(child);
                    ended = true;
                }
                None => {
                    ended = self.visit(&child)?;
                    kept.push(child);
                }
            }
            if ended {
                break;
            }
        }
        self.rest.extend(children);
        *node.children.try_borrow_mut().map_err(busy)? = kept;
        Ok(ended)
    }

    /// A `<pre>` holding `text`, a child of `parent`.
    fn pre(&self, parent: &Handle, text: StrTendril) -> Handle {
        let name = QualName::new(None, ns!(html), local_name!("pre"));
        let pre = self
            .dom
            .create_element(name, Vec::new(), ElementFlags::default());
        if !text.is_empty() {
            self.dom.append(&pre, NodeOrText::AppendText(text));
        }
        pre.parent.set(Some(Rc::downgrade(parent)));
        pre
    }
}

/// Takes the marked signatures out of a quote: one there (old Gmail's `gmail_extra` holds
/// the writer's own above the quote) is no more context than it is the writer's words.
fn drop_signatures(node: &Handle) -> Result<(), NoText> {
    let mut children = node.children.try_borrow_mut().map_err(busy)?;
    children.retain(|child| !matches!(role(child), Some(Role::Signature)));
    children.iter().try_for_each(drop_signatures)
}

/// The text of elements taken out of their document, as a document of their own.
fn render(nodes: Vec<Handle>) -> Result<String, NoText> {
    let dom = RcDom::default();
    for node in &nodes {
        node.parent.set(Some(Rc::downgrade(&dom.document)));
    }
    *dom.document.children.try_borrow_mut().map_err(busy)? = nodes;
    extract::html::render_dom(&dom)
}

/// `text` as quoted lines.
fn quoted(text: &str) -> StrTendril {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.trim_end().lines() {
        out.push('>');
        if !line.trim().is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    StrTendril::from(out)
}

fn role(node: &Handle) -> Option<Role> {
    let html2text::Element { name, attrs, .. } = &node.data else {
        return None;
    };
    let attrs = attrs.try_borrow().ok()?;
    let attr = |wanted: &str| {
        attrs
            .iter()
            .find(|a| &*a.name.local == wanted)
            .map(|a| &*a.value)
    };
    let classes = || attr("class").unwrap_or_default().split_ascii_whitespace();
    let id = attr("id").unwrap_or_default();
    let tag = &*name.local;
    // Gmail's and Apple Mail's "indent" button makes a blockquote too, one without a border:
    // what is in it is the writer's.
    let indent = tag == "blockquote"
        && attr("type") != Some("cite")
        && attr("style").is_some_and(|s| squeezed(s).contains("border:none"));
    if classes().any(|c| SIGNATURE_CLASSES.contains(&c)) {
        Some(Role::Signature)
    } else if (tag == "blockquote" && !indent)
        || classes().any(|c| QUOTE_CLASSES.contains(&c))
        || QUOTE_IDS.contains(&id)
        || attr("name") == Some("quote")
    {
        Some(Role::Quote)
    } else if REST_IDS.contains(&id)
        || (tag == "hr" && attr("tabindex") == Some("-1"))
        || (tag == "div" && attr("style").is_some_and(outlook_splitter))
    {
        Some(Role::Rest)
    } else {
        None
    }
}

/// Desktop Outlook's line above its header block:
/// `border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in`.
fn outlook_splitter(style: &str) -> bool {
    let style = squeezed(style);
    style.contains("border-top:solid#e1e1e1") || style.contains("border-top:solid#b5c4df")
}

/// A style attribute lower-cased, without white space.
fn squeezed(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn busy<E>(_: E) -> NoText {
    NoText::Unreadable("the HTML tree was in use".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_quote_becomes_quoted_lines() {
        let html = r#"<div dir="ltr">Sounds good.<div><br></div><div>Alex</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Apr 2, 2012 at 6:26 PM Megan &lt;m@example.com&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex"><div dir="ltr">Lunch?</div></blockquote></div>"#;
        let text = to_text(html).unwrap();
        assert!(text.starts_with("Sounds good.\n\nAlex\n"), "{text}");
        assert!(
            text.contains("> On Mon, Apr 2, 2012 at 6:26 PM Megan <m@example.com> wrote:\n"),
            "{text}"
        );
        assert!(text.contains("> Lunch?"), "{text}");
    }

    #[test]
    fn outlook_web_quote_runs_to_the_end() {
        let html = r#"<html><body><div>Yes.</div><div id="appendonsend"></div><hr tabindex="-1"><div id="divRplyFwdMsg"><b>From:</b> Megan<br><b>Sent:</b> Monday<br><b>To:</b> Alex<br><b>Subject:</b> Lunch</div><div>Lunch?</div></body></html>"#;
        let text = to_text(html).unwrap();
        assert!(text.starts_with("Yes.\n"), "{text}");
        assert!(!text.lines().any(|l| l.starts_with("Lunch")), "{text}");
        assert!(text.contains("> From: Megan\n> Sent: Monday\n"), "{text}");
        assert!(text.contains("> Lunch?"), "{text}");
    }

    #[test]
    fn indented_text_is_the_writers() {
        let html = r#"<div>Steps:</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px"><div>1. Open the file</div></blockquote>"#;
        let text = to_text(html).unwrap();
        assert_eq!(text.trim(), "Steps:\n\n1. Open the file", "{text}");
    }

    #[test]
    fn old_gmail_extra_keeps_its_signature_out_of_the_context() {
        let html = r#"<div>Yes.</div><div class="gmail_extra"><br clear="all"><div class="gmail_signature">Alex Smith<br>CEO</div><br><div class="gmail_quote">On Mon, Apr 2, 2012 at 6:26 PM, Megan wrote:<br><blockquote class="gmail_quote">Lunch?</blockquote></div></div>"#;
        let text = to_text(html).unwrap();
        assert!(!text.contains("CEO"), "{text}");
        let cleaned = crate::mail::clean(&text, &crate::mail::Signature::default());
        assert_eq!(cleaned.own, "Yes.");
        assert_eq!(cleaned.context.as_deref(), Some("Lunch?"));
    }

    #[test]
    fn marked_signature_is_dropped() {
        let html = r#"<div>Hi</div><div class="gmail_signature">Alex Smith<br>CEO</div>"#;
        assert_eq!(to_text(html).unwrap().trim(), "Hi");
    }
}
