//! Samples, their texts, their sources and the full-text index: everything `ingest` writes and
//! `samples` reads. Rows are streamed to a callback rather than collected, so listing or
//! exporting a large store takes constant memory. The search index is an external-content FTS5
//! table, kept in step here and only here (`index_add`, `index_remove`).

use std::ops::Range;

use rusqlite::ToSql;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, Row, Statement, params, params_from_iter};

use super::StoreError;

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
     s.version, s.owner, s.ingested_at, s.updated_at, s.gone_at, s.gone_reason";

/// Where each of [`COLUMNS`] is in a statement's rows: found by name once a statement, so
/// that rows are read by name at the cost of reading them by position.
struct SampleReader {
    seq: usize,
    id: usize,
    sha256: usize,
    title: usize,
    source_type: usize,
    source_id: usize,
    source_url: usize,
    mime_type: usize,
    account: usize,
    tags: usize,
    words: usize,
    chars: usize,
    created_time: usize,
    modified_time: usize,
    version: usize,
    owner: usize,
    ingested_at: usize,
    updated_at: usize,
    gone_at: usize,
    gone_reason: usize,
}

impl SampleReader {
    fn new(stmt: &Statement<'_>) -> rusqlite::Result<SampleReader> {
        let at = |name: &str| stmt.column_index(name);
        Ok(SampleReader {
            seq: at("seq")?,
            id: at("id")?,
            sha256: at("sha256")?,
            title: at("title")?,
            source_type: at("source_type")?,
            source_id: at("source_id")?,
            source_url: at("source_url")?,
            mime_type: at("mime_type")?,
            account: at("account")?,
            tags: at("tags")?,
            words: at("words")?,
            chars: at("chars")?,
            created_time: at("created_time")?,
            modified_time: at("modified_time")?,
            version: at("version")?,
            owner: at("owner")?,
            ingested_at: at("ingested_at")?,
            updated_at: at("updated_at")?,
            gone_at: at("gone_at")?,
            gone_reason: at("gone_reason")?,
        })
    }

    fn read(&self, r: &Row<'_>) -> rusqlite::Result<SampleRow> {
        let tags: String = r.get(self.tags)?;
        Ok(SampleRow {
            seq: r.get(self.seq)?,
            id: r.get(self.id)?,
            sha256: r.get(self.sha256)?,
            provenance: Provenance {
                title: r.get(self.title)?,
                source_type: r.get(self.source_type)?,
                source_id: r.get(self.source_id)?,
                source_url: r.get(self.source_url)?,
                mime_type: r.get(self.mime_type)?,
                account: r.get(self.account)?,
                created_time: r.get(self.created_time)?,
                modified_time: r.get(self.modified_time)?,
                version: r.get(self.version)?,
                owner: r.get(self.owner)?,
            },
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            words: r.get(self.words)?,
            chars: r.get(self.chars)?,
            ingested_at: r.get(self.ingested_at)?,
            updated_at: r.get(self.updated_at)?,
            gone: match r.get::<_, Option<String>>(self.gone_at)? {
                Some(at) => Some(Gone {
                    at,
                    reason: r
                        .get::<_, Option<String>>(self.gone_reason)?
                        .unwrap_or_default(),
                }),
                None => None,
            },
        })
    }
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
    pub(super) fn sql(&self) -> (String, Vec<Value>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        let marks = |n: usize| vec!["?"; n].join(", ");
        if !self.source_types.is_empty() {
            clauses.push(format!(
                "s.source_type IN ({})",
                marks(self.source_types.len())
            ));
            values.extend(self.source_types.iter().map(|t| Value::Text(t.clone())));
        }
        if !self.tags.is_empty() {
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM json_each(s.tags) WHERE json_each.value IN ({}))",
                marks(self.tags.len())
            ));
            values.extend(self.tags.iter().map(|t| Value::Text(t.clone())));
        }
        if let Some(a) = self.account {
            clauses.push("s.account = ?".into());
            values.push(Value::Text(a.to_string()));
        }
        // julianday reads every RFC 3339 shape stored (with or without fractions, Z or an offset).
        if let Some(t) = self.since {
            clauses.push(format!("julianday({DATE}) >= julianday(?)"));
            values.push(Value::Text(t.to_string()));
        }
        if let Some(t) = self.until {
            clauses.push(format!("julianday({DATE}) < julianday(?)"));
            values.push(Value::Text(t.to_string()));
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

/// Calls `each` with every sample matching `filter`, oldest first; with `limit`, only the
/// newest `limit` of them.
pub fn list<E: From<StoreError>>(
    conn: &Connection,
    filter: Filter<'_>,
    limit: Option<u64>,
    mut each: impl FnMut(SampleRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = None;
    scan(conn, COLUMNS, filter, limit, |row| {
        let reader = match &reader {
            Some(r) => r,
            None => reader.insert(SampleReader::new(row.as_ref()).map_err(StoreError::from)?),
        };
        each(reader.read(row).map_err(StoreError::from)?)
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
/// listing of a large store is bound by how fast SQLite walks the rows.
pub fn list_brief<E: From<StoreError>>(
    conn: &Connection,
    filter: Filter<'_>,
    limit: Option<u64>,
    mut each: impl FnMut(Brief<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let mut at = None;
    scan(
        conn,
        "s.seq, s.id, s.words, s.source_type, s.title",
        filter,
        limit,
        |row| {
            let &mut [id, words, source_type, title] = match &mut at {
                Some(at) => at,
                None => at.insert(column_indexes(
                    row.as_ref(),
                    ["id", "words", "source_type", "title"],
                )?),
            };
            each(Brief {
                id: column_str(row, id)?,
                words: row.get(words).map_err(StoreError::from)?,
                source_type: column_str(row, source_type)?,
                title: column_str(row, title)?,
            })
        },
    )
}

/// A text column, borrowed from the row.
fn column_str<'r>(row: &'r Row<'_>, at: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(at)?.as_str().map_err(rusqlite::Error::from)?)
}

/// Where the columns `names` are in a statement's rows.
fn column_indexes<const N: usize>(
    stmt: &Statement<'_>,
    names: [&str; N],
) -> Result<[usize; N], StoreError> {
    let mut at = [0; N];
    for (i, name) in names.iter().enumerate() {
        at[i] = stmt.column_index(name)?;
    }
    Ok(at)
}

/// Runs a listing query for `columns` (the first being `s.seq`) and hands each row over.
fn scan<E: From<StoreError>>(
    conn: &Connection,
    columns: &str,
    filter: Filter<'_>,
    limit: Option<u64>,
    mut each: impl FnMut(&Row<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, mut values) = filter.sql();
    let sql = match limit {
        None => format!("SELECT {columns} FROM samples s{cond} ORDER BY s.seq"),
        Some(n) => {
            values.push(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
            format!(
                "SELECT * FROM (SELECT {columns} FROM samples s{cond} ORDER BY s.seq DESC LIMIT ?) ORDER BY seq"
            )
        }
    };
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let mut rows = stmt
        .query(params_from_iter(values))
        .map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(row)?;
    }
    Ok(())
}

/// Finds the one sample whose ID starts with `prefix`, as git finds commits.
pub fn resolve(conn: &Connection, prefix: &str) -> Result<SampleRow, StoreError> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::NoSuchSample(prefix));
    }
    // IDs are lowercase hex, so every ID with this prefix sorts below prefix + '~'.
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM samples s WHERE s.id >= ?1 AND s.id < ?2 ORDER BY s.id LIMIT 5"
    ))?;
    let reader = SampleReader::new(&stmt)?;
    let mut found = stmt
        .query_map(params![prefix, format!("{prefix}~")], |r| reader.read(r))?
        .collect::<Result<Vec<_>, _>>()?;
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
pub fn context(conn: &Connection, seq: i64) -> Result<Option<String>, StoreError> {
    Ok(
        conn.query_row("SELECT context FROM samples WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })?,
    )
}

/// The text of one sample.
pub fn text(conn: &Connection, seq: i64) -> Result<String, StoreError> {
    Ok(conn
        .query_row(
            "SELECT group_concat(text, '' ORDER BY part) FROM sample_parts WHERE sample = ?1",
            [seq],
            |r| r.get::<_, Option<String>>(0),
        )?
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
    /// bm25, lower is better.
    pub score: f64,
}

/// What `snippet()` surrounds a match with: characters stored text never holds
/// (`extract::normalize` turns every `\r` into a line end and drops every U+FEFF), so that the
/// marks come back out exactly and the snippet is the text's own characters.
const MATCH_START: char = '\u{feff}';
const MATCH_END: char = '\r';

/// Full-text search, best first. A query that is not valid FTS5 syntax is searched again as
/// plain words.
pub fn search(conn: &Connection, query: &str, limit: u64) -> Result<Vec<Hit>, StoreError> {
    // Each sample once, by its best part: with one min() in a query, SQLite takes the other
    // columns from the row holding the minimum. The matching itself stays in a query of its
    // own, where FTS5's functions can see the match.
    let sql = format!(
        "WITH hits AS MATERIALIZED ( \
             SELECT rowid AS part, bm25(sample_search, 4.0, 1.0) AS score \
             FROM sample_search WHERE sample_search MATCH ?1), \
         best AS ( \
             SELECT p.sample AS sample, h.part AS part, min(h.score) AS score \
             FROM hits h JOIN sample_parts p ON p.seq = h.part GROUP BY p.sample) \
         SELECT {COLUMNS}, best.part AS part, best.score AS score \
         FROM best JOIN samples s ON s.seq = best.sample ORDER BY best.score LIMIT ?2"
    );
    // Only for the parts shown: a snippet costs FTS5 time in the square of a part's matches.
    let snippet_sql = "SELECT snippet(sample_search, 1, ?3, ?4, '…', 16) FROM sample_search \
                       WHERE sample_search MATCH ?1 AND rowid = ?2";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let (start, end) = (MATCH_START.to_string(), MATCH_END.to_string());
    let run = |q: &str| -> rusqlite::Result<Vec<Hit>> {
        let mut stmt = conn.prepare(&sql)?;
        let reader = SampleReader::new(&stmt)?;
        let best = stmt
            .query_map(params![q, limit], |r| {
                Ok((reader.read(r)?, r.get::<_, i64>("part")?, r.get("score")?))
            })?
            .collect::<rusqlite::Result<Vec<(SampleRow, i64, f64)>>>()?;
        let mut snippet = conn.prepare(snippet_sql)?;
        best.into_iter()
            .map(|(sample, part, score)| {
                let marked: String =
                    snippet.query_row(params![q, part, start, end], |r| r.get(0))?;
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
    match run(query) {
        Ok(hits) => Ok(hits),
        // FTS5 syntax errors come back as plain SQL errors ("unterminated string",
        // "fts5: syntax error near", "no such column").
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::Unknown => {
            Ok(run(&as_plain_words(query))?)
        }
        Err(e) => Err(e.into()),
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
    conn: &Connection,
    seqs: &[i64],
    mut each: impl FnMut(i64, String) -> Result<(), E>,
) -> Result<(), E> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT group_concat(text, '' ORDER BY part) FROM sample_parts WHERE sample = ?1",
        )
        .map_err(StoreError::from)?;
    for &seq in seqs {
        let text: Option<String> = stmt
            .query_row([seq], |r| r.get(0))
            .map_err(StoreError::from)?;
        if let Some(text) = text {
            each(seq, text)?;
        }
    }
    Ok(())
}

/// Quotes every word, so punctuation in a query means nothing to FTS5.
fn as_plain_words(query: &str) -> String {
    query
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Calls `each` with every sample matching `filter`, its text and its context, oldest first.
pub fn export<E: From<StoreError>>(
    conn: &Connection,
    filter: Filter<'_>,
    mut each: impl FnMut(&SampleRow, &str, Option<&str>) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, values) = filter.sql();
    let sql = format!(
        "SELECT {COLUMNS}, \
                (SELECT group_concat(text, '' ORDER BY part) FROM sample_parts WHERE sample = s.seq) \
                AS text, s.context AS context \
         FROM samples s{cond} ORDER BY s.seq"
    );
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let reader = SampleReader::new(&stmt).map_err(StoreError::from)?;
    let [text, context] = column_indexes(&stmt, ["text", "context"])?;
    let mut rows = stmt
        .query(params_from_iter(values))
        .map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        let sample = reader.read(row).map_err(StoreError::from)?;
        let context: Option<&str> = match row.get_ref(context).map_err(StoreError::from)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(column_str(row, context)?),
        };
        each(&sample, column_str(row, text)?, context)?;
    }
    Ok(())
}

/// Removes samples (their texts, sources and index entries with them).
pub fn remove(conn: &Connection, seqs: &[i64]) -> Result<(), StoreError> {
    for &seq in seqs {
        index_remove(conn, seq)?;
        conn.execute("DELETE FROM samples WHERE seq = ?1", [seq])?;
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

pub fn stats(conn: &Connection) -> Result<Stats, StoreError> {
    let (samples, words, chars) = conn.query_row(
        "SELECT count(*) AS samples, coalesce(sum(words), 0) AS words,
                coalesce(sum(chars), 0) AS chars FROM samples",
        [],
        |r| Ok((r.get("samples")?, r.get("words")?, r.get("chars")?)),
    )?;
    let group = |column: &str| -> Result<Vec<Group>, StoreError> {
        let mut stmt = conn.prepare(&format!(
            "SELECT coalesce({column}, '') AS name, count(*) AS samples, sum(words) AS words \
             FROM samples GROUP BY 1 ORDER BY 2 DESC, 1"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Group {
                name: r.get("name")?,
                samples: r.get("samples")?,
                words: r.get("words")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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

pub fn find_source(
    conn: &Connection,
    key: SourceKey<'_>,
) -> Result<Option<SourceRecord>, StoreError> {
    // Once per item of a run, as are the statements below: each is parsed once a connection.
    Ok(conn
        .prepare_cached(
            "SELECT src.sample, s.id, src.revision, src.content_sha256, s.title, s.mime_type, s.words
             FROM sources src JOIN samples s ON s.seq = src.sample
             WHERE src.source_type = ?1 AND src.account = ?2 AND src.source_key = ?3",
        )?
        .query_row(
            params![key.source_type, key.account, key.key],
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
        .optional()?)
}

/// The sample holding exactly this text, if any: `(seq, id)`.
pub fn find_by_sha256(
    conn: &Connection,
    sha256: &str,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT seq, id FROM samples WHERE sha256 = ?1")?
        .query_row([sha256], |r| Ok((r.get("seq")?, r.get("id")?)))
        .optional()?)
}

/// How many sources point at a sample.
pub fn source_count(conn: &Connection, sample: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM sources WHERE sample = ?1")?
        .query_row([sample], |r| r.get(0))?)
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
pub fn insert(conn: &Connection, s: NewSample<'_>, now: &str) -> Result<(i64, String), StoreError> {
    let id = new_id();
    conn.execute(
        &format!(
            "INSERT INTO samples (id, {FIELDS}, ingested_at) VALUES (?1, {}, ?16)",
            placeholders(2..=16)
        ),
        params_from_iter(std::iter::once(&id as &dyn ToSql).chain(fields(&s, &now))),
    )?;
    let seq = conn.last_insert_rowid();
    write_parts(conn, seq, s.text)?;
    index_add(conn, seq)?;
    Ok((seq, id))
}

/// Replaces a sample's text and provenance, keeping its ID.
pub fn replace(conn: &Connection, seq: i64, s: NewSample<'_>, now: &str) -> Result<(), StoreError> {
    index_remove(conn, seq)?;
    conn.execute(
        &format!(
            "UPDATE samples SET ({FIELDS}) = ({}) WHERE seq = ?1",
            placeholders(2..=16)
        ),
        params_from_iter(std::iter::once(&seq as &dyn ToSql).chain(fields(&s, &now))),
    )?;
    conn.execute("DELETE FROM sample_parts WHERE sample = ?1", [seq])?;
    write_parts(conn, seq, s.text)?;
    index_add(conn, seq)
}

/// Writes a sample's text as its parts, each at most about [`PART`] long.
fn write_parts(conn: &Connection, seq: i64, text: Body<'_>) -> Result<(), StoreError> {
    let mut insert =
        conn.prepare_cached("INSERT INTO sample_parts (sample, part, text) VALUES (?1, ?2, ?3)")?;
    let mut part = 0i64;
    let mut put = |text: &str| -> Result<(), StoreError> {
        insert.execute(params![seq, part, text])?;
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
     words, chars, created_time, modified_time, version, owner, context, updated_at";

fn fields<'a>(s: &'a NewSample<'_>, now: &'a dyn ToSql) -> [&'a dyn ToSql; 15] {
    let p = s.provenance;
    [
        &s.sha256,
        &p.title,
        &p.source_type,
        &p.source_id,
        &p.source_url,
        &p.mime_type,
        &p.account,
        &s.words,
        &s.chars,
        &p.created_time,
        &p.modified_time,
        &p.version,
        &p.owner,
        &s.context,
        now,
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
    conn: &Connection,
    key: SourceKey<'_>,
    sample: i64,
    revision: &str,
    content_sha256: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sources (source_type, account, source_key, sample, revision, content_sha256, seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (source_type, account, source_key) DO UPDATE SET
             sample = excluded.sample, revision = excluded.revision,
             content_sha256 = excluded.content_sha256, seen_at = excluded.seen_at",
    )?
    .execute(params![key.source_type, key.account, key.key, sample, revision, content_sha256, now])?;
    // Seen again: back from wherever it had gone (restored from the trash, say).
    conn.prepare_cached(
        "UPDATE sources SET gone_at = NULL, gone_reason = NULL
         WHERE source_type = ?1 AND account = ?2 AND source_key = ?3 AND gone_at IS NOT NULL",
    )?
    .execute(params![key.source_type, key.account, key.key])?;
    conn.prepare_cached(
        "UPDATE samples SET gone_at = NULL, gone_reason = NULL WHERE seq = ?1 AND gone_at IS NOT NULL",
    )?
    .execute([sample])?;
    Ok(())
}

/// Marks the item `key` as having left its source, and its sample with it once no item that
/// gives the sample is left. Returns the sample's ID if that made it gone; `None` for an
/// item the store does not have, or one already gone.
pub fn mark_gone(
    conn: &Connection,
    key: SourceKey<'_>,
    reason: &str,
    now: &str,
) -> Result<Option<String>, StoreError> {
    let sample: Option<i64> = conn
        .query_row(
            "UPDATE sources SET gone_at = ?4, gone_reason = ?5
             WHERE source_type = ?1 AND account = ?2 AND source_key = ?3 AND gone_at IS NULL
             RETURNING sample",
            params![key.source_type, key.account, key.key, now, reason],
            |r| r.get(0),
        )
        .optional()?;
    let Some(sample) = sample else {
        return Ok(None);
    };
    Ok(conn
        .query_row(
            "UPDATE samples SET gone_at = ?2, gone_reason = ?3
             WHERE seq = ?1 AND gone_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM sources WHERE sample = ?1 AND gone_at IS NULL)
             RETURNING id",
            params![sample, now, reason],
            |r| r.get(0),
        )
        .optional()?)
}

/// Gives a sample a new title (and its search entry with it); the same title changes nothing.
pub fn set_title(conn: &Connection, seq: i64, title: &str) -> Result<(), StoreError> {
    let current: String =
        conn.query_row("SELECT title FROM samples WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })?;
    if current == title {
        return Ok(());
    }
    index_remove(conn, seq)?;
    conn.execute(
        "UPDATE samples SET title = ?2 WHERE seq = ?1",
        params![seq, title],
    )?;
    index_add(conn, seq)
}

/// Adds tags a sample does not have yet, keeping their order.
pub fn add_tags(conn: &Connection, seq: i64, tags: &[String]) -> Result<(), StoreError> {
    if tags.is_empty() {
        return Ok(());
    }
    let current: String =
        conn.query_row("SELECT tags FROM samples WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })?;
    let mut all: Vec<String> = serde_json::from_str(&current).unwrap_or_default();
    for tag in tags {
        if !all.contains(tag) {
            all.push(tag.clone());
        }
    }
    let json = serde_json::to_string(&all).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "UPDATE samples SET tags = ?2 WHERE seq = ?1",
        params![seq, json],
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

/// Indexes every part of sample `seq` for search.
fn index_add(conn: &Connection, seq: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sample_search (rowid, title, text)
         SELECT seq, title, text FROM sample_search_content WHERE sample = ?1",
        [seq],
    )?;
    Ok(())
}

fn index_remove(conn: &Connection, seq: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sample_search (sample_search, rowid, title, text)
         SELECT 'delete', seq, title, text FROM sample_search_content WHERE sample = ?1",
        [seq],
    )?;
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
