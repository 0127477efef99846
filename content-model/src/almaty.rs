//! Kazakhstan's clock. The whole country keeps one time zone, UTC+5, since 1 March 2024
//! (no daylight saving): the day an application was received, a due date, "today" for
//! the work plan are all counted on it, wherever the server runs.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+5.
pub fn offset() -> FixedOffset {
    const SECONDS: i32 = 5 * 3600;
    FixedOffset::east_opt(SECONDS).unwrap_or_else(|| unreachable!("5 hours is a valid offset"))
}

/// The moment on Kazakhstan's clock.
pub fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&offset())
}

/// The day it is in Kazakhstan at `at`.
pub fn date(at: DateTime<Utc>) -> NaiveDate {
    local(at).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_changes_at_19_utc() {
        let before = "2026-11-30T18:59:59Z".parse().unwrap();
        let after = "2026-11-30T19:00:00Z".parse().unwrap();
        assert_eq!(date(before).to_string(), "2026-11-30");
        assert_eq!(date(after).to_string(), "2026-12-01");
    }
}
