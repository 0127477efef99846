//! The page for an address that leads nowhere, per language.

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use serde_json::json;

pub fn not_found(words: &Words) -> Page {
    Page::new(
        words,
        urls::not_found(words.lang),
        PageKind::NotFound,
        words.t("not_found_title"),
        json!({}),
    )
    .unlisted()
}
