//! Issue 2, must-hold 4: a folder of good articles beside bad files is
//! processed. Every good article is extracted; each bad file is named with
//! its problem in articles.csv and on stderr; the exit status is 0, or
//! non-zero with `--strict`; nothing panics.
//!
//! The bad files are the ones real scrapes produce: an empty file, a binary
//! file given a `.txt` name, a Windows-1252 file, a dangling symlink, a 10 MB
//! article on a single line (a scrape that lost its newlines), a JSONL file
//! with one broken line and a CSV without a text column.

use crate::util;
use std::collections::HashMap;
use std::path::Path;

/// The Windows-1252 article: `é`, curly quotes and an em dash as single
/// bytes, which are not valid UTF-8.
const CP1252: &[u8] = b"Caf\xe9 owners protest\r\n\r\n\x93We are open,\x94 said Ren\xe9e Dubois \x97 the owner \x97 on Tuesday.\r\n";

/// Builds the folder; returns the ids of the good articles with their text
/// lengths in bytes.
fn build(dir: &Path, huge: bool) -> HashMap<String, usize> {
    let mut good: HashMap<String, usize> = HashMap::new();
    for (id, text) in util::write_generated(dir, 4, 7) {
        good.insert(id, text.len());
    }
    for name in [
        "000_e728da21a2d99b77.txt",
        "012_pronoun-told-quoted-as-saying.txt",
    ] {
        std::fs::copy(util::corpus().join(name), dir.join(name)).expect("copy corpus article");
        let text = util::article_text(&dir.join(name));
        good.insert(name.trim_end_matches(".txt").to_string(), text.len());
    }
    // A JSONL feed with one broken line between two good ones.
    let a = r#"{"id": "feed-a", "text": "\"We will win,\" said Ann Lee."}"#;
    let c = r#"{"id": "feed-c", "title": "Rain", "text": "Bob Stone said it rained in Malmö."}"#;
    std::fs::write(
        dir.join("feed.jsonl"),
        format!("{a}\n{{\"id\": \"feed-b\", \"text\": \n{c}\n"),
    )
    .expect("write feed.jsonl");
    good.insert("feed-a".into(), "\"We will win,\" said Ann Lee.".len());
    good.insert("feed-c".into(), "Bob Stone said it rained in Malmö.".len());
    // A CSV with a text column (good) and one without (bad).
    std::fs::write(
        dir.join("table.csv"),
        "id,title,text\nrow-1,Rates,\"The bank said rates would rise, according to Reuters.\"\n",
    )
    .expect("write table.csv");
    good.insert(
        "row-1".into(),
        "The bank said rates would rise, according to Reuters.".len(),
    );
    std::fs::write(dir.join("notext.csv"), "id,headline,summary\n1,Hi,There\n")
        .expect("write notext.csv");

    std::fs::write(dir.join("empty.txt"), "").expect("write empty.txt");
    let mut rng = util::Rng::new(99);
    let binary: Vec<u8> = (0..4096)
        .map(|i| if i % 97 == 0 { 0 } else { rng.next() as u8 })
        .collect();
    std::fs::write(dir.join("binary.txt"), binary).expect("write binary.txt");
    std::fs::write(dir.join("cp1252.txt"), CP1252).expect("write cp1252.txt");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("no-such-target.txt"), dir.join("dangling.txt"))
        .expect("make dangling symlink");
    if huge {
        std::fs::write(dir.join("huge.txt"), util::one_line_text(10 << 20, 3))
            .expect("write huge.txt");
    }
    good
}

/// articles.csv rows by article_id.
fn articles(out: &Path) -> HashMap<String, HashMap<String, String>> {
    util::read_csv(&out.join("articles.csv"))
        .into_iter()
        .map(|r| (r["article_id"].clone(), r))
        .collect()
}

#[test]
fn bad_files_beside_good_ones() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&input).expect("mkdir");
    let good = build(&input, true);
    let run = util::whosaid(util::args(&[
        &"extract",
        &input,
        &"-o",
        &out,
        &"--threads",
        &"2",
    ]))
    .ok();
    let rows = articles(&out);

    for (id, bytes) in &good {
        let row = rows
            .get(id)
            .unwrap_or_else(|| panic!("good article {id} missing from articles.csv"));
        assert_eq!(row["warnings"], "", "{id} should have no warnings");
        assert_eq!(row["bytes"], bytes.to_string(), "{id}: bytes");
    }
    let quotes = util::read_csv(&out.join("quotes.csv"));
    for id in ["000_e728da21a2d99b77", "feed-a"] {
        assert!(
            quotes.iter().any(|q| q["article_id"] == id),
            "{id} has quotes but none were written"
        );
    }

    // Each bad file: named in articles.csv with a problem and on stderr.
    let mut bad = vec![
        ("empty", "empty.txt", "empty"),
        ("binary", "binary.txt", "binary"),
        ("notext", "notext.csv", "column"),
        ("feed:2", "feed.jsonl", "line 2"),
    ];
    if cfg!(unix) {
        bad.push(("dangling", "dangling.txt", "symlink"));
    }
    for (id, file, problem) in bad {
        let row = rows
            .get(id)
            .unwrap_or_else(|| panic!("bad file {file} ({id}) missing from articles.csv"));
        assert!(
            row["warnings"].contains(problem),
            "{file}: warnings {:?} should name the problem ({problem})",
            row["warnings"]
        );
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(problem)),
            "{file} not named with its problem on stderr:\n{}",
            run.stderr
        );
    }

    // The Windows-1252 file is read, decoded, and carries a warning.
    let cp = rows.get("cp1252").expect("cp1252.txt in articles.csv");
    assert!(
        cp["warnings"].contains("1252"),
        "cp1252 warnings: {:?}",
        cp["warnings"]
    );
    assert_eq!(cp["title"], "Café owners protest");
    assert!(
        quotes
            .iter()
            .any(|q| q["article_id"] == "cp1252" && q["quote_text"].contains("We are open")),
        "the Windows-1252 article's quote was not extracted"
    );

    // The 10 MB single line is extracted whole, with a bounded title.
    let huge = rows.get("huge").expect("huge.txt in articles.csv");
    let size = std::fs::metadata(input.join("huge.txt"))
        .expect("huge.txt")
        .len();
    assert_eq!(huge["bytes"], size.to_string());
    assert!(
        huge["quotes"].parse::<u64>().unwrap_or(0) > 1000,
        "huge.txt quotes: {}",
        huge["quotes"]
    );
    assert!(
        huge["title"].chars().count() <= 301,
        "huge.txt title is {} chars",
        huge["title"].chars().count()
    );
}

#[test]
fn windows_1252_file_is_named_on_stderr() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("cp1252.txt"), CP1252).expect("write");
    let out = tmp.path().join("out");
    let run = util::whosaid(util::args(&[&"extract", &input, &"-o", &out])).ok();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("cp1252.txt") && l.contains("1252")),
        "cp1252.txt not named on stderr:\n{}",
        run.stderr
    );
}

#[test]
fn strict_fails_on_bad_files_and_passes_on_good_ones() {
    let tmp = util::tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    build(&input, false);
    let out = tmp.path().join("out");
    let run = util::whosaid(util::args(&[&"extract", &input, &"-o", &out, &"--strict"]));
    assert_ne!(
        run.code,
        Some(0),
        "--strict must fail when files were skipped"
    );
    // The output is still written in full.
    assert!(articles(&out).contains_key("feed-c"));

    let clean = tmp.path().join("clean");
    util::write_generated(&clean, 3, 1);
    let out = tmp.path().join("out2");
    util::whosaid(util::args(&[&"extract", &clean, &"-o", &out, &"--strict"])).ok();
}

/// Hostile single articles straight through the library: none may panic
/// (a panic here would be caught by the run loop and turn into a rejection,
/// which hides it; the library call shows it).
#[test]
fn hostile_texts_do_not_panic() {
    let mut texts: Vec<String> = vec![
        String::new(),
        "\"".into(),
        "“".repeat(5000),
        "\"a\" ".repeat(3000),
        "said ".repeat(5000),
        "Mr. ".repeat(3000),
        "\n".repeat(10_000),
        "\u{feff}\u{feff}\r\r\r".into(),
        "🚀".repeat(2000),
        "«»‹›„“”‘’「」".repeat(500),
        "According to".into(),
        "He said: \"".into(),
        format!("\"{}", "word ".repeat(20_000)),
        "e\u{301}".repeat(1000),
        "July 27, 2011 July 2011 in 2015 six years ago last week Tuesday 2011-07-27 ".repeat(200),
        "\u{0}\u{1}\u{7f}\u{80}\u{9f}".repeat(100),
    ];
    let mut rng = util::Rng::new(4242);
    for _ in 0..30 {
        let len = rng.below(400);
        texts.push(
            (0..len)
                .map(|_| char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?'))
                .collect(),
        );
    }
    for (i, text) in texts.into_iter().enumerate() {
        let article = whosaid::ingest::article_from_text(&format!("hostile-{i}"), text, None);
        let x = whosaid::pipeline::process(article);
        assert_eq!(x.article.id, format!("hostile-{i}"));
    }
}

/// Extraction time grows with the text, not with its square: a scrape that
/// lost its newlines is one paragraph of megabytes, and a stage that
/// rescans the paragraph for each quote turns a 10 MB file into minutes.
/// Compares 1 MB and 4 MB of the same single-line text: linear work takes
/// about 4 times as long, quadratic 16; the bound leaves room for a busy
/// machine.
///
/// It is timed, so it does not run in the suite (timings on a shared 2-core
/// machine are noise; the project keeps timings in benches): run it on a
/// quiet machine with `cargo test --test tests long_paragraph -- --ignored`.
#[test]
#[ignore = "timed; run on a quiet machine with --ignored"]
fn long_paragraph_time_is_linear() {
    let text = util::one_line_text(4_000_000, 3);
    let mut half = 1_000_000;
    while !text.is_char_boundary(half) {
        half += 1;
    }
    let time = |t: &str| {
        let article = whosaid::ingest::article_from_text("long", t.to_string(), None);
        let start = std::time::Instant::now();
        let x = whosaid::pipeline::process(article);
        (start.elapsed().as_secs_f64(), x.quotes.len())
    };
    // The small run twice, the best time counting: a busy machine can only
    // make the ratio look worse, never better.
    let (small_a, q_small) = time(&text[..half]);
    let (large, q_large) = time(&text);
    let (small_b, _) = time(&text[..half]);
    let small = small_a.min(small_b);
    assert!(q_large > 3 * q_small, "quotes: {q_small} then {q_large}");
    let ratio = large / small.max(1e-3);
    eprintln!("1 MB {small:.2} s, 4 MB {large:.2} s: {ratio:.1} times");
    assert!(
        ratio < 8.0,
        "4 times the text took {ratio:.1} times as long ({small:.2} s, then {large:.2} s)"
    );
}
