//! Report rendering for `whosaid eval`: summed tallies in, a readable table
//! (aligned columns, three decimals), a JSON object, or error listings out.
//!
//! Nothing is computed here beyond ratios of the counts the scorers made, so
//! the table and the JSON always agree.

use super::date_score::{DateTally, View};
use super::entity_score::EntityTally;
use super::gold::{GoldDoc, GoldKind, SpeakerFrom};
use super::matching::{round3, Counts, Share};
use super::quote_score::{QuoteTally, Scope};
use super::{Case, CaseClass};
use serde_json::{json, Value};
use std::fmt::Write;

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Summary {
    pub gold_path: String,
    /// `extracted in memory` or the output folder scored.
    pub source: String,
    pub articles: usize,
    pub scope: Scope,
    /// (articles annotated, tally) per layer; `None` when no gold line has it.
    pub quotes: Option<(usize, QuoteTally)>,
    pub dates: Option<(usize, DateTally)>,
    pub entities: Option<(usize, EntityTally)>,
    /// Articles on which the extractor panicked (scored as if it found nothing).
    pub panicked: Vec<String>,
}

fn fmt3(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

fn fig(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| json!(round3(x)))
}

/// A plain text table: first column left-aligned, the rest right-aligned.
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|s| s.to_string()).collect()],
        }
    }

    fn counts(&mut self, label: &str, c: &Counts) {
        self.rows.push(vec![
            label.to_string(),
            c.gold.to_string(),
            c.found.to_string(),
            c.pred.to_string(),
            c.correct.to_string(),
            fmt3(c.precision()),
            fmt3(c.recall()),
            fmt3(c.f1()),
        ]);
    }

    fn share(&mut self, label: &str, s: &Share) {
        self.rows.push(vec![
            label.to_string(),
            s.n.to_string(),
            s.right.to_string(),
            fmt3(s.value()),
        ]);
    }

    fn render(&self, out: &mut String) {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width: Vec<usize> = (0..cols)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c == 0 {
                    let _ = write!(line, "{cell:<w$}", w = width[0]);
                } else {
                    let _ = write!(line, "  {cell:>w$}", w = width[c]);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

const COUNT_HEADER: [&str; 8] = [
    "",
    "gold",
    "found",
    "pred",
    "correct",
    "precision",
    "recall",
    "f1",
];

fn kinds_label(scope: &Scope) -> String {
    scope
        .kinds()
        .map(GoldKind::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "whosaid eval: {} ({} articles), predictions {}",
        s.gold_path, s.articles, s.source
    );
    if !s.panicked.is_empty() {
        let _ = writeln!(
            out,
            "the extractor panicked on {} articles (scored as empty): {}",
            s.panicked.len(),
            s.panicked.join(", ")
        );
    }
    if let Some((n, q)) = &s.quotes {
        let _ = writeln!(
            out,
            "\nQuotes ({n} articles; gold kinds {})",
            kinds_label(&s.scope)
        );
        let mut t = Table::new(&COUNT_HEADER);
        for (name, all, by_kind) in [
            ("quote", &q.all, &q.by_kind),
            ("exact span", &q.exact, &q.exact_by_kind),
            ("end-to-end", &q.e2e, &q.e2e_by_kind),
        ] {
            t.counts(name, all);
            for k in s.scope.kinds() {
                t.counts(&format!("  {}", k.as_str()), &by_kind[k.index()]);
            }
        }
        t.render(&mut out);
        let _ = writeln!(out, "\nSpeakers (found quotes whose gold names a speaker)");
        let mut t = Table::new(&["", "n", "right", "accuracy"]);
        t.share("speaker accuracy", &q.speaker);
        for k in s.scope.kinds() {
            t.share(&format!("  {}", k.as_str()), &q.speaker_by_kind[k.index()]);
        }
        for from in SpeakerFrom::ALL {
            let share = &q.speaker_by_from[from.index()];
            if from != SpeakerFrom::Other || share.n > 0 {
                t.share(&format!("  from {}", from.as_str()), share);
            }
        }
        t.share("no gold speaker, left empty", &q.no_speaker);
        t.render(&mut out);
        let _ = writeln!(
            out,
            "gold speaker only a pronoun (names nobody; scored apart): {} quotes, {} found, {} of those given a name by the prediction",
            q.pronoun.gold, q.pronoun.matched, q.pronoun.named
        );
    }
    if let Some((n, d)) = &s.dates {
        let _ = writeln!(out, "\nDates ({n} articles; main view DATE)");
        let mut t = Table::new(&COUNT_HEADER);
        for (v, view) in View::ALL.into_iter().enumerate() {
            let vt = &d.views[v];
            t.counts(&format!("{} relaxed", view.as_str()), &vt.relaxed);
            t.counts(&format!("{} strict", view.as_str()), &vt.strict);
            t.counts(&format!("{} value", view.as_str()), &vt.value);
        }
        t.render(&mut out);
        let mut t = Table::new(&[
            "value accuracy (of relaxed matches)",
            "n",
            "right",
            "accuracy",
        ]);
        for (v, view) in View::ALL.into_iter().enumerate() {
            t.share(view.as_str(), &d.views[v].value_accuracy);
        }
        out.push('\n');
        t.render(&mut out);
    }
    if let Some((n, e)) = &s.entities {
        let _ = writeln!(out, "\nEntities ({n} articles; name mentions only)");
        let mut t = Table::new(&COUNT_HEADER);
        t.counts("exact", &e.exact);
        t.counts("exact, typed", &e.exact_typed);
        t.counts("overlap", &e.overlap);
        t.counts("overlap, typed", &e.overlap_typed);
        t.render(&mut out);
    }
    out
}

fn counts_json(c: &Counts) -> Value {
    json!({
        "gold": c.gold, "found": c.found, "pred": c.pred, "correct": c.correct,
        "precision": fig(c.precision()), "recall": fig(c.recall()), "f1": fig(c.f1()),
    })
}

fn share_json(s: &Share) -> Value {
    json!({"n": s.n, "right": s.right, "accuracy": fig(s.value())})
}

pub fn json(s: &Summary, errors: Option<Value>) -> Value {
    let mut root = json!({
        "gold": s.gold_path,
        "predictions": s.source,
        "articles": s.articles,
        "panicked": s.panicked,
    });
    if let Some((n, q)) = &s.quotes {
        let by_kind = |arr: &[Counts; 3]| -> Value {
            s.scope
                .kinds()
                .map(|k| (k.as_str().to_string(), counts_json(&arr[k.index()])))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let speaker_by_kind: serde_json::Map<_, _> = s
            .scope
            .kinds()
            .map(|k| {
                (
                    k.as_str().to_string(),
                    share_json(&q.speaker_by_kind[k.index()]),
                )
            })
            .collect();
        let by_from: serde_json::Map<_, _> = SpeakerFrom::ALL
            .into_iter()
            .map(|f| {
                (
                    f.as_str().to_string(),
                    share_json(&q.speaker_by_from[f.index()]),
                )
            })
            .collect();
        root["quotes"] = json!({
            "articles": n,
            "kinds": s.scope.kinds().map(GoldKind::as_str).collect::<Vec<_>>(),
            "quote": counts_json(&q.all),
            "quote_by_kind": by_kind(&q.by_kind),
            "exact": counts_json(&q.exact),
            "exact_by_kind": by_kind(&q.exact_by_kind),
            "end_to_end": counts_json(&q.e2e),
            "end_to_end_by_kind": by_kind(&q.e2e_by_kind),
            "speaker": share_json(&q.speaker),
            "speaker_by_kind": speaker_by_kind,
            "speaker_by_source": by_from,
            "no_speaker_left_empty": share_json(&q.no_speaker),
            "pronoun": q.pronoun,
        });
    }
    if let Some((n, d)) = &s.dates {
        let mut views = serde_json::Map::new();
        for (v, view) in View::ALL.into_iter().enumerate() {
            let vt = &d.views[v];
            views.insert(
                view.as_str().to_string(),
                json!({
                    "strict": counts_json(&vt.strict),
                    "relaxed": counts_json(&vt.relaxed),
                    "value": counts_json(&vt.value),
                    "value_accuracy": share_json(&vt.value_accuracy),
                }),
            );
        }
        root["dates"] = json!({"articles": n, "views": views});
    }
    if let Some((n, e)) = &s.entities {
        root["entities"] = json!({
            "articles": n,
            "exact": counts_json(&e.exact),
            "exact_typed": counts_json(&e.exact_typed),
            "overlap": counts_json(&e.overlap),
            "overlap_typed": counts_json(&e.overlap_typed),
        });
    }
    if let Some(errors) = errors {
        root["errors"] = errors;
    }
    root
}

/// At most `max` chars of `s` on one line: newlines become spaces and the
/// middle of a long text gives way to `…`.
pub fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let n = flat.chars().count();
    if n <= max {
        return flat;
    }
    let half = max.saturating_sub(1) / 2;
    let head: String = flat.chars().take(half).collect();
    let tail: String = flat
        .chars()
        .skip(n - (max.saturating_sub(1) - half))
        .collect();
    format!("{head}…{tail}")
}

/// The line (paragraph) around `start..end`, the span marked `⟦…⟧`, cut to
/// about `max` chars around the span.
pub fn context(text: &str, start: usize, end: usize, max: usize) -> String {
    let (Some(_), Some(_)) = (text.get(start..), text.get(..end.min(text.len()))) else {
        return String::new();
    };
    let end = end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before: String = text[line_start..start].chars().collect();
    let inside = one_line(&text[start..end], max / 2);
    let after: String = text[end..line_end].chars().collect();
    let room = max.saturating_sub(inside.chars().count()) / 2;
    let before_n = before.chars().count();
    let before = if before_n > room {
        format!(
            "…{}",
            before.chars().skip(before_n - room).collect::<String>()
        )
    } else {
        before
    };
    let after = if after.chars().count() > room {
        format!("{}…", after.chars().take(room).collect::<String>())
    } else {
        after
    };
    one_line(&format!("{before}⟦{inside}⟧{after}"), max + 8)
}

fn side_text(doc: &GoldDoc, side: &super::Side) -> String {
    let text = doc
        .text
        .get(side.span.start..side.span.end)
        .unwrap_or("(offsets outside the text)");
    format!(
        "{} «{}» @{}..{}",
        side.label,
        one_line(text, 90),
        side.span.start,
        side.span.end
    )
}

/// Cases sorted by article id and offset, per class, as text.
pub fn errors_text(cases: &[Case], docs: &[GoldDoc], max: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nErrors (up to {max} per class, by article and offset)"
    );
    for class in CaseClass::ALL {
        let of_class: Vec<&Case> = cases.iter().filter(|c| c.class == class).collect();
        if of_class.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}: {} (showing {})",
            class.as_str(),
            of_class.len(),
            of_class.len().min(max)
        );
        for case in of_class.into_iter().take(max) {
            let Some(doc) = docs.get(case.doc) else {
                continue;
            };
            let _ = writeln!(out, "  {} @{}", doc.id, case.offset());
            let gold = case
                .gold
                .as_ref()
                .map_or("-".to_string(), |s| side_text(doc, s));
            let pred = case
                .pred
                .as_ref()
                .map_or("-".to_string(), |s| side_text(doc, s));
            let _ = writeln!(out, "    gold  {gold}");
            let _ = writeln!(out, "    pred  {pred}");
            if let Some(span) = case.gold.as_ref().or(case.pred.as_ref()).map(|s| s.span) {
                let _ = writeln!(
                    out,
                    "    text  {}",
                    context(&doc.text, span.start, span.end, 160)
                );
            }
        }
    }
    out
}

pub fn errors_json(cases: &[Case], docs: &[GoldDoc], max: usize) -> Value {
    let mut map = serde_json::Map::new();
    for class in CaseClass::ALL {
        let of_class: Vec<&Case> = cases.iter().filter(|c| c.class == class).collect();
        let shown: Vec<Value> = of_class
            .iter()
            .take(max)
            .filter_map(|c| {
                let doc = docs.get(c.doc)?;
                let side = |s: &Option<super::Side>| {
                    s.as_ref().map_or(Value::Null, |s| {
                        json!({
                            "start": s.span.start, "end": s.span.end, "label": s.label,
                            "text": doc.text.get(s.span.start..s.span.end),
                        })
                    })
                };
                Some(json!({"article_id": doc.id, "gold": side(&c.gold), "pred": side(&c.pred)}))
            })
            .collect();
        map.insert(
            class.as_str().to_string(),
            json!({"total": of_class.len(), "shown": shown}),
        );
    }
    map.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_and_context() {
        assert_eq!(one_line("a\nb", 10), "a b");
        assert_eq!(one_line("abcdefghij", 5), "ab…ij");
        let text = "First line.\nHe said \"yes, indeed\" today.\nLast.";
        let at = text.find("yes").unwrap_or(0);
        assert_eq!(
            context(text, at, at + 11, 160),
            "He said \"⟦yes, indeed⟧\" today."
        );
        // Out-of-range offsets give an empty context, not a panic.
        assert_eq!(context(text, 500, 600, 160), "");
        assert_eq!(context("café", 4, 5, 160), "");
    }

    #[test]
    fn table_aligns_columns() {
        let mut t = Table::new(&["", "n", "right", "accuracy"]);
        t.share("speaker accuracy", &Share { n: 12, right: 9 });
        t.share("  coref", &Share { n: 3, right: 1 });
        let mut out = String::new();
        t.render(&mut out);
        assert_eq!(
            out,
            concat!(
                "                   n  right  accuracy\n",
                "speaker accuracy  12      9     0.750\n",
                "  coref            3      1     0.333\n",
            )
        );
    }
}
