//! The note at the top of a page whose translation may be out of date (its source text
//! changed after the translation was last checked), with a link to the page in the
//! source language: the reader decides whether to trust it.

use crate::words::{Words, escape};
use content_model::Lang;
use content_model::dates::date_text;
use content_model::placeholders::fill;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleNotice {
    /// The language the page was translated from, which the link leads to.
    pub source: Lang,
    /// HTML, both (escaped here; the template does not escape them again).
    pub text: String,
    pub link: String,
}

/// The notice for a page in `words`' language made from the texts of `file` (a record
/// file key such as `services/dormitory.yaml`, or `workplan/` for all of its files).
pub fn stale_notice(words: &Words, file: &str) -> Option<StaleNotice> {
    let stale = words.content.translations.stale_page(file, words.lang)?;
    let date = date_text(words.lang, stale.checked_on);
    let source = stale.source;
    Some(StaleNotice {
        source,
        text: fill(
            &escape(&words.t(&format!("stale_notice_{source}"))),
            &[("date", &escape(&date))],
        ),
        link: escape(&words.t(&format!("stale_link_{source}"))),
    })
}
