//! Mail in a sent folder that no person typed: automatic replies, delivery and read reports,
//! calendar invitations and their answers, and bulk mail, told by the headers and MIME parts
//! that the programs sending them add (RFC 3834 `Auto-Submitted`, RFC 6522 reports, iTIP
//! `text/calendar` parts, `Precedence`).
//!
//! Mailing lists: a list adds `List-Id`, `List-Unsubscribe` and often `Precedence: list` to
//! the copies it hands out, and a writer's own post to a list is their words, even when the
//! list's copy is what ends up among their mail. So those headers alone say nothing here;
//! bulk is `Precedence: bulk` or `junk`, or `List-Unsubscribe` together with what only bulk
//! senders add (the one-click `List-Unsubscribe-Post` of RFC 8058, or a `Feedback-ID`).

use mail_parser::{Message, MimeHeaders};

/// Why a message is not its writer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Automated {
    /// An automatic reply or other mail a program sent (`Auto-Submitted`, `X-Autoreply`).
    AutoReply,
    /// A delivery status or read report.
    Report,
    /// A calendar invitation, cancellation or answer.
    Calendar,
    /// Bulk mail: a newsletter or campaign.
    Bulk,
}

impl Automated {
    /// A name that does not change: for `--json`, logs and test fixtures.
    pub fn code(self) -> &'static str {
        match self {
            Automated::AutoReply => "auto-reply",
            Automated::Report => "report",
            Automated::Calendar => "calendar",
            Automated::Bulk => "bulk",
        }
    }

    /// What it is, for a person.
    pub fn reason(self) -> &'static str {
        match self {
            Automated::AutoReply => "an automatic reply or other mail sent by a program",
            Automated::Report => "a delivery or read report",
            Automated::Calendar => "a calendar invitation or answer",
            Automated::Bulk => "bulk mail (a newsletter or campaign)",
        }
    }
}

/// The parts of a delivery or read report.
const REPORTS: &[(&str, &str)] = &[
    ("multipart", "report"),
    ("message", "delivery-status"),
    ("message", "global-delivery-status"),
    ("message", "disposition-notification"),
    ("message", "global-disposition-notification"),
];

/// The iTIP methods of invitations and their answers (all but PUBLISH, which is an event
/// shared as a file).
const SCHEDULING: &[&str] = &[
    "request",
    "cancel",
    "reply",
    "counter",
    "declinecounter",
    "add",
    "refresh",
];

/// Why `message` was sent by a program, if it was.
pub fn detect(message: &Message<'_>) -> Option<Automated> {
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    let value = |name: &str| {
        header(name).map(|v| v.split(';').next().unwrap_or_default().trim().to_string())
    };
    let auto = value("Auto-Submitted").is_some_and(|v| !v.is_empty() && v != "no")
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some();
    let precedence = value("Precedence");
    if auto || precedence.as_deref() == Some("auto_reply") {
        return Some(Automated::AutoReply);
    }
    if message.parts.iter().any(|part| {
        REPORTS
            .iter()
            .any(|(kind, sub)| part.is_content_type(kind, sub))
    }) {
        return Some(Automated::Report);
    }
    if message.parts.iter().any(is_invitation) {
        return Some(Automated::Calendar);
    }
    let bulk = matches!(precedence.as_deref(), Some("bulk" | "junk"))
        || (header("List-Unsubscribe").is_some()
            && (header("List-Unsubscribe-Post").is_some() || header("Feedback-ID").is_some()));
    bulk.then_some(Automated::Bulk)
}

/// A `text/calendar` part whose method (its `method=` parameter, else its `METHOD:` line)
/// schedules.
fn is_invitation(part: &mail_parser::MessagePart<'_>) -> bool {
    if !part.is_content_type("text", "calendar") {
        return false;
    }
    let method = part
        .content_type()
        .and_then(|ct| ct.attribute("method"))
        .map(str::to_ascii_lowercase)
        .or_else(|| {
            String::from_utf8_lossy(part.contents())
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.trim()
                        .eq_ignore_ascii_case("method")
                        .then(|| value.trim().to_ascii_lowercase())
                })
        });
    method.is_some_and(|m| SCHEDULING.contains(&m.as_str()))
}
