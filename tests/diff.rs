//! Issue 3, must-hold 4: `whosaid diff` on two runs of the corpus, one with a
//! rule changed, shows exactly the changed rows.
//!
//! The "changed rule" is simulated by editing the second run's quotes.csv:
//! one speaker changed, one row dropped, one span shifted and one row added,
//! in different articles and places, and nothing else.

use crate::util;
use std::collections::HashMap;
use std::path::Path;

fn write_quotes(path: &Path, headers: &[String], rows: &[HashMap<String, String>]) {
    let mut w = csv::Writer::from_path(path).expect("write quotes.csv");
    w.write_record(headers).expect("header");
    for r in rows {
        w.write_record(headers.iter().map(|h| r[h].as_str()))
            .expect("row");
    }
    w.flush().expect("flush");
}

fn headers(path: &Path) -> Vec<String> {
    csv::Reader::from_path(path)
        .expect("open")
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn diff_reports_exactly_the_changed_rows() {
    let tmp = util::tempdir();
    let old = util::corpus_run();
    let new = tmp.path().join("new");
    std::fs::create_dir_all(&new).expect("mkdir");
    for table in util::TABLES {
        std::fs::copy(old.join(table), new.join(table)).expect("copy run");
    }
    let quotes = old.join("quotes.csv");
    let cols = headers(&quotes);
    let mut rows = util::read_csv(&quotes);
    assert!(rows.len() > 20, "corpus has {} quotes", rows.len());

    // Pick rows of different articles so the edits cannot interact.
    let pick = |from: usize, avoid: &[&str], rows: &[HashMap<String, String>]| -> usize {
        (from..rows.len())
            .find(|&i| !avoid.contains(&rows[i]["article_id"].as_str()))
            .expect("a row of another article")
    };
    let a = 0;
    let art_a = rows[a]["article_id"].clone();
    let b = pick(a, &[&art_a], &rows);
    let art_b = rows[b]["article_id"].clone();
    let c = pick(b, &[&art_a, &art_b], &rows);
    let art_c = rows[c]["article_id"].clone();
    let d = pick(c, &[&art_a, &art_b, &art_c], &rows);
    let art_d = rows[d]["article_id"].clone();

    // a: speaker changed.
    let old_speaker = rows[a]["speaker"].clone();
    rows[a].insert("speaker".into(), "Somebody Else".into());
    // c: span shifted by one byte at each end (still overlapping).
    let (cs, ce): (usize, usize) = (
        rows[c]["quote_start"].parse().expect("start"),
        rows[c]["quote_end"].parse().expect("end"),
    );
    assert!(ce - cs > 10, "quote c is long enough to shift");
    rows[c].insert("quote_start".into(), (cs + 1).to_string());
    rows[c].insert("quote_end".into(), (ce - 1).to_string());
    // d: a new quote after the article's text ends (no overlap with any).
    let mut added = rows[d].clone();
    added.insert("quote_start".into(), "1000000".into());
    added.insert("quote_end".into(), "1000010".into());
    added.insert("speaker".into(), "New Voice".into());
    rows.insert(d + 1, added);
    // b: dropped.
    let dropped = rows.remove(b);
    write_quotes(&new.join("quotes.csv"), &cols, &rows);

    let run = util::whosaid(util::args(&[&"diff", &old, &new, &"--format", &"csv"])).ok();
    let out = tmp.path().join("diff.csv");
    std::fs::write(&out, &run.stdout).expect("write diff");
    let diffs = util::read_csv(&out);
    let summary: Vec<(String, String)> = diffs
        .iter()
        .map(|r| (r["change"].clone(), r["article_id"].clone()))
        .collect();
    let mut expected = vec![
        ("speaker".to_string(), art_a.clone()),
        ("removed".to_string(), art_b.clone()),
        ("span".to_string(), art_c.clone()),
        ("added".to_string(), art_d.clone()),
    ];
    expected.sort();
    let mut got = summary.clone();
    got.sort();
    assert_eq!(got, expected, "diff rows:\n{}", run.stdout);

    let row = |change: &str| diffs.iter().find(|r| r["change"] == change).expect("row");
    assert_eq!(row("speaker")["old_speaker"], old_speaker);
    assert_eq!(row("speaker")["new_speaker"], "Somebody Else");
    assert_eq!(row("removed")["old_start"], dropped["quote_start"]);
    assert_eq!(row("removed")["new_start"], "");
    assert_eq!(row("span")["old_start"], cs.to_string());
    assert_eq!(row("span")["new_start"], (cs + 1).to_string());
    assert_eq!(row("added")["new_speaker"], "New Voice");

    // The table view counts the same changes, and a run against itself
    // shows none (and --exit-code tells them apart).
    let table = util::whosaid(util::args(&[&"diff", &old, &new])).ok();
    for change in ["added", "removed", "speaker", "span"] {
        assert!(
            table.stdout.lines().any(|l| {
                let mut w = l.split_whitespace();
                w.next() == Some(change) && w.next() == Some("1")
            }),
            "table should count 1 {change}:\n{}",
            table.stdout
        );
    }
    let same = util::whosaid(util::args(&[
        &"diff",
        &old,
        &old,
        &"--format",
        &"csv",
        &"--exit-code",
    ]))
    .ok();
    assert_eq!(
        same.stdout.lines().count(),
        1,
        "only the header:\n{}",
        same.stdout
    );
    let differs = util::whosaid(util::args(&[&"diff", &old, &new, &"--exit-code"]));
    assert_eq!(differs.code, Some(1));
}
