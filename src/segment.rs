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
    // And a sentence every 130 bytes or so (PolNeAR dev: 1.51 MB, 11,316
    // sentences).
    seg.sentences.reserve(text.len() / 128 + 4);
    let paragraphs = paragraphs(text);
    seg.paragraphs.reserve(paragraphs.len());
    for span in paragraphs {
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{00AD}'
}

/// What a byte can do in a token. News text is nearly all ASCII, so the
/// tokenizer classifies each byte with one table look-up and decodes a char
/// only where a byte is `Multi` (the start of a non-ASCII char: `“`, `é`,
/// a no-break space), where the Unicode rules apply as before.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII whitespace as `char::is_whitespace` has it (`\t \n \x0B \x0C \r`, space).
    Space,
    Lower,
    Upper,
    Digit,
    /// `'` and `` ` ``: inside a word an apostrophe (`don't`), alone a quote mark.
    Apostrophe,
    /// `-`, `.` and `&` join two word chars (`air-to-air`, `U.S`, `AT&T`).
    Joiner,
    /// `,`, `:` and `/` join two digits of a number (`2,000`, `9:30`, `1/2`).
    NumJoiner,
    /// `"`.
    Quote,
    /// Any other ASCII byte: a one-byte punctuation token.
    Punct,
    /// A byte of a non-ASCII char.
    Multi,
}

static CLASSES: [Class; 256] = byte_classes();

const fn byte_classes() -> [Class; 256] {
    let mut table = [Class::Multi; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => Class::Space,
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Digit,
            b'\'' | b'`' => Class::Apostrophe,
            b'-' | b'.' | b'&' => Class::Joiner,
            b',' | b':' | b'/' => Class::NumJoiner,
            b'"' => Class::Quote,
            _ => Class::Punct,
        };
        b += 1;
    }
    table
}

fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

fn is_ascii_word(class: Class) -> bool {
    matches!(class, Class::Lower | Class::Upper | Class::Digit)
}

/// The (non-ASCII) char starting at byte `i` of `s`, if `i` is on a char
/// boundary.
fn decode_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// Whether a word char starts at byte `i` of `s`.
fn word_char_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => is_ascii_word(class(b)),
        Some(_) => decode_at(s, i).is_some_and(is_word_char),
    }
}

/// Appends the tokens of `text[span]` to `out`.
fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // The token's kind, whether it starts upper case, and where its
        // first char ends.
        let (kind, upper, first_end) = match class(b) {
            Class::Space => {
                i += 1;
                continue;
            }
            Class::Lower => (TokenKind::Word, false, i + 1),
            Class::Upper => (TokenKind::Word, true, i + 1),
            Class::Digit => (TokenKind::Number, false, i + 1),
            Class::Apostrophe | Class::Quote => (TokenKind::Quote, false, i + 1),
            Class::Joiner | Class::NumJoiner | Class::Punct => (TokenKind::Punct, false, i + 1),
            Class::Multi => {
                // `i` moves by whole chars, so this is always a boundary.
                let Some(c) = decode_at(s, i) else {
                    break;
                };
                let end = i + c.len_utf8();
                if c.is_whitespace() {
                    i = end;
                    continue;
                }
                if is_word_char(c) {
                    (TokenKind::Word, c.is_uppercase(), end)
                } else if is_quote_char(c) {
                    (TokenKind::Quote, false, end)
                } else {
                    (TokenKind::Punct, false, end)
                }
            }
        };
        let (end, hyphen) = match kind {
            TokenKind::Word | TokenKind::Number => {
                word_end(s, i, first_end, kind == TokenKind::Number)
            }
            TokenKind::Quote | TokenKind::Punct => (first_end, false),
        };
        out.push(Token {
            span: Span::new(span.start + i, span.start + end),
            kind,
            upper,
            hyphen,
        });
        i = end;
    }
}

/// The end of the word that starts at byte `start` of `s` with a char
/// ending at byte `end`, and
/// whether a hyphen joins its parts. The word extends over letters and
/// digits, and over joiners that sit between two word chars (`don't`,
/// `air-to-air`, `2,000`, `U.S`); a period right after it belongs to it
/// when the word is an abbreviation or an acronym (`Mr.`, `U.S.`).
// Inlined into the tokenizer's loop: called for every word, and the call's
// register saving and restoring cost as much as scanning a short word.
#[inline(always)]
fn word_end(s: &str, start: usize, mut end: usize, numeric: bool) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut hyphen = false;
    loop {
        // ASCII letters and digits, most of a word, a byte at a time.
        while bytes.get(end).is_some_and(|&b| is_ascii_word(class(b))) {
            end += 1;
        }
        let Some(&b) = bytes.get(end) else {
            break;
        };
        let joiner_len = match class(b) {
            Class::Apostrophe | Class::Joiner => 1,
            Class::NumJoiner if numeric => 1,
            Class::Multi => match decode_at(s, end) {
                Some(n) if is_word_char(n) => {
                    end += n.len_utf8();
                    continue;
                }
                Some(j @ ('’' | '‘')) => j.len_utf8(),
                _ => break,
            },
            _ => break,
        };
        if !word_char_at(s, end + joiner_len) {
            break;
        }
        hyphen |= b == b'-';
        end += joiner_len;
    }
    if bytes.get(end) == Some(&b'.') && s.get(start..end).is_some_and(takes_period) {
        end += 1;
    }
    (end, hyphen)
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
    fn byte_classes_agree_with_the_char_rules() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            let k = class(b);
            assert_eq!(k == Class::Space, c.is_whitespace(), "{b:#x}");
            assert_eq!(is_ascii_word(k), is_word_char(c), "{b:#x}");
            assert_eq!(k == Class::Upper, c.is_uppercase(), "{b:#x}");
            assert_eq!(k == Class::Digit, c.is_ascii_digit(), "{b:#x}");
            let quote = matches!(k, Class::Apostrophe | Class::Quote);
            assert_eq!(quote, is_quote_char(c), "{b:#x}");
        }
        assert!((0x80..=0xFF).all(|b| class(b) == Class::Multi));
    }

    #[test]
    fn joiners_inside_words_and_numbers() {
        let text = "AT&T's air-to-air 2,000 9:30 a,b ’tis rock’n’roll.";
        let seg = segment(text, &[]);
        let toks: Vec<_> = seg.tokens.iter().map(|t| t.span.of(text)).collect();
        assert_eq!(
            toks,
            [
                "AT&T's",
                "air-to-air",
                "2,000",
                "9:30",
                "a",
                ",",
                "b",
                "’",
                "tis",
                "rock’n’roll",
                "."
            ]
        );
        assert!(seg.tokens[1].hyphen && !seg.tokens[0].hyphen);
        assert_eq!(seg.tokens[2].kind, TokenKind::Number);
        assert_eq!(seg.tokens[7].kind, TokenKind::Quote);
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
