//! The work plan: its page (the whole plan, every section's table), its filtered views
//! (by section, by unit, this month) and its exports (CSV, JSON, iCalendar). Static
//! pages only: nothing here is rendered by the API.

mod abbreviations;
mod academic_year;
pub mod export;
mod filtered;

pub use filtered::pages as filtered_pages;

use abbreviations::Abbreviator;
use chrono::NaiveDate;
use content_model::placeholders::fill;
use content_model::workplan::{Row, Section};
use serde_json::{Value, json};
use views::words::escape;
use views::{Page, PageKind, Words, urls};

/// The whole plan, with the links to its views.
pub fn page(words: &Words, today: NaiveDate) -> Option<Page> {
    let c = words.content;
    let plan = c.workplan.as_ref()?;
    let abbr = Abbreviator::new(&c.glossary, words.lang);
    let a = |t: &content_model::Text| abbr.apply(&words.html(t));
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|e| {
            let rows: Vec<&Row> = e.data.rows.iter().collect();
            section_json(words, &abbr, &e.data, &rows)
        })
        .collect();
    let approved = fill(
        &escape(&words.t("plan_approved")),
        &[
            ("position", &words.html(&plan.meta.approved_by.position)),
            ("name", &words.html(&plan.meta.approved_by.name)),
        ],
    );
    let data = json!({"title": a(&plan.meta.title), "approved": approved, "sections": sections});
    let title = words.plain(&plan.meta.title);
    let mut page = Page::new(
        words,
        urls::workplan(words.lang),
        PageKind::Workplan,
        title,
        data,
    )
    .stale_from(words, "workplan/");
    // The links to the views count their own fallbacks, apart from the page's notice.
    filtered::add_nav(&mut page, &Words::new(words.lang, c), today);
    Some(page)
}

/// A section as `workplan.html` lays it out, with only the given rows (all of them on
/// the whole plan's page).
fn section_json(words: &Words, abbr: &Abbreviator, s: &Section, rows: &[&Row]) -> Value {
    let a = |t: &content_model::Text| abbr.apply(&words.html(t));
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "no": r.no,
                "activity": a(&r.activity),
                "responsible": a(&r.responsible),
                "deadline": a(&r.deadline.text),
                "outcome": a(&r.outcome),
            })
        })
        .collect();
    json!({
        "number": s.number,
        "title": a(&s.title),
        "title_plain": words.plain(&s.title),
        "note": words.html_opt(s.note.as_ref()),
        "count": words.plural("plan_rows", rows.len() as u64),
        "rows": rows,
    })
}
