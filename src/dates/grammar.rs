//! The one regex that finds temporal expressions, built once from the word
//! lists.
//!
//! In: the word lists of [`super::words`]. Out: a compiled regex whose
//! alternatives are the expression forms, each in a named group (`mdy`,
//! `ago`, `yr`, …) with named parts (`mdy_m`, `mdy_d`, …) for the interpreter
//! in `dates.rs`. It runs once over the whole text: the lazy DFA finds match
//! bounds without backtracking, and captures are only computed on matches.
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
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// The union of all forms, for finding match bounds: a DFA search with no
/// capture groups to fill, the fast path over the whole text.
/// Each form alone, for the parts of a match: filling ~150 groups of the
/// union costs more than the search itself, a single form's few are cheap.
/// The set tells in one pass which forms match inside a match, so only
/// those are run for their parts.
pub struct Grammar {
    pub union: Regex,
    pub forms: Vec<Regex>,
    /// Each form again, anchored (`^(?:form)`), run on the text from the
    /// match start: no search for where the match starts, only the parts.
    anchored: Vec<Regex>,
    /// Per form, its group names and indices (the same in both versions),
    /// so a part is found by comparing a few short names instead of
    /// hashing the name in the regex's own table on every lookup.
    groups: Vec<Vec<(String, usize)>>,
    set: RegexSet,
    /// Index in `forms` of the forms read by hand (see [`Grammar::shape`]).
    shapes: Shapes,
}

/// Where the hand-read forms sit in `forms` (None: not found, no shortcut).
struct Shapes {
    mdy: Option<usize>,
    my: Option<usize>,
    wd: Option<usize>,
    yr: Option<usize>,
}

pub static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    // The patterns are built from shipped lists, so a failure is a bug in
    // the lists; fall back to matching nothing rather than panic.
    let never = || Regex::new(r"[^\s\S]").expect("empty-class regex");
    let forms = patterns();
    let compile = |wrap: fn(&str) -> String| -> Vec<Regex> {
        forms
            .iter()
            .filter_map(|f| Regex::new(&wrap(f)).ok())
            .collect()
    };
    // Some 0.1 s of compiling in all, most of a run's start-up: the four
    // parts are built side by side. Plain threads, not rayon: a rayon worker
    // waiting inside this initialiser could steal an article's job that
    // needs the grammar, and wait on itself.
    let (compiled, anchored, union, set) = std::thread::scope(|scope| {
        let anchored = scope.spawn(|| compile(|f| format!("(?i)^(?:{f})")));
        let union = scope.spawn(|| Regex::new(&format!("(?i){}", forms.join("|"))));
        let set = scope.spawn(|| RegexSet::new(forms.iter().map(|f| format!("(?i){f}"))));
        let compiled = compile(|f| format!("(?i){f}"));
        (
            compiled,
            anchored.join().unwrap_or_default(),
            union.join().ok().and_then(Result::ok),
            set.join().ok().and_then(Result::ok),
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
    let index = |name: &str| {
        groups.iter().position(|g| {
            // The slot table of a hand-read match has room for this many
            // groups; a form with more goes through its regex.
            g.first().is_some_and(|(n, _)| n == name) && g.iter().all(|&(_, i)| i < SLOTS)
        })
    };
    let shapes = Shapes {
        mdy: index("mdy"),
        my: index("my"),
        wd: index("wd"),
        yr: index("yr"),
    };
    Grammar {
        shapes,
        union: union.unwrap_or_else(never),
        forms: compiled,
        anchored,
        groups,
        set: set.unwrap_or_else(RegexSet::empty),
    }
});

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

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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
        if ["st", "nd", "rd", "th"]
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

/// Whether `rest`, the bytes between a year and the cut, is a separator
/// then (the start of) a unit: `2011 hrs`, `2011-day`.
fn unit_at_cut(rest: &str) -> bool {
    let w = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    w.len() < rest.len()
        && WORDS.units.iter().any(|&(one, many, _)| {
            [one, many]
                .iter()
                .any(|u| u.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
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

/// `Tuesday`, `Tue.` (form `wd` alone).
fn read_wd(t: &str) -> Option<Read> {
    let (name, dot) = match t.strip_suffix('.') {
        Some(n) => (n, true),
        None => (t, false),
    };
    let day = self::name(&NAMES.weekdays, name)?;
    // A full name stands alone; an abbreviation only with its dot.
    (day.abbrev == dot && !day.holiday).then_some(())?;
    Some(("wd", [("wd_d", 0, t.len()), ("", 0, 0), ("", 0, 0)], 1))
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
    /// The commonest matches read by hand, without the set and a form's
    /// regex (~5k instructions a match): a bare weekday (`Tuesday`), year
    /// (`2011`), `July 27(, 2011)` and `July 2011` are most of what news
    /// text dates with. Each reader accepts only a match it reads whole,
    /// with the parts the form's regex would give, and only where no form
    /// before it in the grammar can match that text (the holiday form is
    /// checked by name); anything else goes to the regexes.
    fn shape<'h>(
        &'static self,
        text: &'h str,
        m: regex::Match<'h>,
        lim: usize,
    ) -> Option<Caps<'h>> {
        // `parts` reads a form in the text cut at `lim`, where a word
        // boundary the full text does not have can appear (`2011 hrsx` cut
        // to `2011 hrs`, a duration), and its answer may then differ from
        // the union's. Of the forms before the read ones, only a duration
        // after a year is short enough to end there; leave those to it.
        let b = text.as_bytes();
        let cut = lim < b.len() && lim > 0 && is_word(b[lim - 1]) && is_word(b[lim]);
        let t = m.as_str();
        let first = *t.as_bytes().first()?;
        let (form, read) = if first.is_ascii_digit() {
            if cut && unit_at_cut(text.get(m.end()..lim)?) {
                return None;
            }
            (self.shapes.yr?, read_yr(t)?)
        } else if let Some(r) = read_wd(t) {
            (self.shapes.wd?, r)
        } else if let Some(r) = read_mdy(t) {
            (self.shapes.mdy?, r)
        } else {
            (self.shapes.my?, read_my(t)?)
        };
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
        let m = self.union.find_at(text, pos)?;
        self.parts(text, m)
    }

    /// The parts of `m`, a match of the union in `text`.
    pub fn parts<'h>(&'static self, text: &'h str, m: regex::Match<'h>) -> Option<Caps<'h>> {
        // The form that matched is the first one matching at the same start
        // (leftmost-first). Searching a slice that ends just past the match
        // keeps a form that does not match from scanning the rest of the text;
        // the few bytes after it let word boundaries see their context.
        let mut lim = (m.end() + 4).min(text.len());
        while !text.is_char_boundary(lim) {
            lim += 1;
        }
        self.shape(text, m, lim)
            .or_else(|| self.remembered(text, m, lim))
    }

    /// [`Grammar::by_regex`], remembering its answers by the bytes they
    /// depend on. The forms the hand reader leaves (`last week`, `two
    /// years`, `now`, `recently`) recur across articles, and the set and a
    /// form's regex cost ~9k instructions a match against ~200 for the
    /// look-up. The answer is a function of the key alone (see
    /// [`ReadKey`]), so the output does not depend on what was seen before.
    fn remembered<'h>(
        &'static self,
        text: &'h str,
        m: regex::Match<'h>,
        lim: usize,
    ) -> Option<Caps<'h>> {
        let Some(key) = read_key(text, m, lim) else {
            return self.by_regex(text, m, lim).map(|(_, c)| c);
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
        let found = self.by_regex(text, m, lim);
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

    /// The parts of `m` from the form regexes: the set tells which forms
    /// match, the first of them at the match start gives its captures.
    /// Returns the form's index with them.
    fn by_regex<'h>(
        &'static self,
        text: &'h str,
        m: regex::Match<'h>,
        lim: usize,
    ) -> Option<(usize, Caps<'h>)> {
        let hay = text.get(..lim)?;
        let start = m.start();
        // The anchored forms read the text from the match start, where a
        // word boundary sees no character before it: the same answer as in
        // the whole text only when the byte before is no ASCII word byte
        // (the grammar's `\b` is ASCII). Otherwise search as before.
        let anchored = start == 0
            || !text
                .as_bytes()
                .get(start - 1)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
        let hit = |i: usize| -> Option<(usize, Caps<'h>)> {
            let (caps, offset) = if anchored {
                (self.anchored.get(i)?.captures(hay.get(start..)?)?, start)
            } else {
                let c = self.forms.get(i)?.captures_at(hay, start)?;
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
        };
        let candidates = self.set.matches_at(&hay[..m.end()], start);
        candidates
            .iter()
            .find_map(hit)
            // The set saw the slice cut at the match end; should a form need
            // the bytes after it, try them all.
            .or_else(|| (0..self.forms.len()).find_map(hit))
    }
}

/// What [`Grammar::by_regex`] reads of the text for a match: whether the
/// match starts the text, the byte before it (word boundaries look one
/// byte back, and decide between the anchored and the searching regexes),
/// the match's length (the set reads up to its end) and the text from the
/// match start to the cut the form regexes search up to.
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
fn read_key(text: &str, m: regex::Match, lim: usize) -> Option<ReadKey> {
    let start = m.start();
    let len = u8::try_from(m.end() - start).ok()?;
    let before = match start.checked_sub(1) {
        Some(i) => [1, *text.as_bytes().get(i)?],
        None => [0, 0],
    };
    let mut key = Vec::with_capacity(3 + lim - start);
    key.extend_from_slice(&before);
    key.push(len);
    key.extend_from_slice(text.as_bytes().get(start..lim)?);
    Some(key)
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
    let day = format!(r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?{b}");
    let year = format!(r"(?:1[0-9]|20)[0-9]{{2}}{b}");
    let num = format!(
        r"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?|(?:{}){b})(?:\s+and\s+a\s+half)?",
        w.number_alt()
    );
    let unit = format!(r"(?:{}|{}){b}", w.unit_alt(true), w.unit_alt(false));
    let unit_sing = format!(r"(?:{}){b}", w.unit_alt(false));
    let ord = w.ordinal_alt();
    let part = r"(?:morning|afternoon|evening|night)";
    let part_of = r"(?:the\s+)?(?:end|start|beginning|middle|close)\s+of\s+";
    let tz = format!(r"(?-i:UTC|GMT|BST|CET|CEST|[ECMP][SD]?T|Z){b}");
    let season = r"(?:spring|summer|autumn|fall|winter)";

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
            r"(?P<mdy>{b}(?:(?P<mdy_wd>{wd}),?\s+)?(?:(?P<mdy_pre>early|mid|late)(?:-|\s+))?(?P<mdy_m>{mon})\s*(?P<mdy_d>{day})(?:,?\s+(?P<mdy_y>{year}))?)"
        ),
        // (Tuesday,) (the) 27(th) (of) July (2011)
        format!(
            r"(?P<dmy>{b}(?:(?P<dmy_wd>{wd}),?\s+)?(?:the\s+)?(?P<dmy_d>{day})(?:\s+of)?\s+(?P<dmy_m>{mon})(?:,?\s+(?P<dmy_y>{year}))?)"
        ),
        // summer 2011, the spring of 2009
        format!(
            r"(?P<ssy>{b}(?:(?P<ssy_pre>early|mid|late)(?:-|\s+))?(?:the\s+)?(?P<ssy_s>{season})(?:\s+of)?,?\s+(?P<ssy_y>{year}))"
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
            r"(?P<dec>(?:{b}the\s+)?(?:{b}(?P<dec_pre>early|mid|late)(?:-|\s+))?(?:{b}(?P<dec_c>1[0-9]|20)(?P<dec_d>[0-9])0s|['’](?P<dec_d2>[0-9])0s){b})"
        ),
        // July 2011, late May 2008, the end of March 2009
        format!(
            r"(?P<my>{b}(?:(?P<my_pre>early|mid|late)(?:-|\s+)|{part_of})?(?P<my_m>{mon})(?:\s+of)?,?\s+(?P<my_y>{year}))"
        ),
        // six years ago, a week earlier, two days later
        format!(
            r"(?P<ago>{b}(?:(?:about|some|nearly|almost|more\s+than|over|just|only|roughly|around)\s+)?(?:(?P<ago_n>{num})\s+)?(?P<ago_u>{unit})\s+(?P<ago_dir>ago|earlier|later|before|after){b})"
        ),
        // every week, each year, daily, twice a year, on Mondays
        format!(
            r"(?P<set>{b}(?:(?:every|each|per)\s+(?:other\s+)?(?:(?P<set_n>{num})\s+)?(?P<set_u>{unit}|{wd}|{part}{b})|(?P<set_adv>(?-i:daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|biweekly|biannually|semiannually)){b}|(?:once|twice|(?:{num})\s+times)\s+(?:a|an|per|each|every)\s+(?P<set_u2>{unit_sing})|(?-i:(?P<set_wd>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)){b}))"
        ),
        // today, earlier today, yesterday morning, this afternoon, the next day,
        // (the end of) the day, a second straight day
        format!(
            r"(?P<dw>{b}(?:(?P<dw_mod>earlier|later|early|late)\s+)?(?:(?P<dw_base>today|tonight|yesterday|tomorrow){b}(?:\s+(?P<dw_part>{part}){b})?|(?P<dw_this>this|last)\s+(?P<dw_part2>{part}){b}|the\s+(?P<dw_rel>day\s+before\s+yesterday|day\s+after\s+tomorrow|day\s+before|day\s+after|(?:next|following|previous|same)\s+(?:day|morning|afternoon|evening|night)){b}|(?P<dw_the>(?:(?:the\s+)?(?:end|start|beginning|middle|close|rest)\s+of\s+)?the\s+day){b}|a\s+(?P<dw_nth>{ord})\s+(?:straight|consecutive|successive|running)\s+(?P<dw_nth_u>day|session|week|month|year){b}))"
        ),
        // last week, this month, earlier this year, the end of the year, the past year
        format!(
            r"(?P<rel>{b}(?:(?P<rel_mod>earlier|later|early|late|(?:the\s+)?(?:end|start|beginning|middle|close|rest|remainder)\s+of)\s+)?(?P<rel_dir>this|last|next|the\s+(?:past|previous|following|next|coming|current|same|last)|the)\s+(?P<rel_u>week|weekend|month|year|decade|century|{season}){b})"
        ),
        // Tuesday, last Friday, Monday night
        format!(
            r"(?P<wd>{b}(?:(?P<wd_mod>last|next|this|early|late|past)\s+)?(?P<wd_d>{wd})(?:\s+(?P<wd_part>{part}){b})?)"
        ),
        // January, mid-July, last March
        format!(
            r"(?P<mo>{b}(?:(?P<mo_pre>early|mid|late)(?:-|\s+)|{part_of})?(?:(?P<mo_rel>last|next|this)\s+)?(?P<mo_m>{mon_full}))"
        ),
        // (in the) spring
        format!(r"(?P<ss>{b}(?:(?P<ss_pre>early|mid|late)(?:-|\s+))?(?P<ss_s>{season}){b})"),
        // six years, the past two weeks, 12-year, almost two and a half years
        format!(
            r"(?P<dur>{b}(?:(?P<dur_mod>(?:more|less|fewer)\s+than|over|under|about|around|nearly|almost|approximately|roughly|some|at\s+least|at\s+most|up\s+to|just|only|another|an\s+additional|(?:the\s+)?(?:past|last|next|first|previous|coming|following|final|latest))\s+)?(?P<dur_n>{num})(?:\s+|-)(?:(?:trading|business|working|calendar|straight|consecutive)\s+)?(?P<dur_u>{unit})(?:-long{b})?)"
        ),
        // (for) years, decades-long
        format!(
            r"(?P<durp>{b}(?P<durp_u>decades|years|months|weeks|days|hours|minutes)(?:-long)?{b})"
        ),
        // now, recently, the past, soon (after durations: `the past two weeks`)
        format!(r"(?P<ref>{b}(?:{}){b})", w.ref_alt()),
        // 2011, in 2015, late 2006, the end of 2011
        format!(
            r"(?P<yr>{b}(?:(?P<yr_pre>early|mid|late)(?:-|\s+)|{part_of})?(?P<yr_y>(?:1[89]|20)[0-9]{{2}}){b})"
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
        assert!(GRAMMAR.union.is_match("on July 27, 2011"));
    }

    /// Every match in `text`: (form, each named part's span) by `parts`
    /// and by the regexes alone, and how many `parts` read by hand.
    fn both_ways(text: &str) -> (usize, usize) {
        let g = &*GRAMMAR;
        let (mut hand, mut total) = (0, 0);
        for m in g.union.find_iter(text) {
            let mut lim = (m.end() + 4).min(text.len());
            while !text.is_char_boundary(lim) {
                lim += 1;
            }
            let spans = |c: &Caps| -> Vec<(String, Option<(usize, usize)>)> {
                c.groups
                    .iter()
                    .map(|(n, _)| (n.clone(), c.name(n).map(|p| (p.start(), p.end()))))
                    .collect()
            };
            let slow = g.by_regex(text, m, lim).map(|(_, c)| (c.form, spans(&c)));
            // Asked twice, the second answer remembered: the same parts.
            for _ in 0..2 {
                let again = g.remembered(text, m, lim).map(|c| (c.form, spans(&c)));
                assert_eq!(again, slow, "{:?}", m.as_str());
            }
            if let Some(fast) = g.shape(text, m, lim) {
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
            Mays 2011, March 32, Tuesday. 1850 and 2019\u{a0}people.";
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
}
