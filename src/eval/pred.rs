//! Predictions for `whosaid eval`, from either source, in one shape: an
//! [`Extraction`] made in memory from a gold text, or the CSVs of an earlier
//! run (`quotes.csv`, `dates.csv`, `mentions.csv`, columns read by header
//! name, rows matched to gold by `article_id`).
//!
//! Only what scoring needs is kept. Predicted mentions that are not names
//! (pronouns, lower-case descriptions) are dropped here by one text rule for
//! both sources, so scoring a run's CSVs gives the same figures as scoring the
//! same extraction in memory.

use super::gold::{CoarseType, TimexType};
use crate::error::{Error, Result};
use crate::model::{Extraction, QuoteKind, Span};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct PredQuote {
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: String,
}

#[derive(Debug, Clone)]
pub struct PredDate {
    pub span: Span,
    pub value: String,
    pub kind: TimexType,
}

#[derive(Debug, Clone)]
pub struct PredMention {
    pub span: Span,
    pub kind: CoarseType,
}

/// Predictions for one article, each list sorted by span.
#[derive(Debug, Clone, Default)]
pub struct Pred {
    pub quotes: Vec<PredQuote>,
    pub dates: Vec<PredDate>,
    pub mentions: Vec<PredMention>,
}

impl Pred {
    fn sort(&mut self) {
        self.quotes.sort_by_key(|q| q.span);
        self.dates.sort_by_key(|d| d.span);
        self.mentions.sort_by_key(|m| m.span);
    }
}

/// The TimeML type a predicted `kind` stands for: time, duration and set as
/// such, every calendar kind (`date`, `month`, `year`, `relative`) DATE.
pub fn timex_type(kind: &str) -> TimexType {
    match kind.trim().to_ascii_lowercase().as_str() {
        "time" => TimexType::Time,
        "duration" => TimexType::Duration,
        "set" => TimexType::Set,
        _ => TimexType::Date,
    }
}

fn quote_kind(kind: &str) -> Option<QuoteKind> {
    Some(match kind.trim().to_ascii_lowercase().as_str() {
        "direct" => QuoteKind::Direct,
        "partial" | "mixed" => QuoteKind::Partial,
        "indirect" => QuoteKind::Indirect,
        _ => return None,
    })
}

/// Does a mention's text look like a name? It needs a word that starts with
/// a capital or digit and is not a pronoun or determiner: `the Times` and
/// `U.N.` are names; `he`, `She`, `the officer`, `The officer` are not.
pub fn looks_like_name(text: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
        "you", "him", "her", "them", "us", "me", "his", "its", "their", "our", "my", "your", "who",
        "which",
    ];
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        capital && !FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
    })
}

/// Predictions from an in-memory extraction.
pub fn from_extraction(ex: &Extraction) -> Pred {
    let text = &ex.article.text;
    let mut pred = Pred {
        quotes: ex
            .quotes
            .iter()
            .map(|q| PredQuote {
                span: q.span,
                kind: q.kind,
                speaker: q.speaker.clone(),
            })
            .collect(),
        dates: ex
            .dates
            .iter()
            .map(|d| PredDate {
                span: d.span,
                value: d.value.clone(),
                kind: timex_type(d.kind.as_str()),
            })
            .collect(),
        mentions: ex
            .entities
            .mentions
            .iter()
            .filter(|m| {
                text.get(m.span.start..m.span.end)
                    .is_some_and(looks_like_name)
            })
            .filter_map(|m| {
                Some(PredMention {
                    span: m.span,
                    kind: CoarseType::parse(m.kind.as_str())?,
                })
            })
            .collect(),
    };
    pred.sort();
    pred
}

/// Which CSVs to read: only the layers the gold annotates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layers {
    pub quotes: bool,
    pub dates: bool,
    pub entities: bool,
}

/// A CSV file read by header name, with line numbers for errors.
pub struct Table {
    path: std::path::PathBuf,
    columns: HashMap<String, usize>,
    reader: csv::Reader<std::fs::File>,
}

impl Table {
    pub fn open(path: &Path) -> Result<Table> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            reader,
        })
    }

    /// The index of a column the file must have.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.columns.get(name).copied().ok_or_else(|| Error::Parse {
            path: self.path.clone(),
            line: 1,
            message: format!("no column {name:?} in the header"),
        })
    }

    pub fn optional(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// Calls `f(line, record)` for every row.
    pub fn for_each(
        mut self,
        mut f: impl FnMut(usize, &csv::StringRecord) -> std::result::Result<(), String>,
    ) -> Result<()> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    f(line, &record).map_err(|message| Error::Parse {
                        path: self.path.clone(),
                        line,
                        message,
                    })?;
                }
                Err(e) => return Err(csv_error(&self.path, &e)),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line: e.position().map_or(0, |p| p.line() as usize),
        message: e.to_string(),
    }
}

pub fn field(record: &csv::StringRecord, col: usize) -> &str {
    record.get(col).unwrap_or("")
}

pub fn offset(
    record: &csv::StringRecord,
    col: usize,
    name: &str,
) -> std::result::Result<usize, String> {
    let s = field(record, col).trim();
    s.parse()
        .map_err(|_| format!("{name} {s:?} is not a byte offset"))
}

/// Reads an earlier run's output folder; articles not in `ids` are skipped.
pub fn from_folder(dir: &Path, layers: Layers, ids: &HashMap<&str, usize>) -> Result<Vec<Pred>> {
    let mut preds = vec![Pred::default(); ids.len()];
    if layers.quotes {
        let t = Table::open(&dir.join("quotes.csv"))?;
        let (a, k, s, e, sp) = (
            t.column("article_id")?,
            t.column("kind")?,
            t.column("quote_start")?,
            t.column("quote_end")?,
            t.column("speaker")?,
        );
        t.for_each(|_, r| {
            let Some(&doc) = ids.get(field(r, a)) else {
                return Ok(());
            };
            let kind = quote_kind(field(r, k)).ok_or_else(|| {
                format!("kind {:?} is not direct, partial or indirect", field(r, k))
            })?;
            let (start, end) = (offset(r, s, "quote_start")?, offset(r, e, "quote_end")?);
            preds[doc].quotes.push(PredQuote {
                span: Span::new(start, end.max(start)),
                kind,
                speaker: field(r, sp).to_string(),
            });
            Ok(())
        })?;
    }
    if layers.dates {
        let t = Table::open(&dir.join("dates.csv"))?;
        let (a, s, e, v, k) = (
            t.column("article_id")?,
            t.column("start")?,
            t.column("end")?,
            t.column("value")?,
            t.column("kind")?,
        );
        t.for_each(|_, r| {
            let Some(&doc) = ids.get(field(r, a)) else {
                return Ok(());
            };
            let (start, end) = (offset(r, s, "start")?, offset(r, e, "end")?);
            preds[doc].dates.push(PredDate {
                span: Span::new(start, end.max(start)),
                value: field(r, v).trim().to_string(),
                kind: timex_type(field(r, k)),
            });
            Ok(())
        })?;
    }
    if layers.entities {
        let t = Table::open(&dir.join("mentions.csv"))?;
        let (a, tx, s, e, ty) = (
            t.column("article_id")?,
            t.column("text")?,
            t.column("start")?,
            t.column("end")?,
            t.column("type")?,
        );
        t.for_each(|_, r| {
            let Some(&doc) = ids.get(field(r, a)) else {
                return Ok(());
            };
            if !looks_like_name(field(r, tx)) {
                return Ok(());
            }
            let kind = CoarseType::parse(field(r, ty))
                .ok_or_else(|| format!("type {:?} is not an entity type", field(r, ty)))?;
            let (start, end) = (offset(r, s, "start")?, offset(r, e, "end")?);
            preds[doc].mentions.push(PredMention {
                span: Span::new(start, end.max(start)),
                kind,
            });
            Ok(())
        })?;
    }
    for p in &mut preds {
        p.sort();
    }
    Ok(preds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_non_names() {
        for name in [
            "Marco Rubio",
            "the Times",
            "U.N.",
            "The New York Times",
            "2016 Olympics",
        ] {
            assert!(looks_like_name(name), "{name}");
        }
        for not in [
            "he",
            "She",
            "the officer",
            "The officer",
            "officials",
            "",
            "They",
        ] {
            assert!(!looks_like_name(not), "{not}");
        }
    }

    #[test]
    fn kinds_map() {
        assert_eq!(timex_type("duration"), TimexType::Duration);
        assert_eq!(timex_type("relative"), TimexType::Date);
        assert_eq!(timex_type("month"), TimexType::Date);
        assert_eq!(quote_kind("partial"), Some(QuoteKind::Partial));
        assert_eq!(quote_kind("other"), None);
    }
}
