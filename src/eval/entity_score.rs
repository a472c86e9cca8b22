//! Entity scoring for one article: gold name mentions and predicted name
//! mentions in, exact-span and overlap counts, typed and untyped, out.
//!
//! Types are compared coarse (MEDIA is ORG, GPE and LOC are GPE_OR_LOC, NORP
//! is OTHER), since the gold does not tell a newspaper from a company. Each
//! of the four figures is its own one-to-one matching. Predicted mentions that
//! are not names never get here (see `pred::looks_like_name`).

use super::gold::GoldEntity;
use super::matching::{greedy, overlap_match, Counts};
use super::pred::PredMention;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityTally {
    pub exact: Counts,
    pub exact_typed: Counts,
    pub overlap: Counts,
    pub overlap_typed: Counts,
}

impl EntityTally {
    pub fn add(&mut self, o: &EntityTally) {
        self.exact.add(&o.exact);
        self.exact_typed.add(&o.exact_typed);
        self.overlap.add(&o.overlap);
        self.overlap_typed.add(&o.overlap_typed);
    }
}

pub fn score(gold: &[GoldEntity], pred: &[PredMention]) -> EntityTally {
    let mut gold: Vec<&GoldEntity> = gold.iter().collect();
    gold.sort_by_key(|g| g.span);
    let gold_spans: Vec<_> = gold.iter().map(|g| g.span).collect();
    let pred_spans: Vec<_> = pred.iter().map(|p| p.span).collect();
    let count = |accept: &dyn Fn(usize, usize) -> bool| {
        let m = greedy(&gold_spans, &pred_spans, accept);
        let hits = m.iter().filter(|x| x.is_some()).count();
        Counts {
            gold: gold.len(),
            found: hits,
            pred: pred.len(),
            correct: hits,
        }
    };
    let same_type = |g: usize, p: usize| gold[g].kind == pred[p].kind;
    EntityTally {
        exact: count(&|g, p| gold_spans[g] == pred_spans[p]),
        exact_typed: count(&|g, p| gold_spans[g] == pred_spans[p] && same_type(g, p)),
        overlap: count(&|g, p| overlap_match(gold_spans[g], pred_spans[p])),
        overlap_typed: count(&|g, p| {
            overlap_match(gold_spans[g], pred_spans[p]) && same_type(g, p)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::gold::CoarseType::{self, *};
    use crate::model::Span;

    fn g(a: usize, b: usize, kind: CoarseType) -> GoldEntity {
        GoldEntity {
            span: Span::new(a, b),
            kind,
        }
    }

    fn p(a: usize, b: usize, kind: CoarseType) -> PredMention {
        PredMention {
            span: Span::new(a, b),
            kind,
        }
    }

    #[test]
    fn four_views() {
        let gold = [g(0, 11, Person), g(20, 29, Org), g(40, 46, GpeOrLoc)];
        let pred = [
            p(0, 11, Person),  // exact, typed
            p(16, 29, Org),    // overlap only (`the New York Times` vs `New York Times`)
            p(40, 46, Person), // exact span, wrong type
            p(60, 65, Other),  // spurious
        ];
        let t = score(&gold, &pred);
        let c = |found| Counts {
            gold: 3,
            found,
            pred: 4,
            correct: found,
        };
        assert_eq!(t.exact, c(2));
        assert_eq!(t.exact_typed, c(1));
        assert_eq!(t.overlap, c(3));
        assert_eq!(t.overlap_typed, c(2));
        assert_eq!(CoarseType::parse("MEDIA"), Some(Org));
        assert_eq!(CoarseType::parse("NORP"), Some(Other));
        assert_eq!(CoarseType::parse("LOC"), Some(GpeOrLoc));
    }
}
