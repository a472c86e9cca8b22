//! The lexicons behind entity finding and typing: the `data/` lists built
//! once into hash maps keyed by lower-case text, so that a lookup costs one
//! lower-casing into a reused buffer and one hash probe.
//!
//! Lists and what they give: `names-first.txt` (first name → gender),
//! `names-last.txt` (frequent surnames), `titles.txt` (titles with gender and
//! strength), `names-stop.txt` (capitalised words that are no names),
//! `names-heads.txt` (head words that type a name), and the phrase lists
//! (`places-*.txt`, `demonyms.txt`, `orgs-known.txt`, `media.txt`) that map a
//! whole name to its type and canonical form.

use crate::lexicon::entries;
use crate::model::{EntityType, Gender};
use std::collections::{HashMap as StdMap, HashSet as StdSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The multiply-rotate hash of rustc (FxHash): these maps are keyed by
/// short words and probed for most tokens, where SipHash's flood
/// resistance buys nothing and costs most of the lookup time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type HashMap<K, V> = StdMap<K, V, BuildHasherDefault<FxHasher>>;
pub(crate) type HashSet<K> = StdSet<K, BuildHasherDefault<FxHasher>>;

const FIRST: &str = include_str!("../../data/names-first.txt");
const LAST: &str = include_str!("../../data/names-last.txt");
const TITLES: &str = include_str!("../../data/titles.txt");
const STOP: &str = include_str!("../../data/names-stop.txt");
const HEADS: &str = include_str!("../../data/names-heads.txt");
const COUNTRIES: &str = include_str!("../../data/places-countries.txt");
const STATES: &str = include_str!("../../data/places-us-states.txt");
const CITIES: &str = include_str!("../../data/places-cities.txt");
const PLACES_EXTRA: &str = include_str!("../../data/places-extra.txt");
const DEMONYMS: &str = include_str!("../../data/demonyms.txt");
const ORGS: &str = include_str!("../../data/orgs-known.txt");
const MEDIA: &str = include_str!("../../data/media.txt");

/// A whole name the lexicons know: its type and canonical spelling.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    pub kind: EntityType,
    pub canon: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Title {
    pub gender: Option<Gender>,
    /// Splits a capitalised run even without a first name after it
    /// (`Defense Secretary Jim Mattis`); weak titles (`General`, `King`) are
    /// also ordinary name words (`General Motors`, `Peter T. King`).
    pub strong: bool,
}

pub(crate) struct Lex {
    pub phrases: HashMap<String, Phrase>,
    /// Longest phrase in words, to bound longest-match scans.
    pub max_words: usize,
    pub first: HashMap<String, Option<Gender>>,
    pub last: HashSet<String>,
    pub titles: HashMap<String, Title>,
    pub stop: HashSet<String>,
    pub heads: HashMap<String, EntityType>,
}

/// Lower-cases `s` into `buf` (after clearing it), spelling typographic
/// apostrophes as `'` so `Ukraine’s` and `Ukraine's` look alike.
pub(crate) fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    push_lower(buf, s);
}

/// Appends `s` lower-cased to `buf`, as [`lower_into`] does.
pub(crate) fn push_lower(buf: &mut String, s: &str) {
    // Nearly every word is ASCII: copy it whole and lower-case in place,
    // instead of pushing char by char (this function was the largest single
    // cost of the entities stage, called for every lookup of every word).
    if s.is_ascii() {
        let from = buf.len();
        buf.push_str(s);
        let added = &mut buf[from..];
        added.make_ascii_lowercase();
        if added.bytes().any(|b| b == b'`') {
            let fixed = added.replace('`', "'");
            buf.truncate(from);
            buf.push_str(&fixed);
        }
        return;
    }
    for c in s.chars() {
        if matches!(c, '’' | '‘' | '`') {
            buf.push('\'');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

fn lower(s: &str) -> String {
    let mut b = String::with_capacity(s.len());
    lower_into(&mut b, s);
    b
}

fn parse_type(s: &str) -> Option<EntityType> {
    Some(match s {
        "PERSON" => EntityType::Person,
        "ORG" => EntityType::Org,
        "MEDIA" => EntityType::Media,
        "GPE" => EntityType::Gpe,
        "NORP" => EntityType::Norp,
        "LOC" => EntityType::Loc,
        "OTHER" => EntityType::Other,
        _ => return None,
    })
}

pub(crate) fn lex() -> &'static Lex {
    static LEX: OnceLock<Lex> = OnceLock::new();
    LEX.get_or_init(build)
}

fn build() -> Lex {
    let mut phrases: HashMap<String, Phrase> = HashMap::default();
    // Later lists override earlier ones: `Washington` the city beats the
    // surname, `Independent` the outlet (`The Independent`) is listed with
    // its article so it does not clash with the NORP word.
    let mut add = |name: &'static str, kind: EntityType, canon: &'static str| {
        phrases.insert(lower(name), Phrase { kind, canon });
    };
    for e in entries(DEMONYMS) {
        let mut f = e.split('\t');
        let name = f.next().unwrap_or(e);
        add(name, EntityType::Norp, f.next().unwrap_or(name));
    }
    for list in [CITIES, STATES, COUNTRIES] {
        for e in entries(list) {
            add(e, EntityType::Gpe, e);
        }
    }
    for e in entries(PLACES_EXTRA) {
        let mut f = e.split('\t');
        let name = f.next().unwrap_or(e);
        let kind = f.next().and_then(parse_type).unwrap_or(EntityType::Gpe);
        add(name, kind, f.next().unwrap_or(name));
    }
    for (list, kind) in [(ORGS, EntityType::Org), (MEDIA, EntityType::Media)] {
        for e in entries(list) {
            let mut f = e.split('\t');
            let name = f.next().unwrap_or(e);
            add(name, kind, f.next().unwrap_or(name));
        }
    }
    let max_words = phrases
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);

    let first = entries(FIRST)
        .map(|e| {
            let mut f = e.split('\t');
            let name = lower(f.next().unwrap_or(e));
            let g = match f.next() {
                Some("m") => Some(Gender::Male),
                Some("f") => Some(Gender::Female),
                _ => None,
            };
            (name, g)
        })
        .collect();
    let titles = entries(TITLES)
        .map(|e| {
            let mut f = e.split('\t');
            let name = lower(f.next().unwrap_or(e));
            let flags = f.next().unwrap_or("");
            let gender = if flags.contains('m') {
                Some(Gender::Male)
            } else if flags.contains('f') {
                Some(Gender::Female)
            } else {
                None
            };
            (
                name,
                Title {
                    gender,
                    strong: flags.contains('s'),
                },
            )
        })
        .collect();
    let heads = entries(HEADS)
        .filter_map(|e| {
            let mut f = e.split('\t');
            let name = f.next()?;
            Some((lower(name), parse_type(f.next()?)?))
        })
        .collect();
    Lex {
        phrases,
        max_words,
        first,
        last: entries(LAST).map(lower).collect(),
        titles,
        stop: entries(STOP).map(lower).collect(),
        heads,
    }
}

impl Lex {
    /// The title a word is (without its final period: `Sen.` → `sen`).
    pub fn title(&self, buf: &mut String, word: &str) -> Option<Title> {
        lower_into(buf, word.strip_suffix('.').unwrap_or(word));
        self.titles.get(buf.as_str()).copied()
    }

    pub fn is_stop(&self, buf: &mut String, word: &str) -> bool {
        lower_into(buf, word.strip_suffix('.').unwrap_or(word));
        self.stop.contains(buf.as_str())
    }

    pub fn head(&self, buf: &mut String, word: &str) -> Option<EntityType> {
        lower_into(buf, word);
        self.heads.get(buf.as_str()).copied()
    }

    /// `Some(gender)` for a known first name, the gender `None` when the
    /// name is given to both sexes.
    pub fn first_name(&self, buf: &mut String, word: &str) -> Option<Option<Gender>> {
        lower_into(buf, word);
        self.first.get(buf.as_str()).copied()
    }

    pub fn is_surname(&self, buf: &mut String, word: &str) -> bool {
        lower_into(buf, word);
        self.last.contains(buf.as_str())
    }

    /// A whole phrase, its words joined by single spaces.
    pub fn phrase_of<'w>(
        &self,
        buf: &mut String,
        words: impl Iterator<Item = &'w str>,
    ) -> Option<Phrase> {
        buf.clear();
        for (i, w) in words.enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            push_lower(buf, w);
        }
        self.phrases.get(buf.as_str()).copied()
    }
}
