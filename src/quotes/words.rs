//! Word classes for the quote rules, from `data/cues.txt` and
//! `data/speaker-words.txt`: one lookup per token, done once per article.

use crate::lexicon;
use crate::model::{Span, Token, TokenKind};
// FxHash: SipHash's DoS resistance buys nothing for a fixed, compiled-in
// key set. (The per-token lookup goes through `Table` below instead.)
use crate::entities::lex::HashMap;
use std::sync::OnceLock;

/// A set of word-class bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct W(u32);

impl W {
    pub const PRONOUN: W = W(1);
    pub const DET: W = W(1 << 1);
    pub const PREP: W = W(1 << 2);
    pub const RELATIVE: W = W(1 << 3);
    pub const AUX: W = W(1 << 4);
    pub const STOP: W = W(1 << 5);
    pub const TITLE: W = W(1 << 6);
    pub const DOC: W = W(1 << 7);
    pub const GROUP: W = W(1 << 8);
    pub const ORGN: W = W(1 << 9);
    pub const PERSONN: W = W(1 << 10);
    pub const TIME: W = W(1 << 16);
    /// Capitalised but no name on its own at the start of a run (`Like`,
    /// `Despite`, `Former`), from the entities stage's `names-stop.txt`.
    pub const NAMESTOP: W = W(1 << 17);
    /// A cue whose object is the content (`called for …`, `endorsed …`).
    pub const OBJECT: W = W(1 << 18);
    /// The verb of a phrasal cue with its particle next (`shot` of `shot
    /// back`): the cue spans both tokens.
    pub const PHRASAL: W = W(1 << 19);
    /// A verb form listed with a particle (`shot`): `classify` then looks
    /// at the next token.
    const PARTICLE_VERB: W = W(1 << 20);
    /// `according` (of `according to X`), as the token spells it with no
    /// trailing period: the indirect-speech rules ask every token of every
    /// sentence whether it is this word, and a bit set once per article
    /// answers that where a string comparison per token cost more than the
    /// rules themselves.
    pub const ACCORDING: W = W(1 << 21);
    /// Set on the table's entry for a listed word with a period after it
    /// (`said.`, `Sen.`), which a token has at the end of a sentence or an
    /// abbreviation: the word's classes, minus [`W::ACCORDING`] (see
    /// [`Table`]). Never left in a token's classes.
    const PERIOD: W = W(1 << 22);
    const CUE_SPEECH: W = W(1 << 11);
    const CUE_TELL: W = W(1 << 12);
    const CUE_BELIEF: W = W(1 << 13);
    const CUE_SHOW: W = W(1 << 14);
    const NEEDS_THAT: W = W(1 << 15);
    const CUES: u32 = (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14);

    /// Any cue class (see [`W::cue`]).
    pub const CUE: W = W(W::CUES);

    /// Whether `self` has any of the classes of `other`.
    pub fn contains(self, other: W) -> bool {
        self.0 & other.0 != 0
    }

    /// The classes of both, for masks built at compile time.
    pub const fn or(self, other: W) -> W {
        W(self.0 | other.0)
    }

    /// A cue that reports a clause only with `that` (`added that …`, but
    /// `added 300 jobs`).
    pub fn needs_that(self) -> bool {
        self.contains(W::NEEDS_THAT)
    }

    pub fn cue(self) -> Option<Cue> {
        if self.0 & W::CUES == 0 {
            None
        } else if self.contains(W::CUE_SPEECH) {
            Some(Cue::Speech)
        } else if self.contains(W::CUE_TELL) {
            Some(Cue::Tell)
        } else if self.contains(W::CUE_SHOW) {
            Some(Cue::Show)
        } else {
            Some(Cue::Belief)
        }
    }
}

impl std::ops::BitOr for W {
    type Output = W;

    /// The classes of either, as for the words of a whole sentence.
    fn bitor(self, other: W) -> W {
        W(self.0 | other.0)
    }
}

/// The classes of `data/cues.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// `said`, `added`, `warned`.
    Speech,
    /// `told CNN (that) …`: the hearer comes before the content.
    Tell,
    /// `believes`, `thinks`: a state of mind.
    Belief,
    /// `court papers showed`: a finding.
    Show,
}

/// Verb form → (particle, extra class bits), for the `phrasal` and `topic`
/// lines of `data/cues.txt`. A topic cue's object is what was said
/// (`talked about immigration`).
type Particles = Vec<(&'static str, W)>;

fn phrasal() -> &'static HashMap<Key, Particles> {
    static TABLE: OnceLock<HashMap<Key, Particles>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<Key, Particles> = HashMap::default();
        for line in lexicon::entries(include_str!("../../data/cues.txt")) {
            let mut parts = line.split_whitespace();
            let extra = match parts.next() {
                Some("phrasal") => W::default(),
                Some("topic") => W::OBJECT,
                _ => continue,
            };
            let Some(particle) = parts.next() else {
                continue;
            };
            for form in parts.filter_map(Key::of_lower) {
                t.entry(form).or_default().push((particle, extra));
            }
        }
        t
    })
}

/// The class bits of every listed word, merged from the three lists.
fn word_classes() -> HashMap<&'static str, W> {
    let mut t: HashMap<&'static str, W> = HashMap::default();
    for line in lexicon::entries(include_str!("../../data/cues.txt")) {
        let mut parts = line.split_whitespace();
        let class = match parts.next() {
            Some("speech") => W::CUE_SPEECH,
            Some("speech-that") => W(W::CUE_SPEECH.0 | W::NEEDS_THAT.0),
            Some("tell") => W::CUE_TELL,
            Some("belief") => W::CUE_BELIEF,
            Some("show") => W::CUE_SHOW,
            // Marked so that only these forms pay for the particle
            // lookup in `classify`.
            Some("phrasal" | "topic") => {
                for form in parts.skip(1) {
                    t.entry(form).or_default().0 |= W::PARTICLE_VERB.0;
                }
                continue;
            }
            _ => continue,
        };
        for form in parts {
            t.entry(form).or_default().0 |= class.0;
        }
    }
    for line in lexicon::entries(include_str!("../../data/names-stop.txt")) {
        t.entry(line).or_default().0 |= W::NAMESTOP.0;
    }
    t.entry("according").or_default().0 |= W::ACCORDING.0;
    let mut section = W::default();
    for line in lexicon::entries(include_str!("../../data/speaker-words.txt")) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name {
                "pronoun" => W::PRONOUN,
                "determiner" => W::DET,
                "preposition" => W::PREP,
                "relative" => W::RELATIVE,
                "aux" => W::AUX,
                "stop" => W::STOP,
                "title" => W::TITLE,
                "document" => W::DOC,
                "group" => W::GROUP,
                "org" => W::ORGN,
                "person" => W::PERSONN,
                "time" => W::TIME,
                "object" => W::OBJECT,
                _ => W::default(),
            };
            continue;
        }
        t.entry(line).or_default().0 |= section.0;
    }
    t
}

/// The longest word the class table holds: every listed word fits (a
/// unit test checks), so a longer token has no class.
const KEY_LEN: usize = 16;

/// A lower-cased word of at most [`KEY_LEN`] bytes, zero-padded into one
/// integer. Every word of every article is looked up, so the lookup has to
/// be cheap: with the key in a register, hashing and comparing take a few
/// instructions each, where a string key costs a byte loop for the hash
/// and a `memcmp` per probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct Key(u128);

impl Key {
    /// No word is empty, so the zero key marks an empty slot.
    const EMPTY: Key = Key(0);

    /// The key of a word already lower-cased, if it fits.
    fn of_lower(word: &str) -> Option<Key> {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > KEY_LEN {
            return None;
        }
        let mut buf = [0u8; KEY_LEN];
        buf[..bytes.len()].copy_from_slice(bytes);
        Some(Key(u128::from_le_bytes(buf)))
    }

    /// The key of a word as written: ASCII lower-cased and `’` read as
    /// `'` (`Don’t` → `don't`), as the lists spell words. `None` when that
    /// is empty or longer than [`KEY_LEN`]. (Built in place: no `String`.)
    fn of_word(word: &str) -> Option<Key> {
        let mut buf = [0u8; KEY_LEN];
        let mut n = 0;
        let mut rest = word.as_bytes();
        // (By bytes: `’` is the one char other than an ASCII capital that
        // changes, and lower-casing leaves the bytes of the others as
        // they are.)
        while let Some((&b, tail)) = rest.split_first() {
            let (byte, tail) = match rest {
                [0xe2, 0x80, 0x99, tail @ ..] => (b'\'', tail),
                _ => (b.to_ascii_lowercase(), tail),
            };
            *buf.get_mut(n)? = byte;
            n += 1;
            rest = tail;
        }
        (n > 0).then(|| Key(u128::from_le_bytes(buf)))
    }

    /// The key of an ASCII word as written, lower-cased, or `None` (see
    /// [`Key::of_ascii_at`]).
    fn of_ascii(word: &str) -> Option<Key> {
        Key::of_ascii_at(word.as_bytes(), 0, word.len())
    }

    /// The key of the `len` bytes of `text` from `start`, lower-cased,
    /// when they are ASCII and fit. Where the text goes on for 16 bytes,
    /// they are read in one load and the bytes after the word masked off,
    /// which saves a copy of variable length.
    fn of_ascii_at(text: &[u8], start: usize, len: usize) -> Option<Key> {
        if len == 0 || len > KEY_LEN {
            return None;
        }
        let x = match text.get(start..start + KEY_LEN) {
            Some(window) => {
                let mut buf = [0u8; KEY_LEN];
                buf.copy_from_slice(window);
                u128::from_le_bytes(buf) & LEN_MASK[len]
            }
            None => {
                let mut buf = [0u8; KEY_LEN];
                buf[..len].copy_from_slice(text.get(start..start + len)?);
                u128::from_le_bytes(buf)
            }
        };
        let (lo, hi) = (x as u64, (x >> 64) as u64);
        ((lo | hi) & HIGH_BITS == 0)
            .then(|| Key(u128::from(ascii_lower(lo)) | (u128::from(ascii_lower(hi)) << 64)))
    }

    /// The low half, for a word of at most eight bytes (whose high half
    /// is zero).
    fn short(self) -> Option<u64> {
        (self.0 >> 64 == 0).then_some(self.0 as u64)
    }

    fn hash(self) -> usize {
        // The FxHash multiply on the two halves folded together; its high
        // bits are the well-mixed ones.
        let folded = (self.0 as u64) ^ ((self.0 >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95) >> 32) as usize
    }
}

/// [`Key::hash`] of a key whose high half is zero.
#[inline(always)]
fn short_hash(short: u64) -> usize {
    (short.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95) >> 32) as usize
}

/// `0x0101…01`: one in every byte of a `u64`.
const BYTE_ONES: u64 = u64::MAX / 0xff;

/// The top bit of every byte: set in a byte that is not ASCII.
const HIGH_BITS: u64 = BYTE_ONES * 0x80;

/// `LEN_MASK[n]` keeps the low `n` bytes of a `u128`: a table, as a shift
/// of a `u128` by a variable amount is a dozen instructions with branches.
static LEN_MASK: [u128; KEY_LEN + 1] = {
    let mut masks = [0u128; KEY_LEN + 1];
    let mut n = 1;
    while n <= KEY_LEN {
        masks[n] = u128::MAX >> (8 * (KEY_LEN - n));
        n += 1;
    }
    masks
};

/// `A`–`Z` → `a`–`z` in all 8 bytes at once, for bytes below 0x80 (the
/// caller checked). Adding `0x80 - 'A'` to a byte sets its high bit iff the
/// byte is at least `A`; adding `0x80 - 'Z' - 1` iff it is above `Z`; no
/// sum reaches 0x100, so no byte carries into the next. Where the first is
/// set and the second not, the byte is upper case and gets the 0x20 bit.
fn ascii_lower(x: u64) -> u64 {
    let at_least_a = x + BYTE_ONES * u64::from(0x80 - b'A');
    let above_z = x + BYTE_ONES * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !above_z & HIGH_BITS;
    x | (upper >> 2)
}

/// The word classes by [`Key`], in two open-addressed tables with linear
/// probing, split by the key's length.
///
/// Words of up to eight bytes (two listed words in three, and most words
/// of a text) have their key in the low half: their slot holds that half
/// and the classes themselves, 16 bytes, so that a lookup reads one slot
/// (mostly one cache line), and a probe for an unlisted word (two words
/// in five) ends at the first slot that is empty. (An earlier layout sent
/// every word through an index into a separate array of entries: two
/// dependent loads, and the largest source of second-level cache misses
/// of the program, as the other stages evict the table between articles
/// and each article fetched it again, slots and entries.)
///
/// In front of the short words' slots, a bit per hash value (4 KB) tells
/// most unlisted words (two words in five, `Ukraine`, `budget`) from the
/// listed ones without touching the slots: the misses of a text are
/// spread over many more slots than its hits, which are mostly the same
/// few (`the`, `said`). On the PolNeAR dev texts it took a quarter off
/// the lookup's misses in a simulated 512 KB second-level cache, and it
/// saves more instructions than it costs.
///
/// Longer words go through small indices into `entries`: a 16-byte key
/// and its classes take 32 bytes, and they are few.
///
/// Besides every listed word, the table holds it with a period after it
/// (`said.`, marked [`W::PERIOD`]), so that the lookup of a token needs
/// no test for a trailing period, which one word in twenty has.
struct Table {
    /// Key and classes of each word of at most eight bytes, by hash; a
    /// zero key (no word's) marks an empty slot, with no class. (Arrays of
    /// fixed size: an index masked to them needs no bounds check.)
    short: Box<[(u64, W); SHORT_SLOTS]>,
    /// The number of words in `short`.
    short_words: usize,
    /// Bit [`filter_bit`] of each word in `short`.
    filter: Box<[u64; FILTER_BITS / 64]>,
    /// Index into `entries` of each longer word, by hash; 0, the index of
    /// the empty entry, marks an empty slot.
    slots: Box<[u16; SLOTS]>,
    /// `(Key::EMPTY, no class)` first, then every listed word longer than
    /// eight bytes.
    entries: Vec<(Key, W)>,
}

/// The number of slots of [`Table::short`], 64 KB: at least two for each
/// word (a unit test checks), so that a probe for an unlisted word mostly
/// meets an empty slot among the four of its cache line.
const SHORT_SLOTS: usize = 1 << 12;

/// The number of bits of [`Table::filter`]: about sixteen for each short
/// word, so that one unlisted word in sixteen gets past it.
const FILTER_BITS: usize = 1 << 15;

/// The bit of [`Table::filter`] for a short word's [`short_hash`]: bits of
/// the hash above those that pick its slot, so that two words in one slot
/// mostly have different bits.
fn filter_bit(hash: usize) -> usize {
    (hash / SHORT_SLOTS) % FILTER_BITS
}

/// The number of slots for the longer words: at least four for each (a
/// unit test checks).
const SLOTS: usize = 1 << 12;

impl Table {
    fn new(words: &HashMap<&'static str, W>) -> Table {
        let mut t = Table {
            short: Box::new([(0, W::default()); SHORT_SLOTS]),
            short_words: 0,
            filter: Box::new([0; FILTER_BITS / 64]),
            slots: Box::new([0; SLOTS]),
            entries: vec![(Key::EMPTY, W::default())],
        };
        // (Sorted, so that the layout does not depend on the order of a
        // hash map: a run is the same from one build to the next.)
        let mut sorted: Vec<_> = words.iter().collect();
        sorted.sort_by_key(|&(word, _)| *word);
        let mut with_period = String::new();
        for (word, &w) in sorted {
            with_period.clear();
            with_period.push_str(word);
            with_period.push('.');
            let period = W((w.0 & !W::ACCORDING.0) | W::PERIOD.0);
            t.insert(Key::of_lower(word), w);
            t.insert(Key::of_lower(&with_period), period);
        }
        t
    }

    fn insert(&mut self, key: Option<Key>, w: W) {
        let Some(key) = key else {
            return;
        };
        if let Some(short) = key.short() {
            // (A table more than half full would probe long; the unit
            // test that finds every word fails first.)
            if self.short_words >= SHORT_SLOTS / 2 {
                return;
            }
            self.short_words += 1;
            let mut i = short_hash(short);
            while self.short[i % SHORT_SLOTS].0 != 0 {
                i = i.wrapping_add(1);
            }
            let bit = filter_bit(short_hash(short));
            self.filter[bit / 64] |= 1 << (bit % 64);
            self.short[i % SHORT_SLOTS] = (short, w);
            return;
        }
        // (A table more than half full would probe long; the unit test
        // that finds every word fails first.)
        let index = self.entries.len();
        let Some(index) = u16::try_from(index).ok().filter(|_| index < SLOTS / 2) else {
            return;
        };
        let mut i = key.hash() % SLOTS;
        while self.slots[i] != 0 {
            i = (i + 1) % SLOTS;
        }
        self.slots[i] = index;
        self.entries.push((key, w));
    }

    /// The entry for `key`, [`W::PERIOD`] entries included.
    fn get(&self, key: Key) -> W {
        Probe::of(self).get(key)
    }

    /// The classes of the word `key` is made of, as a string: no word of
    /// the lists ends with a period, so an entry made for the period after
    /// a token is none of its.
    fn get_word(&self, key: Key) -> W {
        let w = self.get(key);
        if w.contains(W::PERIOD) {
            W::default()
        } else {
            w
        }
    }

    /// The classes of a word already lower-cased.
    #[cfg(test)]
    fn get_lower(&self, lower: &str) -> W {
        Key::of_lower(lower).map_or(W::default(), |k| self.get_word(k))
    }
}

/// The table's arrays, as the loop over every word holds them: from a
/// `static`, they would be loaded again after every call the loop makes.
#[derive(Clone, Copy)]
struct Probe<'t> {
    short: &'t [(u64, W); SHORT_SLOTS],
    filter: &'t [u64; FILTER_BITS / 64],
    slots: &'t [u16; SLOTS],
    entries: &'t [(Key, W)],
}

impl<'t> Probe<'t> {
    fn of(table: &'t Table) -> Probe<'t> {
        Probe {
            short: &table.short,
            filter: &table.filter,
            slots: &table.slots,
            entries: &table.entries,
        }
    }

    fn get(self, key: Key) -> W {
        match key.short() {
            Some(short) => self.get_short(short),
            None => self.get_long(key),
        }
    }

    /// The classes of a word of at most eight bytes, by the low half of
    /// its key.
    // (Inlined into the loop over every word, as `word_class` is.)
    #[inline(always)]
    fn get_short(self, short: u64) -> W {
        let mut i = short_hash(short);
        let bit = filter_bit(i);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return W::default();
        }
        loop {
            let (k, w) = self.short[i % SHORT_SLOTS];
            // An empty slot has no class.
            if k == short || k == 0 {
                return w;
            }
            i = i.wrapping_add(1);
        }
    }

    /// The classes of a word longer than eight bytes.
    #[inline(always)]
    fn get_long(self, key: Key) -> W {
        let mut i = key.hash();
        loop {
            let slot = self.slots[i % SLOTS];
            let Some(&(k, w)) = self.entries.get(usize::from(slot)) else {
                return W::default();
            };
            // An empty slot leads to the empty entry, whose key no word has.
            if k == key || k == Key::EMPTY {
                return w;
            }
            i = i.wrapping_add(1);
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::new(&word_classes()))
}

/// The class bits of every token of an article.
#[cfg(test)]
pub fn classify(text: &str, tokens: &[Token]) -> Vec<W> {
    let mut out = Vec::new();
    classify_into(text, tokens, &mut out, &mut Vec::new());
    out
}

/// [`classify`] into `out`, and into `cues` the index of every token whose
/// classes hold a cue or [`W::ACCORDING`], in order: both are cleared first
/// (and so may be kept from one article to the next).
///
/// The list is what the rules that hang on a cue walk: about one token in
/// fifty is on it, where a scan of a sentence's classes reads every token.
/// It costs nothing here, as every such word takes the rare path of
/// [`adjust_class`] anyway.
pub fn classify_into(text: &str, tokens: &[Token], out: &mut Vec<W>, cues: &mut Vec<usize>) {
    let table = table();
    let probe = Probe::of(table);
    out.clear();
    cues.clear();
    // (Filled with "no class" first and then written word by word: the
    // fill is one vectorised pass, and the loop keeps the table, the text
    // and the tokens in registers where a mapping closure reloaded them for
    // every token.)
    out.resize(tokens.len(), W::default());
    for (i, (t, w)) in tokens.iter().zip(out.iter_mut()).enumerate() {
        if t.kind == TokenKind::Word {
            *w = word_class(probe, table, text, tokens, i, t.span, cues);
        }
    }
}

/// The classes that need more than the table's answer: see
/// [`adjust_class`]. (With [`W::ACCORDING`], which needs nothing more but
/// goes on the list of cues that the rare path makes.)
const ADJUSTED: u32 = W::CUES | W::PARTICLE_VERB.0 | W::PERIOD.0 | W::ACCORDING.0;

/// The classes of the tokens [`classify_into`] lists.
const LISTED: u32 = W::CUES | W::ACCORDING.0;

/// `0x20` in every byte: the bit that makes an ASCII letter lower case.
const LOWER_BITS: u64 = BYTE_ONES * 0x20;

/// The classes of word token `i`, whose span is `span`.
// (Inlined into the loop over every token: a call costs a fifth of it.)
#[inline(always)]
fn word_class(
    probe: Probe,
    table: &Table,
    text: &str,
    tokens: &[Token],
    i: usize,
    span: Span,
    cues: &mut Vec<usize>,
) -> W {
    let bytes = text.as_bytes();
    let len = span.end.wrapping_sub(span.start);
    // Most words are ASCII and fit in eight bytes with their period, if
    // any, and most of the text goes on for eight bytes after them: one
    // load, a mask, a test for non-ASCII and a lower-casing of the eight
    // bytes at once make the key. Words of up to 16 bytes take two loads.
    // Everything else takes `slow_class`.
    //
    // Setting the 0x20 bit lower-cases a letter and changes no other byte
    // a word holds (digits, `'`, `` ` ``, `-`, `.`, `&`; a unit test checks
    // against segment), where `ascii_lower` takes three times the
    // instructions.
    let fast = if len.wrapping_sub(1) < 8 {
        short_key(bytes, span.start, len).map(|short| probe.get_short(short))
    } else if len.wrapping_sub(9) < 8 {
        long_key(bytes, span.start, len).map(|key| probe.get_long(key))
    } else {
        None
    };
    let w = match fast {
        Some(w) => w,
        None => slow_class(table, text, span),
    };
    // Cues, periods and particle verbs are about one word in twenty.
    if w.0 & ADJUSTED == 0 {
        return w;
    }
    let w = adjust_class(w, text, tokens, i);
    if w.0 & LISTED != 0 {
        cues.push(i);
    }
    w
}

/// The key of the `len` bytes from `start`, one to eight, lower-cased as
/// [`word_class`] says, as the low half of a [`Key`]: `None` when they are
/// not ASCII or the text ends within eight bytes of `start`.
#[inline(always)]
fn short_key(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
    let window = bytes.get(start..start + 8)?;
    let mask = u64::MAX >> (8 * (8 - len));
    let x = load(window) & mask;
    (x & HIGH_BITS == 0).then_some((x | LOWER_BITS) & mask)
}

/// [`short_key`] for nine to sixteen bytes, as a whole [`Key`].
#[inline(always)]
fn long_key(bytes: &[u8], start: usize, len: usize) -> Option<Key> {
    let window = bytes.get(start..start + 16)?;
    let (lo, hi) = window.split_at(8);
    let mask = u64::MAX >> (8 * (16 - len));
    let (lo, hi) = (load(lo), load(hi) & mask);
    let key = u128::from(lo | LOWER_BITS) | u128::from((hi | LOWER_BITS) & mask) << 64;
    ((lo | hi) & HIGH_BITS == 0).then_some(Key(key))
}

/// The first eight bytes of `bytes` (zero-padded) as a little-endian
/// integer.
#[inline(always)]
fn load(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(buf)
}

/// The classes of a word token that is long or not ASCII, or ends the
/// text: looked up without its trailing period, if any, which is then
/// marked [`W::PERIOD`] as the table's entries for the fast path are.
#[inline(never)]
fn slow_class(table: &Table, text: &str, span: Span) -> W {
    let bytes = text.as_bytes();
    let period = span.end > span.start && bytes.get(span.end - 1) == Some(&b'.');
    let end = span.end - usize::from(period);
    let key = match Key::of_ascii_at(bytes, span.start, end - span.start) {
        Some(key) => Some(key),
        None => text.get(span.start..end).and_then(Key::of_word),
    };
    let w = key.map_or(W::default(), |key| table.get_word(key));
    if period {
        W(w.0 | W::PERIOD.0)
    } else {
        w
    }
}

/// The classes of word token `i` where they depend on more than the word:
/// its case, its period, the next token.
#[inline(never)]
fn adjust_class(mut w: W, text: &str, tokens: &[Token], i: usize) -> W {
    let Some(&Token { span, upper, .. }) = tokens.get(i) else {
        return w;
    };
    if w.contains(W::PERIOD) {
        // `according.` is no `according` (see [`W::ACCORDING`]).
        w.0 &= !(W::ACCORDING.0 | W::PERIOD.0);
    }
    if w.contains(W::PARTICLE_VERB) {
        w.0 &= !W::PARTICLE_VERB.0;
        let word = span.of(text);
        let word = word.strip_suffix('.').unwrap_or(word);
        w = particle_cue(text, tokens.get(i + 1), word, w);
    }
    // A capitalised verb is a name (`United States`, `Says`), not a
    // cue: reporting verbs are lower case in running text. (`upper`: the
    // word's first char is upper case, as segment saw it.)
    if w.0 & W::CUES != 0 && upper {
        w.0 &= !W::CUES;
    }
    w
}

/// `shot back`, `talked about`: a verb form listed with a particle
/// (`word`, as written) is a cue spanning both tokens when that particle
/// comes next.
fn particle_cue(text: &str, next: Option<&Token>, word: &str, w: W) -> W {
    let next = next.map(|n| n.span.of(text));
    let found = Key::of_word(word)
        .and_then(|key| phrasal().get(&key))
        .and_then(|particles| particles.iter().find(|(p, _)| Some(*p) == next));
    match found {
        // Like `speech-that`: `went on a tour` reports nothing.
        Some((_, extra)) => W(w.0 | W::CUE_SPEECH.0 | W::NEEDS_THAT.0 | W::PHRASAL.0 | extra.0),
        None => w,
    }
}

/// `of`, `With`, `who`: a preposition or relative pronoun, in any ASCII
/// case (no `’` mapping: the caller reads names, not running text).
pub fn is_preposition_or_relative(word: &str) -> bool {
    // (The lower-casing of `Key::of_word` without its `’` mapping: the
    // caller reads names, not running text.)
    let key = Key::of_ascii(word).or_else(|| Key::of_lower(&word.to_ascii_lowercase()));
    let w = key.map_or(W::default(), |key| table().get_word(key));
    w.contains(W::PREP) || w.contains(W::RELATIVE)
}

/// Gender of a gendered person noun (`spokeswoman`, `father`).
pub fn noun_gender(word: &str) -> Option<crate::model::Gender> {
    use crate::model::Gender;
    let w = word.to_ascii_lowercase();
    if w.ends_with("woman")
        || matches!(
            w.as_str(),
            "mother"
                | "daughter"
                | "sister"
                | "wife"
                | "girl"
                | "grandmother"
                | "aunt"
                | "niece"
                | "queen"
                | "princess"
        )
    {
        Some(Gender::Female)
    } else if w.ends_with("man")
        || matches!(
            w.as_str(),
            "father"
                | "son"
                | "brother"
                | "husband"
                | "boy"
                | "grandfather"
                | "uncle"
                | "nephew"
                | "king"
                | "prince"
        )
    {
        Some(Gender::Male)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_fits_the_table() {
        let words = word_classes();
        let long: Vec<_> = words.keys().filter(|w| w.len() > KEY_LEN).collect();
        assert!(long.is_empty(), "too long for the class table: {long:?}");
        let t = table();
        assert!(t.entries.len() * 4 <= SLOTS, "{} entries", t.entries.len());
        let short = t.short.iter().filter(|(k, _)| *k != 0).count();
        assert_eq!(short, t.short_words);
        assert!(short * 2 < SHORT_SLOTS, "{short} short words");
        for (word, &w) in &words {
            assert_eq!(t.get_lower(word), w, "{word}");
        }
    }

    #[test]
    fn lookup_lower_cases_and_maps_the_curly_apostrophe() {
        let text = "Reporters SAID it’s over, the officials agree, Mr. Smith noted.";
        let seg = crate::segment::segment(text, &[]);
        let classes = classify(text, &seg.tokens);
        let class_of = |word: &str| {
            let i = seg.tokens.iter().position(|t| t.span.of(text) == word);
            classes[i.expect(word)]
        };
        assert!(class_of("the").contains(W::DET));
        assert!(class_of("it’s").contains(W::STOP));
        assert_eq!(class_of("noted").cue(), Some(Cue::Speech));
        // Capitalised, a cue word is no cue (`SAID` in a headline, `Says`).
        assert_eq!(class_of("SAID").cue(), None);
        assert!(class_of("Mr.").contains(W::TITLE));
        assert_eq!(class_of("Reporters"), table().get_lower("reporters"));
        assert_eq!(class_of("agree"), table().get_lower("agree"));
    }

    #[test]
    fn unlisted_and_overlong_words_have_no_class() {
        let t = table();
        assert_eq!(t.get_lower("zyzzyva"), W::default());
        assert_eq!(t.get_lower(""), W::default());
        assert_eq!(t.get_lower("internationalisation"), W::default());
        assert_eq!(Key::of_ascii("internationalisation"), None);
        assert_eq!(Key::of_ascii("Café"), None);
        assert_eq!(Key::of_ascii("SaiD"), Key::of_lower("said"));
    }

    #[test]
    fn a_trailing_period_is_no_part_of_the_word() {
        // `Sen.` mid-text takes the table's period entry; at the end of
        // the text, with no eight bytes to load, the slow path.
        let text = "Sen. Qwzx. Smith met Gov. Brown and Sen.";
        let seg = crate::segment::segment(text, &[]);
        let classes = classify(text, &seg.tokens);
        let words: Vec<_> = seg.tokens.iter().map(|t| t.span.of(text)).collect();
        assert_eq!(words.iter().filter(|&&w| w == "Sen.").count(), 2);
        for (word, &w) in words.iter().zip(&classes) {
            let stem = word.strip_suffix('.').unwrap_or(word);
            assert_eq!(w, table().get_lower(&stem.to_ascii_lowercase()), "{word}");
        }
        assert!(table().get_lower("sen").contains(W::TITLE));
        assert!(classes.iter().all(|w| !w.contains(W::PERIOD)));
        // A word given as a string never takes a period entry.
        assert_eq!(table().get_lower("sen."), W::default());
    }

    #[test]
    fn according_with_a_period_is_no_according() {
        // (Segment gives `according` no period; a token made by hand
        // checks both paths.)
        let listed = table().get_lower("according");
        assert!(listed.contains(W::ACCORDING));
        let without = W(listed.0 & !W::ACCORDING.0);
        for text in ["according.", "according. to the end of the text"] {
            let token = Token {
                span: Span::new(0, "according.".len()),
                kind: TokenKind::Word,
                upper: false,
                hyphen: false,
            };
            assert_eq!(classify(text, &[token]), [without], "{text}");
            let token = Token {
                span: Span::new(0, "according".len()),
                ..token
            };
            assert_eq!(classify(text, &[token]), [listed], "{text}");
        }
    }

    #[test]
    fn words_hold_no_byte_the_case_bit_would_change_but_capitals() {
        // `word_class` lower-cases by setting the 0x20 bit of every byte,
        // which is right only for bytes where it equals ASCII lower-casing:
        // segment must put no other into a word.
        for b in 1u8..0x80 {
            let c = char::from(b);
            for text in [format!("ab{c}cd"), format!("A{c}B"), format!("{c}x")] {
                let seg = crate::segment::segment(&text, &[]);
                for t in seg.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
                    for &byte in t.span.of(&text).as_bytes() {
                        assert_eq!(byte | 0x20, byte.to_ascii_lowercase(), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_keys_map_the_curly_apostrophe_and_keep_other_chars() {
        assert_eq!(Key::of_word("Don’t"), Key::of_lower("don't"));
        assert_eq!(Key::of_word("CAFÉ’S"), Key::of_lower("cafÉ's"));
        assert_eq!(Key::of_word("“Naïve”"), Key::of_lower("“naïve”"));
        assert_eq!(Key::of_word(""), None);
        assert_eq!(Key::of_word("ÉÉÉÉÉÉÉÉÉ"), None);
    }

    #[test]
    fn ascii_lower_changes_only_capitals() {
        let all: Vec<u8> = (0u8..0x80).collect();
        // Long and short words: one half or both halves of the key.
        for chunk in all.chunks(KEY_LEN).chain(all.chunks(5)) {
            let word = std::str::from_utf8(chunk).unwrap_or_default();
            let want = Key::of_lower(&word.to_ascii_lowercase());
            assert_eq!(Key::of_ascii(word), want, "{chunk:?}");
        }
    }
}
