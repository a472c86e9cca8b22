//! Speaker comparison for `whosaid eval`: a gold speaker (name or
//! description, plus the mention it was annotated on) and a predicted speaker
//! string in, right or wrong out.
//!
//! Both sides are normalised alike: case-folded, possessive `'s` and
//! punctuation dropped, titles before a name dropped (`Sen. Marco Rubio` →
//! `marco rubio`). A prediction is right when the words are equal; when its
//! words are a subset of the gold's holding the gold's head word (`Rubio` for
//! `Marco Rubio`); when the gold's words are a subset of its words and both
//! have the same head word (`Sen. Marco Rubio of Florida` for `Marco Rubio`,
//! but not `a longtime adviser to Trump` for `Trump`); or when it is a
//! contiguous part of the gold mention holding the mention's head word. A bare
//! pronoun is never right.
//!
//! It does not resolve anything: `the president` is not `Barack Obama` here
//! unless the gold mention says so.

use crate::lexicon;
use std::collections::HashSet;
use std::sync::LazyLock;

const TITLES_LIST: &str = include_str!("../../data/eval-titles.txt");
const HEAD_STOPS_LIST: &str = include_str!("../../data/eval-head-stops.txt");
const PRONOUNS_LIST: &str = include_str!("../../data/eval-pronouns.txt");

struct Lists {
    titles: HashSet<String>,
    suffixes: HashSet<String>,
    head_stops: HashSet<&'static str>,
    pronouns: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut titles = HashSet::new();
    let mut suffixes = HashSet::new();
    for e in lexicon::entries(TITLES_LIST) {
        match e.strip_prefix("suffix:") {
            Some(s) => suffixes.insert(s.to_lowercase()),
            None => titles.insert(e.to_lowercase().replace('.', "")),
        };
    }
    Lists {
        titles,
        suffixes,
        head_stops: lexicon::entries(HEAD_STOPS_LIST).collect(),
        pronouns: lexicon::entries(PRONOUNS_LIST).collect(),
    }
});

/// One word of a speaker string.
#[derive(Debug, Clone)]
struct Word {
    /// Case-folded, possessive and punctuation dropped (`Ukraine's` → `ukraine`).
    norm: String,
    /// Lower-cased with only outer punctuation trimmed: `U.S.` stays `u.s`,
    /// so it is not taken for the pronoun `us`.
    bare: String,
    /// Begins with an upper-case letter or a digit.
    capital: bool,
    /// Written with a final period (`Sen.`).
    abbreviated: bool,
    /// A comma, parenthesis, colon, semicolon or spaced dash comes before it:
    /// the end of the head phrase (`Bob Mulholland, a superdelegate`).
    after_break: bool,
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '/')
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            return stem;
        }
    }
    // Plural possessive: `officials'`.
    w.strip_suffix(['\'', '’']).unwrap_or(w)
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut pending_break = false;
    for chunk in text.split_whitespace() {
        // A dash standing alone (`Obama — who …`) breaks like a comma.
        if chunk.chars().all(|c| is_dash(c) || !c.is_alphanumeric()) {
            if chunk
                .chars()
                .any(|c| is_dash(c) || matches!(c, ',' | ';' | ':' | '(' | ')'))
            {
                pending_break = true;
            }
            continue;
        }
        // Hyphenated words count as their parts (`right-hand woman`).
        for part in chunk.split(is_dash) {
            let opens_break = part.starts_with('(');
            let closes_break = part.ends_with([',', ';', ':', ')', '(']);
            let abbreviated = part.trim_end_matches([',', ';', ':', ')']).ends_with('.');
            let bare = part.trim_matches(|c: char| !c.is_alphanumeric());
            // Keep a trailing apostrophe for the possessive test (`officials'`).
            let core = part.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
            let stem = strip_possessive(core);
            let norm: String = stem
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            let bare = bare.to_lowercase();
            let capital = stem
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
            if norm.is_empty() {
                pending_break |= opens_break || closes_break;
                continue;
            }
            out.push(Word {
                norm,
                bare,
                capital,
                abbreviated,
                after_break: pending_break || opens_break,
            });
            pending_break = closes_break;
        }
    }
    out
}

/// A speaker string made ready for comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Speaker {
    /// Normalised words, titles and suffixes dropped.
    pub words: Vec<String>,
    /// The head word: the surname of a name, the head noun of a description.
    pub head: Option<String>,
    /// Every word is a personal pronoun (`he`, `They`): names nobody.
    pub pronoun: bool,
}

impl Speaker {
    pub fn new(text: &str) -> Speaker {
        let ws = words(text);
        let lists = &*LISTS;
        let pronoun = !ws.is_empty() && ws.iter().all(|w| lists.pronouns.contains(w.bare.as_str()));
        // Titles go where a name follows them (`President Obama`) or where
        // they are written abbreviated (`Sen.`); a title at the end or before
        // a lower-case word is the head of a description (`the president`,
        // `the senator from Texas`) and stays.
        let mut kept: Vec<&Word> = Vec::with_capacity(ws.len());
        for (i, w) in ws.iter().enumerate() {
            let next = ws.get(i + 1);
            let is_title = lists.titles.contains(&w.norm);
            let before_name = next.is_some_and(|n| n.capital && !n.after_break);
            let is_suffix =
                lists.suffixes.contains(&w.norm) && i > 0 && next.is_none_or(|n| n.after_break);
            if (is_title && next.is_some() && (before_name || w.abbreviated)) || is_suffix {
                continue;
            }
            kept.push(w);
        }
        let head = head_word(&kept).map(|w| w.norm.clone());
        Speaker {
            words: kept.iter().map(|w| w.norm.clone()).collect(),
            head,
            pronoun,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The last word of the head phrase: the phrase ends at a break (comma,
/// parenthesis) or at a preposition or relative word, so
/// `an officer with Ukraine's security service` → `officer` and
/// `Bob Mulholland, a California superdelegate` → `mulholland`.
///
/// `of` between capitalised words is part of a name or title
/// (`Secretary of State John Kerry`, `Bank of America`) unless a name of two
/// or more words comes before it (`Marco Rubio of Florida` → `rubio`).
fn head_word<'w>(ws: &[&'w Word]) -> Option<&'w Word> {
    let lists = &*LISTS;
    let mut end = ws.len();
    for (i, w) in ws.iter().enumerate().skip(1) {
        if w.after_break {
            end = i;
            break;
        }
        if w.capital || !lists.head_stops.contains(w.norm.as_str()) {
            continue;
        }
        if w.norm == "of" {
            let prev = &ws[i - 1];
            let next_capital = ws.get(i + 1).is_some_and(|n| n.capital);
            let before: Vec<_> = ws[..i]
                .iter()
                .filter(|x| !matches!(x.norm.as_str(), "the" | "a" | "an"))
                .collect();
            let single_or_title = before.len() == 1 || lists.titles.contains(&prev.norm);
            if prev.capital && next_capital && single_or_title {
                continue;
            }
        }
        end = i;
        break;
    }
    ws[..end].last().copied()
}

/// Is `pred` a right speaker for a gold speaker `gold` annotated on the text
/// `mention`? (Gold speakers that are pronouns are scored apart by the
/// caller; an empty prediction is never right here.)
pub fn right(gold: &Speaker, mention: &Speaker, pred: &Speaker) -> bool {
    if pred.is_empty() || pred.pronoun {
        return false;
    }
    if pred.words == gold.words {
        return true;
    }
    if let Some(head) = &gold.head {
        let has = |s: &Speaker, w: &str| s.words.iter().any(|x| x == w);
        let subset = |a: &Speaker, b: &Speaker| a.words.iter().all(|w| has(b, w));
        // A prediction with more words than the gold must be about the same
        // head: `Sen. Marco Rubio of Florida` is Rubio, but
        // `a longtime adviser to Trump` is not Trump, though it holds his name.
        if subset(gold, pred) && pred.head.as_ref() == Some(head) {
            return true;
        }
        if subset(pred, gold) && has(pred, head) {
            return true;
        }
    }
    if let Some(head) = &mention.head {
        let n = pred.words.len();
        if n > 0 && n <= mention.words.len() {
            let contiguous = mention.words.windows(n).any(|w| w == pred.words.as_slice());
            if contiguous && pred.words.iter().any(|w| w == head) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(gold: &str, pred: &str) -> bool {
        right(
            &Speaker::new(gold),
            &Speaker::new(gold),
            &Speaker::new(pred),
        )
    }

    #[test]
    fn normalises_titles_possessives_and_case() {
        assert_eq!(Speaker::new("Sen. Marco Rubio").words, ["marco", "rubio"]);
        assert_eq!(
            Speaker::new("President Barack Obama's").words,
            ["barack", "obama"]
        );
        assert_eq!(
            Speaker::new("Dr. Jane O'Neil, Jr.").words,
            ["jane", "oneil"]
        );
        // A title at the end, or before a lower-case word, is the head.
        assert_eq!(Speaker::new("the president").words, ["the", "president"]);
        assert_eq!(
            Speaker::new("the senator from Texas").head.as_deref(),
            Some("senator")
        );
    }

    #[test]
    fn head_words() {
        let head = |s: &str| Speaker::new(s).head;
        assert_eq!(head("Marco Rubio").as_deref(), Some("rubio"));
        assert_eq!(
            head("an officer with Ukraine's security service").as_deref(),
            Some("officer")
        );
        assert_eq!(
            head("Bob Mulholland, a California superdelegate").as_deref(),
            Some("mulholland")
        );
        assert_eq!(
            head("Secretary of State John Kerry").as_deref(),
            Some("kerry")
        );
        assert_eq!(
            head("Sen. Marco Rubio of Florida").as_deref(),
            Some("rubio")
        );
        assert_eq!(
            head("Hillary Clinton’s right-hand woman").as_deref(),
            Some("woman")
        );
        assert_eq!(
            head("a source familiar with the talks").as_deref(),
            Some("source")
        );
        assert_eq!(
            head("the president of Mexico").as_deref(),
            Some("president")
        );
    }

    #[test]
    fn names() {
        assert!(ok("Marco Rubio", "Sen. Marco Rubio"));
        assert!(ok("Sen. Marco Rubio", "Marco Rubio"));
        assert!(ok("Marco Rubio", "Rubio"));
        assert!(ok("Marco Rubio", "MARCO RUBIO."));
        // The first name alone lacks the head word.
        assert!(!ok("Marco Rubio", "Marco"));
        assert!(!ok("Marco Rubio", "Ted Cruz"));
        // More words than gold, holding all of it, same head: right.
        assert!(ok("Rubio", "Marco Rubio of Florida"));
        assert!(ok("Trump", "Republican nominee Donald Trump"));
        // Holding the gold's name as a modifier only: wrong.
        assert!(!ok("Trump", "a longtime adviser to Trump"));
        assert!(!ok("Obama", "Former Obama spokesman Robert Gibbs"));
        assert!(!ok("Sanders", "Mr. Sanders's campaign"));
    }

    #[test]
    fn descriptions() {
        assert!(ok("officials", "Mexican officials"));
        assert!(!ok("Mexican officials", "Mexican"));
        let gold = "an officer with Ukraine's security service";
        assert!(ok(gold, "officer"));
        assert!(ok(gold, "an officer with Ukraine’s security service"));
        assert!(!ok(gold, "Ukraine's security service"));
        assert!(!ok(gold, "security service"));
    }

    #[test]
    fn mention_part_with_its_head() {
        // Gold resolved by coreference; the mention says `the former secretary`.
        let gold = Speaker::new("Hillary Clinton");
        let mention = Speaker::new("the former secretary of state");
        assert!(right(&gold, &mention, &Speaker::new("former secretary")));
        assert!(!right(&gold, &mention, &Speaker::new("state")));
        assert!(right(&gold, &mention, &Speaker::new("Clinton")));
    }

    #[test]
    fn pronouns_and_empty() {
        assert!(Speaker::new("He").pronoun);
        assert!(Speaker::new("they").pronoun);
        assert!(!Speaker::new("U.S.").pronoun);
        assert!(!Speaker::new("Trump").pronoun);
        // A pronoun prediction is never right, even against pronoun gold.
        assert!(!ok("he", "he"));
        assert!(!ok("Marco Rubio", ""));
        assert!(!ok("Marco Rubio", "  "));
    }
}
