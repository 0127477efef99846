//! The calculators of the service pages, from the same data as the rest of the page:
//!
//! - the fee calculator: "pick your situation" → the monthly fee and the documents to
//!   attach, from the options of the form's fee field (the dormitory's category);
//! - the working-day calculators: "the day it is counted from → the last day" for a
//!   `time_limit` (the foreign citizen's notification of stay) and "applied on → ready by"
//!   for `processing` in working days (certificates, the transcript).
//!
//! Without JavaScript a page shows the fees table (already there), the rule, the worked
//! examples and a table of due dates for the next 14 days computed at build time. With
//! JavaScript, `site.js` (`dueDate`) counts from any date with the holidays written into
//! the page as data attributes. The rule is `content_model::working_days::Calendar`, the
//! one the functions use; the shared vectors in `tests/vectors/working_days.json`
//! check it and site.js alike.

use crate::format::fee_text;
use crate::page::Page;
use crate::words::{Words, escape};
use chrono::{Datelike, Duration, NaiveDate};
use content_model::dates::{self, date_text};
use content_model::holidays::HolidayYear;
use content_model::placeholders::fill;
use content_model::service::{DayRange, Service};
use content_model::working_days::Calendar;
use content_model::{Entry, Lang};
use serde_json::{Value, json};

/// How many start days the table of due dates shows (without JavaScript).
pub const TABLE_DAYS: u32 = 14;

/// Dates as the page's data attributes carry them: space-separated ISO dates.
fn join(days: impl Iterator<Item = NaiveDate>) -> String {
    days.map(|d| d.to_string()).collect::<Vec<_>>().join(" ")
}

/// The holidays as the JavaScript calculator receives them, as one JSON document:
/// `{"days_off": [...], "working_weekends": [...]}`. Committed next to the shared test
/// vectors (`tests/vectors/holidays.json`) for the Node test; the Rust vector
/// test checks that copy is up to date with `content/holidays/`.
pub fn holidays_json(years: &[HolidayYear]) -> String {
    let w = Calendar::new(years);
    let mut s = serde_json::to_string_pretty(&json!({
        "days_off": w.days_off().map(|d| d.to_string()).collect::<Vec<_>>(),
        "working_weekends": w.working_weekends().map(|d| d.to_string()).collect::<Vec<_>>(),
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

/// The names a date is written with: the weekdays (Monday first), the months as a date
/// says them ("25 ноября"), and the pattern. The page gives the same to site.js (browsers'
/// `Intl` lacks Kazakh in some builds), so that both write a date alike.
struct DateWords {
    weekdays: [&'static str; 7],
    months: [&'static str; 12],
    pattern: &'static str,
}

fn date_words(lang: Lang) -> DateWords {
    match lang {
        Lang::En => DateWords {
            weekdays: [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ],
            months: dates::MONTHS_EN,
            pattern: "{weekday}, {day} {month} {year}",
        },
        Lang::Ru => DateWords {
            weekdays: [
                "понедельник",
                "вторник",
                "среда",
                "четверг",
                "пятница",
                "суббота",
                "воскресенье",
            ],
            months: dates::MONTHS_RU_GENITIVE,
            pattern: "{weekday}, {day} {month} {year} г.",
        },
        Lang::Kk => DateWords {
            weekdays: [
                "дүйсенбі",
                "сейсенбі",
                "сәрсенбі",
                "бейсенбі",
                "жұма",
                "сенбі",
                "жексенбі",
            ],
            months: dates::MONTHS_KK,
            pattern: "{year} ж. {day} {month}, {weekday}",
        },
    }
}

/// A date with its weekday: "Wednesday, 25 November 2026", "среда, 25 ноября 2026 г.",
/// "2026 ж. 25 қараша, сәрсенбі" (site.js writes it the same way).
pub fn day_text(lang: Lang, d: NaiveDate) -> String {
    let w = date_words(lang);
    fill(
        w.pattern,
        &[
            (
                "weekday",
                w.weekdays[d.weekday().num_days_from_monday() as usize],
            ),
            ("day", &d.day().to_string()),
            ("month", w.months[d.month0() as usize]),
            ("year", &d.year().to_string()),
        ],
    )
}

fn time(lang: Lang, d: NaiveDate) -> String {
    format!(
        r#"<time datetime="{d}">{}</time>"#,
        escape(&day_text(lang, d))
    )
}

/// Add the calculators a service page needs to its data (`fee_calc`, `due_calcs`).
pub fn add_to_service(p: &mut Page, words: &Words, entry: &Entry<Service>, today: NaiveDate) {
    let s = &entry.data;
    if let Some(fee) = fee_calculator(words, s)
        && let Some(map) = p.data.as_object_mut()
    {
        map.insert("fee_calc".into(), fee);
    }
    let cal = Calendar::new(&words.content.holidays);
    let mut calcs = Vec::new();
    if let Some(t) = &s.time_limit {
        calcs.push(due_calculator(
            words,
            &cal,
            today,
            Kind::Limit,
            DayRange::Exactly(t.working_days),
        ));
    }
    if let Some(pr) = &s.processing {
        calcs.push(due_calculator(
            words,
            &cal,
            today,
            Kind::Processing,
            pr.working_days,
        ));
    }
    if !calcs.is_empty()
        && let Some(map) = p.data.as_object_mut()
    {
        map.insert("due_calcs".into(), Value::Array(calcs));
    }
    p.fallbacks += words.fallbacks();
}

/// "Pick your situation": the options of the form's fee field, each with its fee and its
/// documents (as data attributes, for site.js).
fn fee_calculator(words: &Words, s: &Service) -> Option<Value> {
    let form = s.cost.as_ref()?.from_form.as_ref()?;
    let form = words.content.form(form)?;
    let field = form.data.fee_field()?;
    let options: Vec<Value> = field
        .options
        .iter()
        .filter_map(|o| {
            let fee = o.fee.as_ref()?;
            let docs: Vec<String> = o.documents.iter().map(|d| words.plain(d)).collect();
            Some(json!({
                "id": format!("fee-{}", o.value),
                "value": o.value,
                "label": words.html(&o.label),
                "fee": fee_text(words, fee),
                "docs": serde_json::to_string(&docs).unwrap_or_default(),
            }))
        })
        .collect();
    (!options.is_empty()).then(|| {
        json!({
            "legend": words.html(&field.label),
            "options": options,
        })
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A deadline counted from an event (`time_limit`).
    Limit,
    /// A processing time counted from the application (`processing`).
    Processing,
}

fn due_calculator(
    words: &Words,
    cal: &Calendar,
    today: NaiveDate,
    kind: Kind,
    range: DayRange,
) -> Value {
    let lang = words.lang;
    let (id, prefix) = match kind {
        Kind::Limit => ("calc-limit", "calc_limit"),
        Kind::Processing => ("calc-ready", "calc_ready"),
    };
    let t = |suffix: &str| words.t(&format!("{prefix}_{suffix}"));
    let (min, max) = (range.min(), range.max());
    let rows: Vec<Value> = (0..TABLE_DAYS)
        .map(|i| {
            let start = today + Duration::days(i64::from(i));
            let first = cal.due_date(start, min);
            let due = if max > min {
                format!(
                    "{} – {}",
                    time(lang, first),
                    time(lang, cal.due_date(start, max))
                )
            } else {
                time(lang, first)
            };
            json!({
                "start": time(lang, start),
                "day_off": !cal.is_working_day(start),
                "due": due,
            })
        })
        .collect();
    json!({
        "id": id,
        "title": t("title"),
        "label": t("label"),
        "days": min,
        "days_max": max,
        "template": t("result"),
        "template_range": words.t("calc_ready_range"),
        "weekdays": date_words(lang).weekdays.join(" "),
        "months": date_words(lang).months.join(" "),
        "pattern": date_words(lang).pattern,
        "off": join(cal.days_off()),
        "work": join(cal.working_weekends()),
        "col_start": t("col_start"),
        "col_due": t("col_due"),
        "summary": words.plural("calc_table_summary", u64::from(TABLE_DAYS)),
        "asof": fill(&words.t("calc_table_asof"), &[("date", &date_text(lang, today))]),
        "rows": rows,
    })
}
