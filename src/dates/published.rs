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
    let lines = &lines[..all];

    // Both kinds of marker are found without copying a line: the print
    // markers by a case-blind scan for `print` (a text that is one huge
    // line is not lower-cased whole), the byline markers in a lower-cased
    // copy of the line's first 60 bytes on the stack.
    let mut print = None;
    let mut found = [0u8; HEAD + TAIL];
    for (i, l) in lines.iter().enumerate() {
        if print.is_none() && has_print_marker(l.as_bytes()) {
            print = Some(i);
        }
        if let Some(bits) = found.get_mut(i) {
            *bits = markers_in(l);
        }
    }
    if let Some(d) = print.and_then(|i| first_day(lines.get(i)?, usize::MAX)) {
        return Some(d);
    }
    for (k, _) in MARKERS.iter().enumerate() {
        let hit = lines.iter().zip(found).find_map(|(l, bits)| {
            (bits & 1 << k != 0)
                .then(|| first_day(l, usize::MAX))
                .flatten()
        });
        if hit.is_some() {
            return hit;
        }
    }
    // A dateline: the date comes early in a top line.
    lines.get(..head)?.iter().find_map(|l| first_day(l, 60))
}

/// How many non-empty lines from the top and from the bottom are read.
const HEAD: usize = 10;
const TAIL: usize = 5;

/// Fills `out` with the first [`HEAD`] non-empty lines of `text`, then
/// those of its last [`TAIL`] that come after them, in text order, each
/// trimmed as `text.lines().map(str::trim)` gives them. Returns how many
/// head lines, and how many lines in all.
///
/// A line of a short text is in both ends, but is given once: every search
/// above takes the first line that answers, and a line's second copy comes
/// after its first. The tail is looked for only after the head, so a text
/// of few lines (a news paragraph is often one line) is read once, not
/// once from each end.
fn edge_lines<'t>(text: &'t str, out: &mut [&'t str; HEAD + TAIL]) -> (usize, usize) {
    let bytes = text.as_bytes();
    // `\n` is never inside a UTF-8 char, so every cut is a char boundary.
    let line = |start: usize, end: usize| text.get(start..end).map_or("", str::trim);
    let mut n = 0;
    let mut start = 0;
    let mut head_end = bytes.len();
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let l = line(start, end);
        start = end + 1;
        if !l.is_empty() {
            out[n] = l;
            n += 1;
            if n == HEAD {
                head_end = end;
                break;
            }
        }
    }
    let head = n;
    let after_head = bytes.get(head_end..).unwrap_or_default();
    let mut tail = 0;
    let mut end = bytes.len();
    for start in memchr::memrchr_iter(b'\n', after_head)
        .map(|i| head_end + i + 1)
        .chain(std::iter::once(head_end))
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

/// `c` lower-cased (ASCII), as `u8::to_ascii_lowercase` but without a
/// branch, so that a line is lower-cased in vector code: `make_ascii_lowercase`
/// went a byte at a time, at some 2 instructions a byte.
fn lower(c: u8) -> u8 {
    c | u8::from(c.wrapping_sub(b'A') < 26) << 5
}

/// Whether `line` names a print edition (`print edition`, `appeared in
/// print`, ASCII case aside). Both markers contain `print`, whose every
/// occurrence is found by [`find_print`] and then read around.
fn has_print_marker(line: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find_print(line, from) {
        let edition = line.get(i..i + 13);
        let appeared = i.checked_sub(12).and_then(|a| line.get(a..i + 5));
        if edition.is_some_and(|w| w.eq_ignore_ascii_case(b"print edition"))
            || appeared.is_some_and(|w| w.eq_ignore_ascii_case(b"appeared in print"))
        {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Bytes tested at once by [`find_print`].
const BLOCK: usize = 32;

/// Where `print` (ASCII case aside) first occurs in `line` at or after
/// `from`. Blocks of [`BLOCK`] starts are tested without an early exit,
/// which the compiler turns into vector code (a paragraph costs well
/// under an instruction a byte, where lower-casing it and searching the
/// copy cost more than one); only a block that holds one is read start by
/// start. The line's last starts are tested as a block too, copied into
/// one padded with zeros: read one by one they cost more than the rest.
fn find_print(line: &[u8], from: usize) -> Option<usize> {
    let mut b = from;
    loop {
        let mut padded = [0u8; BLOCK + 4];
        let window = match line.get(b..b + BLOCK + 4) {
            Some(w) => w,
            None => {
                let rest = line.get(b..)?;
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let Ok(window) = <&[u8; BLOCK + 4]>::try_from(window) else {
            return None;
        };
        if block_has_print(window) {
            return (b..b + BLOCK).find(|&i| line.get(i..i + 5).is_some_and(is_print));
        }
        if b + BLOCK + 4 >= line.len() {
            return None;
        }
        b += BLOCK;
    }
}

/// Whether `print` starts at any of the first [`BLOCK`] bytes of `w`. Most
/// blocks hold no `pr` at all, the test of two bytes costs half that of
/// five, and so is made first.
fn block_has_print(w: &[u8; BLOCK + 4]) -> bool {
    // `c | 0x20` is the lower case of an ASCII letter, and gives a
    // lower-case letter for no other byte.
    let at = |j: usize, c: u8| u8::from(w[j] | 0x20 == c);
    let mut pr = 0;
    for j in 0..BLOCK {
        pr |= at(j, b'p') & at(j + 1, b'r');
    }
    if pr == 0 {
        return false;
    }
    let mut any = 0;
    for j in 0..BLOCK {
        any |= at(j, b'p') & at(j + 1, b'r') & at(j + 2, b'i') & at(j + 3, b'n') & at(j + 4, b't');
    }
    any != 0
}

fn is_print(w: &[u8]) -> bool {
    w.first().is_some_and(|c| c | 0x20 == b'p') && w.eq_ignore_ascii_case(b"print")
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
    let n = line.len().min(60);
    let Some(head) = line
        .as_bytes()
        .get(..n)
        .filter(|_| line.is_char_boundary(n))
    else {
        return 0;
    };
    let mut buf = [0u8; 60];
    let start = &mut buf[..n];
    for (f, &c) in start.iter_mut().zip(head) {
        *f = lower(c);
    }
    let start = &*start;
    let mut bits = 0;
    // Every marker has a `d`: only the few `d`s of a line's start are
    // looked at, each against the markers placed to have a `d` there.
    for j in memchr::memchr_iter(b'd', start) {
        for &(k, off) in D_AT.iter() {
            let (Some(i), Some(m)) = (j.checked_sub(off), MARKERS.get(k)) else {
                continue;
            };
            // Most fail at the first byte, before a call to compare slices.
            let m = m.as_bytes();
            if start.get(i) == m.first() && start.get(i..i + m.len()) == Some(m) {
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
        assert!((0..=255).all(|c| lower(c) == c.to_ascii_lowercase()));
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
    fn print_markers_found_as_in_the_lower_cased_line() {
        // The reading before: the whole line lower-cased, then searched.
        let naive = |line: &str| {
            let low = line.to_ascii_lowercase();
            low.contains("print edition") || low.contains("appeared in print")
        };
        let pieces = [
            "PRINT",
            "print",
            "Pri",
            "nt",
            " ",
            " Edition",
            "edition",
            "appeared in ",
            "Appeared",
            " in",
            "é",
            "\u{17F}",
            "x",
            "words of a paragraph, ",
            "p",
            "t",
        ];
        // Lengths on both sides of a block and of several, so that markers
        // fall across block edges.
        for len in [2, 6, 15, 40] {
            for line in super::super::tests::random_texts(&pieces, 11, len).take(3000) {
                assert_eq!(has_print_marker(line.as_bytes()), naive(&line), "{line:?}");
                let first = line.to_ascii_lowercase().find("print");
                assert_eq!(find_print(line.as_bytes(), 0), first, "{line:?}");
            }
        }
        // Every offset of a marker in a long line, every case of a letter.
        for pad in 0..100 {
            let line = format!("{}A version appeared IN pRiNt on Monday", "y".repeat(pad));
            assert!(has_print_marker(line.as_bytes()), "{pad}");
            assert_eq!(find_print(line.as_bytes(), 0), Some(pad + 22));
            assert_eq!(find_print(line.as_bytes(), pad + 23), None);
        }
        assert!(!has_print_marker(
            "prin tedition; printed edition".as_bytes()
        ));
        assert_eq!(find_print(b"", 0), None);
        assert_eq!(find_print(b"print", 9), None);
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
        // Numbered so that a line in both ends is given once.
        let naive = |text: &str| -> Vec<String> {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .enumerate()
                .collect();
            let head = lines.iter().take(HEAD);
            let tail_from = lines.len().saturating_sub(TAIL).max(HEAD);
            let tail = lines.iter().skip(tail_from);
            head.chain(tail).map(|(_, l)| l.to_string()).collect()
        };
        let pieces = ["\n", "\r\n", " ", "\u{a0}", "a", "b c", "é", "\n\n", "\t"];
        // Short texts, whose lines are in both ends, and long ones.
        for len in [6, 30, 60] {
            for text in super::super::tests::random_texts(&pieces, 2, len).take(1000) {
                assert_eq!(lines_of(&text), naive(&text), "{text:?}");
            }
        }
        assert_eq!(lines_of(""), Vec::<String>::new());
        assert_eq!(lines_of("one"), ["one"]);
        let twelve: String = (1..=12).map(|i| format!("{i}\n\n")).collect();
        let mut out = [""; HEAD + TAIL];
        assert_eq!(edge_lines(&twelve, &mut out), (10, 12));
    }

    #[test]
    fn markers_read_once_per_line() {
        // `published` (0) and `first published` (2) both; `dated` (6) only
        // past byte 60, where it does not count.
        let line = "First PUBLISHED on a Monday, long ago and far away, as told: dated";
        let markers = markers_in;
        assert_eq!(markers(line), 0b101);
        assert_eq!(markers("Posted by staff"), 0b10);
        assert_eq!(markers("no marker here"), 0);
        // Byte 60 inside `é`: the line's start cannot be cut there.
        let cut = format!("Updated {}é", "x".repeat(51));
        assert_eq!(markers(&cut), 0);
    }

    /// The reading before lines were lower-cased once and given once: the
    /// first ten and last five non-empty lines (a short text's lines
    /// twice), each marker compared without case where it may start.
    fn reference(text: &str) -> Option<NaiveDate> {
        let non_empty = |l: &&str| !l.is_empty();
        let head: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(non_empty)
            .take(HEAD)
            .collect();
        let mut tail: Vec<&str> = text
            .lines()
            .rev()
            .map(str::trim)
            .filter(non_empty)
            .take(TAIL)
            .collect();
        tail.reverse();
        let all: Vec<&str> = head.iter().chain(&tail).copied().collect();
        let low = |l: &str| l.to_ascii_lowercase();
        let print = all.iter().find(|l| {
            let l = low(l);
            l.contains("print edition") || l.contains("appeared in print")
        });
        if let Some(d) = print.and_then(|l| first_day(l, usize::MAX)) {
            return Some(d);
        }
        for m in MARKERS {
            let hit = all.iter().find_map(|l| {
                let start = l.get(..l.len().min(60))?;
                low(start)
                    .contains(m)
                    .then(|| first_day(l, usize::MAX))
                    .flatten()
            });
            if hit.is_some() {
                return hit;
            }
        }
        head.iter().find_map(|l| first_day(l, 60))
    }

    #[test]
    fn publication_date_reads_as_the_reference() {
        let pieces = [
            "\n",
            "\n\n",
            " ",
            "A version appeared in PRINT ",
            "Print Edition ",
            "print",
            "Published: ",
            "UPDATED ",
            "posted on ",
            "Dated ",
            "date:",
            "August 26, 2017",
            "2016-03-04",
            "Saturday, ",
            "word ",
            "long sentence of words here, ",
            "é",
            "(Reuters) - ",
        ];
        let mut dated = 0;
        for len in [4, 12, 40] {
            for text in super::super::tests::random_texts(&pieces, 5, len).take(1500) {
                let want = reference(&text);
                dated += usize::from(want.is_some());
                assert_eq!(publication_date(&text), want, "{text:?}");
            }
        }
        // Most texts give a date, some not: both paths are tried.
        assert!(dated > 1000 && dated < 4400, "{dated}");
    }
}
