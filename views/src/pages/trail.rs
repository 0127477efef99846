//! An application's audit trail, for a lead: who looked at or changed it, when, and
//! from where — one row an entry, oldest first.

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use chrono::{DateTime, Utc};
use content_model::dates::date_time_text;
use serde_json::json;

/// One entry, as the API hands it over.
pub struct TrailRow<'a> {
    pub at: DateTime<Utc>,
    /// The reviewer's name; `None` for the applicant.
    pub by: Option<&'a str>,
    /// The action's name (`applications::audit::Action::name`): its words are `audit_<name>`.
    pub action: &'static str,
    /// What it was about, already in words (a document's field, a decision's outcome).
    pub detail: Option<String>,
    pub from: Option<&'a str>,
}

pub fn trail_page(words: &Words, reference: &str, rows: &[TrailRow]) -> Page {
    let lang = words.lang;
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "at": date_time_text(lang, r.at),
                "by": r.by.map(str::to_string).unwrap_or_else(|| words.t("trail_applicant")),
                "action": r.action,
                "what": words.t(&format!("audit_{}", r.action)),
                "detail": r.detail,
                "from": r.from.unwrap_or("—"),
            })
        })
        .collect();
    let data = json!({
        "reference": reference,
        "rows": rows,
        "application": urls::review_application(reference, lang),
        "queue": urls::review_queue(lang),
    });
    Page::new(
        words,
        urls::review(lang),
        PageKind::ReviewTrail,
        format!("{} · {reference}", words.t("trail_title")),
        data,
    )
    .unlisted()
}
