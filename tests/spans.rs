//! Issue 2, must-hold 3: for every span whosaid writes, the article text
//! sliced at [start, end) is exactly the row's text, and every offset lies on
//! a char boundary.
//!
//! Two ways in: a property test runs `pipeline::process` over generated
//! articles (every quotation-mark style, names, dates, accents, CJK, emoji
//! with joiners, combining marks, em dashes, CRLF, junk runs of tricky
//! characters) and over every corpus/ article, checking the spans in the
//! data types; and a run of the binary checks the written CSV rows against
//! the article files, so the writer's own slicing is covered too.

use crate::util;
use proptest::prelude::*;
use std::collections::HashMap;
use whosaid::{ingest, pipeline, Extraction, Span};

/// A span of `text` that a CSV cell can be cut from.
#[track_caller]
fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {}..{} outside the text ({} bytes)",
        span.start,
        span.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {}..{} is not on char boundaries",
        span.start,
        span.end
    );
}

/// Every span of an extraction, and the indexes that go with them.
fn check_extraction(x: &Extraction) {
    let text = &x.article.text;
    let id = &x.article.id;
    let n_entities = x.entities.entities.len();
    for (i, q) in x.quotes.iter().enumerate() {
        check_span(text, q.span, &format!("{id} quote {i}"));
        assert!(!q.span.is_empty(), "{id} quote {i} is empty");
        if let Some(s) = q.speaker_mention {
            check_span(text, s, &format!("{id} quote {i} speaker mention"));
        }
        if let Some(s) = q.cue {
            check_span(text, s, &format!("{id} quote {i} cue"));
        }
        assert!(
            q.entity.is_none_or(|e| e < n_entities),
            "{id} quote {i}: entity index"
        );
        assert!(
            q.paragraph < x.paragraphs.max(1),
            "{id} quote {i}: paragraph {}",
            q.paragraph
        );
        assert!(
            q.sentence < x.sentences.max(1),
            "{id} quote {i}: sentence {}",
            q.sentence
        );
        assert!(
            (0.0..=1.0).contains(&q.confidence),
            "{id} quote {i}: confidence {}",
            q.confidence
        );
    }
    for (i, m) in x.entities.mentions.iter().enumerate() {
        check_span(text, m.span, &format!("{id} mention {i}"));
        assert!(!m.span.is_empty(), "{id} mention {i} is empty");
        assert!(m.entity < n_entities, "{id} mention {i}: entity index");
    }
    assert!(
        x.entities
            .mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "{id}: mentions not sorted by start"
    );
    for e in &x.entities.entities {
        assert!(
            e.first_start <= text.len(),
            "{id}: entity {:?} first_start",
            e.name
        );
    }
    for (i, d) in x.dates.iter().enumerate() {
        check_span(text, d.span, &format!("{id} date {i}"));
        assert!(!d.span.is_empty(), "{id} date {i} is empty");
        assert!(d.sentence < x.sentences.max(1), "{id} date {i}: sentence");
    }
}

fn process(id: &str, text: String) -> Extraction {
    pipeline::process(ingest::article_from_text(id, text, None))
}

#[test]
fn corpus_spans() {
    let tmp = util::tempdir();
    for (id, text) in util::copy_corpus(tmp.path()) {
        let x = process(&id, text);
        assert!(!x.quotes.is_empty(), "{id}: no quotes");
        check_extraction(&x);
    }
}

/// One sentence: a shape and the seed for its words.
fn sentences() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((0..util::SHAPES, any::<u64>()), 1..40)
}

/// Paragraph and line breaks of the styles found in scraped text.
const BREAKS: &[&str] = &[" ", " ", " ", "\n\n", "\r\n\r\n", "\n", "\n\n\u{a0}\n\n"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_spans(parts in sentences(), published in proptest::option::of(0u32..4000)) {
        let mut text = String::new();
        for (shape, seed) in &parts {
            let mut rng = util::Rng::new(*seed);
            text.push_str(&util::sentence(*shape, &mut rng));
            text.push_str(BREAKS[rng.below(BREAKS.len())]);
        }
        let date = published.and_then(|d| {
            chrono::NaiveDate::from_ymd_opt(2010, 1, 1)?.checked_add_days(chrono::Days::new(u64::from(d)))
        });
        let x = pipeline::process(ingest::article_from_text("generated", text, date));
        check_extraction(&x);
    }

    /// Arbitrary Unicode (any scalar value but surrogates): nothing may
    /// panic, and the spans hold.
    #[test]
    fn arbitrary_text_spans(text in "\\PC{0,300}") {
        check_extraction(&process("arbitrary", text));
    }
}

/// The written CSVs, with `--raw-cells` (the guard's `'` is covered in cli).
#[test]
fn csv_rows_slice_the_article_text() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    let mut texts: HashMap<String, String> = util::copy_corpus(&input);
    texts.extend(util::write_generated(&input, 60, 5));
    texts.extend(util::write_generated_jsonl(
        &input.join("feed.jsonl"),
        20,
        6,
    ));
    let out = tmp.path().join("out");
    util::whosaid(util::args(&[
        &"extract",
        &input,
        &"-o",
        &out,
        &"--raw-cells",
        &"-q",
    ]))
    .ok();

    let mut checked = 0;
    // (table, text column, start column, end column)
    let columns = [
        ("quotes.csv", "quote_text", "quote_start", "quote_end"),
        (
            "quotes.csv",
            "speaker_mention",
            "speaker_start",
            "speaker_end",
        ),
        ("quotes.csv", "cue", "cue_start", "cue_end"),
        ("mentions.csv", "text", "start", "end"),
        ("dates.csv", "text", "start", "end"),
    ];
    for (table, text_col, start_col, end_col) in columns {
        let rows = util::read_csv(&out.join(table));
        // The generated articles must give rows of every table, or the
        // check would only cover the corpus.
        for prefix in ["gen_", "feed-"] {
            let n = rows
                .iter()
                .filter(|r| r["article_id"].starts_with(prefix) && !r[text_col].is_empty())
                .count();
            assert!(
                n >= 20,
                "{table}: only {n} {text_col} cells of {prefix} articles"
            );
        }
        for (i, row) in rows.iter().enumerate() {
            let id = &row["article_id"];
            let text = texts
                .get(id)
                .unwrap_or_else(|| panic!("{table} row {i}: unknown article {id}"));
            let (start, end) = (&row[start_col], &row[end_col]);
            if start.is_empty() && end.is_empty() {
                assert_eq!(
                    row[text_col], "",
                    "{table} row {i}: {text_col} without offsets"
                );
                continue;
            }
            let (start, end): (usize, usize) = match (start.parse(), end.parse()) {
                (Ok(s), Ok(e)) => (s, e),
                _ => panic!("{table} row {i}: offsets {start:?}..{end:?} are not numbers"),
            };
            let slice = text.get(start..end).unwrap_or_else(|| {
                panic!("{table} row {i} ({id}): {start}..{end} is not a slice of the text")
            });
            assert_eq!(
                row[text_col], slice,
                "{table} row {i} ({id}): {text_col} differs from text[{start}..{end}]"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} cells checked");
}
