//! A downloaded YouTube caption track (SRT, SBV or WebVTT, as `captions.download` returns it
//! for a `tfmt`) to the plain text that was spoken: cue numbers, timings, cue settings,
//! headers, `NOTE`/`STYLE`/`REGION` blocks, inline markup, `[Music]`-style tags, ♪ notes and
//! `>>` speaker markers go; HTML entities are decoded; the roll-up repetition of automatic
//! captions (each cue repeating the previous cue's last line, 10 ms "hold" cues repeating it
//! all) is taken out. It must not guess at casing or punctuation, nor drop spoken words
//! beyond the dedupe rules below: the text is the writer's voice.
//!
//! Dedupe, in this order for each cue (design note hubspot-youtube.md, B5):
//! 1. **Line repeats.** The cue's leading lines that equal the previous cue's trailing lines
//!    (up to [`MAX_LINE_OVERLAP`]) are dropped: this is the whole of YouTube's roll-up and
//!    hold cues. A human track whose cue repeats the previous cue's last line exactly ("No."
//!    then "No.") loses the repeat; that is the price of the rule.
//! 2. **Word overlap.** Of what is left, leading words that equal the trailing words of the
//!    text kept so far are dropped, when at least [`MIN_WORD_OVERLAP`] words match (and at
//!    most [`MAX_WORD_OVERLAP`] are looked at), so a genuine "yeah yeah yeah" or "no no"
//!    across cues survives. Both rules compare words case- and punctuation-insensitively.
//!
//! Layout: words are joined by single spaces (cues are fragments of sentences); a paragraph
//! (a blank line) starts where the gap from the end of the cues so far to a cue's start is at
//! least [`PARAGRAPH_GAP_MS`], and at each `>>` speaker change, since a change of speaker is
//! where a reader would start a new paragraph too. The text has no trailing newline.

/// The caption formats voicetrain asks YouTube for (`tfmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Srt,
    Sbv,
    Vtt,
}

impl Format {
    /// The `tfmt` value of `captions.download` for this format.
    pub fn tfmt(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::Sbv => "sbv",
            Format::Vtt => "vtt",
        }
    }
}

/// The input is not a caption track: it has no cue timing line in any of the three formats.
#[derive(Debug, thiserror::Error)]
#[error("not a caption track (SRT, SBV or WebVTT): {0}")]
pub struct NotCaptions(pub String);

/// A gap between cues at least this long (end of the cues so far to the next start) starts a
/// paragraph: a pause of two seconds is a change of thought more often than a breath.
pub const PARAGRAPH_GAP_MS: u64 = 2_000;
/// The fewest words a cue must share with the end of the kept text for them to be dropped.
pub const MIN_WORD_OVERLAP: usize = 3;
/// The most words of overlap looked for: a roll-up repeats one line, and the bound keeps a
/// pathological cue of a million words linear.
pub const MAX_WORD_OVERLAP: usize = 64;
/// The most lines of a cue compared against the previous cue's (hold cues repeat two at most).
pub const MAX_LINE_OVERLAP: usize = 8;

/// The spoken text of a caption track in any of the [`Format`]s, detected from the text; a BOM
/// and CRLF or CR line ends are accepted. A track with no cues (a `WEBVTT` header alone, or
/// an empty file, which is how an empty SRT or SBV track comes) is `Ok("")`.
pub fn transcript(raw: &str) -> Result<String, NotCaptions> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let lines = split_lines(raw);
    let Some(format) = detect(&lines) else {
        if raw.trim().is_empty() {
            return Ok(String::new());
        }
        let start: String = raw.trim_start().chars().take(12).collect();
        return Err(NotCaptions(format!("no cue timings; it starts {start:?}")));
    };
    let mut out = Writer::default();
    for cue in cues(&lines, format) {
        out.cue(&cue);
    }
    Ok(out.text)
}

/// The lines of `raw`, without their `\n`, `\r\n` or (in a file with no `\n`) `\r` ends.
fn split_lines(raw: &str) -> Vec<&str> {
    if raw.contains('\n') {
        raw.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    } else {
        raw.split('\r').collect()
    }
}

/// WebVTT by its header; otherwise the format of the first cue timing line.
fn detect(lines: &[&str]) -> Option<Format> {
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
    if let Some(rest) = first.strip_prefix("WEBVTT")
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
    {
        return Some(Format::Vtt);
    }
    lines.iter().find_map(|line| {
        if arrow_timing(line).is_some() {
            Some(Format::Srt)
        } else if sbv_timing(line).is_some() {
            Some(Format::Sbv)
        } else {
            None
        }
    })
}

/// One cue: its times in milliseconds and its text lines, raw.
#[derive(Debug)]
struct Cue<'a> {
    start: u64,
    end: u64,
    lines: Vec<&'a str>,
}

/// The cues of a track. A timing line starts a cue, whatever came before it (so a cue number
/// or a WebVTT identifier is skipped); its text runs to the next empty line. A block that does
/// not start with a timing line (the WebVTT header, `Kind:`, `NOTE`, `STYLE`, `REGION`, a cue
/// number) is skipped. Only an empty line ends a block: YouTube's roll-up cues hold lines of
/// a single space.
fn cues<'a>(lines: &[&'a str], format: Format) -> Vec<Cue<'a>> {
    let timing = |line: &str| match format {
        Format::Srt | Format::Vtt => arrow_timing(line),
        Format::Sbv => sbv_timing(line),
    };
    let mut cues: Vec<Cue<'a>> = Vec::new();
    let mut in_cue = false;
    for &line in lines {
        if line.is_empty() {
            in_cue = false;
        } else if let Some((start, end)) = timing(line) {
            // A cue number with no empty line before it ends up in the previous cue's text.
            if let Some(last) = cues.last_mut()
                && in_cue
                && last
                    .lines
                    .last()
                    .is_some_and(|l| l.trim().bytes().all(|b| b.is_ascii_digit()))
            {
                last.lines.pop();
            }
            cues.push(Cue {
                start,
                end,
                lines: Vec::new(),
            });
            in_cue = true;
        } else if in_cue && let Some(last) = cues.last_mut() {
            last.lines.push(line);
        }
    }
    cues
}

/// `start --> end [settings]` (SRT, WebVTT), in milliseconds.
fn arrow_timing(line: &str) -> Option<(u64, u64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((timestamp(start)?, timestamp(end)?))
}

/// `start,end` (SBV), in milliseconds.
fn sbv_timing(line: &str) -> Option<(u64, u64)> {
    let (start, end) = line.trim().split_once(',')?;
    Some((timestamp(start)?, timestamp(end)?))
}

/// `[H…:]MM:SS.mmm` (`,` for `.` too, as SRT has it; one to three digits of fraction) in
/// milliseconds.
fn timestamp(s: &str) -> Option<u64> {
    let s = s.trim();
    let (whole, frac) = s.rsplit_once(['.', ','])?;
    if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ms: u64 = frac.parse().ok()?;
    for _ in frac.len()..3 {
        ms *= 10;
    }
    let mut fields = whole.rsplit(':');
    let secs = field(fields.next()?, 2)?;
    let mins = field(fields.next()?, 2)?;
    let hours = match fields.next() {
        Some(h) => field(h, 9)?,
        None => 0,
    };
    if fields.next().is_some() || secs >= 60 || mins >= 60 {
        return None;
    }
    Some(((hours * 60 + mins) * 60 + secs) * 1000 + ms)
}

/// A field of one to `max_digits` ASCII digits.
fn field(s: &str, max_digits: usize) -> Option<u64> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// What a cleaned cue line is made of.
#[derive(Debug)]
enum Tok {
    /// A word as written, and its key: lowercase letters and digits only, for comparing.
    Word { text: String, key: String },
    /// `>>`: the speaker changes.
    Turn,
}

impl Tok {
    fn same(&self, other: &Tok) -> bool {
        match (self, other) {
            (Tok::Word { key: a, .. }, Tok::Word { key: b, .. }) => a == b,
            (Tok::Turn, Tok::Turn) => true,
            _ => false,
        }
    }

    fn key(&self) -> Option<&str> {
        match self {
            Tok::Word { key, .. } => Some(key),
            Tok::Turn => None,
        }
    }
}

fn same_line(a: &[Tok], b: &[Tok]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
}

/// The text so far, and what the dedupe compares the next cue with.
#[derive(Default)]
struct Writer {
    text: String,
    /// The previous cue's cleaned lines.
    prev: Vec<Vec<Tok>>,
    /// The keys of the words kept, in order.
    kept: Vec<String>,
    /// The latest end of any cue so far.
    last_end: Option<u64>,
    /// A paragraph starts before the next word kept.
    paragraph: bool,
}

impl Writer {
    fn cue(&mut self, cue: &Cue<'_>) {
        let lines: Vec<Vec<Tok>> = cue
            .lines
            .iter()
            .map(|l| clean_line(l))
            .filter(|l| !l.is_empty())
            .collect();

        // Rule 1: leading lines repeating the previous cue's trailing lines.
        let most = lines.len().min(self.prev.len()).min(MAX_LINE_OVERLAP);
        let repeated = (1..=most)
            .rev()
            .find(|&k| {
                let tail = self.prev.get(self.prev.len() - k..).unwrap_or_default();
                let head = lines.get(..k).unwrap_or_default();
                tail.iter().zip(head).all(|(a, b)| same_line(a, b))
            })
            .unwrap_or(0);
        let rest: Vec<&Tok> = lines.iter().skip(repeated).flatten().collect();

        // Rule 2: leading words repeating the kept text's trailing words.
        let words: Vec<(usize, &str)> = rest
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.key().map(|k| (i, k)))
            .collect();
        let most = words.len().min(self.kept.len()).min(MAX_WORD_OVERLAP);
        let overlap = (MIN_WORD_OVERLAP..=most).rev().find(|&k| {
            let tail = self.kept.get(self.kept.len() - k..).unwrap_or_default();
            tail.iter().zip(&words).all(|(a, (_, b))| a == b)
        });
        let skip = match overlap.and_then(|k| words.get(k - 1)) {
            Some(&(i, _)) => i + 1,
            None => 0,
        };

        if let Some(end) = self.last_end
            && cue.start.saturating_sub(end) >= PARAGRAPH_GAP_MS
        {
            self.paragraph = true;
        }
        self.last_end = Some(self.last_end.map_or(cue.end, |e| e.max(cue.end)));

        for tok in rest.iter().skip(skip) {
            match tok {
                Tok::Turn => self.paragraph = true,
                Tok::Word { text, key } => {
                    if !self.text.is_empty() {
                        self.text
                            .push_str(if self.paragraph { "\n\n" } else { " " });
                    }
                    self.paragraph = false;
                    self.text.push_str(text);
                    self.kept.push(key.clone());
                }
            }
        }
        self.prev = lines;
    }
}

/// One cue line to its words and `>>` markers: markup and `{\…}` overrides out, entities
/// decoded, `[…]` tags and ♪ notes out.
fn clean_line(line: &str) -> Vec<Tok> {
    let text = drop_annotations(&decode_entities(&strip_markup(line)));
    let mut toks = Vec::new();
    for mut word in text.split_whitespace() {
        while let Some(rest) = word.strip_prefix(">>") {
            toks.push(Tok::Turn);
            word = rest.trim_start_matches('>');
        }
        if word.is_empty() {
            continue;
        }
        let key = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        toks.push(Tok::Word {
            text: word.to_string(),
            key,
        });
    }
    toks
}

/// `line` without `<…>` tags (`<c>`, `<00:00:01.399>`, `<i>`, `<v Speaker>`, `<font …>`; a
/// `<br>` becomes a space) and SRT's `{\an8}`-style overrides. A `<` not followed by a letter,
/// digit or `/`, or with no `>` after it on the line, is text.
fn strip_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Once a `>` or `}` is not found it is not found further on: the scan stays linear.
    let (mut gt, mut brace) = (true, true);
    while let Some(i) = rest.find(['<', '{']) {
        let Some((before, from)) = rest.split_at_checked(i) else {
            break;
        };
        out.push_str(before);
        let tag_end = if from.starts_with('<') {
            let opens = from
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
            let found = if opens && gt { from.find('>') } else { None };
            gt &= !opens || found.is_some();
            found
        } else if brace && from.starts_with("{\\") {
            let found = from.find('}');
            brace = found.is_some();
            found
        } else {
            None
        };
        match tag_end {
            Some(end) => {
                let tag = from.get(..=end).unwrap_or_default();
                if tag.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<br")) {
                    out.push(' ');
                }
                rest = from.get(end + 1..).unwrap_or_default();
            }
            None => {
                // Not markup: keep the one character and look on after it.
                let mut chars = from.chars();
                if let Some(c) = chars.next() {
                    out.push(c);
                }
                rest = chars.as_str();
            }
        }
    }
    out.push_str(rest);
    out
}

/// `&amp;`, `&#39;`, `&#x27;` and the other entities captions carry, decoded once; an unknown
/// or unterminated one is left as written. `&nbsp;` is a space.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        let Some((before, from)) = rest.split_at_checked(i) else {
            break;
        };
        out.push_str(before);
        let decoded = from
            .get(1..)
            .and_then(|after| {
                let semi = after.bytes().take(12).position(|b| b == b';')?;
                Some((after.get(..semi)?, semi))
            })
            .and_then(|(name, semi)| entity(name).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                if let Some(c) = c {
                    out.push(c);
                }
                rest = from.get(semi + 2..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity name (between `&` and `;`) stands for: `Some(None)` for those that
/// stand for nothing visible (`&lrm;`), `None` for a name not known.
fn entity(name: &str) -> Option<Option<char>> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0').map(Some);
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "lrm" | "rlm" | "zwj" | "zwnj" | "shy" => return Some(None),
        _ => return None,
    };
    Some(Some(c))
}

/// `s` without `[…]` tags (`[Music]`, `[Applause]`, `[ __ ]`) and music notes (the lyrics
/// between notes stay: they were sung, and are still words). An unclosed `[` is text.
fn drop_annotations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let Some((before, from)) = rest.split_at_checked(i) else {
            break;
        };
        out.push_str(before);
        match from.find(']') {
            Some(end) => {
                out.push(' ');
                rest = from.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(from);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if out.contains(['♪', '♫', '♬', '♩']) {
        out = out.replace(['♪', '♫', '♬', '♩'], " ");
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// `ms` as a WebVTT timestamp.
    fn vtt_time(ms: u64) -> String {
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }

    fn t(raw: &str) -> String {
        transcript(raw).unwrap()
    }

    #[test]
    fn format_tfmt() {
        assert_eq!(Format::Srt.tfmt(), "srt");
        assert_eq!(Format::Sbv.tfmt(), "sbv");
        assert_eq!(Format::Vtt.tfmt(), "vtt");
    }

    /// Shaped as YouTube serves an automatic track: a header, word timings in `<c>`, a line
    /// of one space, 10 ms hold cues, each cue repeating the previous cue's last line.
    const ROLL_UP: &str = "WEBVTT\nKind: captions\nLanguage: en\n\n\
        00:00:00.030 --> 00:00:02.869 align:start position:0%\n \n\
        hey<00:00:00.539><c> everyone</c><00:00:01.020><c> welcome</c><00:00:01.410><c> back</c>\n\n\
        00:00:02.869 --> 00:00:02.879 align:start position:0%\nhey everyone welcome back\n \n\n\
        00:00:02.879 --> 00:00:05.450 align:start position:0%\nhey everyone welcome back\n\
        this<00:00:03.399><c> was</c><00:00:03.800><c> a</c><00:00:04.100><c> test</c>\n\n\
        00:00:05.450 --> 00:00:05.460 align:start position:0%\nthis was a test\n \n\n\
        00:00:05.460 --> 00:00:07.000 align:start position:0%\nthis was a test\n\
        of<00:00:05.900><c> the</c><00:00:06.200><c> system</c>\n";

    #[test]
    fn roll_up_vtt_is_deduped() {
        assert_eq!(
            t(ROLL_UP),
            "hey everyone welcome back this was a test of the system"
        );
    }

    #[test]
    fn vtt_headers_notes_styles_regions_and_identifiers_go() {
        let raw = "WEBVTT - a title\nKind: captions\nLanguage: en\n\n\
            NOTE this is a note\nspanning lines\n\n\
            STYLE\n::cue { color: red }\n\n\
            REGION\nid:fred width:40%\n\n\
            intro\n00:01.000 --> 00:02.000 line:0 position:20% size:60% align:start\n\
            <v Roger Bingham>We are in New York City\n\n\
            2\n00:02.000 --> 00:03.500\n<c.yellow>and</c> <i>it</i> <b>is</b> <font color=\"#fff\">cold</font>\n";
        assert_eq!(t(raw), "We are in New York City and it is cold");
    }

    #[test]
    fn srt_with_bom_and_crlf() {
        let raw = "\u{feff}1\r\n00:00:01,000 --> 00:00:02,500\r\nHello there,\r\nmy friend.\r\n\r\n\
            2\r\n00:00:02,600 --> 00:00:04,000\r\nHow are you?\r\n";
        assert_eq!(t(raw), "Hello there, my friend. How are you?");
    }

    #[test]
    fn srt_cue_number_without_empty_line_before_it() {
        let raw =
            "1\n00:00:01,000 --> 00:00:02,000\nOne line\n2\n00:00:02,000 --> 00:00:03,000\nTwo\n";
        assert_eq!(t(raw), "One line Two");
    }

    #[test]
    fn sbv_cues() {
        let raw = "0:00:00.599,0:00:04.160\n>> ALICE: Hi, my name is Alice\nand this is John\n\n\
            0:00:04.160,0:00:06.770\n>> JOHN: and we own a bakery.\n";
        assert_eq!(
            t(raw),
            "ALICE: Hi, my name is Alice and this is John\n\nJOHN: and we own a bakery."
        );
    }

    #[test]
    fn multi_line_cues_are_joined_with_single_spaces() {
        let raw = "1\n00:00:01,000 --> 00:00:03,000\n  so   we\twent\nto the\n\n\
            2\n00:00:03,000 --> 00:00:04,000\nstore\n";
        assert_eq!(t(raw), "so we went to the store");
    }

    #[test]
    fn yeah_yeah_yeah_survives() {
        let raw = "1\n00:00:01,000 --> 00:00:02,000\nand I said yeah\n\n\
            2\n00:00:02,000 --> 00:00:03,000\nyeah yeah yeah\n\n\
            3\n00:00:03,000 --> 00:00:04,000\nno no\n\n\
            4\n00:00:04,000 --> 00:00:05,000\nno no, that's fine\n";
        assert_eq!(
            t(raw),
            "and I said yeah yeah yeah yeah no no no no, that's fine"
        );
    }

    #[test]
    fn two_word_overlap_is_kept() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nwe went to the store\n\n\
            00:00:02.000 --> 00:00:03.000\nthe store was closed\n";
        assert_eq!(t(raw), "we went to the store the store was closed");
    }

    #[test]
    fn three_word_overlap_is_dropped_whatever_the_case_and_punctuation() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nwe went to the store.\n\n\
            00:00:02.000 --> 00:00:03.000\nTo the Store, and then home\n";
        assert_eq!(t(raw), "we went to the store. and then home");
    }

    #[test]
    fn exact_repeat_of_the_previous_line_collapses() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n\
            00:00:02.000 --> 00:00:02.010\nhi\n\n00:00:02.010 --> 00:00:03.000\nhi\nthere\n";
        assert_eq!(t(raw), "hi there");
    }

    #[test]
    fn entities_are_decoded() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\
            Tom &amp; Jerry &lt;3 it&#39;s&nbsp;fine &#x2014; &quot;ok&quot; AT&T &bogus; &#0;\n";
        assert_eq!(
            t(raw),
            "Tom & Jerry <3 it's fine — \"ok\" AT&T &bogus; &#0;"
        );
    }

    #[test]
    fn encoded_markup_stays_text() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n&lt;i&gt; is a tag, 3 < 4 > 2\n";
        assert_eq!(t(raw), "<i> is a tag, 3 < 4 > 2");
    }

    #[test]
    fn bracketed_tags_and_notes_go() {
        let raw = "1\n00:00:01,000 --> 00:00:02,000\n[Music]\n\n\
            2\n00:00:02,000 --> 00:00:03,000\n[Applause] thank you [Laughter]\n\n\
            3\n00:00:03,000 --> 00:00:04,000\n♪ la la ♪ what a [ __ ] day (sighs)\n";
        assert_eq!(t(raw), "thank you la la what a day (sighs)");
    }

    #[test]
    fn srt_overrides_go() {
        let raw = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Top line<br/>next\n";
        assert_eq!(t(raw), "Top line next");
    }

    #[test]
    fn speaker_changes_start_paragraphs() {
        let raw = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n>> so what do you think\n\n\
            00:00:02.000 --> 00:00:03.000\n&gt;&gt; I think that\n\n\
            00:00:03.000 --> 00:00:04.000\nI think that\nwe should >>no\n";
        assert_eq!(
            t(raw),
            "so what do you think\n\nI think that we should\n\nno"
        );
    }

    #[test]
    fn long_gaps_start_paragraphs() {
        let raw = "1\n00:00:01,000 --> 00:00:02,000\nfirst thought\n\n\
            2\n00:00:03,999 --> 00:00:05,000\nstill first\n\n\
            3\n00:00:07,000 --> 00:00:08,000\nsecond thought\n";
        assert_eq!(t(raw), "first thought still first\n\nsecond thought");
    }

    #[test]
    fn spoken_digits_stay() {
        let raw = "1\n00:00:01,000 --> 00:00:02,000\n2\n\n2\n00:00:02,000 --> 00:00:03,000\nor 3 times, 1999\n";
        assert_eq!(t(raw), "2 or 3 times, 1999");
    }

    #[test]
    fn empty_tracks_are_empty() {
        assert_eq!(t(""), "");
        assert_eq!(t("\u{feff}\r\n"), "");
        assert_eq!(t("WEBVTT\nKind: captions\nLanguage: en\n\n"), "");
        assert_eq!(t("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n[Music]\n"), "");
    }

    #[test]
    fn garbage_is_not_captions() {
        for raw in [
            "<!DOCTYPE html><html><body>Sign in</body></html>",
            "{\"error\": {\"code\": 403}}",
            "just some words\n\nand more",
            "1\n00:00:01 --> 00:00:02\nno fractions\n",
            "1\n00:61:01,000 --> 00:00:02,000\nminutes out of range\n",
        ] {
            let err = transcript(raw).unwrap_err();
            assert!(err.to_string().starts_with("not a caption track"), "{err}");
        }
        let err = transcript(&"x".repeat(10_000)).unwrap_err();
        assert!(err.0.len() < 60, "{}", err.0);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for raw in [
            "WEBVTT",
            "WEBVTT\n\n-->",
            "WEBVTT\n\n00:01.000 -->",
            "WEBVTT\n\n00:01.000 --> 00:00.500\ntext before its start",
            "0:00:00.000,0:00:01.000",
            "99999999999:00:00.000 --> 0:00:00.000\nx",
            "1\r00:00:01,000 --> 00:00:02,000\rCR only\r",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<\n<a\n&\n&#\n&#x;\n&#xFFFFFFFF;\n{\\\n[\n>>\n>>>>\né<ü>&é;",
        ] {
            let _ = transcript(raw);
        }
        assert_eq!(t("1\r00:00:01,000 --> 00:00:02,000\rCR only\r"), "CR only");
    }

    #[test]
    fn a_huge_cue_stays_linear() {
        let raw = format!(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n{}\n\n00:02.000 --> 00:03.000\n{}\n",
            "yeah ".repeat(200_000),
            "yeah\n".repeat(200_000)
        );
        let words = t(&raw).split(' ').count();
        assert!(words >= 200_000, "{words}");
    }

    /// `words` rendered as YouTube's automatic captions: each cue is the previous cue's new
    /// line then 3 to 8 new words in word-timing markup, each followed by a 10 ms hold cue
    /// that repeats the new line.
    fn roll_up_vtt(words: &[String], seed: u64) -> String {
        let mut rng = seed | 1;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let mut out = String::from("WEBVTT\nKind: captions\nLanguage: en\n\n");
        let (mut at, mut ms, mut prev) = (0, 30, String::new());
        while at < words.len() {
            let n = (3 + next(6) as usize).min(words.len() - at);
            let new = &words[at..at + n];
            let end = ms + 400 * n as u64;
            writeln!(
                out,
                "{} --> {} align:start position:0%",
                vtt_time(ms),
                vtt_time(end)
            )
            .unwrap();
            out.push_str(if prev.is_empty() { " " } else { &prev });
            out.push('\n');
            let mut t = ms;
            for (i, w) in new.iter().enumerate() {
                if i == 0 {
                    out.push_str(w);
                } else {
                    t += 400;
                    write!(out, "<{}><c> {w}</c>", vtt_time(t)).unwrap();
                }
            }
            out.push_str("\n\n");
            prev = new.join(" ");
            writeln!(
                out,
                "{} --> {} align:start position:0%\n{prev}\n \n",
                vtt_time(end),
                vtt_time(end + 10)
            )
            .unwrap();
            ms = end + 10;
            at += n;
        }
        out
    }

    #[test]
    fn rendered_roll_up_comes_back_word_for_word() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        // A small vocabulary, so words repeat as speech does, cased and punctuated at times.
        let vocab: Vec<String> = (0..300)
            .map(|i| {
                let w: String = (0..1 + next(7))
                    .map(|_| (b'a' + next(26) as u8) as char)
                    .collect();
                match i % 10 {
                    0 => format!("{w},"),
                    1 => format!("{}.", w.to_uppercase()),
                    2 => (i * 7).to_string(),
                    _ => w,
                }
            })
            .collect();
        for seed in [1, 2, 3] {
            let mut words: Vec<String> = (0..2_000)
                .map(|_| vocab[next(vocab.len() as u64) as usize].clone())
                .collect();
            // Genuine repeats across cue edges, shorter than the minimum overlap.
            words.splice(100..100, ["yeah".to_string(), "yeah".into(), "yeah".into()]);
            let vtt = roll_up_vtt(&words, seed);
            let got = t(&vtt);
            let got: Vec<String> = got.split(' ').map(str::to_lowercase).collect();
            let want: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            assert_eq!(got.len(), want.len(), "seed {seed}");
            assert_eq!(got, want, "seed {seed}");
        }
    }
}
