//! Date scoring for one article, TempEval-3 style: gold timexes and
//! predicted dates in, strict and relaxed extent counts and value counts per
//! view out (DATE, the main one; DATE+TIME; ALL with types ignored).
//!
//! Gold and predictions are matched once, one-to-one, any overlap, best
//! overlap first, so identical extents pair up before partial ones. A view
//! then counts the gold of its types; predictions matched to that gold; and
//! unmatched predictions whose type is in the view, except those that only
//! overlap gold of another type (`six years` predicted as a date where the
//! gold says DURATION is a type error, not a spurious date in the DATE view).
//! A prediction of another type that found gold of the view's type counts:
//! the extent was found, and a wrong type usually shows in the value.

use super::gold::{GoldTimex, TimexType};
use super::matching::{greedy, invert, overlap_match, Counts, Share};
use super::pred::PredDate;
use super::{Case, CaseClass, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Date,
    DateTime,
    All,
}

impl View {
    pub const ALL: [View; 3] = [View::Date, View::DateTime, View::All];

    pub const fn as_str(self) -> &'static str {
        match self {
            View::Date => "DATE",
            View::DateTime => "DATE+TIME",
            View::All => "ALL",
        }
    }

    pub fn contains(self, t: TimexType) -> bool {
        match self {
            View::Date => t == TimexType::Date,
            View::DateTime => matches!(t, TimexType::Date | TimexType::Time),
            View::All => true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewTally {
    pub strict: Counts,
    pub relaxed: Counts,
    /// Relaxed match and right value.
    pub value: Counts,
    /// Of relaxed matches, the share with the right value.
    pub value_accuracy: Share,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateTally {
    pub views: [ViewTally; 3],
}

impl DateTally {
    pub fn add(&mut self, o: &DateTally) {
        for (a, b) in self.views.iter_mut().zip(&o.views) {
            a.strict.add(&b.strict);
            a.relaxed.add(&b.relaxed);
            a.value.add(&b.value);
            a.value_accuracy.add(&b.value_accuracy);
        }
    }
}

/// Is a predicted value right for a gold value? `PRESENT_REF`, `PAST_REF`
/// and `FUTURE_REF` are right when predicted as such or left empty (whosaid
/// leaves `now` unvalued rather than guess); an `X` in gold (`XXXX-12-25`)
/// matches any digit; otherwise the values must be equal (ASCII case aside).
pub fn value_right(gold: &str, pred: &str) -> bool {
    let (gold, pred) = (gold.trim(), pred.trim());
    if matches!(gold, "PRESENT_REF" | "PAST_REF" | "FUTURE_REF") {
        return pred.is_empty() || pred == gold;
    }
    if gold.is_empty() || pred.is_empty() {
        return gold.is_empty() && pred.is_empty();
    }
    gold.chars().count() == pred.chars().count()
        && gold
            .chars()
            .zip(pred.chars())
            .all(|(g, p)| g.eq_ignore_ascii_case(&p) || (g == 'X' && p.is_ascii_digit()))
}

/// Scores one article; error cases are collected for the ALL view.
pub fn score(
    doc: usize,
    gold: &[GoldTimex],
    pred: &[PredDate],
    cases: Option<&mut Vec<Case>>,
) -> DateTally {
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| (gold[i].span, i));
    let gold: Vec<&GoldTimex> = order.iter().map(|&i| &gold[i]).collect();
    let gold_spans: Vec<_> = gold.iter().map(|g| g.span).collect();
    let pred_spans: Vec<_> = pred.iter().map(|p| p.span).collect();
    let gold_to = greedy(&gold_spans, &pred_spans, |g, p| {
        overlap_match(gold_spans[g], pred_spans[p])
    });
    let pred_to = invert(&gold_to, pred.len());

    let mut t = DateTally::default();
    for (v, view) in View::ALL.into_iter().enumerate() {
        let vt = &mut t.views[v];
        for (g, gt) in gold.iter().enumerate() {
            if !view.contains(gt.kind) {
                continue;
            }
            let hit = gold_to[g].and_then(|p| pred.get(p));
            let exact = hit.is_some_and(|p| p.span == gt.span);
            let valued = hit.is_some_and(|p| value_right(&gt.value, &p.value));
            vt.strict.gold += 1;
            vt.strict.found += usize::from(exact);
            vt.relaxed.gold += 1;
            vt.relaxed.found += usize::from(hit.is_some());
            vt.value.gold += 1;
            vt.value.found += usize::from(valued);
            if hit.is_some() {
                vt.value_accuracy.n += 1;
                vt.value_accuracy.right += usize::from(valued);
            }
        }
        for (p, pd) in pred.iter().enumerate() {
            let counted = match pred_to[p] {
                Some(g) => view.contains(gold[g].kind),
                None => {
                    let overlapped: Vec<_> =
                        gold.iter().filter(|g| g.span.overlaps(pd.span)).collect();
                    let only_other_types =
                        !overlapped.is_empty() && overlapped.iter().all(|g| !view.contains(g.kind));
                    view.contains(pd.kind) && !only_other_types
                }
            };
            if !counted {
                continue;
            }
            let gold_of = pred_to[p].map(|g| gold[g]);
            vt.strict.pred += 1;
            vt.strict.correct += usize::from(gold_of.is_some_and(|g| g.span == pd.span));
            vt.relaxed.pred += 1;
            vt.relaxed.correct += usize::from(gold_of.is_some());
            vt.value.pred += 1;
            vt.value.correct +=
                usize::from(gold_of.is_some_and(|g| value_right(&g.value, &pd.value)));
        }
    }

    if let Some(cases) = cases {
        let gold_side = |g: &GoldTimex| Side {
            span: g.span,
            label: format!("{} {}", g.kind.as_str(), or_dash(&g.value)),
        };
        let pred_side = |p: &PredDate| Side {
            span: p.span,
            label: format!("{} {}", p.kind.as_str(), or_dash(&p.value)),
        };
        for (g, gt) in gold.iter().enumerate() {
            match gold_to[g].and_then(|p| pred.get(p)) {
                None => cases.push(Case {
                    class: CaseClass::MissedDate,
                    doc,
                    gold: Some(gold_side(gt)),
                    pred: None,
                }),
                Some(p) if !value_right(&gt.value, &p.value) => cases.push(Case {
                    class: CaseClass::WrongValue,
                    doc,
                    gold: Some(gold_side(gt)),
                    pred: Some(pred_side(p)),
                }),
                Some(_) => {}
            }
        }
        for (p, pd) in pred.iter().enumerate() {
            if pred_to[p].is_none() {
                cases.push(Case {
                    class: CaseClass::SpuriousDate,
                    doc,
                    gold: None,
                    pred: Some(pred_side(pd)),
                });
            }
        }
    }
    t
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "(no value)"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn gt(start: usize, end: usize, kind: TimexType, value: &str) -> GoldTimex {
        GoldTimex {
            span: Span::new(start, end),
            kind,
            value: value.to_string(),
        }
    }

    fn pd(start: usize, end: usize, kind: TimexType, value: &str) -> PredDate {
        PredDate {
            span: Span::new(start, end),
            kind,
            value: value.to_string(),
        }
    }

    #[test]
    fn values_with_x_and_refs() {
        assert!(value_right("XXXX-12-25", "2013-12-25"));
        assert!(value_right("XXXX-12-25", "XXXX-12-25"));
        assert!(!value_right("XXXX-12-25", "2013-12-26"));
        assert!(!value_right("XXXX-12-25", ""));
        assert!(!value_right("XXXX-XX-XX", "2013-12"));
        // X in the prediction does not stand for a gold digit.
        assert!(!value_right("2013-12-25", "XXXX-12-25"));
        assert!(value_right("PRESENT_REF", ""));
        assert!(value_right("PRESENT_REF", "PRESENT_REF"));
        assert!(!value_right("PRESENT_REF", "2013-12-10"));
        assert!(!value_right("PAST_REF", "FUTURE_REF"));
        assert!(value_right("P6Y", "p6y"));
        assert!(!value_right("2013-12-10", ""));
    }

    #[test]
    fn views_strict_relaxed_value() {
        use TimexType::*;
        let gold = [
            gt(0, 17, Date, "2013-12-10"),        // exact, right value
            gt(30, 35, Date, "PRESENT_REF"),      // relaxed (pred 30..40), empty value: right
            gt(50, 58, Duration, "P33Y"),         // predicted as a DATE: ignored in DATE view
            gt(70, 75, Time, "2013-12-10T09:00"), // missed
        ];
        let pred = [
            pd(0, 17, Date, "2013-12-10"),
            pd(30, 40, Date, ""),
            pd(50, 58, Date, "2013"),
            pd(90, 95, Date, "2013-11"),   // spurious
            pd(100, 105, Duration, "P1D"), // spurious, not a DATE
        ];
        let mut cases = Vec::new();
        let t = score(0, &gold, &pred, Some(&mut cases));
        let date = t.views[0];
        assert_eq!(
            date.relaxed,
            Counts {
                gold: 2,
                found: 2,
                pred: 3,
                correct: 2
            }
        );
        assert_eq!(
            date.strict,
            Counts {
                gold: 2,
                found: 1,
                pred: 3,
                correct: 1
            }
        );
        assert_eq!(
            date.value,
            Counts {
                gold: 2,
                found: 2,
                pred: 3,
                correct: 2
            }
        );
        assert_eq!(date.value_accuracy, Share { n: 2, right: 2 });
        let date_time = t.views[1];
        assert_eq!(
            date_time.relaxed,
            Counts {
                gold: 3,
                found: 2,
                pred: 3,
                correct: 2
            }
        );
        let all = t.views[2];
        assert_eq!(
            all.relaxed,
            Counts {
                gold: 4,
                found: 3,
                pred: 5,
                correct: 3
            }
        );
        assert_eq!(all.value_accuracy, Share { n: 3, right: 2 });
        let classes: Vec<_> = cases.iter().map(|c| c.class).collect();
        use CaseClass::*;
        assert_eq!(
            classes,
            [WrongValue, MissedDate, SpuriousDate, SpuriousDate]
        );
    }
}
