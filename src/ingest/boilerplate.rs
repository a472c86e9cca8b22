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

use crate::lexicon;
use crate::model::Span;
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

fn regex() -> Option<&'static Regex> {
    static REGEX: OnceLock<Option<Regex>> = OnceLock::new();
    REGEX
        .get_or_init(|| {
            // The list is compiled into the binary and a test compiles every
            // entry, so a bad pattern cannot ship; skipping one keeps the
            // no-panic promise all the same.
            let valid = lexicon::entries(PATTERNS).filter(|p| Regex::new(&anchored([*p])).is_ok());
            Regex::new(&anchored(valid)).ok()
        })
        .as_ref()
}

/// Spans of the boilerplate lines of `text`, in text order; each span is the
/// line without its surrounding whitespace.
pub(super) fn find(text: &str) -> Vec<Span> {
    let Some(regex) = regex() else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        // Cheap byte-length test first: a 10 MB one-line article must not
        // be counted char by char.
        if line.len() > MAX_LINE_CHARS * 4 + 2 {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.chars().count() >= MAX_LINE_CHARS {
            continue;
        }
        if regex.is_match(trimmed) {
            let lead = line.len() - line.trim_start().len();
            spans.push(Span::new(start + lead, start + lead + trimmed.len()));
        }
    }
    spans
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
    fn spans_are_trimmed_line_content() {
        let text = "Body.\n\t Advertisement \nMore.";
        let spans = find(text);
        assert_eq!(spans, [Span::new(8, 21)]);
        assert_eq!(spans[0].of(text), "Advertisement");
    }
}
