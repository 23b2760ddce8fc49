//! Spreadsheets: an .xlsx (Google Sheets exported, or uploaded) read with calamine so that
//! EVERY sheet is kept, each under its name as an aligned table; a CSV file the same way, as
//! one table. Cells are trimmed, empty rows and trailing empty cells dropped.

use std::io::Cursor;

use calamine::Reader as _;

use super::NoText;

/// Why a spreadsheet could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable spreadsheet: {0}")]
pub struct BadSheet(String);

pub fn xlsx(bytes: &[u8]) -> Result<Result<String, NoText>, BadSheet> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| BadSheet(e.to_string()))?;
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| BadSheet(e.to_string()))?;
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        push_table(&mut out, Some(&name), rows);
    }
    Ok(finish(out))
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
    fn garbage_is_not_a_spreadsheet() {
        assert!(xlsx(b"PK\x03\x04 not really").is_err());
    }
}
