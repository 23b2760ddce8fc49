//! Spreadsheets: an .xlsx (Google Sheets exported, or uploaded) read with calamine so that
//! EVERY sheet is kept, each under its name as an aligned table; a CSV file the same way, as
//! one table. Cells are trimmed, empty rows and trailing empty cells dropped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Cursor;

use calamine::Reader as _;

use super::{NoText, package};

/// Why a spreadsheet could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable spreadsheet: {0}")]
pub struct BadSheet(String);

/// At most this many non-empty cells are read from one workbook: a sheet of data, not
/// writing, and a 10 MB upload can hold millions.
const MAX_CELLS: usize = 1_000_000;

/// A table wider and longer than this (used rows × used columns) is written a row a line with
/// its cells two spaces apart, instead of padded into columns that would mostly be spaces.
const MAX_ALIGNED: usize = 4_000_000;

pub fn xlsx(bytes: &[u8]) -> Result<Result<String, NoText>, BadSheet> {
    // What the workbook says it unpacks to is checked before calamine unpacks anything.
    let unpacked = zip::ZipArchive::new(Cursor::new(bytes))
        .and_then(|mut archive| package::claimed(&mut archive))
        .map_err(|e| BadSheet(e.to_string()))?;
    if unpacked > package::MAX_UNPACKED {
        return Ok(Err(package::too_large("a workbook", unpacked)));
    }
    let bad = |e: calamine::XlsxError| BadSheet(e.to_string());
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let mut out = String::new();
    let mut cells = 0usize;
    for name in book.sheet_names() {
        // Cell by cell, never as calamine's dense Range: one cell at XFD1048576 would make
        // that 17 billion cells (found by tests/it/hostile.rs: a 1.4 KB file aborted the run).
        let mut reader = book.worksheet_cells_reader(&name).map_err(bad)?;
        let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        while let Some(cell) = reader.next_cell().map_err(bad)? {
            let value = calamine::Data::from(cell.get_value().clone()).to_string();
            if value.trim().is_empty() {
                continue;
            }
            cells += 1;
            if cells > MAX_CELLS {
                return Ok(Err(NoText::TooLarge(format!(
                    "a workbook of over {MAX_CELLS} cells (data, not writing)"
                ))));
            }
            let (row, column) = cell.get_position();
            rows.entry(row).or_default().push((column, value));
        }
        push_table(&mut out, Some(&name), dense(rows));
    }
    Ok(finish(out))
}

/// Rows of cells by column, with the columns no row uses left out.
fn dense(rows: BTreeMap<u32, Vec<(u32, String)>>) -> Vec<Vec<String>> {
    let used: BTreeSet<u32> = rows.values().flatten().map(|(c, _)| *c).collect();
    let index: HashMap<u32, usize> = used.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    rows.into_values()
        .map(|cells| {
            let last = cells.iter().map(|(c, _)| index[c]).max().unwrap_or(0);
            let mut row = vec![String::new(); last + 1];
            for (c, value) in cells {
                row[index[&c]] = value;
            }
            row
        })
        .collect()
}

pub fn csv(text: &str) -> Result<Result<String, NoText>, BadSheet> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| BadSheet(e.to_string()))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    let mut out = String::new();
    push_table(&mut out, None, rows);
    Ok(finish(out))
}

fn finish(out: String) -> Result<String, NoText> {
    if out.trim().is_empty() {
        Err(NoText::Blank)
    } else {
        Ok(out)
    }
}

/// Appends a table: its title line, then rows with columns padded to a common width.
fn push_table(out: &mut String, title: Option<&str>, rows: Vec<Vec<String>>) {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            let mut r: Vec<String> = r.into_iter().map(|c| one_line(c.trim())).collect();
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .filter(|r| !r.is_empty())
        .collect();
    if rows.is_empty() {
        return;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    if !out.is_empty() {
        out.push('\n');
    }
    if let Some(title) = title {
        out.push_str(&format!("## {title}\n\n"));
    }
    if rows.len().saturating_mul(columns) > MAX_ALIGNED {
        for row in rows {
            let cells: Vec<&str> = row
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            out.push_str(&cells.join("  "));
            out.push('\n');
        }
        return;
    }
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn one_line(cell: &str) -> String {
    cell.replace(['\r', '\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_becomes_an_aligned_table() {
        let t = csv("Title,Pages\r\nMiddlemarch,880\r\n,\r\n\"The Rings, of Saturn\",296\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            t,
            "Title                 Pages\nMiddlemarch           880\nThe Rings, of Saturn  296\n"
        );
    }

    #[test]
    fn a_huge_sparse_table_is_not_padded() {
        let mut rows = vec![vec!["a".to_string()]; 3000];
        rows.push(vec![String::new(); 2000]);
        rows[3000][1999] = "far".into();
        let mut out = String::new();
        push_table(&mut out, None, rows);
        assert!(out.len() < 10_000, "{} bytes", out.len());
        assert!(out.ends_with("far\n"));
    }

    #[test]
    fn unused_columns_are_left_out() {
        let rows = BTreeMap::from([
            (0, vec![(0, "A".to_string()), (16383, "far".to_string())]),
            (1_048_575, vec![(16383, "end".to_string())]),
        ]);
        assert_eq!(dense(rows), [vec!["A", "far"], vec!["", "end"]]);
    }

    #[test]
    fn garbage_is_not_a_spreadsheet() {
        assert!(xlsx(b"PK\x03\x04 not really").is_err());
    }
}
