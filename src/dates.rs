//! dates: segmented article in, temporal expressions with TimeML values out.
//!
//! * What it finds: the TIMEX3 expressions of news text — calendar dates
//!   (`July 27, 2011`, `27 July 2011`, `2011-07-27`, `Sept. 12`), months,
//!   years, seasons, quarters, decades and fiscal years; expressions relative
//!   to the article's date (`today`, `Tuesday`, `last week`, `six years ago`,
//!   `earlier this month`); durations (`six years` → `P6Y`); clock times
//!   (`3:30 p.m.`); sets (`every week`, `annually`); vague references (`now`
//!   → `PRESENT_REF`, `recently` → `PAST_REF`, `soon` → `FUTURE_REF`).
//! * How: one regex ([`grammar`]) runs once over the text; each match is
//!   checked in context and given its value here. Relative expressions are
//!   resolved against `Article::published` (or, when metadata has none, the
//!   date [`publication_date`] finds in the text); without one their value is
//!   empty. A weekday or a date without a year goes to the past of the
//!   article unless its clause is in the future tense (`will meet on Tuesday`).
//! * What it does not do: anchor relative expressions to events other than
//!   publication (`two days later` is left without a value), resolve
//!   date ranges as one expression, or read times zones other than UTC/GMT
//!   into the value. Expressions in boilerplate paragraphs are skipped.

mod calendar;
mod grammar;
mod published;
mod words;

use crate::model::{Article, DateExpr, DateKind, Segmented, Span};
use chrono::{Datelike, NaiveDate};
use grammar::Caps;
use std::sync::LazyLock;
use words::{Amount, WORDS};

pub use published::publication_date;

/// Builds the date grammar and word lists now rather than on the first
/// article (see `pipeline::warm_up`).
pub fn warm_up() {
    LazyLock::force(&words::WORDS);
    LazyLock::force(&grammar::GRAMMAR);
}

/// The temporal expressions of `article`, in text order, with TimeML values.
/// Relative expressions are resolved against `article.published`, or, when
/// it has none, the date [`publication_date`] finds in the text.
pub fn extract(article: &Article, seg: &Segmented) -> Vec<DateExpr> {
    let dct = article
        .published
        .or_else(|| publication_date(&article.text));
    extract_dated(article, seg, dct)
}

/// [`extract`] with the publication date already known (`None`: there is
/// none), for a caller that has looked for it in the text already: the
/// search reads the article's first and last lines with the whole grammar,
/// which is worth doing once, not twice.
pub fn extract_dated(article: &Article, seg: &Segmented, dct: Option<NaiveDate>) -> Vec<DateExpr> {
    let text = article.text.as_str();
    let re = &*grammar::GRAMMAR;
    let mut out: Vec<DateExpr> = Vec::new();
    // Clock times wait for the date of their sentence (`at 18:00 UTC on
    // Tuesday`), which may come after them: (index into out, what waits).
    let mut deferred: Vec<(usize, Defer)> = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(caps) = re.captures_at(text, pos) else {
            break;
        };
        let Some(m) = caps.get(0) else { break };
        if m.is_empty() {
            pos = next_char(text, m.end());
            continue;
        }
        if in_boilerplate(seg, m.start()) {
            pos = m.end();
            continue;
        }
        let sentence = seg.sentence_at(m.start());
        let ctx = Ctx {
            text,
            dct,
            sent: seg
                .sentences
                .get(sentence)
                .map_or(Span::new(0, text.len()), |s| s.span),
            start: m.start(),
            end: m.end(),
        };
        match interpret(&caps, &ctx) {
            Some(found) => {
                if let Some(d) = found.defer {
                    deferred.push((out.len(), d));
                }
                out.push(DateExpr {
                    span: Span::new(found.start, found.end),
                    value: found.value,
                    kind: found.kind,
                    sentence,
                });
                pos = m.end();
            }
            // Not a date here (`2015 people`): look again from the next
            // character, as a shorter expression may start inside the match.
            None => pos = next_char(text, m.start()),
        }
    }
    for (i, what) in deferred {
        let sentence = out[i].sentence;
        match what {
            Defer::Time(t) => {
                let day = nearest_day(&out, i, sentence)
                    .map(str::to_owned)
                    .or_else(|| (!out[i].value.is_empty()).then(|| out[i].value.clone()))
                    .unwrap_or_else(|| "XXXX-XX-XX".to_owned());
                out[i].value = format!("{day}{t}");
            }
            Defer::LastDay => {
                if let Some(d) = out[..i].iter().rev().find(|d| is_day(d)) {
                    out[i].value = d.value.clone();
                }
            }
        }
    }
    out
}

fn next_char(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map_or(text.len(), |c| pos + c.len_utf8())
}

fn in_boilerplate(seg: &Segmented, pos: usize) -> bool {
    seg.paragraphs
        .get(seg.paragraph_at(pos))
        .is_some_and(|p| p.boilerplate && p.span.contains(pos))
}

/// The day-precision value of the date expression nearest expression `i` in
/// the same sentence.
fn nearest_day(out: &[DateExpr], i: usize, sentence: usize) -> Option<&str> {
    let is_day = |d: &DateExpr| {
        d.sentence == sentence
            && d.value.len() == 10
            && d.kind != DateKind::Time
            && d.kind != DateKind::Duration
    };
    let before = out[..i].iter().rev().find(|d| is_day(d));
    let after = out[i + 1..].iter().find(|d| is_day(d));
    let here = out[i].span.start;
    match (before, after) {
        (Some(b), Some(a)) if a.span.start - here < here - b.span.end => Some(&a.value),
        (Some(b), _) => Some(&b.value),
        (None, Some(a)) => Some(&a.value),
        (None, None) => None,
    }
}

/// A date expression naming one calendar day (`2009-02-23`).
fn is_day(d: &DateExpr) -> bool {
    d.value.len() == 10
        && d.value.as_bytes()[4] == b'-'
        && matches!(d.kind, DateKind::Date | DateKind::Relative)
}

/// Where a match sits: the text, its sentence, the publication date.
struct Ctx<'t> {
    text: &'t str,
    dct: Option<NaiveDate>,
    sent: Span,
    start: usize,
    end: usize,
}

impl<'t> Ctx<'t> {
    /// The word right before the match (lower-cased comparisons are done by
    /// the caller with `eq_ignore_ascii_case`).
    fn prev_word(&self) -> &'t str {
        self.words_before().next().unwrap_or("")
    }

    /// Words before the match inside its sentence, nearest first.
    fn words_before(&self) -> impl Iterator<Item = &'t str> {
        let from = self.sent.start.min(self.start);
        words_rev(&self.text[from..self.start])
    }

    fn words_after(&self) -> impl Iterator<Item = &'t str> {
        let to = self.sent.end.max(self.end).min(self.text.len());
        words_fwd(&self.text[self.end..to])
    }

    fn next_word(&self) -> &'t str {
        self.words_after().next().unwrap_or("")
    }

    fn char_before(&self) -> Option<char> {
        self.text[..self.start].chars().next_back()
    }

    fn text_after(&self) -> &'t str {
        &self.text[self.end..]
    }

    /// Whether the clause around the match speaks of the future: the nearest
    /// tense marker before it (`will`, `is scheduled to`, `said`, `was`, a verb
    /// in -ed) decides, else the nearest after it; news defaults to the past.
    fn future(&self) -> bool {
        for w in self.words_before().take(8) {
            if let Some(f) = tense_of(w) {
                return f;
            }
        }
        for w in self.words_after().take(6) {
            if let Some(f) = tense_of(w) {
                return f;
            }
        }
        false
    }
}

/// A character of a word as the context checks read words: letters,
/// digits, `'`, `’` and `-` (`won't`, `mid-July`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// Whether the text ending at (starting at) `at` has a word character
/// there: ASCII bytes are read as they are, others decoded. Walking words a
/// byte at a time costs a third of what `split` with a closure does, and
/// every date's context is walked.
fn word_char_before(s: &str, at: usize) -> Option<(bool, usize)> {
    let &b = s.as_bytes().get(at.checked_sub(1)?)?;
    if b.is_ascii() {
        return Some((is_word_char(char::from(b)), 1));
    }
    let c = s.get(..at)?.chars().next_back()?;
    Some((is_word_char(c), c.len_utf8()))
}

fn word_char_after(s: &str, at: usize) -> Option<(bool, usize)> {
    let &b = s.as_bytes().get(at)?;
    if b.is_ascii() {
        return Some((is_word_char(char::from(b)), 1));
    }
    let c = s.get(at..)?.chars().next()?;
    Some((is_word_char(c), c.len_utf8()))
}

/// The words of `s` ([`is_word_char`] runs), last first.
fn words_rev(s: &str) -> impl Iterator<Item = &str> {
    let mut at = s.len();
    std::iter::from_fn(move || {
        while let Some((false, n)) = word_char_before(s, at) {
            at -= n;
        }
        let end = at;
        while let Some((true, n)) = word_char_before(s, at) {
            at -= n;
        }
        (at < end).then(|| s.get(at..end)).flatten()
    })
}

/// The words of `s` ([`is_word_char`] runs), first first.
fn words_fwd(s: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some((false, n)) = word_char_after(s, at) {
            at += n;
        }
        let start = at;
        while let Some((true, n)) = word_char_after(s, at) {
            at += n;
        }
        (start < at).then(|| s.get(start..at)).flatten()
    })
}

/// `Some(true)` for a future marker, `Some(false)` for a past one.
fn tense_of(w: &str) -> Option<bool> {
    // Looked up by key rather than compared with each of the ~40 markers:
    // every date without a year asks this of up to 14 words around it.
    let t = &*TENSE;
    let listed = t
        .lengths
        .contains(&w.len())
        .then(|| words::lower_key(w))
        .flatten()
        .and_then(|k| {
            let i = t.markers.binary_search_by_key(&k, |&(key, _)| key).ok()?;
            t.markers.get(i).map(|&(_, future)| future)
        });
    if listed == Some(true) || w.ends_with("'ll") || w.ends_with("’ll") {
        return Some(true);
    }
    if listed == Some(false) {
        return Some(false);
    }
    // A verb in -ed (`closed`, `announced`); `need`, `seed` are too short to be.
    (w.len() > 4 && w.ends_with("ed") && w.chars().next().is_some_and(char::is_lowercase))
        .then_some(false)
}

/// `data/dates-tense.txt`: (word key, future) sorted by key, and the range
/// of the words' lengths, which turns most words away before a look-up.
struct Tense {
    markers: Vec<(u128, bool)>,
    lengths: std::ops::RangeInclusive<usize>,
}

static TENSE: LazyLock<Tense> = LazyLock::new(|| {
    let list = || crate::lexicon::entries(include_str!("../data/dates-tense.txt"));
    let mut markers: Vec<(u128, bool)> = list()
        .filter_map(|e| {
            let (w, tense) = e.split_once(' ')?;
            Some((words::lower_key(w)?, tense == "future"))
        })
        .collect();
    markers.sort_unstable();
    markers.dedup_by_key(|&mut (k, _)| k);
    let lens = || list().filter_map(|e| Some(e.split_once(' ')?.0.len()));
    let lengths = lens().min().unwrap_or(1)..=lens().max().unwrap_or(0);
    Tense { markers, lengths }
});

struct Found {
    start: usize,
    end: usize,
    value: String,
    kind: DateKind,
    /// Values that wait for the dates around them.
    defer: Option<Defer>,
}

enum Defer {
    /// A clock time: the `T…` part, to be joined to its sentence's date.
    Time(String),
    /// `the day` (`to end the day at 7,114`): the day the text last named.
    LastDay,
}

fn found(ctx: &Ctx, value: String, kind: DateKind) -> Option<Found> {
    Some(Found {
        start: ctx.start,
        end: ctx.end,
        value,
        kind,
        defer: None,
    })
}

fn g<'h>(caps: &Caps<'h>, name: &str) -> Option<&'h str> {
    caps.name(name).map(|m| m.as_str())
}

fn num(s: Option<&str>) -> Option<u32> {
    let s = s?.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    s.parse().ok()
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Gives the match its value, or None when context says it is no date.
/// Dispatches on the form that matched (see [`grammar`]), each form being
/// one named alternative of the grammar.
fn interpret(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    match caps.form {
        "iso" => {
            let d = ymd(
                num(g(caps, "iso_y"))? as i32,
                num(g(caps, "iso_m"))?,
                num(g(caps, "iso_d"))?,
            )?;
            let mut v = calendar::day(d);
            if let Some(t) = g(caps, "iso_t") {
                v.push('T');
                v.push_str(t);
                return found(ctx, v, DateKind::Time);
            }
            found(ctx, v, DateKind::Date)
        }
        "sl" => slash_date(caps, ctx),
        "tm" => clock_time(caps, ctx),
        "hol" => {
            let rule = WORDS.holiday(g(caps, "hol_n")?)?;
            let year = match num(g(caps, "hol_y")) {
                Some(y) => Some(y as i32),
                None => ctx.dct.and_then(|d| {
                    let probe = calendar::holiday(rule, d.year())?;
                    Some(calendar::infer_year(
                        d,
                        probe.month(),
                        Some(probe.day()),
                        ctx.future(),
                    ))
                }),
            };
            let v = match year.and_then(|y| calendar::holiday(rule, y)) {
                Some(d) => calendar::day(d),
                None => match rule {
                    words::HolidayRule::Fixed(m, d) => format!("XXXX-{m:02}-{d:02}"),
                    _ => String::new(),
                },
            };
            found(ctx, v, DateKind::Date)
        }
        "mdy" => month_day(caps, ctx, "mdy"),
        "dmy" => month_day(caps, ctx, "dmy"),
        "ssy" => {
            let y = num(g(caps, "ssy_y"))?;
            found(
                ctx,
                format!("{y:04}-{}", season_code(g(caps, "ssy_s")?)),
                DateKind::Month,
            )
        }
        "q" => quarter(caps, ctx),
        "fy" => {
            let y = g(caps, "fy_y")?;
            let y: u32 = if y.len() == 2 {
                2000 + y.parse::<u32>().ok()?
            } else {
                y.parse().ok()?
            };
            found(ctx, format!("FY{y:04}"), DateKind::Year)
        }
        "dec" => {
            let v = match (g(caps, "dec_c"), g(caps, "dec_d"), g(caps, "dec_d2")) {
                (Some(c), Some(d), _) => format!("{c}{d}"),
                (_, _, Some(d)) => format!("{}{d}", if d == "0" || d == "1" { "20" } else { "19" }),
                _ => return None,
            };
            found(ctx, v, DateKind::Year)
        }
        "my" => {
            let m = WORDS.month(g(caps, "my_m")?)?;
            let y = num(g(caps, "my_y"))? as i32;
            found(ctx, calendar::month(y, m), DateKind::Month)
        }
        "ago" => ago(caps, ctx),
        "set" => set(caps, ctx),
        "dw" => day_word(caps, ctx),
        "rel" => relative_unit(caps, ctx),
        "wd" => weekday(caps, ctx),
        "mo" => month_alone(caps, ctx),
        "ss" => season_alone(caps, ctx),
        "ref" => found(
            ctx,
            WORDS.reference(caps.get(0)?.as_str())?.to_owned(),
            DateKind::Relative,
        ),
        "dur" => duration(caps, ctx),
        "durp" => vague_duration(caps, ctx),
        "yr" => year(caps, ctx),
        _ => None,
    }
}

fn slash_date(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let a = num(g(caps, "sl_a"))?;
    let b = num(g(caps, "sl_b"))?;
    let y = g(caps, "sl_y")?;
    let y = if y.len() == 2 {
        2000 + y.parse::<i32>().ok()?
    } else {
        y.parse().ok()?
    };
    // US order first (07/27/2011); day first only when the first part cannot
    // be a month (27/07/2011).
    let d = if a <= 12 { ymd(y, a, b) } else { ymd(y, b, a) }?;
    found(ctx, calendar::day(d), DateKind::Date)
}

fn clock_time(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let (mut h, m) = match (g(caps, "tm_h"), g(caps, "tm_h2"), g(caps, "tm_noon")) {
        (Some(h), _, _) => (num(Some(h))?, num(g(caps, "tm_m")).unwrap_or(0)),
        (_, Some(h), _) => (num(Some(h))?, num(g(caps, "tm_m2"))?),
        (_, _, Some(n)) => (
            if n.eq_ignore_ascii_case("noon") {
                12
            } else {
                24
            },
            0,
        ),
        _ => return None,
    };
    if let Some(ap) = g(caps, "tm_ap") {
        if !(1..=12).contains(&h) {
            return None;
        }
        let pm = ap.starts_with(['p', 'P']);
        h = match (pm, h) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
    } else if g(caps, "tm_h2").is_some() && g(caps, "tm_z").is_none() {
        // A bare 14:30 is a time only after `at`, `by`, `until` …; otherwise
        // it may be a score or a ratio.
        const CUES: &[&str] = &[
            "at", "by", "until", "till", "from", "before", "after", "around", "about", "to",
        ];
        let prev = ctx.prev_word();
        if !CUES.iter().any(|c| c.eq_ignore_ascii_case(prev)) {
            return None;
        }
    }
    let zone = match g(caps, "tm_z") {
        Some("UTC" | "GMT" | "Z") => "Z",
        _ => "",
    };
    let time = format!("T{h:02}:{m:02}{zone}");
    // `18:00 UTC today`: the day word gives the date.
    let day = g(caps, "tm_day").and_then(|w| {
        let d = ctx.dct?;
        let off = if w.eq_ignore_ascii_case("yesterday") {
            -1
        } else if w.eq_ignore_ascii_case("tomorrow") {
            1
        } else {
            0
        };
        calendar::add_days(d, off)
    });
    let fallback = day.or(ctx.dct).map(calendar::day).unwrap_or_default();
    Some(Found {
        start: ctx.start,
        end: ctx.end,
        value: fallback,
        kind: DateKind::Time,
        defer: Some(Defer::Time(time)),
    })
}

fn month_day(caps: &Caps, ctx: &Ctx, p: &str) -> Option<Found> {
    // The part names of the two forms, spelled out rather than formatted
    // for every match.
    let name = |s: &str| -> &'static str {
        match (p, s) {
            ("mdy", "m") => "mdy_m",
            ("mdy", "d") => "mdy_d",
            ("mdy", _) => "mdy_y",
            (_, "m") => "dmy_m",
            (_, "d") => "dmy_d",
            _ => "dmy_y",
        }
    };
    let m = WORDS.month(g(caps, name("m"))?)?;
    let d = num(g(caps, name("d")))?;
    // `May 5,000` or `March 3.5`: a number, not a day.
    let after = ctx.text_after();
    if after.starts_with([',', '.', ':']) && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let word = g(caps, name("m"))?;
    // An unpunctuated abbreviation (`Mar 3`) is too easily a name; only
    // full names or `Mar.` take a bare day.
    if g(caps, name("y")).is_none()
        && word.len() <= 4
        && !word.ends_with('.')
        && !matches!(word, "May" | "June" | "July")
    {
        return None;
    }
    let y = match num(g(caps, name("y"))) {
        Some(y) => Some(y as i32),
        None => ctx
            .dct
            .map(|dct| calendar::infer_year(dct, m, Some(d), ctx.future())),
    };
    let v = match y {
        Some(y) => calendar::day(ymd(y, m, d)?),
        None => {
            ymd(2000, m, d)?; // a real day of some (leap) year
            format!("XXXX-{m:02}-{d:02}")
        }
    };
    found(ctx, v, DateKind::Date)
}

fn season_code(s: &str) -> &'static str {
    match s.to_ascii_lowercase().as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        _ => "WI",
    }
}

fn quarter(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    if let Some(n) = num(g(caps, "q_n")) {
        let y = num(g(caps, "q_y2"))
            .map(|y| y as i32)
            .or_else(|| ctx.dct.map(|d| d.year()));
        let v = y.map_or_else(|| format!("XXXX-Q{n}"), |y| format!("{y:04}-Q{n}"));
        return found(ctx, v, DateKind::Month);
    }
    let half = g(caps, "q_u")?.eq_ignore_ascii_case("half");
    let o = g(caps, "q_o")?;
    let letter = if half { 'H' } else { 'Q' };
    let per_year = if half { 2 } else { 4 };
    let explicit_year = num(g(caps, "q_y")).map(|y| y as i32).or_else(|| {
        let rel = g(caps, "q_rel")?;
        let y = ctx.dct?.year();
        Some(match rel.to_ascii_lowercase().as_str() {
            "last" => y - 1,
            "next" => y + 1,
            _ => y,
        })
    });
    if let Some(n) = WORDS.ordinal(o) {
        if n > per_year {
            return None;
        }
        let y = explicit_year.or_else(|| {
            // `the third quarter` without a year: the latest one reported on,
            // or the coming one in a future-tense clause.
            let d = ctx.dct?;
            let cur = if half {
                (d.month() - 1) / 6 + 1
            } else {
                calendar::quarter_of(d).1
            };
            Some(if n > cur && !ctx.future() {
                d.year() - 1
            } else {
                d.year()
            })
        });
        let v = y.map_or_else(
            || format!("XXXX-{letter}{n}"),
            |y| format!("{y:04}-{letter}{n}"),
        );
        return found(ctx, v, DateKind::Month);
    }
    // last / this / next quarter: relative to publication.
    let Some(d) = ctx.dct else {
        return found(ctx, String::new(), DateKind::Relative);
    };
    let off = match o.to_ascii_lowercase().as_str() {
        "last" | "previous" | "past" | "final" | "latest" => -1,
        "next" => 1,
        _ => 0,
    };
    if half {
        let h = (d.month() - 1) / 6 + 1;
        let idx = i64::from(d.year()) * 2 + i64::from(h) - 1 + off;
        return found(
            ctx,
            format!("{:04}-H{}", idx.div_euclid(2), idx.rem_euclid(2) + 1),
            DateKind::Relative,
        );
    }
    let (y, q) = calendar::quarter_of(d);
    found(ctx, calendar::shift_quarter(y, q, off), DateKind::Relative)
}

/// The ISO 8601 duration of `n` units (`P6Y`, `PT2H`, `PXM`).
fn duration_value(n: Amount, unit: &str) -> String {
    let (t, unit, mult) = match unit {
        "TS" => ("T", "S", 1.0),
        "TM" => ("T", "M", 1.0),
        "TH" => ("T", "H", 1.0),
        "DE" => ("", "Y", 10.0),
        "CE" => ("", "Y", 100.0),
        "2W" => ("", "W", 2.0),
        "Q" => ("", "M", 3.0),
        u => ("", u, 1.0),
    };
    match n {
        Amount::X => {
            // TimeML keeps the named unit for vague amounts (`decades` → PXDE).
            let unit = match mult {
                10.0 => "DE",
                100.0 => "CE",
                _ => unit,
            };
            format!("P{t}X{unit}")
        }
        Amount::N(v) => {
            let v = v * mult;
            if v.fract() == 0.0 {
                format!("P{t}{}{unit}", v as i64)
            } else {
                format!("P{t}{v}{unit}")
            }
        }
    }
}

fn ago(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let unit = WORDS.unit(g(caps, "ago_u")?)?;
    let n = match g(caps, "ago_n") {
        Some(s) => WORDS.amount(s)?,
        None => Amount::X,
    };
    let dir = g(caps, "ago_dir")?.to_ascii_lowercase();
    // `a week before the vote`: anchored to an event, so a duration.
    if dir == "before" || dir == "after" {
        return found(ctx, duration_value(n, unit), DateKind::Duration);
    }
    if dir == "later" {
        return found(ctx, String::new(), DateKind::Relative);
    }
    let Amount::N(n) = n else {
        return found(ctx, "PAST_REF".to_owned(), DateKind::Relative);
    };
    let Some(d) = ctx.dct else {
        return found(ctx, String::new(), DateKind::Relative);
    };
    let n = n.round() as i64;
    // Granularity follows the unit: days and weeks ago name a day (TimeML
    // gives `a week ago` the date), months a month, years a year.
    let v = match unit {
        "D" => calendar::day(calendar::add_days(d, -n)?),
        "W" => calendar::day(calendar::add_days(d, -7 * n)?),
        "WE" | "2W" => calendar::week(calendar::add_days(d, -7 * n)?),
        "M" => {
            let (y, m) = calendar::shift_month(d.year(), d.month(), -n);
            calendar::month(y, m)
        }
        "Q" => {
            let (y, q) = calendar::quarter_of(d);
            calendar::shift_quarter(y, q, -n)
        }
        "Y" => calendar::year(d.year() - n as i32),
        "DE" => calendar::year(d.year() - 10 * n as i32),
        "CE" => calendar::year(d.year() - 100 * n as i32),
        _ => calendar::day(d), // hours, minutes ago: today
    };
    found(ctx, v, DateKind::Relative)
}

fn set(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    if let Some(adv) = g(caps, "set_adv") {
        let v = match adv {
            "daily" | "nightly" => "P1D",
            "weekly" => "P1W",
            "biweekly" => "P2W",
            "monthly" => "P1M",
            "quarterly" => "P3M",
            "hourly" => "PT1H",
            "biannually" | "semiannually" => "P6M",
            _ => "P1Y",
        };
        return found(ctx, v.to_owned(), DateKind::Set);
    }
    if let Some(wd) = g(caps, "set_wd") {
        let n = WORDS.weekday(wd.trim_end_matches('s'))?;
        return found(ctx, format!("XXXX-WXX-{n}"), DateKind::Set);
    }
    let u = g(caps, "set_u").or(g(caps, "set_u2"))?;
    if let Some(n) = WORDS.weekday(u) {
        return found(ctx, format!("XXXX-WXX-{n}"), DateKind::Set);
    }
    let v = match WORDS.unit(u) {
        Some(unit) => {
            let n = g(caps, "set_n")
                .and_then(|s| WORDS.amount(s))
                .unwrap_or(Amount::N(1.0));
            duration_value(n, unit)
        }
        // every morning
        None => format!("XXXX-XX-XXT{}", part_code(u)),
    };
    found(ctx, v, DateKind::Set)
}

fn part_code(p: &str) -> &'static str {
    match p.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

fn day_word(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let (off, part) = if let Some(base) = g(caps, "dw_base") {
        let base = base.to_ascii_lowercase();
        let off = match base.as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        let part = if base == "tonight" {
            Some("night")
        } else {
            g(caps, "dw_part")
        };
        (off, part)
    } else if let Some(this) = g(caps, "dw_this") {
        let part = g(caps, "dw_part2")?;
        // `last night` is the night before publication.
        let off = if this.eq_ignore_ascii_case("last") {
            -1
        } else {
            0
        };
        (off, Some(part))
    } else if caps.name("dw_the").is_some() {
        return the_day(ctx);
    } else if let Some(u) = g(caps, "dw_nth_u") {
        // `for a second straight day`: the run reaches the article's day.
        let d = ctx.dct;
        let v = match u.to_ascii_lowercase().as_str() {
            "week" => d.map(calendar::week),
            "month" => d.map(|d| calendar::month(d.year(), d.month())),
            "year" => d.map(|d| calendar::year(d.year())),
            _ => d.map(calendar::day),
        };
        return found(ctx, v.unwrap_or_default(), DateKind::Relative);
    } else {
        let rel = g(caps, "dw_rel")?.to_ascii_lowercase();
        let rel: String = rel.split_whitespace().collect::<Vec<_>>().join(" ");
        let off = match rel.as_str() {
            "day before yesterday" => -2,
            "day after tomorrow" => 2,
            "day before" => -1,
            r if r.starts_with("previous") => -1,
            r if r.starts_with("same") => 0,
            _ => 1,
        };
        let part = match rel.rsplit(' ').next() {
            Some("morning") => Some("morning"),
            Some("afternoon") => Some("afternoon"),
            Some("evening") => Some("evening"),
            Some("night") => Some("night"),
            _ => None,
        };
        (off, part)
    };
    let kind = if part.is_some() {
        DateKind::Time
    } else {
        DateKind::Relative
    };
    let v = match ctx.dct.and_then(|d| calendar::add_days(d, off)) {
        Some(d) => {
            let mut v = calendar::day(d);
            if let Some(p) = part {
                v.push('T');
                v.push_str(part_code(p));
            }
            v
        }
        None => String::new(),
    };
    found(ctx, v, kind)
}

/// `the day` as market and event reports use it (`to end the day at
/// 7,114`, `later in the day`): the day the story is about, which is the day
/// it last named, else the publication date. `the day he left` is left alone.
fn the_day(ctx: &Ctx) -> Option<Found> {
    let whole = &ctx.text[ctx.start..ctx.end];
    let part_of = whole.len() > "the day".len();
    if !part_of {
        const CUES: &[&str] = &[
            "end",
            "ended",
            "ending",
            "ends",
            "in",
            "on",
            "for",
            "during",
            "over",
            "close",
            "closed",
            "start",
            "started",
            "throughout",
        ];
        if !CUES.iter().any(|c| c.eq_ignore_ascii_case(ctx.prev_word())) {
            return None;
        }
    }
    // `the day when …`, `the day of the vote`, `the day he left`: a
    // described day, not the story's.
    let next = ctx.next_word();
    let rest = ctx.text_after().trim_start();
    if rest.starts_with(|c: char| c.is_alphabetic())
        && ![
            "at", "with", "and", "as", "but", "down", "up", "higher", "lower",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(next))
    {
        return None;
    }
    Some(Found {
        start: ctx.start,
        end: ctx.end,
        value: ctx.dct.map(calendar::day).unwrap_or_default(),
        kind: DateKind::Relative,
        defer: Some(Defer::LastDay),
    })
}

fn relative_unit(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let dir = g(caps, "rel_dir")?.to_ascii_lowercase();
    let dir: String = dir.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = g(caps, "rel_u")?.to_ascii_lowercase();
    let has_mod = g(caps, "rel_mod").is_some();
    if dir == "the" && !has_mod {
        return None; // `the year` alone is no date
    }
    // `the past year`, `the last week`: a stretch of time up to now.
    if (dir == "the past" || dir == "the last") && !has_mod {
        let code = WORDS.unit(&unit).unwrap_or("Y");
        return found(
            ctx,
            duration_value(Amount::N(1.0), code),
            DateKind::Duration,
        );
    }
    let off: i64 = match dir.as_str() {
        "last" | "the previous" | "the past" | "the last" => -1,
        "next" | "the next" | "the following" | "the coming" => 1,
        _ => 0,
    };
    let Some(d) = ctx.dct else {
        return found(ctx, String::new(), DateKind::Relative);
    };
    let v = match unit.as_str() {
        "week" => calendar::week(calendar::add_days(d, 7 * off)?),
        "weekend" => format!("{}-WE", calendar::week(calendar::add_days(d, 7 * off)?)),
        "month" => {
            let (y, m) = calendar::shift_month(d.year(), d.month(), off);
            calendar::month(y, m)
        }
        "year" => calendar::year(d.year() + off as i32),
        "decade" => format!("{:03}", (d.year() + 10 * off as i32) / 10),
        "century" => format!("{:02}", (d.year() + 100 * off as i32) / 100),
        s => {
            // Seasons: `last summer` is the latest summer before this one.
            let code = season_code(s);
            let m = d.month();
            let cur = match m {
                3..=5 => "SP",
                6..=8 => "SU",
                9..=11 => "FA",
                _ => "WI",
            };
            let order = |c: &str| {
                ["WI", "SP", "SU", "FA"]
                    .iter()
                    .position(|x| *x == c)
                    .unwrap_or(0)
            };
            let y = d.year();
            let y = match off {
                -1 if order(code) >= order(cur) => y - 1,
                1 if order(code) <= order(cur) => y + 1,
                _ => y,
            };
            format!("{y:04}-{code}")
        }
    };
    found(ctx, v, DateKind::Relative)
}

fn weekday(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let wd = WORDS.weekday(g(caps, "wd_d")?)?;
    let md = g(caps, "wd_mod").map(str::to_ascii_lowercase);
    let part = g(caps, "wd_part");
    let kind = if part.is_some() {
        DateKind::Time
    } else {
        DateKind::Relative
    };
    let Some(d) = ctx.dct else {
        return found(ctx, String::new(), kind);
    };
    let past = match md.as_deref() {
        Some("next") => false,
        Some("last") | Some("past") => true,
        _ => !ctx.future(),
    };
    let mut day = calendar::weekday_near(d, wd, past)?;
    if md.as_deref() == Some("last") && day == d {
        day = calendar::add_days(d, -7)?;
    }
    let mut v = calendar::day(day);
    if let Some(p) = part {
        v.push('T');
        v.push_str(part_code(p));
    }
    found(ctx, v, kind)
}

/// Month names that are also ordinary words or names (`Theresa May`,
/// `March` the verb, `August` the adjective) need a calendar cue before them.
fn month_needs_cue(m: &str) -> bool {
    matches!(m, "May" | "March" | "August")
}

fn month_alone(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let word = g(caps, "mo_m")?;
    let m = WORDS.month(word)?;
    let rel = g(caps, "mo_rel").map(str::to_ascii_lowercase);
    let cued =
        rel.is_some() || g(caps, "mo_pre").is_some() || caps.get(0)?.as_str().len() > word.len();
    if !cued && month_needs_cue(word) {
        const CUES: &[&str] = &[
            "in", "since", "until", "till", "by", "of", "during", "from", "through", "to",
            "before", "after", "early", "late", "mid", "last", "next", "this", "between", "and",
            "or", "for",
        ];
        let prev = ctx.prev_word();
        if !CUES.iter().any(|c| c.eq_ignore_ascii_case(prev)) {
            return None;
        }
        // `of May` is a date only when no name follows (`the office of May Smith`).
        if ctx
            .next_word()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            return None;
        }
    }
    let Some(d) = ctx.dct else {
        return found(ctx, format!("XXXX-{m:02}"), DateKind::Month);
    };
    let y = match rel.as_deref() {
        Some("last") => {
            if m < d.month() {
                d.year()
            } else {
                d.year() - 1
            }
        }
        Some("next") => {
            if m > d.month() {
                d.year()
            } else {
                d.year() + 1
            }
        }
        Some(_) => d.year(),
        None => calendar::infer_year(d, m, None, ctx.future()),
    };
    found(ctx, calendar::month(y, m), DateKind::Month)
}

fn season_alone(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    // `prices fall`, `a spring in his step`: only after a calendar cue
    // (`in the spring`, `during summer`, `by autumn`).
    const CUES: &[&str] = &[
        "in", "during", "by", "until", "till", "through", "since", "over", "for", "this",
    ];
    let mut words = ctx.words_before();
    let mut prev = words.next().unwrap_or("");
    if prev.eq_ignore_ascii_case("the") {
        prev = words.next().unwrap_or("");
    }
    if !CUES.iter().any(|c| c.eq_ignore_ascii_case(prev)) {
        return None;
    }
    let code = season_code(g(caps, "ss_s")?);
    let v = ctx.dct.map_or_else(
        || format!("XXXX-{code}"),
        |d| format!("{:04}-{code}", d.year()),
    );
    found(ctx, v, DateKind::Month)
}

fn duration(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let n_text = g(caps, "dur_n")?;
    let u_text = g(caps, "dur_u")?;
    let unit = WORDS.unit(u_text)?;
    let n = WORDS.amount(n_text)?;
    let article = n_text.eq_ignore_ascii_case("a") || n_text.eq_ignore_ascii_case("an");
    // `a second term`, `a quarter of the staff`: not time spans.
    if article && matches!(unit, "TS" | "Q") {
        return None;
    }
    // `12-year-old`: an age, which TimeML leaves alone.
    if ctx.text_after().starts_with("-old") || ctx.text_after().starts_with("-year-old") {
        return None;
    }
    // `$5 million a year`, `twice a day`: a rate, i.e. a set.
    if article && g(caps, "dur_mod").is_none() {
        let prev = ctx.prev_word();
        let amount_before = prev.starts_with(|c: char| c.is_ascii_digit())
            || [
                "million", "billion", "thousand", "hundred", "percent", "times", "twice", "once",
                "cents", "dollars",
            ]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(prev));
        if amount_before {
            return found(ctx, duration_value(n, unit), DateKind::Set);
        }
    }
    // Money or counts written with digits before a unit-like word are rare;
    // but `2,000 years` is fine. A plain `0 days` is not worth a row.
    if matches!(n, Amount::N(v) if v == 0.0) {
        return None;
    }
    found(ctx, duration_value(n, unit), DateKind::Duration)
}

fn vague_duration(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let u_text = g(caps, "durp_u")?;
    let whole = caps.get(0)?.as_str();
    if !whole.ends_with("-long") {
        // `for years`, `in decades`, `within hours`: a span of unknown length.
        const CUES: &[&str] = &[
            "for", "over", "in", "within", "after", "than", "took", "lasted", "spent",
        ];
        let prev = ctx.prev_word();
        if !CUES.iter().any(|c| c.eq_ignore_ascii_case(prev)) {
            return None;
        }
        // `in years past` is fine, `in years of war` not a span.
        if ctx.next_word().eq_ignore_ascii_case("of") {
            return None;
        }
    }
    let unit = WORDS.unit(u_text)?;
    found(ctx, duration_value(Amount::X, unit), DateKind::Duration)
}

fn year(caps: &Caps, ctx: &Ctx) -> Option<Found> {
    let y = num(g(caps, "yr_y"))?;
    let prefixed = caps.get(0)?.as_str().len() > 4;
    if !prefixed && !year_context(ctx) {
        return None;
    }
    // 1800–1899 only with a clear cue (`in 1815`), as they are often counts.
    if y < 1900 {
        let prev = ctx.prev_word();
        if !["in", "since", "of", "from", "until", "by"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(prev))
        {
            return None;
        }
    }
    found(ctx, calendar::year(y as i32), DateKind::Year)
}

/// Whether a bare four-digit number reads as a year: not an amount (`$2011`,
/// `about 2000 people`, `1999 votes`, `2015%`), not part of a longer number.
fn year_context(ctx: &Ctx) -> bool {
    if let Some(c) = ctx.char_before() {
        if matches!(c, '$' | '€' | '£' | '#' | '+' | '-' | '.' | ',' | '/' | ':') {
            // `mid-2011` is taken by the prefix; `1-2011` or `3.2011` is not a year.
            return false;
        }
    }
    let after = ctx.text_after();
    if after.starts_with(['%', ':'])
        || (after.starts_with([',', '.']) && after[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    const STRONG: &[&str] = &[
        "in", "since", "by", "during", "until", "till", "from", "of", "before", "after", "through",
        "between", "and", "to", "the", "fiscal", "early", "late", "mid", "year", "summer",
        "spring", "autumn", "winter", "fall", "around", "circa", "for",
    ];
    const AMOUNT: &[&str] = &[
        "about",
        "some",
        "nearly",
        "almost",
        "over",
        "than",
        "approximately",
        "least",
        "roughly",
        "only",
        "just",
        "number",
        "no",
        "flight",
        "route",
        "model",
        "room",
        "page",
        "pages",
        "article",
        "section",
        "code",
        "highway",
        "the top",
        "estimated",
        "total",
        "additional",
        "another",
        "were",
        "are",
        "had",
        "has",
    ];
    let prev = ctx.prev_word();
    if AMOUNT.iter().any(|w| w.eq_ignore_ascii_case(prev)) {
        return false;
    }
    let next = ctx.next_word();
    const UNITS: &[&str] = &[
        "percent",
        "per",
        "people",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "feet",
        "meters",
        "metres",
        "tons",
        "tonnes",
        "dollars",
        "euros",
        "pounds",
        "yuan",
        "votes",
        "points",
        "jobs",
        "troops",
        "soldiers",
        "workers",
        "employees",
        "members",
        "cases",
        "deaths",
        "units",
        "cars",
        "homes",
        "times",
        "hours",
        "days",
        "years",
    ];
    if UNITS.iter().any(|w| w.eq_ignore_ascii_case(next)) {
        return false;
    }
    // `the Russell 2000 Index`, `Windows 2000 Server`: part of a name.
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if cap(prev) && cap(next) && WORDS.month(prev).is_none() {
        return false;
    }
    let strong = STRONG.iter().any(|w| w.eq_ignore_ascii_case(prev))
        || prev.ends_with("'s")
        || prev.ends_with("’s");
    // `2,000 soldiers` is caught above; `1999 votes` by plural after a weak cue.
    let plural_after =
        next.len() > 3 && next.ends_with('s') && next.chars().all(|c| c.is_ascii_lowercase());
    strong || !plural_after
}

#[cfg(test)]
mod tests;
