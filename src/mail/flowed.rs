//! `format=flowed` text (RFC 3676) back to the lines its writer typed. A flowed sender breaks
//! a long line into several, each but the last ending in a space (a soft break); the reader
//! joins them again. With `DelSp=yes` that space was added by the sender and goes on joining.
//! Quoted lines (`>`, `>>`) join only with lines of the same depth, `-- ` (the signature
//! separator) is never a soft break, and the space a sender put before a line that starts with
//! a space, `>` or `From ` (space-stuffing) is taken off. Neither MIME parser does this.

/// The signature separator, a line of its own even though it ends in a space.
const SIG_SEPARATOR: &str = "-- ";

/// The text of a `format=flowed` part as lines: each paragraph one line, quoted ones written
/// back with their depth as `>` marks and one space (`>> text`).
pub fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The paragraph being joined: its quote depth and whether its last line was soft.
    let mut open: Option<usize> = None;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let depth = raw.bytes().take_while(|&b| b == b'>').count();
        let line = &raw[depth..];
        let line = line.strip_prefix(' ').unwrap_or(line);
        let soft = line.ends_with(' ') && line != SIG_SEPARATOR;
        match open {
            // Joins only at the same depth; a soft line followed by another depth (or by the
            // separator) was flowed wrongly and ends its paragraph (RFC 3676 §4.5).
            Some(d) if d == depth && line != SIG_SEPARATOR => {}
            Some(_) => {
                out.push('\n');
                start(&mut out, depth);
            }
            None => start(&mut out, depth),
        }
        let kept = if soft && delsp {
            &line[..line.len() - 1]
        } else {
            line
        };
        out.push_str(kept);
        if soft {
            open = Some(depth);
        } else {
            out.push('\n');
            open = None;
        }
    }
    // `split` gives one more line than the text has line ends: its ending is not a line.
    if text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

fn start(out: &mut String, depth: usize) {
    if depth > 0 {
        out.extend(std::iter::repeat_n('>', depth));
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_join_and_hard_ones_stay() {
        let text = "This is a long \r\nparagraph that \r\nflows.\r\nA new line.\r\n";
        assert_eq!(
            unflow(text, false),
            "This is a long paragraph that flows.\nA new line.\n"
        );
    }

    #[test]
    fn delsp_removes_the_space_of_the_break() {
        // With DelSp=yes the sender may break inside a word (long URLs, CJK text).
        let text = "https://example.com/a/very/long/ \npath/here \nand more\n";
        assert_eq!(
            unflow(text, true),
            "https://example.com/a/very/long/path/hereand more\n"
        );
        assert_eq!(
            unflow(text, false),
            "https://example.com/a/very/long/ path/here and more\n"
        );
    }

    #[test]
    fn quote_depth_is_kept_and_separates_paragraphs() {
        let text = "> quoted line \n> goes on\n>> deeper \n>> still\n> back \nunquoted\n";
        assert_eq!(
            unflow(text, false),
            "> quoted line goes on\n>> deeper still\n> back \nunquoted\n"
        );
    }

    #[test]
    fn signature_separator_is_never_soft_and_stuffing_goes() {
        let text = "Thanks, \nAlex\n-- \nAlex Smith\n From the desk of\n";
        assert_eq!(
            unflow(text, false),
            "Thanks, Alex\n-- \nAlex Smith\nFrom the desk of\n"
        );
        // A soft line before the separator does not swallow it.
        assert_eq!(unflow("end \n-- \nsig\n", true), "end\n-- \nsig\n");
    }
}
