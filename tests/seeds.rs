//! Issue 2, must-hold 2: the attributions and dates of the user's two seed
//! articles (corpus/000_… and corpus/001_…), which a reader can check by eye.
//!
//! Quotes go through the library (ingest → pipeline::process), the same path
//! the binary takes for a `.txt` file; dates are read from the dates.csv of a
//! real run, since the issue names dates.csv.

use crate::util;
use whosaid::{ingest, pipeline, Extraction};

/// Reads and extracts one corpus article through ingest, as a run would.
fn extract(stem: &str) -> Extraction {
    let path = util::corpus().join(format!("{stem}.txt"));
    let (sources, rejected) = ingest::discover(&[path]);
    assert!(rejected.is_empty(), "{stem}: {rejected:?}");
    let article = sources
        .iter()
        .flat_map(ingest::read)
        .next()
        .unwrap_or_else(|| panic!("{stem}: no article read"))
        .unwrap_or_else(|r| panic!("{stem}: rejected: {}", r.problem));
    pipeline::process(article)
}

/// The speakers of every quote whose text contains `needle` (at least one).
#[track_caller]
fn speakers_of(x: &Extraction, needle: &str) -> Vec<String> {
    let text = &x.article.text;
    let found: Vec<String> = x
        .quotes
        .iter()
        .filter(|q| {
            text.get(q.span.start..q.span.end)
                .is_some_and(|t| t.contains(needle))
        })
        .map(|q| q.speaker.clone())
        .collect();
    assert!(
        !found.is_empty(),
        "{}: no quote contains {needle:?}; quotes are:\n{}",
        x.article.id,
        x.quotes
            .iter()
            .map(|q| format!("  {:?} <- {:?}", q.span.of(text), q.speaker))
            .collect::<Vec<_>>()
            .join("\n")
    );
    found
}

/// Every quote containing `needle` has a speaker containing each of `parts`
/// (case-insensitive).
#[track_caller]
fn assert_speaker(x: &Extraction, needle: &str, parts: &[&str]) {
    for speaker in speakers_of(x, needle) {
        let lower = speaker.to_lowercase();
        for part in parts {
            assert!(
                lower.contains(&part.to_lowercase()),
                "{}: quote with {needle:?} is attributed to {speaker:?}, expected a speaker containing {parts:?}",
                x.article.id
            );
        }
    }
}

const SEED_000: &str = "000_e728da21a2d99b77";
const SEED_001: &str = "001_0f133d86ba4059f7";

#[test]
fn impossible_is_the_security_service_officers() {
    assert_speaker(&extract(SEED_000), "impossible", &["officer"]);
}

#[test]
fn missile_munitions_is_the_security_service_officers() {
    // `He said that in 2011 … “missile munitions, homing missile devices …”`:
    // the `He` follows the officer's paragraph.
    assert_speaker(
        &extract(SEED_000),
        "missile munitions, homing missile devices",
        &["officer"],
    );
}

#[test]
fn black_market_engines_is_the_new_york_times() {
    assert_speaker(
        &extract(SEED_000),
        "black-market purchases of powerful rocket engines",
        &["New York Times"],
    );
}

#[test]

fn liquid_propellant_engines_is_the_un_report() {
    assert_speaker(
        &extract(SEED_000),
        "missile systems, liquid-propellant engines",
        &["U.N.", "report"],
    );
}

#[test]
fn grainy_images_is_cnn() {
    let x = extract(SEED_001);
    for speaker in speakers_of(&x, "The images are a little grainy") {
        assert_eq!(speaker, "CNN");
    }
}

#[test]
fn indirect_quotes_of_the_officer_in_001() {
    let x = extract(SEED_001);
    for needle in [
        "there were no other North Korean spies left in Ukraine",
        "Those not deported had been voluntarily withdrawn",
    ] {
        assert_speaker(&x, needle, &["officer"]);
    }
}

#[test]
fn seed_dates_in_dates_csv() {
    let rows = util::read_csv(&util::corpus_run().join("dates.csv"));
    for (text, value) in [
        ("July 27, 2011", "2011-07-27"),
        ("August 26, 2017", "2017-08-26"),
    ] {
        let found: Vec<&str> = rows
            .iter()
            .filter(|r| r["article_id"] == SEED_001 && r["text"].contains(text))
            .map(|r| r["value"].as_str())
            .collect();
        assert_eq!(
            found,
            [value],
            "{SEED_001}: dates.csv rows for {text:?} should have value {value}"
        );
    }
}
