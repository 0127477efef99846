//! The confirmation: reference, access code, what happens next and by when, contacts.

use crate::layout::provider_json;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape};
use content_model::Entry;
use content_model::dates::date_text;
use content_model::form::Form;
use content_model::placeholders::fill;
use serde_json::json;

/// The confirmation: reference, access code, what happens next and by when, contacts.
pub fn done_page(
    words: &Words,
    entry: &Entry<Form>,
    reference: &str,
    code: &str,
    decision: Option<chrono::NaiveDate>,
) -> Page {
    let form = &entry.data;
    let data = json!({
        "reference": reference,
        "code": code,
        "next_steps": words.html(&form.next_steps),
        "by": decision.map(|d| escape(&fill(&words.t("done_by"), &[("date", &date_text(words.lang, d))]))),
        "status_href": urls::status(words.lang),
        // Who decides: the provider of the form's service.
        "provider": words
            .content
            .service(&form.service)
            .and_then(|s| provider_json(words, &s.data.provider)),
    });
    Page::new(
        words,
        urls::form(words.lang, &entry.slug),
        PageKind::Done,
        words.t("done_title"),
        data,
    )
    .unlisted()
}
