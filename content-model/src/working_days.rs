//! Counting working days with the yearly holiday files: Saturdays, Sundays and the
//! listed days off are skipped; weekend days a decree made working are counted. One
//! implementation for the functions (expected decision dates) and the generator (the
//! calculators' tables and the data site.js counts with).

use crate::holidays::HolidayYear;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{BTreeSet, HashSet};

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days_off: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
    years: HashSet<i32>,
}

impl Calendar {
    pub fn new(years: &[HolidayYear]) -> Calendar {
        Calendar {
            days_off: years
                .iter()
                .flat_map(|y| y.days_off.iter().map(|d| d.date))
                .collect(),
            working_weekends: years
                .iter()
                .flat_map(|y| y.working_weekends.iter().copied())
                .collect(),
            years: years.iter().map(|y| y.year).collect(),
        }
    }

    /// Whether the calendar knows the year (beyond it, only weekends are skipped).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// The days off, in date order.
    pub fn days_off(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.days_off.iter().copied()
    }

    /// The weekend days made working by decree, in date order.
    pub fn working_weekends(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.working_weekends.iter().copied()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_weekends.contains(&date) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days_off.contains(&date)
    }

    /// The day by which something due "within `n` working days" of `start` is due.
    /// The start day counts when it is itself a working day, as `001` explains: arriving
    /// on a Sunday or on a Monday, the notification is due on the Wednesday.
    pub fn due_date(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut counted = u32::from(self.is_working_day(start));
        while counted < n {
            date += Duration::days(1);
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        date
    }

    /// The working days after `after`, up to and including `until` (none when `until`
    /// is not later): how late something due on `after` is on `until`.
    pub fn working_days_between(&self, after: NaiveDate, until: NaiveDate) -> u32 {
        let mut n = 0;
        let mut date = after;
        while date < until {
            date += Duration::days(1);
            if self.is_working_day(date) {
                n += 1;
            }
        }
        n
    }

    /// Where `due` stands on `today`. Counted in working days either way, so a due date on
    /// a day off, or one passed with no working day since, is "today": no working day lies
    /// between.
    pub fn standing(&self, due: NaiveDate, today: NaiveDate) -> Standing {
        if due < today {
            match self.working_days_between(due, today) {
                0 => Standing::Today,
                n => Standing::Overdue(n),
            }
        } else {
            match self.working_days_between(today, due) {
                0 => Standing::Today,
                n => Standing::Later(n),
            }
        }
    }
}

/// How something due stands on a day, in working days (the reviewers' queue tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Due in this many working days (at least one).
    Later(u32),
    /// Due today, or on the next working day when today is not one.
    Today,
    /// Past its due date by this many working days.
    Overdue(u32),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;
    use crate::holidays::DayOff;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn calendar_2026() -> Calendar {
        let off = |date: &str| DayOff {
            date: d(date),
            name: Text::new("", "", ""),
            moved_from: None,
        };
        Calendar::new(&[HolidayYear {
            year: 2026,
            // Nauryz 21-23 March 2026 falls on Sat-Mon; the two weekend days move on.
            days_off: vec![
                off("2026-01-01"),
                off("2026-01-02"),
                off("2026-01-07"),
                off("2026-03-09"),
                off("2026-03-23"),
                off("2026-03-24"),
                off("2026-03-25"),
            ],
            working_weekends: vec![],
            source: None,
        }])
    }

    #[test]
    fn the_worked_examples_of_the_foreign_students_rules() {
        let c = calendar_2026();
        // Sunday 2026-11-22 → Wednesday 25th; Monday 23rd → Wednesday 25th.
        assert_eq!(c.due_date(d("2026-11-22"), 3), d("2026-11-25"));
        assert_eq!(c.due_date(d("2026-11-23"), 3), d("2026-11-25"));
    }

    #[test]
    fn holidays_are_skipped() {
        let c = calendar_2026();
        // Friday 20 March before Nauryz: Fri, then Thu 26 and Fri 27.
        assert_eq!(c.due_date(d("2026-03-20"), 3), d("2026-03-27"));
        // New Year: Wed 31 Dec 2025 counts, then 5 and 6 January.
        assert_eq!(c.due_date(d("2025-12-31"), 3), d("2026-01-06"));
        assert!(!c.is_working_day(d("2026-01-07")));
        assert!(c.covers(d("2026-05-01")) && !c.covers(d("2027-05-01")));
    }

    #[test]
    fn standing_counts_working_days_only() {
        // No holidays: weekends only. 2026-12-04 is a Friday.
        let c = Calendar::new(&[]);
        let fri = d("2026-12-04");
        assert_eq!(c.standing(fri, fri), Standing::Today);
        assert_eq!(c.standing(fri, d("2026-12-02")), Standing::Later(2));
        // Over the weekend Friday's application is due "today" until Monday is a day
        // late; Monday: one working day late; Tuesday: two.
        assert_eq!(c.standing(fri, d("2026-12-05")), Standing::Today);
        assert_eq!(c.standing(fri, d("2026-12-06")), Standing::Today);
        assert_eq!(c.standing(fri, d("2026-12-07")), Standing::Overdue(1));
        assert_eq!(c.standing(fri, d("2026-12-08")), Standing::Overdue(2));
        // Due on a Saturday, seen on Friday: no working day lies between.
        assert_eq!(c.standing(d("2026-12-05"), fri), Standing::Today);
    }
}
