//! The publication date an article's own text gives, for articles whose
//! metadata has none.
//!
//! In: the article text. Out: a calendar day, or None. Only the first ten and
//! the last five non-empty lines are read, where papers put them, and
//! explicit markers win over bare dates:
//! 1. a print-edition line (`A version of this article appeared in the print
//!    edition of The Straits Times on August 26, 2017, …`);
//! 2. a byline date line (`Published: August 26, 2017`, `Updated 10:32 AM ET,
//!    Sat August 26, 2017`, `Posted on …`);
//! 3. a dateline or a date line near the top (`ROME 1996-12-06 (Reuters) -`,
//!    `February 20, 2009`).
//!
//! A date without a year (`WASHINGTON, Dec. 8 (UPI) —`) gives None: guessing
//! the year would put every later relative date in the wrong year.

use super::grammar::GRAMMAR;
use super::words::WORDS;
use chrono::NaiveDate;
use std::sync::LazyLock;

pub fn publication_date(text: &str) -> Option<NaiveDate> {
    // Only the first ten and the last five non-empty lines are read: taken
    // from each end with memchr into a fixed array, as `lines()` collected
    // into vectors cost more than the searches below.
    let mut lines = [""; HEAD + TAIL];
    let (head, all) = edge_lines(text, &mut lines);
    let head = &lines[..head];
    let candidates = || lines[..all].iter().copied();

    // Compared without lower-casing copies of whole paragraphs.
    // Both markers contain `print`: looking for it first jumps between the
    // rare `p`s of a long paragraph instead of its many `a`s.
    let print = candidates().find(|l| {
        contains_ignore_ascii_case(l, "print")
            && (contains_ignore_ascii_case(l, "print edition")
                || contains_ignore_ascii_case(l, "appeared in print"))
    });
    if let Some(d) = print.and_then(|l| first_day(l, usize::MAX)) {
        return Some(d);
    }
    // Which markers each line's start holds, read once per line rather
    // than once per marker and line.
    let mut found = [0u8; HEAD + TAIL];
    for (bits, l) in found.iter_mut().zip(candidates()) {
        *bits = markers_in(l);
    }
    for (k, _) in MARKERS.iter().enumerate() {
        let hit = candidates().zip(found).find_map(|(l, bits)| {
            (bits & 1 << k != 0)
                .then(|| first_day(l, usize::MAX))
                .flatten()
        });
        if hit.is_some() {
            return hit;
        }
    }
    // A dateline: the date comes early in a top line.
    head.iter().find_map(|l| first_day(l, 60))
}

/// How many non-empty lines from the top and from the bottom are read.
const HEAD: usize = 10;
const TAIL: usize = 5;

/// Fills `out` with the first [`HEAD`] non-empty lines of `text`, then its
/// last [`TAIL`] in text order (a short text's lines can be in both), each
/// trimmed as `text.lines().map(str::trim)` gives them. Returns how many
/// head lines, and how many lines in all.
fn edge_lines<'t>(text: &'t str, out: &mut [&'t str; HEAD + TAIL]) -> (usize, usize) {
    let bytes = text.as_bytes();
    // `\n` is never inside a UTF-8 char, so every cut is a char boundary.
    let line = |start: usize, end: usize| text.get(start..end).map_or("", str::trim);
    let mut n = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let l = line(start, end);
        start = end + 1;
        if !l.is_empty() {
            out[n] = l;
            n += 1;
            if n == HEAD {
                break;
            }
        }
    }
    let head = n;
    let mut tail = 0;
    let mut end = bytes.len();
    for start in memchr::memrchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain(std::iter::once(0))
    {
        let l = line(start, end);
        end = start.saturating_sub(1);
        if !l.is_empty() {
            tail += 1;
            out[HEAD + TAIL - tail] = l;
            if tail == TAIL {
                break;
            }
        }
    }
    out.copy_within(HEAD + TAIL - tail.., head);
    (head, head + tail)
}

/// Byline markers, strongest first, looked for in a line's first 60 bytes.
const MARKERS: [&str; 7] = [
    "published",
    "posted",
    "first published",
    "updated",
    "last updated",
    "date:",
    "dated",
];

/// Bit `k` set when `MARKERS[k]` occurs (ASCII case aside) in the first 60
/// bytes of `line` (none when byte 60 splits a character).
fn markers_in(line: &str) -> u8 {
    let Some(start) = line.get(..line.len().min(60)) else {
        return 0;
    };
    let b = start.as_bytes();
    let mut bits = 0;
    // Every marker has a `d`: only the few `d`s of a line's start are
    // looked at, each against the markers placed to have a `d` there.
    for j in memchr::memchr2_iter(b'd', b'D', b) {
        for &(k, off) in D_AT.iter() {
            let Some((i, m)) = j.checked_sub(off).zip(MARKERS.get(k)) else {
                continue;
            };
            if b.get(i..i + m.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(m.as_bytes()))
            {
                bits |= 1 << k;
            }
        }
    }
    bits
}

/// (marker index, offset of a `d` in it), for every `d` of every marker.
static D_AT: LazyLock<Vec<(usize, usize)>> = LazyLock::new(|| {
    MARKERS
        .iter()
        .enumerate()
        .flat_map(|(k, m)| {
            m.bytes()
                .enumerate()
                .filter(|&(_, c)| c == b'd')
                .map(move |(off, _)| (k, off))
        })
        .collect()
});

/// Whether `hay` lower-cased (ASCII) contains `needle`, itself lower-case.
fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    // Jump between the places where the first letter occurs (either case)
    // rather than comparing at every byte of a long paragraph.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h).any(|i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// The parts that make a full calendar day in [`first_day`].
const DAY_FORMS: [&str; 4] = ["iso", "sl", "mdy", "dmy"];

/// Whether `bytes` hold an ASCII digit. Read in blocks without an early
/// exit, which the compiler turns into vector code: a paragraph's test
/// costs a fraction of an instruction a byte, where `any` cost three.
fn has_digit(bytes: &[u8]) -> bool {
    let is_digit = |c: &u8| u8::from(c.wrapping_sub(b'0') < 10);
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().map(is_digit).fold(0, |a, d| a | d) != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(|c| is_digit(c) != 0)
}

/// The first full calendar day (with a year) in `line` starting before byte
/// `within`.
fn first_day(line: &str, within: usize) -> Option<NaiveDate> {
    // Every form read below has its year in digits: a line without a digit
    // (titles, bylines, many leads) has no full day, and is not searched.
    if !has_digit(line.as_bytes()) {
        return None;
    }
    let mut pos = 0;
    // Past `within` nothing counts: the search stops there, not at the end
    // of a long paragraph (a form's match starts where the union's does).
    while let Some(found) = GRAMMAR.find_at(line, pos, within) {
        pos = found.end().max(found.start() + 1);
        while pos < line.len() && !line.is_char_boundary(pos) {
            pos += 1;
        }
        // `Monday`, `last week`: no calendar day, and reading their parts
        // can cost a regex search each.
        if !GRAMMAR.may_have(&found, &DAY_FORMS) {
            continue;
        }
        let caps = GRAMMAR.parts(line, found)?;
        let num = |name: &str| -> Option<u32> {
            caps.name(name)?
                .as_str()
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()
        };
        let day = if caps.name("iso").is_some() {
            NaiveDate::from_ymd_opt(num("iso_y")? as i32, num("iso_m")?, num("iso_d")?)
        } else if caps.name("sl").is_some() {
            let (a, b, y) = (num("sl_a")?, num("sl_b")?, num("sl_y")?);
            let y = if y < 100 { 2000 + y } else { y } as i32;
            if a <= 12 {
                NaiveDate::from_ymd_opt(y, a, b)
            } else {
                NaiveDate::from_ymd_opt(y, b, a)
            }
        } else if caps.name("mdy").is_some() || caps.name("dmy").is_some() {
            let p = if caps.name("mdy").is_some() {
                "mdy"
            } else {
                "dmy"
            };
            let m = WORDS.month(caps.name(&format!("{p}_m"))?.as_str())?;
            let y = num(&format!("{p}_y"));
            y.and_then(|y| NaiveDate::from_ymd_opt(y as i32, m, num(&format!("{p}_d"))?))
        } else {
            None
        };
        if day.is_some() {
            return day;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_found_from_their_d_are_all_the_markers() {
        assert!(MARKERS.iter().all(|m| m.contains('d')));
        let naive = |line: &str| -> u8 {
            let Some(start) = line.get(..line.len().min(60)) else {
                return 0;
            };
            let low = start.to_ascii_lowercase();
            let mut bits = 0;
            for (k, m) in MARKERS.iter().enumerate() {
                if low.contains(m) {
                    bits |= 1 << k;
                }
            }
            bits
        };
        let pieces = [
            "Up", "dated", "DATE", ":", " ", "Last ", "first", " PUB", "lished", "Posted", "é", "d",
        ];
        for line in super::super::tests::random_texts(&pieces, 3, 9).take(3000) {
            assert_eq!(markers_in(&line), naive(&line), "{line:?}");
        }
    }

    #[test]
    fn digits_found_anywhere_in_a_line() {
        let digits: Vec<String> = (0..100)
            .map(|n| format!("{}{}{}", "a".repeat(n), n % 10, "é".repeat(n % 7)))
            .collect();
        assert!(digits.iter().all(|l| has_digit(l.as_bytes())));
        assert!(!has_digit("no digit here, only words and ½ ٣".as_bytes()));
        assert!(!has_digit(b""));
        assert!(!has_digit(&[b'/', b':', 0xff, 0x80].repeat(40)));
        // A date is read only from a line with a digit; others give None
        // without a search.
        let line = format!("{}Saturday, August 26, 2017", "word ".repeat(10));
        assert_eq!(first_day(&line, 60), NaiveDate::from_ymd_opt(2017, 8, 26));
        assert_eq!(first_day("Monday, last week, now", 60), None);
    }

    #[test]
    fn edge_lines_are_the_first_and_last_non_empty_lines() {
        let lines_of = |text: &str| -> Vec<String> {
            let mut out = [""; HEAD + TAIL];
            let (_, n) = edge_lines(text, &mut out);
            out[..n].iter().map(|l| l.to_string()).collect()
        };
        let naive = |text: &str| -> Vec<String> {
            let non_empty = |l: &&str| !l.is_empty();
            let head = text.lines().map(str::trim).filter(non_empty).take(HEAD);
            let mut tail: Vec<&str> = text
                .lines()
                .rev()
                .map(str::trim)
                .filter(non_empty)
                .take(TAIL)
                .collect();
            tail.reverse();
            head.chain(tail).map(str::to_string).collect()
        };
        let pieces = ["\n", "\r\n", " ", "\u{a0}", "a", "b c", "é", "\n\n", "\t"];
        // Short texts, whose lines are in both ends, and long ones.
        for len in [6, 30, 60] {
            for text in super::super::tests::random_texts(&pieces, 2, len).take(1000) {
                assert_eq!(lines_of(&text), naive(&text), "{text:?}");
            }
        }
        assert_eq!(lines_of(""), Vec::<String>::new());
        assert_eq!(lines_of("one"), ["one", "one"]);
    }

    #[test]
    fn markers_read_once_per_line() {
        // `published` (0) and `first published` (2) both; `dated` (6) only
        // past byte 60, where it does not count.
        let line = "First PUBLISHED on a Monday, long ago and far away, as told: dated";
        assert_eq!(markers_in(line), 0b101);
        assert_eq!(markers_in("Posted by staff"), 0b10);
        assert_eq!(markers_in("no marker here"), 0);
        // Byte 60 inside `é`: the line's start cannot be cut there.
        let cut = format!("Updated {}é", "x".repeat(51));
        assert_eq!(markers_in(&cut), 0);
    }
}
