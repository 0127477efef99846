//! An application form, GOV.UK style: its sections and fields from the form's definition,
//! and, when sent back with mistakes, the error summary and each field's message. The
//! static build renders it empty; the API renders it with the applicant's answers.

use crate::format::fee_text;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape, linkify};
use content_model::Entry;
use content_model::form::{Field, FieldType, Form};
use content_model::placeholders::fill;
use content_model::translation::unit::file_key;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What the applicant sent, and what is wrong with it, to show the form again.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    /// (field name, message), in the order of the form.
    pub errors: Vec<(String, String)>,
    /// Set when editing a draft (its files are kept unless replaced).
    pub draft: Option<String>,
    /// File names already attached, by field.
    pub kept_files: BTreeMap<String, Vec<String>>,
}

/// The HTML id of a field's input (the first option's, for radios).
pub fn field_anchor(field: &Field) -> String {
    match field.kind {
        FieldType::Choice => format!("f-{}-0", field.name),
        _ => format!("f-{}", field.name),
    }
}

fn input_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Email => "email",
        FieldType::Phone => "tel",
        FieldType::Date => "date",
        FieldType::Number | FieldType::Iin => "text",
        _ => "text",
    }
}

fn field_json(words: &Words, form: &Form, field: &Field, state: Option<&FormState>) -> Value {
    let value = state
        .and_then(|s| s.values.get(&field.name))
        .cloned()
        .unwrap_or_default();
    let error = state
        .and_then(|s| s.errors.iter().find(|(f, _)| f == &field.name))
        .map(|(_, m)| m.clone());
    let options: Vec<Value> = field
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            json!({
                "id": format!("f-{}-{i}", field.name),
                "value": o.value,
                "label": words.html(&o.label),
                "hint": words.html_opt(o.hint.as_ref()),
                "checked": o.value == value,
                "fee": o.fee.map(|f| fee_text(words, &f)),
                "documents": o.documents.iter().map(|d| words.html(d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let cond = field.show_if.as_ref().map(|c| {
        let answers: Vec<String> = form
            .field(&c.field)
            .map(|other| {
                other
                    .options
                    .iter()
                    .filter(|o| c.is.contains(&o.value))
                    .map(|o| words.plain(&o.label))
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "field": c.field,
            "values": c.is.join(" "),
            "text": escape(&fill(&words.t("shown_if"), &[("answer", &answers.join(" / "))])),
        })
    });
    let kept = state
        .and_then(|s| s.kept_files.get(&field.name))
        .filter(|names| !names.is_empty())
        .map(|names| {
            // The names as they were, in the Latin-script edition too.
            let names = format!(
                "<span translate=\"no\">{}</span>",
                escape(&names.join(", "))
            );
            fill(&escape(&words.t("files_kept")), &[("names", &names)])
        });
    json!({
        "name": field.name,
        "id": format!("f-{}", field.name),
        "kind": match field.kind {
            FieldType::Choice => "radios",
            FieldType::Select => "select",
            FieldType::Confirm => "checkbox",
            FieldType::Textarea => "textarea",
            FieldType::Files => "files",
            _ => "input",
        },
        "input_type": input_type(field.kind),
        "inputmode": match field.kind { FieldType::Iin | FieldType::Number => Some("numeric"), _ => None },
        "spellcheck": !matches!(field.kind, FieldType::Email | FieldType::Iin | FieldType::Passport | FieldType::Phone),
        "autocomplete": field.autocomplete,
        "label": words.html(&field.label),
        "hint": field.hint.as_ref().map(|h| linkify(&words.plain(h))),
        "optional": !field.required,
        "value": value,
        "checked": value == "yes",
        "error": error,
        "options": options,
        "cond": cond,
        "multiple": field.max_files.is_none_or(|n| n > 1),
        "kept": kept,
        "maxlength": field.max_length,
    })
}

pub fn form_page(words: &Words, entry: &Entry<Form>, state: Option<&FormState>) -> Page {
    let form = &entry.data;
    let errors: Vec<Value> = state
        .map(|s| {
            // In the order of the form, linking to each field.
            form.fields()
                .flat_map(|f| {
                    s.errors
                        .iter()
                        .filter(move |(name, _)| name == &f.name)
                        .map(move |(_, m)| json!({"href": format!("#{}", field_anchor(f)), "message": m}))
                })
                .chain(
                    s.errors
                        .iter()
                        .filter(|(name, _)| form.field(name).is_none())
                        .map(|(_, m)| json!({"href": "#main", "message": m})),
                )
                .collect()
        })
        .unwrap_or_default();
    let sections: Vec<Value> = form
        .sections
        .iter()
        .map(|s| {
            json!({
                "title": words.html(&s.title),
                "hint": words.html_opt(s.hint.as_ref()),
                "fields": s.fields.iter().map(|f| field_json(words, form, f, state)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let service = words.content.service(&form.service).map(
        |s| json!({"href": urls::service(words.lang, &s.slug), "title": words.html(&s.data.title)}),
    );
    let data = json!({
        "slug": entry.slug,
        "title": words.html(&form.title),
        "intro": words.html_opt(form.intro.as_ref()),
        "action": urls::form_check(&entry.slug),
        "lang": words.lang.code(),
        "draft": state.and_then(|s| s.draft.clone()),
        "errors": errors,
        "sections": sections,
        "service": service,
        "max_files": form.uploads.max_files,
        "max_file_mb": form.uploads.max_file_mb,
    });
    let title = words.plain(&form.title);
    let mut page = Page::new(
        words,
        urls::form(words.lang, &entry.slug),
        PageKind::Form,
        title,
        data,
    );
    page.description = form.intro.as_ref().map(|t| words.plain(t));
    page.stale_from(words, &file_key(&entry.file))
}
