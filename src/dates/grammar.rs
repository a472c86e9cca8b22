//! The one regex that finds temporal expressions, built once from the word
//! lists.
//!
//! In: the word lists of [`super::words`]. Out: a compiled regex whose
//! alternatives are the expression forms, each in a named group (`mdy`,
//! `ago`, `yr`, …) with named parts (`mdy_m`, `mdy_d`, …) for the interpreter
//! in `dates.rs`. Match bounds come from the union's lazy DFA run anchored,
//! only where an expression can start ([`Grammar::find_at`]); captures are
//! only computed on matches.
//!
//! Alternatives are tried leftmost-first in the order written, so longer forms
//! come before the forms they contain (`Tuesday, July 5, 2016` before
//! `Tuesday`, `six years ago` before `six years`). Word boundaries are ASCII
//! (`(?-u:\b)`) so that the DFA never has to fall back on non-ASCII text.
//! Names (months, weekdays, holidays) are case-sensitive (`May`, not the verb
//! `may`); everything else is case-insensitive. It deliberately does not
//! decide whether a match is a date: context checks (`2015 people`,
//! `Theresa May`) are the interpreter's.

use super::words::WORDS;
use regex::Regex;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::start;
use regex_automata::{Anchored, Input};
use std::cell::RefCell;
use std::sync::LazyLock;

/// All forms in one DFA, for finding match bounds and which form matched
/// ([`Starts`]): a search with no capture groups to fill.
/// Each form alone, for the parts of a match: filling ~150 groups of the
/// union costs more than the search itself, a single form's few are cheap.
pub struct Grammar {
    starts: Option<Starts>,
    pub forms: Vec<Regex>,
    /// Each form again, anchored (`^(?:form)`), run on the text from the
    /// match start: no search for where the match starts, only the parts.
    anchored: Vec<Regex>,
    /// Per form, its group names and indices (the same in both versions),
    /// so a part is found by comparing a few short names instead of
    /// hashing the name in the regex's own table on every lookup.
    groups: Vec<Vec<(String, usize)>>,
    /// Per form (same index as `forms`), its hand reader if it has one
    /// (see [`Grammar::shape`]).
    readers: Vec<Option<Reader>>,
}

/// Reads a match of one form by hand, or declines it (see [`Grammar::shape`]).
type Reader = fn(&str) -> Option<Read>;

/// The forms read by hand, by name, with their readers.
const READERS: [(&str, Reader); 11] = [
    ("mdy", read_mdy),
    ("my", read_my),
    ("wd", read_wd),
    ("yr", read_yr),
    ("mo", read_mo),
    ("ref", read_ref),
    ("dur", read_dur),
    ("ago", read_ago),
    ("rel", read_rel),
    ("dw", read_dw),
    ("durp", read_durp),
];

pub static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    // The patterns are built from shipped lists, so a failure is a bug in
    // the lists; it gives a grammar that matches nothing rather than a panic.
    let forms = patterns();
    // All or none: a form's index must be the same in every part.
    let compile = |wrap: fn(&str) -> String| -> Vec<Regex> {
        forms
            .iter()
            .map(|f| Regex::new(&wrap(f)).ok())
            .collect::<Option<_>>()
            .unwrap_or_default()
    };
    // Some 0.1 s of compiling in all, most of a run's start-up: the three
    // parts are built side by side. Plain threads, not rayon: a rayon worker
    // waiting inside this initialiser could steal an article's job that
    // needs the grammar, and wait on itself.
    let (compiled, anchored, starts) = std::thread::scope(|scope| {
        let anchored = scope.spawn(|| compile(|f| format!("(?i)^(?:{f})")));
        let starts = scope.spawn(|| Starts::new(&forms));
        let compiled = compile(|f| format!("(?i){f}"));
        (
            compiled,
            anchored.join().unwrap_or_default(),
            starts.join().ok().flatten(),
        )
    });
    let groups: Vec<Vec<(String, usize)>> = compiled
        .iter()
        .map(|r| {
            r.capture_names()
                .enumerate()
                .filter_map(|(i, n)| Some((n?.to_owned(), i)))
                .collect()
        })
        .collect();
    let readers = groups
        .iter()
        .map(|g| {
            // The slot table of a hand-read match has room for this many
            // groups; a form with more goes through its regex.
            let (name, _) = g.first()?;
            let fits = g.iter().all(|&(_, i)| i < SLOTS);
            let (_, reader) = READERS.iter().find(|(n, _)| n == name)?;
            fits.then_some(*reader)
        })
        .collect();
    Grammar {
        readers,
        starts,
        forms: compiled,
        anchored,
        groups,
    }
});

/// A match of the union: where an expression starts and ends in `text`.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'h> {
    text: &'h str,
    start: usize,
    end: usize,
    /// The index of the form that matched, when known.
    form: Option<usize>,
}

impl<'h> Hit<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'h str {
        self.text.get(self.start..self.end).unwrap_or_default()
    }
}

/// All forms in one lazy DFA, in order, run anchored where an expression can
/// start. Leftmost-first, the first form matching at a start wins, as in the
/// forms' union (`form|form|…`), and the DFA tells which form that was.
///
/// Searched unanchored over the whole text, the union's DFA tracks every
/// partial match alive at each byte, and real news keeps meeting new
/// combinations of them: on unseen text about 80 instructions a byte went
/// to building DFA states, as much as the rest of the stage. Every form
/// starts at a word (`(?-u:\b)` then a letter or digit) or at an apostrophe
/// (`'80s`), so the leftmost match is also the first of the anchored
/// matches tried at those places in order, and an anchored DFA only ever
/// holds the few partial matches of one start. Most word starts are ruled
/// out by their first three bytes (`hou` of `house`, `to ` of `to`, `tha`
/// of `that` start no form), read from a table the DFA itself fills at
/// start-up: walking the DFA from each start cost ~200 instructions, most
/// of the stage.
struct Starts {
    dfa: DFA,
    /// Bit `(a * k + b) * k + c` set when a match can begin with bytes of
    /// the DFA's classes `a`, `b`, `c` (`k` classes in all) after a
    /// non-word byte.
    triples: Vec<u64>,
    /// The number of byte classes, `k` above.
    classes: usize,
}

thread_local! {
    /// Each thread's states of the lazy DFA, built as its searches need them.
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// An ASCII word byte, as `(?-u:\b)` sees it.
fn is_word(b: u8) -> bool {
    KIND[usize::from(b)] == WORD
}

/// What [`Starts::find`] makes of a byte: [`WORD`] (ASCII letter, digit or
/// `_`), [`QUOTE`] (`'`), [`LEAD`] (first byte of a multi-byte character)
/// or 0 (anything else). A table, as the scan asks it of every byte.
static KIND: [u8; 256] = {
    let mut kind = [0; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        kind[i] = if c.is_ascii_alphanumeric() || c == b'_' {
            WORD
        } else if c == b'\'' {
            QUOTE
        } else if c >= 0xC0 {
            LEAD
        } else {
            0
        };
        i += 1;
    }
    kind
};
const WORD: u8 = 1;
const QUOTE: u8 = 2;
const LEAD: u8 = 3;

impl Starts {
    fn new(forms: &[String]) -> Option<Starts> {
        let forms: Vec<String> = forms.iter().map(|f| format!("(?i){f}")).collect();
        let dfa = DFA::new_many(&forms).ok()?;
        let classes = dfa.byte_classes().alphabet_len();
        let triples = live_triples(&dfa, classes);
        Some(Starts {
            dfa,
            triples,
            classes,
        })
    }

    /// Whether a match may begin with the bytes of `t` (its first three;
    /// with fewer, the DFA is asked) after a non-word byte.
    fn may_start(&self, t: &[u8]) -> bool {
        let [a, b, c, ..] = *t else { return true };
        let k = self.classes;
        let class = |x: u8| usize::from(self.dfa.byte_classes().get(x));
        let bit = (class(a) * k + class(b)) * k + class(c);
        self.triples
            .get(bit / 64)
            .is_none_or(|w| w >> (bit % 64) & 1 == 1)
    }

    /// The first match starting in `pos..=last` (and at or after `pos`).
    fn find<'h>(
        &self,
        cache: &mut Cache,
        text: &'h str,
        pos: usize,
        last: usize,
    ) -> Option<Hit<'h>> {
        let b = text.as_bytes();
        let stop = b.len().min(last.saturating_add(1));
        let found = |start, (end, form)| Hit {
            text,
            start,
            end,
            form: Some(form),
        };
        let mut prev_word = pos > 0 && b.get(pos - 1).is_some_and(|&c| is_word(c));
        let mut p = pos;
        while p < stop {
            let c = b[p];
            match KIND[usize::from(c)] {
                WORD => {
                    // `_` is a word byte no form starts with.
                    if !prev_word && c != b'_' && self.may_start(&b[p..]) {
                        if let Some(end) = self.match_end(cache, b, p) {
                            return Some(found(p, end));
                        }
                    }
                    // The rest of the word starts nothing: skipped a byte
                    // at a time with one test each, most of the scan.
                    p += 1;
                    while p < stop && KIND[usize::from(b[p])] == WORD {
                        p += 1;
                    }
                    prev_word = true;
                    continue;
                }
                // `'80s`, `’80s` need no boundary. Under `(?i)` a form's
                // letter also matches a non-ASCII one (`ſ` for `s`), whose
                // first byte is a non-word byte: a boundary only after a
                // word byte.
                QUOTE | LEAD
                    if c == b'\'' || prev_word || b.get(p..p + 3) == Some("’".as_bytes()) =>
                {
                    if let Some(end) = self.match_end(cache, b, p) {
                        return Some(found(p, end));
                    }
                }
                _ => {}
            }
            prev_word = false;
            p += 1;
        }
        None
    }

    /// The end of the union's match starting at `p`, if any: the DFA
    /// walked by hand, as `try_search_fwd` would, without its set-up per
    /// call (most starts die within three bytes, where that set-up was
    /// most of the cost). A state seen after a byte is a match state when
    /// the match ended just before that byte. The DFA has no quit bytes and
    /// never gives up, so its calls cannot fail; were they to, no match is
    /// reported here.
    fn match_end(&self, cache: &mut Cache, b: &[u8], p: usize) -> Option<(usize, usize)> {
        let look_behind = p.checked_sub(1).and_then(|i| b.get(i).copied());
        let config = start::Config::new()
            .anchored(Anchored::Yes)
            .look_behind(look_behind);
        let mut sid = self.dfa.start_state(cache, &config).ok()?;
        let mut end = None;
        for (at, &byte) in b.iter().enumerate().skip(p) {
            sid = self.dfa.next_state(cache, sid, byte).ok()?;
            if sid.is_tagged() {
                if sid.is_match() {
                    end = Some((at, self.dfa.match_pattern(cache, sid, 0).as_usize()));
                } else if sid.is_dead() || sid.is_quit() {
                    return end;
                }
            }
        }
        sid = self.dfa.next_eoi_state(cache, sid).ok()?;
        if sid.is_match() {
            end = Some((b.len(), self.dfa.match_pattern(cache, sid, 0).as_usize()));
        }
        end
    }
}

/// The table of [`Starts::triples`]: each three bytes (one of each class)
/// after which the anchored DFA, started after a space, is not yet dead.
/// Every form is longer than one byte and a match is seen one byte after
/// it ends, so a dead state there means no match. On any error the table
/// is all-live: every word start is walked.
fn live_triples(dfa: &DFA, k: usize) -> Vec<u64> {
    let all = vec![u64::MAX; (k * k * k).div_ceil(64)];
    let mut live = vec![0u64; all.len()];
    let mut cache = dfa.create_cache();
    let input = Input::new(" ").range(1..).anchored(Anchored::Yes);
    let Ok(s0) = dfa.start_state_forward(&mut cache, &input) else {
        return all;
    };
    // One byte of each class stands for all of them.
    let reps: Vec<u8> = dfa
        .byte_classes()
        .representatives(..)
        .filter_map(|u| u.as_u8())
        .collect();
    let class = |x: u8| usize::from(dfa.byte_classes().get(x));
    for &a in &reps {
        let Ok(s1) = dfa.next_state(&mut cache, s0, a) else {
            return all;
        };
        if s1.is_dead() {
            continue;
        }
        for &b in &reps {
            let Ok(s2) = dfa.next_state(&mut cache, s1, b) else {
                return all;
            };
            if s2.is_dead() {
                continue;
            }
            for &c in &reps {
                let Ok(s3) = dfa.next_state(&mut cache, s2, c) else {
                    return all;
                };
                if !s3.is_dead() {
                    let bit = (class(a) * k + class(b)) * k + class(c);
                    if let Some(w) = live.get_mut(bit / 64) {
                        *w |= 1 << (bit % 64);
                    }
                }
            }
        }
    }
    live
}

/// A part of a match (or the whole of it), with its offsets in the text.
#[derive(Debug, Clone, Copy)]
pub struct Part<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Part<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn as_str(&self) -> &'h str {
        self.text
    }
}

/// One expression: the form that matched (its outer group's name, `mdy`,
/// `yr`, …) and its named parts.
pub struct Caps<'h> {
    pub form: &'static str,
    found: Found<'h>,
    groups: &'static [(String, usize)],
}

/// Room for the groups of a hand-read or remembered form (its whole match,
/// outer group and parts): the form with most, `dw`, has 12.
const SLOTS: usize = 12;

/// Each group's span, by group index, relative to the match start (kept
/// small: a [`Caps`] is moved around for every match).
type Slots = [Option<(u32, u32)>; SLOTS];

enum Found<'h> {
    /// From a form's regex; `offset`: where the searched slice starts in
    /// the text.
    Regex {
        caps: regex::Captures<'h>,
        offset: usize,
    },
    /// Read by hand or remembered ([`Grammar::remembered`]): the text and
    /// each group's span in it, by group index.
    Hand {
        text: &'h str,
        start: usize,
        slots: Slots,
    },
}

impl<'h> Caps<'h> {
    /// Group `i` (0: the whole match).
    pub fn get(&self, i: usize) -> Option<Part<'h>> {
        match &self.found {
            Found::Regex { caps, offset } => {
                let m = caps.get(i)?;
                Some(Part {
                    start: m.start() + offset,
                    end: m.end() + offset,
                    text: m.as_str(),
                })
            }
            Found::Hand { text, start, slots } => {
                let (s, e) = (*slots.get(i)?)?;
                let (start, end) = (start + s as usize, start + e as usize);
                Some(Part {
                    start,
                    end,
                    text: text.get(start..end)?,
                })
            }
        }
    }

    /// The named part, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Part<'h>> {
        let &(_, i) = self.groups.iter().find(|(n, _)| n == name)?;
        self.get(i)
    }
}

/// ASCII whitespace, the only kind the hand reader accepts where the
/// grammar has `\s` (any other makes it hand the match to the regexes).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn skip_space(t: &[u8], mut i: usize) -> usize {
    while t.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// Whether a holiday name starts with `word`: such a match could be the
/// holiday form's, which comes first, so it is left to the regexes.
fn holiday_prefix(word: &str) -> bool {
    // The holiday form is case-sensitive: most words differ at the first byte.
    word.as_bytes()
        .first()
        .is_some_and(|&b| NAMES.holiday_first[usize::from(b)])
        && WORDS.holidays.iter().any(|(h, _)| h.starts_with(word))
}

/// A month or weekday name, with what the hand readers ask of it, worked
/// out once instead of on every match.
struct Name {
    /// [`super::words::exact_key`] of the name.
    key: u128,
    /// A proper prefix of another name of the same month or day (`Sept`).
    abbrev: bool,
    /// A holiday name starts with it ([`holiday_prefix`]).
    holiday: bool,
}

/// The month and weekday names, each sorted by key, and the first bytes of
/// holiday names.
struct Names {
    months: Vec<Name>,
    weekdays: Vec<Name>,
    holiday_first: [bool; 256],
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut holiday_first = [false; 256];
    for (h, _) in &WORDS.holidays {
        if let Some(&b) = h.as_bytes().first() {
            holiday_first[usize::from(b)] = true;
        }
    }
    let names = |list: &[(&'static str, u32)]| {
        let mut v: Vec<Name> = list
            .iter()
            .filter_map(|&(w, n)| {
                Some(Name {
                    key: super::words::exact_key(w)?,
                    abbrev: WORDS.is_abbrev(list, w, n),
                    holiday: WORDS.holidays.iter().any(|(h, _)| h.starts_with(w)),
                })
            })
            .collect();
        v.sort_by_key(|n| n.key);
        v
    };
    Names {
        months: names(&WORDS.months),
        weekdays: names(&WORDS.weekdays),
        holiday_first,
    }
});

/// The entry of `names` spelled exactly `w`.
fn name<'n>(names: &'n [Name], w: &str) -> Option<&'n Name> {
    let k = super::words::exact_key(w)?;
    names
        .binary_search_by_key(&k, |n| n.key)
        .ok()
        .and_then(|i| names.get(i))
}

/// The month part at the start of `t`, as the grammar's `mon` reads it: a
/// full name followed by a word boundary, or an abbreviation with its dot
/// (`Sept.`) or a boundary. Returns its length.
fn month_part(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let k = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let month = name(&NAMES.months, t.get(..k)?)?;
    if month.holiday {
        return None;
    }
    if month.abbrev && b.get(k) == Some(&b'.') {
        return Some(k + 1);
    }
    // Inside the match a boundary is a non-word byte; at its end the union
    // regex has already checked it against the text.
    (!b.get(k).copied().is_some_and(is_word)).then_some(k)
}

/// The grammar's `day` at `i` (`5`, `05`, `27th`): its end.
fn day_part(t: &[u8], i: usize) -> Option<usize> {
    let n = t
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let ok = match (n, t.get(i).copied(), t.get(i + 1).copied()) {
        (1, Some(d), _) => d != b'0',
        (2, Some(b'0'), Some(d)) => d != b'0',
        (2, Some(b'1' | b'2'), _) => true,
        (2, Some(b'3'), Some(d)) => d == b'0' || d == b'1',
        _ => false,
    };
    if !ok {
        return None;
    }
    let mut end = i + n;
    if let Some(suffix) = t.get(end..end + 2) {
        if DAY_SUFFIXES
            .iter()
            .any(|s| s.as_bytes().eq_ignore_ascii_case(suffix))
        {
            end += 2;
        }
    }
    (!t.get(end).copied().is_some_and(is_word)).then_some(end)
}

/// The grammar's `year` (`(?:1[0-9]|20)[0-9]{2}`) filling `t` from `i` to
/// its end.
fn year_to_end(t: &[u8], i: usize) -> bool {
    match t.get(i..) {
        Some([a, b, c, d]) => {
            (*a == b'1' || (*a == b'2' && *b == b'0'))
                && b.is_ascii_digit()
                && c.is_ascii_digit()
                && d.is_ascii_digit()
        }
        _ => false,
    }
}

/// Parts of a hand-read match: (group name, start, end) within the match.
type Read = (&'static str, [(&'static str, usize, usize); 3], usize);

/// `July 27`, `Sept. 12, 2011` (form `mdy` without weekday or `mid-`).
fn read_mdy(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let k = month_part(t)?;
    let i = skip_space(b, k);
    let d = day_part(b, i)?;
    let mut parts = [("mdy_m", 0, k), ("mdy_d", i, d), ("", 0, 0)];
    if d == b.len() {
        return Some(("mdy", parts, 2));
    }
    let j = d + usize::from(b.get(d) == Some(&b','));
    let y = skip_space(b, j);
    (y > j && year_to_end(b, y)).then_some(())?;
    parts[2] = ("mdy_y", y, b.len());
    Some(("mdy", parts, 3))
}

/// `July 2011`, `March of 2009`, `May, 2008` (form `my` without `late` or
/// `the end of`).
fn read_my(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let k = month_part(t)?;
    let mut j = skip_space(b, k);
    if j > k
        && b.get(j..j + 2)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"of"))
    {
        j += 2;
    } else {
        j = k;
    }
    j += usize::from(b.get(j) == Some(&b','));
    let y = skip_space(b, j);
    (y > j && year_to_end(b, y)).then_some(())?;
    Some(("my", [("my_m", 0, k), ("my_y", y, b.len()), ("", 0, 0)], 2))
}

/// `Tuesday`, `Tue.`, `last Friday`, `Monday night` (form `wd`: an
/// optional `last`/`next`/… word, the day, an optional part of the day).
/// The words are told apart by the spaces between them: a modifier is never
/// a day name and a part never one either, so each word has one place.
fn read_wd(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let first = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (mut parts, mut n, mut d) = ([("", 0, 0); 3], 0, 0);
    if first < b.len() && one_of(b.get(..first)?, WD_MODS) {
        d = skip_space(b, first);
        (d > first).then_some(())?;
        parts[0] = ("wd_mod", 0, first);
        n = 1;
    }
    let k = d + b
        .get(d..)?
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let dot = b.get(k) == Some(&b'.');
    let day = self::name(&NAMES.weekdays, t.get(d..k)?)?;
    // A full name stands alone; an abbreviation only with its dot.
    (day.abbrev == dot && !day.holiday).then_some(())?;
    let end = k + usize::from(dot);
    parts[n] = ("wd_d", d, end);
    n += 1;
    if end < b.len() {
        let p = skip_space(b, end);
        (p > end && one_of(b.get(p..)?, DAY_PARTS)).then_some(())?;
        parts[n] = ("wd_part", p, b.len());
        n += 1;
    }
    Some(("wd", parts, n))
}

/// Whether `w` is one of `words`, ignoring ASCII case (a non-ASCII `w`,
/// which the regex may still match by Unicode case folding, is not).
fn one_of(w: &[u8], words: &[&str]) -> bool {
    words.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(w))
}

/// `January`, `late May`, `mid-July`, `last March`, `the end of June`
/// (form `mo`: an optional `early`/`mid`/`late` or `the end of`, an
/// optional `last`/`next`/`this`, a full month name). Their first words
/// differ from each other and from month names, so each is taken where it
/// stands or the match is left to the regex.
fn read_mo(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let none = ("", 0, 0);
    let (mut parts, mut n) = ([none; 3], 0);
    let mut i = 0;
    let first = letters(b, 0);
    if one_of(b.get(..first)?, PRE_MODS) {
        parts[0] = ("mo_pre", 0, first);
        n = 1;
        i = if b.get(first) == Some(&b'-') {
            first + 1
        } else {
            spaced(b, first)?
        };
    } else if let Some(of) = part_of_end(b) {
        i = of;
    }
    let k = letters(b, i);
    if one_of(b.get(i..k)?, MO_RELS) {
        parts[n] = ("mo_rel", i, k);
        n += 1;
        i = spaced(b, k)?;
    }
    // `mo_m` takes only full names, case-sensitive.
    let month = name(&NAMES.months, t.get(i..)?)?;
    (!month.abbrev).then_some(())?;
    parts[n] = ("mo_m", i, b.len());
    Some(("mo", parts, n + 1))
}

/// The end of the ASCII letters of `t` from `i`.
fn letters(t: &[u8], i: usize) -> usize {
    i + t.get(i..).map_or(0, |r| {
        r.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    })
}

/// After the whitespace at `i`, if there is some.
fn spaced(t: &[u8], i: usize) -> Option<usize> {
    let s = skip_space(t, i);
    (s > i).then_some(s)
}

/// Where `t` goes on after a first `(the) end of ` (the grammar's
/// `part_of`), if it starts so.
fn part_of_end(t: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut k = letters(t, 0);
    if t.get(..k)?.eq_ignore_ascii_case(b"the") {
        i = spaced(t, k)?;
        k = letters(t, i);
    }
    one_of(t.get(i..k)?, PART_OF).then_some(())?;
    let of = spaced(t, k)?;
    t.get(of..of + 2)?
        .eq_ignore_ascii_case(b"of")
        .then_some(())?;
    spaced(t, of + 2)
}

/// `years`, `decades-long` (form `durp`: a plural unit alone).
fn read_durp(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let k = letters(b, 0);
    let long = b.get(k..).is_some_and(|r| r.eq_ignore_ascii_case(b"-long"));
    (one_of(b.get(..k)?, DURP_UNITS) && (k == b.len() || long)).then_some(())?;
    Some(("durp", [("durp_u", 0, k), ("", 0, 0), ("", 0, 0)], 1))
}

/// The words of `t` split at runs of ASCII whitespace, if there are `N`.
fn words<const N: usize>(t: &[u8]) -> Option<[(usize, usize); N]> {
    let mut out = [(0, 0); N];
    let mut i = 0;
    for (n, w) in out.iter_mut().enumerate() {
        let s = if n == 0 { i } else { skip_space(t, i) };
        (s > i || n == 0).then_some(())?;
        let e = s + t.get(s..)?.iter().take_while(|&&c| !is_space(c)).count();
        (e > s).then_some(())?;
        *w = (s, e);
        i = e;
    }
    (i == t.len()).then_some(out)
}

/// A plain amount as `num` reads a single word: all digits (no `,` or
/// `.`), or a number word of one word (`two`, `a`, `several`).
fn plain_amount(w: &[u8]) -> bool {
    (!w.is_empty() && w.iter().all(u8::is_ascii_digit))
        || (w.iter().all(u8::is_ascii_alphabetic)
            && WORDS
                .numbers
                .iter()
                .any(|(x, _)| x.as_bytes().eq_ignore_ascii_case(w)))
}

/// A unit word (`year`, `Days`) in ASCII letters.
fn unit_word(w: &[u8]) -> bool {
    w.iter().all(u8::is_ascii_alphabetic)
        && std::str::from_utf8(w).is_ok_and(|w| WORDS.unit(w).is_some())
}

/// `two years`, `12-year`, `the past two weeks`, `more than 20 years`
/// (form `dur` as an optional modifier, a one-word amount and a unit). The
/// modifier, tried first, is taken when the words before the amount are
/// one exactly (no two modifiers share a first word); without them no
/// modifier fits (it needs an amount and a unit after it). A one-word
/// amount cannot reach into the unit, and with the unit last there is no
/// adjective (`trading`), `-long` or `and a half`, so the split is forced.
fn read_dur(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let u = b.len()
        - b.iter()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    let sep = match b.get(..u)? {
        [.., b'-'] => u - 1,
        _ => {
            u - b
                .get(..u)?
                .iter()
                .rev()
                .take_while(|&&c| is_space(c))
                .count()
        }
    };
    (sep < u).then_some(())?;
    let n = sep
        - b.get(..sep)?
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
    (plain_amount(b.get(n..sep)?) && unit_word(b.get(u..)?)).then_some(())?;
    let mut parts = [("dur_n", n, sep), ("dur_u", u, b.len()), ("", 0, 0)];
    if n == 0 {
        return Some(("dur", parts, 2));
    }
    let m = n - b
        .get(..n)?
        .iter()
        .rev()
        .take_while(|&&c| is_space(c))
        .count();
    let modifier = b.get(..m)?;
    let ok = before_than(modifier)
        || phrase_is(modifier, DUR_MODS)
        || phrase_is(after_the(modifier), DUR_MODS_THE);
    (m < n && ok).then_some(())?;
    parts[2] = ("dur_mod", 0, m);
    Some(("dur", parts, 3))
}

/// Whether `t` is one of [`DUR_THAN`] and `than`.
fn before_than(t: &[u8]) -> bool {
    let k = letters(t, 0);
    let than = spaced(t, k).and_then(|s| t.get(s..));
    t.get(..k).is_some_and(|c| one_of(c, DUR_THAN))
        && than.is_some_and(|w| w.eq_ignore_ascii_case(b"than"))
}

/// `t` without a first word `the` and the whitespace after it.
fn after_the(t: &[u8]) -> &[u8] {
    let the = t.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(b"the"));
    let s = skip_space(t, 3);
    match t.get(s..) {
        Some(rest) if the && s > 3 => rest,
        _ => t,
    }
}

/// Whether `w` is the first word of one of `phrases` (ignoring ASCII case).
fn first_word_of(w: &[u8], phrases: &[&str]) -> bool {
    phrases
        .iter()
        .filter_map(|p| p.split(' ').next())
        .any(|x| x.as_bytes().eq_ignore_ascii_case(w))
}

/// Whether `t` is one of `phrases` (single spaces in the list), its words
/// apart by runs of ASCII whitespace, ignoring ASCII case.
fn phrase_is(t: &[u8], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| phrase_end(t, p) == Some(t.len()))
}

/// Where `phrase` (as in [`phrase_is`]) ends if `t` starts with it.
fn phrase_end(t: &[u8], phrase: &str) -> Option<usize> {
    let mut i = 0;
    for (k, w) in phrase.split(' ').enumerate() {
        if k > 0 {
            i = spaced(t, i)?;
        }
        let x = t.get(i..i + w.len())?;
        x.eq_ignore_ascii_case(w.as_bytes()).then_some(())?;
        i += w.len();
    }
    Some(i)
}

/// `years ago`, `six years ago`, `2 days later`, `about a year ago`, `more
/// than 30 years ago` (form `ago` with a one-word amount or none). A first
/// `about`-like word is the regex's first choice, so it is taken where it
/// stands (and is no part); after it, the amount is the first of three
/// words and absent from two.
fn read_ago(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let pre = AGO_PRE.iter().find_map(|p| spaced(b, phrase_end(b, p)?));
    let at = pre.unwrap_or(0);
    let r = b.get(at..)?;
    let w = |(s, e): (usize, usize)| r.get(s..e).unwrap_or_default();
    let dir_at =
        |(s, e): (usize, usize)| one_of(w((s, e)), AGO_DIRS).then_some(("ago_dir", at + s, at + e));
    let unit_at =
        |(s, e): (usize, usize)| unit_word(w((s, e))).then_some(("ago_u", at + s, at + e));
    if let Some([u, d]) = words::<2>(r) {
        return Some(("ago", [unit_at(u)?, dir_at(d)?, ("", 0, 0)], 2));
    }
    let [a, u, d] = words::<3>(r)?;
    // `some years ago`: `some` is read as a word before the amount.
    (!first_word_of(w(a), AGO_PRE) && plain_amount(w(a))).then_some(())?;
    let amount = ("ago_n", at + a.0, at + a.1);
    Some(("ago", [amount, unit_at(u)?, dir_at(d)?], 3))
}

/// `last week`, `this year`, `the weekend`, `the past year`, `earlier
/// this month` (form `rel` in two or three words). Two words can only be
/// a one-word direction and the unit (a modifier or `the past` needs a
/// third). Of three, a first word `earlier`/`late`/… is the modifier, and
/// a first `the` starts `the past`-like directions (`the end of` needs
/// four words).
fn read_rel(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let w = |(s, e): (usize, usize)| b.get(s..e).unwrap_or_default();
    let unit = |u| one_of(u, REL_UNITS) || one_of(u, SEASONS);
    let unit_at = |(s, e): (usize, usize)| unit(w((s, e))).then_some(("rel_u", s, e));
    let dir = |d: &[u8]| one_of(d, REL_DIRS) || d.eq_ignore_ascii_case(b"the");
    if let Some([d, u]) = words::<2>(b) {
        dir(w(d)).then_some(())?;
        return Some(("rel", [("rel_dir", d.0, d.1), unit_at(u)?, ("", 0, 0)], 2));
    }
    let [x, d, u] = words::<3>(b)?;
    if one_of(w(x), REL_MODS) {
        dir(w(d)).then_some(())?;
        let parts = [("rel_mod", x.0, x.1), ("rel_dir", d.0, d.1), unit_at(u)?];
        return Some(("rel", parts, 3));
    }
    (w(x).eq_ignore_ascii_case(b"the") && one_of(w(d), REL_THE)).then_some(())?;
    Some(("rel", [("rel_dir", x.0, d.1), unit_at(u)?, ("", 0, 0)], 2))
}

/// `today`, `tomorrow night`, `earlier today`, `this morning`, `the day`
/// (form `dw` in one or two words). A first word `earlier`/`late`/… is the
/// modifier (tried first, and no other branch starts with it), and the
/// other branches start with different words.
fn read_dw(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    let w = |(s, e): (usize, usize)| b.get(s..e).unwrap_or_default();
    let none = ("", 0, 0);
    if one_of(b, DW_BASES) {
        return Some(("dw", [("dw_base", 0, b.len()), none, none], 1));
    }
    let [x, y] = words::<2>(b)?;
    let parts = if one_of(w(x), REL_MODS) && one_of(w(y), DW_BASES) {
        [("dw_mod", x.0, x.1), ("dw_base", y.0, y.1), none]
    } else if one_of(w(x), DW_BASES) && one_of(w(y), DAY_PARTS) {
        [("dw_base", x.0, x.1), ("dw_part", y.0, y.1), none]
    } else if one_of(w(x), DW_THIS) && one_of(w(y), DAY_PARTS) {
        [("dw_this", x.0, x.1), ("dw_part2", y.0, y.1), none]
    } else if w(x).eq_ignore_ascii_case(b"the") && w(y).eq_ignore_ascii_case(b"day") {
        [("dw_the", 0, b.len()), none, none]
    } else {
        return None;
    };
    let n = parts.iter().filter(|p| !p.0.is_empty()).count();
    Some(("dw", parts, n))
}

/// `now`, `recently`, `the past` (form `ref`: no parts but the whole).
fn read_ref(_: &str) -> Option<Read> {
    Some(("ref", [("", 0, 0); 3], 0))
}

/// `2011` (form `yr` alone).
fn read_yr(t: &str) -> Option<Read> {
    let b = t.as_bytes();
    (b.len() == 4
        && matches!(b.get(..2), Some(b"18" | b"19" | b"20"))
        && b.iter().all(u8::is_ascii_digit)
        && !holiday_prefix(t))
    .then_some(())?;
    Some(("yr", [("yr_y", 0, 4), ("", 0, 0), ("", 0, 0)], 1))
}

impl Grammar {
    /// The commonest matches read by hand, without a form's regex (~5k
    /// instructions a match): a weekday (`Tuesday`, `last Friday`), year
    /// (`2011`), `July 27(, 2011)`, `July 2011` and the plainest relative
    /// forms (`two years`, `six years ago`, `last week`, `today`) are most
    /// of what news text dates with (the forms are in [`READERS`]). Each
    /// reader accepts only a match it reads whole,
    /// with the parts the form's regex would give, and only a match of its
    /// own form (the DFA says which); anything else goes to the regexes.
    fn shape<'h>(&'static self, text: &'h str, m: Hit<'h>) -> Option<Caps<'h>> {
        let t = m.as_str();
        let form = m.form?;
        let read = (*self.readers.get(form)?)?(t)?;
        let groups = self.groups.get(form)?;
        let (name, parts, n) = read;
        let mut slots = [None; SLOTS];
        let span = |s: usize, e: usize| Some((u32::try_from(s).ok()?, u32::try_from(e).ok()?));
        let whole = Some(span(0, t.len())?);
        *slots.get_mut(0)? = whole;
        let index = |g: &str| groups.iter().find(|(x, _)| x == g).map(|&(_, i)| i);
        *slots.get_mut(index(name)?)? = whole;
        for &(g, s, e) in parts.get(..n)? {
            *slots.get_mut(index(g)?)? = Some(span(s, e)?);
        }
        Some(Caps {
            form: groups.first().map_or("", |(n, _)| n.as_str()),
            found: Found::Hand {
                text,
                start: m.start(),
                slots,
            },
            groups,
        })
    }

    /// The first expression starting at or after `pos`, with its parts.
    pub fn captures_at<'h>(&'static self, text: &'h str, pos: usize) -> Option<Caps<'h>> {
        let m = self.find_at(text, pos, usize::MAX)?;
        self.parts(text, m)
    }

    /// The union's first match starting at or after `pos` and at or before
    /// `last` (the same as searching the whole text with the union regex
    /// and keeping a match starting by `last`, without reading further).
    pub fn find_at<'h>(&'static self, text: &'h str, pos: usize, last: usize) -> Option<Hit<'h>> {
        let starts = self.starts.as_ref()?;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let cache = c.get_or_insert_with(|| starts.dfa.create_cache());
            starts.find(cache, text, pos, last)
        })
    }

    /// Whether the form that gave `m` has a part named one of `names`
    /// (true when the form is not known). Lets a caller that wants only
    /// some parts skip reading the others' matches: [`Grammar::parts`] of
    /// a form without a regex shortcut costs a regex search.
    pub fn may_have(&self, m: &Hit<'_>, names: &[&str]) -> bool {
        let Some(groups) = m.form.and_then(|f| self.groups.get(f)) else {
            return true;
        };
        groups.iter().any(|(g, _)| names.contains(&g.as_str()))
    }

    /// The parts of `m`, a match of the union in `text`.
    pub fn parts<'h>(&'static self, text: &'h str, m: Hit<'h>) -> Option<Caps<'h>> {
        self.shape(text, m).or_else(|| self.remembered(text, m))
    }

    /// [`Grammar::by_regex`], remembering its answers by the bytes they
    /// depend on. The forms the hand reader leaves (`last week`, `two
    /// years`, `now`, `recently`) recur across articles, and the set and a
    /// form's regex cost ~9k instructions a match against ~200 for the
    /// look-up. The answer is a function of the key alone (see
    /// [`ReadKey`]), so the output does not depend on what was seen before.
    fn remembered<'h>(&'static self, text: &'h str, m: Hit<'h>) -> Option<Caps<'h>> {
        let Some(key) = read_key(text, m) else {
            return self.by_regex(text, m).map(|(_, c)| c);
        };
        let start = m.start();
        let known = READS.with(|r| r.borrow().get(&key).copied());
        if let Some(read) = known {
            let (form, rel) = read?;
            let groups = self.groups.get(form)?;
            return Some(Caps {
                form: groups.first().map_or("", |(n, _)| n.as_str()),
                found: Found::Hand {
                    text,
                    start,
                    slots: rel,
                },
                groups,
            });
        }
        let found = self.by_regex(text, m);
        let read = match &found {
            None => Some(None),
            // A form with more groups than slots is not remembered.
            Some((form, caps)) => (caps.groups.len() < SLOTS).then(|| {
                let mut rel = [None; SLOTS];
                for (i, slot) in rel.iter_mut().enumerate() {
                    // Parts lie in the match, which is short (see the key).
                    *slot = caps.get(i).and_then(|p| {
                        let s = u32::try_from(p.start().checked_sub(start)?).ok()?;
                        Some((s, u32::try_from(p.end().checked_sub(start)?).ok()?))
                    });
                }
                Some((*form, rel))
            }),
        };
        if let Some(read) = read {
            READS.with(|r| {
                let mut r = r.borrow_mut();
                // Bounded: news repeats a few hundred such phrases; past
                // the bound start again rather than grow.
                if r.len() >= READS_KEPT {
                    r.clear();
                }
                r.insert(key, read);
            });
        }
        found.map(|(_, c)| c)
    }

    /// The parts of `m` from the regex of the form the DFA reports.
    /// Returns the form's index with them.
    fn by_regex<'h>(&'static self, text: &'h str, m: Hit<'h>) -> Option<(usize, Caps<'h>)> {
        let i = m.form?;
        let start = m.start();
        // The anchored form reads the text from the match start, where a
        // word boundary sees no character before it: the same answer as in
        // the whole text only when the byte before is no ASCII word byte
        // (the grammar's `\b` is ASCII). Otherwise the form searches from
        // the match start, where it matches. Either way the regex reads no
        // further than the form could still match.
        let anchored = start == 0 || !text.as_bytes().get(start - 1).copied().is_some_and(is_word);
        let (caps, offset) = if anchored {
            (self.anchored.get(i)?.captures(text.get(start..)?)?, start)
        } else {
            let c = self.forms.get(i)?.captures_at(text, start)?;
            (
                c.get(0).is_some_and(|g| g.start() == start).then_some(c)?,
                0,
            )
        };
        let groups = self.groups.get(i)?;
        Some((
            i,
            Caps {
                form: groups.first().map_or("", |(n, _)| n.as_str()),
                found: Found::Regex { caps, offset },
                groups,
            },
        ))
    }
}

/// What the parts of a match depend on: whether the match starts the text,
/// the byte before it (word boundaries look one byte back, and it decides
/// between the anchored and the searching regexes), the match's length and
/// bytes, and whether and which byte follows (a boundary at the end looks
/// at it). The form is not needed: the first form to match these bytes in
/// any text they occur in is the same. Paths the form's regex tries past
/// the match end failed, or the match would end elsewhere.
type ReadKey = Vec<u8>;

/// A remembered answer: the form's index and each group's span relative to
/// the match start; None when no form gives the parts.
type Remembered = Option<(usize, Slots)>;

const READS_KEPT: usize = 4096;

thread_local! {
    static READS: std::cell::RefCell<std::collections::HashMap<ReadKey, Remembered>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The [`ReadKey`] of `m`, or None for a long match, not worth keeping.
fn read_key(text: &str, m: Hit) -> Option<ReadKey> {
    let b = text.as_bytes();
    let (start, end) = (m.start(), m.end());
    let len = u8::try_from(end - start).ok()?;
    let before = match start.checked_sub(1) {
        Some(i) => [1, *b.get(i)?],
        None => [0, 0],
    };
    let after = match b.get(end) {
        Some(&c) => [1, c],
        None => [0, 0],
    };
    let mut key = Vec::with_capacity(5 + usize::from(len));
    key.extend_from_slice(&before);
    key.push(len);
    key.extend_from_slice(b.get(start..end)?);
    key.extend_from_slice(&after);
    Some(key)
}

/// The grammar's own words: each list is both written into the patterns
/// (by [`alt`]) and checked by the hand readers, so a word added here
/// reaches both. Case-insensitive like the rest of the grammar; a space
/// stands for any run of whitespace. The order is the regex's: its
/// alternatives are tried leftmost-first.
///
/// Days' and months' modifiers (`late` May, `mid-July`, `early` 2016).
const PRE_MODS: &[&str] = &["early", "mid", "late"];
/// `the end of` May: what a part of a month or year is named by.
const PART_OF: &[&str] = &["end", "start", "beginning", "middle", "close"];
/// Before a month (`last July`).
const MO_RELS: &[&str] = &["last", "next", "this"];
/// Plural units that stand without an amount (`for years`, `decades-long`).
const DURP_UNITS: &[&str] = &[
    "decades", "years", "months", "weeks", "days", "hours", "minutes",
];
/// The `st` of `1st` (after a day's digits).
const DAY_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];
/// Parts of a day (`Monday night`, `this morning`, `every evening`).
const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];
/// Before a weekday (`last Friday`).
const WD_MODS: &[&str] = &["last", "next", "this", "early", "late", "past"];
/// The words before an `ago` amount (`about six years ago`), and after its
/// unit (`a week earlier`).
const AGO_PRE: &[&str] = &[
    "about",
    "some",
    "nearly",
    "almost",
    "more than",
    "over",
    "just",
    "only",
    "roughly",
    "around",
];
const AGO_DIRS: &[&str] = &["ago", "earlier", "later", "before", "after"];
/// Before a duration's amount (`about 20 years`), those before `than`
/// there (`more than 20 years`), and those that may also follow `the` (`the
/// past two weeks`). `than` is written once in the pattern: spelled out
/// after each word, its `\s+` (Unicode whitespace, a large class) comes
/// three times, and the bigger automaton's states cost more to build.
const DUR_THAN: &[&str] = &["more", "less", "fewer"];
const DUR_MODS: &[&str] = &[
    "over",
    "under",
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "some",
    "at least",
    "at most",
    "up to",
    "just",
    "only",
    "another",
    "an additional",
];
const DUR_MODS_THE: &[&str] = &[
    "past",
    "last",
    "next",
    "first",
    "previous",
    "coming",
    "following",
    "final",
    "latest",
];
/// Before a relative unit or a day word (`earlier this month`, `later
/// today`).
const REL_MODS: &[&str] = &["earlier", "later", "early", "late"];
/// A relative unit's direction (`last week`), besides `the` and `the`
/// with one of [`REL_THE`] (`the past year`).
const REL_DIRS: &[&str] = &["this", "last", "next"];
const REL_THE: &[&str] = &[
    "past",
    "previous",
    "following",
    "next",
    "coming",
    "current",
    "same",
    "last",
];
/// The units a relative direction takes, besides the seasons.
const REL_UNITS: &[&str] = &["week", "weekend", "month", "year", "decade", "century"];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];
/// Days named from today (`yesterday`), and the directions before a part
/// of the day (`this morning`).
const DW_BASES: &[&str] = &["today", "tonight", "yesterday", "tomorrow"];
const DW_THIS: &[&str] = &["this", "last"];

/// The alternation of `words` (escaped, in the list's order, a space
/// matching any run of whitespace as in [`phrase_is`]), ungrouped.
fn alt(words: &[&str]) -> String {
    let alts: Vec<String> = words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect();
    alts.join("|")
}

fn patterns() -> Vec<String> {
    let w = &*WORDS;
    let b = r"(?-u:\b)";
    let mon_full = format!(r"(?-i:(?:{}){b})", w.month_full_alt());
    let mon = format!(
        r"(?-i:(?:{}){b}|(?:{})(?:\.|{b}))",
        w.month_full_alt(),
        w.month_abbr_alt()
    );
    let wd = format!(
        r"(?-i:(?:{}){b}|(?:{})\.)",
        w.weekday_full_alt(),
        w.weekday_abbr_alt()
    );
    let day = format!(r"(?:3[01]|[12][0-9]|0?[1-9])(?:{})?{b}", alt(DAY_SUFFIXES));
    let year = format!(r"(?:1[0-9]|20)[0-9]{{2}}{b}");
    let num = format!(
        r"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?|(?:{}){b})(?:\s+and\s+a\s+half)?",
        w.number_alt()
    );
    let unit = format!(r"(?:{}|{}){b}", w.unit_alt(true), w.unit_alt(false));
    let unit_sing = format!(r"(?:{}){b}", w.unit_alt(false));
    let ord = w.ordinal_alt();
    let part = format!("(?:{})", alt(DAY_PARTS));
    let part_of = format!(r"(?:the\s+)?(?:{})\s+of\s+", alt(PART_OF));
    let tz = format!(r"(?-i:UTC|GMT|BST|CET|CEST|[ECMP][SD]?T|Z){b}");
    let season = format!("(?:{})", alt(SEASONS));
    // The lists the hand readers check too.
    let pre = alt(PRE_MODS);
    let day_word = alt(DW_BASES);
    let (wd_mod, dw_this) = (alt(WD_MODS), alt(DW_THIS));
    let (ago_pre, ago_dir) = (alt(AGO_PRE), alt(AGO_DIRS));
    let (dur_than, dur_mod, dur_mod_the) = (alt(DUR_THAN), alt(DUR_MODS), alt(DUR_MODS_THE));
    let (rel_mod, rel_dir, rel_the) = (alt(REL_MODS), alt(REL_DIRS), alt(REL_THE));
    let rel_unit = alt(REL_UNITS);
    let (mo_rel, durp_unit) = (alt(MO_RELS), alt(DURP_UNITS));

    let rules = [
        // 2011-07-27, 2011-07-27T10:30
        format!(
            r"(?P<iso>{b}(?P<iso_y>(?:1[0-9]|20)[0-9]{{2}})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12][0-9]|3[01])(?:T(?P<iso_t>[0-2][0-9]:[0-5][0-9]))?{b})"
        ),
        // 07/27/2011, 27/07/11
        format!(
            r"(?P<sl>{b}(?P<sl_a>[0-9]{{1,2}})/(?P<sl_b>[0-9]{{1,2}})/(?P<sl_y>[0-9]{{4}}|[0-9]{{2}}){b})"
        ),
        // 10 a.m., 3:30 p.m. ET, 18:00 UTC today, noon
        format!(
            r"(?P<tm>{b}(?:(?P<tm_h>[01]?[0-9]|2[0-3])(?::(?P<tm_m>[0-5][0-9]))?\s*(?P<tm_ap>[ap]\.?m(?:\.|{b}))|(?P<tm_h2>[01]?[0-9]|2[0-3]):(?P<tm_m2>[0-5][0-9]){b}|(?P<tm_noon>noon|midnight){b})(?:\s*(?P<tm_z>{tz}))?(?:\s+(?P<tm_day>today|yesterday|tomorrow|tonight){b})?)"
        ),
        // Christmas, Thanksgiving Day 2016
        format!(
            r"(?P<hol>{b}(?-i:(?P<hol_n>{})){b}(?:,?\s+(?P<hol_y>{year}))?)",
            w.holiday_alt()
        ),
        // (Tuesday,) July 27(, 2011), mid-July 4
        format!(
            r"(?P<mdy>{b}(?:(?P<mdy_wd>{wd}),?\s+)?(?:(?P<mdy_pre>{pre})(?:-|\s+))?(?P<mdy_m>{mon})\s*(?P<mdy_d>{day})(?:,?\s+(?P<mdy_y>{year}))?)"
        ),
        // (Tuesday,) (the) 27(th) (of) July (2011)
        format!(
            r"(?P<dmy>{b}(?:(?P<dmy_wd>{wd}),?\s+)?(?:the\s+)?(?P<dmy_d>{day})(?:\s+of)?\s+(?P<dmy_m>{mon})(?:,?\s+(?P<dmy_y>{year}))?)"
        ),
        // summer 2011, the spring of 2009
        format!(
            r"(?P<ssy>{b}(?:(?P<ssy_pre>{pre})(?:-|\s+))?(?:the\s+)?(?P<ssy_s>{season})(?:\s+of)?,?\s+(?P<ssy_y>{year}))"
        ),
        // the third quarter (of 2011), the last quarter, the first half of next year, Q3 2011
        format!(
            r"(?P<q>{b}(?:the\s+)?(?P<q_o>{ord}|last|final|latest|current|previous|past|this|next)\s+(?:(?:fiscal|financial|calendar)\s+)?(?P<q_u>quarter|half){b}(?:\s+of\s+(?:the\s+)?(?:(?:fiscal|financial)\s+)?(?:year\s+)?(?:(?P<q_y>{year})|(?P<q_rel>this|last|next)\s+year{b}|year{b}))?|{b}(?-i:Q(?P<q_n>[1-4])){b}(?:\s*(?P<q_y2>{year}))?)"
        ),
        // fiscal 2016, fiscal year 2016, FY2016
        format!(
            r"(?P<fy>{b}(?:(?-i:FY)\s*'?|(?:fiscal|financial)\s+(?:year\s+)?)(?P<fy_y>{year}|[0-9]{{2}}{b}))"
        ),
        // the 1990s, the mid-'80s
        format!(
            r"(?P<dec>(?:{b}the\s+)?(?:{b}(?P<dec_pre>{pre})(?:-|\s+))?(?:{b}(?P<dec_c>1[0-9]|20)(?P<dec_d>[0-9])0s|['’](?P<dec_d2>[0-9])0s){b})"
        ),
        // July 2011, late May 2008, the end of March 2009
        format!(
            r"(?P<my>{b}(?:(?P<my_pre>{pre})(?:-|\s+)|{part_of})?(?P<my_m>{mon})(?:\s+of)?,?\s+(?P<my_y>{year}))"
        ),
        // six years ago, a week earlier, two days later
        format!(
            r"(?P<ago>{b}(?:(?:{ago_pre})\s+)?(?:(?P<ago_n>{num})\s+)?(?P<ago_u>{unit})\s+(?P<ago_dir>{ago_dir}){b})"
        ),
        // every week, each year, daily, twice a year, on Mondays
        format!(
            r"(?P<set>{b}(?:(?:every|each|per)\s+(?:other\s+)?(?:(?P<set_n>{num})\s+)?(?P<set_u>{unit}|{wd}|{part}{b})|(?P<set_adv>(?-i:daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|biweekly|biannually|semiannually)){b}|(?:once|twice|(?:{num})\s+times)\s+(?:a|an|per|each|every)\s+(?P<set_u2>{unit_sing})|(?-i:(?P<set_wd>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)){b}))"
        ),
        // today, earlier today, yesterday morning, this afternoon, the next day,
        // (the end of) the day, a second straight day
        format!(
            r"(?P<dw>{b}(?:(?P<dw_mod>{rel_mod})\s+)?(?:(?P<dw_base>{day_word}){b}(?:\s+(?P<dw_part>{part}){b})?|(?P<dw_this>{dw_this})\s+(?P<dw_part2>{part}){b}|the\s+(?P<dw_rel>day\s+before\s+yesterday|day\s+after\s+tomorrow|day\s+before|day\s+after|(?:next|following|previous|same)\s+(?:day|morning|afternoon|evening|night)){b}|(?P<dw_the>(?:(?:the\s+)?(?:end|start|beginning|middle|close|rest)\s+of\s+)?the\s+day){b}|a\s+(?P<dw_nth>{ord})\s+(?:straight|consecutive|successive|running)\s+(?P<dw_nth_u>day|session|week|month|year){b}))"
        ),
        // last week, this month, earlier this year, the end of the year, the past year
        format!(
            r"(?P<rel>{b}(?:(?P<rel_mod>{rel_mod}|(?:the\s+)?(?:end|start|beginning|middle|close|rest|remainder)\s+of)\s+)?(?P<rel_dir>{rel_dir}|the\s+(?:{rel_the})|the)\s+(?P<rel_u>{rel_unit}|{season}){b})"
        ),
        // Tuesday, last Friday, Monday night
        format!(
            r"(?P<wd>{b}(?:(?P<wd_mod>{wd_mod})\s+)?(?P<wd_d>{wd})(?:\s+(?P<wd_part>{part}){b})?)"
        ),
        // January, mid-July, last March
        format!(
            r"(?P<mo>{b}(?:(?P<mo_pre>{pre})(?:-|\s+)|{part_of})?(?:(?P<mo_rel>{mo_rel})\s+)?(?P<mo_m>{mon_full}))"
        ),
        // (in the) spring
        format!(r"(?P<ss>{b}(?:(?P<ss_pre>{pre})(?:-|\s+))?(?P<ss_s>{season}){b})"),
        // six years, the past two weeks, 12-year, almost two and a half years
        format!(
            r"(?P<dur>{b}(?:(?P<dur_mod>(?:{dur_than})\s+than|{dur_mod}|(?:the\s+)?(?:{dur_mod_the}))\s+)?(?P<dur_n>{num})(?:\s+|-)(?:(?:trading|business|working|calendar|straight|consecutive)\s+)?(?P<dur_u>{unit})(?:-long{b})?)"
        ),
        // (for) years, decades-long
        format!(r"(?P<durp>{b}(?P<durp_u>{durp_unit})(?:-long)?{b})"),
        // now, recently, the past, soon (after durations: `the past two weeks`)
        format!(r"(?P<ref>{b}(?:{}){b})", w.ref_alt()),
        // 2011, in 2015, late 2006, the end of 2011
        format!(
            r"(?P<yr>{b}(?:(?P<yr_pre>{pre})(?:-|\s+)|{part_of})?(?P<yr_y>(?:1[89]|20)[0-9]{{2}}){b})"
        ),
    ];
    rules.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_compiles() {
        for p in patterns() {
            if let Err(e) = Regex::new(&p) {
                panic!("{e}");
            }
        }
        assert_eq!(GRAMMAR.forms.len(), patterns().len());
        assert_eq!(GRAMMAR.anchored.len(), patterns().len());
        let m = GRAMMAR.find_at("on July 27, 2011", 0, usize::MAX);
        assert_eq!(m.map(|m| m.as_str()), Some("July 27, 2011"));
    }

    /// The union of the forms as one regex searched over the whole text:
    /// what [`Grammar::find_at`] must agree with.
    static UNION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!("(?i){}", patterns().join("|"))).expect("union compiles")
    });

    /// From every character of `text`, the anchored finder gives the match
    /// the union regex finds, and with a bound on its start, the same match
    /// if it starts by then.
    fn finds_as_the_union(text: &str) {
        let g = &*GRAMMAR;
        for pos in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let union = UNION.captures_at(text, pos);
            let want = union
                .as_ref()
                .and_then(|c| c.get(0))
                .map(|m| (m.start(), m.end()));
            let hit = g.find_at(text, pos, usize::MAX);
            let got = hit.map(|m| (m.start(), m.end()));
            assert_eq!(got, want, "{text:?} from {pos}");
            // The form reported is the union's alternative that matched.
            if let (Some(hit), Some(union)) = (hit, &union) {
                let name = hit.form.and_then(|i| g.groups.get(i)?.first());
                assert!(
                    name.is_some_and(|(n, _)| union.name(n).is_some()),
                    "{text:?} from {pos}: form {name:?}"
                );
            }
            let last = pos + 3;
            let bounded = g.find_at(text, pos, last).map(|m| (m.start(), m.end()));
            assert_eq!(
                bounded,
                want.filter(|&(s, _)| s <= last),
                "{text:?} from {pos} by {last}"
            );
        }
    }

    #[test]
    fn finder_agrees_with_the_union_regex() {
        // Starts of every kind: after spaces and punctuation, inside words
        // (`amid`), at apostrophes (`'80s`, `’90s`), after `_`, at
        // non-ASCII letters a form's letter folds to (`ſ` for `s`, the
        // Kelvin sign for `k`), at the text's ends.
        finds_as_the_union(
            "On Tuesday, the board met: mid-'80s, the ’90s, amid 1980s levels, \
             _2011, x2011, ſix years ago, \u{212a}ey, over two weeks, 3:30 p.m. ET \
             today, Q3 2011, FY2016, every other week, twice a year, 2011",
        );
        finds_as_the_union("2011");
        finds_as_the_union("");
    }

    #[test]
    fn finder_agrees_with_the_union_regex_on_any_text() {
        let pieces = [
            "2011", " ", "March", "Sept.", "10", ",", "-", "day", "s", "ago", "the", "last", "'",
            "’", "80s", "mid", "a", "ſ", "_", "x", "week", "\n", "é", "two", "years", "of", "end",
            "now", "p.m.", ":", "Q3", "every",
        ];
        for text in super::super::tests::random_texts(&pieces, 11, 9).take(1500) {
            finds_as_the_union(&text);
        }
    }

    /// Every match in `text`: (form, each named part's span) by `parts`
    /// and by the regexes alone, and how many `parts` read by hand.
    fn both_ways(text: &str) -> (usize, usize) {
        let g = &*GRAMMAR;
        let (mut hand, mut total) = (0, 0);
        let mut pos = 0;
        while let Some(m) = g.find_at(text, pos, usize::MAX) {
            pos = m.end();
            let spans = |c: &Caps| -> Vec<(String, Option<(usize, usize)>)> {
                c.groups
                    .iter()
                    .map(|(n, _)| (n.clone(), c.name(n).map(|p| (p.start(), p.end()))))
                    .collect()
            };
            let slow = g.by_regex(text, m).map(|(_, c)| (c.form, spans(&c)));
            // The form's regex gives the parts the union regex gives.
            let union = UNION.captures_at(text, m.start());
            let want = slow.as_ref().map(|(form, parts)| {
                let names = parts.iter().map(|(n, _)| {
                    let part = union.as_ref().and_then(|u| u.name(n));
                    (n.clone(), part.map(|p| (p.start(), p.end())))
                });
                (*form, names.collect::<Vec<_>>())
            });
            assert!(slow.is_some(), "{:?}", m.as_str());
            assert_eq!(slow, want, "{:?}", m.as_str());
            // Asked twice, the second answer remembered: the same parts.
            for _ in 0..2 {
                let again = g.remembered(text, m).map(|c| (c.form, spans(&c)));
                assert_eq!(again, slow, "{:?}", m.as_str());
            }
            if let Some(fast) = g.shape(text, m) {
                hand += 1;
                assert_eq!(Some((fast.form, spans(&fast))), slow, "{:?}", m.as_str());
            }
            total += 1;
        }
        (hand, total)
    }

    #[test]
    fn hand_reader_agrees_with_the_regexes() {
        let text = "On Tuesday, the board met. It was founded in 1998 and sold on \
            March 10, 2011, then again in May 2008 and on Sept. 12 and Sept 3rd. \
            Talks resume Thu. and on Friday morning, July 4th, 2020-day events, \
            the 2011 hrsx mark, 1999-yrs, April of 2009, June, 2010, Jan.5, \
            Mays 2011, March 32, Tuesday. 1850 and 2019\u{a0}people about six years ago at 6 a.m.";
        let (hand, total) = both_ways(text);
        // Most of these are read by hand; the rest went to the regexes.
        assert!(hand >= 10, "{hand} of {total}");
        assert!(hand < total);
    }

    #[test]
    fn hand_reader_agrees_on_any_text() {
        // Pieces recombined: years, months, weekdays, units, punctuation.
        let pieces = [
            "2011", " ", "March", "Sept.", "10", ",", "-", "day", "hrs", "of", "Tuesday", "Tue.",
            "x", "3rd", "1850", "\n", "May", "s", "2o", "yr",
        ];
        for text in super::super::tests::random_texts(&pieces, 7, 8).take(3000) {
            both_ways(&text);
        }
    }

    /// Every phrase of the shapes the hand readers take (and near misses
    /// they must leave to the regexes), built from the word lists, in
    /// several spellings: each read by hand gives the regexes' parts.
    #[test]
    fn hand_reader_agrees_on_phrases_from_the_word_lists() {
        let w = &*WORDS;
        let mut amounts: Vec<&str> = w.numbers.iter().map(|&(x, _)| x).collect();
        amounts.extend(["2", "12", "2,000", "1.5", "twenty-five", "x2", "half"]);
        let mut units: Vec<&str> = w.units.iter().flat_map(|&(s, p, _)| [s, p]).collect();
        units.extend(["trading days", "year-long", "yrs"]);
        let mut phrases: Vec<String> = Vec::new();
        for a in &amounts {
            for u in &units {
                phrases.push(format!("{a} {u}"));
                phrases.push(format!("{a}-{u}"));
                phrases.push(format!("{a}  {u}"));
                phrases.push(format!("about {a} {u}"));
                phrases.push(format!("the past {a} {u}"));
                for d in ["ago", "earlier", "after", "since"] {
                    phrases.push(format!("{a} {u} {d}"));
                    phrases.push(format!("{u} {d}"));
                    phrases.push(format!("some {a} {u} {d}"));
                    phrases.push(format!("more than {a} {u} {d}"));
                }
            }
        }
        for &(day, _) in &w.weekdays {
            for m in ["", "last ", "Next ", "past  ", "mid ", "the "] {
                for p in ["", " night", " Morning", "  evening", " noon", ". night"] {
                    phrases.push(format!("{m}{day}{p}"));
                    phrases.push(format!("{m}{day}.{p}"));
                }
            }
        }
        for &(month, _) in &w.months {
            for m in [
                "",
                "mid-",
                "last ",
                "the end of ",
                "early ",
                "Late  next ",
                "mid- ",
                "mid-this ",
                "the beginning\tof last ",
                "The Close Of ",
                "end of ",
                "the end ",
                "the ",
                "this-",
                "the end of late ",
            ] {
                phrases.push(format!("{m}{month}"));
                phrases.push(format!("{m}{month}."));
            }
        }
        for u in DURP_UNITS.iter().chain(&["Days", "year", "fortnights"]) {
            for l in ["", "-long", "-Long", "-longer", " long", "-"] {
                phrases.push(format!("{u}{l}"));
            }
        }
        for p in AGO_PRE.iter().chain(&["More  than", "more", "than"]) {
            for a in ["", "two ", "a ", "a few ", "some ", "12 ", "1.5 "] {
                for u in ["years", "Week", "day"] {
                    for d in ["ago", "Earlier", "since"] {
                        phrases.push(format!("{p} {a}{u} {d}"));
                    }
                }
            }
        }
        phrases.extend(w.refs.iter().map(|&(r, _)| r.to_owned()));
        let mut mods: Vec<&str> = DUR_MODS.iter().chain(DUR_MODS_THE).copied().collect();
        let than: Vec<String> = DUR_THAN.iter().map(|c| format!("{c} than")).collect();
        mods.extend(than.iter().map(String::as_str));
        let the: Vec<String> = DUR_MODS_THE.iter().map(|m| format!("the {m}")).collect();
        mods.extend(the.iter().map(String::as_str));
        mods.extend([
            "the",
            "more",
            "at  least",
            "about a",
            "The  Past",
            "thepast",
            "x",
        ]);
        for m in &mods {
            for a in [
                "2",
                "two",
                "a",
                "a few",
                "dozen",
                "1.5",
                "twenty-five",
                "the",
            ] {
                for u in ["years", "Week", "trading days", "day-long", "fall"] {
                    phrases.push(format!("{m} {a} {u}"));
                    phrases.push(format!("{m} {a}-{u}"));
                }
            }
        }
        let mut dirs: Vec<&str> = REL_DIRS.to_vec();
        dirs.extend(["the", "the past", "the  same", "The Next", "every"]);
        for m in ["", "earlier ", "Late ", "the end of ", "the "] {
            for d in &dirs {
                let units = REL_UNITS.iter().chain(SEASONS);
                for u in units.chain(&["day", "weekends", "Year"]) {
                    phrases.push(format!("{m}{d} {u}"));
                }
            }
        }
        for m in ["", "earlier ", "Late ", "the ", "the end of "] {
            for x in DW_BASES
                .iter()
                .chain(&["this", "last", "the", "Today", "a"])
            {
                for y in ["", " night", " Morning", " day", " day before", " same day"] {
                    phrases.push(format!("{m}{x}{y}"));
                }
            }
        }
        let (mut hand, mut total) = (0, 0);
        for phrase in &phrases {
            for text in [
                phrase.clone(),
                format!("It was {phrase}, she said."),
                format!("x{phrase} and ({}).", phrase.to_uppercase()),
            ] {
                let (h, t) = both_ways(&text);
                hand += h;
                total += t;
            }
        }
        // Most of these are read by hand; the near misses went to the regexes.
        assert!(hand * 3 > total, "{hand} of {total}");
        assert!(hand < total);
    }

    #[test]
    fn hand_reads_the_common_shapes() {
        let g = &*GRAMMAR;
        let shaped = |text: &'static str| {
            let m = g.find_at(text, 0, usize::MAX)?;
            let c = g.shape(text, m)?;
            Some((c.form, m.as_str()))
        };
        for (text, form) in [
            ("two years", "dur"),
            ("12-year", "dur"),
            ("years ago", "ago"),
            ("2 days later", "ago"),
            ("Monday night", "wd"),
            ("last Friday", "wd"),
            ("January", "mo"),
            ("recently", "ref"),
            ("the past two weeks", "dur"),
            ("more than 20 years", "dur"),
            ("last week", "rel"),
            ("the past year", "rel"),
            ("earlier this month", "rel"),
            ("Today", "dw"),
            ("tomorrow night", "dw"),
            ("this morning", "dw"),
            ("the day", "dw"),
            ("about two years ago", "ago"),
            ("more than 30 years ago", "ago"),
            ("just days before", "ago"),
            ("mid-July", "mo"),
            ("late May", "mo"),
            ("the end of June", "mo"),
            ("next November", "mo"),
            ("decades", "durp"),
            ("weeks-long", "durp"),
        ] {
            assert_eq!(shaped(text), Some((form, text)));
        }
        // Left to the regexes: a modifier before a duration's amount, an
        // amount of more than a word before `ago`, a decade.
        for text in ["about a dozen years", "a few years ago", "the 1990s"] {
            assert_eq!(shaped(text), None, "{text}");
        }
    }
}
