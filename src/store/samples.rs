//! Samples, their texts, their sources and the full-text index: everything `ingest` writes and
//! `samples` reads. Rows are streamed to a callback rather than collected, so listing or
//! exporting a large store takes constant memory. The search index is an external-content FTS5
//! table, kept in step here and only here (`index_add`, `index_remove`).

use std::ops::Range;

use super::StoreError;
use super::sql::{Dialect, Row, Sql, Value, values};

/// Where a sample's text came from. Spelled once: the row read back, the row written, and
/// what a source hands the ingest pipeline all hold this.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub title: String,
    /// The kind of source (`drive`, `local`, ...): a name in `source::KINDS`.
    pub source_type: String,
    pub source_id: String,
    pub source_url: String,
    pub mime_type: String,
    pub account: Option<String>,
    pub created_time: Option<String>,
    pub modified_time: Option<String>,
    pub version: Option<String>,
    pub owner: Option<String>,
    /// Whether, and how much of, its text OCR read (a scan, an image).
    pub ocr: Option<Ocr>,
}

/// What OCR read of a sample's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ocr {
    /// How many pages (of a PDF; an image's frames) its text came from OCR.
    pub pages: i64,
    /// Tesseract's languages (`eng`, `eng+deu`).
    pub languages: String,
}

/// A sample's metadata: everything but its text.
#[derive(Debug, Clone)]
pub struct SampleRow {
    pub seq: i64,
    pub id: String,
    pub sha256: String,
    pub provenance: Provenance,
    pub tags: Vec<String>,
    pub words: i64,
    pub chars: i64,
    pub ingested_at: String,
    pub updated_at: String,
    /// When and why it left its source, if every source that gave it has.
    pub gone: Option<Gone>,
}

/// When and why a sample left its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub at: String,
    pub reason: String,
}

const COLUMNS: &str = "s.seq, s.id, s.sha256, s.title, s.source_type, s.source_id, s.source_url, \
     s.mime_type, s.account, s.tags, s.words, s.chars, s.created_time, s.modified_time, \
     s.version, s.owner, s.ingested_at, s.updated_at, s.gone_at, s.gone_reason, s.ocr_pages, \
     s.ocr_languages";

/// The names of [`COLUMNS`], in its order.
const NAMES: [&str; 22] = [
    "seq",
    "id",
    "sha256",
    "title",
    "source_type",
    "source_id",
    "source_url",
    "mime_type",
    "account",
    "tags",
    "words",
    "chars",
    "created_time",
    "modified_time",
    "version",
    "owner",
    "ingested_at",
    "updated_at",
    "gone_at",
    "gone_reason",
    "ocr_pages",
    "ocr_languages",
];

/// Where each of [`COLUMNS`] is in a query's rows: found by name in its first row, so that
/// the rows after it are read by name at the cost of reading them by position.
struct SampleReader([usize; 22]);

impl SampleReader {
    fn new(row: &Row<'_>) -> Result<SampleReader, StoreError> {
        Ok(SampleReader(indexes(row, NAMES)?))
    }

    /// Reads a row; the numbers are the columns' places in [`NAMES`].
    fn read(&self, r: &Row<'_>) -> Result<SampleRow, StoreError> {
        let int = |i: usize| r.get_at::<i64>(self.0[i], NAMES[i]);
        let text = |i: usize| r.get_at::<String>(self.0[i], NAMES[i]);
        let maybe = |i: usize| r.get_at::<Option<String>>(self.0[i], NAMES[i]);
        Ok(SampleRow {
            seq: int(0)?,
            id: text(1)?,
            sha256: text(2)?,
            provenance: Provenance {
                title: text(3)?,
                source_type: text(4)?,
                source_id: text(5)?,
                source_url: text(6)?,
                mime_type: text(7)?,
                account: maybe(8)?,
                created_time: maybe(12)?,
                modified_time: maybe(13)?,
                version: maybe(14)?,
                owner: maybe(15)?,
                ocr: match r.get_at::<Option<i64>>(self.0[20], NAMES[20])? {
                    Some(pages) => Some(Ocr {
                        pages,
                        languages: maybe(21)?.unwrap_or_default(),
                    }),
                    None => None,
                },
            },
            tags: serde_json::from_str(&text(9)?).unwrap_or_default(),
            words: int(10)?,
            chars: int(11)?,
            ingested_at: text(16)?,
            updated_at: text(17)?,
            gone: match maybe(18)? {
                Some(at) => Some(Gone {
                    at,
                    reason: maybe(19)?.unwrap_or_default(),
                }),
                None => None,
            },
        })
    }
}

/// Where the columns `names` are in a query's rows.
fn indexes<const N: usize>(row: &Row<'_>, names: [&str; N]) -> Result<[usize; N], StoreError> {
    let mut at = [0; N];
    for (i, name) in names.iter().enumerate() {
        at[i] = row.index(name)?;
    }
    Ok(at)
}

/// Which samples a listing, export or dataset covers. A list that is empty lets every sample
/// through; one that is not lets through the samples matching any of its values.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filter<'a> {
    pub source_types: &'a [String],
    pub tags: &'a [String],
    pub account: Option<&'a str>,
    /// Written at or after this time (RFC 3339).
    pub since: Option<&'a str>,
    /// Written before this time (RFC 3339).
    pub until: Option<&'a str>,
    /// Only the samples that are gone (`Some(true)`) or that are not (`Some(false)`).
    pub gone: Option<bool>,
}

/// When a sample was written, as far as is known: its source's modified time, else its
/// created time, else when it was ingested.
pub const DATE: &str = "COALESCE(s.modified_time, s.created_time, s.ingested_at)";

impl Filter<'_> {
    /// The filter as a `WHERE` clause for `dialect`, its parameters numbered from `first`,
    /// and their values.
    pub(super) fn sql(&self, dialect: Dialect, first: usize) -> (String, Vec<Value>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        let mark = |value: &str, values: &mut Vec<Value>| {
            values.push(Value::from(value));
            format!("?{}", first + values.len() - 1)
        };
        if !self.source_types.is_empty() {
            let marks: Vec<String> = self
                .source_types
                .iter()
                .map(|t| mark(t, &mut values))
                .collect();
            clauses.push(format!("s.source_type IN ({})", marks.join(", ")));
        }
        if !self.tags.is_empty() {
            let marks: Vec<String> = self.tags.iter().map(|t| mark(t, &mut values)).collect();
            let each = match dialect {
                Dialect::Sqlite => "json_each(s.tags) AS tag",
                Dialect::Postgres => "jsonb_array_elements_text(s.tags::jsonb) AS tag(value)",
            };
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM {each} WHERE tag.value IN ({}))",
                marks.join(", ")
            ));
        }
        if let Some(a) = self.account {
            clauses.push(format!("s.account = {}", mark(a, &mut values)));
        }
        // Each engine reads every RFC 3339 shape stored (with or without fractions, Z or an
        // offset) as the instant it is.
        let instant = |sql: &str| match dialect {
            Dialect::Sqlite => format!("julianday({sql})"),
            Dialect::Postgres => format!("CAST({sql} AS TIMESTAMPTZ)"),
        };
        if let Some(t) = self.since {
            let at = instant(&format!("CAST({} AS TEXT)", mark(t, &mut values)));
            clauses.push(format!("{} >= {at}", instant(DATE)));
        }
        if let Some(t) = self.until {
            let at = instant(&format!("CAST({} AS TEXT)", mark(t, &mut values)));
            clauses.push(format!("{} < {at}", instant(DATE)));
        }
        match self.gone {
            Some(true) => clauses.push("s.gone_at IS NOT NULL".into()),
            Some(false) => clauses.push("s.gone_at IS NULL".into()),
            None => {}
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        (sql, values)
    }
}

/// A sample's whole text, from its parts in order, as `dialect` joins them: the value of a
/// query selecting from `sample_parts`.
fn joined_text(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "group_concat(text, '' ORDER BY part)",
        Dialect::Postgres => "string_agg(text, '' ORDER BY part)",
    }
}

/// Calls `each` with every sample matching `filter`, oldest first; with `limit`, only the
/// newest `limit` of them.
pub fn list<E: From<StoreError>>(
    db: &dyn Sql,
    filter: Filter<'_>,
    limit: Option<u64>,
    mut each: impl FnMut(SampleRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = None;
    scan(db, COLUMNS, filter, limit, |row| {
        let reader = match &reader {
            Some(r) => r,
            None => reader.insert(SampleReader::new(row)?),
        };
        each(reader.read(row)?)
    })
}

/// The four columns a person's listing shows, borrowed from the row.
#[derive(Debug)]
pub struct Brief<'a> {
    pub id: &'a str,
    pub words: i64,
    pub source_type: &'a str,
    pub title: &'a str,
}

/// Like [`list`], reading only what [`Brief`] holds and allocating nothing per row: the
/// listing of a large store is bound by how fast the engine walks the rows.
pub fn list_brief<E: From<StoreError>>(
    db: &dyn Sql,
    filter: Filter<'_>,
    limit: Option<u64>,
    mut each: impl FnMut(Brief<'_>) -> Result<(), E>,
) -> Result<(), E> {
    const NAMES: [&str; 4] = ["id", "words", "source_type", "title"];
    let mut at = None;
    scan(
        db,
        "s.seq, s.id, s.words, s.source_type, s.title",
        filter,
        limit,
        |row| {
            let at = match &at {
                Some(at) => at,
                None => at.insert(indexes(row, NAMES)?),
            };
            let text = |i: usize| -> Result<&str, StoreError> {
                row.text_at(at[i], NAMES[i])?
                    .ok_or_else(|| StoreError::Column {
                        name: NAMES[i].into(),
                        wanted: "text",
                    })
            };
            each(Brief {
                id: text(0)?,
                words: row.get_at(at[1], NAMES[1])?,
                source_type: text(2)?,
                title: text(3)?,
            })
        },
    )
}

/// Runs a listing query for `columns` (the first being `s.seq`) and hands each row over.
fn scan<E: From<StoreError>>(
    db: &dyn Sql,
    columns: &str,
    filter: Filter<'_>,
    limit: Option<u64>,
    each: impl FnMut(&Row<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, mut values) = filter.sql(db.dialect(), 1);
    let sql = match limit {
        None => format!("SELECT {columns} FROM samples s{cond} ORDER BY s.seq"),
        Some(n) => {
            values.push(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)));
            format!(
                "SELECT * FROM (SELECT {columns} FROM samples s{cond} ORDER BY s.seq DESC LIMIT ?{}) \
                 AS newest ORDER BY seq",
                values.len()
            )
        }
    };
    db.each_as(&sql, &values, each)
}

/// Finds the one sample whose ID starts with `prefix`, as git finds commits.
pub fn resolve(db: &dyn Sql, prefix: &str) -> Result<SampleRow, StoreError> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::NoSuchSample(prefix));
    }
    // IDs are lowercase hex, so every ID with this prefix sorts below prefix + 'g', in
    // every collation.
    let mut reader = None;
    let mut found = db.rows(
        &format!(
            "SELECT {COLUMNS} FROM samples s WHERE s.id >= ?1 AND s.id < ?2 ORDER BY s.id LIMIT 5"
        ),
        values![&prefix, format!("{prefix}g")],
        |r| {
            let reader = match &reader {
                Some(reader) => reader,
                None => reader.insert(SampleReader::new(r)?),
            };
            reader.read(r)
        },
    )?;
    match found.len() {
        0 => Err(StoreError::NoSuchSample(prefix)),
        1 => found.pop().ok_or(StoreError::NoSuchSample(prefix)),
        _ => Err(StoreError::AmbiguousId {
            prefix,
            candidates: found.into_iter().map(|s| s.id).collect(),
        }),
    }
}

/// What sample `seq` answered, if it is a reply.
pub fn context(db: &dyn Sql, seq: i64) -> Result<Option<String>, StoreError> {
    Ok(db
        .row(
            "SELECT context FROM samples WHERE seq = ?1",
            values![seq],
            |r| r.get("context"),
        )?
        .flatten())
}

/// The text of one sample (empty for one that is not there).
pub fn text(db: &dyn Sql, seq: i64) -> Result<String, StoreError> {
    let sql = format!(
        "SELECT {} AS value FROM sample_parts WHERE sample = ?1",
        joined_text(db.dialect())
    );
    Ok(db
        .value::<Option<String>>(&sql, values![seq])?
        .unwrap_or_default())
}

/// One search result.
#[derive(Debug)]
pub struct Hit {
    pub sample: SampleRow,
    /// Words around the best match in the sample's text, as they are in it.
    pub snippet: String,
    /// The byte ranges of `snippet` that match the query, in order: how they are shown is the
    /// caller's to say (bold on a terminal, nothing in JSON).
    pub matches: Vec<Range<usize>>,
    /// How well it matched, lower is better: SQLite's bm25, PostgreSQL's rank negated.
    pub score: f64,
}

/// What a snippet's matches are surrounded with: characters stored text never holds
/// (`extract::normalize` turns every `\r` into a line end and drops every U+FEFF), so that the
/// marks come back out exactly and the snippet is the text's own characters.
const MATCH_START: char = '\u{feff}';
const MATCH_END: char = '\r';

/// Full-text search, best first: FTS5 on SQLite, PostgreSQL's own text search there (the
/// query translated by [`super::pg::search`]). A query that is not valid syntax is searched
/// again as plain words.
pub fn search(db: &dyn Sql, query: &str, limit: u64) -> Result<Vec<Hit>, StoreError> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let (start, end) = (MATCH_START.to_string(), MATCH_END.to_string());
    let (sql, snippet_sql, query) = match db.dialect() {
        // Each sample once, by its best part: with one min() in a query, SQLite takes the
        // other columns from the row holding the minimum. The matching itself stays in a
        // query of its own, where FTS5's functions can see the match. A snippet is made only
        // for the parts shown: it costs FTS5 time in the square of a part's matches.
        Dialect::Sqlite => (
            format!(
                "WITH hits AS MATERIALIZED ( \
                     SELECT rowid AS part, bm25(sample_search, 4.0, 1.0) AS score \
                     FROM sample_search WHERE sample_search MATCH ?1), \
                 best AS ( \
                     SELECT p.sample AS sample, h.part AS part, min(h.score) AS score \
                     FROM hits h JOIN sample_parts p ON p.seq = h.part GROUP BY p.sample) \
                 SELECT {COLUMNS}, best.part AS part, best.score AS score \
                 FROM best JOIN samples s ON s.seq = best.sample ORDER BY best.score LIMIT ?2"
            ),
            "SELECT snippet(sample_search, 1, ?3, ?4, '…', 16) AS value FROM sample_search \
             WHERE sample_search MATCH ?1 AND rowid = ?2"
                .to_string(),
            query.to_string(),
        ),
        Dialect::Postgres => (
            super::pg::search::best(COLUMNS),
            super::pg::search::SNIPPET.to_string(),
            super::pg::search::tsquery(query)?,
        ),
    };
    let run = |q: &str| -> Result<Vec<Hit>, StoreError> {
        let mut reader = None;
        let best = db.rows(&sql, values![q, limit], |r| {
            let reader = match &reader {
                Some(reader) => reader,
                None => reader.insert(SampleReader::new(r)?),
            };
            Ok((
                reader.read(r)?,
                r.get::<i64>("part")?,
                r.get::<f64>("score")?,
            ))
        })?;
        best.into_iter()
            .map(|(sample, part, score)| {
                let marked: String = db.value(&snippet_sql, values![q, part, &start, &end])?;
                let (snippet, matches) = unmark(&marked);
                Ok(Hit {
                    sample,
                    snippet,
                    matches,
                    score,
                })
            })
            .collect()
    };
    match run(&query) {
        Ok(hits) => Ok(hits),
        Err(e) if is_query_syntax(&e) => run(&as_plain_words(db.dialect(), &query)),
        Err(e) => Err(e),
    }
}

/// Whether a search failed on its query's syntax rather than on the store.
fn is_query_syntax(e: &StoreError) -> bool {
    match e {
        // FTS5 syntax errors come back as plain SQL errors ("unterminated string",
        // "fts5: syntax error near", "no such column").
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
            e.code == rusqlite::ErrorCode::Unknown
        }
        StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::SYNTAX_ERROR),
        _ => false,
    }
}

/// A snippet without its match marks, and where the marks were.
fn unmark(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut plain = String::with_capacity(marked.len());
    let mut matches = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            MATCH_START => {
                open.get_or_insert(plain.len());
            }
            MATCH_END => {
                if let Some(start) = open.take()
                    && start < plain.len()
                {
                    matches.push(start..plain.len());
                }
            }
            c => plain.push(c),
        }
    }
    (plain, matches)
}

/// Calls `each` with the text of each sample in `seqs`, in that order (a sample removed
/// meanwhile is passed over).
pub fn texts<E: From<StoreError>>(
    db: &dyn Sql,
    seqs: &[i64],
    mut each: impl FnMut(i64, String) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!(
        "SELECT {} AS value FROM sample_parts WHERE sample = ?1",
        joined_text(db.dialect())
    );
    for &seq in seqs {
        if let Some(text) = db.value::<Option<String>>(&sql, values![seq])? {
            each(seq, text)?;
        }
    }
    Ok(())
}

/// Every word of `query` quoted, so that punctuation in it means nothing to the engine's
/// query syntax.
fn as_plain_words(dialect: Dialect, query: &str) -> String {
    match dialect {
        Dialect::Sqlite => query
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" "),
        Dialect::Postgres => super::pg::search::plain(query),
    }
}

/// Calls `each` with every sample matching `filter`, its text and its context, oldest first.
pub fn export<E: From<StoreError>>(
    db: &dyn Sql,
    filter: Filter<'_>,
    mut each: impl FnMut(&SampleRow, &str, Option<&str>) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, values) = filter.sql(db.dialect(), 1);
    let sql = format!(
        "SELECT {COLUMNS}, \
                (SELECT {} FROM sample_parts WHERE sample = s.seq) AS text, s.context AS context \
         FROM samples s{cond} ORDER BY s.seq",
        joined_text(db.dialect())
    );
    let mut at = None;
    db.each_as(&sql, &values, |row| {
        let (reader, [text, context]) = match &at {
            Some(at) => at,
            None => at.insert((SampleReader::new(row)?, indexes(row, ["text", "context"])?)),
        };
        let sample = reader.read(row)?;
        let text = row.text_at(*text, "text")?.unwrap_or_default();
        let context = row.text_at(*context, "context")?;
        each(&sample, text, context)
    })
}

/// Removes samples (their texts, sources and index entries with them).
pub fn remove(db: &dyn Sql, seqs: &[i64]) -> Result<(), StoreError> {
    for &seq in seqs {
        index_remove(db, seq)?;
        db.execute("DELETE FROM samples WHERE seq = ?1", values![seq])?;
    }
    Ok(())
}

/// Totals for `samples stats`.
#[derive(Debug, Default)]
pub struct Stats {
    pub samples: i64,
    pub words: i64,
    pub chars: i64,
    pub by_source: Vec<Group>,
    pub by_type: Vec<Group>,
    pub by_account: Vec<Group>,
}

/// One line of a breakdown.
#[derive(Debug)]
pub struct Group {
    pub name: String,
    pub samples: i64,
    pub words: i64,
}

pub fn stats(db: &dyn Sql) -> Result<Stats, StoreError> {
    let totals = db.row(
        "SELECT count(*) AS samples, CAST(coalesce(sum(words), 0) AS BIGINT) AS words,
                CAST(coalesce(sum(chars), 0) AS BIGINT) AS chars FROM samples",
        &[],
        |r| Ok((r.get("samples")?, r.get("words")?, r.get("chars")?)),
    )?;
    let (samples, words, chars) = totals.unwrap_or_default();
    let group = |column: &str| -> Result<Vec<Group>, StoreError> {
        db.rows(
            &format!(
                "SELECT coalesce({column}, '') AS name, count(*) AS samples, \
                 CAST(sum(words) AS BIGINT) AS words \
                 FROM samples GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            &[],
            |r| {
                Ok(Group {
                    name: r.get("name")?,
                    samples: r.get("samples")?,
                    words: r.get("words")?,
                })
            },
        )
    };
    Ok(Stats {
        samples,
        words,
        chars,
        by_source: group("source_type")?,
        by_type: group("mime_type")?,
        by_account: group("account")?,
    })
}

/// What the store remembers of a source from the last time it was ingested.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    pub sample: i64,
    pub sample_id: String,
    pub title: String,
    pub mime_type: String,
    pub words: i64,
    pub revision: String,
    pub content_sha256: Option<String>,
}

/// Identifies a source: a local file by its URL, a Drive file by account and ID.
#[derive(Debug, Clone, Copy)]
pub struct SourceKey<'a> {
    pub source_type: &'a str,
    pub account: &'a str,
    pub key: &'a str,
}

pub fn find_source(db: &dyn Sql, key: SourceKey<'_>) -> Result<Option<SourceRecord>, StoreError> {
    db.row(
        "SELECT src.sample, s.id, src.revision, src.content_sha256, s.title, s.mime_type, s.words
         FROM sources src JOIN samples s ON s.seq = src.sample
         WHERE src.source_type = ?1 AND src.account = ?2 AND src.source_key = ?3",
        values![key.source_type, key.account, key.key],
        |r| {
            Ok(SourceRecord {
                sample: r.get("sample")?,
                sample_id: r.get("id")?,
                revision: r.get("revision")?,
                content_sha256: r.get("content_sha256")?,
                title: r.get("title")?,
                mime_type: r.get("mime_type")?,
                words: r.get("words")?,
            })
        },
    )
}

/// The sample holding exactly this text, if any: `(seq, id)`.
pub fn find_by_sha256(db: &dyn Sql, sha256: &str) -> Result<Option<(i64, String)>, StoreError> {
    db.row(
        "SELECT seq, id FROM samples WHERE sha256 = ?1",
        values![sha256],
        |r| Ok((r.get("seq")?, r.get("id")?)),
    )
}

/// How many sources point at a sample.
pub fn source_count(db: &dyn Sql, sample: i64) -> Result<i64, StoreError> {
    db.value(
        "SELECT count(*) AS value FROM sources WHERE sample = ?1",
        values![sample],
    )
}

/// A sample to be written: its text and where it came from.
pub struct NewSample<'a> {
    pub provenance: &'a Provenance,
    pub text: Body<'a>,
    /// What the text answered, for a reply.
    pub context: Option<&'a str>,
    pub sha256: &'a str,
    pub words: i64,
    pub chars: i64,
}

/// A sample's text as the store takes it.
pub enum Body<'a> {
    /// Held whole.
    Whole(&'a str),
    /// Too large to hold: its lines, each with its line end, read as they are stored. A line
    /// that cannot be read fails the write with [`StoreError::TextRead`].
    Lines(&'a mut dyn Iterator<Item = Result<String, std::io::Error>>),
}

/// About how much text one part of a sample holds (see migration 0004): parts are cut at
/// line ends, so a part holds more only when one line does. Measured on a 202 MB text
/// (benches/big_text.rs): smaller parts grow the index (an entry per word a part) and slow
/// indexing; larger ones slow a search snippet, which costs FTS5 time in the square of the
/// matches in its part (1.7 s for a word on every line of a 1 MiB part).
const PART: usize = 1 << 20;

/// Stores a new sample; returns its `(seq, id)`.
pub fn insert(db: &dyn Sql, s: NewSample<'_>, now: &str) -> Result<(i64, String), StoreError> {
    let id = new_id();
    let mut params = vec![Value::from(&id)];
    params.extend(fields(&s, now));
    let seq: i64 = db.value(
        &format!(
            "INSERT INTO samples (id, {FIELDS}, ingested_at) VALUES (?1, {}, ?16) \
             RETURNING seq AS value",
            placeholders(2..=18)
        ),
        &params,
    )?;
    write_parts(db, seq, s.text)?;
    index_add(db, seq)?;
    Ok((seq, id))
}

/// Replaces a sample's text and provenance, keeping its ID.
pub fn replace(db: &dyn Sql, seq: i64, s: NewSample<'_>, now: &str) -> Result<(), StoreError> {
    index_remove(db, seq)?;
    let mut params = vec![Value::from(seq)];
    params.extend(fields(&s, now));
    db.execute(
        &format!(
            "UPDATE samples SET ({FIELDS}) = ({}) WHERE seq = ?1",
            placeholders(2..=18)
        ),
        &params,
    )?;
    db.execute("DELETE FROM sample_parts WHERE sample = ?1", values![seq])?;
    write_parts(db, seq, s.text)?;
    index_add(db, seq)
}

/// Writes a sample's text as its parts, each at most about [`PART`] long.
fn write_parts(db: &dyn Sql, seq: i64, text: Body<'_>) -> Result<(), StoreError> {
    let mut part = 0i64;
    let mut put = |text: &str| -> Result<(), StoreError> {
        db.execute(
            "INSERT INTO sample_parts (sample, part, text) VALUES (?1, ?2, ?3)",
            values![seq, part, text],
        )?;
        part += 1;
        Ok(())
    };
    match text {
        Body::Whole(mut text) => {
            while text.len() > PART {
                // A line end is a character boundary whatever the text around it.
                let bytes = text.as_bytes();
                let cut = bytes[..=PART]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .or_else(|| {
                        bytes[PART..]
                            .iter()
                            .position(|&b| b == b'\n')
                            .map(|i| PART + i)
                    })
                    .map_or(text.len(), |i| i + 1);
                put(&text[..cut])?;
                text = &text[cut..];
            }
            if !text.is_empty() {
                put(text)?;
            }
        }
        Body::Lines(lines) => {
            let mut held = String::new();
            for line in lines {
                let line = line.map_err(StoreError::TextRead)?;
                if !held.is_empty() && held.len() + line.len() > PART {
                    put(&held)?;
                    held.clear();
                }
                held.push_str(&line);
            }
            if !held.is_empty() {
                put(&held)?;
            }
        }
    }
    Ok(())
}

/// The columns [`fields`] fills, in its order.
const FIELDS: &str = "sha256, title, source_type, source_id, source_url, mime_type, account, \
     words, chars, created_time, modified_time, version, owner, context, updated_at, ocr_pages, \
     ocr_languages";

fn fields(s: &NewSample<'_>, now: &str) -> [Value; 17] {
    let p = s.provenance;
    [
        s.sha256.into(),
        (&p.title).into(),
        (&p.source_type).into(),
        (&p.source_id).into(),
        (&p.source_url).into(),
        (&p.mime_type).into(),
        p.account.as_ref().into(),
        s.words.into(),
        s.chars.into(),
        p.created_time.as_ref().into(),
        p.modified_time.as_ref().into(),
        p.version.as_ref().into(),
        p.owner.as_ref().into(),
        s.context.into(),
        now.into(),
        p.ocr.as_ref().map(|o| o.pages).into(),
        p.ocr.as_ref().map(|o| &o.languages).into(),
    ]
}

/// `?2, ?3, ...` for a statement's numbered parameters.
fn placeholders(range: std::ops::RangeInclusive<usize>) -> String {
    range
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records that `key` now gives `sample`, as it looked at `revision`.
pub fn save_source(
    db: &dyn Sql,
    key: SourceKey<'_>,
    sample: i64,
    revision: &str,
    content_sha256: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO sources (source_type, account, source_key, sample, revision, content_sha256, seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (source_type, account, source_key) DO UPDATE SET
             sample = excluded.sample, revision = excluded.revision,
             content_sha256 = excluded.content_sha256, seen_at = excluded.seen_at",
        values![
            key.source_type,
            key.account,
            key.key,
            sample,
            revision,
            content_sha256,
            now
        ],
    )?;
    // Seen again: back from wherever it had gone (restored from the trash, say).
    db.execute(
        "UPDATE sources SET gone_at = NULL, gone_reason = NULL
         WHERE source_type = ?1 AND account = ?2 AND source_key = ?3 AND gone_at IS NOT NULL",
        values![key.source_type, key.account, key.key],
    )?;
    db.execute(
        "UPDATE samples SET gone_at = NULL, gone_reason = NULL WHERE seq = ?1 AND gone_at IS NOT NULL",
        values![sample],
    )?;
    Ok(())
}

/// Marks the item `key` as having left its source, and its sample with it once no item that
/// gives the sample is left. Returns the sample's ID if that made it gone; `None` for an
/// item the store does not have, or one already gone.
pub fn mark_gone(
    db: &dyn Sql,
    key: SourceKey<'_>,
    reason: &str,
    now: &str,
) -> Result<Option<String>, StoreError> {
    let sample: Option<i64> = db.row(
        "UPDATE sources SET gone_at = ?4, gone_reason = ?5
         WHERE source_type = ?1 AND account = ?2 AND source_key = ?3 AND gone_at IS NULL
         RETURNING sample",
        values![key.source_type, key.account, key.key, now, reason],
        |r| r.get("sample"),
    )?;
    let Some(sample) = sample else {
        return Ok(None);
    };
    db.row(
        "UPDATE samples SET gone_at = ?2, gone_reason = ?3
         WHERE seq = ?1 AND gone_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM sources WHERE sample = ?1 AND gone_at IS NULL)
         RETURNING id",
        values![sample, now, reason],
        |r| r.get("id"),
    )
}

/// Gives a sample a new title (and its search entry with it); the same title changes nothing.
pub fn set_title(db: &dyn Sql, seq: i64, title: &str) -> Result<(), StoreError> {
    let current: Option<String> = db.row(
        "SELECT title FROM samples WHERE seq = ?1",
        values![seq],
        |r| r.get("title"),
    )?;
    if current.as_deref().is_none_or(|c| c == title) {
        return Ok(());
    }
    index_remove(db, seq)?;
    db.execute(
        "UPDATE samples SET title = ?2 WHERE seq = ?1",
        values![seq, title],
    )?;
    index_add(db, seq)
}

/// Adds tags a sample does not have yet, keeping their order.
pub fn add_tags(db: &dyn Sql, seq: i64, tags: &[String]) -> Result<(), StoreError> {
    if tags.is_empty() {
        return Ok(());
    }
    let Some(current) = db.row(
        "SELECT tags FROM samples WHERE seq = ?1",
        values![seq],
        |r| r.get::<String>("tags"),
    )?
    else {
        return Ok(());
    };
    let mut all: Vec<String> = serde_json::from_str(&current).unwrap_or_default();
    for tag in tags {
        if !all.contains(tag) {
            all.push(tag.clone());
        }
    }
    let json = serde_json::to_string(&all).unwrap_or_else(|_| "[]".into());
    db.execute(
        "UPDATE samples SET tags = ?2 WHERE seq = ?1",
        values![seq, json],
    )?;
    Ok(())
}

/// A new sample ID: 16 random hex digits.
fn new_id() -> String {
    let mut bytes = [0u8; 8];
    // Failing to get randomness from the OS is not something to recover from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the OS random number generator failed");
    hex::encode(bytes)
}

/// Indexes every part of sample `seq` for search: FTS5's index is kept by hand, while
/// PostgreSQL's search vectors are columns it computes itself.
fn index_add(db: &dyn Sql, seq: i64) -> Result<(), StoreError> {
    if db.dialect() == Dialect::Sqlite {
        db.execute(
            "INSERT INTO sample_search (rowid, title, text)
             SELECT seq, title, text FROM sample_search_content WHERE sample = ?1",
            values![seq],
        )?;
    }
    Ok(())
}

fn index_remove(db: &dyn Sql, seq: i64) -> Result<(), StoreError> {
    if db.dialect() == Dialect::Sqlite {
        db.execute(
            "INSERT INTO sample_search (sample_search, rowid, title, text)
             SELECT 'delete', seq, title, text FROM sample_search_content WHERE sample = ?1",
            values![seq],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmark_finds_each_match_and_keeps_the_text() {
        let marked = format!("a {MATCH_START}heron{MATCH_END} and {MATCH_START}HERONS{MATCH_END}…");
        let (plain, matches) = unmark(&marked);
        assert_eq!(plain, "a heron and HERONS…");
        let shown: Vec<&str> = matches.iter().map(|r| &plain[r.clone()]).collect();
        assert_eq!(shown, ["heron", "HERONS"]);
    }
}
