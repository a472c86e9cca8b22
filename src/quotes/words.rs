//! Word classes for the quote rules, from `data/cues.txt` and
//! `data/speaker-words.txt`: one lookup per token, done once per article.

use crate::lexicon;
use crate::model::{Token, TokenKind};
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

fn phrasal() -> &'static HashMap<&'static str, Particles> {
    static TABLE: OnceLock<HashMap<&'static str, Particles>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, Particles> = HashMap::default();
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
            for form in parts {
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
/// integer. Every word of every article is looked up, and about 60% of
/// them are listed (`the`, `of`, `said`), so a filter in front of the
/// lookup would reject little: the lookup itself has to be cheap. With the
/// key in a register, hashing and comparing take a few instructions each,
/// where a string key costs a byte loop for the hash and a `memcmp` per
/// probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// The key of an ASCII word as written, lower-cased on the way in:
    /// no `String` and no loop over characters for the common case. `None`
    /// when the word does not fit or holds a non-ASCII byte (the caller's
    /// slow path then also maps `’` to `'`).
    fn of_ascii(word: &str) -> Option<Key> {
        Key::of_ascii_at(word.as_bytes(), 0, word.len())
    }

    /// [`Key::of_ascii`] for the `len` bytes of `text` from `start`. Where
    /// the text goes on for 16 bytes, they are read in one load and the
    /// bytes after the word masked off, which saves a copy of variable
    /// length for every word of the article. (Inlined into the loop over
    /// every word: the call and the `Option` through memory cost a third.)
    #[inline(always)]
    fn of_ascii_at(text: &[u8], start: usize, len: usize) -> Option<Key> {
        if len == 0 || len > KEY_LEN {
            return None;
        }
        // Most words fit in eight bytes: one `u64` to load, mask and
        // lower-case instead of two.
        if let Some(window) = text.get(start..start + 8).filter(|_| len <= 8) {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(window);
            let x = u64::from_le_bytes(buf) & (LEN_MASK[len] as u64);
            return (x & HIGH_BITS == 0).then(|| Key(u128::from(ascii_lower(x))));
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

    fn hash(self) -> usize {
        // The FxHash multiply on the two halves folded together; its high
        // bits are the well-mixed ones.
        let folded = (self.0 as u64) ^ ((self.0 >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95) >> 32) as usize
    }
}

/// `0x0101…01`: one in every byte of a `u64`.
const BYTE_ONES: u64 = u64::MAX / 0xff;

/// The top bit of every byte: set in a byte that is not ASCII.
const HIGH_BITS: u64 = BYTE_ONES * 0x80;

/// `LEN_MASK[n]` keeps the low `n` bytes of a `u128`: a table, as a shift
/// of a `u128` by a variable amount is a dozen instructions with branches,
/// paid once per word of the article.
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

/// The word classes by [`Key`]: open addressing with linear probing in a
/// power-of-two array at most a quarter full, so that a probe for an
/// unlisted word meets an empty slot soon.
struct Table {
    slots: Vec<(Key, W)>,
    mask: usize,
}

impl Table {
    fn new(words: &HashMap<&'static str, W>) -> Table {
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut t = Table {
            slots: vec![(Key::EMPTY, W::default()); size],
            mask: size - 1,
        };
        for (word, &w) in words {
            if let Some(key) = Key::of_lower(word) {
                let mut i = key.hash() & t.mask;
                while t.slots[i].0 != Key::EMPTY {
                    i = (i + 1) & t.mask;
                }
                t.slots[i] = (key, w);
            }
        }
        t
    }

    fn get(&self, key: Key) -> W {
        let mut i = key.hash() & self.mask;
        loop {
            let (k, w) = self.slots[i];
            if k == key {
                return w;
            }
            if k == Key::EMPTY {
                return W::default();
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The classes of a word already lower-cased.
    fn get_lower(&self, lower: &str) -> W {
        Key::of_lower(lower).map_or(W::default(), |k| self.get(k))
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::new(&word_classes()))
}

/// `don’t` → `don't`, `Said` → `said`: a word as the lists spell it.
fn lower_key(word: &str, buf: &mut String) {
    buf.clear();
    buf.extend(word.chars().map(|c| match c {
        '’' => '\'',
        c => c.to_ascii_lowercase(),
    }));
}

/// The class bits of every token of an article.
pub fn classify(text: &str, tokens: &[Token]) -> Vec<W> {
    let table = table();
    let mut buf = String::new();
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if t.kind == TokenKind::Word {
                word_class(table, text, tokens, i, &mut buf)
            } else {
                W::default()
            }
        })
        .collect()
}

/// The classes of word token `i` (`buf`: room for the slow path).
// (Inlined into the loop over every token: a call costs a fifth of it.)
#[inline(always)]
fn word_class(table: &Table, text: &str, tokens: &[Token], i: usize, buf: &mut String) -> W {
    let Token { span, .. } = tokens[i];
    // A trailing period is no part of the word (`Sen.`, `said.`).
    let end = if span.end > span.start && text.as_bytes().get(span.end - 1) == Some(&b'.') {
        span.end - 1
    } else {
        span.end
    };
    let mut w = match Key::of_ascii_at(text.as_bytes(), span.start, end - span.start) {
        Some(key) => table.get(key),
        None => {
            lower_key(&text[span.start..end], buf);
            table.get_lower(buf)
        }
    };
    if end != span.end {
        // `according.` is no `according` (see [`W::ACCORDING`]).
        w.0 &= !W::ACCORDING.0;
    }
    if w.contains(W::PARTICLE_VERB) {
        w.0 &= !W::PARTICLE_VERB.0;
        lower_key(&text[span.start..end], buf);
        w = particle_cue(text, tokens.get(i + 1), buf, w);
    }
    // A capitalised verb is a name (`United States`, `Says`), not a
    // cue: reporting verbs are lower case in running text.
    if w.0 & W::CUES != 0 && text[span.start..end].starts_with(|c: char| c.is_uppercase()) {
        w.0 &= !W::CUES;
    }
    w
}

/// `shot back`, `talked about`: a verb form listed with a particle
/// (`lower`) is a cue spanning both tokens when that particle comes next.
fn particle_cue(text: &str, next: Option<&Token>, lower: &str, w: W) -> W {
    let next = next.map(|n| n.span.of(text));
    let found = phrasal()
        .get(lower)
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
    let w = match Key::of_ascii(word) {
        Some(key) => table().get(key),
        None => table().get_lower(&word.to_ascii_lowercase()),
    };
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
