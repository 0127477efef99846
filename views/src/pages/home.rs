//! The home page: the online forms, the catalogue's categories, the guides, the plan.

use super::guides::guide_cards;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use serde_json::{Value, json};

pub fn home(words: &Words) -> Page {
    let c = words.content;
    let forms: Vec<Value> = c
        .services
        .iter()
        .filter(|s| s.data.apply.as_ref().is_some_and(|a| a.form.is_some()))
        .map(|s| json!({"href": urls::service(words.lang, &s.slug), "title": words.html(&s.data.title), "summary": words.html(&s.data.summary)}))
        .collect();
    let categories: Vec<Value> = c
        .site
        .categories
        .iter()
        .filter_map(|g| {
            let n = c.services.iter().filter(|s| s.data.category == g.id).count();
            (n > 0).then(|| json!({"href": urls::category(words.lang, &g.id), "title": words.html(&g.title), "count": words.plural("services_count", n as u64)}))
        })
        .collect();
    let guides = guide_cards(words);
    let workplan = c
        .workplan
        .as_ref()
        .map(|w| json!({"href": urls::workplan(words.lang), "title": words.html(&w.meta.title)}));
    let title = words.plain(&c.site.organisation.unit);
    Page::new(
        words,
        urls::home(words.lang),
        PageKind::Home,
        title,
        json!({"forms": forms, "categories": categories, "guides": guides, "workplan": workplan}),
    )
    .described(words.t("home_lead"))
}
