//! Issue 2, must-hold 5: the output files are byte-identical whatever the
//! number of threads.
//!
//! The input is corpus/ plus enough generated articles (as `.txt` files and a
//! JSONL feed) to fill more than one of the run loop's batches (256
//! articles), so that batches finishing out of order would show.

use crate::util;
use std::path::Path;

fn run(input: &Path, out: &Path, threads: &str) {
    util::whosaid(util::args(&[
        &"extract",
        &input,
        &"-o",
        &out,
        &"--threads",
        &threads,
        &"-q",
    ]))
    .ok();
}

#[test]
fn same_bytes_with_one_and_two_threads() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    util::copy_corpus(&input);
    util::write_generated(&input.join("generated"), 280, 11);
    util::write_generated_jsonl(&input.join("feed.jsonl"), 40, 12);

    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    run(&input, &one, "1");
    run(&input, &two, "2");
    for table in util::TABLES {
        let a = std::fs::read(one.join(table)).unwrap_or_else(|e| panic!("{table}: {e}"));
        let b = std::fs::read(two.join(table)).unwrap_or_else(|e| panic!("{table}: {e}"));
        assert!(a.len() > 100, "{table} is nearly empty");
        if a != b {
            let at = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(200);
            panic!(
                "{table} differs between --threads 1 and 2 at byte {at}:\n1: {}\n2: {}",
                String::from_utf8_lossy(&a[from..(at + 200).min(a.len())]),
                String::from_utf8_lossy(&b[from..(at + 200).min(b.len())])
            );
        }
    }
    let articles = util::read_csv(&one.join("articles.csv"));
    assert_eq!(articles.len(), 9 + 280 + 40, "every article has a row");
}
