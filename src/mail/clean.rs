//! A message body's text down to what its writer typed in it: quoted replies (`>` lines
//! with the attribution above them, Outlook's header block and all below it), forwarded
//! messages, signatures and the lines apps add are taken out; the quoted text is kept apart
//! as the context the writer answered. Works on any text body (a mail's text part, HTML made
//! text by `html`, a CRM's copy of an email), so nothing here reads headers.
//!
//! The text is read once from the top: the first line that ends the writer's part for good
//! (a forward separator, `-----Original Message-----`, a header block, or an attribution with
//! no `>` lines under it) cuts the rest off; above it, runs of `>` lines are quotes and the
//! lines between them the writer's. Each run of the writer's lines then loses its signature
//! from the `-- ` separator on and, from the bottom up, app lines, disclaimers and the learned
//! signature. Every step looks at each line a bounded number of times: time grows with the
//! length of the text, whatever it holds.

use super::boilerplate::{disclaimer_start, is_device_line};
use super::marks::{
    attribution, attribution_ending_at, header_block, is_blank, is_forward_separator,
    is_original_separator, is_quoted, is_rule, is_signature_separator, unquote,
};
use super::signature::Signature;

/// What a message body holds of its writer's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The writer's own words: no trailing white space on a line, no blank lines at either
    /// end, never more than two blank lines in a row. Empty when there are none (a bare
    /// forward).
    pub own: String,
    /// The text the writer answered, as quoted in the message (its attribution, deeper
    /// quotes and signature left out); none for a forward or a message that quotes nothing.
    pub context: Option<String>,
    pub shape: Shape,
}

/// How a message holds the writer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Nothing quoted.
    Fresh,
    /// Above or below one quote.
    Reply,
    /// Between the pieces of a quote, answered piece by piece.
    Inline,
    /// Above a forwarded message (or nothing but one).
    Forward,
}

/// The writer's words in `text`, its context and its shape; `learned` is the writer's
/// signature ([`Signature::default`] when none is known).
pub fn clean(text: &str, learned: &Signature) -> Cleaned {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let parts = Parts::split(&lines);
    let own = parts.own(learned);
    let tail = match &parts.tail {
        Tail::None => None,
        Tail::Forward => Some(Quoted::Forward),
        Tail::Quote(lines) => Some(quoted(lines, false)),
    };
    let quotes: Vec<Quoted> = (parts.quotes.iter())
        .map(|q| quoted(&q.lines, q.attributed))
        .chain(tail)
        .collect();
    if quotes.iter().any(|q| matches!(q, Quoted::Forward)) {
        return Cleaned {
            own,
            context: None,
            shape: Shape::Forward,
        };
    }
    let shape = match quotes.len() {
        0 => Shape::Fresh,
        1 => Shape::Reply,
        _ => Shape::Inline,
    };
    let mut context = String::new();
    for q in &quotes {
        if let Quoted::Words(words) = q
            && !words.is_empty()
        {
            if !context.is_empty() {
                context.push_str("\n\n");
            }
            context.push_str(words);
        }
    }
    Cleaned {
        own,
        context: (!context.is_empty()).then_some(context),
        shape,
    }
}

/// A text taken apart: the writer's runs of lines, the quotes between them, and what the
/// first line that ends the writer's part cut off.
struct Parts<'a> {
    runs: Vec<&'a [&'a str]>,
    quotes: Vec<Quote<'a>>,
    tail: Tail<'a>,
}

/// A run of `>` lines.
struct Quote<'a> {
    /// Its lines, one level of `>` off.
    lines: Vec<&'a str>,
    /// Whether an attribution stood above it: then it answers a message, even one that was
    /// a forward.
    attributed: bool,
}

enum Tail<'a> {
    None,
    Forward,
    /// The lines cut off, one level of `>` off where they had one.
    Quote(Vec<&'a str>),
}

/// A quote, read: a forwarded message, or the words of the message quoted.
enum Quoted {
    Forward,
    Words(String),
}

impl<'a> Parts<'a> {
    fn split(lines: &'a [&'a str]) -> Parts<'a> {
        let (head, tail) = match cut(lines) {
            Some((at, forward)) => {
                let tail = if forward {
                    Tail::Forward
                } else {
                    Tail::Quote(lines[at..].iter().map(|l| unquote(l)).collect())
                };
                (&lines[..at], tail)
            }
            None => (lines, Tail::None),
        };
        let mut runs = Vec::new();
        let mut quotes = Vec::new();
        let (mut at, mut run_start) = (0, 0);
        while at < head.len() {
            if !is_quoted(head[at]) {
                at += 1;
                continue;
            }
            // The quote goes on over blank lines to its last `>` line.
            let mut last = at;
            let mut next = at;
            while next < head.len() && (is_quoted(head[next]) || is_blank(head[next])) {
                if is_quoted(head[next]) {
                    last = next;
                }
                next += 1;
            }
            // The attribution just above the quote is neither the writer's nor the quote's.
            let run_end = (run_start..at)
                .rev()
                .find(|&l| !is_blank(head[l]))
                .and_then(|l| attribution_ending_at(head, l))
                .filter(|&start| start >= run_start)
                .unwrap_or(at);
            runs.push(&head[run_start..run_end]);
            quotes.push(Quote {
                lines: head[at..=last].iter().map(|l| unquote(l)).collect(),
                attributed: run_end < at,
            });
            at = last + 1;
            run_start = at;
        }
        runs.push(&head[run_start..]);
        Parts { runs, quotes, tail }
    }

    /// The writer's runs, each without its signature, joined by a blank line.
    fn own(&self, learned: &Signature) -> String {
        let mut out = String::new();
        for run in &self.runs {
            push_run(&mut out, without_signature(run, learned));
        }
        out
    }
}

/// The first line that ends the writer's part of `lines` for good, and whether what follows
/// is a forwarded message. `>` lines are passed over: what they hold is the quote's.
fn cut(lines: &[&str]) -> Option<(usize, bool)> {
    let mut above: Option<usize> = None;
    for (at, line) in lines.iter().enumerate() {
        if is_blank(line) {
            continue;
        }
        if is_quoted(line) {
            above = None;
            continue;
        }
        if is_forward_separator(line) {
            return Some((at, true));
        }
        if is_original_separator(line) {
            return Some((at, false));
        }
        if header_block(lines, at).is_some() {
            // Outlook draws a rule above its header block; it goes with the block.
            let rule = above.filter(|&a| is_rule(lines[a]) || is_original_separator(lines[a]));
            return Some((rule.unwrap_or(at), false));
        }
        if let Some(n) = attribution(lines, at, true) {
            let below = lines[at + n..].iter().find(|l| !is_blank(l));
            if !below.is_some_and(|l| is_quoted(l)) {
                return Some((at, false));
            }
        }
        above = Some(at);
    }
    None
}

/// A quote's words: what it says under its own attribution or header block, without deeper
/// quotes; or a forward, when it opens with a forward separator and no attribution stood
/// above it (`attributed`: then it is a forwarded message being answered, whose words are
/// the context).
fn quoted(lines: &[&str], attributed: bool) -> Quoted {
    let first = |from: usize| {
        (from..lines.len())
            .find(|&i| !is_blank(lines[i]))
            .unwrap_or(lines.len())
    };
    let mut at = first(0);
    let Some(line) = lines.get(at) else {
        return Quoted::Words(String::new());
    };
    if is_forward_separator(line) && !attributed {
        return Quoted::Forward;
    }
    if is_rule(line) || is_original_separator(line) || is_forward_separator(line) {
        at = first(at + 1);
    }
    if let Some(n) = header_block(lines, at).or_else(|| attribution(lines, at, false)) {
        at += n;
    }
    Quoted::Words(Parts::split(&lines[at..]).own(&Signature::default()))
}

/// A run of the writer's lines without what ends it that is not theirs: everything from the
/// signature separator on, then from the bottom up app lines, the learned signature and
/// legal disclaimers.
fn without_signature<'a>(run: &'a [&'a str], learned: &Signature) -> &'a [&'a str] {
    let run = match run.iter().position(|l| is_signature_separator(l)) {
        Some(at) => &run[..at],
        None => run,
    };
    let mut end = run.len();
    loop {
        loop {
            match run[..end].iter().rposition(|l| !is_blank(l)) {
                Some(last) => end = last + 1,
                None => return &run[..0],
            }
            if is_device_line(run[end - 1]) {
                end -= 1;
            } else if let Some(start) = learned.start_of_block(&run[..end]) {
                end = start;
            } else {
                break;
            }
        }
        // Looked at only when nothing else is left to take: each paragraph once.
        match disclaimer_start(&run[..end]) {
            Some(start) => end = start,
            None => return &run[..end],
        }
    }
}

/// Adds a run to the text, a blank line after what is there; blank lines at the run's ends
/// dropped, three or more in a row made one.
fn push_run(out: &mut String, run: &[&str]) {
    let Some(first) = run.iter().position(|l| !is_blank(l)) else {
        return;
    };
    let last = run.iter().rposition(|l| !is_blank(l)).unwrap_or(first);
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    let mut blanks = 0;
    for (i, line) in run[first..=last].iter().enumerate() {
        if is_blank(line) {
            blanks += 1;
            continue;
        }
        if i > 0 {
            let kept = if blanks >= 3 { 1 } else { blanks };
            out.extend(std::iter::repeat_n('\n', kept + 1));
        }
        blanks = 0;
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(text: &str) -> String {
        clean(text, &Signature::default()).own
    }

    #[test]
    fn top_post_with_gmail_quote() {
        let text = "Sounds good, see you there.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <megan@example.com> wrote:\n> Lunch at noon?\n>\n> Megan\n";
        let c = clean(text, &Signature::default());
        assert_eq!(c.own, "Sounds good, see you there.");
        assert_eq!(c.context.as_deref(), Some("Lunch at noon?\n\nMegan"));
        assert_eq!(c.shape, Shape::Reply);
    }

    #[test]
    fn inline_reply_keeps_the_writers_lines() {
        let text = "Megan wrote:\n> Lunch?\nYes.\n> Where?\nThe usual place.\n";
        let c = clean(text, &Signature::default());
        assert_eq!(c.own, "Yes.\n\nThe usual place.");
        assert_eq!(c.context.as_deref(), Some("Lunch?\n\nWhere?"));
        assert_eq!(c.shape, Shape::Inline);
    }

    #[test]
    fn forwards_keep_only_the_comment() {
        let text = "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Megan <m@example.com>\nDate: Mon, Apr 2, 2012\nSubject: Lunch\nTo: Alex <a@example.com>\n\nLunch at noon?\n";
        let c = clean(text, &Signature::default());
        assert_eq!(
            (c.own.as_str(), c.context, c.shape),
            ("FYI, see below.", None, Shape::Forward)
        );
        let bare = "Begin forwarded message:\n\nFrom: Megan\nSubject: Lunch\nDate: today\nTo: Alex\n\nLunch?";
        let c = clean(bare, &Signature::default());
        assert_eq!((c.own.as_str(), c.shape), ("", Shape::Forward));
    }

    #[test]
    fn a_forward_being_answered_is_a_reply() {
        let text = "Thanks, I'll read it.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan <m@example.com> wrote:\n> ---------- Forwarded message ---------\n> From: Sam <s@example.com>\n> Subject: Report\n> Date: Mon, Apr 2, 2012\n>\n> The report is done.\n";
        let c = clean(text, &Signature::default());
        assert_eq!(c.own, "Thanks, I'll read it.");
        assert_eq!(c.context.as_deref(), Some("The report is done."));
        assert_eq!(c.shape, Shape::Reply);
    }

    #[test]
    fn outlook_without_a_rule() {
        let text = "Works for me.\n\nFrom: Megan One\nSent: Monday, April 2, 2012 6:26 PM\nTo: Alex\nSubject: Lunch\n\nLunch at noon?\n";
        let c = clean(text, &Signature::default());
        assert_eq!(c.own, "Works for me.");
        assert_eq!(c.context.as_deref(), Some("Lunch at noon?"));
    }

    #[test]
    fn signatures_go_sign_offs_stay() {
        assert_eq!(
            own("Hello\n\nThanks,\nAlex\n\nSent from my iPhone\n"),
            "Hello\n\nThanks,\nAlex"
        );
        assert_eq!(own("Hello\n-- \nAlex Smith\nCEO"), "Hello");
        assert_eq!(own("Hello\n\nGet Outlook for Android"), "Hello");
    }

    #[test]
    fn blank_lines_and_white_space() {
        assert_eq!(
            own("\n\n  Hi  \t\n\n\n\n\nthere\n\n\nyou\n\n"),
            "  Hi\n\nthere\n\n\nyou"
        );
    }

    #[test]
    fn long_quotes_take_linear_time() {
        let quote = "> ".to_string() + &"quoted words ".repeat(20) + "\n";
        let text = format!(
            "Mine.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, M <m@x> wrote:\n{}",
            quote.repeat(4000)
        );
        let start = std::time::Instant::now();
        assert_eq!(own(&text), "Mine.");
        assert!(start.elapsed().as_secs_f64() < 1.0);
    }
}
