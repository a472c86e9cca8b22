//! Span matching and counting shared by every scorer: the quote match rule of
//! DESIGN.md, a one-to-one best-overlap-first matcher, and P/R/F1 counts.
//!
//! All overlap arithmetic is done on integers (cross-multiplied), so a
//! Jaccard of exactly 0.5 is a match and ties are real ties, not float noise.
//! It knows nothing of quotes, dates or entities beyond spans.

use crate::model::Span;
use std::cmp::Ordering;

/// Bytes two spans share.
pub fn intersection(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Jaccard overlap as an exact fraction `(intersection, union)`.
pub fn jaccard(a: Span, b: Span) -> (usize, usize) {
    let inter = intersection(a, b);
    let union = a.len() + b.len() - inter;
    (inter, union)
}

/// Compares two fractions `x.0 / x.1` and `y.0 / y.1` without division.
fn cmp_fraction(x: (usize, usize), y: (usize, usize)) -> Ordering {
    let lhs = x.0 as u128 * y.1 as u128;
    let rhs = y.0 as u128 * x.1 as u128;
    lhs.cmp(&rhs)
}

/// DESIGN.md's quote rule: Jaccard ≥ 0.5, or the prediction covers ≥ 80% of
/// the gold span while being at most 1.5× its length. The second arm exists
/// for predictions that take in the gold plus a little (a trailing `he said`
/// clause around a short quote): their Jaccard can drop under 0.5 although
/// they plainly found the quote.
pub fn quote_match(gold: Span, pred: Span) -> bool {
    let inter = intersection(gold, pred);
    if inter == 0 {
        return false;
    }
    let (_, union) = jaccard(gold, pred);
    let by_jaccard = 2 * inter >= union;
    let by_cover = 5 * inter >= 4 * gold.len() && 2 * pred.len() <= 3 * gold.len();
    by_jaccard || by_cover
}

/// Any shared byte: the relaxed rule for dates and entities.
pub fn overlap_match(gold: Span, pred: Span) -> bool {
    intersection(gold, pred) > 0
}

/// Matches gold to predictions one-to-one, best overlap first: every pair
/// `accept` allows is a candidate; candidates are taken in order of Jaccard
/// (highest first), ties broken by gold index then prediction index, and a
/// candidate is kept when neither side is taken yet. Taking pairs in text
/// order instead would let an early, poor overlap steal a prediction that fits
/// a later gold span much better.
///
/// Returns, for each gold item, the index of its prediction.
pub fn greedy(
    gold: &[Span],
    pred: &[Span],
    accept: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let mut candidates = Vec::new();
    for (g, gs) in gold.iter().enumerate() {
        for (p, ps) in pred.iter().enumerate() {
            if accept(g, p) {
                candidates.push((jaccard(*gs, *ps), g, p));
            }
        }
    }
    candidates.sort_by(|a, b| {
        cmp_fraction(b.0, a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut gold_to = vec![None; gold.len()];
    let mut pred_taken = vec![false; pred.len()];
    for (_, g, p) in candidates {
        if gold_to[g].is_none() && !pred_taken[p] {
            gold_to[g] = Some(p);
            pred_taken[p] = true;
        }
    }
    gold_to
}

/// Inverts a gold→prediction matching.
pub fn invert(gold_to: &[Option<usize>], n_pred: usize) -> Vec<Option<usize>> {
    let mut pred_to = vec![None; n_pred];
    for (g, p) in gold_to.iter().enumerate() {
        if let Some(p) = p {
            if let Some(slot) = pred_to.get_mut(*p) {
                *slot = Some(g);
            }
        }
    }
    pred_to
}

/// Counts for precision and recall. Recall counts gold items (`found` of
/// `gold`), precision counts predictions (`correct` of `pred`); the two hit
/// counts are equal except in per-kind rows, where a gold quote of one kind
/// can be found by a prediction labelled with another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub gold: usize,
    pub found: usize,
    pub pred: usize,
    pub correct: usize,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.found += other.found;
        self.pred += other.pred;
        self.correct += other.correct;
    }

    /// `None` when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.correct, self.pred)
    }

    /// `None` when there is no gold.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.found, self.gold)
    }

    /// Harmonic mean of precision and recall; 0 when one side is empty and
    /// the other is not (all missed, or all spurious); `None` when both are.
    pub fn f1(&self) -> Option<f64> {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (None, None) => None,
            _ => Some(0.0),
        }
    }
}

/// A share `right` of `n` (speaker accuracy, value accuracy).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Share {
    pub n: usize,
    pub right: usize,
}

impl Share {
    pub fn add(&mut self, other: &Share) {
        self.n += other.n;
        self.right += other.right;
    }

    pub fn value(&self) -> Option<f64> {
        ratio(self.right, self.n)
    }
}

pub fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// A figure rounded to the three decimals the report prints; floors compare
/// this value, so what the table shows is what was checked.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: usize, b: usize) -> Span {
        Span::new(a, b)
    }

    #[test]
    fn jaccard_exactly_half_matches() {
        // gold 0..10, pred 5..15: shared 5, union 15 → 1/3, no match.
        assert!(!quote_match(s(0, 10), s(5, 15)));
        // gold 0..10, pred 0..20: Jaccard 10/20 = 0.5 exactly → match.
        assert!(quote_match(s(0, 10), s(0, 20)));
        // gold 0..10, pred 0..21: 10/21 < 0.5, covers 100% but 2.1× → no.
        assert!(!quote_match(s(0, 10), s(0, 21)));
        // gold 0..12, pred 6..12: 6/12 = 0.5 → match (prediction inside gold).
        assert!(quote_match(s(0, 12), s(6, 12)));
        // gold 0..12, pred 7..12: 5/12 → no.
        assert!(!quote_match(s(0, 12), s(7, 12)));
    }

    #[test]
    fn cover_rule_needs_eighty_percent_and_at_most_one_and_a_half_length() {
        // Gold 0..100. Every prediction below has Jaccard under 0.5, so only
        // the cover rule can match it.
        let gold = s(0, 100);
        let under_half = |p: Span| {
            let (i, u) = jaccard(gold, p);
            2 * i < u
        };
        // Covers 80 bytes (80%), 145 long (1.45×): match.
        assert!(under_half(s(20, 165)) && quote_match(gold, s(20, 165)));
        // Covers 80%, exactly 150 long (1.5×): match.
        assert!(under_half(s(20, 170)) && quote_match(gold, s(20, 170)));
        // 151 long: too long.
        assert!(under_half(s(20, 171)) && !quote_match(gold, s(20, 171)));
        // Covers 79%: too little.
        assert!(under_half(s(21, 165)) && !quote_match(gold, s(21, 165)));
        // Full cover but twice as long: Jaccard exactly 0.5 saves it, 2.1× does not.
        assert!(quote_match(s(0, 10), s(0, 20)));
        assert!(!quote_match(s(0, 10), s(0, 21)));
    }

    #[test]
    fn one_to_one_best_overlap_first() {
        // Gold A 0..20, gold B 20..40; prediction X 8..40 overlaps both
        // (Jaccard with A 12/40, with B 20/32), Y 0..18 sits inside A (18/20).
        // Best first: A–Y (0.9), then B–X (0.625).
        let m = greedy(&[s(0, 20), s(20, 40)], &[s(8, 40), s(0, 18)], |_, _| true);
        assert_eq!(m, vec![Some(1), Some(0)]);

        // Where taking gold in text order would differ: gold A 0..10 and
        // B 0..12, one prediction 0..12. Text order gives it to A; best
        // overlap gives it to B (Jaccard 1 against 10/12), and A is missed.
        let m = greedy(&[s(0, 10), s(0, 12)], &[s(0, 12)], |_, _| true);
        assert_eq!(m, vec![None, Some(0)]);
    }

    #[test]
    fn ties_go_to_the_earlier_gold() {
        let m = greedy(&[s(0, 10), s(10, 20)], &[s(5, 15)], |_, _| true);
        assert_eq!(m, vec![Some(0), None]);
    }

    #[test]
    fn prf_to_three_decimals() {
        let c = Counts {
            gold: 7,
            found: 4,
            pred: 6,
            correct: 4,
        };
        assert_eq!(round3(c.precision().unwrap_or(-1.0)), 0.667);
        assert_eq!(round3(c.recall().unwrap_or(-1.0)), 0.571);
        // 2·(2/3)(4/7)/((2/3)+(4/7)) = 8/13 = 0.6154
        assert_eq!(round3(c.f1().unwrap_or(-1.0)), 0.615);
    }

    #[test]
    fn empty_sides() {
        let none = Counts::default();
        assert_eq!(none.f1(), None);
        let missed = Counts {
            gold: 3,
            ..Counts::default()
        };
        assert_eq!(missed.precision(), None);
        assert_eq!(missed.f1(), Some(0.0));
        let spurious = Counts {
            pred: 2,
            ..Counts::default()
        };
        assert_eq!(spurious.f1(), Some(0.0));
    }
}
