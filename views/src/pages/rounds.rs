//! The requests for more information and their answers, as the applicant (status page)
//! and the reviewer see them: one list, newest last, each request with what was asked
//! and, once answered, the answer.

use chrono::{DateTime, Utc};
use content_model::dates::date_time_text;
use serde_json::{Value, json};

use crate::words::Words;

/// One request, as the API read it.
pub struct RoundItem<'a> {
    pub asked_at: DateTime<Utc>,
    /// Who asked: staff see it, applicants do not.
    pub asked_by: Option<&'a str>,
    pub message: &'a str,
    pub answer: Option<AnswerItem<'a>>,
}

/// The applicant's answer to one request.
pub struct AnswerItem<'a> {
    pub at: DateTime<Utc>,
    pub text: Option<&'a str>,
    /// The documents' file names.
    pub documents: Vec<&'a str>,
}

/// The rounds for a template (`_rounds.html`).
pub fn rounds(words: &Words, items: &[RoundItem]) -> Vec<Value> {
    let lang = words.lang;
    items
        .iter()
        .map(|r| {
            let asked = date_time_text(lang, r.asked_at);
            json!({
                "asked": match r.asked_by {
                    Some(by) => format!("{asked} · {by}"),
                    None => asked,
                },
                "message": r.message,
                "answer": r.answer.as_ref().map(|a| json!({
                    "at": date_time_text(lang, a.at),
                    "text": a.text,
                    "documents": a.documents,
                })),
            })
        })
        .collect()
}
