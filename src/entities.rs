//! entities: a segmented article in, its named-entity mentions and
//! in-article entities out.
//!
//! * **Finding names.** Runs of capitalised words in a sentence, joined over
//!   `of`/`for` after an organisation or place head (`Bank of America`,
//!   `Institute for Strategic Studies`), over `and`/`&` when the run ends in
//!   an organisation head (`Food and Drug Administration`), and over name
//!   particles (`Ursula von der Leyen`). A run loses leading sentence
//!   openers (`But CNN` → `CNN`) and titles (`Sen.`, `President`); titles are
//!   kept as PERSON and gender cues. A possessive ends a run and is not part
//!   of the mention (`Ukraine’s` → `Ukraine`). A single capitalised word at
//!   the start of a sentence is a name only if a lexicon knows it or the
//!   article capitalises it mid-sentence too. ALL-CAPS and Title Case lines
//!   carry no case signal, so there only lexicon names and words the body
//!   capitalises count; a dateline (`WASHINGTON •`, `ROME 1996-12-06`) is a
//!   place.
//! * **Typing**, strongest evidence first: a whole-name lexicon entry
//!   (media, organisations, places, nationalities), a head word (`Ministry`,
//!   `River`, `Act`), a title, a first name, an acronym, context (`… said`,
//!   `in …`), surname lists, and a default. Every mention of an entity takes
//!   the type of its best-evidenced mention.
//! * **Coreference** inside the article: same name; surname to full name
//!   (`Elleman` → `Michael Elleman`); acronym to expansion (`IISS` ↔
//!   `International Institute for Strategic Studies`) and lexicon aliases
//!   (`U.N.` ↔ `United Nations`, `NY Times` → `New York Times`); a bare
//!   `Times` to the article's `… Times` outlet. The canonical name is the
//!   fullest the article gives (or the lexicon's spelling).
//!
//! It finds only names (`MentionForm::Name`); pronouns and descriptions are
//! the quotes stage's. It does not parse, and it does not know names that
//! are neither capitalised nor listed.

pub(crate) mod lex;
mod table;

use crate::model::{
    Article, Entities, Entity, EntityType, Gender, Mention, MentionForm, Segmented, Span, Token,
    TokenKind,
};
use lex::{lex, Lex, WordInfo};
use std::cell::RefCell;
use table::Interner;

// ---------------------------------------------------------------------------
// Public helpers for the quotes stage.

fn with_lower<R>(s: &str, f: impl FnOnce(&Lex, &mut String) -> R) -> R {
    thread_local!(static BUF: RefCell<String> = const { RefCell::new(String::new()) });
    BUF.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => f(lex(), &mut buf),
        Err(_) => f(lex(), &mut String::with_capacity(s.len())),
    })
}

/// The gender a first name usually has (1990 US Census shares, 3:1 or
/// more): `Michael` → male, `Mary` → female, `Jordan`-like shared names and
/// unknown words → `None`. Case-insensitive.
pub fn first_name_gender(word: &str) -> Option<Gender> {
    with_lower(word, |l, b| l.first_name(b, word).flatten())
}

/// Whether `word` is a known first name (of either gender).
pub fn is_first_name(word: &str) -> bool {
    with_lower(word, |l, b| l.first_name(b, word).is_some())
}

/// Whether `word` is a title or role written before a name (`Mr.`, `Sen`,
/// `President`, `Gen.`, `Secretary`, `Gov.`); a final period is ignored.
pub fn is_title(word: &str) -> bool {
    with_lower(word, |l, b| l.title(b, word).is_some())
}

/// The gender a title implies: `Mr.` male, `Mrs.`/`Ms.` female, `Sen.`
/// none.
pub fn title_gender(word: &str) -> Option<Gender> {
    with_lower(word, |l, b| l.title(b, word).and_then(|t| t.gender))
}

/// Whether `name` (one or more words, any case, a leading `The` allowed
/// where the outlet uses it) is a news outlet: `CNN`, `NY Times`,
/// `The Straits Times`.
pub fn is_media(name: &str) -> bool {
    media_canonical(name).is_some()
}

/// The canonical name of a news outlet: `NY Times` → `New York Times`,
/// `AP` → `Associated Press`.
pub fn media_canonical(name: &str) -> Option<&'static str> {
    with_lower(name, |l, b| {
        l.phrase_of(b, name.split_whitespace())
            .filter(|p| p.kind == EntityType::Media)
            .map(|p| p.canon)
    })
}

// ---------------------------------------------------------------------------
// Extraction.

/// How strongly a mention's type is evidenced; an entity takes the type of
/// its best mention.
const BY_LEXICON: u8 = 5;
const BY_HEAD: u8 = 4;
const BY_TITLE: u8 = 4;
const BY_FIRST_NAME: u8 = 3;
const BY_CONTEXT: u8 = 2;
const BY_DEFAULT: u8 = 1;

/// Name particles joined inside person names (`Charles de Gaulle`).
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del", "della", "dos", "das",
    "bin", "ibn", "al", "el", "ter",
];

/// Verbs after a name that make it a person (`Elleman said`).
const SPEECH_AFTER: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "explained",
    "argued",
    "noted",
    "asked",
    "tweeted",
    "claimed",
    "insisted",
    "believes",
    "believed",
    "thinks",
    "replied",
    "recalled",
];

/// Days and months, which make a capitalised run an event (`Super
/// Tuesday`, `Black Friday`).
const DATE_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Prepositions before a name that make an unknown one a place (`in Kharkiv`).
const PLACE_BEFORE: &[&str] = &["in", "near", "outside", "across", "throughout"];

/// How a name is typed: now, or once the article's lower-case words are
/// known (see [`Common`]).
enum Evidence {
    Settled(EntityType, u8, Option<Gender>),
    Common {
        otherwise: (EntityType, u8),
        then: Option<(EntityType, u8)>,
    },
}

/// One name mention before coreference.
#[derive(Debug, Clone)]
struct Cand {
    span: Span,
    sentence: usize,
    kind: EntityType,
    strength: u8,
    canon: Option<&'static str>,
    /// Lower-case name, the key for exact-name coreference, as its number
    /// in `Ctx::keys`: linking compares and sorts integers, not text.
    key: u32,
    /// Lower-case last word, for surname coreference (a number likewise).
    last: u32,
    words: usize,
    gender: Option<Gender>,
    acronym: bool,
    /// Set while the type waits on whether the article writes the last
    /// word in lower case too (see [`Ctx::evidence`]).
    common: Option<Common>,
}

/// The type a name takes if the article also uses its last word in lower
/// case (`… print edition … Print Edition`), where `kind` and `strength`
/// of its [`Cand`] are the type otherwise. That is known only once every
/// word was seen; asking then, for the few names it matters for, spares
/// the stage a set of every lower-case word of the article.
#[derive(Debug, Clone, Copy)]
struct Common {
    /// The lower-cased last word, a number in `Ctx::keys`.
    key: u32,
    /// `None`: the name is dropped (a headline or menu word).
    then: Option<(EntityType, u8)>,
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Token],
    lex: &'static Lex,
    /// Words capitalised somewhere other than a sentence start.
    mid_caps: &'a mut Interner,
    buf: &'a mut String,
    cands: Vec<Cand>,
    /// The lower-cased `key` and `last` of every candidate, numbered.
    keys: &'a mut Interner,
    /// What the lexicons say of each token without its possessive, looked
    /// up the first time it is asked: a name word is asked about up to a
    /// dozen times (title? stop word? first name? in a phrase?), and each
    /// answer used to cost a lower-casing and a hash of its text.
    infos: &'a mut Vec<Option<WordInfo>>,
}

/// Finds the article's entity mentions and links them into entities.
// Kept out of line (one call an article costs nothing) so that profiles
// and `scripts/bench/instructions.sh` find the stage under its own name.
#[inline(never)]
pub fn extract(article: &Article, seg: &Segmented) -> Entities {
    // One scratch per thread, cleared for each article: its tables and
    // buffers are then allocated once, not grown again per article.
    thread_local!(static SCRATCH: RefCell<Scratch> = RefCell::default());
    SCRATCH.with(|k| match k.try_borrow_mut() {
        Ok(mut scratch) => {
            let found = extract_with(article, seg, &mut scratch);
            // A book-length file (a million tokens: 8 MB of `infos`, and
            // interners to match) must not stay resident in every worker
            // for the rest of the run; news articles stay far below this.
            if scratch.infos.capacity() > KEEP_TOKENS {
                *scratch = Scratch::default();
            }
            found
        }
        Err(_) => extract_with(article, seg, &mut Scratch::default()),
    })
}

/// Tokens of the largest article whose [`Scratch`] a thread keeps.
const KEEP_TOKENS: usize = 1 << 16;

/// The tables [`extract`] fills for each article.
#[derive(Default)]
struct Scratch {
    /// Lower-case names and words (see [`Cand::key`]).
    keys: Interner,
    /// Initials of multi-word names and letters of acronyms, as written.
    initials: Interner,
    /// Words capitalised somewhere other than a sentence start.
    mid_caps: Interner,
    /// The per-token answers of [`Ctx::info`].
    infos: Vec<Option<WordInfo>>,
    /// Room to lower-case or title-case a word.
    buf: String,
}

fn extract_with(article: &Article, seg: &Segmented, scratch: &mut Scratch) -> Entities {
    let Scratch {
        keys,
        initials,
        mid_caps,
        infos,
        buf,
    } = scratch;
    keys.clear();
    initials.clear();
    mid_caps.clear();
    infos.clear();
    infos.resize(seg.tokens.len(), None);
    let text = article.text.as_str();
    let mut ctx = Ctx {
        text,
        toks: &seg.tokens,
        lex: lex(),
        mid_caps,
        buf,
        // About one name in twenty tokens; reserved so it rarely grows.
        cands: Vec::with_capacity(seg.tokens.len() / 16 + 4),
        keys,
        infos,
    };
    let live = |si: usize| {
        let s = &seg.sentences[si];
        !seg.paragraphs
            .get(s.paragraph)
            .is_some_and(|p| p.boilerplate)
    };
    // Sentences with case signal whose words count as the article's usage.
    let mut cased = Vec::with_capacity(seg.sentences.len());
    let mut modes = Vec::with_capacity(seg.sentences.len());
    // The scan asks `mid_caps` only about the first word of a cased
    // sentence (`Ctx::run`) and about the words of a sentence without case
    // in Title Case (`Ctx::body_caps`). Their sketches filter the
    // capitalised words worth filing: most (`Trump` said, the `White
    // House`) can never be asked about, and a filter bit costs less than
    // filing them.
    let mut asked = [0u64; 256];
    let mut caps: Vec<&str> = Vec::with_capacity(seg.tokens.len() / 8);
    for (si, s) in seg.sentences.iter().enumerate() {
        let toks = &seg.tokens[s.tokens.0..s.tokens.1];
        let no_case = is_no_case(text, toks);
        modes.push(no_case);
        if no_case {
            for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
                // `body_caps` asks about the word in Title Case. The sketch
                // reads letters without their ASCII case, so an ASCII word
                // (`CHINA`) marks the bit of its Title Case (`China`) as
                // written; only another needs the copy.
                let w = strip_possessive(t.span.of(text));
                if w.is_ascii() {
                    mark(&mut asked, w);
                } else {
                    title_case_into(ctx.buf, w);
                    mark(&mut asked, ctx.buf);
                }
            }
        }
        if !live(si) || no_case {
            continue;
        }
        cased.push(si);
        let first = first_word(toks);
        if let Some(t) = first.and_then(|k| toks.get(k)) {
            mark(&mut asked, strip_possessive(t.span.of(text)));
        }
        for (k, t) in toks.iter().enumerate() {
            if t.kind == TokenKind::Word && t.upper && Some(k) != first {
                caps.push(strip_possessive(t.span.of(text)));
            }
        }
    }
    for w in caps {
        if marked(&asked, w) {
            ctx.mid_caps.add(w);
        }
    }
    for (si, s) in seg.sentences.iter().enumerate() {
        if !live(si) {
            continue;
        }
        let first_sentence_of_paragraph = si == 0 || seg.sentences[si - 1].paragraph != s.paragraph;
        let (a, b) = s.tokens;
        let mut from = a;
        if first_sentence_of_paragraph {
            from = ctx.dateline(a, b, si);
        }
        if modes[si] {
            ctx.scan_no_case(from, b, si);
        } else {
            ctx.scan(from, b, a, si);
        }
    }
    let Ctx {
        mut cands, keys, ..
    } = ctx;
    settle_common(text, seg, &cased, keys, &mut cands);
    link(text, keys, initials, cands)
}

/// Settles the types that wait on lower-case usage ([`Common`]): one pass
/// over the words of the `cased` sentences, where a word is looked up only
/// if its length and first byte match some name's last word.
fn settle_common(
    text: &str,
    seg: &Segmented,
    cased: &[usize],
    keys: &Interner,
    cands: &mut Vec<Cand>,
) {
    // By key number: whether it is asked about, and whether it was seen.
    let mut asked: Vec<(bool, bool)> = Vec::new();
    // A bit for each sketch (see `sketch`) of the names' last words: most
    // words of the article differ in first or last letter or length from
    // all of them and are passed over without a lookup.
    let mut filter = [0u64; 256];
    // By first byte (low five bits) of those words, a bit for each length
    // (up to 15) a token of one of them can have: its own, or two or four
    // bytes more with a possessive (`'s`, `’s`). Read from the token's
    // span, it passes over most words before their text is sliced at all.
    let mut heads = [0u16; 32];
    for c in cands.iter() {
        let Some(common) = c.common else { continue };
        let n = common.key as usize;
        if asked.len() <= n {
            asked.resize(n + 1, (false, false));
        }
        asked[n].0 = true;
        let w = keys.str(common.key);
        mark(&mut filter, w);
        match w.as_bytes().first() {
            Some(&f) => {
                let lens = [w.len(), w.len() + 2, w.len() + 4];
                for len in lens {
                    heads[usize::from(f & 31)] |= 1 << len.min(15);
                }
            }
            None => heads = [u16::MAX; 32],
        }
    }
    if asked.is_empty() {
        return;
    }
    // The words a set of lower-case words would hold: every word of a
    // cased sentence that does not start upper case, possessive dropped.
    for &si in cased {
        let (a, b) = seg.sentences[si].tokens;
        for t in &seg.tokens[a..b] {
            if t.kind != TokenKind::Word || t.upper {
                continue;
            }
            let first = text.as_bytes().get(t.span.start).copied().unwrap_or(0);
            let len = t.span.end.saturating_sub(t.span.start).min(15);
            if heads[usize::from(first & 31)] & (1 << len) == 0 {
                continue;
            }
            let w = strip_possessive(t.span.of(text));
            if !marked(&filter, w) {
                continue;
            }
            if let Some(slot) = keys.get(w).and_then(|n| asked.get_mut(n as usize)) {
                slot.1 |= slot.0;
            }
        }
    }
    cands.retain_mut(|c| {
        let Some(common) = c.common.take() else {
            return true;
        };
        if !asked.get(common.key as usize).is_some_and(|a| a.1) {
            return true;
        }
        match common.then {
            Some((kind, strength)) => {
                c.kind = kind;
                c.strength = strength;
                true
            }
            None => false,
        }
    });
}

/// A 14-bit summary of a word: its first and last byte (low five bits of
/// each, which tell the lower-case letters apart) and its length up to 15.
fn sketch(w: &str) -> usize {
    let b = w.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => {
            usize::from(f & 31) | usize::from(l & 31) << 5 | b.len().min(15) << 10
        }
        _ => 0,
    }
}

/// `w` in Title Case, as the body would capitalise it: `CHINA` → `China`.
fn title_case_into(buf: &mut String, w: &str) {
    let mut chars = w.chars();
    buf.clear();
    if let Some(c) = chars.next() {
        buf.extend(c.to_uppercase());
    }
    for c in chars {
        buf.extend(c.to_lowercase());
    }
}

/// Sets the bit of `w`'s [`sketch`] in a 16,384-bit filter.
fn mark(filter: &mut [u64; 256], w: &str) {
    let sk = sketch(w);
    filter[sk >> 6] |= 1 << (sk & 63);
}

/// Whether the bit of `w`'s [`sketch`] is set.
fn marked(filter: &[u64; 256], w: &str) -> bool {
    let sk = sketch(w);
    filter[sk >> 6] & (1 << (sk & 63)) != 0
}

fn starts_upper(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// `w.split_once('-')`, without the searcher set-up that cost more than the
/// rest of [`Ctx::is_name_word`] on short words.
fn split_hyphen(w: &str) -> Option<(&str, &str)> {
    let i = w.bytes().position(|b| b == b'-')?;
    // `-` is ASCII, so both sides start and end on char boundaries.
    Some((w.get(..i)?, w.get(i + 1..)?))
}

fn is_all_caps(w: &str) -> bool {
    if w.is_ascii() {
        let mut letters = 0;
        for b in w.bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(b.is_ascii_alphabetic());
        }
        return letters >= 2;
    }
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// `U.N.`, `IISS`, `CNN`: two to six capitals, periods allowed.
fn is_acronym(w: &str) -> bool {
    if w.is_ascii() {
        // Asked of every name word: the bytes of an ASCII word answer
        // without decoding chars, and most fail on their second letter.
        let b = w.as_bytes();
        return b
            .iter()
            .all(|&c| c.is_ascii_uppercase() || c == b'.' || c == b'&')
            && (2..=6).contains(&b.iter().filter(|c| c.is_ascii_alphabetic()).count());
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// `II`, `IV`: a regnal or war numeral after a name.
fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// `Ukraine's` → `Ukraine`, `Ukraine’s` → `Ukraine` (a bare `'s` stays).
fn strip_possessive(w: &str) -> &str {
    // Called for nearly every word: look at the last byte first, as most
    // words do not end in `s`, instead of trying four suffixes each time.
    let b = w.as_bytes();
    let Some((&last, rest)) = b.split_last() else {
        return w;
    };
    if last != b's' && last != b'S' {
        return w;
    }
    let cut = if rest.ends_with(b"'") {
        rest.len() - 1
    } else if rest.ends_with("’".as_bytes()) {
        rest.len() - "’".len()
    } else {
        return w;
    };
    // The cut is before an ASCII quote or a whole `’`: a char boundary.
    match w.get(..cut) {
        Some(s) if !s.is_empty() => s,
        _ => w,
    }
}

fn has_possessive(w: &str) -> bool {
    strip_possessive(w).len() != w.len()
}

/// Index (within `toks`) of the sentence's first word or number.
fn first_word(toks: &[Token]) -> Option<usize> {
    toks.iter()
        .position(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
}

/// Whether a token may count as a capital in [`is_no_case`]: a word that
/// starts upper case, or with a non-ASCII char that is not (`中国` has no
/// lower-case letter, so it counts as ALL CAPS). Only a word starting with
/// a lower-case ASCII letter, most words, is certainly none.
fn may_be_caps(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && (t.upper
            || text
                .as_bytes()
                .get(t.span.start)
                .is_some_and(|b| !b.is_ascii_lowercase()))
}

/// A sentence without case signal: mostly ALL CAPS (`SOCCER - JAPAN GET
/// LUCKY WIN`), or a Title Case headline, where every word longer than three
/// letters is capitalised (`Perry Just Announced His Official Endorsement`).
fn is_no_case(text: &str, toks: &[Token]) -> bool {
    // Every test below needs at least two words that may be capitals (an
    // ALL-CAPS word or a capitalised long one). Counting them first, from
    // the flags and one byte a token, bounds what the rest of a sentence
    // can still add far more tightly than its number of tokens: `Trump said
    // on Monday that …` has three, and is settled after its third
    // lower-case word instead of a third of the way through.
    let mut possible = toks.iter().filter(|t| may_be_caps(text, t)).count();
    if possible < 2 {
        return false;
    }
    let (mut words, mut caps, mut long, mut long_cap) = (0, 0, 0, 0);
    for t in toks {
        if t.kind != TokenKind::Word {
            continue;
        }
        if may_be_caps(text, t) {
            possible -= 1;
        }
        // Every word of every sentence comes through here: one starting
        // with a lower-case ASCII letter (most) is a lower-case word and
        // needs only its length; another ASCII word is read in one pass
        // over its bytes, with the same answers as the char-by-char tests
        // below give it. Both read bytes, not a `str` whose slicing would
        // check char boundaries.
        let Some(w) = text.as_bytes().get(t.span.start..t.span.end) else {
            continue;
        };
        let (alpha, all_caps, long_word) = if w.first().is_some_and(u8::is_ascii_lowercase) {
            let n = w.len();
            (
                true,
                false,
                // Four ASCII bytes are four chars; otherwise chars are
                // the bytes that do not continue one (0b10xx_xxxx).
                n > 3
                    && (n > 12
                        || w.get(..4).is_some_and(<[u8]>::is_ascii)
                        || w.iter().filter(|&&b| b & 0xc0 != 0x80).count() > 3),
            )
        } else if w.is_ascii() {
            // A lower-case letter settles both questions, and most words
            // start with one.
            let mut letters = 0;
            let mut lower = false;
            for &b in w {
                if b.is_ascii_lowercase() {
                    lower = true;
                    break;
                }
                letters += usize::from(b.is_ascii_uppercase());
            }
            (lower || letters > 0, !lower && letters >= 2, w.len() > 3)
        } else {
            let w = t.span.of(text);
            (
                w.chars().any(char::is_alphabetic),
                is_all_caps(w),
                w.len() > 3 && (w.len() > 12 || w.chars().count() > 3),
            )
        };
        if !alpha {
            continue;
        }
        words += 1;
        if all_caps {
            caps += 1;
        }
        if long_word {
            long += 1;
            if t.upper {
                long_cap += 1;
            }
        }
        // A few lower-case words settle an ordinary sentence: stop once not
        // even every possible capital left being one, in a word of its own
        // and a long one, could meet a test below. (Adding as many words as
        // capitals raises a share below one the most.)
        if !all_caps && long_cap != long {
            let rest = possible;
            if (caps + rest) * 10 < (words + rest) * 7 && (long_cap + rest) * 10 < (long + rest) * 9
            {
                return false;
            }
        }
    }
    (words >= 2 && caps >= 2 && caps * 10 >= words * 7)
        || (long >= 4 && long_cap == long)
        || (long >= 8 && long_cap * 10 >= long * 9)
}

impl<'a> Ctx<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.toks[i].span.of(self.text)
    }

    /// A token that can be part of a name: a capitalised word, or a particle
    /// glued to one by a hyphen (`al-Assad`). A capitalised word with a
    /// lower-case tail (`Ukrainian-born`) is not: see `hyphen_prefix`.
    #[inline]
    fn is_name_word(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind != TokenKind::Word {
            return false;
        }
        if !t.hyphen {
            // Nearly every word: the case segment saw settles it.
            return t.upper;
        }
        let w = t.span.of(self.text);
        if t.upper {
            return !split_hyphen(w)
                .is_some_and(|(_, tail)| tail.chars().next().is_some_and(char::is_lowercase));
        }
        split_hyphen(w).is_some_and(|(head, tail)| PARTICLES.contains(&head) && starts_upper(tail))
    }

    /// What the lexicons say of token `i` without its possessive
    /// (`Ukraine’s` as `Ukraine`), looked up once per token.
    #[inline]
    fn info(&mut self, i: usize) -> WordInfo {
        if let Some(Some(w)) = self.infos.get(i) {
            return *w;
        }
        self.look_up(i)
    }

    /// [`Ctx::info`] the first time: out of line, so that the answers
    /// asked again (most) cost no call.
    #[inline(never)]
    fn look_up(&mut self, i: usize) -> WordInfo {
        let word = strip_possessive(self.word(i));
        let w = self.lex.info(self.buf, word);
        if let Some(slot) = self.infos.get_mut(i) {
            *slot = Some(w);
        }
        w
    }

    /// What the lexicons say of token `i` as written, possessive and all
    /// (only a possessive word, rare, needs a lookup of its own).
    fn info_raw(&mut self, i: usize) -> WordInfo {
        let w = self.word(i);
        if has_possessive(w) {
            self.lex.info(self.buf, w)
        } else {
            self.info(i)
        }
    }

    /// The lexicon phrase the words `[s, e)` make, the last without its
    /// possessive: an integer key of the words' numbers, and no lookup at
    /// all when some word is in no phrase (most names).
    fn phrase(&mut self, s: usize, e: usize) -> Option<lex::Phrase> {
        let lex = self.lex;
        lex.phrase_ids(e.saturating_sub(s), |k| {
            if s + k + 1 == e {
                self.info(s + k).id
            } else {
                self.info_raw(s + k).id
            }
        })
    }

    /// A dateline opening a paragraph: 1–3 ALL-CAPS words then `•`, a dash,
    /// `(`, `,` or a number (`WASHINGTON •`, `ROME 1996-12-06`, `BAGHDAD,
    /// Iraq`). Emits the place and returns where the sentence goes on.
    fn dateline(&mut self, a: usize, b: usize, si: usize) -> usize {
        let mut e = a;
        while e < b
            && e - a < 3
            && self.toks[e].kind == TokenKind::Word
            && is_all_caps(self.word(e))
        {
            e += 1;
        }
        if e == a || e >= b {
            return a;
        }
        let next = self.toks[e];
        let sep = next.kind == TokenKind::Number
            || matches!(next.span.of(self.text), "•" | "(" | "," | "·");
        let dash = matches!(next.span.of(self.text), "-" | "—" | "–");
        let p = self.phrase(a, e);
        // `CNN -`, `AP —`: a source, not a place; `SOCCER -`: a rubric. A
        // dash makes a dateline only after a listed place.
        match p {
            Some(p) if p.kind != EntityType::Gpe => return a,
            None if !sep => return a,
            Some(_) if !sep && !dash => return a,
            _ => {}
        }
        let canon = p.map(|p| p.canon);
        self.push(a, e, si, EntityType::Gpe, BY_CONTEXT + 1, canon, None);
        e
    }

    /// Sentences without case signal: lexicon names, and runs of words the
    /// body capitalises elsewhere.
    fn scan_no_case(&mut self, a: usize, b: usize, si: usize) {
        let mut i = a;
        while i < b {
            if self.toks[i].kind != TokenKind::Word {
                i += 1;
                continue;
            }
            if let Some(e) = self.longest_phrase(i, b, si) {
                i = e;
                continue;
            }
            let mut e = i;
            while e < b && self.toks[e].kind == TokenKind::Word && self.body_caps(e) {
                e += 1;
            }
            if e > i {
                self.classify_push(i, e, si, None);
                i = e;
            } else {
                i += 1;
            }
        }
    }

    /// Whether the word at `i`, in Title Case, is capitalised mid-sentence
    /// in the body (and is not a function word).
    fn body_caps(&mut self, i: usize) -> bool {
        if self.info(i).stop {
            return false;
        }
        let w = strip_possessive(self.word(i));
        title_case_into(self.buf, w);
        self.mid_caps.get(self.buf).is_some()
    }

    /// Emits the longest lexicon phrase starting at `i` (words only) and
    /// returns its end.
    fn longest_phrase(&mut self, i: usize, b: usize, si: usize) -> Option<usize> {
        let mut e = i;
        while e < b && e - i < self.lex.max_words && self.toks[e].kind == TokenKind::Word {
            e += 1;
        }
        while e > i {
            if let Some(p) = self.phrase(i, e) {
                self.push(i, e, si, p.kind, BY_LEXICON, Some(p.canon), None);
                return Some(e);
            }
            e -= 1;
        }
        None
    }

    /// Emits only the lexicon names inside `[s, e)`: used for the words
    /// before a title (`British Prime Minister …`: `British`; `White House
    /// Press Secretary …`: `White House`), which are otherwise role words.
    fn lexicon_only(&mut self, s: usize, e: usize, si: usize) {
        let mut i = s;
        while i < e {
            match self.longest_phrase(i, e, si) {
                Some(end) => i = end,
                None => {
                    if self.toks[i].kind == TokenKind::Word
                        && is_acronym(self.word(i))
                        && !self.info_raw(i).stop
                    {
                        self.classify_push(i, i + 1, si, None);
                    }
                    i += 1;
                }
            }
        }
    }

    /// Ordinary sentences: runs of capitalised words. `a` is the sentence's
    /// first token, `from` where scanning starts (after a dateline).
    fn scan(&mut self, from: usize, b: usize, a: usize, si: usize) {
        let first = first_word(&self.toks[a..b]).map(|k| a + k);
        let mut i = from;
        while i < b {
            let t = self.toks[i];
            // Most tokens are lower-case words without a hyphen, or
            // punctuation: neither name words nor a capitalised prefix
            // (`Ukrainian-born`), settled by the flags alone.
            if t.kind != TokenKind::Word || (!t.upper && !t.hyphen) {
                i += 1;
                continue;
            }
            if !self.is_name_word(i) {
                self.hyphen_prefix(i, si);
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            while end < b && !has_possessive(self.word(end - 1)) {
                if self.is_name_word(end) {
                    end += 1;
                } else if let Some(next) = self.connector(end, b) {
                    end = next;
                } else {
                    break;
                }
            }
            self.run(start, end, Some(start) == first, si);
            i = end;
        }
    }

    /// `Ukrainian-born`, `U.S.-led`: the capitalised part before a hyphen is
    /// a mention when a lexicon knows it.
    fn hyphen_prefix(&mut self, i: usize, si: usize) {
        let t = self.toks[i];
        // Checked for every token that is not a name word: the flags of
        // segment settle nearly all without reading the text.
        if t.kind != TokenKind::Word || !t.upper || !t.hyphen {
            return;
        }
        let w = t.span.of(self.text);
        let Some((head, _)) = split_hyphen(w) else {
            return;
        };
        if let Some(p) = self.lex.phrase_of(self.buf, std::iter::once(head)) {
            let span = Span::new(t.span.start, t.span.start + head.len());
            self.push_span(
                span,
                1,
                si,
                p.kind,
                BY_LEXICON,
                Some(p.canon),
                None,
                is_acronym(head),
            );
        }
    }

    /// If the token at `c` joins the run before it to capitalised words
    /// after it, the end of those words.
    fn connector(&mut self, c: usize, b: usize) -> Option<usize> {
        let w = self.word(c);
        if self.toks[c].kind == TokenKind::Word && (w == "of" || w == "for") {
            self.info_raw(c - 1).head?;
            let mut j = c + 1;
            if j < b && self.word(j) == "the" {
                j += 1;
            }
            return (j < b && self.is_name_word(j)).then_some(j + 1);
        }
        if w == "&" {
            return (c + 1 < b && self.is_name_word(c + 1)).then_some(c + 2);
        }
        if w == "and" {
            // `Food and Drug Administration`, not `Ukraine and Russia`.
            let mut j = c + 1;
            while j < b && self.is_name_word(j) && !has_possessive(self.word(j)) {
                j += 1;
            }
            if j > c + 1 && self.info_raw(j - 1).head == Some(EntityType::Org) {
                return Some(j);
            }
            return None;
        }
        if self.toks[c].kind == TokenKind::Word && PARTICLES.contains(&w) {
            let mut j = c + 1;
            while j < b && PARTICLES.contains(&self.word(j)) {
                j += 1;
            }
            return (j < b && self.is_name_word(j)).then_some(j + 1);
        }
        None
    }

    fn is_connector(&self, i: usize) -> bool {
        if self.toks[i].upper {
            // Every connector is lower case (or `&`).
            return false;
        }
        let w = self.word(i);
        matches!(w, "of" | "for" | "the" | "and" | "&") || PARTICLES.contains(&w)
    }

    /// Trims titles and sentence openers off a run, splits it at titles
    /// inside it, and emits what is left.
    fn run(&mut self, start: usize, end: usize, initial: bool, si: usize) {
        // A listed name as a whole, `The New York Times` with its article.
        if let Some(p) = self.phrase(start, end) {
            self.push(start, end, si, p.kind, BY_LEXICON, Some(p.canon), None);
            return;
        }
        let mut s = start;
        let mut initial = initial;
        let mut title: Option<Option<Gender>> = None;
        // `Secretary of State John Kerry`, `Undersecretary for Management
        // Patrick F. Kennedy`: the run after `of`/`for` still belongs to
        // the title.
        let mut title_of = start >= 2
            && matches!(self.word(start - 1), "of" | "for")
            && self.info_raw(start - 2).title.is_some();
        if title_of {
            title = Some(None);
        }
        while s < end {
            let info = self.info(s);
            if let Some(t) = info.title {
                // `General Motors`, `Justice Department`: a weak title
                // before a head word is part of an organisation's name.
                let before_head = !t.strong && s + 1 < end && self.info_raw(s + 1).head.is_some();
                if before_head {
                    break;
                }
                title = Some(title.flatten().or(t.gender));
                s += 1;
                if s < end && self.word(s) == "of" {
                    title_of = true;
                }
            } else if self.is_connector(s) {
                s += 1;
            } else if info.stop && !self.known_start(s, end) {
                s += 1;
                initial = false;
            } else {
                break;
            }
            if title.is_some() {
                initial = false;
            }
        }
        if s >= end {
            return;
        }
        if title_of {
            // `Secretary of State John Kerry`: the person starts at the
            // first name; `President of France` keeps only a listed place.
            match (s + 1..end).find(|&k| self.info_raw(k).first.is_some()) {
                Some(k) => s = k,
                None => {
                    self.lexicon_only(s, end, si);
                    return;
                }
            }
        }
        // A nationality or place glued before a person's first name:
        // `Republican Donald Trump`, `Texas Rick Perry`; but not a place
        // that is a first name itself (`Elizabeth Arnold`, `Austin Reed`).
        for k in (1..=2).rev() {
            if s + k < end && !title_of {
                let p = self.phrase(s, s + k);
                let first_name = self.info_raw(s + k).first.is_some()
                    && !(k == 1 && self.info_raw(s).first.is_some());
                if let Some(p) =
                    p.filter(|p| first_name && matches!(p.kind, EntityType::Norp | EntityType::Gpe))
                {
                    self.push(s, s + k, si, p.kind, BY_LEXICON, Some(p.canon), None);
                    s += k;
                    initial = false;
                    break;
                }
            }
        }
        // Titles inside the run split it: `Ukrainian President Petro
        // Poroshenko` is `Ukrainian` and the person `Petro Poroshenko`.
        let mut k = s + 1;
        while k + 1 < end {
            let w = self.word(k);
            if let Some(t) = self.info_raw(k).title {
                let splits = t.strong || w.ends_with('.') || self.info_raw(k + 1).first.is_some();
                if splits && self.is_name_word(k + 1) && !has_possessive(w) {
                    self.lexicon_only(s, k, si);
                    title = Some(title.flatten().or(t.gender));
                    initial = false;
                    s = k + 1;
                    // Further titles (`Prime Minister`) are stripped here too.
                    while s + 1 < end && self.info_raw(s).title.is_some() {
                        s += 1;
                    }
                    k = s + 1;
                    continue;
                }
            }
            k += 1;
        }
        // A strong title closing the run (`… the Ukrainian President`).
        let mut e = end;
        if e - s >= 2 && self.info(e - 1).title.is_some_and(|t| t.strong) {
            self.lexicon_only(s, e - 1, si);
            return;
        }
        while e > s && self.is_connector(e - 1) {
            e -= 1;
        }
        if initial && title.is_none() {
            let w = strip_possessive(self.word(s));
            let known = self.known_start(s, e);
            if e - s == 1 {
                if !known && self.mid_caps.get(w).is_none() && !is_acronym(w) {
                    return;
                }
            } else if !known
                && self.mid_caps.get(w).is_none()
                && !is_acronym(w)
                && self.info(s).first.is_none()
            {
                // `Citing Michael Elleman …`: a verb or adverb opening the
                // sentence is not part of the name.
                s += 1;
                while s < e && self.is_connector(s) {
                    s += 1;
                }
                if s >= e {
                    return;
                }
            }
        }
        // A lone capital letter (`point A to point B`) is no name.
        if e - s == 1 && self.word(s).chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return;
        }
        self.classify_push(s, e, si, title);
    }

    /// Whether a lexicon knows the run or its first word(s).
    fn known_start(&mut self, s: usize, e: usize) -> bool {
        (s + 1..=e.min(s + 2)).any(|k| self.phrase(s, k).is_some()) || self.phrase(s, e).is_some()
    }

    /// Types the name `[s, e)` and records it.
    fn classify_push(&mut self, s: usize, e: usize, si: usize, title: Option<Option<Gender>>) {
        let n = (s..e).filter(|&i| !self.is_connector(i)).count();
        if let Some(p) = self.phrase(s, e) {
            self.push(s, e, si, p.kind, BY_LEXICON, Some(p.canon), None);
            return;
        }
        let last = strip_possessive(self.word(e - 1));
        // `North Koreans`, `Ukrainians`: plural of a listed nationality.
        if let Some(p) = self.plural_phrase(s, e, last) {
            self.push(s, e, si, p.kind, BY_LEXICON, Some(p.canon), None);
            return;
        }
        let first = self.word(s);
        let (kind, strength, gender, common) = match self.evidence(s, e, n, first, last, title) {
            Evidence::Settled(kind, strength, gender) => (kind, strength, gender, None),
            Evidence::Common { otherwise, then } => (otherwise.0, otherwise.1, None, Some(then)),
        };
        let before = self.cands.len();
        self.push(s, e, si, kind, strength, None, gender);
        if let Some(then) = common {
            let key = self.keys.add_lower(last);
            if let Some(c) = self.cands.get_mut(before) {
                c.common = Some(Common { key, then });
            }
        }
    }

    /// `North Koreans`: the listed phrase `[s, e)` makes with the final `s`
    /// of `last` (the last word, without possessive) dropped.
    fn plural_phrase(&mut self, s: usize, e: usize, last: &str) -> Option<lex::Phrase> {
        let stem = last.strip_suffix('s')?;
        let lex = self.lex;
        lex.phrase_ids(e.saturating_sub(s), |k| {
            if s + k + 1 == e {
                lex.info(self.buf, stem).id
            } else {
                self.info_raw(s + k).id
            }
        })
        .filter(|p| p.kind == EntityType::Norp)
    }

    fn evidence(
        &mut self,
        s: usize,
        e: usize,
        n: usize,
        first: &str,
        last: &str,
        title: Option<Option<Gender>>,
    ) -> Evidence {
        use EntityType::*;
        use Evidence::Settled;
        // The head is the last word, or the one before a numeral (`World
        // War II`).
        let head = if e - s >= 2 && is_roman(last) {
            self.info_raw(e - 2).head
        } else {
            self.info(e - 1).head
        };
        if let Some(k) = head {
            if n >= 2 {
                return Settled(k, BY_HEAD, None);
            }
        }
        let first_info = self.info_raw(s);
        if e - s >= 3 && (self.word(s + 1) == "of" || self.word(s + 1) == "for") {
            if let Some(k) = first_info.head {
                return Settled(k, BY_HEAD, None);
            }
        }
        if n >= 2 && matches!(first, "Mount" | "Mt." | "Lake") {
            return Settled(Loc, BY_HEAD, None);
        }
        // Gender here comes from titles only: the entity's first name is
        // read from its canonical name once mentions are linked, since a
        // lone `Clinton` is a surname, not the first name `Clinton`.
        if let Some(g) = title {
            return Settled(Person, BY_TITLE, g);
        }
        let first_name = first_info.first;
        if first_name.is_some() && n >= 2 && !is_all_caps(first) {
            return Settled(Person, BY_FIRST_NAME, None);
        }
        if n == 1 && is_acronym(first) {
            return Settled(Org, BY_CONTEXT, None);
        }
        let after = (e < self.toks.len()).then(|| self.word(e));
        if n <= 3 && after.is_some_and(|w| SPEECH_AFTER.contains(&w)) {
            return Settled(Person, BY_CONTEXT, None);
        }
        let before = s.checked_sub(1).map(|i| self.word(i));
        if n <= 3 && before.is_some_and(|w| PLACE_BEFORE.contains(&w)) {
            return Settled(Gpe, BY_CONTEXT, None);
        }
        // A day or month inside (`Super Tuesday`) makes it an event.
        let has_stop = (s..e).any(|i| DATE_WORDS.contains(&self.word(i)));
        if has_stop {
            return Settled(Other, BY_DEFAULT, None);
        }
        // What is left turns on whether the article also writes the last
        // word in lower case: then it is a common word (`Print Edition`).
        let surname = self.info(e - 1).surname;
        let otherwise = if (2..=3).contains(&n) {
            (Person, if surname { BY_CONTEXT } else { BY_DEFAULT })
        } else if n == 1 && (first_name.is_some() || surname) {
            (Person, BY_DEFAULT)
        } else {
            (Org, BY_DEFAULT)
        };
        let then = if n == 1 && first_name.is_some() {
            Some((Person, BY_DEFAULT))
        } else if n == 1 {
            // A lone capitalised word nothing vouches for, whose lower-case
            // form the article also uses, is a headline or menu word.
            None
        } else {
            Some((Org, BY_DEFAULT))
        };
        if then == Some(otherwise) {
            return Settled(otherwise.0, otherwise.1, None);
        }
        Evidence::Common { otherwise, then }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        s: usize,
        e: usize,
        si: usize,
        kind: EntityType,
        strength: u8,
        canon: Option<&'static str>,
        gender: Option<Gender>,
    ) {
        let last_tok = self.toks[e - 1];
        let last_word = last_tok.span.of(self.text);
        let end = last_tok.span.end - (last_word.len() - strip_possessive(last_word).len());
        let span = Span::new(self.toks[s].span.start, end);
        let words = (s..e).filter(|&i| !self.is_connector(i)).count();
        let acronym = e - s == 1 && is_acronym(strip_possessive(last_word));
        self.push_span(span, words, si, kind, strength, canon, gender, acronym);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_span(
        &mut self,
        span: Span,
        words: usize,
        si: usize,
        kind: EntityType,
        strength: u8,
        canon: Option<&'static str>,
        gender: Option<Gender>,
        acronym: bool,
    ) {
        if span.is_empty() {
            return;
        }
        let shown = span.of(self.text);
        let key = self.keys.add_lower(canon.unwrap_or(shown));
        // The last word: after the last space (a space is one byte, so
        // the cut is a char boundary).
        let lw = match shown.bytes().rposition(|b| b == b' ') {
            Some(p) => shown.get(p + 1..).unwrap_or(""),
            None => shown,
        };
        // A one-word name without a lexicon spelling is its own last word.
        let last = if canon.is_none() && lw.len() == shown.len() {
            key
        } else {
            self.keys.add_lower(lw)
        };
        self.cands.push(Cand {
            span,
            sentence: si,
            kind,
            strength,
            canon,
            key,
            last,
            words,
            gender,
            acronym,
            common: None,
        });
    }
}

// ---------------------------------------------------------------------------
// Coreference.

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The earlier mention stays the root.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

/// The entries of a sorted `(key, mention)` list that have `key`, in
/// mention order.
fn entries_of(list: &[(u32, usize)], key: u32) -> &[(u32, usize)] {
    let from = list.partition_point(|e| e.0 < key);
    let rest = list.get(from..).unwrap_or(&[]);
    rest.get(..rest.partition_point(|e| e.0 == key))
        .unwrap_or(&[])
}

/// The first mention filed under `key` in a sorted `(key, mention)` list.
fn first_of(list: &[(u32, usize)], key: u32) -> Option<usize> {
    entries_of(list, key).first().map(|e| e.1)
}

/// Links mentions into entities and builds the output.
///
/// The links are found with sorted lists of `(key, mention)` and binary
/// search rather than hash maps: an article has a few dozen names, and
/// building five maps (with a string and a vector per key) cost more than
/// all the searching. Keys are the numbers `keys` gives the strings, so
/// sorting and searching compare integers.
fn link(
    text: &str,
    keys: &mut Interner,
    initials: &mut Interner,
    mut cands: Vec<Cand>,
) -> Entities {
    let shown = |c: &Cand| c.canon.unwrap_or(c.span.of(text));
    let order = |c: &Cand| (c.span.start, std::cmp::Reverse(c.span.end));
    // The scan finds names left to right, so the list is nearly always in
    // order already; a stable sort would still move every (large) element
    // through its buffer.
    if !cands.is_sorted_by_key(order) {
        cands.sort_by_key(order);
    }
    cands.dedup_by(|b, a| a.span.overlaps(b.span));
    let n = cands.len();
    let mut parent: Vec<usize> = (0..n).collect();

    // Surnames to full person names: the latest full name before the
    // mention, else the first one after it (headlines use surnames first).
    // Each surname links on its own, so `Clinton` after `Bill Clinton` and
    // `Clinton` after `Hillary Clinton` do not fuse the two.
    let is_full = |c: &Cand| c.kind == EntityType::Person && c.words >= 2;
    // Lists of at most one entry a mention, sized once: grown from empty,
    // each cost several reallocations an article.
    let mut full: Vec<(u32, usize)> = Vec::with_capacity(n);
    // Full names by their lower-case first word (`bernie` → `Bernie
    // Sanders`).
    let mut given: Vec<(u32, usize)> = Vec::with_capacity(n);
    for (i, c) in cands.iter().enumerate() {
        if is_full(c) {
            full.push((c.last, i));
            let name = c.span.of(text);
            // The first word: up to the first space (one byte, a boundary).
            let first = match name.bytes().position(|b| b == b' ') {
                Some(p) => name.get(..p).unwrap_or(""),
                None => name,
            };
            given.push((keys.add_lower(first), i));
        }
    }
    full.sort_unstable();
    given.sort_unstable();
    let mut surname_of: Vec<Option<usize>> = vec![None; n];
    for (i, c) in cands.iter().enumerate() {
        // A listed place may be a surname here (`Kennedy` after `Patrick F.
        // Kennedy`); a nationality, outlet or organisation is not.
        let listed_other = c.strength >= BY_LEXICON && c.kind != EntityType::Gpe;
        if c.words != 1 || listed_other || c.acronym {
            continue;
        }
        let mut list = entries_of(&full, c.last);
        if list.is_empty() {
            // A first name or given-name-first (`Bernie`, `Xi`) standing for
            // the one full name that starts with it: every full name under
            // that first word is the same name.
            let named = entries_of(&given, c.last);
            let one = named.first().is_some_and(|&(_, j)| {
                let key = cands[j].key;
                named.iter().all(|&(_, k)| cands[k].key == key)
            });
            list = if one {
                named.get(..1).unwrap_or(&[])
            } else {
                &[]
            };
        }
        let start = c.span.start;
        let target = list
            .iter()
            .rev()
            .find(|&&(_, j)| start > cands[j].span.start)
            .or_else(|| list.first())
            .map(|&(_, j)| j);
        surname_of[i] = target;
    }
    for (c, of) in cands.iter_mut().zip(&surname_of) {
        if of.is_some() {
            c.kind = EntityType::Person;
            c.strength = BY_DEFAULT;
        }
    }
    // Same name: every mention not linked as a surname joins the first
    // with its key.
    let mut by_key: Vec<(u32, usize)> = Vec::with_capacity(n);
    for (i, c) in cands.iter().enumerate() {
        match surname_of[i] {
            Some(j) => union(&mut parent, j, i),
            None => by_key.push((c.key, i)),
        }
    }
    by_key.sort_unstable();
    for pair in by_key.windows(2) {
        if pair[0].0 == pair[1].0 {
            union(&mut parent, pair[0].1, pair[1].1);
        }
    }
    // Acronyms to expansions: to the first multi-word name with those
    // initials.
    let mut multi: Vec<(u32, usize)> = Vec::with_capacity(n);
    // Initials cost a pass over every name's chars and a filing, and few
    // names can match an acronym of the article: one whose first letter
    // starts none (`White House` when the acronyms are `U.S.` and `CNN`)
    // is passed over.
    let starts = acronym_starts(text, &cands);
    for (i, c) in cands.iter().enumerate() {
        if c.words >= 2 && c.kind != EntityType::Person && may_start(starts, shown(c)) {
            multi.push((initials.add_with(|b| push_initials(b, shown(c))), i));
        }
    }
    multi.sort_unstable();
    let mut letters = String::new();
    for (i, c) in cands.iter().enumerate() {
        if !c.acronym {
            continue;
        }
        letters.clear();
        push_letters(&mut letters, c.span.of(text));
        if let Some(j) = initials.get(&letters).and_then(|k| first_of(&multi, k)) {
            union(&mut parent, j, i);
        }
    }
    // `the Times` to the article's `… Times` outlet.
    let mut media: Vec<(u32, usize)> = Vec::with_capacity(n);
    for (i, c) in cands.iter().enumerate() {
        if c.kind == EntityType::Media && c.words >= 2 {
            let name = shown(c);
            let last = name.rsplit(' ').next().unwrap_or(name);
            media.push((keys.add(&last.to_lowercase()), i));
        }
    }
    if !media.is_empty() {
        media.sort_unstable();
        for (i, c) in cands.iter().enumerate() {
            if c.words == 1 && c.strength < BY_LEXICON {
                if let Some(j) = first_of(&media, c.last) {
                    union(&mut parent, j, i);
                }
            }
        }
    }
    build_entities(text, &cands, &mut parent)
}

/// A bit for each ASCII capital (`A` bit 0) that starts an acronym among
/// `cands`, and bit 26 for any other first letter.
fn acronym_starts(text: &str, cands: &[Cand]) -> u32 {
    let mut starts = 0;
    for c in cands.iter().filter(|c| c.acronym) {
        // The first of the letters `push_letters` keeps.
        starts |= initial_bit(c.span.of(text).chars().find(|c| c.is_alphabetic()));
    }
    starts
}

/// The bit of [`acronym_starts`] for a first letter.
fn initial_bit(c: Option<char>) -> u32 {
    match c {
        Some(c) if c.is_ascii_uppercase() => 1 << (c as u32 - 'A' as u32),
        Some(_) => 1 << 26,
        None => 0,
    }
}

/// Whether the initials of `name` may start with a letter in `starts`:
/// a name opening with an ASCII capital has it as its first initial;
/// another is not ruled out.
fn may_start(starts: u32, name: &str) -> bool {
    match name.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => starts & initial_bit(Some(char::from(*b))) != 0,
        Some(_) => starts != 0,
        None => false,
    }
}

/// Appends the letters of an acronym, periods and `&` dropped: `U.N.` →
/// `UN`. An ASCII one (nearly all) is read byte by byte, without decoding
/// chars.
fn push_letters(buf: &mut String, w: &str) {
    if w.is_ascii() {
        for b in w.bytes().filter(u8::is_ascii_alphabetic) {
            buf.push(char::from(b));
        }
    } else {
        buf.extend(w.chars().filter(|c| c.is_alphabetic()));
    }
}

/// Appends the capital initials of a multi-word name, connectors skipped:
/// `International Institute for Strategic Studies` → `IISS`.
fn push_initials(buf: &mut String, name: &str) {
    buf.extend(
        name.split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase())),
    );
}

/// Entities in order of first mention, each typed by its best-evidenced
/// mention and named by its fullest.
fn build_entities(text: &str, cands: &[Cand], parent: &mut [usize]) -> Entities {
    let shown = |c: &Cand| c.canon.unwrap_or(c.span.of(text));
    // Words and bytes: the fullest name has the most words, then bytes
    // (words counted as spaces + 1, as `split(' ')` would count them).
    let size = |s: &str| (s.bytes().filter(|&b| b == b' ').count() + 1, s.len());
    const NONE: usize = usize::MAX;
    // Entity number by root mention.
    let mut index: Vec<usize> = vec![NONE; cands.len()];
    let mut entities: Vec<Entity> = Vec::with_capacity(cands.len());
    // strength, mention of best type evidence
    let mut best: Vec<(u8, usize)> = Vec::with_capacity(cands.len());
    // mention, its size
    let mut fullest: Vec<(usize, (usize, usize))> = Vec::with_capacity(cands.len());
    let mut of_mention = Vec::with_capacity(cands.len());
    for (i, c) in cands.iter().enumerate() {
        let root = find(parent, i);
        let mut e = index[root];
        if e == NONE {
            e = entities.len();
            index[root] = e;
            entities.push(Entity {
                name: String::new(),
                kind: c.kind,
                gender: None,
                first_start: c.span.start,
            });
            best.push((0, i));
            fullest.push((i, (0, 0)));
        }
        of_mention.push(e);
        if c.strength > best[e].0 {
            best[e] = (c.strength, i);
        }
        let own = size(shown(c));
        if own > fullest[e].1 {
            fullest[e] = (i, own);
        }
        if entities[e].gender.is_none() {
            entities[e].gender = c.gender;
        }
    }
    for (e, ent) in entities.iter_mut().enumerate() {
        ent.name = shown(&cands[fullest[e].0]).to_string();
        ent.kind = cands[best[e].1].kind;
        if ent.kind != EntityType::Person {
            ent.gender = None;
        } else if ent.gender.is_none() {
            ent.gender = ent.name.split(' ').next().and_then(first_name_gender);
        }
    }
    let mentions = cands
        .iter()
        .zip(of_mention)
        .map(|(c, e)| Mention {
            span: c.span,
            entity: e,
            kind: entities[e].kind,
            form: MentionForm::Name,
            sentence: c.sentence,
        })
        .collect();
    Entities { entities, mentions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn run(text: &str) -> Entities {
        let article = Article {
            text: text.to_string(),
            ..Article::default()
        };
        let seg = segment(text, &[]);
        extract(&article, &seg)
    }

    /// (canonical name, type) of the entity a mention with this text has.
    fn entity_of<'e>(text: &str, ents: &'e Entities, mention: &str) -> Option<&'e Entity> {
        ents.mentions
            .iter()
            .find(|m| m.span.of(text) == mention)
            .map(|m| &ents.entities[m.entity])
    }

    fn dump(text: &str, ents: &Entities) -> String {
        let mut out = String::new();
        for (i, e) in ents.entities.iter().enumerate() {
            let ms: Vec<&str> = ents
                .mentions
                .iter()
                .filter(|m| m.entity == i)
                .map(|m| m.span.of(text))
                .collect();
            out.push_str(&format!(
                "{} {:?} {:?} {:?}\n",
                e.kind.as_str(),
                e.name,
                e.gender,
                ms
            ));
        }
        out
    }

    fn seed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name);
        std::fs::read_to_string(path).unwrap_or_default()
    }

    /// Prints the entities of the files named in `WHOSAID_ENTITY_DUMP`
    /// (`:`-separated); for eyeballing, asserts nothing.
    #[test]
    fn dump_files_from_env() {
        let Ok(paths) = std::env::var("WHOSAID_ENTITY_DUMP") else {
            return;
        };
        for p in paths.split(':') {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            println!("== {p}\n{}", dump(&text, &run(&text)));
        }
    }

    fn check(text: &str, ents: &Entities, mention: &str, name: &str, kind: EntityType) {
        let e = entity_of(text, ents, mention)
            .unwrap_or_else(|| panic!("no mention {mention:?} in\n{}", dump(text, ents)));
        assert_eq!(
            (e.name.as_str(), e.kind),
            (name, kind),
            "{}",
            dump(text, ents)
        );
    }

    #[test]
    fn seeds_hold_the_required_entities() {
        use EntityType::*;
        let a = seed("000_e728da21a2d99b77.txt");
        let ea = run(&a);
        check(&a, &ea, "CNN", "CNN", Media);
        check(&a, &ea, "Michael Elleman", "Michael Elleman", Person);
        check(&a, &ea, "Elleman", "Michael Elleman", Person);
        let elleman = entity_of(&a, &ea, "Elleman").map(|e| e.gender);
        assert_eq!(elleman, Some(Some(Gender::Male)));
        check(
            &a,
            &ea,
            "International Institute for Strategic Studies",
            "International Institute for Strategic Studies",
            Org,
        );
        check(&a, &ea, "United Nations", "United Nations", Org);
        check(&a, &ea, "U.N.", "United Nations", Org);
        check(&a, &ea, "Ukraine", "Ukraine", Gpe);
        check(&a, &ea, "North Korea", "North Korea", Gpe);
        check(&a, &ea, "North Korean", "North Korean", Norp);
        check(&a, &ea, "North Koreans", "North Korean", Norp);
        check(&a, &ea, "Ukrainian", "Ukrainian", Norp);
        check(&a, &ea, "NY Times", "New York Times", Media);
        check(&a, &ea, "Times", "New York Times", Media);
        let b = seed("001_0f133d86ba4059f7.txt");
        let eb = run(&b);
        check(&b, &eb, "Pyongyang", "Pyongyang", Gpe);
        check(&b, &eb, "WASHINGTON", "Washington", Gpe);
        check(&b, &eb, "N. Koreans", "North Korean", Norp);
        check(&b, &eb, "The Straits Times", "Straits Times", Media);
        // Mentions are sorted and carry their sentence.
        assert!(eb
            .mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
    }

    #[test]
    fn titles_are_cues_not_part_of_the_name() {
        let t = "Officials met on Monday. Sen. Jane Roe said the plan failed, and Mr. Doe agreed. Roe left.";
        let e = run(t);
        check(t, &e, "Jane Roe", "Jane Roe", EntityType::Person);
        check(t, &e, "Roe", "Jane Roe", EntityType::Person);
        let doe = entity_of(t, &e, "Doe").map(|e| (e.kind, e.gender));
        assert_eq!(doe, Some((EntityType::Person, Some(Gender::Male))));
        assert!(entity_of(t, &e, "Sen. Jane Roe").is_none());
        assert!(entity_of(t, &e, "Officials").is_none());
    }

    #[test]
    fn title_inside_a_run_splits_it() {
        let t = "The talks were led by Ukrainian President Petro Poroshenko and Secretary of State John Kerry.";
        let e = run(t);
        check(t, &e, "Ukrainian", "Ukrainian", EntityType::Norp);
        check(
            t,
            &e,
            "Petro Poroshenko",
            "Petro Poroshenko",
            EntityType::Person,
        );
        check(t, &e, "John Kerry", "John Kerry", EntityType::Person);
    }

    #[test]
    fn acronym_links_to_its_expansion_and_possessive_is_dropped() {
        let t = "A report by the Center for Arms Control Studies was cited. The CACS's authors disagreed with Kenya's view.";
        let e = run(t);
        check(
            t,
            &e,
            "Center for Arms Control Studies",
            "Center for Arms Control Studies",
            EntityType::Org,
        );
        check(
            t,
            &e,
            "CACS",
            "Center for Arms Control Studies",
            EntityType::Org,
        );
        check(t, &e, "Kenya", "Kenya", EntityType::Gpe);
    }

    #[test]
    fn sentence_initial_words_need_support() {
        let t = "Citing new data, analysts said prices rose. Meanwhile Brazil exported more. Harlow agreed with Tom Harlow.";
        let e = run(t);
        assert!(entity_of(t, &e, "Citing").is_none());
        assert!(entity_of(t, &e, "Meanwhile").is_none());
        check(t, &e, "Brazil", "Brazil", EntityType::Gpe);
        check(t, &e, "Harlow", "Tom Harlow", EntityType::Person);
    }

    #[test]
    fn place_that_is_a_first_name_stays_in_the_person() {
        let t = "The tactics will vary, said Elizabeth Arnold, a former staff member. Texas Rick Perry agreed.";
        let e = run(t);
        check(
            t,
            &e,
            "Elizabeth Arnold",
            "Elizabeth Arnold",
            EntityType::Person,
        );
        check(t, &e, "Rick Perry", "Rick Perry", EntityType::Person);
    }

    #[test]
    fn two_people_with_one_surname_stay_apart() {
        let t = "Bill Hale spoke first. Hale was brief. Then Mary Hale spoke, and Hale was long.";
        let e = run(t);
        let hales: Vec<_> = e
            .mentions
            .iter()
            .filter(|m| m.span.of(t) == "Hale")
            .map(|m| e.entities[m.entity].name.as_str())
            .collect();
        assert_eq!(hales, ["Bill Hale", "Mary Hale"]);
        let mary = entity_of(t, &e, "Mary Hale").and_then(|e| e.gender);
        assert_eq!(mary, Some(Gender::Female));
    }

    #[test]
    fn all_caps_headline_uses_lexicons_only() {
        let t = "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\nLONDON 1996-12-06\nJapan beat Syria 2-1 in Al Ain on Friday.";
        let e = run(t);
        check(t, &e, "JAPAN", "Japan", EntityType::Gpe);
        check(t, &e, "CHINA", "China", EntityType::Gpe);
        check(t, &e, "LONDON", "London", EntityType::Gpe);
        assert!(entity_of(t, &e, "SOCCER").is_none());
        assert!(entity_of(t, &e, "LUCKY").is_none());
        check(t, &e, "Syria", "Syria", EntityType::Gpe);
    }

    #[test]
    fn org_heads_connectors_and_media_helpers() {
        let t = "Analysts at the Bank of Lagos and the Food and Drug Administration spoke to Reuters near the Orinoco River.";
        let e = run(t);
        check(t, &e, "Bank of Lagos", "Bank of Lagos", EntityType::Org);
        check(
            t,
            &e,
            "Food and Drug Administration",
            "Food and Drug Administration",
            EntityType::Org,
        );
        check(t, &e, "Reuters", "Reuters", EntityType::Media);
        check(t, &e, "Orinoco River", "Orinoco River", EntityType::Loc);
        assert!(is_media("the new york times") && is_media("CNN"));
        assert_eq!(media_canonical("NY Times"), Some("New York Times"));
        assert!(!is_media("Ukraine"));
        assert!(is_title("Sen.") && is_title("President") && !is_title("Senate"));
        assert_eq!(title_gender("Mrs."), Some(Gender::Female));
        assert_eq!(first_name_gender("Michael"), Some(Gender::Male));
        assert_eq!(first_name_gender("MARY"), Some(Gender::Female));
        assert_eq!(first_name_gender("Zzyzx"), None);
    }

    #[test]
    fn boilerplate_paragraphs_are_skipped_and_odd_input_is_safe() {
        let t = "Visit Ghana today.\nFollow Oprah Winfrey on Twitter\nZoë Ñandú’s café in São Paulo’s centre.";
        let start = t.find("Follow").unwrap_or(0);
        let end = start + "Follow Oprah Winfrey on Twitter".len();
        let article = Article {
            text: t.to_string(),
            boilerplate: vec![Span::new(start, end)],
            ..Article::default()
        };
        let seg = segment(t, &article.boilerplate);
        let e = extract(&article, &seg);
        assert!(e
            .mentions
            .iter()
            .all(|m| !Span::new(start, end).overlaps(m.span)));
        for m in &e.mentions {
            assert!(t.is_char_boundary(m.span.start) && t.is_char_boundary(m.span.end));
        }
        for junk in [
            "", "'s", "A", "THE THE", "Mr.", "of of of", "’s’s", "U.S.-", "-Ab",
        ] {
            let _ = run(junk);
        }
    }

    /// Throughput of segment + extract over the `.txt` files of the folder
    /// in `WHOSAID_ENTITY_BENCH` (run with `--release --ignored`).
    #[test]
    #[ignore]
    fn throughput_on_folder() {
        let Ok(dir) = std::env::var("WHOSAID_ENTITY_BENCH") else {
            return;
        };
        let texts: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let articles: Vec<Article> = texts
            .into_iter()
            .map(|text| Article {
                text,
                ..Article::default()
            })
            .collect();
        let segs: Vec<_> = articles.iter().map(|a| segment(&a.text, &[])).collect();
        let t0 = std::time::Instant::now();
        let mut mentions = 0;
        for _ in 0..5 {
            for (a, s) in articles.iter().zip(&segs) {
                mentions += extract(a, s).mentions.len();
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "extract: {:.1} MB/s over {} bytes x5 ({mentions} mentions)",
            5.0 * bytes as f64 / secs / 1e6,
            bytes
        );
    }

    #[test]
    fn case_signal_of_a_sentence() {
        let no_case = |text: &str| {
            let seg = segment(text, &[]);
            is_no_case(text, &seg.tokens)
        };
        assert!(no_case(
            "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT."
        ));
        assert!(no_case(
            "Perry Just Announced His Official Endorsement Of Cruz"
        ));
        // Words without lower-case letters count as capitals, whatever
        // their first letter.
        assert!(no_case("中国 日本 韩国 and 越南"));
        assert!(!no_case(
            "Kerry told reporters in Kyiv on Monday that talks went well."
        ));
        // Capitals late in a sentence still count.
        assert!(!no_case(
            "the talks went well, SAID KERRY AND LAVROV IN KYIV"
        ));
        assert!(no_case(
            "the talks, KERRY SAID AND LAVROV SAID IN KYIV TODAY"
        ));
        assert!(!no_case("one two"));
    }

    #[test]
    fn initials_are_made_only_where_an_acronym_may_start() {
        let starts = initial_bit(Some('U')) | initial_bit(Some('C'));
        assert!(may_start(starts, "United Nations"));
        assert!(!may_start(starts, "White House"));
        // A name not opening with an ASCII capital is not ruled out.
        assert!(may_start(starts, "de Gaulle Foundation"));
        assert!(may_start(starts, "Élysée Palace"));
        assert!(!may_start(0, "Élysée Palace"));
        let text = "The Centre for Information Resilience (CIR) said so. \
                    The White House and the CIR disagree.";
        let ents = run(text);
        let full = entity_of(text, &ents, "Centre for Information Resilience").map(|e| &e.name);
        let short = entity_of(text, &ents, "CIR").map(|e| &e.name);
        assert_eq!(full, short);
        assert!(full.is_some());
    }

    #[test]
    fn seeds_dump() {
        for name in ["000_e728da21a2d99b77.txt", "001_0f133d86ba4059f7.txt"] {
            let text = seed(name);
            let ents = run(&text);
            println!("== {name}\n{}", dump(&text, &ents));
        }
    }
}
