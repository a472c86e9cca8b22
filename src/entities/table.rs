//! Hash tables for the short strings of the entities stage: words in,
//! small integers or lexicon entries out.
//!
//! * [`WordTable`] answers a lexicon lookup for a word *as written*
//!   (`Ukraine`, `SEN.`), hashing it case-folded eight bytes at a time, so
//!   a word needs neither a lower-cased copy nor UTF-8 validation of one:
//!   lower-casing before each probe used to be the largest cost of the
//!   stage.
//! * [`Interner`] numbers the exact strings of one article (lower-cased
//!   names, surnames, initials), so that coreference compares and sorts
//!   integers instead of text.
//!
//! Both use one hash, a multiply-rotate (FxHash-style) over 8-byte words:
//! keys are short and chosen by no adversary that could flood a table.
//! They do not remove entries, and they do not fold non-ASCII letters:
//! a word with one is lower-cased by the caller and looked up as is.

use super::lex::push_lower;

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// One step of the hash: the multiply-rotate of rustc's FxHash, which
/// `lex::FxHasher` uses too.
pub(crate) fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(K)
}

/// How many 8-byte words [`word_at`] reads of a string of `len` bytes.
fn word_count(len: usize) -> usize {
    len.div_ceil(8).max(1)
}

fn u32_at(s: &[u8], i: usize) -> u64 {
    s.get(i..i + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
}

fn u64_at(s: &[u8], i: usize) -> u64 {
    s.get(i..i + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// Word `k` of the words that together cover every byte of `s`: 8-byte
/// chunks, the last one overlapping the one before; a string shorter than
/// 8 bytes is read as one word of two overlapping halves (or its first,
/// middle and last bytes). No byte-by-byte loop for the tail, and two
/// strings of one length are equal exactly when all their words are.
fn word_at(s: &[u8], k: usize) -> u64 {
    let n = s.len();
    match n {
        8.. => u64_at(s, (8 * k).min(n - 8)),
        4..=7 => u32_at(s, 0) | u32_at(s, n - 4) << 32,
        1..=3 => u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
        0 => 0,
    }
}

/// Hash of a string exactly as it is.
pub(crate) fn hash(s: &[u8]) -> u64 {
    (0..word_count(s.len())).fold(mix(0, s.len() as u64), |h, k| mix(h, word_at(s, k)))
}

/// Lower-cases the ASCII letters of a word of ASCII bytes (high bits
/// clear): a byte from `A` to `Z` gains 0x20.
fn fold_ascii(w: u64) -> u64 {
    // Adding 0x3f (0x25) sets a byte's high bit when it is at least `A`
    // (past `Z`); ASCII bytes cannot carry into their neighbours.
    let ge_a = w.wrapping_add(0x3f * LO);
    let gt_z = w.wrapping_add(0x25 * LO);
    w | ((ge_a & !gt_z & HI) >> 2)
}

/// Whether a word's bytes are all ASCII and none is a backtick.
fn plain(w: u64) -> bool {
    // A zero byte of `w ^ 0x60…` is a backtick (zero padding is not).
    let tick = w ^ (0x60 * LO);
    w & HI == 0 && tick.wrapping_sub(LO) & !tick & HI == 0
}

/// [`hash`] of the word the lexicons file `s` under (ASCII letters lower
/// case), or `None` when `s` has a non-ASCII byte or a backtick, which
/// lower-casing maps to other text (`’` and `` ` `` become `'`).
pub(crate) fn folded_hash(s: &[u8]) -> Option<u64> {
    let mut h = mix(0, s.len() as u64);
    for k in 0..word_count(s.len()) {
        let w = word_at(s, k);
        if !plain(w) {
            return None;
        }
        h = mix(h, fold_ascii(w));
    }
    Some(h)
}

/// Whether `word` (ASCII, no backtick: see [`folded_hash`]) lower-cased is
/// `lower`, compared eight bytes at a time.
fn eq_folded(word: &[u8], lower: &[u8]) -> bool {
    word.len() == lower.len()
        && (0..word_count(word.len())).all(|k| fold_ascii(word_at(word, k)) == word_at(lower, k))
}

/// Slot of a hash in a table of `1 << bits` slots: the high bits, where a
/// multiplicative hash mixes best.
fn home(h: u64, bits: u32) -> usize {
    (h >> (64 - bits)) as usize
}

/// The words [`word_at`] reads of a key of up to 16 bytes (the second
/// zero when one covers it): two such keys of one length are equal exactly
/// when these are, so a probe compares two integers instead of text.
fn short_words(s: &[u8]) -> [u64; 2] {
    [word_at(s, 0), if s.len() > 8 { word_at(s, 1) } else { 0 }]
}

/// Longest key held as [`short_words`].
const SHORT: usize = 16;

/// [`folded_hash`] and the [`short_words`] of a word of up to [`SHORT`]
/// bytes lower-cased, folded once for both; `None` as for `folded_hash`.
fn short_folded(w: &[u8]) -> Option<(u64, [u64; 2])> {
    let [a, b] = short_words(w);
    if !plain(a) || !plain(b) {
        return None;
    }
    let words = [fold_ascii(a), fold_ascii(b)];
    let h = mix(mix(0, w.len() as u64), words[0]);
    let h = if w.len() > 8 { mix(h, words[1]) } else { h };
    Some((h, words))
}

/// One key of a [`WordTable`] and its value.
struct Entry<V> {
    hash: u64,
    /// The key's [`short_words`] when it has at most [`SHORT`] bytes.
    words: [u64; 2],
    /// Byte range of the key in the table's text.
    from: u32,
    to: u32,
    value: V,
}

/// A read-only map from lower-case words to values, probed with words in
/// any case. Built once from a finished map (see [`WordTable::new`]).
pub(crate) struct WordTable<V> {
    /// Open addressing with linear probing: entry number + 1, 0 for empty.
    slots: Vec<u32>,
    bits: u32,
    entries: Vec<Entry<V>>,
    /// The keys end to end, read only for keys longer than [`SHORT`]:
    /// nearly every probe is settled by its slot and entry alone.
    text: String,
}

impl<V> WordTable<V> {
    /// A table of the given (lower-case) keys; later duplicates are dropped.
    pub fn new(pairs: impl IntoIterator<Item = (String, V)>) -> Self {
        let pairs: Vec<(String, V)> = pairs.into_iter().collect();
        // At most half full, so probes stay short.
        let bits = (pairs.len() * 2)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut t = WordTable {
            slots: vec![0; 1 << bits],
            bits,
            entries: Vec::with_capacity(pairs.len()),
            text: String::new(),
        };
        for (key, value) in pairs {
            let h = hash(key.as_bytes());
            if t.find(h, |e| t.key(e) == key.as_bytes()).is_some() {
                continue;
            }
            let from = t.text.len();
            t.text.push_str(&key);
            let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(t.text.len())) else {
                // Past 4 GB of keys: not a word list this table is for.
                break;
            };
            let n = u32::try_from(t.entries.len() + 1).unwrap_or(u32::MAX);
            let words = if key.len() <= SHORT {
                short_words(key.as_bytes())
            } else {
                [0; 2]
            };
            t.entries.push(Entry {
                hash: h,
                words,
                from,
                to,
                value,
            });
            let mut slot = home(h, bits);
            while t.slots[slot] != 0 {
                slot = (slot + 1) & ((1 << bits) - 1);
            }
            t.slots[slot] = n;
        }
        t
    }

    /// The key of an entry.
    fn key(&self, e: &Entry<V>) -> &[u8] {
        self.text
            .as_bytes()
            .get(e.from as usize..e.to as usize)
            .unwrap_or(&[])
    }

    /// The entry with hash `h` that `same` accepts.
    fn find(&self, h: u64, same: impl Fn(&Entry<V>) -> bool) -> Option<&V> {
        let mask = (1 << self.bits) - 1;
        let mut slot = home(h, self.bits);
        loop {
            let n = *self.slots.get(slot)?;
            let e = self.entries.get((n as usize).checked_sub(1)?)?;
            if e.hash == h && same(e) {
                return Some(&e.value);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The value of a key already in lower case.
    pub fn get(&self, lower: &str) -> Option<&V> {
        self.find(hash(lower.as_bytes()), |e| self.key(e) == lower.as_bytes())
    }

    /// The value of `word` lower-cased, when that needs no more than ASCII
    /// letters lowered: `Some(found)`; `None` when the caller has to
    /// lower-case the word itself and use [`WordTable::get`].
    pub fn get_folded(&self, word: &str) -> Option<Option<&V>> {
        let w = word.as_bytes();
        if w.len() > SHORT {
            let h = folded_hash(w)?;
            return Some(self.find(h, |e| eq_folded(w, self.key(e))));
        }
        // Most words: folded once, and compared as the two numbers the
        // entry holds, without reading the key's text.
        let (h, words) = short_folded(w)?;
        Some(self.find(h, |e| {
            e.words == words && (e.to - e.from) as usize == w.len()
        }))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Numbers the distinct strings of one article, in order of first sight.
/// Reused from article to article (see [`Interner::clear`]).
#[derive(Default)]
pub(crate) struct Interner {
    slots: Vec<u32>,
    bits: u32,
    /// Hash and byte range in `text` of each string, by number, and its
    /// [`short_words`] if it has at most [`SHORT`] bytes (zeros if not).
    keys: Vec<(u64, (usize, usize), [u64; 2])>,
    text: String,
}

impl Interner {
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = 0);
        self.keys.clear();
        self.text.clear();
    }

    /// The string numbered `id`.
    pub fn str(&self, id: u32) -> &str {
        let r = self.keys.get(id as usize).map_or((0, 0), |k| k.1);
        self.text.get(r.0..r.1).unwrap_or("")
    }

    /// The number of the string of hash `h` that `same` accepts (given
    /// its byte range and short words), or the empty slot where it would go.
    fn find(&self, h: u64, same: impl Fn((usize, usize), [u64; 2]) -> bool) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = (1 << self.bits) - 1;
        let mut slot = home(h, self.bits);
        loop {
            let Some(n) = self.slots.get(slot).and_then(|&n| n.checked_sub(1)) else {
                return Err(slot);
            };
            if let Some(&(kh, range, words)) = self.keys.get(n as usize) {
                if kh == h && same(range, words) {
                    return Ok(n);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The number of `s`, if the article has filed it.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.find(hash(s.as_bytes()), |r, _| self.text(r) == s.as_bytes())
            .ok()
    }

    /// The bytes of `text` in `range`.
    fn text(&self, (a, b): (usize, usize)) -> &[u8] {
        self.text.as_bytes().get(a..b).unwrap_or(&[])
    }

    /// The number of the string `write` appends to the interner's text,
    /// which is kept if new and taken back if not: callers lower-case or
    /// abbreviate straight into the table instead of into a buffer first.
    pub fn add_with(&mut self, write: impl FnOnce(&mut String)) -> u32 {
        let from = self.text.len();
        write(&mut self.text);
        let new = self.text.as_bytes().get(from..).unwrap_or(&[]);
        let h = hash(new);
        let found = self.find(h, |r, _| self.text(r) == new);
        match found {
            Ok(n) => {
                self.text.truncate(from);
                n
            }
            Err(slot) => self.file(h, from, slot),
        }
    }

    pub fn add(&mut self, s: &str) -> u32 {
        self.add_with(|t| t.push_str(s))
    }

    /// The number of `s` lower-cased as [`push_lower`] does it. An ASCII
    /// `s` (nearly every name) is hashed and compared case-folded, and
    /// copied only the first time it is seen.
    pub fn add_lower(&mut self, s: &str) -> u32 {
        let w = s.as_bytes();
        let found = if w.len() <= SHORT {
            // Most names: folded once and compared as two numbers, as in
            // `WordTable::get_folded`.
            let Some((h, words)) = short_folded(w) else {
                return self.add_with(|t| push_lower(t, s));
            };
            (h, self.find(h, |r, k| k == words && r.1 - r.0 == w.len()))
        } else {
            let Some(h) = folded_hash(w) else {
                return self.add_with(|t| push_lower(t, s));
            };
            (h, self.find(h, |r, _| eq_folded(w, self.text(r))))
        };
        match found.1 {
            Ok(n) => n,
            Err(slot) => {
                let from = self.text.len();
                push_lower(&mut self.text, s);
                self.file(found.0, from, slot)
            }
        }
    }

    /// Numbers the new string `text[from..]` of hash `h`, which [`find`]
    /// would put in `slot`.
    fn file(&mut self, h: u64, from: usize, slot: usize) -> u32 {
        let n = self.keys.len();
        let range = (from, self.text.len());
        let key = self.text(range);
        let words = if key.len() <= SHORT {
            short_words(key)
        } else {
            [0; 2]
        };
        self.keys.push((h, range, words));
        if self.keys.len() * 2 > self.slots.len() {
            self.grow();
        } else if let Some(s) = self.slots.get_mut(slot) {
            *s = n as u32 + 1;
        }
        n as u32
    }

    /// Doubles the slots (at least 64) and files every key again.
    fn grow(&mut self) {
        self.bits = (self.slots.len() * 2).max(64).trailing_zeros();
        self.slots.clear();
        self.slots.resize(1 << self.bits, 0);
        let mask = (1 << self.bits) - 1;
        for (n, &(h, _, _)) in self.keys.iter().enumerate() {
            let mut slot = home(h, self.bits);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = n as u32 + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_lower_casing_of_ascii() {
        for w in [
            "Ukraine",
            "SEN.",
            "u.s.",
            "New-York",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{",
        ] {
            let folded = folded_hash(w.as_bytes());
            if w.contains('`') {
                assert_eq!(folded, None);
            } else {
                assert_eq!(folded, Some(hash(w.to_ascii_lowercase().as_bytes())), "{w}");
            }
        }
        assert_eq!(folded_hash("Zoë".as_bytes()), None);
        for w in [
            "",
            "a",
            "Kerry",
            "Ukraine",
            "New-York",
            "Kharkiv Oblast",
            "SECRETARIES",
        ] {
            let lower = w.to_ascii_lowercase();
            let expected = (hash(lower.as_bytes()), short_words(lower.as_bytes()));
            assert_eq!(short_folded(w.as_bytes()), Some(expected), "{w}");
        }
        assert_eq!(short_folded("Zoë".as_bytes()), None);
    }

    #[test]
    fn word_table_finds_keys_in_any_case() {
        let t = WordTable::new([("kyiv".to_string(), 1), ("sen.".to_string(), 2)]);
        assert_eq!(t.get_folded("KYIV"), Some(Some(&1)));
        assert_eq!(t.get_folded("Sen."), Some(Some(&2)));
        assert_eq!(t.get_folded("Sen"), Some(None));
        assert_eq!(t.get("kyiv"), Some(&1));
        assert_eq!(t.get_folded("Kyïv"), None);
    }

    #[test]
    fn interner_numbers_each_string_once() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..200).map(|n| format!("word{n}")).collect();
        let ids: Vec<u32> = words.iter().map(|w| i.add(w)).collect();
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(i.add(w), id);
            assert_eq!(i.get(w), Some(id));
            assert_eq!(i.str(id), w);
        }
        assert_eq!(i.get("Word1"), None);
        i.clear();
        assert_eq!(i.get("word1"), None);
        assert_eq!(i.add("x"), 0);
    }

    #[test]
    fn interner_files_names_lower_cased() {
        let mut i = Interner::default();
        let long = "International Institute";
        let ids = [i.add_lower("Kerry"), i.add_lower(long), i.add_lower("Zoë")];
        assert_eq!(i.add_lower("KERRY"), ids[0]);
        assert_eq!(i.add("kerry"), ids[0]);
        assert_eq!(i.get("international institute"), Some(ids[1]));
        assert_eq!(i.add_lower("INTERNATIONAL INSTITUTE"), ids[1]);
        assert_eq!(i.add_lower("ZOË"), ids[2]);
        assert_eq!(i.str(ids[2]), "zoë");
        assert_ne!(i.add_lower("Kerr"), ids[0]);
    }
}
