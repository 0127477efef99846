//! The status lookup by reference and access code: empty, with errors, or with the
//! application's status and its timeline.

use super::form::FormState;
use super::review::status_label;
use super::rounds::{RoundItem, rounds};
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use chrono::{DateTime, NaiveDate, Utc};
use content_model::almaty;
use content_model::dates::date_text;
use content_model::placeholders::fill;
use serde::Serialize;
use serde_json::{Value, json};

/// An application found by its reference and code, as the API read it.
pub struct Found<'a> {
    pub reference: &'a str,
    pub form: &'a str,
    /// The status's key.
    pub status: &'a str,
    pub reason: Option<&'a str>,
    /// When a decision is expected (only while there is none).
    pub expected: Option<NaiveDate>,
    /// Each change of status: when, the status's key, and whether it came with the
    /// applicant's answer.
    pub timeline: Vec<(DateTime<Utc>, &'a str, bool)>,
    /// The requests for more information, with their answers.
    pub rounds: Vec<RoundItem<'a>>,
    /// The form to answer the open request, if there is one.
    pub answer: Option<AnswerForm<'a>>,
    /// The token of the withdrawal's form (not yet decided only).
    pub withdraw: Option<&'a str>,
}

/// The form that answers an open request for information.
pub struct AnswerForm<'a> {
    /// Proves the page was opened with the access code (a hidden field).
    pub token: &'a str,
    /// The largest file the form takes, in MB.
    pub max_file_mb: u32,
    /// What was typed, when the answer is shown again with errors.
    pub text: &'a str,
    /// (field, message): `text` or `answer` (the files).
    pub errors: &'a [(String, String)],
}

/// What the status page shows about one application.
#[derive(Debug, Clone, Serialize)]
struct StatusView {
    reference: String,
    form_title: String,
    status: String,
    status_key: String,
    reason: Option<String>,
    expected: Option<String>,
    timeline: Vec<TimelineRow>,
    rounds: Vec<Value>,
    answer: Option<Value>,
    withdraw: Option<Value>,
}

#[derive(Debug, Clone, Serialize)]
struct TimelineRow {
    at: String,
    status: String,
}

fn view(words: &Words, a: &Found) -> StatusView {
    let lang = words.lang;
    StatusView {
        reference: a.reference.to_string(),
        form_title: words
            .content
            .form(a.form)
            .map(|f| words.html(&f.data.title))
            .unwrap_or_else(|| a.form.to_string()),
        status: status_label(words, a.status),
        status_key: a.status.to_string(),
        reason: a.reason.map(str::to_string),
        expected: a.expected.map(|d| date_text(lang, d)),
        timeline: a
            .timeline
            .iter()
            .map(|(at, status, answered)| TimelineRow {
                at: date_text(lang, almaty::date(*at)),
                status: if *answered {
                    words.t("timeline_answered")
                } else {
                    status_label(words, status)
                },
            })
            .collect(),
        rounds: rounds(words, &a.rounds),
        withdraw: a.withdraw.map(|token| json!({"action": urls::withdraw(a.reference, lang), "token": token})),
        answer: a.answer.as_ref().map(|f| {
            let error_for = |k: &str| f.errors.iter().find(|(n, _)| n == k).map(|(_, m)| m.clone());
            json!({
                "action": urls::answer(a.reference, lang),
                "token": f.token,
                "text": f.text,
                "files_hint": fill(&words.t("status_answer_files_hint"), &[("mb", &f.max_file_mb.to_string())]),
                "text_error": error_for("text"),
                "files_error": error_for("answer"),
            })
        }),
    }
}

/// The status lookup: empty (`None`), or what was asked with the application found (if
/// any) and the errors of the lookup.
pub fn status_page(words: &Words, result: Option<(Option<&Found>, &FormState)>) -> Page {
    let (found, state) = match result {
        Some((v, s)) => (v, Some(s)),
        None => (None, None),
    };
    // The lookup's errors, or those of the answer.
    let answer_errors = found.and_then(|a| a.answer.as_ref()).map(|f| f.errors);
    let errors: Vec<Value> = state
        .map(|s| s.errors.as_slice())
        .into_iter()
        .chain(answer_errors)
        .flatten()
        .map(|(f, m)| json!({"href": format!("#f-{f}"), "message": m, "field": f}))
        .collect();
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
        "lang": words.lang.code(),
        "errors": errors,
        "reference": value("reference"),
        "reference_error": error_for("reference"),
        "code_error": error_for("code"),
        "view": found.map(|a| view(words, a)),
        "action": urls::status_lookup(),
    });
    let mut page = Page::new(
        words,
        urls::status(words.lang),
        PageKind::Status,
        words.t("status_title"),
        data,
    );
    page.indexed = found.is_none() && state.is_none();
    page
}
