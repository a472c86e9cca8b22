//! Scraped-page boilerplate: text in, spans of whole lines that are page
//! furniture (`Advertisement`, `Trending on HotAir Videos`, share bars,
//! newsletter and cookie prompts, copyright footers) out.
//!
//! The patterns live in `data/boilerplate.txt`, compiled once into one
//! alternation `Regex` (not a `RegexSet`: we only ask whether any pattern
//! matches, and the single regex runs on the lazy DFA, about twelve times
//! faster than the set on a million short lines). A line qualifies only if it is short and matches as a whole:
//! a scraper leaves these as lines of their own, while a real paragraph that
//! merely starts with "Subscribe" or ends with "Print Edition | Subscribe"
//! is content and must not be dropped. It does not remove anything: the
//! spans keep their place in the text and offsets, and later stages skip
//! them.
//!
//! Most lines cannot match at all, and the regex is costly on them (Unicode
//! `\W`, case folding and the `\b` that sends any line with a non-ASCII
//! character to a backtracking engine). So a prefilter runs first: every
//! pattern is read for literals that each of its matches must contain
//! (`advertisement`, `share `, `all rights reserved`), and only the short
//! lines that contain one meet the regex.

use crate::lexicon;
use crate::model::Span;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::OnceLock;

const PATTERNS: &str = include_str!("../../data/boilerplate.txt");

/// Lines of this many characters or more are never boilerplate: the longest
/// page-furniture lines ("Join the conversation as a VIP Member", cookie
/// notices) are well under it, and a paragraph of reporting is well over.
pub(super) const MAX_LINE_CHARS: usize = 120;

/// The patterns as one regex anchored to the whole trimmed line,
/// case-insensitive, with any punctuation or symbols around the pattern
/// (`- Advertisement -`, `Subscribe »`).
fn anchored<'p>(patterns: impl IntoIterator<Item = &'p str>) -> String {
    let alternatives: Vec<String> = patterns.into_iter().map(|p| format!("(?:{p})")).collect();
    format!(r"^(?i:\W*(?:{})\W*)$", alternatives.join("|"))
}

/// The one regex of every valid pattern, and those patterns.
fn compiled() -> &'static (Option<Regex>, Vec<&'static str>) {
    static COMPILED: OnceLock<(Option<Regex>, Vec<&'static str>)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        // The list is compiled into the binary and a test compiles every
        // entry, so a bad pattern cannot ship; skipping one keeps the
        // no-panic promise all the same. Compiling each pattern on its own
        // to check it cost more than half of the program's start-up
        // (0.15 s), so that is done only if the whole list fails.
        let all: Vec<&'static str> = lexicon::entries(PATTERNS).collect();
        if let Ok(re) = Regex::new(&anchored(all.iter().copied())) {
            return (Some(re), all);
        }
        let valid: Vec<&'static str> = all
            .into_iter()
            .filter(|p| Regex::new(&anchored([*p])).is_ok())
            .collect();
        (Regex::new(&anchored(valid.iter().copied())).ok(), valid)
    })
}

fn regex() -> Option<&'static Regex> {
    compiled().0.as_ref()
}

/// Spans of the boilerplate lines of `text`, in text order; each span is the
/// line without its surrounding whitespace.
pub(super) fn find(text: &str) -> Vec<Span> {
    find_with(text, prefilter())
}

/// [`find`], trying with the regex only the lines that contain a literal
/// of `prefilter` (all short lines without one).
fn find_with(text: &str, prefilter: Option<&AhoCorasick>) -> Vec<Span> {
    let Some(regex) = regex() else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    // Lines as `split_inclusive('\n')` gives them, found with memchr.
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line_start = start;
        start = end;
        // Cheap byte-length test first: a 10 MB one-line article must not
        // be counted char by char.
        if end - line_start > MAX_LINE_CHARS * 4 + 2 {
            continue;
        }
        let Some(line) = text.get(line_start..end) else {
            continue;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.chars().count() >= MAX_LINE_CHARS {
            continue;
        }
        // Prefilter: most short lines (titles, datelines, short quotes)
        // hold none of the literals, and the search costs a fraction of
        // the regex.
        if prefilter.is_some_and(|needles| !needles.is_match(trimmed)) {
            continue;
        }
        if regex.is_match(trimmed) {
            let lead = line.len() - line.trim_start().len();
            spans.push(Span::new(
                line_start + lead,
                line_start + lead + trimmed.len(),
            ));
        }
    }
    spans
}

/// The prefilter of [`find`]: the required literals of every pattern,
/// searched ASCII case-insensitively, or `None` (try every line) when some
/// pattern has none that [`required_literals`] can see.
fn prefilter() -> Option<&'static AhoCorasick> {
    static PREFILTER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    PREFILTER
        .get_or_init(|| {
            let mut needles = Vec::new();
            // Only the patterns that compile take part in the regex.
            for p in &compiled().1 {
                needles.extend(required_literals(p)?);
            }
            // The regex folds case by Unicode rules, under which two
            // non-ASCII letters equal ASCII ones: KELVIN SIGN is `k` and
            // LONG S is `s` (`ADVERTIſEMENT`). A line with either is always
            // tried, as the ASCII-only search would miss it.
            needles.extend(["\u{212A}".to_string(), "\u{17F}".to_string()]);
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&needles)
                .ok()
        })
        .as_ref()
}

/// Literals one of which occurs in every match of `pattern`, or `None` when
/// the pattern has no such set, or uses syntax this reader does not know
/// (character classes, flags, named groups): then the caller must try every
/// line. It reads the small part of the regex syntax that the boilerplate
/// list uses: literal characters, escapes, `.`, groups with `|`, and the
/// quantifiers `? * + {m,n}`.
fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let mut reader = Reader {
        chars: pattern.chars().collect(),
        pos: 0,
    };
    let needles = reader.alternation().ok()??;
    // Everything read, and no needle that would match everywhere.
    (reader.pos == reader.chars.len() && needles.iter().all(|n| !n.is_empty())).then_some(needles)
}

/// What a piece of a pattern is, for [`required_literals`].
enum Atom {
    /// A character matched as itself.
    Char(char),
    /// A group, with its required literals if it has any.
    Group(Option<Vec<String>>),
    /// Anything else: `.`, `\s`, `\b`, anchors.
    Other,
}

/// A cursor over a pattern; `Err(())` is syntax it does not read.
struct Reader {
    chars: Vec<char>,
    pos: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }

    /// `a|b|…`: a match contains a literal of whichever branch it took, so
    /// the set is the union, and a branch without literals spoils it.
    fn alternation(&mut self) -> Result<Option<Vec<String>>, ()> {
        let mut all = Some(Vec::new());
        loop {
            let branch = self.concatenation()?;
            all = match (all, branch) {
                (Some(mut all), Some(branch)) => {
                    all.extend(branch);
                    Some(all)
                }
                _ => None,
            };
            if self.peek() != Some('|') {
                return Ok(all);
            }
            self.pos += 1;
        }
    }

    /// A sequence: each run of plain characters and each group that must
    /// occur is a candidate; the best one (longest shortest literal) wins.
    fn concatenation(&mut self) -> Result<Option<Vec<String>>, ()> {
        let mut best = None;
        let mut run = String::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let min = self.quantifier()?;
            match (atom, min) {
                (Atom::Char(c), None) => {
                    run.push(c);
                    continue;
                }
                (Atom::Group(Some(group)), None | Some(1..)) => {
                    best = better(best, Some(group));
                }
                _ => {}
            }
            // A quantified character, an optional group or a class ends the
            // run of literal characters before it.
            best = better(best, Some(vec![std::mem::take(&mut run)]));
        }
        Ok(better(best, Some(vec![run])))
    }

    fn atom(&mut self) -> Result<Atom, ()> {
        match self.next().ok_or(())? {
            '(' => {
                // Only plain `(…)` and non-capturing `(?:…)`: flags could
                // turn case folding off, and names are not worth reading.
                if self.peek() == Some('?') {
                    self.pos += 1;
                    if self.next() != Some(':') {
                        return Err(());
                    }
                }
                let inner = self.alternation()?;
                if self.next() != Some(')') {
                    return Err(());
                }
                Ok(Atom::Group(inner))
            }
            '\\' => match self.next().ok_or(())? {
                c if c.is_ascii_punctuation() => Ok(Atom::Char(c)),
                's' | 'S' | 'd' | 'D' | 'w' | 'W' | 'b' | 'B' => Ok(Atom::Other),
                _ => Err(()),
            },
            '.' | '^' | '$' => Ok(Atom::Other),
            c if is_plain(c) => Ok(Atom::Char(c)),
            _ => Err(()),
        }
    }

    /// The least number of repetitions a quantifier after an atom allows,
    /// `None` without a quantifier.
    fn quantifier(&mut self) -> Result<Option<u32>, ()> {
        let min = match self.peek() {
            Some('?' | '*') => 0,
            Some('+') => 1,
            Some('{') => {
                self.pos += 1;
                let mut min = 0u32;
                while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                    min = min.saturating_mul(10).saturating_add(d);
                    self.pos += 1;
                }
                while self.peek().is_some_and(|c| c == ',' || c.is_ascii_digit()) {
                    self.pos += 1;
                }
                if self.peek() != Some('}') {
                    return Err(());
                }
                min
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        if self.peek() == Some('?') {
            self.pos += 1; // lazy: same matches
        }
        Ok(Some(min))
    }
}

/// A character that matches itself outside a class, and that the prefilter
/// can look for: ASCII letters and digits (their case folded by the
/// search), a few unambiguous punctuation marks, and non-ASCII characters
/// without case (`©`), which the search compares byte for byte.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ' ' | '\'' | '"' | ':' | ',' | '-' | '!' | '/' | ';' | '@' | '%' | '_'
        )
        || (!c.is_ascii() && c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]))
}

/// Of two literal sets, the one whose shortest literal is longer (fewer
/// chance hits); an empty literal is no candidate.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let shortest = |set: &Option<Vec<String>>| {
        set.as_ref()
            .map_or(0, |s| s.iter().map(String::len).min().unwrap_or(0))
    };
    if shortest(&b) > shortest(&a) {
        b
    } else if shortest(&a) > 0 {
        a
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> Vec<&str> {
        find(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        for p in lexicon::entries(PATTERNS) {
            assert!(Regex::new(&anchored([p])).is_ok(), "bad pattern: {p}");
        }
        assert!(regex().is_some());
        assert!(lexicon::entries(PATTERNS).count() >= 30);
    }

    #[test]
    fn scraped_footer_lines_are_marked() {
        let text = "The men were jailed in 2012, the court said.\n\n\
                    Join the conversation as a VIP Member\n\n\
                    Trending on HotAir Videos\n\n\
                    Advertisement\nADVERTISEMENT\n  Story continues below advertisement  \r\n\
                    Share this article\nShare on Facebook\nSubscribe\nPrint Edition | Subscribe\n\
                    Sign up for our daily newsletter\nClick here to read the full report\n\
                    Read more: Ukraine denies selling missile engines\nRelated: Kim's rocket men\n\
                    Follow us on Twitter @whosaid\nWe use cookies to improve your experience.\n\
                    Copyright © 2017 Example Media\n© 2017 Reuters. All rights reserved.\n\
                    All Rights Reserved\n- Advertisement -";
        let got = marked(text);
        assert_eq!(got.len(), 19, "{got:#?}");
        assert!(!got.iter().any(|l| l.contains("jailed")));
        assert!(got.contains(&"Story continues below advertisement"));
        assert!(got.contains(&"- Advertisement -"));
    }

    #[test]
    fn content_lines_are_not_marked() {
        let text = "Update: Here’s the sting that nabbed the two spies:\n\
                    Subscribers to the service said they had not been warned.\n\
                    Share prices fell 3 percent on Tuesday.\n\
                    Related to that, the ministry said nothing.\n\
                    (c) any person who assists a spy, the law says.\n\
                    Advertisements for the job ran in three papers, he said.\n\
                    A version of this article appeared in the print edition of The Daily \
                    Ledger on May 3, 2019, with the headline 'Spies jailed'. Print Edition | Subscribe";
        assert_eq!(marked(text), Vec::<&str>::new());
    }

    #[test]
    fn long_lines_never_qualify() {
        // Matches `subscribe( for .{1,60})?`-like shapes only when short;
        // a long paragraph that starts like a prompt is content.
        let long = format!(
            "Subscribe {}",
            "to the idea that spies were everywhere, ".repeat(5)
        );
        assert!(long.chars().count() >= MAX_LINE_CHARS);
        assert!(marked(&long).is_empty());
        let mut text = "x".repeat(10_000_000);
        text.push_str("\nAdvertisement");
        assert_eq!(marked(&text), ["Advertisement"]);
    }

    #[test]
    fn required_literals_are_what_every_match_contains() {
        let lits = |p: &str| required_literals(p);
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        // The optional `s` ends the run; the optional group adds nothing.
        assert_eq!(
            lits(r"advertisements?(\s+advertisements?)*"),
            strings(&["advertisement"])
        );
        // A group that must occur gives all its branches.
        assert_eq!(lits("(facebook|email)"), strings(&["facebook", "email"]));
        // The longer candidate wins: " cookies" over "uses" pieces.
        assert_eq!(
            lits("(we|this page) uses? cookies.*"),
            strings(&[" cookies"])
        );
        assert_eq!(
            lits(r".*\ball rights reserved"),
            strings(&["all rights reserved"])
        );
        assert_eq!(lits(r"\(c\)\s*(\d{4}|copyright).*"), strings(&["(c)"]));
        assert_eq!(lits("(copyright\\s*)?©.*"), strings(&["©"]));
        // No literal every match needs, or syntax it does not read.
        assert_eq!(lits("(ad|)"), None);
        assert_eq!(lits(".*"), None);
        assert_eq!(lits("[ab]dvert"), None);
        assert_eq!(lits("(?i)advert"), None);
        assert_eq!(lits("(?-i:Advert)"), None);
    }

    #[test]
    fn prefilter_covers_the_list_and_changes_nothing() {
        let needles = prefilter().expect("every pattern has required literals");
        let text = "Body text that says nothing.\n\
                    ADVERTI\u{17F}EMENT\n\
                    Share this story on Facebook\n\
                    © 2019 Ledger Media\n\
                    Photo: Ledger. All Rights Reserved.\n\
                    “Subscribe”\n\
                    Subscribers to the service said they had not been warned.\n\
                    (c) any person who assists a spy, the law says.\n\
                    Advertisement";
        let all = find_with(text, None);
        assert_eq!(find_with(text, Some(needles)), all);
        let got: Vec<_> = all.iter().map(|s| s.of(text)).collect();
        assert_eq!(
            got,
            [
                "ADVERTI\u{17F}EMENT",
                "Share this story on Facebook",
                "© 2019 Ledger Media",
                "Photo: Ledger. All Rights Reserved.",
                "“Subscribe”",
                "Advertisement"
            ]
        );
    }

    #[test]
    fn spans_are_trimmed_line_content() {
        let text = "Body.\n\t Advertisement \nMore.";
        let spans = find(text);
        assert_eq!(spans, [Span::new(8, 21)]);
        assert_eq!(spans[0].of(text), "Advertisement");
    }
}
