//! The whole work plan as files, per language: `/{lang}/workplan/plan.csv` (RFC 4180,
//! UTF-8 with a byte-order mark so that Excel reads Cyrillic), `plan.json` and `plan.ics`
//! (iCalendar, RFC 5545: one all-day event per dated deadline, recurring deadlines as
//! recurrence rules bounded by the end of the academic year).

use crate::build::OutFile;
use crate::html::Lx;
use crate::workplan_views::academic_year;
use chrono::{Datelike, Duration, NaiveDate};
use content_model::deadline::When;
use content_model::workplan::Row;
use content_model::{Content, Lang};
use serde_json::{Value, json};

/// The three exports of every language (none without a work plan).
pub fn files(content: &Content, base_url: &str, today: NaiveDate) -> Vec<OutFile> {
    if content.workplan.is_none() {
        return Vec::new();
    }
    Lang::ALL
        .iter()
        .flat_map(|&lang| {
            [
                ("plan.csv", csv(content, lang)),
                ("plan.json", json(content, lang, base_url)),
                ("plan.ics", ics(content, lang, base_url, today)),
            ]
            .map(|(name, text)| OutFile {
                path: format!("{lang}/workplan/{name}"),
                bytes: text.into_bytes(),
            })
        })
        .collect()
}

/// The deadline's values, machine-readable: ISO dates or months separated by spaces, the
/// day of the month, or the interval in months.
fn when_values(w: &When) -> String {
    let join = |v: Vec<String>| v.join(" ");
    match w {
        When::On(d) | When::By(d) => d.to_string(),
        When::Dates(ds) => join(ds.iter().map(NaiveDate::to_string).collect()),
        When::Months(ms) => join(ms.iter().map(|m| String::from(*m)).collect()),
        When::MonthlyByDay(n) | When::EveryMonths(n) => n.to_string(),
        _ => String::new(),
    }
}

fn unit_abbrs(lx: &Lx, r: &Row) -> Vec<String> {
    r.units
        .iter()
        .map(|u| match lx.content.glossary_entry(u) {
            Some(e) => lx.plain(&e.abbr),
            None => u.clone(),
        })
        .collect()
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The plan as a table: a header in the language, one line per row, CRLF line ends.
pub fn csv(content: &Content, lang: Lang) -> String {
    let lx = Lx::new(lang, content);
    let Some(plan) = &content.workplan else {
        return String::new();
    };
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        &[
            "plan_csv_section",
            "plan_csv_section_title",
            "plan_csv_no",
            "plan_activity",
            "plan_responsible",
            "plan_csv_units",
            "plan_deadline",
            "plan_csv_kind",
            "plan_csv_dates",
            "plan_outcome",
        ]
        .map(|k| lx.t(k)),
    );
    for s in &plan.sections {
        let s = &s.data;
        for r in &s.rows {
            line(&[
                s.number.to_string(),
                lx.plain(&s.title),
                r.no.to_string(),
                lx.plain(&r.activity),
                lx.plain(&r.responsible),
                unit_abbrs(&lx, r).join("; "),
                lx.plain(&r.deadline.text),
                r.deadline.when.kind().to_string(),
                when_values(&r.deadline.when),
                lx.plain(&r.outcome),
            ]);
        }
    }
    out
}

/// The plan as data: the texts in the language, the deadlines as structured values
/// (`{"by": "2025-09-01"}`, `"monthly"`, as in the content files) with their months.
pub fn json(content: &Content, lang: Lang, base_url: &str) -> String {
    let lx = Lx::new(lang, content);
    let Some(plan) = &content.workplan else {
        return String::new();
    };
    let page = format!("{base_url}/{lang}/workplan/");
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|s| {
            let s = &s.data;
            let rows: Vec<Value> = s
                .rows
                .iter()
                .map(|r| {
                    json!({
                        "no": r.no,
                        "activity": lx.plain(&r.activity),
                        "responsible": lx.plain(&r.responsible),
                        "units": r.units,
                        "deadline": {
                            "text": lx.plain(&r.deadline.text),
                            "kind": r.deadline.when.kind(),
                            "when": r.deadline.when,
                            "months": r.deadline.when.months(),
                            "monthly": r.deadline.when.is_monthly(),
                        },
                        "outcome": lx.plain(&r.outcome),
                        "url": format!("{page}#row-{}-{}", s.number, r.no),
                    })
                })
                .collect();
            json!({
                "number": s.number,
                "title": lx.plain(&s.title),
                "unit": s.unit,
                "url": format!("{base_url}/{lang}/workplan/section-{}/", s.number),
                "rows": rows,
            })
        })
        .collect();
    let units: Vec<Value> = content
        .glossary
        .entries
        .iter()
        .map(|e| json!({"id": e.id, "abbr": lx.plain(&e.abbr), "name": lx.plain(&e.expansion)}))
        .collect();
    let doc = json!({
        "lang": lang.code(),
        "title": lx.plain(&plan.meta.title),
        "academic_year": plan.meta.academic_year,
        "approved_by": {
            "position": lx.plain(&plan.meta.approved_by.position),
            "name": lx.plain(&plan.meta.approved_by.name),
        },
        "url": page,
        "sections": sections,
        "units": units,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a JSON value");
    s.push('\n');
    s
}

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
    let lx = Lx::new(lang, content);
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
        ics_text(&lx.plain(&plan.meta.title))
    ));
    let label = |key: &str, value: String| format!("{}: {value}", lx.t(key));
    for s in &plan.sections {
        let s = &s.data;
        for r in &s.rows {
            for o in occurrences(&r.deadline.when, first, last) {
                let description = [
                    label("plan_responsible", lx.plain(&r.responsible)),
                    label("plan_outcome", lx.plain(&r.outcome)),
                    label("plan_deadline", lx.plain(&r.deadline.text)),
                    format!("{}. {}", s.number, lx.plain(&s.title)),
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
                    ics_text(&lx.plain(&r.activity))
                ));
                put(format!(
                    "DESCRIPTION;LANGUAGE={code}:{}",
                    ics_text(&description)
                ));
                put(format!(
                    "CATEGORIES;LANGUAGE={code}:{}",
                    ics_text(&lx.plain(&s.title))
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
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
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
