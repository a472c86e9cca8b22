//! `whosaid diff OLD NEW`: two runs' `quotes.csv` in, the quotes that changed
//! out, as counts and a table, or as CSV rows with a `change` column.
//!
//! Quotes are the same quote when article_id, quote_start and quote_end are
//! equal; then a different speaker is a `speaker` change. Left over, a quote
//! of OLD and one of NEW in the same article whose spans overlap are a `span`
//! change (paired one-to-one, best overlap first, as in scoring); the rest
//! are `removed` (only in OLD) or `added` (only in NEW). Other columns
//! (confidence, cue) are not compared: a diff is for reviewing what a rule
//! change did to who said what.

use super::matching::{greedy, overlap_match};
use super::pred::{field, offset, Table};
use super::report::one_line;
use crate::error::Result;
use crate::model::Span;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub span: Span,
    pub kind: String,
    pub speaker: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Speaker,
    Span,
}

impl Change {
    pub const ALL: [Change; 4] = [
        Change::Added,
        Change::Removed,
        Change::Speaker,
        Change::Span,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Speaker => "speaker",
            Change::Span => "span",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub change: Change,
    pub article: String,
    pub old: Option<Row>,
    pub new: Option<Row>,
}

impl Diff {
    fn offset(&self) -> usize {
        self.old
            .as_ref()
            .or(self.new.as_ref())
            .map_or(0, |r| r.span.start)
    }
}

/// `quotes.csv` of an output folder (or the file itself when given one).
fn quotes_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("quotes.csv")
    } else {
        path.to_path_buf()
    }
}

/// Reads a quotes.csv into rows per article, sorted by span.
pub fn read(path: &Path) -> Result<BTreeMap<String, Vec<Row>>> {
    let t = Table::open(&quotes_file(path))?;
    let (a, s, e) = (
        t.column("article_id")?,
        t.column("quote_start")?,
        t.column("quote_end")?,
    );
    let (k, sp, tx) = (
        t.optional("kind"),
        t.optional("speaker"),
        t.optional("quote_text"),
    );
    let get = |r: &csv::StringRecord, c: Option<usize>| {
        c.map_or(String::new(), |c| field(r, c).to_string())
    };
    let mut by_article: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    t.for_each(|_, r| {
        let (start, end) = (offset(r, s, "quote_start")?, offset(r, e, "quote_end")?);
        by_article
            .entry(field(r, a).to_string())
            .or_default()
            .push(Row {
                span: Span::new(start, end.max(start)),
                kind: get(r, k),
                speaker: get(r, sp),
                text: get(r, tx),
            });
        Ok(())
    })?;
    for rows in by_article.values_mut() {
        rows.sort_by(|x, y| x.span.cmp(&y.span).then_with(|| x.speaker.cmp(&y.speaker)));
    }
    Ok(by_article)
}

/// The changes from `old` to `new`, sorted by article, offset and change.
pub fn compare(old: &BTreeMap<String, Vec<Row>>, new: &BTreeMap<String, Vec<Row>>) -> Vec<Diff> {
    let empty = Vec::new();
    let mut out = Vec::new();
    let articles: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for article in articles {
        let o = old.get(article).unwrap_or(&empty);
        let n = new.get(article).unwrap_or(&empty);
        // Same span: one-to-one in order (duplicated spans pair up in turn).
        let same = greedy(
            &o.iter().map(|r| r.span).collect::<Vec<_>>(),
            &n.iter().map(|r| r.span).collect::<Vec<_>>(),
            |i, j| o[i].span == n[j].span,
        );
        let mut new_used = vec![false; n.len()];
        let mut old_left = Vec::new();
        for (i, m) in same.iter().enumerate() {
            match m {
                Some(j) => {
                    new_used[*j] = true;
                    if o[i].speaker.trim() != n[*j].speaker.trim() {
                        out.push(Diff {
                            change: Change::Speaker,
                            article: article.clone(),
                            old: Some(o[i].clone()),
                            new: Some(n[*j].clone()),
                        });
                    }
                }
                None => old_left.push(i),
            }
        }
        let new_left: Vec<usize> = (0..n.len()).filter(|j| !new_used[*j]).collect();
        let spans =
            |rows: &[Row], idx: &[usize]| idx.iter().map(|&i| rows[i].span).collect::<Vec<_>>();
        let (os, ns) = (spans(o, &old_left), spans(n, &new_left));
        let moved = greedy(&os, &ns, |i, j| overlap_match(os[i], ns[j]));
        let mut new_moved = vec![false; new_left.len()];
        for (i, m) in moved.iter().enumerate() {
            let old_row = o[old_left[i]].clone();
            match m {
                Some(j) => {
                    new_moved[*j] = true;
                    out.push(Diff {
                        change: Change::Span,
                        article: article.clone(),
                        old: Some(old_row),
                        new: Some(n[new_left[*j]].clone()),
                    });
                }
                None => out.push(Diff {
                    change: Change::Removed,
                    article: article.clone(),
                    old: Some(old_row),
                    new: None,
                }),
            }
        }
        for (j, moved) in new_moved.iter().enumerate() {
            if !moved {
                out.push(Diff {
                    change: Change::Added,
                    article: article.clone(),
                    old: None,
                    new: Some(n[new_left[j]].clone()),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.article
            .cmp(&b.article)
            .then(a.offset().cmp(&b.offset()))
            .then(a.change.cmp(&b.change))
    });
    out
}

fn cell(r: &Option<Row>, f: impl Fn(&Row) -> String) -> String {
    r.as_ref().map_or(String::new(), f)
}

/// Counts, then the rows as an aligned table.
pub fn text(diffs: &[Diff], old_total: usize, new_total: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "quotes: {old_total} old, {new_total} new");
    for c in Change::ALL {
        let n = diffs.iter().filter(|d| d.change == c).count();
        let _ = writeln!(out, "{:<8} {n:>7}", c.as_str());
    }
    if diffs.is_empty() {
        return out;
    }
    out.push('\n');
    let header = [
        "change",
        "article_id",
        "old span",
        "new span",
        "old speaker",
        "new speaker",
        "text",
    ];
    let mut rows: Vec<[String; 7]> = vec![header.map(str::to_string)];
    for d in diffs {
        let span = |r: &Row| format!("{}..{}", r.span.start, r.span.end);
        let text = d
            .new
            .as_ref()
            .or(d.old.as_ref())
            .map_or("", |r| r.text.as_str());
        rows.push([
            d.change.as_str().to_string(),
            d.article.clone(),
            cell(&d.old, span),
            cell(&d.new, span),
            cell(&d.old, |r| one_line(&r.speaker, 30)),
            cell(&d.new, |r| one_line(&r.speaker, 30)),
            one_line(text, 60),
        ]);
    }
    let width: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let mut line = String::new();
        for (c, v) in r.iter().enumerate() {
            let _ = write!(line, "{v:<w$}  ", w = width[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The rows as CSV with a `change` column.
pub fn csv_text(diffs: &[Diff]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| crate::Error::Usage(format!("writing CSV: {e}"));
    w.write_record([
        "change",
        "article_id",
        "old_start",
        "old_end",
        "old_kind",
        "old_speaker",
        "old_text",
        "new_start",
        "new_end",
        "new_kind",
        "new_speaker",
        "new_text",
    ])
    .map_err(io)?;
    for d in diffs {
        let side = |r: &Option<Row>| -> [String; 5] {
            match r {
                Some(r) => [
                    r.span.start.to_string(),
                    r.span.end.to_string(),
                    r.kind.clone(),
                    r.speaker.clone(),
                    r.text.clone(),
                ],
                None => Default::default(),
            }
        };
        let mut rec = vec![d.change.as_str().to_string(), d.article.clone()];
        rec.extend(side(&d.old));
        rec.extend(side(&d.new));
        w.write_record(&rec).map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| crate::Error::Usage(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "article_id,quote_id,kind,quote_text,quote_start,quote_end,speaker,speaker_type,speaker_mention,speaker_start,speaker_end,cue,cue_start,cue_end,paragraph,sentence,confidence\n";

    fn folder(rows: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::write(dir.path().join("quotes.csv"), format!("{HEADER}{rows}"))
            .unwrap_or_else(|e| panic!("write: {e}"));
        dir
    }

    #[test]
    fn finds_exactly_the_changed_rows() {
        let old = folder(concat!(
            "a,a#1,direct,Same words,10,20,Marco Rubio,person,,,,said,,,0,0,0.9\n",
            "a,a#2,direct,Who said it,30,40,Ted Cruz,person,,,,said,,,0,1,0.9\n",
            "a,a#3,indirect,it was over,50,80,Jeb Bush,person,,,,said,,,1,2,0.6\n",
            "b,b#1,direct,Gone,5,9,Tom,person,,,,said,,,0,0,0.9\n",
        ));
        let new = folder(concat!(
            "a,a#1,direct,Same words,10,20,Marco Rubio,person,,,,said,,,0,0,0.8\n",
            "a,a#2,direct,Who said it,30,40,Donald Trump,person,,,,said,,,0,1,0.9\n",
            "a,a#3,indirect,\"it was over, he said\",50,90,Jeb Bush,person,,,,said,,,1,2,0.6\n",
            "c,c#1,direct,New one,0,7,Ann,person,,,,said,,,0,0,0.9\n",
        ));
        let (o, n) = match (read(old.path()), read(new.path())) {
            (Ok(o), Ok(n)) => (o, n),
            other => panic!("{other:?}"),
        };
        let diffs = compare(&o, &n);
        let got: Vec<(&str, &str, usize)> = diffs
            .iter()
            .map(|d| (d.change.as_str(), d.article.as_str(), d.offset()))
            .collect();
        assert_eq!(
            got,
            [
                ("speaker", "a", 30),
                ("span", "a", 50),
                ("removed", "b", 5),
                ("added", "c", 0)
            ]
        );
        let table = text(&diffs, 4, 4);
        assert!(table.contains("speaker        1"), "{table}");
        assert!(table.contains("Ted Cruz"), "{table}");
        // The unchanged quote (only its confidence moved) is not listed.
        assert!(!table.contains("Same words"), "{table}");
        let csv = csv_text(&diffs).unwrap_or_default();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(
            lines[2],
            "span,a,50,80,indirect,Jeb Bush,it was over,50,90,indirect,Jeb Bush,\"it was over, he said\""
        );
    }

    #[test]
    fn missing_column_is_named() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::write(dir.path().join("quotes.csv"), "article_id,start\na,1\n")
            .unwrap_or_else(|e| panic!("write: {e}"));
        let msg = read(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("no column \"quote_start\""), "{msg}");
    }
}
