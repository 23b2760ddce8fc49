//! What a dataset directory holds in each format: which file each split goes to, which
//! example styles a format takes, how one example is written there, and, for Hugging Face,
//! the dataset card whose YAML front matter `datasets.load_dataset` reads.

use std::fmt::Write as _;

use super::example::Style;
use super::split::Split;

/// Who reads the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// OpenAI fine-tuning: train.jsonl, valid.jsonl
    Openai,
    /// A Hugging Face dataset: data/train.jsonl, data/validation.jsonl, a README.md card
    Hf,
    /// mlx-lm's --data directory: train.jsonl, valid.jsonl, test.jsonl
    Mlx,
    /// Alpaca's instruction, input, output: train.jsonl, valid.jsonl
    Alpaca,
    /// Plain text: train.txt, valid.txt, each example followed by a line <|endoftext|>
    Text,
}

/// The line that ends each example of a text dataset.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// The file every build writes, and by which an earlier build is recognised.
pub const MANIFEST: &str = "manifest.json";

/// The Hugging Face dataset card.
pub const CARD: &str = "README.md";

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Openai => "openai",
            Format::Hf => "hf",
            Format::Mlx => "mlx",
            Format::Alpaca => "alpaca",
            Format::Text => "text",
        }
    }

    /// The style used when none is asked for.
    pub fn default_style(self) -> Style {
        match self {
            Format::Openai | Format::Hf | Format::Mlx => Style::Chat,
            Format::Alpaca => Style::Completion,
            Format::Text => Style::Text,
        }
    }

    /// The styles its readers take: OpenAI has no plain-text training, Alpaca is completions
    /// by definition, and a text file holds no prompt.
    pub fn styles(self) -> &'static [Style] {
        match self {
            Format::Openai => &[Style::Chat, Style::Completion],
            Format::Hf | Format::Mlx => &[Style::Chat, Style::Completion, Style::Text],
            Format::Alpaca => &[Style::Completion],
            Format::Text => &[Style::Text],
        }
    }

    /// Whether completions take Alpaca's instruction/input/output shape.
    pub fn alpaca(self) -> bool {
        self == Format::Alpaca
    }

    /// Where `split`'s examples go, relative to the dataset directory. A split with no
    /// example gets no file at all: mlx-lm reads the first line of every file there is, and
    /// `datasets` refuses an empty data file.
    pub fn file(self, split: Split) -> &'static str {
        match (self, split) {
            (Format::Hf, Split::Train) => "data/train.jsonl",
            (Format::Hf, Split::Valid) => "data/validation.jsonl",
            (Format::Hf, Split::Test) => "data/test.jsonl",
            (Format::Text, Split::Train) => "train.txt",
            (Format::Text, Split::Valid) => "valid.txt",
            (Format::Text, Split::Test) => "test.txt",
            (_, Split::Train) => "train.jsonl",
            (_, Split::Valid) => "valid.jsonl",
            (_, Split::Test) => "test.jsonl",
        }
    }

    /// Every file a build of this format may write, the manifest among them: what a later
    /// build replaces.
    pub fn all_files(self) -> Vec<&'static str> {
        let mut files: Vec<&str> = Split::ALL.iter().map(|&s| self.file(s)).collect();
        if self == Format::Hf {
            files.push(CARD);
        }
        files.push(MANIFEST);
        files
    }
}

/// One example as its file holds it: a JSON line, or for text datasets the text and the end
/// line.
pub fn write_example(out: &mut Vec<u8>, format: Format, line: &super::example::Line<'_>) {
    match (format, line) {
        (Format::Text, super::example::Line::Text { text }) => {
            out.extend_from_slice(text.as_bytes());
            out.push(b'\n');
            out.extend_from_slice(END_OF_TEXT.as_bytes());
            out.push(b'\n');
        }
        _ => {
            // Serialising our own types to memory cannot fail.
            let _ = serde_json::to_writer(&mut *out, line);
            out.push(b'\n');
        }
    }
}

/// What the card says of the dataset.
#[derive(Debug)]
pub struct CardFacts<'a> {
    pub style: Style,
    pub tokenizer: &'a str,
    /// Examples per split that has any, in split order.
    pub splits: Vec<(Split, u64)>,
    /// ISO 639-3 codes of the languages its samples are written in, most used first.
    pub languages: Vec<&'static str>,
    pub samples: u64,
}

/// The README.md of a Hugging Face dataset: YAML front matter (configs with the data file of
/// each split that has examples, language, task category, size category), then a short
/// description.
pub fn card(facts: &CardFacts<'_>) -> String {
    let examples: u64 = facts.splits.iter().map(|(_, n)| n).sum();
    let mut out = String::from("---\npretty_name: Writing samples (voicetrain)\n");
    if facts.languages.is_empty() {
        out.push_str("language: []\n");
    } else {
        out.push_str("language:\n");
        for l in &facts.languages {
            let _ = writeln!(out, "- {l}");
        }
    }
    out.push_str("task_categories:\n- text-generation\n");
    let _ = writeln!(out, "size_categories:\n- {}", size_category(examples));
    out.push_str("tags:\n- voicetrain\n- ");
    out.push_str(facts.style.name());
    out.push_str("\nconfigs:\n- config_name: default\n  data_files:\n");
    for (split, _) in &facts.splits {
        let path = Format::Hf.file(*split);
        let name = match split {
            Split::Valid => "validation",
            other => other.name(),
        };
        let _ = writeln!(out, "  - split: {name}\n    path: {path}");
    }
    out.push_str("---\n\n# Writing samples\n\n");
    let _ = writeln!(
        out,
        "Made by voicetrain from {} of one author's own writing: {} {} examples, counted \
         with {}. Every answer is the author's text as written, but for PII placeholders \
         (<EMAIL>, <PHONE>, ...); prompts are made from what is known of each text (its \
         title, or the message it replied to).\n",
        plural(facts.samples, "sample"),
        examples,
        facts.style.name(),
        facts.tokenizer,
    );
    out.push_str("| split | examples |\n| --- | --- |\n");
    for (split, n) in &facts.splits {
        let _ = writeln!(out, "| {} | {n} |", split.name());
    }
    out.push_str("\nSee manifest.json for how it was built.\n");
    out
}

fn plural(n: u64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// Hugging Face's size bucket for `n` examples.
fn size_category(n: u64) -> &'static str {
    match n {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        _ => "100M<n<1B",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_writes_its_files() {
        assert_eq!(
            Format::Openai.all_files(),
            ["train.jsonl", "valid.jsonl", "test.jsonl", "manifest.json"]
        );
        assert_eq!(Format::Mlx.file(Split::Test), "test.jsonl");
        assert_eq!(Format::Hf.file(Split::Valid), "data/validation.jsonl");
        assert!(Format::Hf.all_files().contains(&"README.md"));
    }

    #[test]
    fn the_card_names_each_split_with_examples() {
        let card = card(&CardFacts {
            style: Style::Chat,
            tokenizer: "o200k_base",
            splits: vec![(Split::Train, 1200), (Split::Valid, 130)],
            languages: vec!["eng"],
            samples: 1000,
        });
        assert!(card.starts_with("---\n"));
        assert!(card.contains("- split: validation\n    path: data/validation.jsonl\n"));
        assert!(card.contains("size_categories:\n- 1K<n<10K\n"));
        assert!(card.contains("language:\n- eng\n"));
        assert!(!card.contains("data/test.jsonl"));
    }
}
