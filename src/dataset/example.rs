//! One training example: what is asked (made from what is known of a sample, never
//! invented), the message it answers if any, and the author's own words as the answer; its
//! shape in each style, and its size in tokens as OpenAI counts it.

use std::borrow::Cow;

use serde::Serialize;

use super::tokens::{self, Counter};

/// How an example is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// Messages: a system turn (--system), the prompt or the message answered as the user,
    /// the author's text as the assistant
    Chat,
    /// A prompt and its completion (alpaca: instruction, input, output)
    Completion,
    /// The author's text alone
    Text,
}

impl Style {
    pub fn name(self) -> &'static str {
        match self {
            Style::Chat => "chat",
            Style::Completion => "completion",
            Style::Text => "text",
        }
    }
}

/// An example, before it is laid out.
#[derive(Debug, Clone)]
pub struct Example<'a> {
    pub system: Option<&'a str>,
    /// What the author is asked to write ("Write the document ...", "Reply to this email.").
    pub instruction: Cow<'a, str>,
    /// The message the answer replies to, where there is one.
    pub input: Option<&'a str>,
    /// The author's words.
    pub answer: &'a str,
}

/// An example laid out in one of the line shapes trainers read. Serialised, each is one JSON
/// line, its fields in this order.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Line<'a> {
    Chat {
        messages: Vec<Message<'a>>,
    },
    Completion {
        prompt: Cow<'a, str>,
        completion: &'a str,
    },
    Alpaca {
        instruction: Cow<'a, str>,
        input: &'a str,
        output: &'a str,
    },
    Text {
        text: &'a str,
    },
}

#[derive(Debug, Serialize)]
pub struct Message<'a> {
    pub role: &'static str,
    pub content: Cow<'a, str>,
}

impl<'a> Example<'a> {
    /// The example in `style`; `alpaca` for the instruction/input/output shape of completions.
    pub fn line(&self, style: Style, alpaca: bool) -> Line<'a> {
        match (style, alpaca) {
            (Style::Chat, _) => {
                let mut messages = Vec::with_capacity(3);
                if let Some(system) = self.system {
                    messages.push(Message {
                        role: "system",
                        content: Cow::Borrowed(system),
                    });
                }
                messages.push(Message {
                    role: "user",
                    content: self.asked(),
                });
                messages.push(Message {
                    role: "assistant",
                    content: Cow::Borrowed(self.answer),
                });
                Line::Chat { messages }
            }
            (Style::Completion, false) => Line::Completion {
                prompt: self.with_system(self.asked()),
                completion: self.answer,
            },
            (Style::Completion, true) => Line::Alpaca {
                instruction: self.with_system(self.instruction.clone()),
                input: self.input.unwrap_or(""),
                output: self.answer,
            },
            (Style::Text, _) => Line::Text { text: self.answer },
        }
    }

    /// What the user turn (or prompt) says: the message answered, else the instruction.
    fn asked(&self) -> Cow<'a, str> {
        match self.input {
            Some(input) => Cow::Borrowed(input),
            None => self.instruction.clone(),
        }
    }

    /// `text` after the system text and a blank line, for shapes with no system turn.
    fn with_system(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        match self.system {
            Some(system) => Cow::Owned(format!("{system}\n\n{text}")),
            None => text,
        }
    }
}

impl Line<'_> {
    /// Its size in tokens, as OpenAI counts a chat example (each message's framing, role and
    /// content, and the reply's priming); other shapes by their text fields.
    pub fn tokens(&self, counter: &Counter) -> usize {
        match self {
            Line::Chat { messages } => {
                messages
                    .iter()
                    .map(|m| counter.message(m.role, &m.content))
                    .sum::<usize>()
                    + tokens::PER_REPLY
            }
            Line::Completion { prompt, completion } => {
                counter.count(prompt) + counter.count(completion)
            }
            Line::Alpaca {
                instruction,
                input,
                output,
            } => counter.count(instruction) + counter.count(input) + counter.count(output),
            Line::Text { text } => counter.count(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tokens::Tokenizer;

    fn example() -> Example<'static> {
        Example {
            system: Some("You write like Alex."),
            instruction: Cow::Borrowed("Reply to this email."),
            input: Some("Can we meet on Friday?"),
            answer: "Friday works. See you at ten.",
        }
    }

    #[test]
    fn each_style_has_its_shape() {
        let e = example();
        let json = |l: Line<'_>| serde_json::to_string(&l).unwrap_or_default();
        assert_eq!(
            json(e.line(Style::Chat, false)),
            r#"{"messages":[{"role":"system","content":"You write like Alex."},{"role":"user","content":"Can we meet on Friday?"},{"role":"assistant","content":"Friday works. See you at ten."}]}"#
        );
        assert_eq!(
            json(e.line(Style::Completion, false)),
            r#"{"prompt":"You write like Alex.\n\nCan we meet on Friday?","completion":"Friday works. See you at ten."}"#
        );
        assert_eq!(
            json(e.line(Style::Completion, true)),
            r#"{"instruction":"You write like Alex.\n\nReply to this email.","input":"Can we meet on Friday?","output":"Friday works. See you at ten."}"#
        );
        assert_eq!(
            json(e.line(Style::Text, false)),
            r#"{"text":"Friday works. See you at ten."}"#
        );
    }

    #[test]
    fn a_chat_example_is_counted_as_openai_counts_it() {
        let c = Counter::new(Tokenizer::O200kBase);
        let e = example();
        let want = [
            ("system", "You write like Alex."),
            ("user", "Can we meet on Friday?"),
            ("assistant", "Friday works. See you at ten."),
        ]
        .iter()
        .map(|(r, t)| 3 + c.count(r) + c.count(t))
        .sum::<usize>()
            + 3;
        assert_eq!(e.line(Style::Chat, false).tokens(&c), want);
    }
}
