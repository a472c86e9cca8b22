//! Unit tests of the dates stage, on sentences written for them.

use super::*;
use crate::segment::segment;

fn run(text: &str, published: Option<(i32, u32, u32)>) -> Vec<(String, String, DateKind)> {
    let article = Article {
        text: text.to_owned(),
        published: published.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        ..Article::default()
    };
    let seg = segment(text, &[]);
    extract(&article, &seg)
        .into_iter()
        .map(|d| (d.span.of(text).to_owned(), d.value, d.kind))
        .collect()
}

fn pairs(text: &str, published: Option<(i32, u32, u32)>) -> Vec<(String, String)> {
    run(text, published)
        .into_iter()
        .map(|(t, v, _)| (t, v))
        .collect()
}

fn one(text: &str, published: Option<(i32, u32, u32)>) -> (String, String) {
    let got = pairs(text, published);
    assert_eq!(got.len(), 1, "{text:?} gave {got:?}");
    got.into_iter().next().unwrap_or_default()
}

const AUG26: Option<(i32, u32, u32)> = Some((2017, 8, 26)); // a Saturday

pub(super) use crate::test_texts::random_texts;

fn p(t: &str, v: &str) -> (String, String) {
    (t.to_owned(), v.to_owned())
}

#[test]
fn absolute_calendar_dates() {
    assert_eq!(
        one("The video was filmed on July 27, 2011, in a garage.", None),
        p("July 27, 2011", "2011-07-27")
    );
    assert_eq!(
        one("Talks ended on 27 July 2011 in Kiev.", None),
        p("27 July 2011", "2011-07-27")
    );
    assert_eq!(
        one("The filing is dated 2011-07-27.", None),
        p("2011-07-27", "2011-07-27")
    );
    assert_eq!(
        one("Form signed 07/27/2011 by the clerk.", None),
        p("07/27/2011", "2011-07-27")
    );
    assert_eq!(
        one("Rain fell on Sept. 12, 2010, across the valley.", None),
        p("Sept. 12, 2010", "2010-09-12")
    );
    assert_eq!(
        one("Polls open Tuesday, July 5, 2016, at dawn.", None),
        p("Tuesday, July 5, 2016", "2016-07-05")
    );
    assert_eq!(
        one("March 01, 2008", None),
        p("March 01, 2008", "2008-03-01")
    );
    assert_eq!(
        one("He was born on the 4th of July 1990 in Ohio.", None),
        p("the 4th of July 1990", "1990-07-04")
    );
}

#[test]
fn months_years_and_coarser() {
    assert_eq!(
        one("Sales fell in July 2011 as feared.", None),
        p("July 2011", "2011-07")
    );
    assert_eq!(
        one("The plant opened in 2015 near the river.", None),
        p("2015", "2015")
    );
    assert_eq!(
        one("Prices rose through the 1990s everywhere.", None),
        p("the 1990s", "199")
    );
    assert_eq!(
        one("Revenue grew in fiscal 2016 by a third.", None),
        p("fiscal 2016", "FY2016")
    );
    assert_eq!(
        one("Crowds came in summer 2011 to see it.", None),
        p("summer 2011", "2011-SU")
    );
    assert_eq!(
        one("Profit doubled in the third quarter of 2011 alone.", None),
        p("the third quarter of 2011", "2011-Q3")
    );
    assert_eq!(
        one(
            "Shipping starts in mid-July for buyers.",
            Some((2017, 6, 2))
        ),
        p("mid-July", "2017-07")
    );
    assert_eq!(
        one("The unit was sold in late 2006 to a rival.", None),
        p("late 2006", "2006")
    );
}

#[test]
fn month_and_day_without_a_year_take_the_publication_year() {
    assert_eq!(
        one("The board met on Aug. 3 to vote.", AUG26),
        p("Aug. 3", "2017-08-03")
    );
    // Far after publication in a past-tense clause: last year's.
    assert_eq!(
        one("The board met on Dec. 3 to vote.", AUG26),
        p("Dec. 3", "2016-12-03")
    );
    assert_eq!(
        one("The board met on Jul. 4 to vote.", None),
        p("Jul. 4", "XXXX-07-04")
    );
}

#[test]
fn years_that_are_amounts_are_skipped() {
    assert!(pairs("About 2000 people marched and 1999 votes were cast.", None).is_empty());
    assert!(pairs("The bill cost $2015 in fees, up 2,000 from before.", None).is_empty());
    assert_eq!(
        one("Court papers from their 2012 trial were read.", None),
        p("2012", "2012")
    );
}

#[test]
fn relative_days_resolve_against_publication() {
    assert_eq!(
        one("The minister resigned today.", AUG26),
        p("today", "2017-08-26")
    );
    assert_eq!(
        one("The minister resigned yesterday.", AUG26),
        p("yesterday", "2017-08-25")
    );
    assert_eq!(
        one("The minister resigns tomorrow.", AUG26),
        p("tomorrow", "2017-08-27")
    );
    assert_eq!(
        one("The minister resigned on Tuesday.", AUG26),
        p("Tuesday", "2017-08-22")
    );
    assert_eq!(
        one("The minister will resign on Tuesday.", AUG26),
        p("Tuesday", "2017-08-29")
    );
    assert_eq!(
        one("The minister resigned the next day.", AUG26),
        p("the next day", "2017-08-27")
    );
    assert_eq!(one("The minister resigned today.", None), p("today", ""));
}

#[test]
fn relative_weeks_months_years() {
    assert_eq!(
        one("A story was published last week.", AUG26),
        p("last week", "2017-W33")
    );
    assert_eq!(
        one("A story was published this week.", AUG26),
        p("this week", "2017-W34")
    );
    assert_eq!(
        one("A story will run next week.", AUG26),
        p("next week", "2017-W35")
    );
    assert_eq!(
        one("A story was published last month.", AUG26),
        p("last month", "2017-07")
    );
    assert_eq!(
        one("A story was published earlier this month.", AUG26),
        p("earlier this month", "2017-08")
    );
    assert_eq!(
        one("A story was published last year.", AUG26),
        p("last year", "2016")
    );
    assert_eq!(
        one("A story will run next year.", AUG26),
        p("next year", "2018")
    );
    assert_eq!(
        one("Spies tried six years ago to steal it.", AUG26),
        p("six years ago", "2011")
    );
    assert_eq!(
        one("Spies tried three days ago to steal it.", AUG26),
        p("three days ago", "2017-08-23")
    );
    assert_eq!(
        one("Spies tried two months ago to steal it.", AUG26),
        p("two months ago", "2017-06")
    );
}

#[test]
fn the_day_of_a_market_report() {
    let got = pairs(
        "Shares fell on Monday. The index ended the day at 7,114.",
        Some((2009, 2, 24)),
    );
    assert_eq!(got, [p("Monday", "2009-02-23"), p("the day", "2009-02-23")]);
    assert!(pairs("He remembers the day he left.", AUG26).is_empty());
    let got = pairs("Trading was halted for a second consecutive day.", AUG26);
    assert_eq!(got, [p("a second consecutive day", "2017-08-26")]);
    assert!(pairs("The Russell 2000 Index rose.", None).is_empty());
}

#[test]
fn parts_of_the_day_are_times() {
    let got = run("The vote is tonight, after talks this morning.", AUG26);
    assert_eq!(
        got[0],
        ("tonight".into(), "2017-08-26TNI".into(), DateKind::Time)
    );
    assert_eq!(
        got[1],
        (
            "this morning".into(),
            "2017-08-26TMO".into(),
            DateKind::Time
        )
    );
    assert_eq!(
        one("He called last night.", AUG26),
        p("last night", "2017-08-25TNI")
    );
}

#[test]
fn vague_references() {
    assert_eq!(
        one("Both men are now in prison.", None),
        p("now", "PRESENT_REF")
    );
    assert_eq!(
        one("She is currently abroad.", None),
        p("currently", "PRESENT_REF")
    );
    assert_eq!(
        one("He moved recently to Kiev.", None),
        p("recently", "PAST_REF")
    );
    assert_eq!(
        one("It failed in the past, they said.", None),
        p("the past", "PAST_REF")
    );
    assert_eq!(
        one("It may work in the future.", None),
        p("the future", "FUTURE_REF")
    );
}

#[test]
fn durations() {
    let got = run(
        "The siege lasted six years and three days, then two hours more.",
        None,
    );
    let v: Vec<_> = got
        .iter()
        .map(|(t, v, k)| (t.as_str(), v.as_str(), *k))
        .collect();
    assert_eq!(
        v,
        [
            ("six years", "P6Y", DateKind::Duration),
            ("three days", "P3D", DateKind::Duration),
            ("two hours", "PT2H", DateKind::Duration)
        ]
    );
    assert_eq!(
        one("It took a decade to build.", None),
        p("a decade", "P10Y")
    );
    assert_eq!(
        one("It took several months to build.", None),
        p("several months", "PXM")
    );
    assert_eq!(
        one("Shares fell over the past two weeks.", None),
        p("the past two weeks", "P2W")
    );
    assert_eq!(one("It is a 12-year low.", None), p("12-year", "P12Y"));
    assert_eq!(
        one("It took almost two and a half years.", None),
        p("almost two and a half years", "P2.5Y")
    );
    assert!(pairs("A 12-year-old boy won.", None).is_empty());
}

#[test]
fn clock_times() {
    assert_eq!(
        one("The talks began at 10 a.m. sharp.", None),
        p("10 a.m.", "XXXX-XX-XXT10:00")
    );
    assert_eq!(
        one("The talks began at 3:30 p.m.", AUG26),
        p("3:30 p.m.", "2017-08-26T15:30")
    );
    let got = pairs("The jet took off on Tuesday at 18:00 UTC.", AUG26);
    assert_eq!(
        got,
        [
            p("Tuesday", "2017-08-22"),
            p("18:00 UTC", "2017-08-22T18:00Z")
        ]
    );
    // A bare score is not a time.
    assert!(pairs("The home side won 2:1 in the end.", None).is_empty());
}

#[test]
fn sets() {
    assert_eq!(
        one("The board meets every week.", None),
        p("every week", "P1W")
    );
    assert_eq!(one("The paper appears daily.", None), p("daily", "P1D"));
    assert_eq!(one("Fees rise each year.", None), p("each year", "P1Y"));
    assert_eq!(
        one("Fees are reviewed annually.", None),
        p("annually", "P1Y")
    );
    let got = run("It earns $5 million a year.", None);
    assert_eq!(got, [("a year".into(), "P1Y".into(), DateKind::Set)]);
}

#[test]
fn holidays_and_ambiguous_month_names() {
    assert_eq!(
        one("Shops close on Christmas.", None),
        p("Christmas", "XXXX-12-25")
    );
    assert_eq!(
        one("Shops closed on Christmas.", Some((2017, 1, 3))),
        p("Christmas", "2016-12-25")
    );
    // Theresa May is a person; `in May` a month.
    assert!(pairs("Theresa May spoke.", None).is_empty());
    assert_eq!(
        one("Theresa May spoke in May.", Some((2017, 6, 1))),
        p("May", "2017-05")
    );
    assert!(pairs("Prices may fall as the march goes on.", None).is_empty());
}

#[test]
fn spans_are_exact_and_sentences_indexed() {
    let text = "First line.\nNothing here. Sales fell in 2015 sharply.";
    let article = Article {
        text: text.to_owned(),
        ..Article::default()
    };
    let seg = segment(text, &[]);
    let got = extract(&article, &seg);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].span.of(text), "2015");
    assert_eq!(got[0].sentence, 2);
}

#[test]
fn publication_dates_from_the_text() {
    let print = "Title\n\nBody text here.\n\nA version of this article appeared in the print edition of The Straits Times on August 26, 2017, with the headline 'X'.";
    assert_eq!(
        publication_date(print),
        NaiveDate::from_ymd_opt(2017, 8, 26)
    );
    let byline =
        "Title\nBy A. Writer\nUpdated 10:32 AM ET, Sat August 26, 2017\nBody began in 2011.";
    assert_eq!(
        publication_date(byline),
        NaiveDate::from_ymd_opt(2017, 8, 26)
    );
    assert_eq!(
        publication_date("ROME 1996-12-06 (Reuters) - Talks ended."),
        NaiveDate::from_ymd_opt(1996, 12, 6)
    );
    assert_eq!(
        publication_date("WASHINGTON, Dec. 8 (UPI) — Talks ended."),
        None
    );
    assert_eq!(
        publication_date("Headline\nMarch 01, 2008\nText."),
        NaiveDate::from_ymd_opt(2008, 3, 1)
    );
    // A date deep in a body line is no dateline.
    assert_eq!(
        publication_date("Headline\nThe long report, which many had waited for since spring, said that on March 1, 2008 it began."),
        None
    );
}

#[test]
fn seed_articles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(s1) = std::fs::read_to_string(dir.join("001_0f133d86ba4059f7.txt")) else {
        return; // seeds are outside the repository; skip where absent
    };
    assert_eq!(publication_date(&s1), NaiveDate::from_ymd_opt(2017, 8, 26));
    let got = pairs(&s1, None);
    for want in [
        p("July 27, 2011", "2011-07-27"),
        p("August 26, 2017", "2017-08-26"),
        p("2012", "2012"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    if let Ok(s0) = std::fs::read_to_string(dir.join("000_e728da21a2d99b77.txt")) {
        let got = pairs(&s0, AUG26);
        for want in [
            p("2015", "2015"),
            p("2011", "2011"),
            p("six years ago", "2011"),
            p("last week", "2017-W33"),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
    }
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "",
        "2011",
        "May",
        "31/02/2011 and Feb 30, 2011",
        "ü 12:99 ‘90s mid-",
        "at 25:00",
        "the 9990s",
    ] {
        let _ = run(text, AUG26);
        let _ = run(text, None);
        let _ = publication_date(text);
    }
}

/// Dumps predictions for the MEANTIME dev texts, for a scorer outside the
/// repository: `DATES_DEV=…/dev-meta.jsonl DATES_OUT=/tmp/pred.jsonl cargo
/// test --lib dates -- --ignored`.
#[test]
#[ignore]
fn dump_dev_predictions() {
    let (Ok(input), Ok(output)) = (std::env::var("DATES_DEV"), std::env::var("DATES_OUT")) else {
        return;
    };
    let Ok(data) = std::fs::read_to_string(input) else {
        return;
    };
    let mut out = String::new();
    std::sync::LazyLock::force(&grammar::GRAMMAR); // compile outside the timing
    let mut spent = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("").to_owned();
        let published = v["date"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let article = Article {
            id: v["id"].as_str().unwrap_or("").to_owned(),
            text,
            published,
            ..Article::default()
        };
        let seg = segment(&article.text, &[]);
        let clock = std::time::Instant::now();
        let found = extract(&article, &seg);
        spent += clock.elapsed();
        bytes += article.text.len();
        let dates: Vec<_> = found
            .into_iter()
            .map(|d| serde_json::json!({"start": d.span.start, "end": d.span.end, "text": d.span.of(&article.text), "value": d.value, "kind": d.kind.as_str()}))
            .collect();
        out.push_str(&serde_json::json!({"id": article.id, "dates": dates}).to_string());
        out.push('\n');
    }
    let _ = std::fs::write(output, out);
    let secs = spent.as_secs_f64().max(1e-9);
    println!(
        "dates::extract: {bytes} bytes in {secs:.3}s = {:.1} MB/s",
        bytes as f64 / secs / 1e6
    );
}

#[test]
fn words_walked_by_bytes_are_the_split_words() {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let pieces = [
        "said", " ", "won’t", "-", "Zürich", ",", "12", "\u{a0}", "“", "é", "'", "日本", "x",
    ];
    for s in random_texts(&pieces, 11, 6).take(2000) {
        let fwd: Vec<String> = words_fwd(&s).map(str::to_owned).collect();
        let mut rev: Vec<String> = words_rev(&s).map(str::to_owned).collect();
        rev.reverse();
        assert_eq!(fwd, split(&s), "{s:?}");
        assert_eq!(rev, fwd, "{s:?}");
    }
}

#[test]
fn tense_markers_read_from_the_list() {
    assert_eq!(tense_of("WILL"), Some(true));
    assert_eq!(tense_of("they’ll"), Some(true));
    assert_eq!(tense_of("said"), Some(false));
    assert_eq!(tense_of("closed"), Some(false));
    assert_eq!(tense_of("Closed"), None);
    assert_eq!(tense_of("need"), None);
    assert_eq!(tense_of("tomorrow"), None);
}

/// Regression: `early`, `mid` and `late` before a decade had no word
/// boundary in front, so `amid 1980s levels` gave `mid 1980s` starting
/// inside `amid`, and `the collate '90s` would have given `late '90s`.
#[test]
fn decade_prefix_starts_at_a_word() {
    assert_eq!(
        pairs("Prices returned to amid 1980s levels.", None),
        vec![p("1980s", "198")]
    );
    assert_eq!(
        pairs("Prices returned to mid-1980s levels.", None),
        vec![p("mid-1980s", "198")]
    );
}
