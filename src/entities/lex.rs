//! The lexicons behind entity finding and typing: the `data/` lists built
//! once into one map of lower-case words (what every single-word list says
//! of a word, in one probe) and a map of whole names keyed by the numbers
//! of their words, so that a name with an unlisted word needs no lookup.
//!
//! Lists and what they give: `names-first.txt` (first name → gender),
//! `names-last.txt` (frequent surnames), `titles.txt` (titles with gender and
//! strength), `names-stop.txt` (capitalised words that are no names),
//! `names-heads.txt` (head words that type a name), and the phrase lists
//! (`places-*.txt`, `demonyms.txt`, `orgs-known.txt`, `media.txt`) that map a
//! whole name to its type and canonical form.

use super::table::{mix, WordTable};
use crate::lexicon::entries;
use crate::model::{EntityType, Gender};
use std::collections::HashMap as StdMap;
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
        self.0 = mix(self.0, w);
    }
}

pub(crate) type HashMap<K, V> = StdMap<K, V, BuildHasherDefault<FxHasher>>;

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

/// Everything the single-word lists say of one lower-case word. One map
/// holds them all, so that a word costs one probe however many lists are
/// asked about it (entities asks most name words four or five questions).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// The word's number among the words of listed phrases, from 1; 0 for
    /// a word no phrase has, which settles every phrase lookup with it.
    pub id: u16,
    pub title: Option<Title>,
    pub stop: bool,
    pub head: Option<EntityType>,
    /// `Some(gender)` for a known first name (`None` inside: either sex).
    pub first: Option<Option<Gender>>,
    pub surname: bool,
}

pub(crate) struct Lex {
    /// Every listed word, lower case.
    words: WordTable<WordInfo>,
    /// Listed names by the numbers of their words (see [`pack`]): a lookup
    /// hashes one integer instead of the words' text, and a name with an
    /// unlisted word needs no lookup at all.
    phrases: HashMap<u128, Phrase>,
    /// Longest phrase in words, to bound longest-match scans.
    pub max_words: usize,
}

/// Bits a word number takes in a packed phrase key: 16 bits for up to
/// 65,535 distinct phrase words, and 8 words in the 128-bit key.
const ID_BITS: u32 = 16;

/// The key of a phrase made of the words numbered `ids`, or `None` when
/// some word is in no phrase or the phrase is longer than any listed one
/// can be packed.
fn pack(ids: impl IntoIterator<Item = u16>) -> Option<u128> {
    let mut key = 0u128;
    for (n, id) in ids.into_iter().enumerate() {
        if id == 0 || n as u32 >= u128::BITS / ID_BITS {
            return None;
        }
        key = (key << ID_BITS) | u128::from(id);
    }
    Some(key)
}

/// Lower-cases `s` into `buf` (after clearing it), spelling typographic
/// apostrophes as `'` so `Ukraine’s` and `Ukraine's` look alike.
pub(crate) fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    push_lower(buf, s);
}

/// Appends `s` lower-cased to `buf`, as [`lower_into`] does.
pub(crate) fn push_lower(buf: &mut String, s: &str) {
    // Nearly every word is ASCII without a backtick: copied whole and
    // lowered in place, instead of char by char.
    if s.bytes().all(|b| b.is_ascii() && b != b'`') {
        let from = buf.len();
        buf.push_str(s);
        if let Some(tail) = buf.get_mut(from..) {
            tail.make_ascii_lowercase();
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
    let mut words: HashMap<String, WordInfo> = HashMap::default();
    let mut phrases: HashMap<u128, Phrase> = HashMap::default();
    let mut max_words = 1;
    // Later lists override earlier ones: `Washington` the city beats the
    // surname, `Independent` the outlet (`The Independent`) is listed with
    // its article so it does not clash with the NORP word.
    let mut add = |name: &'static str, kind: EntityType, canon: &'static str| {
        let key = lower(name);
        let mut ids = Vec::new();
        for w in key.split(' ') {
            let next = words.len() + 1;
            let info = words.entry(w.to_string()).or_default();
            if info.id == 0 {
                // Past 65,535 words the id saturates; a unit test keeps the
                // lists well below that.
                info.id = u16::try_from(next).unwrap_or(u16::MAX);
            }
            ids.push(info.id);
        }
        max_words = max_words.max(ids.len());
        if let Some(k) = pack(ids) {
            phrases.insert(k, Phrase { kind, canon });
        }
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

    for e in entries(FIRST) {
        let mut f = e.split('\t');
        let name = lower(f.next().unwrap_or(e));
        let g = match f.next() {
            Some("m") => Some(Gender::Male),
            Some("f") => Some(Gender::Female),
            _ => None,
        };
        words.entry(name).or_default().first = Some(g);
    }
    for e in entries(TITLES) {
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
        words.entry(name).or_default().title = Some(Title {
            gender,
            strong: flags.contains('s'),
        });
    }
    for e in entries(HEADS) {
        let mut f = e.split('\t');
        let (Some(name), Some(kind)) = (f.next(), f.next().and_then(parse_type)) else {
            continue;
        };
        words.entry(lower(name)).or_default().head = Some(kind);
    }
    for e in entries(LAST) {
        words.entry(lower(e)).or_default().surname = true;
    }
    for e in entries(STOP) {
        words.entry(lower(e)).or_default().stop = true;
    }
    Lex {
        words: WordTable::new(words),
        phrases,
        max_words,
    }
}

impl Lex {
    /// What the lists say of `word` as written (any case). Titles and stop
    /// words are matched without a final period (`Sen.` → `sen`), the other
    /// lists with it (`U.S.` is a listed place as `u.s.`).
    pub fn info(&self, buf: &mut String, word: &str) -> WordInfo {
        let mut info = self.get(buf, word);
        if let Some(bare) = word.strip_suffix('.') {
            let bare = self.get(buf, bare);
            info.title = bare.title;
            info.stop = bare.stop;
        }
        info
    }

    /// What the lists say of `word` lower-cased: folded while hashed when
    /// it is plain ASCII, else lower-cased into `buf` first.
    fn get(&self, buf: &mut String, word: &str) -> WordInfo {
        let found = match self.words.get_folded(word) {
            Some(found) => found,
            None => {
                lower_into(buf, word);
                self.words.get(buf)
            }
        };
        found.copied().unwrap_or_default()
    }

    /// The title a word is (without its final period: `Sen.` → `sen`).
    pub fn title(&self, buf: &mut String, word: &str) -> Option<Title> {
        self.info(buf, word).title
    }

    /// `Some(gender)` for a known first name, the gender `None` when the
    /// name is given to both sexes.
    pub fn first_name(&self, buf: &mut String, word: &str) -> Option<Option<Gender>> {
        self.info(buf, word).first
    }

    /// The listed phrase of `n` words whose `k`th word has the number
    /// `id(k)` (see [`WordInfo::id`]). `id` is asked in order, and no more
    /// once a word is in no phrase: most names have such a word, and then
    /// cost neither the lookups of the words after it nor a probe.
    pub fn phrase_ids(&self, n: usize, id: impl FnMut(usize) -> u16) -> Option<Phrase> {
        if n == 0 || n > self.max_words {
            // No listed phrase is longer.
            return None;
        }
        self.phrases.get(&pack((0..n).map(id))?).copied()
    }

    /// A whole phrase, given as its words in any case.
    pub fn phrase_of<'w>(
        &self,
        buf: &mut String,
        words: impl Iterator<Item = &'w str>,
    ) -> Option<Phrase> {
        let key = pack(words.map(|w| self.info(buf, w).id))?;
        self.phrases.get(&key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_words_fit_the_packed_keys() {
        let l = lex();
        assert!(l.words.len() < usize::from(u16::MAX));
        assert!(l.max_words <= (u128::BITS / ID_BITS) as usize);
    }

    #[test]
    fn one_probe_answers_every_list() {
        let l = lex();
        let mut buf = String::new();
        let sen = l.info(&mut buf, "Sen.");
        assert!(sen.title.is_some() && sen.first.is_none());
        let mary = l.info(&mut buf, "MARY");
        assert_eq!(mary.first, Some(Some(Gender::Female)));
        assert!(l.info(&mut buf, "ministry").head.is_some());
        let ny = l.phrase_of(&mut buf, "new YORK Times".split(' '));
        assert_eq!(ny.map(|p| p.kind), Some(EntityType::Media));
        assert!(l.phrase_of(&mut buf, "New York Zzyzx".split(' ')).is_none());
        assert!(l.phrase_of(&mut buf, std::iter::empty()).is_none());
    }
}
