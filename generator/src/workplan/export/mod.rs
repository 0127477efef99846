//! The whole work plan as files, per language: `/{lang}/workplan/plan.csv` (RFC 4180,
//! UTF-8 with a byte-order mark so that Excel reads Cyrillic), `plan.json` and `plan.ics`
//! (iCalendar, RFC 5545: one all-day event per dated deadline, recurring deadlines as
//! recurrence rules bounded by the end of the academic year).

mod csv;
mod ics;
mod json;

pub use csv::csv;
pub use ics::ics;
pub use json::json;

use crate::out_file::OutFile;
use chrono::NaiveDate;
use content_model::deadline::When;
use content_model::workplan::Row;
use content_model::{Content, Lang};
use views::Words;

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

fn unit_abbrs(words: &Words, r: &Row) -> Vec<String> {
    r.units
        .iter()
        .map(|u| match words.content.glossary_entry(u) {
            Some(e) => words.plain(&e.abbr),
            None => u.clone(),
        })
        .collect()
}
