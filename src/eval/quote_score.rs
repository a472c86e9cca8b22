//! Quote scoring for one article: gold quotes and predicted quotes in, counts
//! (quote, exact-span, end-to-end, speaker accuracy) and error cases out.
//!
//! Matching runs once over all gold and all predictions of the article, across
//! kinds (a prediction labelled `indirect` can find a gold `mixed` quote), so
//! every view below counts the same pairs. A view over gold kinds K (the
//! `--kinds` scope, or one kind's row) then counts:
//! * gold: the gold quotes of a kind in K; found: those matched;
//! * predictions: those matched to gold in K, plus the unmatched ones whose
//!   mapped kind (`direct`→direct, `partial`→mixed, `indirect`→indirect) is
//!   in K. A prediction matched to gold outside K found a real quote of a kind
//!   not being scored: it is neither right nor wrong here. This keeps
//!   precision meaningful under `--kinds direct`: a run is not charged for
//!   the indirect speech it found, and not credited for guessing wildly.
//!
//! Per-kind rows count recall by gold kind and precision by the prediction's
//! mapped kind, so their hit counts can differ (`found` vs `correct`).

use super::gold::{GoldKind, GoldQuote};
use super::matching::{greedy, invert, quote_match, Counts, Share};
use super::pred::PredQuote;
use super::speaker::{self, Speaker};
use super::{Case, CaseClass, Side};
use crate::model::QuoteKind;

/// The gold kinds being scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope([bool; 3]);

impl Scope {
    pub fn new(kinds: &[GoldKind]) -> Scope {
        let mut on = [kinds.is_empty(); 3];
        for k in kinds {
            on[k.index()] = true;
        }
        Scope(on)
    }

    pub fn contains(&self, k: GoldKind) -> bool {
        self.0[k.index()]
    }

    pub fn kinds(&self) -> impl Iterator<Item = GoldKind> + '_ {
        GoldKind::ALL.into_iter().filter(|k| self.contains(*k))
    }
}

pub fn mapped(kind: QuoteKind) -> GoldKind {
    match kind {
        QuoteKind::Direct => GoldKind::Direct,
        QuoteKind::Partial => GoldKind::Mixed,
        QuoteKind::Indirect => GoldKind::Indirect,
    }
}

/// Gold quotes whose speaker is only a pronoun (`he`) name nobody; they are
/// left out of speaker accuracy and end-to-end and reported apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PronounTally {
    /// Pronoun-speaker gold quotes in scope.
    pub gold: usize,
    /// Of those, found by a prediction.
    pub matched: usize,
    /// Of those found, the prediction named someone (not empty, not a pronoun).
    pub named: usize,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteTally {
    pub all: Counts,
    pub by_kind: [Counts; 3],
    pub exact: Counts,
    pub exact_by_kind: [Counts; 3],
    pub e2e: Counts,
    pub e2e_by_kind: [Counts; 3],
    /// Matched gold with a named speaker: share with the right speaker.
    pub speaker: Share,
    pub speaker_by_kind: [Share; 3],
    pub speaker_by_from: [Share; 4],
    /// Matched gold with no speaker (`null`): share left empty by the prediction.
    pub no_speaker: Share,
    pub pronoun: PronounTally,
}

fn add3<T: Copy>(a: &mut [T; 3], b: &[T; 3], add: impl Fn(&mut T, &T)) {
    for (x, y) in a.iter_mut().zip(b) {
        add(x, y);
    }
}

impl QuoteTally {
    pub fn add(&mut self, o: &QuoteTally) {
        self.all.add(&o.all);
        add3(&mut self.by_kind, &o.by_kind, Counts::add);
        self.exact.add(&o.exact);
        add3(&mut self.exact_by_kind, &o.exact_by_kind, Counts::add);
        self.e2e.add(&o.e2e);
        add3(&mut self.e2e_by_kind, &o.e2e_by_kind, Counts::add);
        self.speaker.add(&o.speaker);
        add3(&mut self.speaker_by_kind, &o.speaker_by_kind, Share::add);
        for (x, y) in self.speaker_by_from.iter_mut().zip(&o.speaker_by_from) {
            x.add(y);
        }
        self.no_speaker.add(&o.no_speaker);
        self.pronoun.gold += o.pronoun.gold;
        self.pronoun.matched += o.pronoun.matched;
        self.pronoun.named += o.pronoun.named;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GoldSpeaker {
    /// The annotation has no source.
    None,
    /// Only a pronoun: names nobody.
    Pronoun,
    Named,
}

fn label(kind: &str, speaker: &str) -> String {
    if speaker.is_empty() {
        format!("[{kind}] (no speaker)")
    } else {
        format!("[{kind}] {speaker}")
    }
}

/// Scores one article. `doc` is the article's index, kept in error cases.
pub fn score(
    doc: usize,
    gold: &[GoldQuote],
    pred: &[PredQuote],
    scope: Scope,
    cases: Option<&mut Vec<Case>>,
) -> QuoteTally {
    // Gold in text order, so ties in matching go to the earlier quote.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| (gold[i].span, i));
    let gold: Vec<&GoldQuote> = order.iter().map(|&i| &gold[i]).collect();
    let gold_spans: Vec<_> = gold.iter().map(|g| g.span).collect();
    let pred_spans: Vec<_> = pred.iter().map(|p| p.span).collect();
    let gold_to = greedy(&gold_spans, &pred_spans, |g, p| {
        quote_match(gold_spans[g], pred_spans[p])
    });
    let pred_to = invert(&gold_to, pred.len());

    let gold_speakers: Vec<(GoldSpeaker, Speaker, Speaker)> = gold
        .iter()
        .map(|g| {
            let name = Speaker::new(g.speaker.as_deref().unwrap_or(""));
            let mention = Speaker::new(g.speaker_mention.as_deref().unwrap_or(""));
            let class = match &g.speaker {
                None => GoldSpeaker::None,
                // A slip like `'s` normalises to nothing: it names nobody either.
                Some(_) if name.pronoun || name.is_empty() => GoldSpeaker::Pronoun,
                Some(_) => GoldSpeaker::Named,
            };
            (class, name, mention)
        })
        .collect();
    // Is the speaker of prediction `p` right for its gold `g`?
    let speaker_right = |g: usize, p: &PredQuote| -> bool {
        let (class, name, mention) = &gold_speakers[g];
        let said = Speaker::new(&p.speaker);
        match class {
            GoldSpeaker::None => said.is_empty(),
            GoldSpeaker::Pronoun => false,
            GoldSpeaker::Named => speaker::right(name, mention, &said),
        }
    };

    let mut t = QuoteTally::default();
    let mut cases = cases;
    for (g, gq) in gold.iter().enumerate() {
        if !scope.contains(gq.kind) {
            continue;
        }
        let k = gq.kind.index();
        let class = gold_speakers[g].0;
        let hit = gold_to[g].and_then(|p| pred.get(p));
        let exact = hit.is_some_and(|p| p.span == gq.span);
        let right = hit.is_some_and(|p| speaker_right(g, p));
        for c in [&mut t.all, &mut t.by_kind[k]] {
            c.gold += 1;
            c.found += usize::from(hit.is_some());
        }
        for c in [&mut t.exact, &mut t.exact_by_kind[k]] {
            c.gold += 1;
            c.found += usize::from(exact);
        }
        if class != GoldSpeaker::Pronoun {
            for c in [&mut t.e2e, &mut t.e2e_by_kind[k]] {
                c.gold += 1;
                c.found += usize::from(right);
            }
        }
        if let Some(p) = hit {
            match class {
                GoldSpeaker::Named => {
                    let from = gq.speaker_from.index();
                    for s in [
                        &mut t.speaker,
                        &mut t.speaker_by_kind[k],
                        &mut t.speaker_by_from[from],
                    ] {
                        s.n += 1;
                        s.right += usize::from(right);
                    }
                }
                GoldSpeaker::None => {
                    t.no_speaker.n += 1;
                    t.no_speaker.right += usize::from(right);
                }
                GoldSpeaker::Pronoun => {
                    let said = Speaker::new(&p.speaker);
                    t.pronoun.matched += 1;
                    t.pronoun.named += usize::from(!said.is_empty() && !said.pronoun);
                }
            }
        }
        if class == GoldSpeaker::Pronoun {
            t.pronoun.gold += 1;
        }
        if let Some(cases) = cases.as_deref_mut() {
            let gold_side = Side {
                span: gq.span,
                label: label(gq.kind.as_str(), gq.speaker.as_deref().unwrap_or("")),
            };
            let pred_side = hit.map(|p| Side {
                span: p.span,
                label: label(p.kind.as_str(), &p.speaker),
            });
            let mut push = |class| {
                cases.push(Case {
                    class,
                    doc,
                    gold: Some(gold_side.clone()),
                    pred: pred_side.clone(),
                })
            };
            match hit {
                None => push(CaseClass::MissedQuote),
                Some(_) => {
                    if !exact {
                        push(CaseClass::WrongSpan);
                    }
                    if class != GoldSpeaker::Pronoun && !right {
                        push(CaseClass::WrongSpeaker);
                    }
                }
            }
        }
    }

    for (p, pq) in pred.iter().enumerate() {
        let gold_of = pred_to[p];
        let counted = match gold_of {
            Some(g) => scope.contains(gold[g].kind),
            None => scope.contains(mapped(pq.kind)),
        };
        if !counted {
            continue;
        }
        let k = mapped(pq.kind);
        let in_row = scope.contains(k);
        let hit = gold_of.is_some();
        let exact = gold_of.is_some_and(|g| gold[g].span == pq.span);
        t.all.pred += 1;
        t.all.correct += usize::from(hit);
        t.exact.pred += 1;
        t.exact.correct += usize::from(exact);
        if in_row {
            let c = &mut t.by_kind[k.index()];
            c.pred += 1;
            c.correct += usize::from(hit);
            let c = &mut t.exact_by_kind[k.index()];
            c.pred += 1;
            c.correct += usize::from(exact);
        }
        // Predictions that found a pronoun-speaker gold quote are left out of
        // end-to-end, as that gold is.
        let pronoun_gold = gold_of.is_some_and(|g| gold_speakers[g].0 == GoldSpeaker::Pronoun);
        if !pronoun_gold {
            let right = gold_of.is_some_and(|g| speaker_right(g, pq));
            t.e2e.pred += 1;
            t.e2e.correct += usize::from(right);
            if in_row {
                let c = &mut t.e2e_by_kind[k.index()];
                c.pred += 1;
                c.correct += usize::from(right);
            }
        }
        if !hit {
            if let Some(cases) = cases.as_deref_mut() {
                cases.push(Case {
                    class: CaseClass::SpuriousQuote,
                    doc,
                    gold: None,
                    pred: Some(Side {
                        span: pq.span,
                        label: label(pq.kind.as_str(), &pq.speaker),
                    }),
                });
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::gold::SpeakerFrom;
    use crate::model::Span;

    fn gq(start: usize, end: usize, kind: GoldKind, speaker: Option<&str>) -> GoldQuote {
        GoldQuote {
            span: Span::new(start, end),
            kind,
            speaker: speaker.map(str::to_string),
            speaker_span: None,
            speaker_mention: speaker.map(str::to_string),
            speaker_from: SpeakerFrom::Mention,
        }
    }

    fn pq(start: usize, end: usize, kind: QuoteKind, speaker: &str) -> PredQuote {
        PredQuote {
            span: Span::new(start, end),
            kind,
            speaker: speaker.to_string(),
        }
    }

    fn counts(gold: usize, found: usize, pred: usize, correct: usize) -> Counts {
        Counts {
            gold,
            found,
            pred,
            correct,
        }
    }

    use GoldKind::{Direct as GD, Indirect as GI, Mixed as GM};
    use QuoteKind::{Direct as PD, Indirect as PI, Partial as PP};

    #[test]
    fn quote_exact_e2e_and_speaker() {
        let gold = [
            gq(0, 100, GD, Some("Marco Rubio")), // found exactly, right speaker
            gq(200, 300, GD, Some("Ted Cruz")),  // found loosely, wrong speaker
            gq(400, 500, GI, Some("he")),        // pronoun gold, found
            gq(600, 700, GI, None),              // no speaker, found, left empty
            gq(800, 900, GM, Some("Jeb Bush")),  // missed
        ];
        let pred = [
            pq(0, 100, PD, "Sen. Marco Rubio"),
            pq(210, 300, PD, "Rubio"),
            pq(400, 500, PI, "Donald Trump"),
            pq(600, 700, PI, ""),
            pq(1000, 1100, PD, "Cruz"), // spurious
        ];
        let mut cases = Vec::new();
        let t = score(0, &gold, &pred, Scope::new(&[]), Some(&mut cases));
        assert_eq!(t.all, counts(5, 4, 5, 4));
        assert_eq!(t.exact, counts(5, 3, 5, 3));
        // e2e leaves out the pronoun gold and the prediction that found it.
        assert_eq!(t.e2e, counts(4, 2, 4, 2));
        assert_eq!(t.speaker, Share { n: 2, right: 1 });
        assert_eq!(t.no_speaker, Share { n: 1, right: 1 });
        assert_eq!(
            t.pronoun,
            PronounTally {
                gold: 1,
                matched: 1,
                named: 1
            }
        );
        assert_eq!(t.by_kind[GD.index()], counts(2, 2, 3, 2));
        assert_eq!(t.by_kind[GM.index()], counts(1, 0, 0, 0));
        let classes: Vec<_> = cases.iter().map(|c| c.class).collect();
        assert_eq!(
            classes,
            [
                CaseClass::WrongSpan,
                CaseClass::WrongSpeaker,
                CaseClass::MissedQuote,
                CaseClass::SpuriousQuote
            ]
        );
    }

    #[test]
    fn kinds_scope_keeps_precision_honest() {
        let gold = [
            gq(0, 100, GD, Some("A")),
            gq(200, 300, GI, Some("B")),
            gq(400, 500, GM, Some("C")),
        ];
        let pred = [
            pq(0, 100, PI, "A"),   // labelled indirect, finds direct gold: counts
            pq(200, 300, PD, "B"), // labelled direct, finds indirect gold: ignored
            pq(600, 700, PI, "D"), // spurious indirect: out of scope, ignored
            pq(800, 900, PP, "E"), // spurious partial (→ mixed): counts
        ];
        let t = score(0, &gold, &pred, Scope::new(&[GD, GM]), None);
        assert_eq!(t.all, counts(2, 1, 2, 1));
        // Per kind: recall by gold kind, precision by mapped predicted kind.
        assert_eq!(t.by_kind[GD.index()], counts(1, 1, 0, 0));
        assert_eq!(t.by_kind[GM.index()], counts(1, 0, 1, 0));
        assert_eq!(t.by_kind[GI.index()], counts(0, 0, 0, 0));
    }

    #[test]
    fn empty_speaker_prediction_is_wrong_for_named_gold() {
        let gold = [gq(0, 10, GD, Some("Marco Rubio"))];
        let t = score(0, &gold, &[pq(0, 10, PD, "")], Scope::new(&[]), None);
        assert_eq!(t.speaker, Share { n: 1, right: 0 });
        assert_eq!(t.e2e, counts(1, 0, 1, 0));
    }

    #[test]
    fn pronoun_prediction_is_never_right() {
        let gold = [gq(0, 10, GD, Some("Marco Rubio"))];
        let t = score(0, &gold, &[pq(0, 10, PD, "he")], Scope::new(&[]), None);
        assert_eq!(t.speaker, Share { n: 1, right: 0 });
    }
}
