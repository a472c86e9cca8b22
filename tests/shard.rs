//! Issue 6: `--shard K/N` splits a run between machines. For N = 1, 2, 3 the
//! shards' CSVs, concatenated with the header once and sorted, are the
//! unsharded run's rows; each shard gets a real share; a bad `K/N` is a usage
//! error (exit status 2) that says what is wrong.
//!
//! speakers.csv is the one table that is not per article: it tallies the
//! whole run. Its rows cannot be concatenated, but its counts add up: each
//! speaker's quotes and articles summed over the shards are the unsharded
//! counts, because every article is in exactly one shard.
//!
//! The Spark check (`scripts/spark/run.sh`) runs here only when
//! `WHOSAID_SPARK=1`: it installs pyspark from PyPI and takes minutes.

use crate::util;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A CSV file as its header and its records (fields, not lines: a quote may
/// hold a newline).
fn records(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let header = reader
        .headers()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    (header, rows)
}

fn extract(input: &Path, out: &Path, shard: Option<&str>) -> util::Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "extract".into(),
        input.into(),
        "-o".into(),
        out.into(),
        "--threads".into(),
        "2".into(),
    ];
    if let Some(s) = shard {
        args.push("--shard".into());
        args.push(s.into());
    }
    util::whosaid(args).ok()
}

/// corpus/, generated `.txt` articles, a JSONL feed with a bad line, and an
/// unreadable file: every kind of row a shard must place.
fn input(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    util::copy_corpus(&input);
    util::write_generated(&input.join("generated"), 120, 61);
    util::write_generated_jsonl(&input.join("feed.jsonl"), 60, 62);
    let mut feed = std::fs::read_to_string(input.join("feed.jsonl")).expect("feed");
    feed.push_str("{\"id\": \"broken\", \"text\": \n");
    std::fs::write(input.join("feed.jsonl"), feed).expect("feed");
    std::fs::write(
        input.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .expect("png");
    input
}

#[test]
fn shards_together_are_the_unsharded_run() {
    let tmp = util::tempdir();
    let input = input(tmp.path());
    let whole = tmp.path().join("whole");
    extract(&input, &whole, None);
    let (_, all_articles) = records(&whole.join("articles.csv"));
    let total = all_articles.len();
    assert_eq!(total, 9 + 120 + 60 + 1 + 1, "articles and rejections");
    assert!(
        all_articles.iter().any(|r| r[0] == "image")
            && all_articles.iter().any(|r| r[0] == "feed:61"),
        "the unreadable file and the bad line have rows"
    );

    for n in 1..=3u32 {
        let outs: Vec<PathBuf> = (1..=n)
            .map(|k| {
                let out = tmp.path().join(format!("shard-{k}-of-{n}"));
                let run = extract(&input, &out, Some(&format!("{k}/{n}")));
                assert!(
                    run.stderr.contains(&format!("shard {k}/{n}: ")),
                    "the summary names the shard:\n{}",
                    run.stderr
                );
                out
            })
            .collect();

        for table in util::TABLES.iter().filter(|t| **t != "speakers.csv") {
            let (header, mut want) = records(&whole.join(table));
            let mut got = Vec::new();
            for out in &outs {
                let (h, rows) = records(&out.join(table));
                assert_eq!(h, header, "{table}: same columns in every shard");
                got.extend(rows);
            }
            assert!(!want.is_empty(), "{table} is empty");
            want.sort();
            got.sort();
            if got != want {
                let missing: Vec<_> = want.iter().filter(|r| !got.contains(r)).take(3).collect();
                let extra: Vec<_> = got.iter().filter(|r| !want.contains(r)).take(3).collect();
                panic!(
                    "{table} of {n} shards differs from the unsharded run \
                     ({} rows vs {}):\nmissing {missing:?}\nextra {extra:?}",
                    got.len(),
                    want.len()
                );
            }
        }

        // Every shard holds a real share: more than half of its even share,
        // and (with more than one shard) not everything.
        for out in &outs {
            let (_, rows) = records(&out.join("articles.csv"));
            let share = total / n as usize;
            assert!(
                rows.len() > share / 2 && (n == 1 || rows.len() < total),
                "{}: {} of {total} articles with {n} shards",
                out.display(),
                rows.len()
            );
        }

        // speakers.csv: the tallies add up.
        let counts = |dirs: &[PathBuf]| {
            let mut by_speaker: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for dir in dirs {
                for row in util::read_csv(&dir.join("speakers.csv")) {
                    let num = |c: &str| row[c].parse::<u64>().expect("a count");
                    let entry = by_speaker.entry(row["speaker"].clone()).or_default();
                    entry.0 += num("quotes");
                    entry.1 += num("articles");
                }
            }
            by_speaker
        };
        let want = counts(std::slice::from_ref(&whole));
        assert!(want.len() > 5, "speakers.csv is nearly empty");
        assert_eq!(counts(&outs), want, "speakers' counts over {n} shards");
    }
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let tmp = util::tempdir();
    for (shard, says) in [
        ("0/2", "between 1 and N"),
        ("3/2", "between 1 and N"),
        ("x", "expected K/N"),
        ("1/0", "N must be at least 1"),
        ("a/b", "whole numbers"),
    ] {
        let run = util::whosaid(util::args(&[
            &"extract",
            &util::corpus(),
            &"-o",
            &tmp.path().join("out"),
            &"--shard",
            &shard,
        ]));
        assert_eq!(run.code, Some(2), "`{}`: {}", run.line, run.stderr);
        assert!(
            run.stderr.contains("--shard") && run.stderr.contains(says),
            "`{}` should say {says:?}:\n{}",
            run.line,
            run.stderr
        );
        assert!(
            !tmp.path().join("out").exists(),
            "nothing is written on a usage error"
        );
    }
}

/// Runs scripts/spark/run.sh (pyspark's `rdd.pipe` over corpus/, compared
/// with a plain run) when `WHOSAID_SPARK=1`; otherwise says how.
#[test]
fn spark_pipe_equals_a_plain_run() {
    let how = "spark runs scripts/spark/run.sh (installs pyspark, needs Java 17)";
    if !util::opted_in("WHOSAID_SPARK", "spark_pipe_equals_a_plain_run", how) {
        return;
    }
    let stdout = util::run_script("scripts/spark/run.sh");
    assert!(stdout.contains("spark: same records"), "{stdout}");
}
