//! `POST /api/applications/{reference}/answer`: the applicant's answer to an open
//! request for more information — a text and/or documents, from the status page's form
//! (multipart, works without JavaScript).
//!
//! The status page was opened with the access code; instead of asking for it again the
//! form carries a token ([`super::proof`]) of the reference and the request's number,
//! so it answers that one request only, and is worth nothing once it is answered. The
//! token is the body's first part and is checked before anything else is read or kept:
//! one that is not the server's is answered as an unknown application, in the same way
//! whether the reference exists or not. Files sent with an answer that is refused are
//! deleted again.

use super::{found_page, proven, unknown_page};
use crate::app::Shared;
use crate::apply::multipart;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, Reply};
use applications::application::Application;
use applications::information::ANSWER_FIELD;
use applications::reference::normalise;
use applications::store::change::Changed;
use applications::submission;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use content_model::placeholders::fill;
use views::{pages, urls};

/// The purpose of this module's tokens.
pub const PURPOSE: &str = "answer";

pub async fn answer(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    mut mp: Multipart,
) -> Answer {
    let reply = app.reply(q.lang(), false);
    // The token comes first in the form and is checked before the store is asked or
    // a file is kept: without it, a reference answers like one that does not exist.
    let token = multipart::first_text(&mut mp, "token")
        .await
        .map_err(|e| reply.fail(ApiError::from(e)))?
        .unwrap_or_default();
    let proven = normalise(&reference).and_then(|r| {
        let round = proven(&app, PURPOSE, &r, &token)?;
        Some((r, usize::try_from(round).ok()?))
    });
    let Some((reference, round)) = proven else {
        return Ok(unknown_page(&reply));
    };
    let stored = app.store.get(&reference).await.or_fail(&reply)?;
    let Some((a, entry)) = stored.and_then(|a| {
        let entry = reply.site.form(&a.form)?.clone();
        Some((a, entry))
    }) else {
        return Ok(unknown_page(&reply));
    };
    let parsed = multipart::read(app.files.as_ref(), &entry.data, mp)
        .await
        .map_err(|e| reply.fail(ApiError::from(e)))?;
    let first = |name: &str| {
        parsed
            .raw
            .values
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    };
    let reply = reply.in_lang(q.or_body(first("lang")));
    let words = reply.words();
    let discard = |keep: &[String]| {
        let unused: Vec<String> = parsed
            .stored
            .iter()
            .filter(|k| !keep.contains(k))
            .cloned()
            .collect();
        let files = app.files.clone();
        async move {
            for key in unused {
                let _ = files.delete(&key).await;
            }
        }
    };
    if a.open_round().is_none() || a.rounds.len() != round {
        discard(&[]).await;
        return Ok(gone(&reply, &a));
    }

    let text = first("text").unwrap_or("").trim().to_string();
    let mut errors = Vec::new();
    let mut documents = Vec::new();
    let files: Vec<_> = parsed
        .uploads
        .iter()
        .filter(|u| u.field == ANSWER_FIELD)
        .collect();
    let max_files = entry.data.uploads.max_files as usize;
    if files.len() > max_files || parsed.too_large.is_some() {
        errors.push((
            ANSWER_FIELD.to_string(),
            fill(
                &words.t("err_too_many_files_total"),
                &[("n", &max_files.to_string())],
            ),
        ));
    } else {
        for u in files {
            let id = format!("r{round}d{}", documents.len() + 1);
            match submission::document(&entry.data, u, id, &reply.site.content.ui, reply.lang) {
                Ok(d) => documents.push(d),
                Err(message) => errors.push((ANSWER_FIELD.to_string(), message)),
            }
        }
    }
    if errors.is_empty() && text.is_empty() && documents.is_empty() {
        errors.push(("text".to_string(), words.t("err_answer_empty")));
    }
    if !errors.is_empty() {
        discard(&[]).await;
        let page = found_page(&app, &reply, &a, &text, &errors);
        return Ok(reply.page(StatusCode::UNPROCESSABLE_ENTITY, &page, true));
    }

    let keys: Vec<String> = documents.iter().map(|d| d.key.clone()).collect();
    let site = reply.site.clone();
    let changed = applications::request::answer(
        app.store.as_ref(),
        &app.office(&site),
        &reference,
        round,
        Some(text.as_str()),
        documents,
        Utc::now(),
    )
    .await;
    // The store did not answer: the answer may have been written all the same (a
    // write cut off in flight), so its files are kept — an orphan file costs less than
    // an answer whose documents are gone.
    let changed = changed.or_fail(&reply)?;
    match changed {
        Changed::Done(a) => {
            discard(&keys).await;
            tracing::info!(reference = %a.reference, "answered a request for information");
            let page = pages::message_page(
                &words,
                &words.t("answer_sent_title"),
                &[fill(
                    &words.t("answer_sent_text"),
                    &[("reference", &a.reference)],
                )],
                Some((&urls::status(reply.lang), &words.t("status_title"))),
            );
            Ok(reply.page(StatusCode::OK, &page, false))
        }
        Changed::Refused(_, current) => {
            // Refused on a second try may mean the first one was written (a retry of a
            // transaction that had committed): keep what the stored answer names.
            let named: Vec<String> = current.documents.iter().map(|d| d.key.clone()).collect();
            discard(&named).await;
            Ok(gone(&reply, &current))
        }
        Changed::NotFound => {
            discard(&[]).await;
            Ok(unknown_page(&reply))
        }
    }
}

/// The request was answered already, or the application decided meanwhile (409).
fn gone(reply: &Reply, a: &Application) -> Response {
    let words = reply.words();
    let page = pages::message_page(
        &words,
        &words.t("status_title"),
        &[words.t("answer_gone")],
        Some((&urls::status(reply.lang), &words.t("status_title"))),
    );
    tracing::info!(reference = %a.reference, "an answer to a request no longer open");
    reply.page(StatusCode::CONFLICT, &page, true)
}
