//! The command line as a new user meets it: the no-argument default run,
//! stdin/stdout JSONL for pipes, JSONL files, the spreadsheet formula guard,
//! and `eval`'s message on a malformed gold file.

use crate::util;
use std::collections::HashSet;

#[test]
fn no_arguments_runs_corpus_into_output() {
    let tmp = util::tempdir();
    let texts = util::copy_corpus(&tmp.path().join("corpus"));
    util::whosaid_with(Vec::<&str>::new(), Some(tmp.path()), None).ok();
    let out = tmp.path().join("output");
    for table in util::TABLES {
        let path = out.join(table);
        assert!(path.is_file(), "{table} not written into output/");
        let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{table}: {e}"));
        assert!(raw.lines().count() > 1, "{table} has no rows");
    }
    let ids: HashSet<String> = util::read_csv(&out.join("articles.csv"))
        .into_iter()
        .map(|r| r["article_id"].clone())
        .collect();
    let expected: HashSet<String> = texts.into_keys().collect();
    assert_eq!(ids, expected, "articles.csv lists the corpus articles");
    // No temporary files are left behind.
    for entry in std::fs::read_dir(&out).expect("read output/") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        assert!(!name.ends_with(".tmp"), "left over: {name}");
    }
}

/// JSONL records parsed, each with its `record` field.
fn records(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {l}", i + 1));
            assert!(
                v["record"].is_string(),
                "line {} has no record field: {l}",
                i + 1
            );
            v
        })
        .collect()
}

const STDIN_ARTICLES: &str = concat!(
    r#"{"id": "pipe-1", "date": "2017-08-26", "text": "KYIV — \"The images are a little grainy,\" said Olena Kovalenko, a spokeswoman, on July 27, 2011."}"#,
    "\n",
    r#"{"id": "pipe-2", "text": "Michael Elleman said the engines came from Russia, according to the report."}"#,
    "\n"
);

#[test]
fn stdin_jsonl_to_stdout_jsonl() {
    let run = util::whosaid_with(["extract", "-"], None, Some(STDIN_ARTICLES.as_bytes())).ok();
    let recs = records(&run.stdout);
    let kinds: HashSet<&str> = recs.iter().filter_map(|r| r["record"].as_str()).collect();
    for kind in ["quote", "article", "entity", "mention", "date"] {
        assert!(kinds.contains(kind), "no {kind} record in:\n{}", run.stdout);
    }
    let quote = recs
        .iter()
        .find(|r| r["record"] == "quote" && r["article_id"] == "pipe-1")
        .unwrap_or_else(|| panic!("no quote of pipe-1:\n{}", run.stdout));
    assert_eq!(quote["speaker"], "Olena Kovalenko");
    let text =
        serde_json::from_str::<serde_json::Value>(STDIN_ARTICLES.lines().next().unwrap_or(""))
            .ok()
            .and_then(|v| v["text"].as_str().map(str::to_string))
            .unwrap_or_default();
    let (s, e) = (quote["quote_start"].as_u64(), quote["quote_end"].as_u64());
    let slice = s.zip(e).and_then(|(s, e)| text.get(s as usize..e as usize));
    assert_eq!(
        quote["quote_text"].as_str(),
        slice,
        "JSONL offsets slice the text"
    );
    assert!(
        recs.iter()
            .any(|r| r["record"] == "article" && r["article_id"] == "pipe-2"),
        "pipe-2 has an article record"
    );
    // Nothing but records on stdout: no summary there.
    assert!(!run.stdout.contains("whosaid:"));
}

#[test]
fn jsonl_format_into_a_folder() {
    let tmp = util::tempdir();
    let out = tmp.path().join("out");
    util::whosaid(util::args(&[
        &"extract",
        &util::corpus(),
        &"--format",
        &"jsonl",
        &"-o",
        &out,
        &"-q",
    ]))
    .ok();
    let raw = std::fs::read_to_string(out.join("records.jsonl")).expect("records.jsonl written");
    let recs = records(&raw);
    let quotes = recs.iter().filter(|r| r["record"] == "quote").count();
    // Same rows as the CSV run of the same corpus.
    let csv_quotes = util::read_csv(&util::corpus_run().join("quotes.csv")).len();
    assert_eq!(
        quotes, csv_quotes,
        "JSONL and CSV runs give the same quotes"
    );
    assert!(
        !out.join("quotes.csv").exists(),
        "--format jsonl writes no CSV"
    );
}

/// An article whose title and first quote begin with `=`, as a malicious
/// page could: a spreadsheet would run them as formulas.
const FORMULA_ARTICLE: &str =
    "=HYPERLINK(\"http://x\") wins\n\n\"=SUM(A1:A9) is all they want,\" said Ann Lee, a trader.\n";

#[test]
fn formula_guard_and_raw_cells() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("formula.txt"), FORMULA_ARTICLE).expect("write");
    let guarded = tmp.path().join("guarded");
    let raw = tmp.path().join("raw");
    util::whosaid(util::args(&[&"extract", &input, &"-o", &guarded, &"-q"])).ok();
    util::whosaid(util::args(&[
        &"extract",
        &input,
        &"-o",
        &raw,
        &"-q",
        &"--raw-cells",
    ]))
    .ok();

    let title =
        |dir: &std::path::Path| util::read_csv(&dir.join("articles.csv"))[0]["title"].clone();
    assert_eq!(title(&guarded), "'=HYPERLINK(\"http://x\") wins");
    assert_eq!(title(&raw), "=HYPERLINK(\"http://x\") wins");

    let quote = |dir: &std::path::Path| {
        util::read_csv(&dir.join("quotes.csv"))
            .into_iter()
            .find(|r| r["quote_text"].contains("SUM(A1:A9)"))
            .unwrap_or_else(|| panic!("no =SUM quote in {}", dir.display()))
    };
    let (g, r) = (quote(&guarded), quote(&raw));
    assert!(
        g["quote_text"].starts_with("'=SUM"),
        "guarded: {:?}",
        g["quote_text"]
    );
    assert!(
        r["quote_text"].starts_with("=SUM"),
        "raw: {:?}",
        r["quote_text"]
    );
    // Offsets stay the truth: they slice the raw text, not the guarded cell.
    assert_eq!(g["quote_start"], r["quote_start"]);
    let (s, e): (usize, usize) = (
        r["quote_start"].parse().expect("start"),
        r["quote_end"].parse().expect("end"),
    );
    assert_eq!(FORMULA_ARTICLE.get(s..e), Some(r["quote_text"].as_str()));
    assert_eq!(g["quote_text"], format!("'{}", r["quote_text"]));
}

#[test]
fn malformed_gold_names_file_and_line() {
    let tmp = util::tempdir();
    let cases = [
        (
            "bad-json.jsonl",
            "{\"id\": \"a\", \"text\": \"Hi.\"}\n{\"id\": \"b\", \"text\": \n",
            ":2",
        ),
        (
            "past-end.jsonl",
            "{\"id\": \"a\", \"text\": \"Hi.\", \"quotes\": [{\"start\": 0, \"end\": 99, \"kind\": \"direct\"}]}\n",
            ":1",
        ),
        ("no-text.jsonl", "\n{\"id\": \"a\"}\n", ":2"),
        (
            "no-offsets.jsonl",
            "{\"id\": \"a\", \"text\": \"Hi.\", \"quotes\": [{\"kind\": \"direct\"}]}\n",
            ":1",
        ),
    ];
    for (name, body, line) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, body).expect("write gold");
        let run = util::whosaid(util::args(&[&"eval", &"--gold", &path]));
        assert_eq!(
            run.code,
            Some(2),
            "{name}: exit status; stderr:\n{}",
            run.stderr
        );
        let expected = format!("{name}{line}");
        assert!(
            run.stderr.contains(&expected),
            "{name}: message should name {expected}:\n{}",
            run.stderr
        );
    }
    let run = util::whosaid(util::args(&[
        &"eval",
        &"--gold",
        &tmp.path().join("missing.jsonl"),
    ]));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("missing.jsonl"), "{}", run.stderr);
}

#[test]
fn missing_input_is_a_clear_error() {
    let tmp = util::tempdir();
    let run = util::whosaid(util::args(&[
        &"extract",
        &tmp.path().join("nope"),
        &"-o",
        &tmp.path().join("out"),
    ]));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
}

/// Issue 3, must-hold 1, through the binary: `eval --pred` on a hand-made
/// run folder gives the figures DESIGN.md's rules give, worked out by hand.
#[test]
fn eval_pred_figures_by_hand() {
    let text = "\"We will win,\" said Ann Lee. Bob Stone said taxes would fall. \"No,\" he said.";
    let at = |s: &str| {
        let start = text.find(s).unwrap_or_else(|| panic!("{s:?} not in text"));
        (start, start + s.len())
    };
    let (g1, g2, g3) = (at("We will win,"), at("taxes would fall"), at("No,"));
    let gold = serde_json::json!({
        "id": "hand", "text": text,
        "quotes": [
            {"start": g1.0, "end": g1.1, "kind": "direct", "speaker": "Ann Lee"},
            {"start": g2.0, "end": g2.1, "kind": "indirect", "speaker": "Bob Stone"},
            {"start": g3.0, "end": g3.1, "kind": "direct", "speaker": "Bob Stone"},
        ]
    });
    let tmp = util::tempdir();
    let gold_path = tmp.path().join("gold.jsonl");
    std::fs::write(&gold_path, format!("{gold}\n")).expect("write gold");
    // p1 = g1 exactly, titled speaker (right after stripping `Ms.`);
    // p2 covers `said taxes would fall`: Jaccard 16/21 = 0.76, a match, and
    //    the surname is right;
    // p3 = g3 exactly with no speaker (wrong);
    // p4 = the speaker name, no gold quote there (spurious);
    // p5 = `We will win` overlaps g1, but g1 is taken by p1 (one-to-one).
    let (p2, p4, p5) = (
        at("said taxes would fall"),
        at("Ann Lee"),
        at("We will win"),
    );
    let rows = [
        (g1, "direct", "Ms. Ann Lee"),
        (p2, "indirect", "Stone"),
        (g3, "direct", ""),
        (p4, "direct", "Someone"),
        (p5, "direct", "Ann Lee"),
    ];
    let mut csv = String::from("article_id,kind,quote_start,quote_end,speaker\n");
    for ((s, e), kind, speaker) in rows {
        csv.push_str(&format!("hand,{kind},{s},{e},{speaker}\n"));
    }
    let run_dir = tmp.path().join("run");
    std::fs::create_dir_all(&run_dir).expect("mkdir");
    std::fs::write(run_dir.join("quotes.csv"), csv).expect("write quotes.csv");

    let path = gold_path.to_string_lossy();
    let pred = run_dir.to_string_lossy();
    let json = util::eval_json(&["--gold", path.as_ref(), "--pred", pred.as_ref()]);
    let expect = [
        // 3 of 5 predictions match, all 3 gold found.
        ("/quotes/quote/precision", 0.6),
        ("/quotes/quote/recall", 1.0),
        ("/quotes/quote/f1", 0.75),
        // p1 and p3 are exact.
        ("/quotes/exact/precision", 0.4),
        ("/quotes/exact/recall", 0.667),
        ("/quotes/exact/f1", 0.5),
        // Right speakers: p1 and p2 of the 3 matched.
        ("/quotes/speaker/accuracy", 0.667),
        ("/quotes/end_to_end/precision", 0.4),
        ("/quotes/end_to_end/recall", 0.667),
        ("/quotes/end_to_end/f1", 0.5),
    ];
    for (at, want) in expect {
        let got = util::figure(&json, at);
        assert!((got - want).abs() < 5e-4, "{at}: {got} != {want}\n{json}");
    }
}
