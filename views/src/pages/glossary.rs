//! The glossary of abbreviations.

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use content_model::Lang;
use serde_json::{Value, json};

pub fn glossary(words: &Words) -> Page {
    let entries: Vec<Value> = words
        .content
        .glossary
        .entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "abbr": words.html(&e.abbr),
                "title": words.plain(&e.expansion),
                // Written out in this language: the heading shows the source's letters
                // the note speaks of (ҚК), not the same words twice.
                "source": e.written_out(words.lang).then(|| e.abbr.exact(Lang::Kk)).flatten(),
                "expansion": words.html(&e.expansion),
                "note": words.html_opt(e.note.as_ref()),
            })
        })
        .collect();
    Page::new(
        words,
        urls::glossary(words.lang),
        PageKind::Glossary,
        words.t("nav_glossary"),
        json!({"entries": entries}),
    )
}
