//! What mail apps and company servers put under what a person typed: a line naming the app
//! or device (`Sent from my iPhone`, `Get Outlook for Android`, `Enviado desde mi …`) and a
//! legal disclaimer paragraph (`CONFIDENTIALITY NOTICE: This e-mail and any attachments …`).
//! Both are recognised conservatively: a line must be nothing but the app's phrase and a few
//! words, a disclaimer must open as one and speak of confidentiality and of recipients, so
//! "Sent from my desk, is much easier than my phone." and a paragraph about a confidential
//! project stay.

use super::marks::is_blank;

/// Lines an app adds, lower-cased: the phrase, then how many words may follow it (the
/// device or app: `my Verizon Wireless BlackBerry`).
const DEVICE_LINES: &[(&str, usize)] = &[
    ("sent from my ", 3),
    ("sent from mail for windows", 1),
    ("sent from outlook", 3),
    ("sent from yahoo mail", 3),
    ("sent from mailbox", 2),
    ("sent from samsung", 3),
    ("sent from proton mail", 2),
    ("sent with proton mail", 3),
    ("sent from protonmail", 2),
    ("get outlook for ", 1),
    ("obtenir outlook pour ", 1),
    ("obtener outlook para ", 1),
    ("obter o outlook para ", 1),
    ("outlook für ", 2),
    ("outlook voor ", 2),
    ("enviado desde mi ", 3),
    ("enviado desde outlook", 2),
    ("envoyé de mon ", 3),
    ("envoyé depuis mon ", 3),
    ("von meinem ", 3),
    ("verzonden vanaf mijn ", 3),
    ("verstuurd vanaf mijn ", 3),
    ("enviado do meu ", 3),
    ("enviado de meu ", 3),
    ("inviato da ", 3),
    ("inviato dal mio ", 3),
    ("skickat från min ", 3),
    ("sendt fra min ", 3),
    ("wysłane z mojego ", 3),
    ("wysłano z mojego ", 3),
    ("gửi từ ", 4),
];

/// How a disclaimer opens, lower-cased.
const OPENERS: &[&str] = &[
    "this e-mail",
    "this email",
    "this message",
    "this communication",
    "this transmission",
    "the information contained in",
    "the information in this",
    "the contents of this",
    "confidentiality notice",
    "confidentiality:",
    "confidential:",
    "disclaimer",
    "legal disclaimer",
    "important notice",
    "notice:",
    "privileged and confidential",
    "privileged & confidential",
    "diese e-mail",
    "diese nachricht",
    "ce message",
    "ce courriel",
    "este mensaje",
    "este correo",
    "esta mensagem",
    "este e-mail",
    "questo messaggio",
    "deze e-mail",
    "dit bericht",
    "ta wiadomość",
    "niniejsza wiadomość",
];

/// A disclaimer speaks of confidentiality …
const CONFIDENTIAL: &[&str] = &[
    "confidential",
    "privileged",
    "vertraulich",
    "confidentiel",
    "confidencial",
    "riservat",
    "vertrouwelijk",
    "poufn",
];

/// … and of who may read it.
const RECIPIENTS: &[&str] = &[
    "intended recipient",
    "intended solely",
    "intended only",
    "addressee",
    "if you have received",
    "if you are not the",
    "prohibited",
    "unauthori",
    "destinataire",
    "destinatario",
    "empfänger",
    "adressat",
    "geadresseerde",
    "adresat",
];

/// A heading a disclaimer may stand under, on a line of its own.
const HEADINGS: &[&str] = &[
    "confidentiality notice",
    "disclaimer",
    "legal disclaimer",
    "important notice",
    "privileged and confidential",
    "privileged & confidential",
    "confidential",
];

/// Words a disclaimer has at least: a short paragraph is a person's.
const MIN_WORDS: usize = 12;

/// A paragraph longer than this (lines or bytes) is not looked at: disclaimers are a few
/// sentences, and the bound keeps the look at each paragraph cheap.
const MAX_LINES: usize = 40;
const MAX_BYTES: usize = 8192;

/// Whether a line is one an app adds under the text (`Sent from my iPhone`).
pub fn is_device_line(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 80 {
        return false;
    }
    let mut line = line.to_lowercase();
    // Outlook's text part links its app: `Get Outlook for iOS<https://aka.ms/o0ukef>`.
    if line.ends_with('>')
        && let Some(at) = line.rfind('<')
    {
        line.truncate(at);
    }
    let line = line.trim_end().trim_end_matches('.');
    DEVICE_LINES.iter().any(|(phrase, most)| {
        let Some(rest) = line.strip_prefix(phrase) else {
            return false;
        };
        let words = rest.split_whitespace().count();
        let needs_word = phrase.ends_with(' ');
        words <= *most && (!needs_word || words > 0) && !rest.contains([',', ';', ':', '!', '?'])
    })
}

/// Where the legal disclaimer that ends `lines` starts (its heading included), if the last
/// paragraph is one.
pub fn disclaimer_start(lines: &[&str]) -> Option<usize> {
    let start = last_paragraph(lines)?;
    let text = lines[start..].join(" ").to_lowercase();
    let opens = OPENERS.iter().any(|o| text.starts_with(o));
    let is_one = opens
        && text.split_whitespace().count() >= MIN_WORDS
        && CONFIDENTIAL.iter().any(|w| text.contains(w))
        && RECIPIENTS.iter().any(|w| text.contains(w));
    if !is_one {
        return None;
    }
    let above = &lines[..start];
    let heading = above.iter().rposition(|l| !is_blank(l)).filter(|&at| {
        (at == 0 || is_blank(above[at - 1]))
            && HEADINGS.contains(
                &above[at]
                    .trim()
                    .trim_end_matches(':')
                    .to_lowercase()
                    .as_str(),
            )
    });
    Some(heading.unwrap_or(start))
}

/// Where the last paragraph of `lines` starts; `lines` ends with a line that is not blank.
fn last_paragraph(lines: &[&str]) -> Option<usize> {
    let mut bytes = 0;
    let mut start = lines.len();
    while start > 0 && !is_blank(lines[start - 1]) {
        start -= 1;
        bytes += lines[start].len();
        if lines.len() - start > MAX_LINES || bytes > MAX_BYTES {
            return None;
        }
    }
    (start < lines.len()).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_lines() {
        for line in [
            "Sent from my iPhone",
            "Sent from my BlackBerry",
            "Sent from my Verizon Wireless BlackBerry",
            "Get Outlook for iOS<https://aka.ms/o0ukef>",
            "Get Outlook for Android",
            "Sent from Mail for Windows 10",
            "Sent from Yahoo Mail for iPhone",
            "Enviado desde mi iPhone",
            "Von meinem iPhone gesendet",
            "Envoyé de mon iPad",
        ] {
            assert!(is_device_line(line), "{line}");
        }
        for line in [
            "Sent from my desk, is much easier then my mobile phone.",
            "Sent from my phone while walking the dog in the park",
            "Sent from a magnificent torch of pixels",
            "Sent from my",
            "I sent it from my iPhone",
        ] {
            assert!(!is_device_line(line), "{line}");
        }
    }

    #[test]
    fn disclaimers_with_and_without_heading() {
        let lines = [
            "See you then.",
            "",
            "CONFIDENTIALITY NOTICE:",
            "",
            "This e-mail and any attachments are confidential and intended solely for the",
            "addressee. If you have received it in error, please delete it.",
        ];
        assert_eq!(disclaimer_start(&lines), Some(2));
        assert_eq!(disclaimer_start(&lines[3..]), Some(1));
        // A person writing about confidential things keeps their words.
        let own = [
            "This email is about the confidential merger, so keep it among the three of us",
            "until Friday please.",
        ];
        assert_eq!(disclaimer_start(&own), None);
    }
}
