//! The word lists of the dates stage (`data/dates-*.txt`), parsed once.
//!
//! In: the shipped lists. Out: lookups from a matched word to its number
//! (month, weekday, amount, ordinal, unit) and the regex alternations the
//! grammar is built from. Lookups take the text as matched and compare
//! ASCII-case-insensitively, so no lower-cased copy is made per match.

use crate::lexicon::entries;
use std::sync::LazyLock;

const MONTHS: &str = include_str!("../../data/dates-months.txt");
const WEEKDAYS: &str = include_str!("../../data/dates-weekdays.txt");
const NUMBERS: &str = include_str!("../../data/dates-numbers.txt");
const ORDINALS: &str = include_str!("../../data/dates-ordinals.txt");
const UNITS: &str = include_str!("../../data/dates-units.txt");
const HOLIDAYS: &str = include_str!("../../data/dates-holidays.txt");
const REFS: &str = include_str!("../../data/dates-refs.txt");

/// An amount in a duration: a number, or `X` for `several`, `a few`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    N(f64),
    X,
}

/// How a holiday's day is found in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayRule {
    Fixed(u32, u32),
    /// Month, ISO weekday, n-th (0 = last), days added after.
    NthWeekday(u32, u32, u32, i64),
    /// Days after Easter Sunday.
    Easter(i64),
}

pub struct Words {
    pub months: Vec<(&'static str, u32)>,
    pub weekdays: Vec<(&'static str, u32)>,
    pub numbers: Vec<(&'static str, Amount)>,
    pub ordinals: Vec<(&'static str, u32)>,
    /// (singular, plural, TimeML unit code).
    pub units: Vec<(&'static str, &'static str, &'static str)>,
    pub holidays: Vec<(&'static str, HolidayRule)>,
    pub refs: Vec<(&'static str, &'static str)>,
    /// The short lists by key ([`Keyed`]), for the look-ups made per match.
    month_keys: Keyed<u32>,
    weekday_keys: Keyed<u32>,
    ordinal_keys: Keyed<u32>,
    /// Index into `units` of each singular and plural.
    unit_keys: Keyed<usize>,
}

pub static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut w = load();
    w.month_keys = keyed(&w.months);
    w.weekday_keys = keyed(&w.weekdays);
    w.ordinal_keys = keyed(&w.ordinals);
    let forms: Vec<(&'static str, usize)> = w
        .units
        .iter()
        .enumerate()
        .flat_map(|(i, &(one, many, _))| [(one, i), (many, i)])
        .collect();
    w.unit_keys = keyed(&forms);
    w
});

/// A word list's entries by [`lower_key`] (after folding `’` to `'`),
/// sorted, the first entry of the list kept for each key. It answers as
/// [`find`] does for an ASCII word, with a few integer comparisons instead
/// of a [`same_word`] per entry; other words go to [`find`].
#[derive(Default)]
struct Keyed<T>(Vec<(u128, T)>);

fn keyed<T: Copy>(list: &[(&'static str, T)]) -> Keyed<T> {
    let mut v: Vec<(u128, usize, T)> = list
        .iter()
        .enumerate()
        .filter_map(|(i, &(w, t))| {
            let folded: String = w.chars().map(fold).collect();
            // Only ASCII entries can equal an ASCII word.
            folded
                .is_ascii()
                .then(|| lower_key(&folded))
                .flatten()
                .map(|k| (k, i, t))
        })
        .collect();
    v.sort_by_key(|&(k, i, _)| (k, i));
    v.dedup_by_key(|e| e.0);
    Keyed(v.into_iter().map(|(k, _, t)| (k, t)).collect())
}

/// The value of the first entry of `list` that is `word` ([`find`]),
/// through `keys` when the word is ASCII and short enough to have a key.
fn lookup<T: Copy>(list: &[(&'static str, T)], keys: &Keyed<T>, word: &str) -> Option<T> {
    match lower_key(word).filter(|_| word.is_ascii()) {
        Some(k) => keys
            .0
            .binary_search_by_key(&k, |&(key, _)| key)
            .ok()
            .and_then(|i| keys.0.get(i))
            .map(|&(_, t)| t),
        None => find(list, word),
    }
}

fn pairs(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    entries(list).filter_map(|e| e.rsplit_once(' '))
}

fn load() -> Words {
    let num = |s: &str| s.parse::<u32>().ok();
    Words {
        months: pairs(MONTHS)
            .filter_map(|(w, n)| Some((w, num(n)?)))
            .collect(),
        weekdays: pairs(WEEKDAYS)
            .filter_map(|(w, n)| Some((w, num(n)?)))
            .collect(),
        numbers: pairs(NUMBERS)
            .filter_map(|(w, n)| {
                let a = if n == "X" {
                    Amount::X
                } else {
                    Amount::N(n.parse().ok()?)
                };
                Some((w, a))
            })
            .collect(),
        ordinals: pairs(ORDINALS)
            .filter_map(|(w, n)| Some((w, num(n)?)))
            .collect(),
        units: entries(UNITS)
            .filter_map(|e| {
                let mut it = e.split_whitespace();
                Some((it.next()?, it.next()?, it.next()?))
            })
            .collect(),
        holidays: entries(HOLIDAYS)
            .filter_map(|e| {
                let (name, rule) = e.split_once('|')?;
                Some((name, parse_holiday(rule)?))
            })
            .collect(),
        refs: entries(REFS).filter_map(|e| e.split_once('|')).collect(),
        month_keys: Keyed::default(),
        weekday_keys: Keyed::default(),
        ordinal_keys: Keyed::default(),
        unit_keys: Keyed::default(),
    }
}

fn parse_holiday(rule: &str) -> Option<HolidayRule> {
    if let Some(rest) = rule.strip_prefix("easter") {
        let off = if rest.is_empty() {
            0
        } else {
            rest.parse().ok()?
        };
        return Some(HolidayRule::Easter(off));
    }
    let (rule, plus) = match rule.split_once('+') {
        Some((r, p)) => (r, p.parse().ok()?),
        None => (rule, 0),
    };
    let parts: Vec<&str> = rule.split('-').collect();
    match parts.as_slice() {
        [m, d] => Some(HolidayRule::Fixed(m.parse().ok()?, d.parse().ok()?)),
        [m, wd, n] => {
            let n = if *n == "last" { 0 } else { n.parse().ok()? };
            Some(HolidayRule::NthWeekday(
                m.parse().ok()?,
                wd.parse().ok()?,
                n,
                plus,
            ))
        }
        _ => None,
    }
}

/// A word of at most 15 bytes, ASCII-lower-cased, as one integer (its
/// length in the top byte): a word list keyed by it is searched with a few
/// integer comparisons instead of a string comparison per entry. None for
/// a longer word, which no list of this stage holds.
pub fn lower_key(w: &str) -> Option<u128> {
    pack(w.as_bytes(), |c| c.to_ascii_lowercase())
}

/// [`lower_key`] keeping case, for the names the grammar matches
/// case-sensitively (`May`, not `may`).
pub fn exact_key(w: &str) -> Option<u128> {
    pack(w.as_bytes(), |c| c)
}

fn pack(b: &[u8], map: impl Fn(u8) -> u8) -> Option<u128> {
    if b.len() > 15 {
        return None;
    }
    let packed = b.iter().fold(0u128, |k, &c| k << 8 | u128::from(map(c)));
    Some((b.len() as u128) << 120 | packed)
}

/// Compares two words ignoring ASCII case and treating `’` as `'`.
pub fn same_word(a: &str, b: &str) -> bool {
    let mut x = a.chars().map(fold);
    let mut y = b.chars().map(fold);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => {}
            _ => return false,
        }
    }
}

fn fold(c: char) -> char {
    match c {
        '’' | '‘' => '\'',
        _ => c.to_ascii_lowercase(),
    }
}

fn find<T: Copy>(list: &[(&'static str, T)], word: &str) -> Option<T> {
    list.iter()
        .find(|(w, _)| same_word(w, word))
        .map(|&(_, v)| v)
}

impl Words {
    /// Month number of `Sept.`, `July`, `jan`.
    pub fn month(&self, w: &str) -> Option<u32> {
        lookup(&self.months, &self.month_keys, w.trim_end_matches('.'))
    }

    pub fn weekday(&self, w: &str) -> Option<u32> {
        lookup(&self.weekdays, &self.weekday_keys, w.trim_end_matches('.'))
    }

    pub fn ordinal(&self, w: &str) -> Option<u32> {
        lookup(&self.ordinals, &self.ordinal_keys, w)
    }

    /// The amount a number phrase gives: digits (`12`, `2,000`, `1.5`), words
    /// (`six`, `a dozen`), compounds (`twenty-five`), and `… and a half`.
    pub fn amount(&self, phrase: &str) -> Option<Amount> {
        let phrase = phrase.trim();
        let (base, half) = match strip_suffix_ci(phrase, "and a half") {
            Some(b) => (b.trim_end(), 0.5),
            None => (phrase, 0.0),
        };
        let base = normalise_space(base);
        let base = base.as_str();
        let a = if base.starts_with(|c: char| c.is_ascii_digit()) {
            let digits: String = base.chars().filter(|&c| c != ',').collect();
            Amount::N(digits.parse().ok()?)
        } else if let Some(a) = find(&self.numbers, base) {
            a
        } else if let Some((tens, ones)) = base.split_once('-') {
            match (find(&self.numbers, tens)?, find(&self.numbers, ones)?) {
                (Amount::N(t), Amount::N(o)) => Amount::N(t + o),
                _ => return None,
            }
        } else {
            return None;
        };
        Some(match a {
            Amount::N(n) => Amount::N(n + half),
            Amount::X => Amount::X,
        })
    }

    /// The TimeML unit code of `years`, `Day`, `centuries`.
    pub fn unit(&self, w: &str) -> Option<&'static str> {
        let i = if w.is_ascii() && lower_key(w).is_some() {
            lookup(&[], &self.unit_keys, w)?
        } else {
            self.units
                .iter()
                .position(|(s, p, _)| same_word(s, w) || same_word(p, w))?
        };
        self.units.get(i).map(|&(_, _, c)| c)
    }

    pub fn holiday(&self, name: &str) -> Option<HolidayRule> {
        let name = normalise_space(name);
        find(&self.holidays, &name)
    }

    pub fn reference(&self, phrase: &str) -> Option<&'static str> {
        let phrase = normalise_space(phrase);
        find(&self.refs, &phrase)
    }

    /// Regex alternation of full month names (`January|…`).
    pub fn month_full_alt(&self) -> String {
        alt(self
            .months
            .iter()
            .map(|&(w, n)| (w, n))
            .filter(|&(w, n)| !self.is_abbrev(&self.months, w, n))
            .map(|(w, _)| w))
    }

    pub fn month_abbr_alt(&self) -> String {
        alt(self
            .months
            .iter()
            .filter(|&&(w, n)| self.is_abbrev(&self.months, w, n))
            .map(|&(w, _)| w))
    }

    pub fn weekday_full_alt(&self) -> String {
        alt(self
            .weekdays
            .iter()
            .filter(|&&(w, n)| !self.is_abbrev(&self.weekdays, w, n))
            .map(|&(w, _)| w))
    }

    pub fn weekday_abbr_alt(&self) -> String {
        alt(self
            .weekdays
            .iter()
            .filter(|&&(w, n)| self.is_abbrev(&self.weekdays, w, n))
            .map(|&(w, _)| w))
    }

    /// A name is an abbreviation when it is a proper prefix of another name
    /// for the same number (`Sept` of `September`); `May` is a full name.
    pub fn is_abbrev(&self, list: &[(&'static str, u32)], w: &str, n: u32) -> bool {
        list.iter()
            .any(|&(o, m)| m == n && o.len() > w.len() && o.starts_with(w))
    }

    /// Number words, with the tens-units compounds (`twenty-five`).
    pub fn number_alt(&self) -> String {
        let tens: Vec<&str> = self
            .numbers
            .iter()
            .filter(|(_, a)| matches!(a, Amount::N(n) if *n >= 20.0 && *n < 100.0))
            .map(|&(w, _)| w)
            .collect();
        let ones: Vec<&str> = self
            .numbers
            .iter()
            .filter(|(w, a)| {
                matches!(a, Amount::N(n) if *n >= 1.0 && *n < 10.0)
                    && !w.contains(' ')
                    && w.len() > 2
            })
            .map(|&(w, _)| w)
            .collect();
        let compound = format!(
            "(?:{})-(?:{})",
            alt(tens.into_iter()),
            alt(ones.into_iter())
        );
        format!("{compound}|{}", alt(self.numbers.iter().map(|&(w, _)| w)))
    }

    pub fn ordinal_alt(&self) -> String {
        alt(self.ordinals.iter().map(|&(w, _)| w))
    }

    /// Singular and plural unit words.
    pub fn unit_alt(&self, plural: bool) -> String {
        alt(self
            .units
            .iter()
            .map(|&(s, p, _)| if plural { p } else { s }))
    }

    pub fn holiday_alt(&self) -> String {
        alt(self.holidays.iter().map(|&(w, _)| w))
    }

    pub fn ref_alt(&self) -> String {
        alt(self.refs.iter().map(|&(w, _)| w))
    }
}

/// A regex alternation of literal phrases, longest first so that the
/// leftmost-first regex prefers `Christmas Eve` to `Christmas`. Spaces match
/// any run of whitespace and apostrophes either form.
fn alt<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = words.collect();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    v.iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+").replace('\'', "['’]"))
        .collect::<Vec<_>>()
        .join("|")
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

/// Collapses runs of whitespace to one space (a matched phrase may span a
/// line break).
fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_lookups_answer_as_the_lists_do() {
        let w = &*WORDS;
        let mut probes: Vec<String> = Vec::new();
        for word in w
            .months
            .iter()
            .chain(&w.weekdays)
            .chain(&w.ordinals)
            .map(|&(x, _)| x)
            .chain(w.units.iter().flat_map(|&(s, p, _)| [s, p]))
        {
            probes.extend([
                word.to_owned(),
                word.to_uppercase(),
                word.to_lowercase(),
                format!("{word}s"),
                word[1..].to_owned(),
            ]);
        }
        probes.extend(["", "a", "Maÿ", "sixteencharacter", "weekends"].map(String::from));
        for p in &probes {
            let p = p.as_str();
            assert_eq!(w.month(p), find(&w.months, p.trim_end_matches('.')), "{p}");
            assert_eq!(w.weekday(p), find(&w.weekdays, p), "{p}");
            assert_eq!(w.ordinal(p), find(&w.ordinals, p), "{p}");
            let slow = w
                .units
                .iter()
                .find(|(s, q, _)| same_word(s, p) || same_word(q, p))
                .map(|&(_, _, c)| c);
            assert_eq!(w.unit(p), slow, "{p}");
        }
        assert_eq!(w.month("SEPT."), Some(9));
        assert_eq!(w.unit("Centuries"), Some("CE"));
    }

    #[test]
    fn word_keys_tell_words_apart() {
        assert_eq!(lower_key("May"), lower_key("mAY"));
        assert_ne!(exact_key("May"), exact_key("may"));
        assert_ne!(lower_key("a"), lower_key("\0a"));
        assert_eq!(lower_key("sixteen letters!"), None);
    }
}
