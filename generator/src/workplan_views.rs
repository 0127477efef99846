//! The work plan filtered without JavaScript: one page per section
//! (`/{lang}/workplan/section-N/`), one per responsible unit
//! (`/{lang}/workplan/unit/<glossary-id>/`) and "this month"
//! (`/{lang}/workplan/this-month/`, computed from the build date), each rendered with
//! `workplan.html` and linked from every work-plan page by the `views` block.
//!
//! The views are pages of kind `workplan-view`: a site search can leave them out of its
//! index (their rows are all on the whole plan's page).

use crate::html::{Abbreviator, Lx, escape};
use crate::pages::{Page, date_text, page};
use chrono::{Datelike, NaiveDate};
use content_model::deadline::YearMonth;
use content_model::workplan::{Row, Section};
use content_model::{Content, Lang};
use serde_json::{Value, json};

/// The date the site is built for: `SOURCE_DATE_EPOCH` (seconds, for reproducible
/// builds) when it is set, else today's local date.
pub fn build_date() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub use crate::dates::month_text;

fn year_month(d: NaiveDate) -> YearMonth {
    YearMonth {
        year: d.year(),
        month: d.month(),
    }
}

/// The first and last day of the plan's academic year (`2025-2026` → 1 September 2025 to
/// 31 August 2026); without a readable year, the academic year `today` falls in.
pub fn academic_year(academic_year: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = academic_year
        .split(['-', '–', '/'])
        .next()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .unwrap_or(if today.month() >= 9 {
            today.year()
        } else {
            today.year() - 1
        });
    (
        NaiveDate::from_ymd_opt(first, 9, 1).expect("1 September"),
        NaiveDate::from_ymd_opt(first + 1, 8, 31).expect("31 August"),
    )
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
fn unit_name(lx: &Lx, id: &str) -> String {
    match lx.content.glossary_entry(id) {
        Some(e) => format!("{} ({})", lx.plain(&e.expansion), lx.plain(&e.abbr)),
        None => id.to_string(),
    }
}

/// The links to every view and to the exports, shown on every work-plan page.
fn nav(lx: &Lx, today: NaiveDate, current: &View) -> Value {
    let content = lx.content;
    let Some(plan) = &content.workplan else {
        return Value::Null;
    };
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|s| {
            json!({
                "href": lx.path(&format!("workplan/section-{}/", s.data.number)),
                "label": format!("{}. {}", s.data.number, lx.html(&s.data.title)),
                "current": *current == View::Section(s.data.number),
            })
        })
        .collect();
    let units: Vec<Value> = units(content)
        .iter()
        .map(|u| {
            json!({
                "href": lx.path(&format!("workplan/unit/{u}/")),
                "label": escape(&unit_name(lx, u)),
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
        json!({"href": lx.path(&format!("workplan/{file}")), "type": mime, "label": lx.t(key)})
    })
    .collect();
    json!({
        "whole": {"href": lx.path("workplan/"), "current": *current == View::Whole},
        "this_month": {
            "href": lx.path("workplan/this-month/"),
            "label": lx.t("plan_this_month").replace("{month}", &month_text(lx.lang, year_month(today))),
            "current": *current == View::ThisMonth,
        },
        "sections": sections,
        "units": units,
        "downloads": downloads,
    })
}

/// Add the views block to the whole plan's page (made by `pages::workplan`).
pub fn add_nav(p: &mut Page, lx: &Lx, today: NaiveDate) {
    if let Some(map) = p.data.as_object_mut() {
        map.insert("views".into(), nav(lx, today, &View::Whole));
    }
}

/// A section as `workplan.html` lays it out, with only the given rows (all of them on
/// the whole plan's page).
pub(crate) fn section_json(lx: &Lx, abbr: &Abbreviator, s: &Section, rows: &[&Row]) -> Value {
    let a = |t: &content_model::Text| abbr.apply(&lx.html(t));
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
        "title_plain": lx.plain(&s.title),
        "note": lx.html_opt(s.note.as_ref()),
        "count": lx.plural("plan_rows", rows.len() as u64),
        "rows": rows,
    })
}

/// One view page: the sections whose rows `keep` selects (sections with none left out).
fn view_page(
    lx: &Lx,
    today: NaiveDate,
    view: View,
    url: String,
    title: String,
    lead: String,
    keep: &dyn Fn(&Section, &Row) -> bool,
) -> Page {
    let content = lx.content;
    let plan = content.workplan.as_ref().expect("views exist with a plan");
    let abbr = Abbreviator::new(&content.glossary, lx.lang);
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .filter_map(|e| {
            let rows: Vec<&Row> = e.data.rows.iter().filter(|r| keep(&e.data, r)).collect();
            (!rows.is_empty()).then(|| section_json(lx, &abbr, &e.data, &rows))
        })
        .collect();
    let data = json!({
        "title": escape(&title),
        "view": {
            "lead": lead,
            "plan_title": lx.html(&plan.meta.title),
        },
        "empty": sections.is_empty(),
        "sections": sections,
        "views": nav(lx, today, &view),
    });
    let mut p = page(
        lx,
        url,
        "workplan.html",
        "workplan-view",
        "workplan",
        title,
        data,
    );
    p.description = Some(lx.plain(&plan.meta.title));
    p
}

/// Every view page of one language.
pub fn pages(content: &Content, lang: Lang, today: NaiveDate) -> Vec<Page> {
    let Some(plan) = &content.workplan else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in &plan.sections {
        let lx = Lx::new(lang, content);
        let s = &e.data;
        let number = s.number;
        let title = format!("{}. {}", number, lx.plain(&s.title));
        let lead = escape(&lx.plural("plan_rows", s.rows.len() as u64));
        out.push(view_page(
            &lx,
            today,
            View::Section(number),
            lx.path(&format!("workplan/section-{number}/")),
            title,
            lead,
            &|sec, _| sec.number == number,
        ));
    }
    for unit in units(content) {
        let lx = Lx::new(lang, content);
        let title = lx
            .t("plan_unit_title")
            .replace("{unit}", &unit_name(&lx, &unit));
        let n = plan
            .sections
            .iter()
            .flat_map(|s| s.data.rows.iter())
            .filter(|r| r.units.contains(&unit))
            .count();
        let lead = escape(&lx.plural("plan_rows", n as u64));
        out.push(view_page(
            &lx,
            today,
            View::Unit(unit.clone()),
            lx.path(&format!("workplan/unit/{unit}/")),
            title,
            lead,
            &|_, r| r.units.contains(&unit),
        ));
    }
    out.push(this_month(content, lang, today));
    out
}

/// The rows due in the build date's month, and the rows done every month.
fn this_month(content: &Content, lang: Lang, today: NaiveDate) -> Page {
    let lx = Lx::new(lang, content);
    let plan = content.workplan.as_ref().expect("views exist with a plan");
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
    let mut lead = escape(
        &lx.t("plan_month_lead")
            .replace("{month}", &month_name)
            .replace("{date}", &date_text(lang, today)),
    );
    if today < first || today > last {
        lead.push(' ');
        lead.push_str(&escape(
            &lx.t("plan_month_outside")
                .replace("{year}", &plan.meta.academic_year),
        ));
    }
    if !any {
        lead.push(' ');
        lead.push_str(&escape(
            &lx.t("plan_month_empty").replace("{month}", &month_name),
        ));
    }
    let title = lx.t("plan_month_title").replace("{month}", &month_name);
    view_page(
        &lx,
        today,
        View::ThisMonth,
        lx.path("workplan/this-month/"),
        title,
        lead,
        &keep,
    )
}
