//! segment: article text in, paragraphs, sentences and tokens out, all as
//! byte spans into the text.
//!
//! * Paragraphs are lines; a line that was hard-wrapped (it ends without
//!   sentence punctuation and the next begins in lower case) is joined to the
//!   next. Boilerplate lines found by ingest become paragraphs flagged
//!   `boilerplate`, so paragraph indexes stay those a reader counts.
//! * Tokens are words (with inner apostrophes, hyphens and acronym periods:
//!   `don't`, `air-to-air`, `U.S.`), numbers, quotation marks and other
//!   punctuation. An apostrophe between letters is part of the word and
//!   never a quotation mark; a leading or trailing one is a `Quote` token and
//!   the quotes stage decides what it is.
//! * Sentences end at `.`, `!`, `?` or `…` (with any closing quotes and
//!   brackets after them) when the next token opens a sentence. News
//!   abbreviations (`Mr.`, `Gen.`, `Jan.`, `N. Koreans`, `a.m.`) do not end
//!   one, and `"Who knows?" he asked.` stays one sentence because `he` is
//!   lower case.
//!
//! It does not parse: no parts of speech, no clauses.

use crate::entities::lex::HashMap;
use crate::lexicon;
use crate::model::{Paragraph, Segmented, Sentence, Span, Token, TokenKind};
use std::sync::OnceLock;

/// Segments `text`; `boilerplate` are the line spans ingest marked.
pub fn segment(text: &str, boilerplate: &[Span]) -> Segmented {
    let mut seg = Segmented::default();
    // News text averages a token every five to six bytes: reserving that
    // up front saves the doublings (and copies) of a growing vector.
    seg.tokens.reserve(text.len() / 5);
    for span in paragraphs(text) {
        let boiler = boilerplate.iter().any(|b| b.overlaps(span));
        let paragraph = seg.paragraphs.len();
        seg.paragraphs.push(Paragraph {
            span,
            boilerplate: boiler,
        });
        let first = seg.tokens.len();
        tokenize(text, span, &mut seg.tokens);
        split_sentences(text, paragraph, first, &mut seg);
    }
    seg
}

/// Splits the text into paragraph spans (trimmed of surrounding whitespace).
fn paragraphs(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    // A paragraph per line or so: one allocation for most articles.
    let mut out: Vec<Span> = Vec::with_capacity(bytes.len() / 256 + 4);
    let mut prev_blank = true;
    let mut pos = 0;
    // Lines as `split_inclusive('\n')` gives them, found with memchr.
    while pos < bytes.len() {
        let start = pos;
        pos = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let Some(line) = text.get(start..pos) else {
            continue;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = Span::new(start + lead, start + lead + trimmed.len());
        if !prev_blank {
            if let Some(last) = out.last_mut() {
                if is_hard_wrap(&text[last.start..last.end], trimmed) {
                    last.end = span.end;
                    continue;
                }
            }
        }
        out.push(span);
        prev_blank = false;
    }
    out
}

/// A line break inside a sentence: the line ends mid-sentence and the next
/// line carries on in lower case.
fn is_hard_wrap(line: &str, next: &str) -> bool {
    let ends_open = line
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '-' || c == ';');
    let next_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    ends_open && next_lower
}

pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '‘'
            | '’'
            | '‚'
            | '‛'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{00AD}'
}

/// The char starting at byte `i` of `s` (`i` on a char boundary). ASCII,
/// nearly all of a news text, is read straight from the byte, without the
/// UTF-8 decoding `char_indices` does for every char.
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        None => None,
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
    }
}

/// Appends the tokens of `text[span]` to `out`.
fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        if c == ' ' {
            // The usual gap between words, before the general test.
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = span.start + i;
        if is_word_char(c) {
            let numeric = c.is_ascii_digit();
            let mut hyphen = false;
            let mut end = i + c.len_utf8();
            // Extend over letters and digits, and over joiners that sit
            // between two word characters (don't, air-to-air, 2,000, U.S).
            loop {
                // ASCII letters and digits, most of a word, a byte at a time
                // without decoding a char.
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                match char_at(s, end) {
                    Some(n) if is_word_char(n) => end += n.len_utf8(),
                    Some(j)
                        if (is_apostrophe(j)
                            || j == '-'
                            || j == '.'
                            || j == '&'
                            || (numeric && matches!(j, ',' | ':' | '/')))
                            && char_at(s, end + j.len_utf8()).is_some_and(is_word_char) =>
                    {
                        hyphen |= j == '-';
                        end += j.len_utf8();
                    }
                    _ => break,
                }
            }
            // A period right after the word belongs to it when the word is an
            // abbreviation or an acronym with inner periods (`Mr.`, `U.S.`).
            if bytes.get(end) == Some(&b'.') && takes_period(&s[i..end]) {
                end += 1;
            }
            out.push(Token {
                span: Span::new(start, span.start + end),
                kind: if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
                upper: c.is_uppercase(),
                hyphen,
            });
            i = end;
        } else {
            let kind = if is_quote_char(c) {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            out.push(Token {
                span: Span::new(start, start + c.len_utf8()),
                kind,
                upper: false,
                hyphen: false,
            });
            i += c.len_utf8();
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// Never ends a sentence (`Mr.`, `Jan.`).
    Title,
    /// Ends one only before a clear sentence opener (`Inc.`, `U.S.`).
    Other,
}

/// Looked up for every word followed by a period: FxHash, as for the
/// entity lexicons, since SipHash cost more than the rest of the lookup.
fn abbreviations() -> &'static HashMap<&'static str, Abbrev> {
    static MAP: OnceLock<HashMap<&'static str, Abbrev>> = OnceLock::new();
    MAP.get_or_init(|| {
        lexicon::entries(lexicon::ABBREVIATIONS)
            .map(|e| match e.strip_prefix("title:") {
                Some(t) => (t, Abbrev::Title),
                None => (e, Abbrev::Other),
            })
            .collect()
    })
}

/// Whether a word directly followed by `.` keeps the period as part of it.
fn takes_period(word: &str) -> bool {
    abbrev_kind(word).is_some()
}

fn abbrev_kind(word: &str) -> Option<Abbrev> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if let Some(&k) = abbreviations().get(word) {
        return Some(k);
    }
    let mut chars = word.chars();
    // A single capital letter is an initial (`N. Koreans`, `Peter T. King`).
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase().then_some(Abbrev::Title);
    }
    // Letters joined by periods: `U.S`, `U.N`, `a.m`, `D.C`.
    if word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return Some(Abbrev::Other);
    }
    None
}

/// Words that open a sentence after an abbreviation that may or may not end
/// one: `… in the U.S. The senator said` splits, `the U.S. Army` does not.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "So",
    "Yet",
    "Still",
    "However",
    "Meanwhile",
    "For",
    "Some",
    "Many",
    "Most",
    "One",
    "Now",
    "Then",
    "What",
    "Who",
    "Why",
    "How",
];

fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

fn is_closer(s: &str) -> bool {
    matches!(s, ")" | "]" | "”" | "’" | "»" | "›" | "\"" | "'")
}

/// Splits the paragraph's tokens (from `first` to the end of `seg.tokens`)
/// into sentences.
fn split_sentences(text: &str, paragraph: usize, first: usize, seg: &mut Segmented) {
    let toks = &seg.tokens;
    let sentences = &mut seg.sentences;
    // Pushed as found (no list of bounds per paragraph).
    let mut push = |a: usize, b: usize| {
        sentences.push(Sentence {
            span: Span::new(toks[a].span.start, toks[b - 1].span.end),
            paragraph,
            tokens: (a, b),
        });
    };
    let n = toks.len();
    let mut start = first;
    let mut i = first;
    while i < n {
        let t = toks[i];
        let mut boundary_after = None;
        // Most tokens are words without a final period: they end nothing,
        // and are passed over without slicing the text.
        let ends_in_period = text.as_bytes().get(t.span.end.wrapping_sub(1)) == Some(&b'.');
        if t.kind == TokenKind::Punct && is_terminator(t.span.of(text)) {
            // Absorb runs of terminators (`?!`, `...`) and closing marks glued
            // to them (`."`, `?”`, `.)`).
            let mut j = i + 1;
            while j < n
                && toks[j].span.start == toks[j - 1].span.end
                && (is_terminator(toks[j].span.of(text)) || is_closer(toks[j].span.of(text)))
            {
                j += 1;
            }
            if j >= n || opens_sentence(text, toks, j, None) {
                boundary_after = Some(j);
            } else {
                i = j;
                continue;
            }
        } else if t.kind == TokenKind::Word && ends_in_period {
            if let Some(Abbrev::Other) = abbrev_kind(t.span.of(text)) {
                let mut j = i + 1;
                while j < n
                    && toks[j].span.start == toks[j - 1].span.end
                    && is_closer(toks[j].span.of(text))
                {
                    j += 1;
                }
                if j < n && opens_sentence(text, toks, j, Some(SENTENCE_OPENERS)) {
                    boundary_after = Some(j);
                }
            }
        }
        if let Some(end) = boundary_after {
            if end > start {
                push(start, end);
            }
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < n {
        push(start, n);
    }
}

/// Whether the token at `j` can open a new sentence: a capital letter or digit,
/// an opening quotation mark or bracket. With `openers`, only those words.
fn opens_sentence(text: &str, toks: &[Token], j: usize, openers: Option<&[&str]>) -> bool {
    let t = toks[j];
    let s = t.span.of(text);
    let c = s.chars().next().unwrap_or(' ');
    if let Some(words) = openers {
        return t.kind == TokenKind::Word && words.contains(&s);
    }
    match t.kind {
        TokenKind::Word => c.is_uppercase(),
        TokenKind::Number => true,
        TokenKind::Quote => {
            // An opening mark, followed by a word that starts upper case or a
            // digit (`"Who knows?" "Nobody," he said.`).
            // (`''We …` opens with two marks: look past all of them.)
            let mut k = j + 1;
            while toks.get(k).is_some_and(|t| t.kind == TokenKind::Quote) {
                k += 1;
            }
            toks.get(k).is_some_and(|n| {
                n.span
                    .of(text)
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
        }
        TokenKind::Punct => matches!(s, "(" | "[" | "—" | "-" | "•" | "*"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let seg = segment(text, &[]);
        seg.sentences.iter().map(|s| s.span.of(text)).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Mr. Smith met Gen. Jones at 9 a.m. on Jan. 5 in the U.S. Army base. Two N. Koreans left.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Smith met Gen. Jones at 9 a.m. on Jan. 5 in the U.S. Army base.",
                "Two N. Koreans left."
            ]
        );
    }

    #[test]
    fn acronym_before_a_sentence_opener_ends_the_sentence() {
        let text = "He moved to the U.S. The move was quick.";
        assert_eq!(
            sentences(text),
            ["He moved to the U.S.", "The move was quick."]
        );
    }

    #[test]
    fn question_inside_quotes_followed_by_lowercase_is_one_sentence() {
        let text = "\"Who knows?\" he asked. \"Nobody.\" She left.";
        assert_eq!(
            sentences(text),
            ["\"Who knows?\" he asked.", "\"Nobody.\"", "She left."]
        );
    }

    #[test]
    fn nyt_double_apostrophe_opens_a_sentence() {
        let text = "He paused. ''We assess it is possible,'' he said.";
        assert_eq!(
            sentences(text),
            ["He paused.", "''We assess it is possible,'' he said."]
        );
    }

    #[test]
    fn middle_initials_and_no_abbreviation() {
        let text = "Rep. Peter T. King voted No. 5 on the list. It passed.";
        assert_eq!(
            sentences(text),
            ["Rep. Peter T. King voted No. 5 on the list.", "It passed."]
        );
    }

    #[test]
    fn paragraphs_are_lines_and_hard_wraps_are_joined() {
        let text =
            "Title line\n\nFirst para ends.\nSecond para, which is\nwrapped here.\n\n  Third.  \n";
        let seg = segment(text, &[]);
        let paras: Vec<_> = seg.paragraphs.iter().map(|p| p.span.of(text)).collect();
        assert_eq!(
            paras,
            [
                "Title line",
                "First para ends.",
                "Second para, which is\nwrapped here.",
                "Third."
            ]
        );
    }

    #[test]
    fn apostrophes_inside_words_are_not_quote_tokens() {
        let text = "Don't say the Koreans' plan was 'fake', he said.";
        let seg = segment(text, &[]);
        let quotes: Vec<_> = seg
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Quote)
            .map(|t| t.span.start)
            .collect();
        // The possessive after `Koreans` and the marks around `fake`.
        assert_eq!(quotes, [21, 32, 37]);
        assert!(seg.tokens.iter().any(|t| t.span.of(text) == "Don't"));
    }

    #[test]
    fn multibyte_text_keeps_spans_on_char_boundaries() {
        let text = "Zoë said “ça va” — naïve. Next one.";
        let seg = segment(text, &[]);
        for t in &seg.tokens {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        assert_eq!(seg.sentences.len(), 2);
    }
}
