//! Check your answers: every answered question with a change link, then "Accept and send".

use super::form::field_anchor;
use crate::answers;
use crate::format::fee_text;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape};
use content_model::Entry;
use content_model::form::{FieldType, Form};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Row {
    key: String,
    value: String,
    href: String,
}

/// Check your answers: every answered question with a change link, then "Accept and send".
pub fn check_page(
    words: &Words,
    entry: &Entry<Form>,
    draft: &str,
    answers: &BTreeMap<String, String>,
    files: &BTreeMap<String, Vec<String>>,
) -> Page {
    let form = &entry.data;
    let edit = urls::draft_edit(&entry.slug, draft, words.lang);
    let rows: Vec<Row> = form
        .fields()
        .filter_map(|f| {
            let value = if f.kind == FieldType::Files {
                let names = files.get(&f.name)?;
                // File names as they were, in the Latin-script edition too.
                let names = names
                    .iter()
                    .map(|n| escape(n))
                    .collect::<Vec<_>>()
                    .join("<br>");
                format!("<span translate=\"no\">{names}</span>")
            } else {
                let v = answers.get(&f.name)?;
                match f.kind {
                    // The statement confirmed ("I confirm that …") says more than "yes".
                    FieldType::Confirm => words.html(&f.label),
                    _ => answers::shown(words, f, v),
                }
            };
            Some(Row {
                key: words.html(&f.label),
                value,
                href: format!("{edit}#{}", field_anchor(f)),
            })
        })
        .collect();
    let fee = form.fee_field().and_then(|f| {
        let chosen = answers.get(&f.name)?;
        let fee = f.options.iter().find(|o| &o.value == chosen)?.fee?;
        Some(fee_text(words, &fee))
    });
    let data = json!({
        "title": words.html(&form.title),
        "rows": rows,
        "fee": fee,
        "send_action": urls::form_send(&entry.slug),
        "draft": draft,
        "lang": words.lang.code(),
    });
    Page::new(
        words,
        urls::form(words.lang, &entry.slug),
        PageKind::Check,
        words.t("check_title"),
        data,
    )
    .unlisted()
}
