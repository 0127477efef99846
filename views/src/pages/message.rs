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
    let data = json!({
        "heading": title,
        "paragraphs": paragraphs,
        "back": back.map(|(href, label)| json!({"href": href, "label": label})),
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
