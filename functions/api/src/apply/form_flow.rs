//! The HTML form's journey, as GOV.UK lays it out, without JavaScript: the form (sent
//! back with its error summary when something is wrong) → check your answers → accept
//! and send → the confirmation with the reference and access code.

use super::multipart;
use super::{draft, files_by_field, form, ownership, send_new};
use crate::app::{App, Shared};
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, Failure, OrFail, Reply, see_other};
use applications::NewApplication;
use applications::file_kind::FileKind;
use applications::ids::random_id;
use applications::reference::access_code;
use applications::store::{Draft, SubmitOutcome};
use applications::submission::{self, FieldError, Upload};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use content_model::placeholders::fill;
use serde::Deserialize;
use std::collections::BTreeMap;
use views::pages::{self, FormState};
use views::urls;

/// `POST /api/forms/{form}/check`: the HTML form's submission.
pub async fn check(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    mp: Multipart,
) -> Answer {
    let reply = app.reply(q.lang(), false);
    let entry = form(&reply, &slug)?;
    let form = &entry.data;
    let parsed = multipart::read(app.files.as_ref(), form, mp)
        .await
        .map_err(|e| reply.fail(ApiError::from(e)))?;
    let first = |name: &str| parsed.raw.values.get(name).and_then(|v| v.first());
    let reply = reply.in_lang(q.or_body(first("lang").map(String::as_str)));
    let lang = reply.lang;
    let words = reply.words();
    let previous = match first("draft") {
        Some(id) => app.store.get_draft(id).await.or_fail(&reply)?.filter(|d| {
            d.form == slug
                && d.reference.is_none()
                && !d.is_expired(Utc::now())
                && ownership::holds(&app, &headers, &d.id)
        }),
        None => None,
    };
    // Files already attached to the draft stay unless the field gets new ones.
    let mut uploads = parsed.uploads.clone();
    if let Some(d) = &previous {
        for doc in &d.documents {
            if !parsed.uploads.iter().any(|u| u.field == doc.field) {
                uploads.push(Upload {
                    field: doc.field.clone(),
                    file_name: doc.file_name.clone(),
                    size: doc.size,
                    kind: FileKind::from_content_type(&doc.content_type),
                    key: doc.key.clone(),
                });
            }
        }
    }
    let mut result =
        submission::validate(form, &parsed.raw, &uploads, &reply.site.content.ui, lang);
    if let (Some(name), Ok(_)) = (&parsed.too_large, &result) {
        result = Err(vec![FieldError {
            field: name.clone(),
            message: fill(
                &words.t("err_too_many_files_total"),
                &[("n", &form.uploads.max_files.to_string())],
            ),
        }]);
    }
    match result {
        Err(errors) => {
            for key in &parsed.stored {
                let _ = app.files.delete(key).await;
            }
            let mut state = FormState {
                values: parsed
                    .raw
                    .values
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.first()?.clone())))
                    .collect(),
                errors: errors.into_iter().map(|e| (e.field, e.message)).collect(),
                draft: previous.as_ref().map(|d| d.id.clone()),
                kept_files: BTreeMap::new(),
            };
            if let Some(d) = &previous {
                state.kept_files = files_by_field(&d.documents);
            }
            let page = pages::form_page(&words, entry, Some(&state));
            Ok(reply.page(StatusCode::UNPROCESSABLE_ENTITY, &page, true))
        }
        Ok(accepted) => {
            // Replaced files of the draft are no longer needed.
            if let Some(d) = &previous {
                for doc in &d.documents {
                    if !accepted.documents.iter().any(|a| a.key == doc.key) {
                        let _ = app.files.delete(&doc.key).await;
                    }
                }
            }
            let draft = Draft {
                id: previous.map(|d| d.id).unwrap_or_else(random_id),
                form: slug.clone(),
                lang,
                answers: accepted.answers,
                documents: accepted.documents,
                created_at: Utc::now(),
                reference: None,
            };
            let id = draft.id.clone();
            app.store.put_draft(draft).await.or_fail(&reply)?;
            let mut res = see_other(&urls::draft(&slug, &id, lang));
            ownership::give(&mut res, &app, &slug, &id);
            Ok(res)
        }
    }
}

/// A draft's page: how to answer, and the draft (the form must exist).
async fn draft_page(
    app: &App,
    q: &LangQuery,
    headers: &HeaderMap,
    slug: &str,
    id: &str,
) -> Result<(Reply, Draft), Failure> {
    let reply = app.reply(q.lang(), false);
    form(&reply, slug)?;
    let draft = draft(app, &reply, headers, slug, id).await?;
    Ok((reply, draft))
}

/// `GET /api/forms/{form}/drafts/{draft}`: check your answers.
pub async fn show_check(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Answer {
    let (reply, draft) = draft_page(&app, &q, &headers, &slug, &id).await?;
    let entry = form(&reply, &slug)?;
    if draft.reference.is_some() {
        return Ok(see_other(&urls::draft_done(&slug, &id, reply.lang)));
    }
    let page = pages::check_page(
        &reply.words(),
        entry,
        &id,
        &draft.answers,
        &files_by_field(&draft.documents),
    );
    Ok(reply.page(StatusCode::OK, &page, false))
}

/// `GET /api/forms/{form}/drafts/{draft}/edit`: the form again, with the draft's answers.
pub async fn edit(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Answer {
    let (reply, draft) = draft_page(&app, &q, &headers, &slug, &id).await?;
    let entry = form(&reply, &slug)?;
    let state = FormState {
        values: draft.answers.clone(),
        errors: Vec::new(),
        draft: Some(id),
        kept_files: files_by_field(&draft.documents),
    };
    let page = pages::form_page(&reply.words(), entry, Some(&state));
    Ok(reply.page(StatusCode::OK, &page, false))
}

#[derive(Deserialize)]
pub struct SendForm {
    draft: String,
    lang: Option<String>,
}

/// `POST /api/forms/{form}/send`: "Accept and send". Sending a draft twice (a double
/// click, a retry) gives the same application.
pub async fn send(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    body: axum::extract::Form<SendForm>,
) -> Answer {
    let reply = app.reply(q.or_body(body.lang.as_deref()), false);
    let lang = reply.lang;
    let entry = form(&reply, &slug)?;
    let mut draft = draft(&app, &reply, &headers, &slug, &body.draft).await?;
    let done = urls::draft_done(&slug, &draft.id, lang);
    if draft.reference.is_some() {
        return Ok(see_other(&done));
    }
    let new = NewApplication {
        lang,
        answers: draft.answers.clone(),
        documents: draft.documents.clone(),
        idempotency_key: format!("draft:{}", draft.id),
    };
    let outcome = send_new(&app, &reply, entry, new).await?;
    match outcome {
        SubmitOutcome::Created(a) | SubmitOutcome::AlreadySubmitted(a) => {
            tracing::info!(reference = %a.reference, form = %slug, "application received");
            draft.reference = Some(a.reference);
            // Stored, but should the confirmation link not be recorded, the next "send"
            // of this draft finds the application through its key.
            app.store.put_draft(draft).await.or_fail(&reply)?;
            Ok(see_other(&done))
        }
        SubmitOutcome::OpenApplicationExists { .. } => Err(reply.fail(ApiError::OpenApplication)),
    }
}

/// `GET /api/forms/{form}/drafts/{draft}/done`: the confirmation page.
pub async fn done(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Answer {
    let (reply, draft) = draft_page(&app, &q, &headers, &slug, &id).await?;
    let entry = form(&reply, &slug)?;
    let Some(reference) = draft.reference else {
        return Ok(see_other(&urls::draft(&slug, &id, reply.lang)));
    };
    let application = app.store.get(&reference).await.or_fail(&reply)?;
    let expected = application.and_then(|a| a.expected_decision);
    let code = access_code(&app.secret, &reference);
    let page = pages::done_page(&reply.words(), entry, &reference, &code, expected);
    Ok(reply.page(StatusCode::OK, &page, false))
}
