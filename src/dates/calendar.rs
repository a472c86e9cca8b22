//! Calendar arithmetic and TimeML value formatting for the dates stage.
//!
//! In: an anchor date (usually the publication date) and an offset or a
//! partial date. Out: the resolved date and its TimeML value string at the
//! precision the text gave (`2017-08-26`, `2017-W34`, `2017-08`, `2017-Q3`,
//! `2017`). Nothing here reads text.

use super::words::HolidayRule;
use chrono::{Datelike, Days, NaiveDate, Weekday};

// The values are written digit by digit rather than with `format!`: one is
// made for nearly every date found, and the formatting machinery costs
// several times the rest of the value's making.

pub fn day(d: NaiveDate) -> String {
    let mut v = String::with_capacity(10);
    push_padded(&mut v, d.year().into(), 4);
    v.push('-');
    push_padded(&mut v, d.month().into(), 2);
    v.push('-');
    push_padded(&mut v, d.day().into(), 2);
    v
}

pub fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    let mut v = String::with_capacity(8);
    push_padded(&mut v, w.year().into(), 4);
    v.push_str("-W");
    push_padded(&mut v, w.week().into(), 2);
    v
}

pub fn month(y: i32, m: u32) -> String {
    let mut v = String::with_capacity(7);
    push_padded(&mut v, y.into(), 4);
    v.push('-');
    push_padded(&mut v, m.into(), 2);
    v
}

pub fn year(y: i32) -> String {
    let mut v = String::with_capacity(4);
    push_padded(&mut v, y.into(), 4);
    v
}

/// Appends `n` as `format!("{n:0width$}")` would: zero-padded to `width`
/// characters, sign included.
fn push_padded(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        // Years before 1 AD: never in news, kept exact the slow way.
        out.push_str(&format!("{n:0width$}"));
        return;
    }
    // Filled from the right; the used tail is pushed a character at a time
    // (checking it as UTF-8 to push it as a `&str` costs more).
    let mut digits = [b'0'; 24];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let from = at.min(digits.len().saturating_sub(width));
    for &d in &digits[from..] {
        out.push(char::from(d));
    }
}

pub fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// `(year, month)` moved by `n` months.
pub fn shift_month(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = i64::from(y) * 12 + i64::from(m) - 1 + n;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

pub fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

pub fn shift_quarter(y: i32, q: u32, n: i64) -> String {
    let idx = i64::from(y) * 4 + i64::from(q) - 1 + n;
    let mut v = String::with_capacity(7);
    push_padded(&mut v, idx.div_euclid(4), 4);
    v.push_str("-Q");
    push_padded(&mut v, idx.rem_euclid(4) + 1, 1);
    v
}

pub fn weekday_from(n: u32) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// The weekday `wd` nearest `anchor` in the given direction: on or before
/// it (`past`), or strictly after it.
pub fn weekday_near(anchor: NaiveDate, wd: u32, past: bool) -> Option<NaiveDate> {
    let from = anchor.weekday().number_from_monday() as i64;
    let to = i64::from(wd);
    if past {
        add_days(anchor, -(from - to).rem_euclid(7))
    } else {
        let ahead = (to - from).rem_euclid(7);
        add_days(anchor, if ahead == 0 { 7 } else { ahead })
    }
}

/// The year a month-and-day (or a month, with `day` None) without a year
/// most likely falls in. News reports the recent past, so the default is the
/// latest such date not far after publication (`June 10` in a May 29 article
/// is this June; `December 5` in a January article is last December); in a
/// future-tense sentence it is the next one.
pub fn infer_year(anchor: NaiveDate, m: u32, day: Option<u32>, future: bool) -> i32 {
    let y = anchor.year();
    let probe = |y: i32| NaiveDate::from_ymd_opt(y, m, day.unwrap_or(1));
    let Some(cand) = probe(y) else { return y };
    let diff = (cand - anchor).num_days();
    if future {
        // Past the date by more than a month: the next one.
        let slack = if day.is_some() { -7 } else { -31 };
        if diff < slack {
            return y + 1;
        }
        y
    } else if diff > 92 {
        y - 1
    } else {
        y
    }
}

pub fn holiday(rule: HolidayRule, y: i32) -> Option<NaiveDate> {
    match rule {
        HolidayRule::Fixed(m, d) => NaiveDate::from_ymd_opt(y, m, d),
        HolidayRule::NthWeekday(m, wd, n, plus) => {
            let wd = weekday_from(wd)?;
            let d = if n == 0 {
                let (ny, nm) = shift_month(y, m, 1);
                let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
                weekday_near(last, wd.number_from_monday(), true)?
            } else {
                NaiveDate::from_weekday_of_month_opt(y, m, wd, u8::try_from(n).ok()?)?
            };
            add_days(d, plus)
        }
        HolidayRule::Easter(off) => add_days(easter(y)?, off),
    }
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let dday = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, u32::try_from(month).ok()?, u32::try_from(dday).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_numbers_read_as_format_writes_them() {
        for n in [-12345, -100, -5, 0, 7, 42, 999, 2011, 10000, 123456789] {
            for width in [1, 2, 4] {
                let mut s = String::new();
                push_padded(&mut s, n, width);
                assert_eq!(s, format!("{n:0width$}"), "{n} {width}");
            }
        }
        assert_eq!(day(d(987, 3, 4)), "0987-03-04");
        assert_eq!(month(12000, 11), "12000-11");
        assert_eq!(shift_quarter(2011, 1, -1), "2010-Q4");
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn weekdays_around_an_anchor() {
        // 2017-08-26 is a Saturday.
        let sat = d(2017, 8, 26);
        assert_eq!(weekday_near(sat, 2, true), Some(d(2017, 8, 22)));
        assert_eq!(weekday_near(sat, 6, true), Some(sat));
        assert_eq!(weekday_near(sat, 2, false), Some(d(2017, 8, 29)));
        assert_eq!(weekday_near(sat, 6, false), Some(d(2017, 9, 2)));
    }

    #[test]
    fn year_of_a_date_without_one() {
        let pub_ = d(2011, 5, 29);
        assert_eq!(infer_year(pub_, 6, Some(10), false), 2011);
        assert_eq!(infer_year(pub_, 12, Some(5), false), 2010);
        assert_eq!(infer_year(d(2011, 12, 20), 1, Some(5), true), 2012);
    }

    #[test]
    fn holidays_fixed_and_movable() {
        assert_eq!(
            holiday(HolidayRule::Fixed(12, 25), 2016),
            Some(d(2016, 12, 25))
        );
        assert_eq!(
            holiday(HolidayRule::NthWeekday(11, 4, 4, 0), 2017),
            Some(d(2017, 11, 23))
        );
        assert_eq!(
            holiday(HolidayRule::NthWeekday(5, 1, 0, 0), 2017),
            Some(d(2017, 5, 29))
        );
        assert_eq!(holiday(HolidayRule::Easter(0), 2019), Some(d(2019, 4, 21)));
    }

    #[test]
    fn formatting_and_shifts() {
        assert_eq!(week(d(2017, 8, 19)), "2017-W33");
        assert_eq!(shift_month(2017, 1, -1), (2016, 12));
        assert_eq!(shift_quarter(2007, 1, -1), "2006-Q4");
    }
}
