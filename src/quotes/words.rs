//! Word classes for the quote rules, from `data/cues.txt` and
//! `data/speaker-words.txt`: one lookup per token, done once per article.

use crate::lexicon;
use crate::model::{Token, TokenKind};
// FxHash: one probe per token of every article; SipHash's DoS resistance
// buys nothing for a fixed, compiled-in key set.
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
    const CUE_SPEECH: W = W(1 << 11);
    const CUE_TELL: W = W(1 << 12);
    const CUE_BELIEF: W = W(1 << 13);
    const CUE_SHOW: W = W(1 << 14);
    const NEEDS_THAT: W = W(1 << 15);
    const CUES: u32 = (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14);

    pub fn contains(self, other: W) -> bool {
        self.0 & other.0 != 0
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

fn table() -> &'static HashMap<&'static str, W> {
    static TABLE: OnceLock<HashMap<&'static str, W>> = OnceLock::new();
    TABLE.get_or_init(|| {
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
    })
}

/// The class bits of every token of an article.
pub fn classify(text: &str, tokens: &[Token]) -> Vec<W> {
    let table = table();
    let phrasal = phrasal();
    let mut buf = String::new();
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if t.kind != TokenKind::Word {
                return W::default();
            }
            let word = t.span.of(text);
            let word = word.strip_suffix('.').unwrap_or(word);
            // Most tokens are already lower case: look them up as they are.
            let key: &str = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                buf.clear();
                buf.extend(word.chars().map(|c| match c {
                    '’' => '\'',
                    c => c.to_ascii_lowercase(),
                }));
                &buf
            } else {
                word
            };
            let mut w = table.get(key).copied().unwrap_or_default();
            let particle_verb = w.contains(W::PARTICLE_VERB);
            w.0 &= !W::PARTICLE_VERB.0;
            if let Some(particles) = phrasal.get(key).filter(|_| particle_verb) {
                let next = tokens.get(i + 1).map(|n| n.span.of(text));
                if let Some((_, extra)) = particles.iter().find(|(p, _)| Some(*p) == next) {
                    // Like `speech-that`: `went on a tour` reports nothing.
                    w.0 |= W::CUE_SPEECH.0 | W::NEEDS_THAT.0 | W::PHRASAL.0 | extra.0;
                }
            }
            // A capitalised verb is a name (`United States`, `Says`), not a
            // cue: reporting verbs are lower case in running text.
            if word.starts_with(|c: char| c.is_uppercase()) {
                W(w.0 & !W::CUES)
            } else {
                w
            }
        })
        .collect()
}

pub fn is_preposition(lower: &str) -> bool {
    table().get(lower).is_some_and(|w| w.contains(W::PREP))
}

pub fn is_relative(lower: &str) -> bool {
    table().get(lower).is_some_and(|w| w.contains(W::RELATIVE))
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
