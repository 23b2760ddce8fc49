//! The lines mail clients write around text that is not the writer's: `>` quote marks, the
//! attribution above a quote (`On … wrote:` and its translations), forward and "original
//! message" separators, the From/Sent/To/Subject block Outlook puts above what it quotes, and
//! rules. Only recognising them is here; what to cut is `clean`'s. Every test looks at a line
//! or a few lines at a fixed distance, so a text costs time in proportion to its length.

/// What introduces a quote: the first words of an attribution, lower-cased. A date-first one
/// (Apple Mail in Swedish and others) starts with a digit instead.
const PREFIXES: &[&str] = &[
    "on ", "le ", "am ", "w dniu ", "op ", "em ", "el ", "il ", "på ", "den ", "vào ",
];

/// The verb of an attribution, lower-cased: `wrote` and its translations.
const VERBS: &[&str] = &[
    "wrote",
    "a écrit",
    "schrieb",
    "napisał",
    "pisze",
    "schreef",
    "escreveu",
    "escribió",
    "ha scritto",
    "skrev",
    "kirjoitti",
    "đã viết",
];

/// An attribution longer than this is a paragraph that happens to end in "wrote:".
const MAX_ATTRIBUTION: usize = 400;

/// Lines an attribution may be wrapped over (`On …, Name\n<address>\nwrote:`).
const ATTRIBUTION_LINES: usize = 3;

/// Between the dashes of a forward separator (`---------- Forwarded message ---------`),
/// lower-cased.
const FORWARDED: &[&str] = &[
    "forwarded message",
    "message transféré",
    "weitergeleitete nachricht",
    "mensaje reenviado",
    "doorgestuurd bericht",
    "wiadomość przekazana dalej",
    "przekazana wiadomość",
    "mensagem encaminhada",
    "messaggio inoltrato",
    "vidarebefordrat meddelande",
    "videresendt meddelelse",
    "videresendt melding",
    "thư được chuyển tiếp",
];

/// Apple Mail's forward line, lower-cased, without its colon.
const BEGIN_FORWARDED: &[&str] = &[
    "begin forwarded message",
    "début du message réexpédié",
    "anfang der weitergeleiteten nachricht",
    "inicio del mensaje reenviado",
    "begin doorgestuurd bericht",
    "início da mensagem reencaminhada",
    "inizio messaggio inoltrato",
    "början på vidarebefordrat brev",
];

/// Between the dashes of Outlook's and Thunderbird's `-----Original Message-----`.
const ORIGINAL: &[&str] = &[
    "original message",
    "ursprüngliche nachricht",
    "message d'origine",
    "mensaje original",
    "oorspronkelijk bericht",
    "messaggio originale",
    "mensagem original",
    "originalmeddelande",
    "opprinnelig melding",
    "oprindelig meddelelse",
    "wiadomość oryginalna",
    "alkuperäinen viesti",
];

/// The first field of a header block (From), lower-cased.
const FROM_FIELDS: &[&str] = &[
    "from",
    "van",
    "de",
    "von",
    "fra",
    "från",
    "od",
    "da",
    "lähettäjä",
];

/// The Subject field of a header block, which every client writes.
const SUBJECT_FIELDS: &[&str] = &[
    "subject",
    "betreff",
    "objet",
    "onderwerp",
    "asunto",
    "assunto",
    "oggetto",
    "ämne",
    "emne",
    "temat",
    "aihe",
];

/// The other fields of a header block: sent/date, to, cc.
const OTHER_FIELDS: &[&str] = &[
    "sent",
    "date",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "gesendet",
    "datum",
    "an",
    "envoyé",
    "à",
    "verzonden",
    "aan",
    "enviado",
    "enviado el",
    "enviada",
    "enviada em",
    "fecha",
    "para",
    "data",
    "inviato",
    "a",
    "skickat",
    "till",
    "sendt",
    "til",
    "wysłano",
    "wysłane",
    "do",
    "lähetetty",
    "vastaanottaja",
];

/// How far below a From line the other fields of its block are looked for.
const HEADER_REACH: usize = 6;

/// A field name longer than this is not one.
const MAX_FIELD: usize = 24;

/// Whether a line is quoted: its first character other than white space is `>`.
pub fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// A quoted line with one level of quoting taken off: its `>` and the space after it.
pub fn unquote(line: &str) -> &str {
    match line.trim_start().strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A horizontal rule: five or more `_` or `-` and nothing else (Outlook's
/// `________________________________`, ` ------------------------------`).
pub fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 5 && (line.bytes().all(|b| b == b'_') || line.bytes().all(|b| b == b'-'))
}

/// A line that ends the writer's text for a footer or signature below it: `--`/`-- ` (the
/// signature separator) or a rule of underscores (mailing-list footers, email_reply_parser's
/// `__`).
pub fn is_signature_separator(line: &str) -> bool {
    let line = line.trim_end();
    line == "--" || (line.len() >= 2 && line.bytes().all(|b| b == b'_'))
}

/// `---------- Forwarded message ---------` (any language, any number of dashes) or Apple
/// Mail's `Begin forwarded message:`.
pub fn is_forward_separator(line: &str) -> bool {
    let line = line.trim();
    match between_dashes(line) {
        Some(words) => FORWARDED.contains(&words.as_str()),
        None if line.len() > 80 => false,
        None => {
            let words = line.trim_end_matches([':', ' ']).to_lowercase();
            BEGIN_FORWARDED.contains(&words.as_str())
        }
    }
}

/// `-----Original Message-----` and its translations.
pub fn is_original_separator(line: &str) -> bool {
    between_dashes(line.trim()).is_some_and(|words| ORIGINAL.contains(&words.as_str()))
}

/// The words between the dashes of a `-- words --` line, lower-cased.
fn between_dashes(line: &str) -> Option<String> {
    if !line.starts_with("--") || line.len() > 80 {
        return None;
    }
    Some(line.trim_matches(|c| c == '-' || c == ' ').to_lowercase())
}

/// How many lines from `at` the attribution of a quote takes, if one starts there: up to
/// three lines that read `On <date>, <name> wrote:` in one of the languages known here.
/// `strong` asks for what marks an attribution even with no `>` lines below it (a client
/// that quotes without marks): a known first word (or a date first) and a year or a time.
/// Without `strong`, directly above `>` lines, any line ending in a verb and a colon is one
/// (Thunderbird's `Megan One wrote:`).
pub fn attribution(lines: &[&str], at: usize, strong: bool) -> Option<usize> {
    let first = lines.get(at)?.trim();
    let known_start = starts_like_attribution(first);
    if strong && !known_start {
        return None;
    }
    let mut joined = String::new();
    for (n, line) in lines.iter().skip(at).take(ATTRIBUTION_LINES).enumerate() {
        if is_blank(line) || is_quoted(line) {
            return None;
        }
        let line = line.trim();
        if joined.len() + line.len() >= MAX_ATTRIBUTION {
            return None;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line);
        // A wrapped attribution is known by its start; a one-line one may start anywhere.
        // Directly above a quote, a line ending in the quoted writer's address and a colon
        // is its attribution in any language (`2012年4月2日(月) 18:26 Megan <m@example.com>:`).
        let ends = ends_like_attribution(&joined) || (!strong && addressed(&joined));
        if (n == 0 || known_start) && ends && (!strong || dated(&joined)) {
            return Some(n + 1);
        }
    }
    None
}

/// Where the attribution ending at line `last` starts, if it is one: the line itself, or up to
/// two lines above it when the first of them starts as attributions do.
pub fn attribution_ending_at(lines: &[&str], last: usize) -> Option<usize> {
    let earliest = last.saturating_sub(ATTRIBUTION_LINES - 1);
    (earliest..=last).find(|&start| attribution(lines, start, false) == Some(last - start + 1))
}

fn starts_like_attribution(line: &str) -> bool {
    let head: String = line.chars().take(12).collect::<String>().to_lowercase();
    head.starts_with(|c: char| c.is_ascii_digit()) || PREFIXES.iter().any(|p| head.starts_with(p))
}

/// Whether a text holds a year (four digits) or a time (`6:26`, `18.26`): every client dates
/// its attribution, a sentence that starts with a number rarely does.
fn dated(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len()).any(|i| {
        (digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3))
            || (digit(i)
                && matches!(b.get(i + 1), Some(b':' | b'.'))
                && digit(i + 2)
                && digit(i + 3))
    })
}

fn addressed(text: &str) -> bool {
    text.trim_end().ends_with(">:") && text.contains('@')
}

fn ends_like_attribution(text: &str) -> bool {
    let Some(body) = text.trim_end().strip_suffix(':') else {
        return false;
    };
    // The verb is near the end: after it at most a name and an address (`schrieb Megan
    // <megan@example.com>:`).
    let tail: String = {
        let chars: Vec<char> = body.chars().collect();
        let from = chars.len().saturating_sub(120);
        chars[from..].iter().collect::<String>().to_lowercase()
    };
    VERBS.iter().any(|verb| tail.contains(verb))
}

/// How many lines the header block starting at `at` takes, if one starts there: a From line
/// (`From:`, `*From:*`, `De :`, `Von:` …) with a Subject field and another (Sent, Date, To
/// and their translations) below it before a blank line; "From: Paris / To: Berlin" in a
/// note is not one. The block ends at the first blank line.
pub fn header_block(lines: &[&str], at: usize) -> Option<usize> {
    let name = field(lines.get(at)?)?;
    if !FROM_FIELDS.contains(&name.as_str()) {
        return None;
    }
    let (mut subject, mut other) = (false, false);
    for line in lines.iter().skip(at + 1).take(HEADER_REACH) {
        if is_blank(line) {
            break;
        }
        if let Some(name) = field(line) {
            subject |= SUBJECT_FIELDS.contains(&name.as_str());
            other |= OTHER_FIELDS.contains(&name.as_str());
        }
    }
    if !(subject && other) {
        return None;
    }
    let rest = &lines[at..];
    Some(rest.iter().position(|l| is_blank(l)).unwrap_or(rest.len()))
}

/// The name of the header field a line starts with, lower-cased, bold marks (`*From:*`)
/// aside.
fn field(line: &str) -> Option<String> {
    let line = line.trim_start().trim_start_matches('*');
    let head: String = line.chars().take(MAX_FIELD + 1).collect();
    let (name, _) = head.split_once(':')?;
    let name = name.trim_end_matches('*').trim();
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == ' ');
    plain.then(|| name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributions_in_many_languages() {
        for line in [
            "On Mon, Apr 2, 2012 at 6:26 PM, Megan One <megan@example.com> wrote:",
            "On 04/02/2012 06:26 PM, Megan One wrote:",
            "Le lun. 2 avr. 2012 à 18:26, Megan One <megan@example.com> a écrit :",
            "Am Mo., 2. Apr. 2012 um 18:26 Uhr schrieb Megan One <megan@example.com>:",
            "W dniu pon., 2 kwi 2012 o 18:26 Megan One <megan@example.com> napisał(a):",
            "Op ma 2 apr. 2012 om 18:26 schreef Megan One <megan@example.com>:",
            "Em seg., 2 de abr. de 2012 às 18:26, Megan One <megan@example.com> escreveu:",
            "El lun, 2 abr 2012 a las 18:26, Megan One (<megan@example.com>) escribió:",
            "Il giorno lun 2 apr 2012 alle ore 18:26 Megan One <megan@example.com> ha scritto:",
            "Den mån 2 apr. 2012 kl 18:26 skrev Megan One <megan@example.com>:",
            "På mandag 2. april 2012 skrev Megan One <megan@example.com>:",
            "2 apr. 2012 kl. 18:26 skrev Megan One <megan@example.com>:",
            "Vào Th 2, 2 thg 4, 2012 vào lúc 18:26 Megan One <megan@example.com> đã viết:",
        ] {
            assert_eq!(attribution(&[line], 0, true), Some(1), "{line}");
        }
        // Wrapped over two and three lines.
        let two = [
            "On Tue, Sep 25, 2012 at 8:59 AM, Chris",
            "<c@example.com>wrote:",
        ];
        assert_eq!(attribution(&two, 0, true), Some(2));
        let three = [
            "On Dec 16, 2011, at 12:47 PM, Corey",
            "<c@example.com>",
            "wrote:",
        ];
        assert_eq!(attribution(&three, 0, true), Some(3));
        assert_eq!(attribution_ending_at(&three, 2), Some(0));
    }

    #[test]
    fn sentences_are_not_attributions() {
        for line in [
            "On your remote host you can run:",
            "One outstanding question I had:",
            "On Monday Mark wrote:",
            "Here is what he wrote",
        ] {
            assert_eq!(attribution(&[line], 0, true), None, "{line}");
        }
        // Directly above a quote a bare "Name wrote:" is one, but not a sentence without
        // the verb.
        assert_eq!(attribution(&["Megan One wrote:"], 0, false), Some(1));
        let russian = "пн, 2 апр. 2012 г. в 18:26, Megan One <megan@example.com>:";
        assert_eq!(attribution(&[russian], 0, false), Some(1));
        assert_eq!(attribution(&[russian], 0, true), None);
        assert_eq!(attribution(&["Here is what he said:"], 0, false), None);
    }

    #[test]
    fn separators_and_header_blocks() {
        assert!(is_forward_separator(
            "---------- Forwarded message ---------"
        ));
        assert!(is_forward_separator("-------- Forwarded Message --------"));
        assert!(is_forward_separator(
            "---------- Message transféré ---------"
        ));
        assert!(is_forward_separator("Begin forwarded message:"));
        assert!(!is_forward_separator("I forwarded the message:"));
        assert!(is_original_separator("-----Original Message-----"));
        assert!(is_original_separator("-----Ursprüngliche Nachricht-----"));
        assert!(is_rule(" ------------------------------"));
        assert!(!is_rule("----"));
        assert!(is_signature_separator("-- "));
        assert!(is_signature_separator("__"));
        assert!(!is_signature_separator("-- Tim"));
        let outlook = [
            "*From:* Google Apps Sync Team [mailto:mail-noreply@google.com]",
            "*Sent:* Thursday, February 09, 2012 1:36 PM",
            "*To:* jow@xxxx.com",
            "*Subject:* Google Apps Sync was updated!",
            "",
            "Dear user,",
        ];
        assert_eq!(header_block(&outlook, 0), Some(4));
        let french = [
            "De : Megan",
            "Envoyé : lundi 2 avril 2012 18:26",
            "À : Alex",
            "Objet : Re: x",
        ];
        assert_eq!(header_block(&french, 0), Some(4));
        let letter = ["From: the desk of Alex", "Hello there"];
        assert_eq!(header_block(&letter, 0), None);
        let trip = [
            "From: Paris",
            "To: Berlin",
            "Date: May 3",
            "",
            "Tickets booked.",
        ];
        assert_eq!(header_block(&trip, 0), None);
    }
}
