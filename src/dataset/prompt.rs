//! The instruction an example asks, made from what is known of its sample: a template (the
//! user's `--prompt`, else one for the sample's kind) filled with its title, kind, source and
//! date. Nothing in it is generated: a model is never asked what the author "might" have been
//! asked.

use std::fmt::Write as _;

/// What a template may name.
pub const FIELDS: &[&str] = &["title", "kind", "source", "date", "part"];

/// What is known of a sample that a prompt may say.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    pub title: &'a str,
    pub source_type: &'a str,
    pub mime_type: &'a str,
    /// When it was written (RFC 3339), if known.
    pub date: Option<&'a str>,
    /// Whether it replies to a message the example holds.
    pub replies: bool,
}

/// A parsed template: literal text and fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(&'static str),
}

/// A template that names a field there is none of, or leaves a brace open.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(String);

impl Template {
    /// Parses `{field}` placeholders; `{{` and `}}` are literal braces.
    pub fn parse(template: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(TemplateError(format!(
                            "the prompt template opens {{{name} and never closes it (write `{{{{` for a brace)"
                        )));
                    }
                    let field = FIELDS.iter().find(|f| **f == name).ok_or_else(|| {
                        TemplateError(format!(
                            "the prompt template names {{{name}}}, which is not one of {}",
                            FIELDS
                                .iter()
                                .map(|f| format!("{{{f}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => {
                    return Err(TemplateError(
                        "the prompt template has a `}` that closes nothing (write `}}` for a brace)"
                            .into(),
                    ));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template { parts })
    }

    /// The default for a sample of this kind: an email's subject, a document's title.
    fn default_for(known: &Known<'_>) -> Template {
        let text = match (known.source_type, known.replies) {
            (_, true) => "Reply to this email.",
            ("gmail", false) => "Write an email with the subject \"{title}\".",
            ("youtube", false) => "Say what the video \"{title}\" says.",
            _ => "Write the {kind} \"{title}\".",
        };
        Template::parse(text).unwrap_or(Template { parts: Vec::new() })
    }

    fn names_part(&self) -> bool {
        self.parts.contains(&Part::Field("part"))
    }

    fn fill(&self, known: &Known<'_>, part: Option<(usize, usize)>) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Field("title") => out.push_str(known.title),
                Part::Field("kind") => out.push_str(kind(known.source_type, known.mime_type)),
                Part::Field("source") => out.push_str(known.source_type),
                Part::Field("date") => {
                    out.push_str(known.date.map_or("", |d| d.get(..10).unwrap_or(d)))
                }
                Part::Field(_) => {
                    if let Some((k, n)) = part {
                        let _ = write!(out, "part {k} of {n}");
                    }
                }
            }
        }
        out
    }
}

/// The instruction for piece `part` (1-based, of `of`) of a sample: `template` (or the
/// default for its kind) filled in. Where a sample is in several pieces and the template
/// does not place `{part}`, " (part K of N)" is added, so no two examples ask the same.
pub fn instruction(
    template: Option<&Template>,
    known: &Known<'_>,
    part: usize,
    of: usize,
) -> String {
    let default;
    let template = match template {
        Some(t) => t,
        None => {
            default = Template::default_for(known);
            &default
        }
    };
    let piece = (of > 1).then_some((part, of));
    let mut out = template.fill(known, piece);
    if of > 1 && !template.names_part() {
        let _ = write!(out, " (part {part} of {of})");
    }
    out
}

/// What a person would call a sample of this type.
pub fn kind(source_type: &str, mime_type: &str) -> &'static str {
    let m = mime_type;
    if source_type == "gmail" || m == "message/rfc822" {
        "email"
    } else if source_type == "youtube" {
        "video transcript"
    } else if m.contains("spreadsheet") || m.contains("sheet") || m == "text/csv" {
        "spreadsheet"
    } else if m.contains("presentation") || m.contains("slides") {
        "presentation"
    } else if m == "application/pdf" {
        "PDF"
    } else if m == "text/html" {
        "web page"
    } else if m == "application/epub+zip" {
        "book"
    } else {
        "document"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: Known<'static> = Known {
        title: "On herons",
        source_type: "local",
        mime_type: "text/markdown",
        date: Some("2024-03-09T10:00:00Z"),
        replies: false,
    };

    #[test]
    fn defaults_say_what_is_known() {
        assert_eq!(
            instruction(None, &DOC, 1, 1),
            "Write the document \"On herons\"."
        );
        assert_eq!(
            instruction(None, &DOC, 2, 3),
            "Write the document \"On herons\". (part 2 of 3)"
        );
        let mail = Known {
            source_type: "gmail",
            mime_type: "message/rfc822",
            ..DOC
        };
        assert_eq!(
            instruction(None, &mail, 1, 1),
            "Write an email with the subject \"On herons\"."
        );
        let reply = Known {
            replies: true,
            ..mail
        };
        assert_eq!(instruction(None, &reply, 1, 1), "Reply to this email.");
    }

    #[test]
    fn templates_fill_every_field() {
        let t = Template::parse("{{{kind}}} {title} from {source} on {date}, {part}").unwrap();
        assert_eq!(
            instruction(Some(&t), &DOC, 1, 2),
            "{document} On herons from local on 2024-03-09, part 1 of 2"
        );
        assert_eq!(
            instruction(Some(&t), &DOC, 1, 1),
            "{document} On herons from local on 2024-03-09, "
        );
    }

    #[test]
    fn a_template_naming_an_unknown_field_is_refused() {
        let e = Template::parse("Write {topic}").unwrap_err();
        assert!(e.to_string().contains("{topic}"), "{e}");
        assert!(Template::parse("a } b").is_err());
        assert!(Template::parse("{title").is_err());
    }
}
