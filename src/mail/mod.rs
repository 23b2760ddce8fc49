//! One email message down to what its writer wrote. [`parse`] reads a raw RFC 5322 message
//! (the bytes of Gmail's `format=raw`) with mail-parser, which undoes transfer encodings,
//! charsets and RFC 2047 words: its addresses, subject, date and thread ids, whether a
//! program sent it ([`Automated`]), and its body (the text part, else the HTML one;
//! `format=flowed` text joined again). [`Message::words`] then takes out what is not the
//! writer's ([`clean()`]): quotes, forwarded messages, signatures. [`clean()`] and
//! [`clean_html`] work on a body alone, for mail that arrives without its message (a CRM's
//! copy of an email). Nothing here does I/O or prints.

mod automated;
mod boilerplate;
mod clean;
mod flowed;
mod html;
mod marks;
mod signature;

#[cfg(test)]
mod fixtures;

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};

pub use automated::Automated;
pub use clean::{Cleaned, Shape, clean};
pub use signature::Signature;

use crate::extract::NoText;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("not an email message: no header could be read")]
    NotMail,
    #[error("its HTML body cannot be read: {0}")]
    Html(NoText),
}

/// What a message says about itself, and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The From addresses, lower-cased (a message may name several).
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: Option<String>,
    /// When it was sent, as RFC 3339 in UTC (`2012-04-02T18:26:00Z`); none when the Date
    /// header is missing or not a date.
    pub date: Option<String>,
    /// The Message-ID, without its angle brackets; so are the ids below.
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// Why a program, not a person, sent it, if one did.
    pub automated: Option<Automated>,
    pub body: Body,
}

/// The body a message is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Its text part(s), `format=flowed` joined.
    Text(String),
    /// Its HTML part(s), when it has no text part that says anything.
    Html(String),
    /// Neither.
    None,
}

/// Subject prefixes of a forward (Fwd, Fw, and those of Outlook in other languages:
/// WG, TR, RV, ENC, I, Doorst, VS, VB, PD), lower-cased.
const FORWARD_SUBJECTS: &[&str] = &[
    "fwd", "fw", "wg", "tr", "rv", "enc", "i", "doorst", "vs", "vb", "pd",
];

/// Reads a raw message.
pub fn parse(raw: &[u8]) -> Result<Message, MailError> {
    let parsed = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or(MailError::NotMail)?;
    let date = parsed
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| jiff::Timestamp::from_second(d.to_timestamp()).ok())
        .map(|t| t.to_string());
    Ok(Message {
        from: addresses(parsed.from()),
        to: addresses(parsed.to()),
        cc: addresses(parsed.cc()),
        subject: parsed.subject().map(str::to_string),
        date,
        message_id: parsed.message_id().map(str::to_string),
        in_reply_to: ids(parsed.in_reply_to()).into_iter().next(),
        references: ids(parsed.references()),
        automated: automated::detect(&parsed),
        body: body(&parsed),
    })
}

/// An HTML body's words, as [`clean()`] finds them in a text.
pub fn clean_html(html: &str, learned: &Signature) -> Result<Cleaned, MailError> {
    let text = html::to_text(html).map_err(MailError::Html)?;
    Ok(clean(&text, learned))
}

impl Message {
    /// What the writer wrote in this message; `learned` is their signature
    /// ([`Signature::default`] when none is known). A reply whose subject says it is a
    /// forward (`Fwd:`, `FW:`) is one: Outlook writes the same header block above both.
    pub fn words(&self, learned: &Signature) -> Result<Cleaned, MailError> {
        let cleaned = match &self.body {
            Body::Text(text) => clean(text, learned),
            Body::Html(html) => clean_html(html, learned)?,
            Body::None => clean("", learned),
        };
        let forward = self.subject.as_deref().is_some_and(is_forward_subject);
        Ok(if cleaned.shape == Shape::Reply && forward {
            Cleaned {
                context: None,
                shape: Shape::Forward,
                ..cleaned
            }
        } else {
            cleaned
        })
    }
}

fn is_forward_subject(subject: &str) -> bool {
    subject.split_once(':').is_some_and(|(prefix, _)| {
        FORWARD_SUBJECTS.contains(&prefix.trim().to_lowercase().as_str())
    })
}

fn addresses(address: Option<&Address<'_>>) -> Vec<String> {
    address
        .into_iter()
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The text parts when all the body's parts are text and say something, else the HTML ones
/// (mail-parser lists an HTML part among the text ones when it has no text alternative).
fn body(parsed: &mail_parser::Message<'_>) -> Body {
    let parts: Vec<&mail_parser::MessagePart<'_>> = parsed
        .text_body
        .iter()
        .filter_map(|&id| parsed.parts.get(id as usize))
        .collect();
    let texts: Option<Vec<String>> = parts.iter().map(|p| text_of(p)).collect();
    if let Some(texts) = texts.filter(|t| t.iter().any(|t| !t.trim().is_empty())) {
        return Body::Text(texts.join("\n"));
    }
    let html: Vec<String> = (0..parsed.html_body_count())
        .filter_map(|i| parsed.body_html(i))
        .map(|h| h.into_owned())
        .collect();
    if html.is_empty() {
        Body::None
    } else {
        Body::Html(html.join("\n"))
    }
}

/// A text part's text, `format=flowed` joined; none for an HTML part.
fn text_of(part: &mail_parser::MessagePart<'_>) -> Option<String> {
    let PartType::Text(text) = &part.body else {
        return None;
    };
    let param = |name: &str| {
        part.content_type()
            .and_then(|ct| ct.attribute(name))
            .map(str::to_ascii_lowercase)
    };
    Some(if param("format").as_deref() == Some("flowed") {
        flowed::unflow(text, param("delsp").as_deref() == Some("yes"))
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read() {
        let raw = b"From: Alex Smith <Alex@Example.COM>\r\nTo: a@example.com, \"B\" <b@example.com>\r\nCc: c@example.com\r\nSubject: =?UTF-8?B?Q2Fmw6kgw6AgbWlkaQ==?=\r\nDate: Mon, 2 Apr 2012 18:26:00 +0200\r\nMessage-ID: <m1@example.com>\r\nIn-Reply-To: <m0@example.com>\r\nReferences: <a@example.com> <m0@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.from, ["alex@example.com"]);
        assert_eq!(m.to, ["a@example.com", "b@example.com"]);
        assert_eq!(m.cc, ["c@example.com"]);
        assert_eq!(m.subject.as_deref(), Some("Café à midi"));
        assert_eq!(m.date.as_deref(), Some("2012-04-02T16:26:00Z"));
        assert_eq!(m.message_id.as_deref(), Some("m1@example.com"));
        assert_eq!(m.in_reply_to.as_deref(), Some("m0@example.com"));
        assert_eq!(m.references, ["a@example.com", "m0@example.com"]);
        assert_eq!(m.automated, None);
        assert_eq!(m.body, Body::Text("Hello\r\n".into()));
    }

    #[test]
    fn not_a_message() {
        assert!(matches!(parse(b""), Err(MailError::NotMail)));
        // mail-parser reads this as a message with no header and a body.
        assert!(matches!(parse(b"\n\nbody"), Err(MailError::NotMail)));
    }

    #[test]
    fn forward_subjects() {
        assert!(is_forward_subject("Fwd: lunch"));
        assert!(is_forward_subject("TR : déjeuner"));
        assert!(!is_forward_subject("Re: lunch"));
        assert!(!is_forward_subject("Agenda: fw items"));
    }
}
