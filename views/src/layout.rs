//! What every page shares: the navigation, the contact block and the interface strings,
//! made once per language.

use crate::urls;
use crate::words::{Words, escape};
use content_model::provider::Contacts;
use content_model::{Content, Lang};
use serde_json::{Value, json};

/// The navigation, the contact block and the interface strings: built once per
/// language and shared by every page (tera values are reference-counted).
pub fn common(
    content: &Content,
    lang: Lang,
    css: &str,
    js: &str,
    livereload: Option<&str>,
    base_url: &str,
) -> Value {
    let words = Words::new(lang, content);
    let strings: serde_json::Map<String, Value> = content
        .ui
        .catalogs
        .values()
        .flat_map(|c| c.keys())
        .map(|k| (k.clone(), Value::String(content.ui.text(lang, k))))
        .collect();
    let nav = json!([
        {"id": "services", "href": urls::services(words.lang), "label": words.t("nav_services")},
        {"id": "guides", "href": urls::guides(words.lang), "label": words.t("nav_guides")},
        {"id": "workplan", "href": urls::workplan(words.lang), "label": words.t("nav_workplan")},
        {"id": "glossary", "href": urls::glossary(words.lang), "label": words.t("nav_glossary")},
        {"id": "status", "href": urls::status(words.lang), "label": words.t("nav_status")},
    ]);
    // The unit's own provider: its contacts are in every page's footer.
    let own = content.own_provider();
    json!({
        "lang": lang.code(),
        "t": strings,
        "org": words.plain(&content.site.organisation.name),
        "unit": words.plain(&content.site.organisation.unit),
        "nav": nav,
        "provider": own.map(|p| words.html(&p.name)),
        "contacts": own.map(|p| contacts_html(&words, &p.contacts)).unwrap_or_default(),
        "css": css,
        "js": js,
        "livereload": livereload,
        "base_url": base_url,
    })
}

/// A provider's contacts as a list (nothing when its source gives none).
pub fn contacts_html(words: &Words, c: &Contacts) -> String {
    let mut out = String::from(r#"<ul class="contacts">"#);
    if let Some(h) = &c.head {
        out.push_str(&format!("<li>{}</li>", words.html(h)));
    }
    if let Some(a) = &c.address {
        out.push_str(&format!(
            "<li>{}: {}</li>",
            escape(&words.t("contact_address")),
            words.html(a)
        ));
    }
    if let Some(p) = &c.phone {
        let tel: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        out.push_str(&format!(
            r#"<li>{}: <a href="tel:{tel}">{}</a></li>"#,
            escape(&words.t("contact_phone")),
            escape(p)
        ));
    }
    if let Some(e) = &c.email {
        out.push_str(&format!(
            r#"<li>{}: <a href="mailto:{e}">{e}</a></li>"#,
            escape(&words.t("contact_email"))
        ));
    }
    if let Some(w) = &c.website {
        let shown = w
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        out.push_str(&format!(
            r#"<li>{}: <a href="{}">{}</a></li>"#,
            escape(&words.t("contact_website")),
            escape(w),
            escape(shown)
        ));
    }
    if let Some(h) = &c.hours {
        out.push_str(&format!("<li>{}</li>", words.html(h)));
    }
    if out.ends_with(r#"class="contacts">"#) {
        return String::new();
    }
    out.push_str("</ul>");
    out
}

/// Who provides a service, for its page and its confirmation: the name and contacts.
pub fn provider_json(words: &Words, id: &str) -> Option<Value> {
    let p = words.content.provider(id)?;
    Some(json!({
        "name": words.html(&p.name),
        "contacts": contacts_html(words, &p.contacts),
    }))
}
