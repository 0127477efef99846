//! `POST /api/review/applications/{reference}/notes`: an internal note, which only staff
//! see, with its author and time.

use super::audit::Viewer;
use super::change_body;
use super::detail::{no_application, page, stored};
use crate::app::Shared;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, see_other};
use applications::note::{MAX_NOTE, NoteError, add_note};
use applications::store::change::Changed;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use chrono::Utc;
use content_model::placeholders::fill;
use serde::Deserialize;
use serde_json::json;
use views::urls;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    text: String,
    lang: Option<String>,
}

pub async fn note(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (reply, claims, parsed): (_, _, NoteBody) = change_body(&app, &parts, &body, q.lang())?;
    let reply = reply.in_lang(q.or_body(parsed.lang.as_deref()));
    stored(&app, &reply, &claims, &reference).await?;
    let changed = add_note(
        app.store.as_ref(),
        &reference,
        &parsed.text,
        &claims.sub,
        Utc::now(),
        crate::client::address(&parts),
    )
    .await
    .or_fail(&reply)?;
    match changed {
        Changed::Done(a) => {
            if reply.json {
                let body =
                    json!({"reference": a.reference, "notes": a.notes, "revision": a.revision});
                return Ok((StatusCode::CREATED, Json(body)).into_response());
            }
            Ok(see_other(&format!(
                "{}#notes",
                urls::review_application(&reference, reply.lang)
            )))
        }
        Changed::Refused(e, current) => {
            let words = reply.words();
            let message = match e {
                NoteError::Empty => words.t("err_note"),
                NoteError::TooLong => {
                    fill(&words.t("err_note_long"), &[("n", &MAX_NOTE.to_string())])
                }
            };
            if reply.json {
                return Err(reply.fail(
                    ApiError::invalid("Invalid note", "see `errors`")
                        .with(json!({"errors": [{"field": "note", "message": message}]})),
                ));
            }
            let errors = [("note".to_string(), message)];
            let viewer = Viewer {
                app: &app,
                parts: &parts,
                me: &claims,
            };
            page(
                viewer,
                &reply,
                &current,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Changed::NotFound => Err(reply.fail(no_application(&reference))),
    }
}
