//! Dates in every written form (ISO, compact, Chinese, month names, numeric
//! with a day/month order). MRZ `YYMMDD` dates are expanded in `documents/mrz.rs`.

use serde::Serialize;

/// A calendar date (proleptic Gregorian), always a real day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 1990.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// In which order numeric dates with separators give day, month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 02/01/1990 is 2 January (the default).
    #[default]
    Dmy,
    /// 01/02/1990 is 2 January.
    Mdy,
    /// 1990/01/02.
    Ymd,
}

impl Date {
    /// A date if `year-month-day` is a real day between years 1800 and 2200.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn years_until(&self, on: Date) -> i32 {
        let mut y = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            y -= 1;
        }
        y
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The same day of the month `n` calendar months later (earlier for a
    /// negative `n`), or that month's last day when it is shorter:
    /// 2026-05-31 minus 3 months is 2026-02-28. Clamped to the years
    /// [`Date::new`] accepts.
    pub fn add_months(&self, n: i32) -> Date {
        let total = (i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(n))
            .clamp(1800 * 12, 2200 * 12 + 11);
        let year = total.div_euclid(12) as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Today's date in UTC from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Why a typed date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateIssue {
    /// Nothing was typed.
    Empty,
    /// The text is not a date in any known form.
    Unrecognized,
    /// The text has a date's form but names no real day (2023-02-30).
    Impossible,
}

impl std::fmt::Display for DateIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateIssue::Empty => "empty date",
            DateIssue::Unrecognized => "not a date in any known form",
            DateIssue::Impossible => "not a real calendar day",
        })
    }
}

/// Parses a date as people type it or documents print it:
/// ISO `1990-01-02`, compact `19900102`, Chinese `1990年1月2日`, dotted
/// `1990.01.02`, month names (`2 Jan 1990`, `JAN 02 1990`, `02 JAN/JAN 1990`),
/// and numeric `02/01/1990` or `02.01.1990` read in `order` (year-first forms
/// with a four-digit year are always read year-month-day). Full-width digits
/// and spaces inside numbers (OCR: `1990 年 05 月 06 日`) are accepted.
pub fn parse(text: &str, order: DateOrder) -> Result<Date, DateIssue> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '／' | '－' | '．' => ' ',
            '日' => ' ',
            _ => c,
        })
        .collect();
    if folded.trim().is_empty() {
        return Err(DateIssue::Empty);
    }
    let lower = folded.to_lowercase();
    // Tokens: runs of digits or letters.
    let mut tokens: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    for c in lower.chars() {
        let is_d = c.is_ascii_digit();
        let is_a = c.is_alphabetic();
        if (is_d || is_a) && (cur.is_empty() || cur_digit == is_d) {
            cur.push(c);
            cur_digit = is_d;
        } else {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            if is_d || is_a {
                cur.push(c);
                cur_digit = is_d;
            }
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    let month_of = |t: &str| {
        MONTHS
            .iter()
            .position(|m| t.len() >= 3 && t.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let num = |t: &str| t.parse::<u32>().ok();
    let make = |y: u32, m: u32, d: u32| {
        Date::new(y as i32, m, d).ok_or(if (1800..=2200).contains(&y) {
            DateIssue::Impossible
        } else {
            DateIssue::Unrecognized
        })
    };
    let all_digits = tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_digit()));
    match tokens.as_slice() {
        [one] if all_digits && one.len() == 8 => {
            let y = num(&one[0..4]).ok_or(DateIssue::Unrecognized)?;
            let m = num(&one[4..6]).ok_or(DateIssue::Unrecognized)?;
            let d = num(&one[6..8]).ok_or(DateIssue::Unrecognized)?;
            make(y, m, d)
        }
        [a, b, c] if all_digits => {
            let (a, b, c) = (
                num(a).ok_or(DateIssue::Unrecognized)?,
                num(b).ok_or(DateIssue::Unrecognized)?,
                num(c).ok_or(DateIssue::Unrecognized)?,
            );
            let year = |y: u32| if y < 100 { None } else { Some(y) };
            if tokens[0].len() == 4 {
                return make(a, b, c);
            }
            let y = year(c).ok_or(DateIssue::Unrecognized)?;
            match order {
                DateOrder::Mdy => make(y, a, b),
                DateOrder::Dmy | DateOrder::Ymd => make(y, b, a),
            }
        }
        [a, b, c] => {
            // One token is a month name: 2 Jan 1990, Jan 2 1990, 1990 Jan 2.
            let parts = [a, b, c];
            let mi = parts
                .iter()
                .position(|t| month_of(t).is_some())
                .ok_or(DateIssue::Unrecognized)?;
            let m = month_of(parts[mi]).ok_or(DateIssue::Unrecognized)?;
            let rest: Vec<u32> = parts
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != mi)
                .map(|(_, t)| num(t).ok_or(DateIssue::Unrecognized))
                .collect::<Result<_, _>>()?;
            let (y, d) = if rest[0] > 31 {
                (rest[0], rest[1])
            } else {
                (rest[1], rest[0])
            };
            if y < 100 {
                return Err(DateIssue::Unrecognized);
            }
            make(y, m, d)
        }
        [a, b, c, d] if month_of(b).is_some() && month_of(c).is_some() => {
            // Bilingual passport form: 02 JAN/JAN 1990.
            let day = num(a).ok_or(DateIssue::Unrecognized)?;
            let y = num(d).ok_or(DateIssue::Unrecognized)?;
            make(y, month_of(b).unwrap_or(0), day)
        }
        _ => Err(DateIssue::Unrecognized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Row {
        line: usize,
        case: String,
        input: String,
        order: DateOrder,
        expect: String,
    }

    fn table() -> Vec<Row> {
        let table = crate::tables::Table::load("dates.tsv");
        table
            .rows(4)
            .into_iter()
            .map(|(line, c)| Row {
                line,
                case: c[0].into(),
                input: c[1].into(),
                order: match c[2] {
                    "mdy" => DateOrder::Mdy,
                    "ymd" => DateOrder::Ymd,
                    _ => DateOrder::Dmy,
                },
                expect: c[3].into(),
            })
            .collect()
    }

    #[test]
    fn dates_table() {
        let rows = table();
        assert!(rows.len() >= 20);
        let mut failures = Vec::new();
        for r in &rows {
            let got = match parse(&r.input, r.order) {
                Ok(d) => d.to_string(),
                Err(DateIssue::Empty) => "empty".into(),
                Err(DateIssue::Unrecognized) => "unrecognized".into(),
                Err(DateIssue::Impossible) => "impossible".into(),
            };
            if got != r.expect {
                failures.push(format!(
                    "dates.tsv:{} case={} expected {} got {}",
                    r.line, r.case, r.expect, got
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn epoch_round_trip() {
        for d in [
            Date::new(1970, 1, 1).unwrap(),
            Date::new(2000, 2, 29).unwrap(),
            Date::new(1899, 12, 31).unwrap(),
            Date::new(2038, 1, 19).unwrap(),
        ] {
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
        assert_eq!(Date::new(1970, 1, 2).unwrap().days_since_epoch(), 1);
    }

    #[test]
    fn add_months_keeps_the_day_or_takes_the_month_end() {
        let d = |y, m, day| Date::new(y, m, day).expect("a real day");
        assert_eq!(d(2026, 11, 22).add_months(-3), d(2026, 8, 22));
        assert_eq!(d(2026, 5, 31).add_months(-3), d(2026, 2, 28));
        assert_eq!(d(2024, 5, 31).add_months(-3), d(2024, 2, 29));
        assert_eq!(d(2026, 2, 15).add_months(-3), d(2025, 11, 15));
        assert_eq!(d(2025, 11, 30).add_months(3), d(2026, 2, 28));
        assert_eq!(d(2026, 1, 10).add_months(0), d(2026, 1, 10));
    }
}
