//! Applying: the HTML form (multipart, works without JavaScript) → check your answers →
//! accept and send → confirmation ([`form_flow`]); the same as a JSON API ([`json`]);
//! and documents sent on their own ([`uploads`]).

mod form_flow;
mod json;
pub(crate) mod multipart;
mod ownership;
mod uploads;

pub use form_flow::{check, done, edit, send, show_check};
pub use json::submit_json;
#[cfg(feature = "test-support")]
pub(crate) use ownership::{COOKIE as DRAFT_COOKIE, proof as draft_proof};
pub use uploads::{upload, upload_url};

use crate::app::App;
use crate::error::ApiError;
use crate::reply::{Failure, OrFail, Reply};
use applications::NewApplication;
use applications::application::Document;
use applications::store::{Draft, SubmitOutcome};
use axum::http::HeaderMap;
use content_model::Entry;
use content_model::form::Form;
use std::collections::BTreeMap;

/// The form `slug` names, or its refusal.
fn form<'a>(reply: &'a Reply, slug: &str) -> Result<&'a Entry<Form>, Failure> {
    reply
        .site
        .form(slug)
        .ok_or_else(|| reply.fail(ApiError::UnknownForm(slug.to_string())))
}

/// A draft of the form `slug`, made by this browser and not expired, or the page that
/// says it is gone (the same whichever of these it is not).
async fn draft(
    app: &App,
    reply: &Reply,
    headers: &HeaderMap,
    slug: &str,
    id: &str,
) -> Result<Draft, Failure> {
    let now = chrono::Utc::now();
    match app.store.get_draft(id).await.or_fail(reply)? {
        Some(d) if d.form == slug && !d.is_expired(now) && ownership::holds(app, headers, id) => {
            Ok(d)
        }
        _ => Err(reply.fail(ApiError::DraftNotFound {
            form: slug.to_string(),
        })),
    }
}

/// Send accepted answers: the stored application (or the one its key made before), or
/// why not.
async fn send_new(
    app: &App,
    reply: &Reply,
    entry: &Entry<Form>,
    new: NewApplication,
) -> Result<SubmitOutcome, Failure> {
    applications::submit(
        app.store.as_ref(),
        &app.office(&reply.site),
        entry,
        new,
        chrono::Utc::now(),
    )
    .await
    .or_fail(reply)
}

/// The names of the files attached, by field.
fn files_by_field(docs: &[Document]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in docs {
        out.entry(d.field.clone())
            .or_default()
            .push(d.file_name.clone());
    }
    out
}

/// A JSON body as `T`, or the 400 that says where it is malformed.
fn json_body<T: serde::de::DeserializeOwned>(reply: &Reply, body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body)
        .map_err(|e| reply.fail(ApiError::malformed("Malformed JSON", e.to_string())))
}
