//! Long texts cut into pieces that each fit a token budget, at the largest boundary that makes
//! them fit: between paragraphs first, then lines, then sentences, and between words only
//! where one sentence is longer than the budget (text-splitter's semantic levels, measured
//! with the dataset's own tokenizer). Pieces are slices of the text, trimmed: never rewritten.

use text_splitter::{ChunkConfig, TextSplitter};

use super::tokens::Counter;

/// `text` in pieces of at most `budget` tokens each, in order. A text that fits is one piece.
pub fn pieces<'t>(text: &'t str, budget: usize, counter: &Counter) -> Vec<&'t str> {
    let budget = budget.max(1);
    if counter.count(text) <= budget {
        return vec![text];
    }
    let splitter = TextSplitter::new(ChunkConfig::new(budget).with_sizer(counter.bpe()));
    splitter.chunks(text).collect()
}

/// The beginning of `text` that fits `budget` tokens, cut at the largest boundary that fits
/// (for the message a reply answered: its start is what the reply answers).
pub fn head<'t>(text: &'t str, budget: usize, counter: &Counter) -> &'t str {
    if counter.count(text) <= budget {
        return text;
    }
    if budget == 0 {
        return "";
    }
    let splitter = TextSplitter::new(ChunkConfig::new(budget).with_sizer(counter.bpe()));
    splitter.chunks(text).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tokens::Tokenizer;

    #[test]
    fn a_long_text_is_cut_at_paragraphs_and_every_piece_fits() {
        let c = Counter::new(Tokenizer::O200kBase);
        let para = "The heron stood in the shallows all morning. It did not move once. ";
        let text = [para.repeat(6), para.repeat(6), para.repeat(6)].join("\n\n");
        let budget = c.count(&para.repeat(7));
        let got = pieces(&text, budget, &c);
        assert_eq!(got.len(), 3, "{got:#?}");
        for p in &got {
            assert!(c.count(p) <= budget);
            assert!(text.contains(p));
            assert!(p.ends_with("once."), "cut mid-sentence: {p:?}");
        }
    }

    #[test]
    fn one_long_paragraph_is_cut_between_sentences() {
        let c = Counter::new(Tokenizer::O200kBase);
        let text = "One short sentence here. ".repeat(40);
        for p in pieces(&text, 30, &c) {
            assert!(c.count(p) <= 30);
            assert!(p.ends_with('.'), "{p:?}");
        }
    }

    #[test]
    fn the_head_of_a_text_is_its_first_piece() {
        let c = Counter::new(Tokenizer::O200kBase);
        let text = "First paragraph, the question.\n\nSecond paragraph, quoted history.";
        assert_eq!(head(text, 1000, &c), text);
        assert_eq!(head(text, 8, &c), "First paragraph, the question.");
        assert_eq!(head(text, 0, &c), "");
    }
}
