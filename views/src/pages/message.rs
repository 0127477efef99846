//! A page with a title and a few paragraphs (an open application exists, the service is
//! unavailable, a draft is gone …).

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use serde_json::json;

/// A page with a title and a few paragraphs (open application exists, unavailable …).
pub fn message_page(
    words: &Words,
    title: &str,
    paragraphs: &[String],
    back: Option<(&str, &str)>,
) -> Page {
    page(words, title, paragraphs, back, None)
}

/// What a confirmation page asks to be confirmed: a POST to `action` with `fields`.
pub struct Confirm<'a> {
    pub action: &'a str,
    pub fields: &'a [(&'a str, &'a str)],
    /// The button that confirms (GOV.UK's warning button: it cannot be undone).
    pub button: &'a str,
}

/// "Are you sure?" (GOV.UK's confirmation pattern): the question, what follows, the
/// button that confirms, and the way back (`back`) that changes nothing.
pub fn confirm_page(
    words: &Words,
    title: &str,
    paragraphs: &[String],
    confirm: &Confirm,
    back: (&str, &str),
) -> Page {
    let form = json!({
        "action": confirm.action,
        "fields": confirm.fields.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
        "button": confirm.button,
    });
    page(words, title, paragraphs, Some(back), Some(form))
}

fn page(
    words: &Words,
    title: &str,
    paragraphs: &[String],
    back: Option<(&str, &str)>,
    confirm: Option<serde_json::Value>,
) -> Page {
    let data = json!({
        "heading": title,
        "paragraphs": paragraphs,
        "back": back.map(|(href, label)| json!({"href": href, "label": label})),
        "confirm": confirm,
    });
    Page::new(
        words,
        urls::home(words.lang),
        PageKind::Message,
        title.to_string(),
        data,
    )
    .unlisted()
}
