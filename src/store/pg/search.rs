//! Full-text search on a PostgreSQL store, with its own text search: each part of a sample's
//! text and each title has a `tsvector` the database computes (migrations 0001 and 0002), and
//! a query is ranked by `ts_rank`, a title match counting four times a text match as it does
//! in SQLite's bm25. The query syntax accepted is SQLite FTS5's where it maps: words (all of
//! them must match), `"phrases"`, `prefix*`, `AND`, `OR`, `NOT` and parentheses; `NEAR`, column
//! filters and `^` have no PostgreSQL counterpart and are refused with a clear error. A query
//! that is no valid syntax at all is searched as its plain words, as on SQLite.

use super::super::StoreError;

/// The query ranking each matching sample by its best part (or its title), given the sample
/// columns to select; `?1` is a [`tsquery`], `?2` the limit.
pub fn best(columns: &str) -> String {
    format!(
        "WITH q AS (SELECT to_tsquery('english', CAST(?1 AS TEXT)) AS q), \
         hits AS ( \
             SELECT p.sample AS sample, p.seq AS part, ts_rank(p.search, q.q) AS rank \
             FROM sample_parts p, q WHERE p.search @@ q.q \
             UNION ALL \
             SELECT t.seq AS sample, \
                    coalesce((SELECT min(x.seq) FROM sample_parts x WHERE x.sample = t.seq), 0) \
                        AS part, \
                    4 * ts_rank(t.title_search, q.q) AS rank \
             FROM samples t, q WHERE t.title_search @@ q.q), \
         best AS ( \
             SELECT DISTINCT ON (sample) sample, part, rank FROM hits \
             ORDER BY sample, rank DESC) \
         SELECT {columns}, best.part AS part, CAST(-best.rank AS DOUBLE PRECISION) AS score \
         FROM best JOIN samples s ON s.seq = best.sample ORDER BY best.rank DESC, s.seq LIMIT ?2"
    )
}

/// The words around the best match in one part (`?2`) of a sample, its matches between `?3`
/// and `?4`; empty for a sample without text.
pub const SNIPPET: &str = "SELECT coalesce((SELECT ts_headline('english', p.text, \
         to_tsquery('english', CAST(?1 AS TEXT)), \
         'StartSel=\"' || CAST(?3 AS TEXT) || '\", StopSel=\"' || CAST(?4 AS TEXT) || \
         '\", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1') \
     FROM sample_parts p WHERE p.seq = ?2), '') AS value";

/// A query in FTS5's syntax as a `to_tsquery` text; one that is not valid syntax, as its
/// plain words; one that uses what PostgreSQL cannot search, an error saying so.
pub fn tsquery(query: &str) -> Result<String, StoreError> {
    let tokens = match tokens(query) {
        Ok(tokens) => tokens,
        Err(Bad::Unsupported(what)) => return Err(StoreError::Query(what)),
        Err(Bad::Syntax) => return Ok(plain(query)),
    };
    Ok(translate(&tokens).unwrap_or_else(|| plain(query)))
}

/// Every word of `query`, all of which must match: what a query of no valid syntax searches.
pub fn plain(query: &str) -> String {
    words(query).join(" & ")
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Words that must follow each other (one for a bare word), the last one a prefix if
    /// `prefix`.
    Phrase {
        words: Vec<String>,
        prefix: bool,
    },
    And,
    Or,
    Not,
    Open,
    Close,
}

enum Bad {
    Syntax,
    Unsupported(String),
}

/// The words of a text as FTS5's default tokenizer cuts them: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn tokens(query: &str) -> Result<Vec<Token>, Bad> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        None => return Err(Bad::Syntax),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            text.push('"');
                        }
                        Some('"') => break,
                        Some(c) => text.push(c),
                    }
                }
                let prefix = chars.next_if_eq(&'*').is_some();
                out.push(Token::Phrase {
                    words: words(&text),
                    prefix,
                });
            }
            '^' | '+' | ':' | '{' | '}' => {
                return Err(Bad::Unsupported(format!(
                    "`{c}` (FTS5's column filters, initial tokens and phrase joins)"
                )));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || !c.is_ascii() {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if word.is_empty() {
                    // A character FTS5 takes for no bare word: no valid syntax.
                    return Err(Bad::Syntax);
                }
                if chars.peek() == Some(&':') {
                    return Err(Bad::Unsupported(format!("the column filter `{word}:`")));
                }
                match word.as_str() {
                    "AND" => out.push(Token::And),
                    "OR" => out.push(Token::Or),
                    "NOT" => out.push(Token::Not),
                    "NEAR" if chars.peek() == Some(&'(') => {
                        return Err(Bad::Unsupported("NEAR(...)".into()));
                    }
                    _ => {
                        let prefix = chars.next_if_eq(&'*').is_some();
                        out.push(Token::Phrase {
                            words: words(&word),
                            prefix,
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The tokens as `to_tsquery` text, `None` where they make no valid query (an operator
/// without its operands, parentheses that do not pair).
fn translate(tokens: &[Token]) -> Option<String> {
    let mut out = String::new();
    let mut depth = 0usize;
    // Whether the last thing written is an operand (a phrase or a closed group).
    let mut operand = false;
    for token in tokens {
        match token {
            Token::Phrase { words, prefix } => {
                if words.is_empty() {
                    continue;
                }
                if operand {
                    out.push_str(" & ");
                }
                let mut phrase: Vec<String> = words.iter().map(|w| lexeme(w)).collect();
                if *prefix && let Some(last) = phrase.last_mut() {
                    last.push_str(":*");
                }
                let joined = phrase.join(" <-> ");
                if phrase.len() > 1 {
                    out.push_str(&format!("({joined})"));
                } else {
                    out.push_str(&joined);
                }
                operand = true;
            }
            Token::And | Token::Or | Token::Not => {
                if !operand {
                    return None;
                }
                out.push_str(match token {
                    Token::And => " & ",
                    Token::Or => " | ",
                    _ => " & !",
                });
                operand = false;
            }
            Token::Open => {
                if operand {
                    out.push_str(" & ");
                }
                out.push('(');
                depth += 1;
                operand = false;
            }
            Token::Close => {
                if !operand || depth == 0 {
                    return None;
                }
                out.push(')');
                depth -= 1;
            }
        }
    }
    (operand && depth == 0).then_some(out)
}

/// A word as a quoted lexeme, which `to_tsquery` normalizes as it does the text.
fn lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(query: &str) -> String {
        match tsquery(query) {
            Ok(q) => q,
            Err(e) => panic!("{query}: {e}"),
        }
    }

    #[test]
    fn fts5_queries_become_tsqueries() {
        assert_eq!(ok("heron"), "'heron'");
        assert_eq!(ok("grey heron"), "'grey' & 'heron'");
        assert_eq!(ok("\"grey heron\""), "('grey' <-> 'heron')");
        assert_eq!(ok("her*"), "'her':*");
        assert_eq!(ok("heron OR egret"), "'heron' | 'egret'");
        assert_eq!(ok("heron NOT egret"), "'heron' & !'egret'");
        assert_eq!(
            ok("(heron OR egret) AND pond"),
            "('heron' | 'egret') & 'pond'"
        );
        assert_eq!(ok("pond (heron OR egret)"), "'pond' & ('heron' | 'egret')");
    }

    #[test]
    fn what_is_no_valid_syntax_is_searched_as_plain_words() {
        assert_eq!(ok("\"unterminated heron"), "unterminated & heron");
        assert_eq!(ok("heron AND"), "heron & AND");
        assert_eq!(ok("(heron"), "heron");
        assert_eq!(ok("don't-stop"), "don & t & stop");
        assert_eq!(ok("a % b"), "a & b");
    }

    #[test]
    fn what_postgresql_cannot_search_is_refused() {
        for query in ["NEAR(heron egret, 5)", "title: heron", "^heron", "a + b"] {
            assert!(
                matches!(tsquery(query), Err(StoreError::Query(_))),
                "{query}"
            );
        }
    }
}
