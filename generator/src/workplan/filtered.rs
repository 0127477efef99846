//! The work plan filtered without JavaScript: one page per section
//! (`/{lang}/workplan/section-N/`), one per responsible unit
//! (`/{lang}/workplan/unit/<glossary-id>/`) and "this month"
//! (`/{lang}/workplan/this-month/`, computed from the build date), each rendered with
//! `workplan.html` and linked from every work-plan page by the `views` block.
//!
//! The views are pages of kind `workplan-view`: a site search can leave them out of its
//! index (their rows are all on the whole plan's page).

use super::abbreviations::Abbreviator;
use super::academic_year::academic_year;
use super::section_json;
use chrono::{Datelike, NaiveDate};
use content_model::dates::{date_text, month_text};
use content_model::deadline::YearMonth;
use content_model::placeholders::fill;
use content_model::workplan::{Row, Section, WorkPlan};
use content_model::{Content, Lang};
use serde_json::{Value, json};
use views::words::escape;
use views::{Page, PageKind, Words, urls};

fn year_month(d: NaiveDate) -> YearMonth {
    YearMonth {
        year: d.year(),
        month: d.month(),
    }
}

/// What a view is, for the navigation's `aria-current`.
#[derive(Clone, PartialEq, Eq)]
enum View {
    Whole,
    Section(u32),
    Unit(String),
    ThisMonth,
}

/// The unit ids that rows name, in the glossary's order (unknown ids last, sorted).
fn units(content: &Content) -> Vec<String> {
    let Some(plan) = &content.workplan else {
        return Vec::new();
    };
    let mut used: Vec<&String> = plan
        .sections
        .iter()
        .flat_map(|s| s.data.rows.iter().flat_map(|r| r.units.iter()))
        .collect();
    used.sort();
    used.dedup();
    let mut out: Vec<String> = content
        .glossary
        .entries
        .iter()
        .filter(|e| used.contains(&&e.id))
        .map(|e| e.id.clone())
        .collect();
    out.extend(
        used.into_iter()
            .filter(|u| content.glossary_entry(u).is_none())
            .cloned(),
    );
    out
}

/// A unit's name: "Registrar's Office (RO)".
fn unit_name(words: &Words, id: &str) -> String {
    match words.content.glossary_entry(id) {
        Some(e) if e.written_out(words.lang) => words.plain(&e.expansion),
        Some(e) => format!("{} ({})", words.plain(&e.expansion), words.plain(&e.abbr)),
        None => id.to_string(),
    }
}

/// The links to every view and to the exports, shown on every work-plan page.
fn nav(words: &Words, today: NaiveDate, current: &View) -> Value {
    let content = words.content;
    let Some(plan) = &content.workplan else {
        return Value::Null;
    };
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|s| {
            json!({
                "href": urls::workplan_section(words.lang, s.data.number),
                "label": format!("{}. {}", s.data.number, words.html(&s.data.title)),
                "current": *current == View::Section(s.data.number),
            })
        })
        .collect();
    let units: Vec<Value> = units(content)
        .iter()
        .map(|u| {
            json!({
                "href": urls::workplan_unit(words.lang, u),
                "label": escape(&unit_name(words, u)),
                "current": *current == View::Unit(u.clone()),
            })
        })
        .collect();
    let downloads: Vec<Value> = [
        ("plan.csv", "text/csv", "plan_download_csv"),
        ("plan.json", "application/json", "plan_download_json"),
        ("plan.ics", "text/calendar", "plan_download_ics"),
    ]
    .iter()
    .map(|(file, mime, key)| {
        json!({"href": urls::workplan_file(words.lang, file), "type": mime, "label": words.t(key)})
    })
    .collect();
    json!({
        "whole": {"href": urls::workplan(words.lang), "current": *current == View::Whole},
        "this_month": {
            "href": urls::workplan_this_month(words.lang),
            "label": fill(&words.t("plan_this_month"), &[("month", &month_text(words.lang, year_month(today)))]),
            "current": *current == View::ThisMonth,
        },
        "sections": sections,
        "units": units,
        "downloads": downloads,
    })
}

/// Add the views block to the whole plan's page (made by `pages::workplan`).
pub fn add_nav(p: &mut Page, words: &Words, today: NaiveDate) {
    if let Some(map) = p.data.as_object_mut() {
        map.insert("views".into(), nav(words, today, &View::Whole));
    }
}

/// One view page: the sections whose rows `keep` selects (sections with none left out).
#[allow(clippy::too_many_arguments)] // each is one part of the page; a struct would only rename them
fn view_page(
    words: &Words,
    plan: &WorkPlan,
    today: NaiveDate,
    view: View,
    url: String,
    title: String,
    lead: String,
    keep: &dyn Fn(&Section, &Row) -> bool,
) -> Page {
    let abbr = Abbreviator::new(&words.content.glossary, words.lang);
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .filter_map(|e| {
            let rows: Vec<&Row> = e.data.rows.iter().filter(|r| keep(&e.data, r)).collect();
            (!rows.is_empty()).then(|| section_json(words, &abbr, &e.data, &rows))
        })
        .collect();
    let data = json!({
        "title": escape(&title),
        "view": {
            "lead": lead,
            "plan_title": words.html(&plan.meta.title),
        },
        "empty": sections.is_empty(),
        "sections": sections,
        "views": nav(words, today, &view),
    });
    Page::new(words, url, PageKind::WorkplanView, title, data)
        .described(words.plain(&plan.meta.title))
}

/// Every view page of one language.
pub fn pages(content: &Content, lang: Lang, today: NaiveDate) -> Vec<Page> {
    let Some(plan) = &content.workplan else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in &plan.sections {
        let words = Words::new(lang, content);
        let s = &e.data;
        let number = s.number;
        let title = format!("{}. {}", number, words.plain(&s.title));
        let lead = escape(&words.plural("plan_rows", s.rows.len() as u64));
        out.push(view_page(
            &words,
            plan,
            today,
            View::Section(number),
            urls::workplan_section(words.lang, number),
            title,
            lead,
            &|sec, _| sec.number == number,
        ));
    }
    for unit in units(content) {
        let words = Words::new(lang, content);
        let title = fill(
            &words.t("plan_unit_title"),
            &[("unit", &unit_name(&words, &unit))],
        );
        let n = plan
            .sections
            .iter()
            .flat_map(|s| s.data.rows.iter())
            .filter(|r| r.units.contains(&unit))
            .count();
        let lead = escape(&words.plural("plan_rows", n as u64));
        out.push(view_page(
            &words,
            plan,
            today,
            View::Unit(unit.clone()),
            urls::workplan_unit(words.lang, &unit),
            title,
            lead,
            &|_, r| r.units.contains(&unit),
        ));
    }
    out.push(this_month(content, plan, lang, today));
    out
}

/// The rows due in the build date's month, and the rows done every month.
fn this_month(content: &Content, plan: &WorkPlan, lang: Lang, today: NaiveDate) -> Page {
    let words = Words::new(lang, content);
    let month = year_month(today);
    let month_name = month_text(lang, month);
    let (first, last) = academic_year(&plan.meta.academic_year, today);
    let keep = |_: &Section, r: &Row| {
        r.deadline.when.is_monthly() || r.deadline.when.months().contains(&month)
    };
    let any = plan
        .sections
        .iter()
        .any(|s| s.data.rows.iter().any(|r| keep(&s.data, r)));
    let mut lead = escape(&fill(
        &words.t("plan_month_lead"),
        &[("month", &month_name), ("date", &date_text(lang, today))],
    ));
    if today < first || today > last {
        lead.push(' ');
        lead.push_str(&escape(&fill(
            &words.t("plan_month_outside"),
            &[("year", &plan.meta.academic_year)],
        )));
    }
    if !any {
        lead.push(' ');
        lead.push_str(&escape(&fill(
            &words.t("plan_month_empty"),
            &[("month", &month_name)],
        )));
    }
    let title = fill(&words.t("plan_month_title"), &[("month", &month_name)]);
    view_page(
        &words,
        plan,
        today,
        View::ThisMonth,
        urls::workplan_this_month(words.lang),
        title,
        lead,
        &keep,
    )
}
