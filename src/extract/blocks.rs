//! Text put together a paragraph at a time, for the document extractors (Word, OpenDocument,
//! PowerPoint, RTF, EPUB): each paragraph or heading is one block, blocks are a blank line
//! apart, and a paragraph with nothing in it (spacing, an image) leaves no trace. Line breaks
//! inside a paragraph stay line breaks.

/// The text so far, and the paragraph being written.
#[derive(Debug, Default)]
pub struct Blocks {
    text: String,
    paragraph: String,
}

impl Blocks {
    pub fn new() -> Blocks {
        Blocks::default()
    }

    /// Appends to the paragraph being written.
    pub fn push(&mut self, s: &str) {
        self.paragraph.push_str(s);
    }

    pub fn push_char(&mut self, c: char) {
        self.paragraph.push(c);
    }

    /// Whether the paragraph being written ends in white space (or has nothing yet), for
    /// formats where a run of white space counts as one.
    pub fn at_space(&self) -> bool {
        self.paragraph
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    }

    /// Ends the paragraph being written, if it holds anything.
    pub fn end(&mut self) {
        let lines: Vec<&str> = self.paragraph.lines().map(str::trim_end).collect();
        let paragraph = lines.join("\n");
        let paragraph = paragraph.trim_matches(|c: char| c == '\n' || c == ' ');
        if !paragraph.trim().is_empty() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.text.push_str(paragraph);
        }
        self.paragraph.clear();
    }

    /// A whole block of text already put together (a chapter), as paragraphs of its own.
    pub fn push_block(&mut self, text: &str) {
        self.end();
        self.push(text);
        self.end();
    }

    /// The text: blocks a blank line apart, one final newline.
    pub fn finish(mut self) -> String {
        self.end();
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_a_blank_line_apart_and_empty_ones_vanish() {
        let mut b = Blocks::new();
        b.push("Title  ");
        b.end();
        b.end();
        b.push("   ");
        b.end();
        b.push("First line");
        b.push_char('\n');
        b.push("second line");
        b.end();
        assert_eq!(b.finish(), "Title\n\nFirst line\nsecond line\n");
        assert_eq!(Blocks::new().finish(), "");
    }
}
