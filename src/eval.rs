//! eval: gold annotations and predictions in, accuracy figures out; and
//! `whosaid diff`, two runs' quotes in, the changed quotes out.
//!
//! `whosaid eval --gold GOLD.jsonl` reads a gold file (DESIGN.md "Gold
//! format"), gets predictions either by running the pipeline over the gold
//! texts in memory (in parallel) or from an earlier run's CSVs (`--pred DIR`),
//! and scores them as DESIGN.md "How accuracy is scored" says: quotes (span
//! match, exact span, speaker, end-to-end, per kind), dates (TempEval-3
//! style) and entities, each only where the gold annotates that layer. It
//! prints a table or JSON, optionally error cases, and fails (exit status 1)
//! below the floors it is given, so a build can regress on accuracy.
//!
//! Parts: [`gold`] reads and checks gold files; [`pred`] brings predictions to
//! one shape; [`matching`] holds the span rules and the one-to-one matcher;
//! [`speaker`] compares speakers; `quote_score`, `date_score` and
//! `entity_score` count one article each; [`report`] renders; [`diff`]
//! compares runs.
//!
//! It does not judge anything the gold does not annotate, and it never
//! changes predictions to fit the gold: a speaker is right or wrong by the
//! published rules, not by a hand-made alias table.

pub mod diff;
pub mod gold;
pub mod matching;
pub mod pred;
pub mod report;
pub mod speaker;

mod date_score;
mod entity_score;
mod quote_score;

use crate::error::{Error, Result};
use crate::model::Span;
use gold::{GoldDoc, GoldKind};
use matching::round3;
use quote_score::Scope;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// `whosaid eval`: score extraction against a gold file.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Gold annotations, JSON Lines (see DESIGN.md "Gold format").
    #[arg(long)]
    pub gold: PathBuf,
    /// Score an existing run's output folder (quotes.csv, dates.csv,
    /// mentions.csv; rows matched to gold by article_id) instead of
    /// extracting from the gold texts.
    #[arg(long)]
    pub pred: Option<PathBuf>,
    /// Gold quote kinds to score, comma-separated (default: all). Predictions
    /// count when they find gold of these kinds, or, when they find nothing,
    /// when their kind maps to one of them (partial → mixed).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kinds: Vec<GoldKind>,
    /// Print the figures as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Show up to N cases of each error class (missed, spurious, wrong span,
    /// wrong speaker; dates missed, spurious, wrong value) with their context.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show_errors: usize,
    /// Fail (exit 1) when quote F1 over the scored kinds is below X.
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// Fail when speaker accuracy is below X.
    #[arg(long, value_name = "X")]
    pub min_speaker: Option<f64>,
    /// Fail when end-to-end F1 (span and speaker) is below X.
    #[arg(long, value_name = "X")]
    pub min_e2e: Option<f64>,
    /// Fail when DATE relaxed-extent F1 is below X.
    #[arg(long, value_name = "X")]
    pub min_date_f1: Option<f64>,
    /// Fail when DATE value F1 (relaxed match and right value) is below X.
    #[arg(long, value_name = "X")]
    pub min_date_value: Option<f64>,
    /// Fail when typed exact-span entity F1 is below X.
    #[arg(long, value_name = "X")]
    pub min_entity_f1: Option<f64>,
}

/// `whosaid diff OLD NEW`: compare two runs' output folders.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The earlier run's output folder (or its quotes.csv).
    pub old: PathBuf,
    /// The later run's output folder (or its quotes.csv).
    pub new: PathBuf,
    /// `table` (counts, then the changed rows) or `csv` (rows with a
    /// `change` column).
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Exit with status 1 when there is any difference, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Csv,
}

/// Error classes listed by `--show-errors`, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseClass {
    MissedQuote,
    SpuriousQuote,
    WrongSpan,
    WrongSpeaker,
    MissedDate,
    SpuriousDate,
    WrongValue,
}

impl CaseClass {
    pub const ALL: [CaseClass; 7] = [
        CaseClass::MissedQuote,
        CaseClass::SpuriousQuote,
        CaseClass::WrongSpan,
        CaseClass::WrongSpeaker,
        CaseClass::MissedDate,
        CaseClass::SpuriousDate,
        CaseClass::WrongValue,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CaseClass::MissedQuote => "missed quote",
            CaseClass::SpuriousQuote => "spurious quote",
            CaseClass::WrongSpan => "wrong span",
            CaseClass::WrongSpeaker => "wrong speaker",
            CaseClass::MissedDate => "missed date",
            CaseClass::SpuriousDate => "spurious date",
            CaseClass::WrongValue => "wrong date value",
        }
    }
}

/// One side (gold or predicted) of an error case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub span: Span,
    /// Kind and speaker, or type and value.
    pub label: String,
}

/// An error case: a gold item, a prediction, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub class: CaseClass,
    /// Index of the gold article.
    pub doc: usize,
    pub gold: Option<Side>,
    pub pred: Option<Side>,
}

impl Case {
    pub fn offset(&self) -> usize {
        self.gold
            .as_ref()
            .or(self.pred.as_ref())
            .map_or(0, |s| s.span.start)
    }
}

/// Per-article results before summing.
#[derive(Default)]
struct DocScore {
    quotes: Option<quote_score::QuoteTally>,
    dates: Option<date_score::DateTally>,
    entities: Option<entity_score::EntityTally>,
    cases: Vec<Case>,
}

fn check_floor(name: &str, x: Option<f64>) -> Result<()> {
    match x {
        Some(x) if !(0.0..=1.0).contains(&x) => Err(Error::Usage(format!(
            "--{name} {x}: a floor is a figure between 0 and 1"
        ))),
        _ => Ok(()),
    }
}

/// Runs the pipeline over every gold text, in parallel. An article on which
/// the extractor panics is scored as empty and named, so one bad rule does
/// not hide the figures of the rest (and the run still fails).
fn extract_all(docs: &[GoldDoc]) -> (Vec<pred::Pred>, Vec<String>) {
    let results: Vec<Option<pred::Pred>> = docs
        .par_iter()
        .map(|d| {
            let article = crate::ingest::article_from_text(&d.id, d.text.clone(), d.dct);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pred::from_extraction(&crate::pipeline::process(article))
            }))
            .ok()
        })
        .collect();
    let mut panicked = Vec::new();
    let preds = results
        .into_iter()
        .zip(docs)
        .map(|(r, d)| {
            r.unwrap_or_else(|| {
                panicked.push(d.id.clone());
                pred::Pred::default()
            })
        })
        .collect();
    (preds, panicked)
}

/// Scores predictions against gold; the figures and, when asked, the cases.
fn evaluate(
    docs: &[GoldDoc],
    preds: &[pred::Pred],
    scope: Scope,
    want_cases: bool,
) -> (report::Summary, Vec<Case>) {
    let empty = pred::Pred::default();
    let scores: Vec<DocScore> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let p = preds.get(i).unwrap_or(&empty);
            let mut cases = Vec::new();
            let mut s = DocScore::default();
            if let Some(q) = &d.quotes {
                let c = want_cases.then_some(&mut cases);
                s.quotes = Some(quote_score::score(i, q, &p.quotes, scope, c));
            }
            if let Some(t) = &d.timexes {
                let c = want_cases.then_some(&mut cases);
                s.dates = Some(date_score::score(i, t, &p.dates, c));
            }
            if let Some(e) = &d.entities {
                s.entities = Some(entity_score::score(e, &p.mentions));
            }
            s.cases = cases;
            s
        })
        .collect();
    let mut summary = report::Summary {
        gold_path: String::new(),
        source: String::new(),
        articles: docs.len(),
        scope,
        quotes: None,
        dates: None,
        entities: None,
        panicked: Vec::new(),
    };
    let mut cases = Vec::new();
    for s in scores {
        if let Some(q) = &s.quotes {
            let (n, t) = summary.quotes.get_or_insert_with(Default::default);
            *n += 1;
            t.add(q);
        }
        if let Some(d) = &s.dates {
            let (n, t) = summary.dates.get_or_insert_with(Default::default);
            *n += 1;
            t.add(d);
        }
        if let Some(e) = &s.entities {
            let (n, t) = summary.entities.get_or_insert_with(Default::default);
            *n += 1;
            t.add(e);
        }
        cases.extend(s.cases);
    }
    // Deterministic order for two runs to print the same: article id, offset.
    cases.sort_by(|a, b| {
        let id = |c: &Case| docs.get(c.doc).map_or("", |d| d.id.as_str());
        id(a)
            .cmp(id(b))
            .then(a.offset().cmp(&b.offset()))
            .then(a.class.cmp(&b.class))
    });
    (summary, cases)
}

/// The floors that failed, as messages naming the figure.
fn failed_floors(args: &EvalArgs, s: &report::Summary) -> Vec<String> {
    let quotes = s.quotes.as_ref().map(|(_, t)| t);
    let date = s.dates.as_ref().map(|(_, t)| &t.views[0]);
    let entities = s.entities.as_ref().map(|(_, t)| t);
    let floors = [
        (
            "min-f1",
            "quote F1",
            args.min_f1,
            quotes.and_then(|q| q.all.f1()),
        ),
        (
            "min-speaker",
            "speaker accuracy",
            args.min_speaker,
            quotes.and_then(|q| q.speaker.value()),
        ),
        (
            "min-e2e",
            "end-to-end F1",
            args.min_e2e,
            quotes.and_then(|q| q.e2e.f1()),
        ),
        (
            "min-date-f1",
            "DATE relaxed F1",
            args.min_date_f1,
            date.and_then(|d| d.relaxed.f1()),
        ),
        (
            "min-date-value",
            "DATE value F1",
            args.min_date_value,
            date.and_then(|d| d.value.f1()),
        ),
        (
            "min-entity-f1",
            "typed exact entity F1",
            args.min_entity_f1,
            entities.and_then(|e| e.exact_typed.f1()),
        ),
    ];
    let mut failed = Vec::new();
    for (flag, name, floor, got) in floors {
        let Some(floor) = floor else { continue };
        match got.map(round3) {
            None => failed.push(format!(
                "{name} was not measured (the gold has nothing to score for it), --{flag} {floor}"
            )),
            Some(x) if x < floor => failed.push(format!("{name} {x:.3} is below --{flag} {floor}")),
            Some(_) => {}
        }
    }
    failed
}

/// Writes to stdout. A closed pipe (`whosaid diff A B | head`) ends the
/// output quietly instead of panicking as `print!` would.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

/// Runs `whosaid eval`; returns the process exit status.
pub fn run(args: &EvalArgs) -> Result<i32> {
    for (name, x) in [
        ("min-f1", args.min_f1),
        ("min-speaker", args.min_speaker),
        ("min-e2e", args.min_e2e),
        ("min-date-f1", args.min_date_f1),
        ("min-date-value", args.min_date_value),
        ("min-entity-f1", args.min_entity_f1),
    ] {
        check_floor(name, x)?;
    }
    let docs = gold::read(&args.gold)?;
    let (preds, panicked, source) = match &args.pred {
        Some(dir) => {
            let ids: HashMap<&str, usize> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.as_str(), i))
                .collect();
            let layers = pred::Layers {
                quotes: docs.iter().any(|d| d.quotes.is_some()),
                dates: docs.iter().any(|d| d.timexes.is_some()),
                entities: docs.iter().any(|d| d.entities.is_some()),
            };
            let preds = pred::from_folder(dir, layers, &ids)?;
            (preds, Vec::new(), format!("from {}", dir.display()))
        }
        None => {
            let (preds, panicked) = extract_all(&docs);
            (preds, panicked, "extracted in memory".to_string())
        }
    };
    let scope = Scope::new(&args.kinds);
    let (mut summary, cases) = evaluate(&docs, &preds, scope, args.show_errors > 0);
    summary.gold_path = args.gold.display().to_string();
    summary.source = source;
    summary.panicked = panicked;

    if args.json {
        let errors =
            (args.show_errors > 0).then(|| report::errors_json(&cases, &docs, args.show_errors));
        emit(&format!("{}\n", report::json(&summary, errors)))?;
    } else {
        emit(&report::table(&summary))?;
        if args.show_errors > 0 {
            emit(&report::errors_text(&cases, &docs, args.show_errors))?;
        }
    }

    let mut failed = failed_floors(args, &summary);
    if !summary.panicked.is_empty() {
        failed.push(format!(
            "the extractor panicked on {} article(s): {}",
            summary.panicked.len(),
            summary.panicked.join(", ")
        ));
    }
    for f in &failed {
        eprintln!("whosaid eval: {f}");
    }
    Ok(i32::from(!failed.is_empty()))
}

/// Runs `whosaid diff`; returns the process exit status.
pub fn diff(args: &DiffArgs) -> Result<i32> {
    let old = diff::read(&args.old)?;
    let new = diff::read(&args.new)?;
    let changes = diff::compare(&old, &new);
    match args.format {
        DiffFormat::Csv => emit(&diff::csv_text(&changes)?)?,
        DiffFormat::Table => {
            let total = |m: &std::collections::BTreeMap<String, Vec<diff::Row>>| {
                m.values().map(Vec::len).sum()
            };
            emit(&diff::text(&changes, total(&old), total(&new)))?;
        }
    }
    Ok(i32::from(args.exit_code && !changes.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(gold: PathBuf) -> EvalArgs {
        EvalArgs {
            gold,
            pred: None,
            kinds: Vec::new(),
            json: false,
            show_errors: 0,
            min_f1: None,
            min_speaker: None,
            min_e2e: None,
            min_date_f1: None,
            min_date_value: None,
            min_entity_f1: None,
        }
    }

    const GOLD: &str = concat!(
        r#"{"id": "a", "text": "\"We will win,\" said Sen. Marco Rubio. He added that taxes would fall.", "quotes": ["#,
        r#"{"start": 1, "end": 13, "kind": "direct", "speaker": "Marco Rubio", "speaker_start": 20, "speaker_end": 36},"#,
        r#"{"start": 49, "end": 68, "kind": "indirect", "speaker": "Marco Rubio", "speaker_start": 38, "speaker_end": 40, "speaker_from": "coref"}]}"#,
        "\n",
        r#"{"id": "b", "text": "Today was hot.", "dct": "2013-12-10", "timexes": [{"start": 0, "end": 5, "type": "DATE", "value": "2013-12-10"}]}"#,
        "\n"
    );

    fn write(dir: &std::path::Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap_or_else(|e| panic!("write {name}: {e}"));
        path
    }

    #[test]
    fn scores_a_run_folder_and_applies_floors() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let gold = write(dir.path(), "gold.jsonl", GOLD);
        write(
            dir.path(),
            "quotes.csv",
            "article_id,kind,quote_start,quote_end,speaker\na,direct,1,13,Marco Rubio\nz,direct,0,3,Nobody\n",
        );
        write(
            dir.path(),
            "dates.csv",
            "article_id,text,start,end,value,kind,sentence\nb,Today,0,5,2013-12-10,relative,0\n",
        );
        let docs = gold::read(&gold).unwrap_or_default();
        let ids = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let layers = pred::Layers {
            quotes: true,
            dates: true,
            entities: false,
        };
        let preds = pred::from_folder(dir.path(), layers, &ids).unwrap_or_default();
        let (s, _) = evaluate(&docs, &preds, Scope::new(&[]), false);
        let q = s
            .quotes
            .as_ref()
            .map(|(n, t)| (*n, t.all))
            .unwrap_or_default();
        // Only article `a` carries quotes; the row for unknown article `z` is ignored.
        assert_eq!(q.0, 1);
        assert_eq!((q.1.gold, q.1.found, q.1.pred, q.1.correct), (2, 1, 1, 1));
        let d = s
            .dates
            .as_ref()
            .map(|(_, t)| t.views[0].value)
            .unwrap_or_default();
        assert_eq!((d.gold, d.found, d.pred, d.correct), (1, 1, 1, 1));

        let mut a = args(gold);
        a.pred = Some(dir.path().to_path_buf());
        a.min_f1 = Some(0.6); // F1 = 2·1·0.5/1.5 = 0.667
        a.min_date_value = Some(1.0);
        assert_eq!(run(&a).ok(), Some(0));
        a.min_f1 = Some(0.7);
        assert_eq!(run(&a).ok(), Some(1));
        let fails = failed_floors(&a, &s);
        assert_eq!(fails, ["quote F1 0.667 is below --min-f1 0.7"]);
        a.min_f1 = None;
        a.min_entity_f1 = Some(0.5);
        assert!(failed_floors(&a, &s)[0].contains("not measured"));
        a.min_entity_f1 = Some(1.5);
        assert!(matches!(run(&a), Err(Error::Usage(_))));
    }

    #[test]
    fn malformed_gold_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let gold = write(
            dir.path(),
            "bad.jsonl",
            &format!(
                "{GOLD}{}\n",
                r#"{"id": "c", "text": "short", "quotes": [{"start": 2, "end": 40, "kind": "direct"}]}"#
            ),
        );
        match run(&args(gold)) {
            Err(Error::Parse { line, path, .. }) => {
                assert_eq!(line, 3);
                assert!(path.ends_with("bad.jsonl"));
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn extracts_in_memory() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let gold = write(dir.path(), "gold.jsonl", GOLD);
        let docs = gold::read(&gold).unwrap_or_default();
        let (preds, panicked) = extract_all(&docs);
        assert_eq!(preds.len(), 2);
        assert!(panicked.is_empty());
    }
}
