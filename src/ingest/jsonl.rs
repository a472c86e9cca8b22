//! JSON Lines (`.jsonl`, `.ndjson`, stdin): one JSON object a line in, one
//! article or one rejection per line out, streamed.
//!
//! Fields: `id`, `text` (or `content`, or `body`), optional `title`, `date`
//! (or `published`, `publish_date`; ISO date or a timestamp starting with
//! one) and `url`; other fields are ignored. A record without `id` gets
//! `<file id>:<line>` (1-based). A bad line becomes a rejection with that id
//! and the rest of the file goes on. The title is never guessed from the
//! text: a JSONL producer that has no title means none.
//!
//! Only one line is held at a time, read with a size cap, so neither a
//! million-line file nor one runaway line can exhaust memory.

use super::decode::{self, Sniff};
use super::{io_problem, reject, size_text, Source};
use crate::model::{Article, Rejected};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};

/// If this many lines in a row go wrong before any line was good, the file
/// is not JSON Lines at all (a plain-text article saved as `.jsonl`), and one
/// rejection per line would only bury the real message.
const GIVE_UP_AFTER: usize = 20;

/// The keys that may hold the article text, in order of preference.
const TEXT_KEYS: [&str; 3] = ["text", "content", "body"];
const DATE_KEYS: [&str; 3] = ["date", "published", "publish_date"];

/// Opens `source` lazily (on the first `next`) and streams its records.
pub(super) fn read_file(
    source: Source,
    limit: u64,
) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    let open = move || -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
        let path = source.path.display().to_string();
        match std::fs::File::open(&source.path) {
            Ok(file) => Box::new(JsonlReader::new(
                BufReader::with_capacity(64 * 1024, file),
                source.id,
                path,
                limit,
            )),
            Err(e) => Box::new(std::iter::once(Err(reject(
                source.id,
                path,
                io_problem("cannot open", &e),
            )))),
        }
    };
    Box::new(std::iter::once_with(open).flatten())
}

/// Streams the records of one JSONL input.
pub(crate) struct JsonlReader<R> {
    reader: R,
    file_id: String,
    path: String,
    limit: u64,
    /// 1-based number of the last line read.
    line: usize,
    buf: Vec<u8>,
    started: bool,
    done: bool,
    good: usize,
    bad: usize,
}

impl<R: BufRead> JsonlReader<R> {
    pub(crate) fn new(reader: R, file_id: String, path: String, limit: u64) -> Self {
        JsonlReader {
            reader,
            file_id,
            path,
            limit,
            line: 0,
            buf: Vec::new(),
            started: false,
            done: false,
            good: 0,
            bad: 0,
        }
    }

    fn whole_file_problem(&mut self, problem: String) -> Option<Result<Article, Rejected>> {
        self.done = true;
        Some(Err(reject(&self.file_id, &self.path, problem)))
    }

    /// Looks at the first bytes once: a binary or UTF-16 file is one
    /// rejection, not thousands of "not valid JSON" lines.
    fn check_start(&mut self) -> Option<Result<Article, Rejected>> {
        self.started = true;
        let verdict = match self.reader.fill_buf() {
            Ok(sample) => decode::sniff(sample),
            Err(e) => return self.whole_file_problem(io_problem("cannot read", &e)),
        };
        match verdict {
            Sniff::Text => None,
            Sniff::Binary(why) => self.whole_file_problem(decode::binary_problem(why)),
            Sniff::Utf16(enc) => self.whole_file_problem(decode::utf16_problem(enc)),
        }
    }

    fn line_id(&self) -> String {
        format!("{}:{}", self.file_id, self.line)
    }

    /// A rejection of the current line.
    fn bad_line(&mut self, problem: String) -> Result<Article, Rejected> {
        self.bad += 1;
        let mut problem = format!("line {}: {problem}", self.line);
        if self.good == 0 && self.bad >= GIVE_UP_AFTER {
            self.done = true;
            problem.push_str(&format!(
                "; stopped reading this file: its first {GIVE_UP_AFTER} lines are all bad. \
                 Is it really JSON Lines (one JSON object a line)?"
            ));
        }
        Err(reject(self.line_id(), &self.path, problem))
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Article, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            if let Some(problem) = self.check_start() {
                return Some(problem);
            }
        }
        loop {
            if self.done {
                return None;
            }
            // A huge line leaves a huge buffer behind; give it back.
            if self.buf.capacity() > 4 * 1024 * 1024 {
                self.buf = Vec::new();
            }
            self.buf.clear();
            let cap = self.limit.saturating_add(1);
            let read = (&mut self.reader)
                .take(cap)
                .read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    let problem = io_problem(&format!("cannot read after line {}", self.line), &e);
                    return self.whole_file_problem(problem);
                }
            }
            self.line += 1;
            if self.buf.len() as u64 > self.limit && self.buf.last() != Some(&b'\n') {
                // Drop the rest of the runaway line; the next one may be fine.
                if let Err(e) = self.reader.skip_until(b'\n') {
                    let problem = io_problem(&format!("cannot read line {}", self.line), &e);
                    return self.whole_file_problem(problem);
                }
                let problem = format!(
                    "line is over the {} limit for one article; is a newline missing?",
                    size_text(self.limit)
                );
                return Some(self.bad_line(problem));
            }
            let mut bytes = self.buf.trim_ascii();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            if bytes.trim_ascii().is_empty() {
                continue; // blank lines separate nothing and are not errors
            }
            let (line, cp1252) = decode::decode_slice(bytes);
            return Some(match self.record(&line) {
                Ok(mut article) => {
                    self.good += 1;
                    if cp1252 {
                        article.warnings.insert(0, decode::WARN_CP1252.to_string());
                    }
                    Ok(article)
                }
                Err(problem) => self.bad_line(problem),
            });
        }
    }
}

impl<R> JsonlReader<R> {
    /// One line's record as an article, or what is wrong with it.
    fn record(&self, line: &str) -> Result<Article, String> {
        let value: Value = serde_json::from_str(line).map_err(|e| {
            format!(
                "not valid JSON at column {}: {}; each line must be one JSON object",
                e.column(),
                json_message(&e)
            )
        })?;
        let Value::Object(mut map) = value else {
            return Err(format!(
                "a JSON {}, not an object; each line must be one JSON object with a \"text\" field",
                kind_of(&value)
            ));
        };
        let text = take_text(&mut map)?;
        if text.trim().is_empty() {
            return Err("empty text".to_string());
        }
        let mut warnings = Vec::new();
        let id = optional(&mut map, &["id"], &mut warnings)
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| format!("{}:{}", self.file_id, self.line));
        // Titles are metadata, not offsets: trimmed like a `.txt` title.
        let title = optional(&mut map, &["title"], &mut warnings)
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        let url = optional(&mut map, &["url"], &mut warnings).filter(|u| !u.trim().is_empty());
        let published = optional(&mut map, &DATE_KEYS, &mut warnings).and_then(|raw| {
            decode::parse_date(&raw).unwrap_or_else(|w| {
                warnings.push(w);
                None
            })
        });
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

/// Takes the article text out of the record (moved, not copied).
fn take_text(map: &mut Map<String, Value>) -> Result<String, String> {
    for key in TEXT_KEYS {
        match map.remove(key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(text)) => return Ok(text),
            Some(other) => {
                return Err(format!(
                    "field \"{key}\" is a {}, not a string",
                    kind_of(&other)
                ))
            }
        }
    }
    let mut keys: Vec<&str> = map.keys().map(String::as_str).take(20).collect();
    if map.len() > keys.len() {
        keys.push("…");
    }
    Err(format!(
        "no \"text\" field (nor \"content\" or \"body\"); fields are: {}",
        if keys.is_empty() {
            "none".to_string()
        } else {
            keys.join(", ")
        }
    ))
}

/// The first of `keys` present as a string or a number (`"id": 17`); other
/// JSON types are ignored with a warning.
fn optional(
    map: &mut Map<String, Value>,
    keys: &[&str],
    warnings: &mut Vec<String>,
) -> Option<String> {
    for key in keys {
        match map.remove(*key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Some(s),
            Some(Value::Number(n)) => return Some(n.to_string()),
            Some(other) => {
                warnings.push(format!(
                    "field \"{key}\" is a {}, not a string; ignored",
                    kind_of(&other)
                ));
            }
        }
    }
    None
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// serde_json's message without its " at line 1 column 23" tail: the line
/// is always 1 here and the column is given separately.
fn json_message(err: &serde_json::Error) -> String {
    let mut text = err.to_string();
    if let Some(at) = text.rfind(" at line ") {
        text.truncate(at);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::{read, read_jsonl, Format, Source};
    use super::*;
    use chrono::NaiveDate;
    use std::path::Path;

    fn run(input: &[u8]) -> Vec<Result<Article, Rejected>> {
        read_jsonl(
            std::io::Cursor::new(input.to_vec()),
            "feed",
            Path::new("feed.jsonl"),
        )
        .collect()
    }

    #[test]
    fn records_become_articles_with_metadata() {
        let input = br#"{"id": "a1", "text": "Kim said no.", "title": " No ", "date": "2017-08-26", "url": "https://example.org/a1"}
{"content": "Advertisement\nShe said yes.", "date": "2017-08-26T10:00:00Z", "extra": [1, 2]}

{"id": 42, "body": "They said maybe."}
"#;
        let got = run(input);
        assert_eq!(got.len(), 3, "blank line skipped: {got:?}");
        let a = got[0].as_ref().expect("first accepted");
        assert_eq!(
            (a.id.as_str(), a.title.as_str(), a.text.as_str()),
            ("a1", "No", "Kim said no.")
        );
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2017, 8, 26));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a1"));
        assert_eq!(a.path, "feed.jsonl");
        let b = got[1].as_ref().expect("second accepted");
        assert_eq!(b.id, "feed:2", "missing id is <file id>:<line>");
        assert_eq!(b.title, "", "no title guessed from the text");
        assert_eq!(b.published, NaiveDate::from_ymd_opt(2017, 8, 26));
        assert_eq!(b.boilerplate.len(), 1);
        assert_eq!(b.boilerplate[0].of(&b.text), "Advertisement");
        let c = got[2].as_ref().expect("third accepted");
        assert_eq!((c.id.as_str(), c.text.as_str()), ("42", "They said maybe."));
    }

    #[test]
    fn bad_lines_are_rejected_and_reading_goes_on() {
        let input = b"{\"id\": \"ok1\", \"text\": \"Fine.\"}\n\
                      {\"id\": \"x\", \"text\": \"unterminated\n\
                      {\"id\": \"y\", \"headline\": \"No body\"}\n\
                      [1, 2]\n\
                      {\"text\": 5}\n\
                      {\"text\": \"  \"}\n\
                      {\"id\": \"ok2\", \"text\": \"Also fine.\", \"date\": \"26/08/2017\"}\n";
        let got = run(input);
        assert_eq!(got.len(), 7);
        let problems: Vec<(String, String)> = got
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|r| (r.id.clone(), r.problem.clone()))
            .collect();
        assert_eq!(problems.len(), 5);
        assert_eq!(problems[0].0, "feed:2");
        assert!(
            problems[0]
                .1
                .starts_with("line 2: not valid JSON at column "),
            "{}",
            problems[0].1
        );
        assert_eq!(problems[1].0, "feed:3");
        assert_eq!(
            problems[1].1,
            "line 3: no \"text\" field (nor \"content\" or \"body\"); fields are: headline, id"
        );
        assert!(problems[2]
            .1
            .starts_with("line 4: a JSON array, not an object"));
        assert_eq!(
            problems[3].1,
            "line 5: field \"text\" is a number, not a string"
        );
        assert_eq!(problems[4].1, "line 6: empty text");
        let last = got[6].as_ref().expect("last accepted");
        assert_eq!(last.id, "ok2");
        assert_eq!(last.published, None);
        assert_eq!(
            last.warnings,
            ["date \"26/08/2017\" is not an ISO date (YYYY-MM-DD); ignored"]
        );
    }

    #[test]
    fn windows_1252_line_and_bom_first_line() {
        let mut input = b"\xef\xbb\xbf{\"text\": \"First.\"}\n".to_vec();
        input.extend_from_slice(b"{\"text\": \"Caf\xe9 closed.\"}\r\n");
        let got = run(&input);
        let first = got[0].as_ref().expect("bom line accepted");
        assert!(first.warnings.is_empty());
        let second = got[1].as_ref().expect("cp1252 line accepted");
        assert_eq!(second.text, "Café closed.");
        assert_eq!(second.warnings, [decode::WARN_CP1252]);
        assert_eq!(second.id, "feed:2");
    }

    #[test]
    fn not_jsonl_at_all_gives_up_after_a_few_lines() {
        let input = "A plain article, saved as .jsonl by mistake.\n".repeat(500);
        let got = run(input.as_bytes());
        assert_eq!(got.len(), GIVE_UP_AFTER);
        let last = got
            .last()
            .and_then(|r| r.as_ref().err())
            .expect("rejection");
        assert!(
            last.problem.contains("Is it really JSON Lines"),
            "{}",
            last.problem
        );
    }

    #[test]
    fn binary_file_is_one_rejection() {
        let got = run(b"\x00\x01\x02garbage\n{\"text\": \"x\"}\n");
        assert_eq!(got.len(), 1);
        let err = got[0].as_ref().expect_err("rejected");
        assert_eq!(err.id, "feed");
        assert!(err.problem.starts_with("binary file, not text"));
    }

    #[test]
    fn oversized_line_is_skipped_and_next_line_read() {
        let mut input = format!("{{\"text\": \"{}\"}}\n", "x".repeat(200)).into_bytes();
        input.extend_from_slice(b"{\"text\": \"short\"}\n");
        let reader = JsonlReader::new(
            std::io::Cursor::new(input),
            "f".into(),
            "f.jsonl".into(),
            100,
        );
        let got: Vec<_> = reader.collect();
        assert_eq!(got.len(), 2);
        let err = got[0].as_ref().expect_err("too long");
        assert_eq!(err.id, "f:1");
        assert!(
            err.problem
                .starts_with("line 1: line is over the 100 bytes limit"),
            "{}",
            err.problem
        );
        let ok = got[1].as_ref().expect("next line read");
        assert_eq!((ok.id.as_str(), ok.text.as_str()), ("f:2", "short"));
    }

    #[test]
    fn file_source_streams_and_missing_file_is_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("wire.ndjson");
        std::fs::write(&path, "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}").expect("write");
        let source = Source {
            path: path.clone(),
            id: "wire".into(),
            format: Format::Jsonl,
        };
        let ids: Vec<String> = read(&source)
            .map(|r| r.map(|a| a.id).unwrap_or_default())
            .collect();
        assert_eq!(
            ids,
            ["wire:1", "wire:2"],
            "last line without newline is read"
        );
        std::fs::remove_file(&path).expect("remove");
        let got: Vec<_> = read(&source).collect();
        assert!(
            matches!(&got[..], [Err(r)] if r.id == "wire" && r.problem.starts_with("cannot open: "))
        );
    }
}
