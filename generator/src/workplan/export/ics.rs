//! The plan's dated deadlines as a calendar (RFC 5545).

use super::super::academic_year::academic_year;
use chrono::{Datelike, Duration, NaiveDate};
use content_model::deadline::When;
use content_model::{Content, Lang};
use views::Words;

/// An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line
/// breaks escaped.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (RFC 5545 §3.1) without splitting a UTF-8
/// character, with CRLF line ends.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn ics_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// One event of a row: its first (or only) day, a recurrence rule, and the part of its
/// UID that tells it from the row's other events.
struct Occurrence {
    start: NaiveDate,
    rrule: Option<String>,
    key: String,
}

/// The events of a deadline; none for deadlines without a date.
fn occurrences(w: &When, first: NaiveDate, last: NaiveDate) -> Vec<Occurrence> {
    let until = ics_date(last);
    let day = |d: NaiveDate| Occurrence {
        start: d,
        rrule: None,
        key: ics_date(d),
    };
    let every = |key: &str, rule: String| Occurrence {
        start: first,
        rrule: Some(format!("{rule};UNTIL={until}")),
        key: key.to_string(),
    };
    match w {
        When::On(d) | When::By(d) => vec![day(*d)],
        When::Dates(ds) => ds.iter().map(|d| day(*d)).collect(),
        When::Months(ms) => ms
            .iter()
            .map(|m| Occurrence {
                start: m.first_day(),
                rrule: None,
                key: String::from(*m).replace('-', ""),
            })
            .collect(),
        When::Monthly => vec![every("monthly", "FREQ=MONTHLY".into())],
        When::MonthlyByDay(n) => {
            // The first such day of the academic year (a 31st skips the shorter months).
            let start = (0..12)
                .filter_map(|i| {
                    let m = first + chrono::Months::new(i);
                    NaiveDate::from_ymd_opt(m.year(), m.month(), *n)
                })
                .find(|d| *d >= first);
            start
                .map(|start| Occurrence {
                    start,
                    rrule: Some(format!("FREQ=MONTHLY;BYMONTHDAY={n};UNTIL={until}")),
                    key: format!("day{n}"),
                })
                .into_iter()
                .collect()
        }
        When::EveryMonths(n) => vec![every(
            &format!("every{n}"),
            format!("FREQ=MONTHLY;INTERVAL={n}"),
        )],
        When::Quarterly => vec![every("quarterly", "FREQ=MONTHLY;INTERVAL=3".into())],
        When::TwiceAYear
        | When::ThroughoutYear
        | When::AcademicCalendar
        | When::OnRequest
        | When::OnEvent => Vec::new(),
    }
}

/// The plan's dated deadlines as an iCalendar file. `today` gives DTSTAMP (midnight UTC of
/// the build date, so that a day's builds are identical); the UIDs depend only on the plan
/// (academic year, section, row, date or rule) and the language.
pub fn ics(content: &Content, lang: Lang, base_url: &str, today: NaiveDate) -> String {
    let words = Words::new(lang, content);
    let Some(plan) = &content.workplan else {
        return String::new();
    };
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split('/')
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    let (first, last) = academic_year(&plan.meta.academic_year, today);
    let stamp = format!("{}T000000Z", ics_date(today));
    let code = lang.code();
    let mut out = String::new();
    let mut put = |line: String| out.push_str(&fold(&line));
    put("BEGIN:VCALENDAR".into());
    put("VERSION:2.0".into());
    put(format!(
        "PRODID:-//{host}//Work plan//{}",
        code.to_uppercase()
    ));
    put("CALSCALE:GREGORIAN".into());
    put("METHOD:PUBLISH".into());
    put(format!(
        "X-WR-CALNAME:{}",
        ics_text(&words.plain(&plan.meta.title))
    ));
    let label = |key: &str, value: String| format!("{}: {value}", words.t(key));
    for s in &plan.sections {
        let s = &s.data;
        for r in &s.rows {
            for o in occurrences(&r.deadline.when, first, last) {
                let description = [
                    label("plan_responsible", words.plain(&r.responsible)),
                    label("plan_outcome", words.plain(&r.outcome)),
                    label("plan_deadline", words.plain(&r.deadline.text)),
                    format!("{}. {}", s.number, words.plain(&s.title)),
                ]
                .join("\n");
                put("BEGIN:VEVENT".into());
                put(format!(
                    "UID:workplan-{}-{}-{}-{}-{code}@{host}",
                    plan.meta.academic_year, s.number, r.no, o.key
                ));
                put(format!("DTSTAMP:{stamp}"));
                put(format!("DTSTART;VALUE=DATE:{}", ics_date(o.start)));
                put(format!(
                    "DTEND;VALUE=DATE:{}",
                    ics_date(o.start + Duration::days(1))
                ));
                if let Some(rule) = &o.rrule {
                    put(format!("RRULE:{rule}"));
                }
                put(format!(
                    "SUMMARY;LANGUAGE={code}:{}",
                    ics_text(&words.plain(&r.activity))
                ));
                put(format!(
                    "DESCRIPTION;LANGUAGE={code}:{}",
                    ics_text(&description)
                ));
                put(format!(
                    "CATEGORIES;LANGUAGE={code}:{}",
                    ics_text(&words.plain(&s.title))
                ));
                put(format!(
                    "URL:{base_url}/{code}/workplan/#row-{}-{}",
                    s.number, r.no
                ));
                put("TRANSP:TRANSPARENT".into());
                put("END:VEVENT".into());
            }
        }
    }
    put("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let long = format!("SUMMARY:{}", "ә".repeat(60));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn recurring_deadlines_end_with_the_academic_year() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (first, last) = academic_year("2025-2026", d("2026-11-20"));
        assert_eq!((first, last), (d("2025-09-01"), d("2026-08-31")));
        let o = occurrences(&When::MonthlyByDay(20), first, last);
        assert_eq!(o[0].start, d("2025-09-20"));
        assert_eq!(
            o[0].rrule.as_deref(),
            Some("FREQ=MONTHLY;BYMONTHDAY=20;UNTIL=20260831")
        );
        let o = occurrences(&When::EveryMonths(2), first, last);
        assert_eq!(
            o[0].rrule.as_deref(),
            Some("FREQ=MONTHLY;INTERVAL=2;UNTIL=20260831")
        );
        assert!(occurrences(&When::ThroughoutYear, first, last).is_empty());
    }
}
