//! The catalogue of services, by category and by audience.

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use content_model::Entry;
use content_model::service::Service;
use serde_json::{Value, json};

pub fn catalogue(words: &Words) -> Page {
    let c = words.content;
    let card = |s: &Entry<Service>| {
        json!({
            "href": urls::service(words.lang, &s.slug),
            "title": words.html(&s.data.title),
            "summary": words.html(&s.data.summary),
            "online": s.data.apply.as_ref().is_some_and(|a| a.form.is_some()),
        })
    };
    let categories: Vec<Value> = c
        .site
        .categories
        .iter()
        .map(|g| {
            let services: Vec<Value> = c
                .services
                .iter()
                .filter(|s| s.data.category == g.id)
                .map(card)
                .collect();
            json!({"id": g.id, "title": words.html(&g.title), "services": services})
        })
        .filter(|g| g["services"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    let audiences: Vec<Value> = c
        .site
        .audiences
        .iter()
        .map(|a| {
            let services: Vec<Value> = c
                .services
                .iter()
                .filter(|s| s.data.audiences.contains(&a.id))
                .map(card)
                .collect();
            json!({"id": a.id, "title": words.html(&a.title), "services": services})
        })
        .filter(|g| g["services"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    Page::new(
        words,
        urls::services(words.lang),
        PageKind::Catalogue,
        words.t("nav_services"),
        json!({"categories": categories, "audiences": audiences}),
    )
    .described(words.t("catalogue_lead"))
}
