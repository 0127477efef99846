//! JSON Schemas for every kind of content file, generated from the Rust types so that
//! an editor (VS Code with the YAML extension) gets completion and checks as they type.
//! `portal schemas` writes them to `content/schemas/`; a test fails when the committed
//! files differ from what the types say.

use schemars::{JsonSchema, schema_for};
use std::collections::BTreeMap;

/// (file name, schema JSON) for each kind of content file.
pub fn all() -> Vec<(&'static str, String)> {
    fn one<T: JsonSchema>(name: &'static str) -> (&'static str, String) {
        let schema = schema_for!(T);
        let mut json = serde_json::to_string_pretty(&schema).expect("a schema serialises");
        json.push('\n');
        (name, json)
    }
    vec![
        one::<crate::site::Site>("site.schema.json"),
        one::<BTreeMap<String, crate::ui::Message>>("i18n.schema.json"),
        one::<crate::service::Service>("service.schema.json"),
        one::<crate::guide::GuideMeta>("guide.schema.json"),
        one::<crate::guide::FrontMatter>("guide-front-matter.schema.json"),
        one::<crate::form::Form>("form.schema.json"),
        one::<crate::workplan::PlanMeta>("workplan.schema.json"),
        one::<crate::workplan::Section>("workplan-section.schema.json"),
        one::<crate::glossary::Glossary>("glossary.schema.json"),
        one::<crate::holidays::HolidayYear>("holidays.schema.json"),
        one::<crate::notification::NotificationTemplates>("notifications.schema.json"),
        one::<crate::translation::record::Raw>("translations-lock.schema.json"),
        one::<crate::transliteration::LatinSpellings>("latin.schema.json"),
    ]
}

/// The schema a content file should reference, by its path relative to `content/`.
pub fn for_file(rel: &str) -> Option<&'static str> {
    let rel = rel.replace('\\', "/");
    Some(match rel.as_str() {
        "site.yaml" => "site.schema.json",
        "glossary.yaml" => "glossary.schema.json",
        "notifications.yaml" => "notifications.schema.json",
        crate::translation::record::FILE => "translations-lock.schema.json",
        crate::transliteration::FILE => "latin.schema.json",
        "workplan/plan.yaml" => "workplan.schema.json",
        r if r.starts_with("i18n/") => "i18n.schema.json",
        r if r.starts_with("services/") => "service.schema.json",
        r if r.starts_with("forms/") => "form.schema.json",
        r if r.starts_with("workplan/sections/") => "workplan-section.schema.json",
        r if r.starts_with("holidays/") => "holidays.schema.json",
        r if r.starts_with("guides/") && r.ends_with("/guide.yaml") => "guide.schema.json",
        _ => return None,
    })
}
