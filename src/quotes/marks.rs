//! Quotation marks paired into regions, paragraph by paragraph.
//!
//! Double marks (straight `"`, curly `“ ”`, low-9 `„`, guillemets `« »`,
//! NYT-style `''` and ``` `` ```) are paired by their orientation (an opening
//! mark follows a space or the paragraph start, a closing one precedes a space
//! or punctuation), falling back to alternation when a mark could be either.
//! A quote left open at the end of a paragraph continues into the next when
//! that paragraph opens with a mark (the news convention for a quote over
//! several paragraphs); otherwise it ends with its paragraph, so an unmatched
//! mark never swallows more. Single marks (`‘ ’`, `'`) pair only outside double
//! quotes (headlines, British style); inside double quotes they are nested
//! quotes and stay part of the content. An apostrophe inside a word is never a
//! mark (the segmenter keeps it in the word), and a trailing one after `s`
//! with no single quote open is a possessive (`the Koreans' plan`).

use crate::model::{Segmented, Span, TokenKind};

/// One quotation: its marks and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Token range from the opening mark to the closing mark inclusive (to
    /// the paragraph's last token when it was never closed).
    pub tokens: (usize, usize),
    /// The quoted content, without marks and surrounding whitespace.
    pub content: Span,
    /// The content ends with `,` `.` `?` `!` inside the marks (`"…," he said`).
    pub ends_with_punct: bool,
    /// The content holds more than one sentence.
    pub multi_sentence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orient {
    Open,
    Close,
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    /// First and last token of the mark (two for `''`).
    first: usize,
    last: usize,
    double: bool,
    orient: Orient,
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

// (`matches!` rather than `"([{…".contains(c)`: a string search per
// quotation mark adds up over an article.)
fn opening_context(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/')
            || crate::segment::is_quote_char(c)
    })
}

fn closing_context(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…'
            )
            || crate::segment::is_quote_char(c)
    })
}

fn orientation(ch: char, prev: Option<char>, next: Option<char>) -> Orient {
    let can_open = opening_context(prev) && next.is_some_and(|c| !c.is_whitespace());
    let can_close = prev.is_some_and(|c| !c.is_whitespace()) && closing_context(next);
    match ch {
        '“' | '„' | '‟' | '«' | '‘' | '‚' | '‹' | '‛' => {
            if can_close && !can_open {
                Orient::Close
            } else {
                Orient::Open
            }
        }
        '”' | '»' | '’' | '›' => {
            if can_open && !can_close {
                Orient::Open
            } else {
                Orient::Close
            }
        }
        _ => match (can_open, can_close) {
            (true, false) => Orient::Open,
            (false, true) => Orient::Close,
            _ => Orient::Either,
        },
    }
}

/// The quotation marks of tokens `a..b`.
fn marks(text: &str, seg: &Segmented, a: usize, b: usize) -> Vec<Mark> {
    let toks = &seg.tokens;
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        // (A search rather than a step per token: marks are rare.)
        let Some(skip) = toks[i..b].iter().position(|t| t.kind == TokenKind::Quote) else {
            break;
        };
        i += skip;
        let t = toks[i];
        let ch = t.span.of(text).chars().next().unwrap_or('"');
        let mut last = i;
        let mut double = !matches!(ch, '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›' | '`');
        // `''` and ``` `` ```: a double mark made of two single ones.
        if !double
            && i + 1 < b
            && toks[i + 1].kind == TokenKind::Quote
            && toks[i + 1].span.start == t.span.end
            && toks[i + 1].span.of(text).starts_with(ch)
            && matches!(ch, '\'' | '`' | '’' | '‘')
        {
            last = i + 1;
            double = true;
        }
        let start = t.span.start;
        let end = toks[last].span.end;
        let orient = if ch == '`' {
            Orient::Open
        } else {
            orientation(ch, prev_char(text, start), next_char(text, end))
        };
        out.push(Mark {
            first: i,
            last,
            double,
            orient,
        });
        i = last + 1;
    }
    out
}

/// Token range of each paragraph.
fn paragraph_tokens(seg: &Segmented) -> Vec<(usize, usize)> {
    let mut ranges = vec![(0, 0); seg.paragraphs.len()];
    for s in &seg.sentences {
        let r = &mut ranges[s.paragraph];
        if r.0 == r.1 {
            *r = s.tokens;
        } else {
            r.1 = s.tokens.1;
        }
    }
    ranges
}

/// All quote regions of the article, in text order.
pub fn regions(text: &str, seg: &Segmented) -> Vec<Region> {
    let toks = &seg.tokens;
    let mut out = Vec::new();
    let ranges = paragraph_tokens(seg);
    // An open double quote carried into the next paragraph: (opening mark's
    // first token, content start byte).
    let mut carried: Option<(usize, usize)> = None;
    for (p, &(a, b)) in ranges.iter().enumerate() {
        if seg.paragraphs[p].boilerplate || a == b {
            continue;
        }
        let ms = marks(text, seg, a, b);
        let mut open: Option<(usize, usize)> = None;
        let mut doubles: Vec<(usize, usize)> = Vec::new(); // token ranges
        let mut skip_first = false;
        if let Some(c) = carried.take() {
            match ms.first() {
                Some(m) if m.double && m.first == a && m.orient != Orient::Close => {
                    open = Some(c);
                    skip_first = true;
                }
                _ => {}
            }
        }
        for (k, m) in ms.iter().enumerate() {
            if !m.double || (skip_first && k == 0) {
                continue;
            }
            match (open, m.orient) {
                (None, Orient::Open | Orient::Either) => {
                    open = Some((m.first, toks[m.last].span.end));
                }
                (None, Orient::Close) => {}
                (Some((o, cstart)), Orient::Close | Orient::Either) => {
                    push(
                        text,
                        &mut out,
                        (o, m.last + 1),
                        cstart,
                        toks[m.first].span.start,
                    );
                    doubles.push((o.max(a), m.last + 1));
                    open = None;
                }
                (Some((o, cstart)), Orient::Open) => {
                    // A second opening mark before any close: the first quote
                    // was never closed; it ends before this mark.
                    push(
                        text,
                        &mut out,
                        (o, m.first),
                        cstart,
                        toks[m.first].span.start,
                    );
                    doubles.push((o.max(a), m.first));
                    open = Some((m.first, toks[m.last].span.end));
                }
            }
        }
        if let Some((o, cstart)) = open {
            // Continues when the next paragraph opens with a mark.
            let next_opens = ranges.get(p + 1).is_some_and(|&(na, nb)| {
                na < nb
                    && !seg.paragraphs[p + 1].boilerplate
                    && toks[na].kind == TokenKind::Quote
                    && marks(text, seg, na, (na + 2).min(nb))
                        .first()
                        .is_some_and(|m| m.double && m.orient != Orient::Close)
            });
            if next_opens {
                carried = Some((o, cstart));
            } else {
                push(text, &mut out, (o, b), cstart, toks[b - 1].span.end);
                doubles.push((o.max(a), b));
            }
        }
        singles(text, seg, &ms, &doubles, &mut out);
    }
    out.sort_by_key(|r| r.tokens.0);
    out
}

/// Pairs single marks outside double-quoted ranges.
fn singles(
    text: &str,
    seg: &Segmented,
    ms: &[Mark],
    doubles: &[(usize, usize)],
    out: &mut Vec<Region>,
) {
    let toks = &seg.tokens;
    let mut open: Option<usize> = None;
    for m in ms.iter().filter(|m| !m.double) {
        // `doubles` is sorted: the one range that could hold the mark is the
        // last that starts at or before it.
        let i = doubles.partition_point(|&(a, _)| a <= m.first);
        if i > 0 && m.first < doubles[i - 1].1 {
            continue;
        }
        let after_s =
            prev_char(text, toks[m.first].span.start).is_some_and(|c| c == 's' || c == 'S');
        match (open, m.orient) {
            (None, Orient::Open) => open = Some(m.first),
            (Some(o), Orient::Close | Orient::Either) => {
                let cstart = toks[o].span.end;
                let cend = toks[m.first].span.start;
                // `the Koreans' plan` inside `'…'` would close early; a
                // possessive is followed by a word, a closing mark is not.
                let next_word = next_char(text, toks[m.last].span.end).is_some_and(|c| c == ' ')
                    && text[toks[m.last].span.end..]
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase());
                if after_s && next_word {
                    continue;
                }
                push(text, out, (o, m.first + 1), cstart, cend);
                open = None;
            }
            _ => {}
        }
    }
}

fn push(text: &str, out: &mut Vec<Region>, tokens: (usize, usize), cstart: usize, cend: usize) {
    if cend <= cstart {
        return;
    }
    let raw = &text[cstart..cend];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let content = Span::new(cstart + lead, cstart + lead + trimmed.len());
    // `…, ‘Don’t hit me, please,’” Nicklaus said`: look past nested marks.
    let ends_with_punct = trimmed
        .trim_end_matches(crate::segment::is_quote_char)
        .ends_with([',', '.', '?', '!', '…', '—']);
    // (Bytes, not chars: the three marks are ASCII, which no other
    // character's UTF-8 bytes can be, and quotes run long.)
    let multi_sentence = memchr::memchr3_iter(b'.', b'?', b'!', trimmed.as_bytes()).any(|i| {
        trimmed[i + 1..].starts_with(' ')
            && trimmed[i + 1..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase())
    });
    out.push(Region {
        tokens,
        content,
        ends_with_punct,
        multi_sentence,
    });
}
