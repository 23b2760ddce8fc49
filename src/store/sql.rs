//! SQL written once for both engines of the store: a statement in the dialect SQLite and
//! PostgreSQL share (upserts by `ON CONFLICT`, `RETURNING`, `CAST(?1 AS TEXT)` where
//! PostgreSQL must be told a parameter's type, integers rather than booleans), its `?1`-style
//! parameters given as [`Value`]s, and each row's columns read by name from a [`Row`]. A
//! table family's functions take a [`Sql`] and so run on whichever engine the store is; where
//! the dialects part (full-text search, migrations, locks), the engine's own module says it.

use postgres::types::Type as PgType;
use rusqlite::types::{ToSqlOutput, ValueRef};

use super::StoreError;

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    /// As both engines' schemas keep a flag: 1 or 0.
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Blob(v)
    }
}

impl From<&Vec<u8>> for Value {
    fn from(v: &Vec<u8>) -> Value {
        Value::Blob(v.clone())
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// Parameters for a statement: `values![a, b]`, each turned into a [`Value`].
macro_rules! values {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::sql::Value::from($v)),*][..]
    };
}
pub(crate) use values;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
            Value::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

impl Value {
    fn cell(&self) -> Cell<'_> {
        match self {
            Value::Null => Cell::Null,
            Value::Int(v) => Cell::Int(*v),
            Value::Real(v) => Cell::Real(*v),
            Value::Text(v) => Cell::Text(v),
            Value::Blob(v) => Cell::Blob(v),
        }
    }
}

/// As PostgreSQL is told a parameter: in the type the statement wants of it (PostgreSQL
/// converts nothing by itself), flags and counts as the integer types the schema uses.
impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &PgType,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(v) => match *ty {
                PgType::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                PgType::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                PgType::BOOL => (*v != 0).to_sql(ty, out),
                PgType::TEXT | PgType::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => v.to_sql(ty, out),
            Value::Text(v) => v.as_str().to_sql(ty, out),
            Value::Blob(v) => v.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &PgType) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// As PostgreSQL answers a column: integers of every width and flags as integers, text as
/// text, bytes as bytes.
impl<'a> postgres::types::FromSql<'a> for Value {
    fn from_sql(
        ty: &PgType,
        raw: &'a [u8],
    ) -> Result<Value, Box<dyn std::error::Error + Sync + Send>> {
        Ok(match *ty {
            PgType::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            PgType::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            PgType::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            PgType::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            PgType::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            PgType::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            PgType::BYTEA => Value::Blob(Vec::from_sql(ty, raw)?),
            _ => Value::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(_: &PgType) -> Result<Value, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Value::Null)
    }

    fn accepts(ty: &PgType) -> bool {
        matches!(
            *ty,
            PgType::INT8
                | PgType::INT4
                | PgType::INT2
                | PgType::BOOL
                | PgType::FLOAT8
                | PgType::FLOAT4
                | PgType::BYTEA
        ) || <String as postgres::types::FromSql>::accepts(ty)
    }
}

/// A statement as PostgreSQL writes its parameters: `$1` for `?1`, outside quoted text.
pub fn dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// One column's value, as a row holds it.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What a column can be read as.
pub trait Column: Sized {
    /// What it is, for the error when a column holds something else.
    const WANTED: &'static str;
    fn read(cell: Cell<'_>) -> Option<Self>;
}

impl Column for i64 {
    const WANTED: &'static str = "an integer";
    fn read(cell: Cell<'_>) -> Option<i64> {
        match cell {
            Cell::Int(v) => Some(v),
            _ => None,
        }
    }
}

impl Column for f64 {
    const WANTED: &'static str = "a number";
    fn read(cell: Cell<'_>) -> Option<f64> {
        match cell {
            Cell::Real(v) => Some(v),
            Cell::Int(v) => Some(v as f64),
            _ => None,
        }
    }
}

impl Column for Vec<u8> {
    const WANTED: &'static str = "bytes";
    fn read(cell: Cell<'_>) -> Option<Vec<u8>> {
        match cell {
            Cell::Blob(v) => Some(v.to_vec()),
            _ => None,
        }
    }
}

impl Column for u32 {
    const WANTED: &'static str = "a count";
    fn read(cell: Cell<'_>) -> Option<u32> {
        i64::read(cell).and_then(|v| u32::try_from(v).ok())
    }
}

impl Column for bool {
    const WANTED: &'static str = "a flag";
    fn read(cell: Cell<'_>) -> Option<bool> {
        i64::read(cell).map(|v| v != 0)
    }
}

impl Column for String {
    const WANTED: &'static str = "text";
    fn read(cell: Cell<'_>) -> Option<String> {
        match cell {
            Cell::Text(v) => Some(v.to_string()),
            _ => None,
        }
    }
}

impl<T: Column> Column for Option<T> {
    const WANTED: &'static str = T::WANTED;
    fn read(cell: Cell<'_>) -> Option<Option<T>> {
        match cell {
            Cell::Null => Some(None),
            cell => T::read(cell).map(Some),
        }
    }
}

/// A row of a query's result, from either engine.
pub struct Row<'r>(Of<'r>);

enum Of<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl<'r> Row<'r> {
    pub fn postgres(row: &'r postgres::Row) -> Row<'r> {
        Row(Of::Postgres(row))
    }

    /// The column `name`, as a `T`.
    pub fn get<T: Column>(&self, name: &str) -> Result<T, StoreError> {
        self.get_at(self.index(name)?, name)
    }

    /// Where the column `name` is in this row (the same in every row of a query's result):
    /// for reading many rows by [`Row::get_at`] without looking each column up by name.
    pub fn index(&self, name: &str) -> Result<usize, StoreError> {
        let at = match self.0 {
            Of::Sqlite(row) => row.as_ref().column_index(name).ok(),
            Of::Postgres(row) => row.columns().iter().position(|c| c.name() == name),
        };
        at.ok_or_else(|| StoreError::Column {
            name: name.to_string(),
            wanted: "a column of that name",
        })
    }

    /// The column at `at` (as [`Row::index`] found `name`), as a `T`.
    pub fn get_at<T: Column>(&self, at: usize, name: &str) -> Result<T, StoreError> {
        let wrong = || StoreError::Column {
            name: name.to_string(),
            wanted: T::WANTED,
        };
        let row = match self.0 {
            Of::Sqlite(row) => row,
            Of::Postgres(row) => {
                let value: Value = row.try_get(at).map_err(|_| wrong())?;
                return T::read(value.cell()).ok_or_else(wrong);
            }
        };
        let cell = match row.get_ref(at)? {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(v) => Cell::Int(v),
            ValueRef::Real(v) => Cell::Real(v),
            ValueRef::Text(v) => Cell::Text(std::str::from_utf8(v).map_err(|_| wrong())?),
            ValueRef::Blob(v) => Cell::Blob(v),
        };
        T::read(cell).ok_or_else(wrong)
    }

    /// The text column at `at` (as [`Row::index`] found `name`), borrowed from the row
    /// (`None` for NULL): what a listing of many rows reads without allocating.
    pub fn text_at(&self, at: usize, name: &str) -> Result<Option<&'r str>, StoreError> {
        let wrong = || StoreError::Column {
            name: name.to_string(),
            wanted: "text",
        };
        match self.0 {
            Of::Sqlite(row) => match row.get_ref(at)? {
                ValueRef::Null => Ok(None),
                ValueRef::Text(v) => std::str::from_utf8(v).map(Some).map_err(|_| wrong()),
                _ => Err(wrong()),
            },
            Of::Postgres(row) => row.try_get(at).map_err(|_| wrong()),
        }
    }
}

/// Which engine a [`Sql`] runs on, for the few statements their dialects write apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection statements run on: either engine's, in a transaction or not.
pub trait Sql {
    fn dialect(&self) -> Dialect;

    /// Runs a statement that returns no rows; how many rows it changed.
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, StoreError>;

    /// Runs a query, handing each row of its result to `each` in turn.
    fn each(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
}

impl dyn Sql + '_ {
    /// Every row of a query's result, each read by `read`.
    pub fn rows<T>(
        &self,
        sql: &str,
        params: &[Value],
        mut read: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.each(sql, params, &mut |row| {
            out.push(read(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Like [`Sql::each`], but `each` fails with an error of its own, given back as it was.
    pub fn each_as<E: From<StoreError>>(
        &self,
        sql: &str,
        params: &[Value],
        mut each: impl FnMut(&Row<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut failed = None;
        let ran = self.each(sql, params, &mut |row| {
            each(row).map_err(|e| {
                failed = Some(e);
                StoreError::Stopped
            })
        });
        match failed {
            Some(e) => Err(e),
            None => Ok(ran?),
        }
    }

    /// The first row of a query's result, read by `read`, if there is one.
    pub fn row<T>(
        &self,
        sql: &str,
        params: &[Value],
        read: impl FnOnce(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut read = Some(read);
        let mut out = None;
        self.each(sql, params, &mut |row| {
            if let Some(read) = read.take() {
                out = Some(read(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The one value a query answers with (`SELECT count(*) ...`, `SELECT EXISTS ...`).
    pub fn value<T: Column>(&self, sql: &str, params: &[Value]) -> Result<T, StoreError> {
        self.row(sql, params, |r| r.get("value"))?
            .ok_or_else(|| StoreError::Column {
                name: "value".into(),
                wanted: T::WANTED,
            })
    }
}

impl Sql for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, StoreError> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))?)
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(&Row(Of::Sqlite(row)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_for_postgresql_outside_quoted_text() {
        assert_eq!(
            dollars("SELECT ?1, '?2', x FROM t WHERE a = ?12 AND b = '' AND c = ?3"),
            "SELECT $1, '?2', x FROM t WHERE a = $12 AND b = '' AND c = $3"
        );
        assert_eq!(dollars("SELECT '?'"), "SELECT '?'");
    }

    #[test]
    fn values_go_in_and_come_out_as_they_were() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let db: &dyn Sql = &conn;
        db.execute("CREATE TABLE t (n INTEGER, s TEXT, o TEXT)", &[])
            .unwrap();
        let none: Option<&str> = None;
        db.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3)",
            values![7_i64, "x", none],
        )
        .unwrap();
        db.execute("INSERT INTO t VALUES (?1, ?2, ?3)", values![true, "y", "z"])
            .unwrap();
        let rows = db
            .rows("SELECT n, s, o FROM t ORDER BY s", &[], |r| {
                Ok((
                    r.get::<i64>("n")?,
                    r.get::<String>("s")?,
                    r.get::<Option<String>>("o")?,
                ))
            })
            .unwrap();
        assert_eq!(
            rows,
            [(7, "x".into(), None), (1, "y".into(), Some("z".into()))]
        );
        let count: i64 = db.value("SELECT count(*) AS value FROM t", &[]).unwrap();
        assert_eq!(count, 2);
        // A column of another type is an error naming it, never a panic.
        let wrong = db.row("SELECT s FROM t", &[], |r| r.get::<i64>("s"));
        assert!(matches!(wrong, Err(StoreError::Column { .. })), "{wrong:?}");
        assert!(
            db.row("SELECT n FROM t WHERE n > 100", &[], |r| r.get::<i64>("n"))
                .unwrap()
                .is_none()
        );
    }
}
