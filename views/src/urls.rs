//! Every address of the portal, in one table: the site's pages (per language) and the
//! API's routes. The router is built from the same route templates (`api::routes`), the
//! pages and templates link with the functions below, so a path is written once.
//!
//! Route templates use axum's `{name}` parameters, filled with the same
//! [`content_model::placeholders::fill`] as every other placeholder.

use content_model::Lang;
use content_model::placeholders::fill;

/// The API's routes, as API Gateway and the router see them.
pub mod api {
    pub const HEALTH: &str = "/api/health";
    pub const FORM_CHECK: &str = "/api/forms/{form}/check";
    pub const DRAFT: &str = "/api/forms/{form}/drafts/{draft}";
    pub const DRAFT_EDIT: &str = "/api/forms/{form}/drafts/{draft}/edit";
    pub const DRAFT_DONE: &str = "/api/forms/{form}/drafts/{draft}/done";
    pub const FORM_SEND: &str = "/api/forms/{form}/send";
    pub const APPLICATIONS: &str = "/api/forms/{form}/applications";
    pub const UPLOADS: &str = "/api/uploads";
    pub const UPLOAD_URLS: &str = "/api/upload-urls";
    pub const APPLICATION: &str = "/api/applications/{reference}";
    pub const STATUS: &str = "/api/status";
    pub const ANSWER: &str = "/api/applications/{reference}/answer";
    pub const WITHDRAW: &str = "/api/applications/{reference}/withdraw";
    pub const REVIEW_LOGIN: &str = "/api/review/login";
    pub const REVIEW_START: &str = "/api/review/start";
    pub const REVIEW_CALLBACK: &str = "/api/review/callback";
    pub const REVIEW_LOGOUT: &str = "/api/review/logout";
    pub const REVIEW_QUEUE: &str = "/api/review/applications";
    pub const REVIEW_APPLICATION: &str = "/api/review/applications/{reference}";
    pub const REVIEW_DECISION: &str = "/api/review/applications/{reference}/decision";
    pub const REVIEW_ASSIGNMENT: &str = "/api/review/applications/{reference}/assignment";
    pub const REVIEW_NOTES: &str = "/api/review/applications/{reference}/notes";
    pub const REVIEW_REPORTS: &str = "/api/review/reports";
    pub const REVIEW_EXPORT: &str = "/api/review/export";
    pub const REVIEW_TRAIL: &str = "/api/review/applications/{reference}/trail";
    pub const REVIEW_DOCUMENT: &str = "/api/review/applications/{reference}/documents/{document}";
    /// Everything of one form (the draft cookie's path).
    pub const FORM: &str = "/api/forms/{form}/";
    /// The path the reviewer's cookie is sent to.
    pub const REVIEW_COOKIE_PATH: &str = "/api/review";
}

fn with_lang(path: String, lang: Lang) -> String {
    format!("{path}?lang={lang}")
}

// ---------------------------------------------------------------------------------------
// The API, filled in

pub fn form_check(form: &str) -> String {
    fill(api::FORM_CHECK, &[("form", form)])
}

pub fn form_send(form: &str) -> String {
    fill(api::FORM_SEND, &[("form", form)])
}

/// Where a form's JSON applications are sent.
pub fn applications(form: &str) -> String {
    fill(api::APPLICATIONS, &[("form", form)])
}

/// Check your answers of a draft.
pub fn draft(form: &str, draft: &str, lang: Lang) -> String {
    with_lang(fill(api::DRAFT, &[("form", form), ("draft", draft)]), lang)
}

pub fn draft_edit(form: &str, draft: &str, lang: Lang) -> String {
    with_lang(
        fill(api::DRAFT_EDIT, &[("form", form), ("draft", draft)]),
        lang,
    )
}

/// The confirmation of a sent draft.
pub fn draft_done(form: &str, draft: &str, lang: Lang) -> String {
    with_lang(
        fill(api::DRAFT_DONE, &[("form", form), ("draft", draft)]),
        lang,
    )
}

/// An application's status as JSON.
pub fn application(reference: &str) -> String {
    fill(api::APPLICATION, &[("reference", reference)])
}

pub fn status_lookup() -> &'static str {
    api::STATUS
}

/// Where the applicant withdraws an application.
pub fn withdraw(reference: &str, lang: Lang) -> String {
    with_lang(fill(api::WITHDRAW, &[("reference", reference)]), lang)
}

/// Where the applicant's answer to a request for information is sent.
pub fn answer(reference: &str, lang: Lang) -> String {
    with_lang(fill(api::ANSWER, &[("reference", reference)]), lang)
}

pub fn review_login() -> &'static str {
    api::REVIEW_LOGIN
}

pub fn review_start(lang: Lang) -> String {
    with_lang(api::REVIEW_START.to_string(), lang)
}

pub fn review_logout(lang: Lang) -> String {
    with_lang(api::REVIEW_LOGOUT.to_string(), lang)
}

/// The queue, as the filter form submits it (without a language: the form sends one).
pub fn review_queue_action() -> &'static str {
    api::REVIEW_QUEUE
}

pub fn review_queue(lang: Lang) -> String {
    with_lang(api::REVIEW_QUEUE.to_string(), lang)
}

pub fn review_application(reference: &str, lang: Lang) -> String {
    with_lang(
        fill(api::REVIEW_APPLICATION, &[("reference", reference)]),
        lang,
    )
}

/// A form's month in figures (`csv`: as a download).
pub fn review_report(form: &str, month: &str, lang: Lang, csv: bool) -> String {
    let format = if csv { "&format=csv" } else { "" };
    format!(
        "{}?form={form}&month={month}{format}&lang={}",
        api::REVIEW_REPORTS,
        lang.code()
    )
}

/// An application's audit trail (a lead's page).
pub fn review_trail(reference: &str, lang: Lang) -> String {
    with_lang(fill(api::REVIEW_TRAIL, &[("reference", reference)]), lang)
}

/// A form's applications of a month as CSV (`personal`: with the personal fields).
pub fn review_export(form: &str, month: &str, lang: Lang, personal: bool) -> String {
    let personal = if personal { "&personal=1" } else { "" };
    format!(
        "{}?form={form}&month={month}{personal}&lang={}",
        api::REVIEW_EXPORT,
        lang.code()
    )
}

pub fn review_notes(reference: &str, lang: Lang) -> String {
    with_lang(fill(api::REVIEW_NOTES, &[("reference", reference)]), lang)
}

pub fn review_assignment(reference: &str, lang: Lang) -> String {
    with_lang(
        fill(api::REVIEW_ASSIGNMENT, &[("reference", reference)]),
        lang,
    )
}

pub fn review_decision(reference: &str, lang: Lang) -> String {
    with_lang(
        fill(api::REVIEW_DECISION, &[("reference", reference)]),
        lang,
    )
}

pub fn review_document(reference: &str, document: &str) -> String {
    fill(
        api::REVIEW_DOCUMENT,
        &[("reference", reference), ("document", document)],
    )
}

// ---------------------------------------------------------------------------------------
// The site's pages, in a language

/// A page of the language folder: `/ru/` + `rest`.
pub fn page(lang: Lang, rest: &str) -> String {
    format!("/{lang}/{rest}")
}

pub fn home(lang: Lang) -> String {
    page(lang, "")
}

pub fn services(lang: Lang) -> String {
    page(lang, "services/")
}

pub fn service(lang: Lang, slug: &str) -> String {
    page(lang, &format!("services/{slug}/"))
}

pub fn category(lang: Lang, id: &str) -> String {
    page(lang, &format!("services/#cat-{id}"))
}

pub fn guides(lang: Lang) -> String {
    page(lang, "guides/")
}

pub fn guide(lang: Lang, slug: &str) -> String {
    page(lang, &format!("guides/{slug}/"))
}

pub fn workplan(lang: Lang) -> String {
    page(lang, "workplan/")
}

pub fn workplan_section(lang: Lang, number: u32) -> String {
    page(lang, &format!("workplan/section-{number}/"))
}

pub fn workplan_unit(lang: Lang, unit: &str) -> String {
    page(lang, &format!("workplan/unit/{unit}/"))
}

pub fn workplan_this_month(lang: Lang) -> String {
    page(lang, "workplan/this-month/")
}

/// One of the work plan's exports (`plan.csv`, `plan.json`, `plan.ics`).
pub fn workplan_file(lang: Lang, file: &str) -> String {
    page(lang, &format!("workplan/{file}"))
}

pub fn glossary(lang: Lang) -> String {
    page(lang, "glossary/")
}

pub fn form(lang: Lang, slug: &str) -> String {
    page(lang, &format!("forms/{slug}/"))
}

pub fn status(lang: Lang) -> String {
    page(lang, "status/")
}

pub fn review(lang: Lang) -> String {
    page(lang, "review/")
}

pub fn not_found(lang: Lang) -> String {
    page(lang, "404.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_pages_are_filled_in() {
        assert_eq!(
            draft("dormitory", "d1", Lang::Ru),
            "/api/forms/dormitory/drafts/d1?lang=ru"
        );
        assert_eq!(
            review_document("ABCD2345", "d1"),
            "/api/review/applications/ABCD2345/documents/d1"
        );
        assert_eq!(service(Lang::En, "transcript"), "/en/services/transcript/");
    }
}
