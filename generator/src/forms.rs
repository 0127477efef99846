//! The pages of applying and reviewing, GOV.UK style: the form (with its error summary),
//! check your answers, the confirmation, the status lookup and the reviewer's pages.
//! The static build renders the empty ones; the functions render them with answers and
//! errors, from the same code and templates.

use crate::html::{Lx, escape, linkify};
use crate::pages::{Page, date_text, page, service_href};
use content_model::form::{Field, FieldType, Form};
use content_model::{Entry, Lang};
use serde::Serialize;
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

pub fn form_action(slug: &str) -> String {
    format!("/api/forms/{slug}/check")
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

fn field_json(lx: &Lx, form: &Form, field: &Field, state: Option<&FormState>) -> Value {
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
                "label": lx.html(&o.label),
                "hint": lx.html_opt(o.hint.as_ref()),
                "checked": o.value == value,
                "fee": o.fee.map(|f| crate::pages::fee_text(lx, &f)),
                "documents": o.documents.iter().map(|d| lx.html(d)).collect::<Vec<_>>(),
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
                    .map(|o| lx.plain(&o.label))
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "field": c.field,
            "values": c.is.join(" "),
            "text": escape(&lx.t("shown_if").replace("{answer}", &answers.join(" / "))),
        })
    });
    let kept = state
        .and_then(|s| s.kept_files.get(&field.name))
        .filter(|names| !names.is_empty())
        .map(|names| escape(&lx.t("files_kept").replace("{names}", &names.join(", "))));
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
        "label": lx.html(&field.label),
        "hint": field.hint.as_ref().map(|h| linkify(&lx.plain(h))),
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

pub fn form_page(lx: &Lx, entry: &Entry<Form>, state: Option<&FormState>) -> Page {
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
                "title": lx.html(&s.title),
                "hint": lx.html_opt(s.hint.as_ref()),
                "fields": s.fields.iter().map(|f| field_json(lx, form, f, state)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let service = lx
        .content
        .service(&form.service)
        .map(|s| json!({"href": service_href(lx.lang, &s.slug), "title": lx.html(&s.data.title)}));
    let data = json!({
        "slug": entry.slug,
        "title": lx.html(&form.title),
        "intro": lx.html_opt(form.intro.as_ref()),
        "action": form_action(&entry.slug),
        "lang": lx.lang.code(),
        "draft": state.and_then(|s| s.draft.clone()),
        "errors": errors,
        "sections": sections,
        "service": service,
        "max_files": form.uploads.max_files,
        "max_file_mb": form.uploads.max_file_mb,
    });
    let title = lx.plain(&form.title);
    let mut p = page(
        lx,
        lx.path(&format!("forms/{}/", entry.slug)),
        "form.html",
        "form",
        "services",
        title,
        data,
    );
    p.description = form.intro.as_ref().map(|t| lx.plain(t));
    p
}

#[derive(Serialize)]
struct Row {
    key: String,
    value: String,
    href: String,
}

/// Check your answers: every answered question with a change link, then "Accept and send".
pub fn check_page(
    lx: &Lx,
    entry: &Entry<Form>,
    draft: &str,
    answers: &BTreeMap<String, String>,
    files: &BTreeMap<String, Vec<String>>,
) -> Page {
    let form = &entry.data;
    let edit = format!(
        "/api/forms/{}/drafts/{draft}/edit?lang={}",
        entry.slug, lx.lang
    );
    let rows: Vec<Row> = form
        .fields()
        .filter_map(|f| {
            let value = if f.kind == FieldType::Files {
                let names = files.get(&f.name)?;
                names
                    .iter()
                    .map(|n| escape(n))
                    .collect::<Vec<_>>()
                    .join("<br>")
            } else {
                let v = answers.get(&f.name)?;
                match f.kind {
                    FieldType::Choice | FieldType::Select => f
                        .options
                        .iter()
                        .find(|o| &o.value == v)
                        .map(|o| lx.html(&o.label))
                        .unwrap_or_else(|| escape(v)),
                    FieldType::Confirm => lx.html(&f.label),
                    _ => escape(v),
                }
            };
            Some(Row {
                key: lx.html(&f.label),
                value,
                href: format!("{edit}#{}", field_anchor(f)),
            })
        })
        .collect();
    let fee = form.fee_field().and_then(|f| {
        let chosen = answers.get(&f.name)?;
        let fee = f.options.iter().find(|o| &o.value == chosen)?.fee?;
        Some(crate::pages::fee_text(lx, &fee))
    });
    let data = json!({
        "title": lx.html(&form.title),
        "rows": rows,
        "fee": fee,
        "send_action": format!("/api/forms/{}/send", entry.slug),
        "draft": draft,
        "lang": lx.lang.code(),
    });
    let mut p = page(
        lx,
        lx.path(&format!("forms/{}/", entry.slug)),
        "check.html",
        "check",
        "services",
        lx.t("check_title"),
        data,
    );
    p.indexed = false;
    p
}

/// The confirmation: reference, access code, what happens next and by when, contacts.
pub fn done_page(
    lx: &Lx,
    entry: &Entry<Form>,
    reference: &str,
    code: &str,
    decision: Option<chrono::NaiveDate>,
) -> Page {
    let form = &entry.data;
    let data = json!({
        "reference": reference,
        "code": code,
        "next_steps": lx.html(&form.next_steps),
        "by": decision.map(|d| escape(&lx.t("done_by").replace("{date}", &date_text(lx.lang, d)))),
        "status_href": lx.path("status/"),
        "contacts": crate::pages::contacts_html(lx),
    });
    let mut p = page(
        lx,
        lx.path(&format!("forms/{}/", entry.slug)),
        "done.html",
        "done",
        "services",
        lx.t("done_title"),
        data,
    );
    p.indexed = false;
    p
}

/// What the status page shows about one application.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub reference: String,
    pub form_title: String,
    pub status: String,
    pub status_key: String,
    pub reason: Option<String>,
    pub expected: Option<String>,
    pub timeline: Vec<TimelineRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub at: String,
    pub status: String,
}

/// The status lookup (empty, with errors, or with the result).
pub fn status_page(lx: &Lx, result: Option<(Option<&StatusView>, &FormState)>) -> Page {
    let (view, state) = match result {
        Some((v, s)) => (v, Some(s)),
        None => (None, None),
    };
    let errors: Vec<Value> = state
        .map(|s| {
            s.errors
                .iter()
                .map(|(f, m)| json!({"href": format!("#f-{f}"), "message": m, "field": f}))
                .collect()
        })
        .unwrap_or_default();
    let value = |k: &str| {
        state
            .and_then(|s| s.values.get(k))
            .cloned()
            .unwrap_or_default()
    };
    let error_for = |k: &str| {
        state
            .and_then(|s| s.errors.iter().find(|(f, _)| f == k))
            .map(|(_, m)| m.clone())
    };
    let data = json!({
        "lang": lx.lang.code(),
        "errors": errors,
        "reference": value("reference"),
        "reference_error": error_for("reference"),
        "code_error": error_for("code"),
        "view": view,
    });
    let mut p = page(
        lx,
        lx.path("status/"),
        "status.html",
        "status",
        "status",
        lx.t("status_title"),
        data,
    );
    p.indexed = view.is_none() && state.is_none();
    p
}

/// The reviewers' sign-in: the local accounts' form, or (`hosted`) a link that starts
/// the sign-in at Cognito's hosted UI.
pub fn review_login_page(lx: &Lx, failed: bool, hosted: bool) -> Page {
    let data = json!({"lang": lx.lang.code(), "failed": failed, "hosted": hosted});
    let mut p = page(
        lx,
        lx.path("review/"),
        "review-login.html",
        "review",
        "",
        lx.t("review_title"),
        data,
    );
    p.indexed = false;
    p
}

/// A page with a title and a few paragraphs (open application exists, unavailable …).
pub fn message_page(
    lx: &Lx,
    title: &str,
    paragraphs: &[String],
    back: Option<(&str, &str)>,
) -> Page {
    let data = json!({
        "heading": title,
        "paragraphs": paragraphs,
        "back": back.map(|(href, label)| json!({"href": href, "label": label})),
    });
    let mut p = page(
        lx,
        lx.path(""),
        "message.html",
        "message",
        "",
        title.to_string(),
        data,
    );
    p.indexed = false;
    p
}

/// The reviewer's queue.
pub fn review_queue_page(
    lx: &Lx,
    rows: Vec<Value>,
    forms: Vec<Value>,
    form: &str,
    status: &str,
    user: &str,
) -> Page {
    let statuses: Vec<Value> = ["under_review", "approved", "refused"]
        .iter()
        .map(|s| json!({"value": s, "label": lx.t(&format!("status_{s}")), "selected": *s == status}))
        .collect();
    let data = json!({"lang": lx.lang.code(), "rows": rows, "forms": forms, "statuses": statuses, "form": form, "user": user});
    let mut p = page(
        lx,
        lx.path("review/"),
        "review-queue.html",
        "review",
        "",
        lx.t("review_queue"),
        data,
    );
    p.indexed = false;
    p
}

/// One application for a reviewer: answers, documents and the decision form.
pub fn review_detail_page(lx: &Lx, data: Value, title: String) -> Page {
    let mut p = page(
        lx,
        lx.path("review/"),
        "review-detail.html",
        "review",
        "",
        title,
        data,
    );
    p.indexed = false;
    p
}

pub fn lang_or_default(code: Option<&str>) -> Lang {
    code.and_then(Lang::from_code).unwrap_or(Lang::Kk)
}
