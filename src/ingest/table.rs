//! CSV files: a header row and one article a row in, articles or per-row
//! rejections out, streamed with the `csv` crate (quoted fields may span
//! lines; rows may have more or fewer fields than the header).
//!
//! Columns are found by header name, case-insensitively: the text in
//! `text`, `content` or `body` (first present wins); optional `id`, `title`,
//! `date`/`published`/`publish_date` and `url`; other columns are ignored.
//! A row without an id gets `<file id>:<row>` (1-based data row). Fields are
//! read as bytes and decoded one by one, so a spreadsheet export in
//! Windows-1252 is read without holding the file. The delimiter is guessed
//! from the header line (`,`, `;` as in European Excel exports, or tab).
//! It does not trim, unquote or otherwise touch the text field's content.

use super::decode::{self, Sniff};
use super::{io_problem, reject, size_text, Source};
use crate::model::{Article, Rejected};
use csv::ByteRecord;
use std::io::{BufRead, BufReader, Read};

const TEXT_COLUMNS: [&str; 3] = ["text", "content", "body"];
const DATE_COLUMNS: [&str; 3] = ["date", "published", "publish_date"];

/// Opens `source` lazily (on the first `next`) and streams its rows.
pub(super) fn read_file(
    source: Source,
    limit: u64,
) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    let open = move || -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
        match open(&source, limit) {
            Ok(rows) => Box::new(rows),
            Err(rejected) => Box::new(std::iter::once(Err(rejected))),
        }
    };
    Box::new(std::iter::once_with(open).flatten())
}

fn open(source: &Source, limit: u64) -> Result<CsvReader<BufReader<std::fs::File>>, Rejected> {
    let path = source.path.display().to_string();
    let fail = |problem: String| reject(&source.id, &path, problem);
    let file =
        std::fs::File::open(&source.path).map_err(|e| fail(io_problem("cannot open", &e)))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let sample = reader
        .fill_buf()
        .map_err(|e| fail(io_problem("cannot read", &e)))?;
    match decode::sniff(sample) {
        Sniff::Text => {}
        Sniff::Binary(why) => return Err(fail(decode::binary_problem(why))),
        Sniff::Utf16(enc) => return Err(fail(decode::utf16_problem(enc))),
    }
    let delimiter = guess_delimiter(sample);
    CsvReader::new(reader, delimiter, source.id.clone(), path, limit)
}

/// The delimiter of the header line: whichever of `,` `;` tab occurs most
/// outside double quotes, `,` when none does.
fn guess_delimiter(sample: &[u8]) -> u8 {
    let header = sample.split(|&b| b == b'\n').next().unwrap_or(sample);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    // Stable: on a tie the earlier (comma) wins.
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// Where each known column sits in a row.
struct Columns {
    text: usize,
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
}

/// Streams the rows of one CSV input.
pub(super) struct CsvReader<R> {
    reader: csv::Reader<R>,
    columns: Columns,
    file_id: String,
    path: String,
    limit: u64,
    /// 1-based number of the last data row read.
    row: usize,
    record: ByteRecord,
    done: bool,
}

impl<R: Read> CsvReader<R> {
    pub(super) fn new(
        reader: R,
        delimiter: u8,
        file_id: String,
        path: String,
        limit: u64,
    ) -> Result<Self, Rejected> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(reader);
        let fail = |problem: String| reject(&file_id, &path, problem);
        let headers = reader
            .byte_headers()
            .map_err(|e| fail(format!("cannot read the header row: {e}")))?;
        let names: Vec<String> = headers
            .iter()
            .map(|h| {
                let (name, _) = decode::decode_slice(h);
                name.trim_start_matches('\u{feff}').trim().to_string()
            })
            .collect();
        if names.iter().all(String::is_empty) {
            return Err(fail("empty file: no header row".to_string()));
        }
        let find = |wanted: &[&str]| {
            wanted
                .iter()
                .find_map(|w| names.iter().position(|n| n.eq_ignore_ascii_case(w)))
        };
        let Some(text) = find(&TEXT_COLUMNS) else {
            return Err(fail(format!(
                "no text/content/body column; columns are: {}; name the column holding \
                 the article text `text`",
                names.join(", ")
            )));
        };
        let columns = Columns {
            text,
            id: find(&["id"]),
            title: find(&["title"]),
            date: find(&DATE_COLUMNS),
            url: find(&["url"]),
        };
        Ok(CsvReader {
            reader,
            columns,
            file_id,
            path,
            limit,
            row: 0,
            record: ByteRecord::new(),
            done: false,
        })
    }

    /// The current row as an article, or its rejection.
    fn article(&self) -> Result<Article, Rejected> {
        let line = self.record.position().map_or(0, csv::Position::line);
        let default_id = format!("{}:{}", self.file_id, self.row);
        let fail = |problem: String| {
            reject(
                &default_id,
                &self.path,
                format!("row {} (line {line}): {problem}", self.row),
            )
        };
        if self.record.as_slice().len() as u64 > self.limit {
            return Err(fail(format!(
                "row is over the {} limit for one article",
                size_text(self.limit)
            )));
        }
        let mut cp1252 = false;
        let mut field = |index: Option<usize>| -> Option<String> {
            let (value, fallback) = decode::decode_slice(self.record.get(index?)?);
            cp1252 |= fallback;
            Some(value.into_owned())
        };
        let Some(text) = field(Some(self.columns.text)) else {
            return Err(fail(format!(
                "no text: the row has {} fields, the text column is number {}",
                self.record.len(),
                self.columns.text + 1
            )));
        };
        if text.trim().is_empty() {
            return Err(fail("empty text".to_string()));
        }
        let id = field(self.columns.id)
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .unwrap_or(default_id.clone());
        let title = field(self.columns.title)
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        let url = field(self.columns.url)
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let raw_date = field(self.columns.date);
        let mut warnings = Vec::new();
        if cp1252 {
            warnings.push(decode::WARN_CP1252.to_string());
        }
        let published = match raw_date.as_deref().map(decode::parse_date) {
            Some(Ok(date)) => date,
            Some(Err(warning)) => {
                warnings.push(warning);
                None
            }
            None => None,
        };
        let boilerplate = super::find_boilerplate(&text);
        Ok(Article {
            id,
            path: self.path.clone(),
            title,
            published,
            url,
            text,
            warnings,
            boilerplate,
        })
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Article, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                self.row += 1;
                Some(self.article())
            }
            Err(e) => {
                // An I/O error ends the file; a parse error (which a flexible
                // reader rarely raises) costs only its row.
                self.row += 1;
                let id = format!("{}:{}", self.file_id, self.row);
                if e.is_io_error() {
                    self.done = true;
                }
                let problem = format!("row {}: cannot read: {e}", self.row);
                Some(Err(reject(id, &self.path, problem)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{read, Format, Source};
    use super::*;
    use chrono::NaiveDate;

    fn run(bytes: &[u8]) -> Vec<Result<Article, Rejected>> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sheet.csv");
        std::fs::write(&path, bytes).expect("write");
        let source = Source {
            path,
            id: "sheet".into(),
            format: Format::Csv,
        };
        read(&source).collect()
    }

    #[test]
    fn rows_become_articles_with_quoted_multiline_text() {
        let csv = "ID,Title,Content,Published,URL,Section\r\n\
                   a1,Spies caught,\"Kim said, \"\"no.\"\"\r\n\r\nAdvertisement\r\nThe end.\",2017-08-26T10:00:00Z,https://example.org/a1,World\r\n\
                   ,Untitled,Second text.,,,\r\n";
        let got = run(csv.as_bytes());
        assert_eq!(got.len(), 2, "{got:?}");
        let a = got[0].as_ref().expect("row 1");
        assert_eq!(a.id, "a1");
        assert_eq!(a.title, "Spies caught");
        assert_eq!(a.text, "Kim said, \"no.\"\r\n\r\nAdvertisement\r\nThe end.");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2017, 8, 26));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a1"));
        assert_eq!(a.boilerplate.len(), 1);
        assert_eq!(a.boilerplate[0].of(&a.text), "Advertisement");
        let b = got[1].as_ref().expect("row 2");
        assert_eq!(b.id, "sheet:2", "missing id is <file id>:<row>");
        assert_eq!(b.published, None);
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn file_without_text_column_is_one_rejection() {
        let got = run(b"id,headline,summary\n1,Spies,Two men jailed\n");
        assert_eq!(got.len(), 1);
        let err = got[0].as_ref().expect_err("rejected");
        assert_eq!(err.id, "sheet");
        assert!(
            err.problem
                .starts_with("no text/content/body column; columns are: id, headline, summary;"),
            "{}",
            err.problem
        );
    }

    #[test]
    fn bad_rows_are_rejected_and_reading_goes_on() {
        let got = run(b"id,text,date\nr1,\nr2,   ,2017-01-01\nr3,Fine text.,26.08.2017\nr4\n");
        assert_eq!(got.len(), 4, "{got:?}");
        let e1 = got[0].as_ref().expect_err("empty text");
        assert_eq!(
            (e1.id.as_str(), e1.problem.as_str()),
            ("sheet:1", "row 1 (line 2): empty text")
        );
        let e2 = got[1].as_ref().expect_err("blank text");
        assert_eq!(e2.problem, "row 2 (line 3): empty text");
        let ok = got[2].as_ref().expect("row 3");
        assert_eq!(ok.id, "r3");
        assert_eq!(
            ok.warnings,
            ["date \"26.08.2017\" is not an ISO date (YYYY-MM-DD); ignored"]
        );
        let e4 = got[3].as_ref().expect_err("short row");
        assert_eq!(
            e4.problem,
            "row 4 (line 5): no text: the row has 1 fields, the text column is number 2"
        );
    }

    #[test]
    fn windows_1252_fields_semicolons_and_bom() {
        let got = run(b"\xef\xbb\xbfTEXT;Title\n\"Caf\xe9; closed\";Caf\xe9\nplain;x\n");
        assert_eq!(got.len(), 2, "{got:?}");
        let a = got[0].as_ref().expect("row 1");
        assert_eq!(a.text, "Café; closed");
        assert_eq!(a.title, "Café");
        assert_eq!(a.warnings, [decode::WARN_CP1252]);
        let b = got[1].as_ref().expect("row 2");
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn empty_and_binary_csv_files_are_rejected() {
        let got = run(b"");
        assert!(
            matches!(&got[..], [Err(r)] if r.problem.starts_with("empty file")),
            "{got:?}"
        );
        let got = run(b"PK\x03\x04\x14\x00\x06\x00");
        assert!(
            matches!(&got[..], [Err(r)] if r.problem.starts_with("binary file, not text")),
            "{got:?}"
        );
    }

    #[test]
    fn delimiter_guess() {
        assert_eq!(guess_delimiter(b"id,text\n"), b',');
        assert_eq!(guess_delimiter(b"id;text;title\n"), b';');
        assert_eq!(guess_delimiter(b"id\ttext\n"), b'\t');
        assert_eq!(guess_delimiter(b"\"a;b\",text\n"), b',');
        assert_eq!(guess_delimiter(b"text\n"), b',');
    }
}
