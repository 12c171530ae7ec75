//! A cohort as a spreadsheet exports it: a header row with a `handle` column, one person per
//! row. Read with a real CSV parser, so quoted cells (with commas, quotes and line breaks in
//! them), a UTF-8 byte order mark, CRLF, and the `;` that Excel writes in the Russian locale
//! all come out right. Every row is kept with its line, so a bad one can be shown before
//! anything is sent.
use serde::Serialize;
use utoipa::ToSchema;

use crate::profiles::handle::Handle;

/// What is wrong with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RowProblem {
    /// The `handle` cell is empty.
    NoHandle,
    /// Not a handle anyone could have (see `profiles::handle`).
    BadHandle,
    /// The same person appears on an earlier row.
    Duplicate,
    /// Nobody has this handle.
    UnknownPerson,
    /// Past the most certificates one batch issues.
    TooMany,
}

/// One data row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    /// The row's first line in the file, counting the header as line 1.
    pub line: u64,
    /// Without a leading `@`, in lower case as handles are.
    pub handle: String,
    pub problem: Option<RowProblem>,
}

/// Why the file as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    NoHandleColumn,
    Unreadable(String),
}

/// The separator the header row uses: `;` (Excel, Russian locale), tab, or `,`.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let (mut commas, mut semicolons, mut tabs) = (0, 0, 0);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// The rows of `text`, each with what is wrong with it that the file alone shows (empty,
/// malformed, repeated, past `max` people); whether each person exists is the caller's to ask.
pub fn read(text: &str, max: usize) -> Result<Vec<CohortRow>, FileProblem> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let column = reader
        .headers()
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?
        .iter()
        .position(|h| h.trim_start_matches('@').eq_ignore_ascii_case("handle"))
        .ok_or(FileProblem::NoHandleColumn)?;
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut people = 0;
    for record in reader.records() {
        let record = record.map_err(|e| FileProblem::Unreadable(e.to_string()))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        // Counted from the record's first byte: the parser's own count skips blank lines, and
        // its position starts at the line breaks before the record.
        let bytes = text.as_bytes();
        let mut start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        let line = 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64;
        let handle = record
            .get(column)
            .unwrap_or_default()
            .trim_start_matches('@')
            .to_lowercase();
        let problem = if handle.is_empty() {
            Some(RowProblem::NoHandle)
        } else if Handle::parse(&handle).is_err() {
            Some(RowProblem::BadHandle)
        } else if !seen.insert(handle.clone()) {
            Some(RowProblem::Duplicate)
        } else {
            people += 1;
            (people > max).then_some(RowProblem::TooMany)
        };
        rows.push(CohortRow {
            line,
            handle,
            problem,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handles(text: &str) -> Vec<(u64, String, Option<RowProblem>)> {
        read(text, 100)
            .expect("a readable file")
            .into_iter()
            .map(|r| (r.line, r.handle, r.problem))
            .collect()
    }

    #[test]
    fn excel_in_the_russian_locale_writes_semicolons_and_a_bom() {
        let text = "\u{feff}ФИО;handle;Оценка\r\n\"Иванова; Анна\";anna;5\r\n\"Пётр \"\"Петя\"\" Сидоров\";@petr;4\r\n";
        assert_eq!(
            handles(text),
            vec![(2, "anna".into(), None), (3, "petr".into(), None)]
        );
    }

    #[test]
    fn quoted_cells_may_hold_commas_and_line_breaks() {
        let text = "name,handle\n\"Doe, John\nJr.\",john\nmary,mary\n";
        assert_eq!(
            handles(text),
            vec![(2, "john".into(), None), (4, "mary".into(), None)]
        );
    }

    #[test]
    fn each_bad_row_says_what_is_wrong_with_it() {
        let text = "handle,note\nanna,\n\nAnna,\n\"\",x\nno spaces,\nboris,\n";
        assert_eq!(
            handles(text),
            vec![
                (2, "anna".into(), None),
                (4, "anna".into(), Some(RowProblem::Duplicate)),
                (5, String::new(), Some(RowProblem::NoHandle)),
                (6, "no spaces".into(), Some(RowProblem::BadHandle)),
                (7, "boris".into(), None),
            ]
        );
        let over = read("handle\nanna\nboris\ncarl\n", 2).expect("readable");
        assert_eq!(over[2].problem, Some(RowProblem::TooMany));
    }

    #[test]
    fn a_file_without_a_handle_column_is_refused() {
        assert_eq!(
            read("name;email\nanna;a@x\n", 100),
            Err(FileProblem::NoHandleColumn)
        );
        assert_eq!(read("", 100), Err(FileProblem::NoHandleColumn));
    }
}
