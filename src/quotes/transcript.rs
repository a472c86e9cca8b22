//! Transcript turns: paragraphs that open with a speaker label in capitals
//! and a colon (`WALLACE: Let's start with the news.`), the way news sites
//! print interviews and debate excerpts. Each turn is one direct quote of
//! the labelled speaker.
//!
//! In: the quote rules' context. Out: the turns, in text order. It does not
//! resolve the label to a name (the caller does, against the entities), and
//! it reports nothing unless the article has at least two turns: a single
//! `UPDATE:` line is no transcript.

use super::{words::W, Cx};
use crate::lexicon;
use crate::model::{Span, TokenKind};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Capitalised paragraph labels that name no speaker (`UPDATE:`, `WATCH:`).
static NOT_SPEAKERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    lexicon::entries(include_str!("../../data/labels-not-speakers.txt")).collect()
});

/// One turn of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Turn {
    /// Paragraph index.
    pub paragraph: usize,
    /// Token range of the label (`PENCE`, `SEN. CRUZ`).
    pub label: (usize, usize),
    /// The colon token after the label.
    pub colon: usize,
    /// What the speaker said: the rest of the paragraph, without a
    /// closing quotation mark.
    pub content: Span,
}

/// The transcript turns of the article: none, or two and more.
pub(super) fn turns(cx: &Cx) -> Vec<Turn> {
    let seg = cx.seg;
    let mut out = Vec::new();
    let mut s = 0;
    while s < seg.sentences.len() {
        let para = seg.sentences[s].paragraph;
        let mut end = s;
        while end < seg.sentences.len() && seg.sentences[end].paragraph == para {
            end += 1;
        }
        if !seg.paragraphs[para].boilerplate {
            let (a, _) = seg.sentences[s].tokens;
            let (_, b) = seg.sentences[end - 1].tokens;
            if let Some(turn) = turn_at(cx, para, a, b) {
                out.push(turn);
            }
        }
        s = end;
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// A turn in the paragraph with token range `a..b`, if it opens with a label.
fn turn_at(cx: &Cx, paragraph: usize, a: usize, b: usize) -> Option<Turn> {
    // `"PENCE: …`: a paragraph of a quoted transcript may open with a mark.
    let mut i = a;
    while i < b && cx.kind(i) == TokenKind::Quote {
        i += 1;
    }
    let start = i;
    while i < b && i < start + 4 && is_label_word(cx, i) {
        i += 1;
    }
    if i == start || i >= b || cx.tok(i) != ":" {
        return None;
    }
    let label = Span::new(cx.span(start).start, cx.span(i - 1).end).of(cx.text);
    if NOT_SPEAKERS.contains(label.trim_end_matches('.')) {
        return None;
    }
    let colon = i;
    let mut last = b;
    while last > colon + 1 && cx.kind(last - 1) == TokenKind::Quote {
        last -= 1;
    }
    // A turn says something: two words at least (not `(CROSSTALK.)`).
    let words = (colon + 1..last)
        .filter(|&k| cx.kind(k) == TokenKind::Word)
        .count();
    if words < 2 {
        return None;
    }
    Some(Turn {
        paragraph,
        label: (start, colon),
        colon,
        content: Span::new(cx.span(colon + 1).start, cx.span(last - 1).end),
    })
}

/// A word of a speaker label: capitals only (`WALLACE`, `SEN.`, `O'NEILL`),
/// two letters at least, no pronoun (`I:`).
fn is_label_word(cx: &Cx, i: usize) -> bool {
    // (Asked of the first word of every paragraph: a word whose first
    // char is not upper case, as segment saw it, is none, as no word
    // starts with `.`, `'` or `-`; and the test for capitals stops at the
    // first small letter of `The`.)
    let token = cx.seg.tokens[i];
    if token.kind != TokenKind::Word || !token.upper {
        return false;
    }
    let t = cx.tok(i);
    t.chars()
        .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '’' | '-'))
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !cx.is(i, W::PRONOUN)
}
