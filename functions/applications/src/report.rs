//! The figures of a form's month for the head of the centre: how many applications came
//! in, how many were decided and how, how many were returned for more information or
//! withdrawn, how long decisions took in working days, and how many came after their
//! legal time limit. Made from the queue's summaries; the words are `views`'.
//!
//! Definitions (said on the page too): *received* — sent in the month; *returned* and
//! *withdrawn* — of those received in the month; *decided*, *approved*, *refused*, the
//! working days and *over the limit* — decided in the month (a withdrawal is no decision).

use crate::application::{Status, Summary};
use chrono::{Datelike, NaiveDate};
use content_model::almaty;
use content_model::deadline::YearMonth;
use content_model::working_days::Calendar;

#[derive(Debug, Clone, PartialEq)]
pub struct MonthReport {
    pub month: YearMonth,
    pub received: u32,
    pub decided: u32,
    pub approved: u32,
    pub refused: u32,
    pub returned: u32,
    pub withdrawn: u32,
    /// Working days from arrival to decision, of those decided in the month.
    pub median_days: Option<f64>,
    pub p90_days: Option<u32>,
    /// Decided after their due date (the time a request for information took excluded).
    pub over_limit: u32,
    /// Each day of the month: received, decided.
    pub days: Vec<(NaiveDate, u32, u32)>,
}

fn in_month(d: NaiveDate, m: YearMonth) -> bool {
    d.year() == m.year && d.month() == m.month
}

/// The report of `month` from the summaries of one form's applications.
pub fn month_report(summaries: &[Summary], month: YearMonth, calendar: &Calendar) -> MonthReport {
    let first = month.first_day();
    let days_in_month = (0..31)
        .map(|i| first + chrono::Duration::days(i))
        .take_while(|d| in_month(*d, month));
    let mut days: Vec<(NaiveDate, u32, u32)> = days_in_month.map(|d| (d, 0, 0)).collect();
    let mut report = MonthReport {
        month,
        received: 0,
        decided: 0,
        approved: 0,
        refused: 0,
        returned: 0,
        withdrawn: 0,
        median_days: None,
        p90_days: None,
        over_limit: 0,
        days: Vec::new(),
    };
    let mut took = Vec::new();
    for s in summaries {
        let arrived = almaty::date(s.created_at);
        if in_month(arrived, month) {
            report.received += 1;
            report.returned += u32::from(s.rounds > 0);
            report.withdrawn += u32::from(s.status == Status::Withdrawn);
            if let Some(day) = days.iter_mut().find(|d| d.0 == arrived) {
                day.1 += 1;
            }
        }
        let decided = s
            .decided_at
            .map(almaty::date)
            .filter(|d| in_month(*d, month))
            .filter(|_| matches!(s.status, Status::Approved | Status::Refused));
        let Some(decided) = decided else { continue };
        report.decided += 1;
        report.approved += u32::from(s.status == Status::Approved);
        report.refused += u32::from(s.status == Status::Refused);
        took.push(calendar.working_days_between(arrived, decided));
        if s.limit.is_some_and(|limit| decided > limit) {
            report.over_limit += 1;
        }
        if let Some(day) = days.iter_mut().find(|d| d.0 == decided) {
            day.2 += 1;
        }
    }
    took.sort_unstable();
    report.median_days = median(&took);
    report.p90_days = nearest_rank(&took, 90);
    report.days = days;
    report
}

/// The middle value (the mean of the two middle ones of an even count).
fn median(sorted: &[u32]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// The `p`th percentile by the nearest-rank method: the smallest value with at least
/// `p` per cent of the values at or below it.
fn nearest_rank(sorted: &[u32], p: usize) -> Option<u32> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn summary(
        arrived: (u32, u32),
        status: Status,
        decided: Option<(u32, u32)>,
        limit: Option<(u32, u32)>,
        rounds: u32,
    ) -> Summary {
        let at = |(m, d): (u32, u32)| Utc.with_ymd_and_hms(2026, m, d, 6, 0, 0).unwrap();
        Summary {
            reference: "R".into(),
            form: "dormitory".into(),
            status,
            created_at: at(arrived),
            lang: content_model::Lang::Kk,
            due: None,
            answered: false,
            holder: None,
            keys: Default::default(),
            decided_at: decided.map(at),
            limit: limit.map(|(m, d)| NaiveDate::from_ymd_opt(2026, m, d).unwrap()),
            rounds,
        }
    }

    #[test]
    fn the_month_counts_what_came_in_and_what_was_decided_in_it() {
        let calendar = Calendar::new(&[]);
        let sept = YearMonth {
            year: 2026,
            month: 9,
        };
        let all = [
            // Came in in August, decided on 1 September (Tuesday), late.
            summary((8, 28), Status::Approved, Some((9, 1)), Some((8, 31)), 0),
            // In and decided in September: 2, 3 and 10 working days.
            summary((9, 1), Status::Refused, Some((9, 3)), Some((9, 10)), 1),
            summary((9, 7), Status::Approved, Some((9, 10)), Some((9, 10)), 0),
            summary((9, 14), Status::Approved, Some((9, 28)), Some((9, 21)), 0),
            // Still under review; withdrawn (no decision).
            summary((9, 14), Status::UnderReview, None, Some((9, 21)), 2),
            summary((9, 15), Status::Withdrawn, Some((9, 16)), None, 0),
            // Next month.
            summary((10, 1), Status::UnderReview, None, None, 0),
        ];
        let r = month_report(&all, sept, &calendar);
        assert_eq!(r.received, 5);
        assert_eq!(r.decided, 4);
        assert_eq!(
            (r.approved, r.refused, r.withdrawn, r.returned),
            (3, 1, 1, 2)
        );
        // 28 Aug → 1 Sep: Mon 31, Tue 1 = 2; then 2, 3, 10.
        assert_eq!(r.median_days, Some(2.5));
        assert_eq!(r.p90_days, Some(10));
        assert_eq!(r.over_limit, 2);
        assert_eq!(r.days.len(), 30);
        assert_eq!(
            r.days[13],
            (NaiveDate::from_ymd_opt(2026, 9, 14).unwrap(), 2, 0)
        );
        assert_eq!(r.days[0].2, 1, "one decided on the 1st");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(nearest_rank(&[], 90), None);
        assert_eq!(nearest_rank(&[5], 90), Some(5));
        assert_eq!(nearest_rank(&(1..=10).collect::<Vec<_>>(), 90), Some(9));
        assert_eq!(nearest_rank(&(1..=20).collect::<Vec<_>>(), 90), Some(18));
        assert_eq!(median(&[1, 2, 3]), Some(2.0));
        assert_eq!(median(&[]), None);
    }
}
