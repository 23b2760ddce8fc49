//! Token counts as OpenAI counts them: the tokenizer a dataset is built for (tiktoken's BPE,
//! whose rank files tiktoken-rs embeds, so nothing is downloaded), and the framing a chat
//! example adds to its messages. Every budget in a dataset build is spent in these units.

use std::borrow::Cow;

use tiktoken_rs::CoreBPE;

/// The BPE vocabularies a dataset can be counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tokenizer {
    /// GPT-4o, GPT-4.1 and later models
    #[value(name = "o200k_base")]
    O200kBase,
    /// GPT-4 and GPT-3.5 Turbo
    #[value(name = "cl100k_base")]
    Cl100kBase,
}

impl Tokenizer {
    /// Its name, as tiktoken spells it.
    pub fn name(self) -> &'static str {
        match self {
            Tokenizer::O200kBase => "o200k_base",
            Tokenizer::Cl100kBase => "cl100k_base",
        }
    }
}

/// Tokens a chat example spends on each message besides its fields, and on priming the reply
/// (OpenAI's cookbook, "How to count tokens with tiktoken": 3 and 3 for its current models).
pub const PER_MESSAGE: usize = 3;
pub const PER_REPLY: usize = 3;

/// Counts tokens with one tokenizer.
pub struct Counter {
    bpe: Cow<'static, CoreBPE>,
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Counter")
    }
}

impl Counter {
    /// The process's one instance of `tokenizer`, made the first time it is asked for.
    pub fn new(tokenizer: Tokenizer) -> Counter {
        Counter {
            bpe: Cow::Borrowed(match tokenizer {
                Tokenizer::O200kBase => tiktoken_rs::o200k_base_singleton(),
                Tokenizer::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
            }),
        }
    }

    /// An instance of `tokenizer` of its own, for a thread that counts beside others: the
    /// tokenizer's regex keeps scratch space in a pool that every user of one instance
    /// contends for on every match (and a clone shares). Costs a fifth of a second and some
    /// 40 MB for o200k_base.
    pub fn own(tokenizer: Tokenizer) -> Counter {
        let made = match tokenizer {
            Tokenizer::O200kBase => tiktoken_rs::o200k_base(),
            Tokenizer::Cl100kBase => tiktoken_rs::cl100k_base(),
        };
        match made {
            Ok(bpe) => Counter {
                bpe: Cow::Owned(bpe),
            },
            // The same embedded files load for the singleton; should they not, it says so.
            Err(_) => Counter::new(tokenizer),
        }
    }

    /// The tokens of `text` as ordinary text: a `<|endoftext|>` someone wrote is counted as
    /// the characters it is, never as the special token.
    pub fn count(&self, text: &str) -> usize {
        self.bpe.encode_ordinary(text).len()
    }

    /// What one chat message costs: its framing, its role and its content.
    pub fn message(&self, role: &str, content: &str) -> usize {
        PER_MESSAGE + self.count(role) + self.count(content)
    }

    /// The BPE itself, for measuring chunks.
    pub fn bpe(&self) -> &CoreBPE {
        &self.bpe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_tiktoken_for_known_strings() {
        // tiktoken: len(get_encoding(name).encode("hello world")) == 2 in both.
        for t in [Tokenizer::O200kBase, Tokenizer::Cl100kBase] {
            let c = Counter::new(t);
            assert_eq!(c.count("hello world"), 2);
            assert_eq!(c.count(""), 0);
            assert_eq!(c.message("user", "hello world"), 3 + 1 + 2);
        }
    }

    #[test]
    fn a_special_token_in_text_is_counted_as_text() {
        let c = Counter::new(Tokenizer::O200kBase);
        assert!(c.count("<|endoftext|>") > 1);
    }
}
