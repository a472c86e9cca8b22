//! Scraped-page boilerplate: text in, spans of whole lines that are page
//! furniture (`Advertisement`, `Trending on HotAir Videos`, share bars,
//! newsletter and cookie prompts, copyright footers) out.
//!
//! The patterns live in `data/boilerplate.txt`, compiled once into
//! alternation `Regex`es (not a `RegexSet`: we only ask whether any pattern
//! matches, and one regex runs on the lazy DFA, about twelve times faster
//! than the set on a million short lines). A line qualifies only if it is
//! short and matches as a whole:
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
//! lines that contain one meet the regex. The few patterns that would make
//! the regex slow on every line it meets (a `\b`, or a leading `.*` that
//! reads to the line's end) get an alternation of their own, tried only
//! on lines that hold one of *their* literals.

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

/// One alternation of patterns: its regex, and the patterns in it.
struct Group {
    regex: Option<Regex>,
    patterns: Vec<&'static str>,
}

impl Group {
    /// The alternation of every valid pattern of `all`.
    fn compile(all: Vec<&'static str>) -> Group {
        // The list is compiled into the binary and a test compiles every
        // entry, so a bad pattern cannot ship; skipping one keeps the
        // no-panic promise all the same. Compiling each pattern on its own
        // to check it cost more than half of the program's start-up
        // (0.15 s), so that is done only if the whole group fails.
        if let Ok(re) = Regex::new(&anchored(all.iter().copied())) {
            return Group {
                regex: Some(re),
                patterns: all,
            };
        }
        let valid: Vec<&'static str> = all
            .into_iter()
            .filter(|p| Regex::new(&anchored([*p])).is_ok())
            .collect();
        Group {
            regex: Regex::new(&anchored(valid.iter().copied())).ok(),
            patterns: valid,
        }
    }

    fn is_match(&self, line: &str) -> bool {
        self.regex.as_ref().is_some_and(|re| re.is_match(line))
    }
}

/// Whether `pattern` would make its alternation slow on any line it is
/// tried on. The lazy DFA gives up on a `\b` (Unicode word boundary) as
/// soon as a line has a non-ASCII character, and the backtracker it hands
/// over to clears a table of every state of the alternation for every byte
/// of the line: some 40 000 instructions for a 100-byte title with curly
/// quotes. And a pattern that starts with `.*` (`.*\ball rights reserved`)
/// keeps the DFA alive to the line's end, where without it `Share prices
/// fell` is ruled out at `p`. (A `\\b` is read as `\b` too: that costs
/// nothing but speed.)
fn is_slow(pattern: &str) -> bool {
    pattern.contains(r"\b")
        || pattern.contains(r"\B")
        || pattern.starts_with(".*")
        || pattern.starts_with(".+")
}

/// The patterns, split into the fast alternation and the slow one
/// ([`is_slow`]); a line matches the list when it matches either.
fn compiled() -> &'static [Group; 2] {
    static COMPILED: OnceLock<[Group; 2]> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let (slow, fast): (Vec<&'static str>, Vec<&'static str>) =
            lexicon::entries(PATTERNS).partition(|p| is_slow(p));
        [Group::compile(fast), Group::compile(slow)]
    })
}

/// Spans of the boilerplate lines of `text`, in text order; each span is the
/// line without its surrounding whitespace.
pub(super) fn find(text: &str) -> Vec<Span> {
    find_with(text, prefilter())
}

/// Whether a trimmed line has [`MAX_LINE_CHARS`] characters or more,
/// counting them only when its length in bytes leaves it open: most short
/// lines are fewer bytes than that, and most paragraphs start with that
/// many ASCII characters, which is checked word by word.
fn is_long(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    if bytes.len() < MAX_LINE_CHARS {
        return false;
    }
    // A character is at most four bytes.
    if bytes.len() >= MAX_LINE_CHARS * 4 || bytes[..MAX_LINE_CHARS].is_ascii() {
        return true;
    }
    trimmed.chars().count() >= MAX_LINE_CHARS
}

/// [`find`], trying with the regexes only the lines that `prefilter`
/// admits (all short lines without one).
fn find_with(text: &str, prefilter: Option<&Prefilter>) -> Vec<Span> {
    let [fast, slow] = compiled();
    if fast.regex.is_none() && slow.regex.is_none() {
        return Vec::new();
    }
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
        if trimmed.is_empty() || is_long(trimmed) {
            continue;
        }
        let matched = match prefilter {
            // Most short lines (titles, datelines, short quotes) hold none
            // of the literals, and the search costs a fraction of the
            // regex; the slow alternation waits for a literal of its own.
            Some(pre) => {
                pre.all.is_match(trimmed)
                    && (fast.is_match(trimmed)
                        || (pre.slow.as_ref().is_none_or(|s| s.is_match(trimmed))
                            && slow.is_match(trimmed)))
            }
            None => fast.is_match(trimmed) || slow.is_match(trimmed),
        };
        if matched {
            let lead = line.len() - line.trim_start().len();
            spans.push(Span::new(
                line_start + lead,
                line_start + lead + trimmed.len(),
            ));
        }
    }
    spans
}

/// The literal searches before the regexes: `all` for every pattern,
/// `slow` for the slow alternation (`None`: try it on every line that
/// `all` admits).
struct Prefilter {
    all: AhoCorasick,
    slow: Option<AhoCorasick>,
}

/// The prefilter of [`find`]: the required literals of the patterns,
/// searched ASCII case-insensitively, or `None` (try every line) when some
/// pattern has none that [`required_literals`] can see.
fn prefilter() -> Option<&'static Prefilter> {
    static PREFILTER: OnceLock<Option<Prefilter>> = OnceLock::new();
    PREFILTER
        .get_or_init(|| {
            let [fast, slow] = compiled();
            // Only the patterns that compile take part in the regexes.
            let slow_needles = needles(&slow.patterns);
            let mut all = needles(&fast.patterns)?;
            all.extend(slow_needles.iter().flatten().cloned());
            Some(Prefilter {
                all: search(&all)?,
                slow: slow_needles.and_then(|n| search(&n)),
            })
        })
        .as_ref()
}

/// The required literals of every one of `patterns`, with the two
/// characters below, or `None` if one pattern has none.
fn needles(patterns: &[&str]) -> Option<Vec<String>> {
    let mut needles = Vec::new();
    for p in patterns {
        needles.extend(required_literals(p)?);
    }
    // The regex folds case by Unicode rules, under which two non-ASCII
    // letters equal ASCII ones: KELVIN SIGN is `k` and LONG S is `s`
    // (`ADVERTIſEMENT`). A line with either is always tried, as the
    // ASCII-only search would miss it.
    needles.extend(["\u{212A}".to_string(), "\u{17F}".to_string()]);
    Some(needles)
}

/// An ASCII case-insensitive search for any of `needles`.
fn search(needles: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(needles)
        .ok()
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
    use crate::test_texts::random_texts;

    fn marked(text: &str) -> Vec<&str> {
        find(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        for p in lexicon::entries(PATTERNS) {
            assert!(Regex::new(&anchored([p])).is_ok(), "bad pattern: {p}");
        }
        let [fast, slow] = compiled();
        assert!(fast.regex.is_some() && slow.regex.is_some());
        assert_eq!(
            fast.patterns.len() + slow.patterns.len(),
            lexicon::entries(PATTERNS).count()
        );
        assert!(lexicon::entries(PATTERNS).count() >= 30);
        // The slow ones are few: each is tried only on its own literals.
        assert!(slow.patterns.len() <= 3, "{:?}", slow.patterns);
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

    /// The reading before the prefilter and the split: every short line
    /// (counted in chars) against one alternation of the whole list.
    fn reference(text: &str) -> Vec<Span> {
        let all = Regex::new(&anchored(lexicon::entries(PATTERNS))).expect("the list compiles");
        let mut spans = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty()
                && trimmed.chars().count() < MAX_LINE_CHARS
                && all.is_match(trimmed)
            {
                let lead = line.len() - line.trim_start().len();
                spans.push(Span::new(start + lead, start + lead + trimmed.len()));
            }
            start += line.len();
        }
        spans
    }

    #[test]
    fn find_marks_what_the_whole_list_marks() {
        let pieces = [
            "\n",
            "\n",
            " ",
            "Advertisement",
            "ADVERTI\u{17F}EMENT",
            "Share",
            " this story",
            "share on Twitter",
            "Twitter",
            "Email",
            " | ",
            "Subscribe",
            "Print Edition",
            "All Rights Reserved",
            " all rights reserved.",
            "©",
            "(c) 2019",
            "Copyright",
            "Reuters",
            "\u{201C}",
            "\u{201D}",
            "é",
            "\u{212A}",
            "said the spy",
            "comments",
            "Read more: ",
            "Follow us on Facebook",
            "-",
            "»",
            "x".repeat(40).leak(),
            "é".repeat(30).leak(),
        ];
        let mut marked = 0;
        for len in [3, 8, 30] {
            for text in random_texts(&pieces, 7 + len as u64, len).take(1500) {
                let want = reference(&text);
                marked += want.len();
                assert_eq!(find(&text), want, "{text:?}");
            }
        }
        // Both ways are tried: many lines marked, many not.
        assert!(marked > 500, "{marked}");
    }

    #[test]
    fn long_lines_counted_in_chars() {
        let ascii = "a".repeat(MAX_LINE_CHARS);
        assert!(is_long(&ascii));
        assert!(!is_long(&ascii[1..]));
        // 119 two-byte chars: 238 bytes, still short.
        let wide = "é".repeat(MAX_LINE_CHARS - 1);
        assert!(!is_long(&wide));
        assert!(is_long(&format!("{wide}é")));
        let mixed = format!("{}{}", "é".repeat(10), "a".repeat(MAX_LINE_CHARS - 10));
        assert!(is_long(&mixed));
        assert!(!is_long(&mixed[2..]));
        for n in 0..300 {
            let line = format!("{}{}", "ü".repeat(n % 130), "b".repeat(n / 2));
            assert_eq!(
                is_long(&line),
                line.chars().count() >= MAX_LINE_CHARS,
                "{n}"
            );
        }
    }
}
