//! The list of guides and each guide's page (its Markdown, with a table of contents).

use crate::guide_body;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape};
use content_model::dates::date_text;
use serde_json::{Value, json};

/// A card per guide, for the list and the home page.
pub(super) fn guide_cards(words: &Words) -> Vec<Value> {
    words.content
        .guides
        .iter()
        .filter_map(|g| {
            let (l, body) = g.body(words.lang)?;
            let wrap = |s: &str| {
                if l == words.lang {
                    escape(s)
                } else {
                    words.note_fallback();
                    format!(r#"<span lang="{l}">{}</span>"#, escape(s))
                }
            };
            Some(json!({"href": urls::guide(words.lang, &g.slug), "title": wrap(&body.front.title), "summary": wrap(&body.front.summary)}))
        })
        .collect()
}

pub fn guides(words: &Words) -> Page {
    let cards = guide_cards(words);
    Page::new(
        words,
        urls::guides(words.lang),
        PageKind::Guides,
        words.t("nav_guides"),
        json!({"guides": cards}),
    )
}

pub fn guide(words: &Words, g: &content_model::guide::Guide) -> Option<Page> {
    let lang = words.lang;
    let (body_lang, body) = g.body(lang)?;
    if body_lang != lang {
        words.note_fallback();
    }
    let toc: Vec<Value> = body
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| json!({"id": h.id, "text": h.text}))
        .collect();
    let service = g
        .meta
        .service
        .as_ref()
        .and_then(|s| words.content.service(s))
        .map(|s| json!({"href": urls::service(lang, &s.slug), "title": words.html(&s.data.title)}));
    let data = json!({
        "title": body.front.title,
        "summary": body.front.summary,
        "body_lang": (body_lang != lang).then(|| body_lang.code()),
        "toc": toc,
        "body": guide_body::render(body, lang),
        "service": service,
        "updated": date_text(lang, g.meta.updated),
        "updated_iso": g.meta.updated.to_string(),
    });
    Some(
        Page::new(
            words,
            urls::guide(lang, &g.slug),
            PageKind::Guide,
            body.front.title.clone(),
            data,
        )
        .described(body.front.summary.clone())
        .stale_from(words, &format!("guides/{}", g.slug)),
    )
}
