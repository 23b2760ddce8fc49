//! The closing block a writer's mail app adds to every message (a name with a title, a phone
//! number, a web address), learned from the writer's own mail because no mark sets it apart:
//! it is the run of last lines that recurs. A typed sign-off ("Thanks,\nAlex") recurs too,
//! but it is the writer's words: a block holding a sign-off line is never learned, nor a lone
//! line without contact details (a bare first name).
//!
//! The rule: the last one to six lines that are not blank, taken from the end of each text,
//! are a signature when the same lines (white space aside) end at least three texts and at
//! least 30 % of them, and they are either one line with contact details (an address, a
//! link, a phone number) or two or more lines. The learned blocks are kept as lines
//! ([`Signature::to_lines`]) between runs.

use std::collections::HashMap;

use super::marks::is_blank;

/// Lines a learned block may have at most.
const MAX_LINES: usize = 6;

/// A line longer than this is text, not part of a signature.
const MAX_LINE: usize = 200;

/// How many texts a block must end, at least, and what share of them.
const MIN_TEXTS: usize = 3;
const MIN_PERCENT: usize = 30;

/// Closing words, lower-cased, without their comma.
const SIGN_OFFS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks so much",
    "many thanks",
    "thanks again",
    "cheers",
    "best",
    "all the best",
    "best wishes",
    "best regards",
    "kind regards",
    "warm regards",
    "regards",
    "warmly",
    "sincerely",
    "yours",
    "yours truly",
    "talk soon",
    "take care",
    "love",
    "merci",
    "cordialement",
    "bien à vous",
    "danke",
    "viele grüße",
    "liebe grüße",
    "mit freundlichen grüßen",
    "grüße",
    "gracias",
    "saludos",
    "un saludo",
    "atentamente",
    "groeten",
    "met vriendelijke groet",
    "pozdrawiam",
    "obrigado",
    "obrigada",
    "atenciosamente",
    "grazie",
    "cordiali saluti",
    "hälsningar",
    "mvh",
    "hilsen",
    "trân trọng",
];

/// The signature blocks learned from a writer's mail; the default knows none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// Each block's lines, white space collapsed; longest first, so that the longest block
    /// that ends a text is the one taken off.
    blocks: Vec<Vec<String>>,
}

impl Signature {
    /// Learns from the texts of one writer's messages, as [`super::clean()`] gave them with no
    /// learned signature.
    pub fn learn(texts: &[&str]) -> Signature {
        let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
        let mut total = 0;
        for text in texts {
            let last: Vec<String> = text
                .lines()
                .rev()
                .filter(|l| !is_blank(l))
                .take(MAX_LINES)
                .take_while(|l| l.len() <= MAX_LINE)
                .map(collapse)
                .collect();
            if last.is_empty() {
                continue;
            }
            total += 1;
            for n in 1..=last.len() {
                let block: Vec<String> = last[..n].iter().rev().cloned().collect();
                *counts.entry(block).or_default() += 1;
            }
        }
        let recurs = |count: usize| count >= MIN_TEXTS && count * 100 >= total * MIN_PERCENT;
        let found: Vec<(Vec<String>, usize)> = counts
            .into_iter()
            .filter(|(block, count)| recurs(*count) && learnable(block))
            .collect();
        // A block that only ever ends texts as the end of a longer learned one adds nothing.
        let mut blocks: Vec<Vec<String>> = found
            .iter()
            .filter(|(block, count)| {
                !found.iter().any(|(longer, c)| {
                    c == count && longer.len() > block.len() && longer.ends_with(block)
                })
            })
            .map(|(block, _)| block.clone())
            .collect();
        blocks.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        Signature { blocks }
    }

    /// `text` without the learned block that ends it, if one does.
    pub fn strip(&self, text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let end = lines
            .iter()
            .rposition(|l| !is_blank(l))
            .map_or(0, |at| at + 1);
        let keep = self.start_of_block(&lines[..end]).unwrap_or(end);
        let kept = lines[..keep].iter().rposition(|l| !is_blank(l));
        kept.map_or_else(String::new, |at| lines[..=at].join("\n"))
    }

    /// Where the learned block that ends `lines` starts (the longest, if several do);
    /// `lines` ends with a line that is not blank.
    pub(super) fn start_of_block(&self, lines: &[&str]) -> Option<usize> {
        self.blocks.iter().find_map(|block| {
            let mut at = lines.len();
            for want in block.iter().rev() {
                at = lines[..at].iter().rposition(|l| !is_blank(l))?;
                if !lines[at].split_whitespace().eq(want.split_whitespace()) {
                    return None;
                }
            }
            Some(at)
        })
    }

    /// The learned blocks as lines, a blank line after each: what [`Signature::from_lines`]
    /// reads back.
    pub fn to_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for block in &self.blocks {
            lines.extend(block.iter().cloned());
            lines.push(String::new());
        }
        lines
    }

    /// Blocks as [`Signature::to_lines`] wrote them.
    pub fn from_lines<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Signature {
        let mut blocks = Vec::new();
        let mut block: Vec<String> = Vec::new();
        for line in lines {
            let line = collapse(line.as_ref());
            if line.is_empty() {
                blocks.extend((!block.is_empty()).then(|| std::mem::take(&mut block)));
            } else {
                block.push(line);
            }
        }
        blocks.extend((!block.is_empty()).then_some(block));
        blocks.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        Signature { blocks }
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

fn collapse(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a recurring block is a signature rather than the writer's habit: no sign-off line
/// in it, and more than one line or a line with contact details.
fn learnable(block: &[String]) -> bool {
    !block.iter().any(|l| is_sign_off(l)) && (block.len() >= 2 || has_contact(&block[0]))
}

/// "Thanks," "Best," "Cheers!" and the like, or any short line ending in a comma ("Talk to
/// you soon,").
fn is_sign_off(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let bare = line.trim_end_matches([',', '.', '!']).to_lowercase();
    SIGN_OFFS.contains(&bare.as_str()) || (words <= 5 && line.ends_with(','))
}

/// An e-mail or web address, or a phone number (five digits or more).
fn has_contact(line: &str) -> bool {
    line.contains('@')
        || line.contains("://")
        || line.contains("www.")
        || line.bytes().filter(u8::is_ascii_digit).count() >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "Alex Smith\nHead of Sales, Acme Ltd\n+1 555 010 0199";

    #[test]
    fn a_recurring_contact_block_is_learned_and_stripped() {
        let texts = [
            format!("Hi Sam,\n\nSee you at 3.\n\nThanks,\n{BLOCK}"),
            format!("Sounds good.\n\nBest,\n{BLOCK}"),
            format!("Can you send the deck?\n\n{BLOCK}"),
            "Quick one: yes.".to_string(),
            "Done!\n\n  Alex   Smith\nHead of Sales, Acme Ltd\n\n+1 555 010 0199\n".to_string(),
        ];
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let learned = Signature::learn(&refs);
        assert_eq!(
            learned.to_lines(),
            [
                "Alex Smith",
                "Head of Sales, Acme Ltd",
                "+1 555 010 0199",
                ""
            ]
        );
        assert_eq!(
            learned.strip(&texts[0]),
            "Hi Sam,\n\nSee you at 3.\n\nThanks,"
        );
        assert_eq!(learned.strip(&texts[4]), "Done!");
        assert_eq!(learned.strip("No signature here."), "No signature here.");
        assert_eq!(Signature::from_lines(learned.to_lines()), learned);
    }

    #[test]
    fn sign_offs_and_bare_names_are_not_learned() {
        let texts = [
            "One.\n\nThanks,\nAlex",
            "Two.\n\nThanks,\nAlex",
            "Three.\n\nBest,\nAlex",
            "Four.\n\nAlex",
            "Five\nThanks!",
            "Six\nThanks!",
            "Seven\nThanks!",
        ];
        assert!(Signature::learn(&texts).is_empty());
        assert!(Signature::default().is_empty());
    }

    #[test]
    fn a_block_must_recur_in_enough_texts() {
        let sig = "Alex Smith\nalex@example.com";
        let mut texts: Vec<String> = (0..2).map(|i| format!("Note {i}\n\n{sig}")).collect();
        texts.extend((0..3).map(|i| format!("Other {i}")));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(
            Signature::learn(&refs).is_empty(),
            "two texts are not three"
        );
        let mut texts: Vec<String> = (0..3).map(|i| format!("Note {i}\n\n{sig}")).collect();
        texts.extend((0..8).map(|i| format!("Other {i}")));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(
            Signature::learn(&refs).is_empty(),
            "three of eleven is under 30 %"
        );
    }
}
