//! Issue 3: ratchet tests on the dev sets in ../shared/eval (PolNeAR quotes,
//! MEANTIME dates), when that folder sits beside the repository; skipped
//! with a message otherwise (a clone on its own has no eval data, and the
//! data is never copied into the repository).
//!
//! Each floor sits just under the figure the code reached when it was set.
//! Raising a floor is how later work locks in its gains; lowering one needs
//! a reason in the commit message (and the note).
//!
//! Figures first measured on 2026-11-23 on main 92172d3; the quote floors
//! were raised the same day after the quote-rule work of issue 4, and again
//! in the second session of that day. Commands:
//! `whosaid eval --gold ../shared/eval/polnear/dev.jsonl --json [--kinds direct,mixed]`
//! and `whosaid eval --gold ../shared/eval/meantime/dev.jsonl --json`.

use crate::util;
use std::path::{Path, PathBuf};

/// PolNeAR dev, gold kinds direct and mixed (the quotes with marks).
/// Measured: quote F1 0.901, speaker accuracy 0.881, end-to-end F1 0.788;
/// direct alone: F1 0.961, end-to-end 0.855; mixed alone: F1 0.741.
const POLNEAR_DIRECT_MIXED: &[(&str, f64)] = &[
    ("/quotes/quote/f1", 0.891),
    ("/quotes/speaker/accuracy", 0.871),
    ("/quotes/end_to_end/f1", 0.778),
    ("/quotes/quote_by_kind/direct/f1", 0.951),
    ("/quotes/end_to_end_by_kind/direct/f1", 0.845),
    ("/quotes/quote_by_kind/mixed/f1", 0.731),
];

/// PolNeAR dev, all kinds (indirect speech included).
/// Measured: quote F1 0.613, speaker accuracy 0.863, end-to-end F1 0.521.
const POLNEAR_ALL: &[(&str, f64)] = &[
    ("/quotes/quote/f1", 0.603),
    ("/quotes/speaker/accuracy", 0.853),
    ("/quotes/end_to_end/f1", 0.511),
];

/// MEANTIME dev, DATE timexes.
/// Measured: strict F1 0.878, relaxed F1 0.927, value F1 0.829.
const MEANTIME: &[(&str, f64)] = &[
    ("/dates/views/DATE/strict/f1", 0.868),
    ("/dates/views/DATE/relaxed/f1", 0.917),
    ("/dates/views/DATE/value/f1", 0.819),
];

/// The gold file under ../shared/eval, or `None` (with a message) when the
/// folder is absent.
fn gold(rel: &str) -> Option<PathBuf> {
    let eval = util::root().join("../shared/eval");
    if !eval.is_dir() {
        eprintln!(
            "skipped: {} is absent, so the dev-set ratchet is not checked",
            eval.display()
        );
        return None;
    }
    let path = eval.join(rel);
    assert!(
        path.is_file(),
        "{} is missing from ../shared/eval",
        path.display()
    );
    Some(path)
}

fn eval(path: &Path, extra: &[&str]) -> serde_json::Value {
    let path = path.to_string_lossy();
    let mut args = vec!["--gold", path.as_ref()];
    args.extend_from_slice(extra);
    let json = util::eval_json(&args);
    assert!(
        json["panicked"].as_array().is_some_and(|a| a.is_empty()),
        "extraction panicked on: {}",
        json["panicked"]
    );
    json
}

#[test]
fn polnear_direct_and_mixed() {
    let Some(path) = gold("polnear/dev.jsonl") else {
        return;
    };
    let json = eval(&path, &["--kinds", "direct,mixed"]);
    util::assert_floors("PolNeAR dev, direct+mixed", &json, POLNEAR_DIRECT_MIXED);
}

#[test]
fn polnear_all_kinds() {
    let Some(path) = gold("polnear/dev.jsonl") else {
        return;
    };
    util::assert_floors("PolNeAR dev, all kinds", &eval(&path, &[]), POLNEAR_ALL);
}

#[test]
fn meantime_dates() {
    let Some(path) = gold("meantime/dev.jsonl") else {
        return;
    };
    util::assert_floors("MEANTIME dev, DATE", &eval(&path, &[]), MEANTIME);
}
