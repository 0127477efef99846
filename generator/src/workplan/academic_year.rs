//! The academic year a plan covers, as dates: the bounds of the plan's recurring
//! deadlines in its calendar and of its "this month" view.

use chrono::{Datelike, NaiveDate};
use content_model::workplan::first_year;

/// The first and last day of the plan's academic year (`2025-2026` → 1 September 2025 to
/// 31 August 2026). The content check refuses an unreadable year; should one reach here
/// anyway, the academic year `today` falls in.
pub fn academic_year(academic_year: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let current = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let bounds = |first: i32| {
        Some((
            NaiveDate::from_ymd_opt(first, 9, 1)?,
            NaiveDate::from_ymd_opt(first.checked_add(1)?, 8, 31)?,
        ))
    };
    first_year(academic_year)
        .and_then(bounds)
        .or_else(|| bounds(current))
        .unwrap_or((today, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_year_is_the_current_one_not_a_panic() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            academic_year("2025-2026", d("2026-11-20")),
            (d("2025-09-01"), d("2026-08-31"))
        );
        for junk in ["999999999-1000000000", "next year", "2025", ""] {
            assert_eq!(
                academic_year(junk, d("2026-11-20")),
                (d("2026-09-01"), d("2027-08-31")),
                "{junk}"
            );
        }
    }
}
