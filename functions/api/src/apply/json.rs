//! `POST /api/forms/{form}/applications`: an application as JSON, its documents named by
//! the ids `POST /api/uploads` (or an upload URL) gave them.

use super::{form, json_body, send_new};
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::Answer;
use applications::NewApplication;
use applications::file_kind::FileKind;
use applications::files::FileError;
use applications::ids::random_id;
use applications::reference::access_code;
use applications::store::SubmitOutcome;
use applications::submission::{self, RawAnswers, Upload};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use content_model::Lang;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use views::urls;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSubmission {
    lang: Option<String>,
    answers: BTreeMap<String, Value>,
    /// Upload ids from `POST /api/uploads`, by file field.
    #[serde(default)]
    files: BTreeMap<String, Vec<String>>,
}

/// 422 with the fields to fix.
fn invalid_application(errors: Vec<submission::FieldError>) -> ApiError {
    ApiError::invalid(
        "The application has errors",
        "fix the fields listed in `errors` and send it again",
    )
    .with(json!({"errors": errors}))
}

pub async fn submit_json(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let reply = app.reply(Lang::Kk, true);
    let parsed: JsonSubmission = json_body(&reply, &body)?;
    let reply = reply.in_lang(Lang::or_default(parsed.lang.as_deref()));
    let lang = reply.lang;
    let entry = form(&reply, &slug)?;
    let mut pairs = Vec::new();
    let mut type_errors = Vec::new();
    for (k, v) in parsed.answers {
        match v {
            Value::String(s) => pairs.push((k, s)),
            Value::Bool(true) => pairs.push((k, "yes".into())),
            Value::Bool(false) => {}
            Value::Number(n) => pairs.push((k, n.to_string())),
            Value::Null => {}
            _ => type_errors.push(
                json!({"field": k, "message": "an answer is a string, a number or a boolean"}),
            ),
        }
    }
    if !type_errors.is_empty() {
        return Err(reply.fail(
            ApiError::invalid("Invalid answers", "some answers have the wrong type")
                .with(json!({"errors": type_errors})),
        ));
    }
    // Counted before any is read: a body can name far more ids than a form takes.
    submission::check_upload_ids(&entry.data, &parsed.files, &reply.site.content.ui, lang)
        .map_err(|errors| reply.fail(invalid_application(errors)))?;
    let mut uploads = Vec::new();
    let mut read: BTreeMap<&str, (u64, Option<FileKind>)> = BTreeMap::new();
    let max_mb = entry.data.uploads.max_file_mb;
    let max_bytes = u64::from(max_mb) * 1024 * 1024;
    for (field, ids) in &parsed.files {
        for id in ids {
            if let Some(&(size, kind)) = read.get(id.as_str()) {
                uploads.push(Upload {
                    field: field.clone(),
                    file_name: id.clone(),
                    size,
                    kind,
                    key: id.clone(),
                });
                continue;
            }
            // Measured before it is read: a presigned PUT is not bound to the size
            // declared when its URL was asked for.
            match app.files.size(id).await {
                Ok(size) if size > max_bytes => {
                    return Err(reply.fail(ApiError::invalid(
                        "File too large",
                        format!(
                            "upload `{id}` is larger than {max_mb} MB, the most this form takes"
                        ),
                    )));
                }
                Ok(_) | Err(FileError::NotFound) => {}
                Err(e) => return Err(reply.fail(e)),
            }
            let Ok(bytes) = app.files.get(id).await else {
                return Err(reply.fail(ApiError::invalid(
                    "Unknown upload",
                    format!(
                        "no upload `{id}`; send the file to {} first",
                        urls::api::UPLOADS
                    ),
                )));
            };
            let (size, kind) = (bytes.len() as u64, FileKind::sniff(&bytes));
            read.insert(id, (size, kind));
            uploads.push(Upload {
                field: field.clone(),
                file_name: id.clone(),
                size,
                kind,
                key: id.clone(),
            });
        }
    }
    let raw = RawAnswers::from_pairs(pairs);
    let accepted = submission::validate(&entry.data, &raw, &uploads, &reply.site.content.ui, lang)
        .map_err(|errors| reply.fail(invalid_application(errors)))?;
    let idempotency_key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(|k| format!("key:{slug}:{k}"))
        .unwrap_or_else(|| format!("auto:{}", random_id()));
    let new = NewApplication {
        lang,
        answers: accepted.answers,
        documents: accepted.documents,
        idempotency_key,
    };
    let outcome = send_new(&app, &reply, entry, new).await?;
    match outcome {
        SubmitOutcome::Created(a) | SubmitOutcome::AlreadySubmitted(a) => {
            let code = access_code(&app.secret, &a.reference);
            let body = json!({
                "reference": a.reference,
                "access_code": code,
                "status": a.status.as_str(),
                "expected_decision": a.expected_decision,
                "status_url": urls::application(&a.reference),
            });
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        SubmitOutcome::OpenApplicationExists { reference } => {
            Err(reply.fail(ApiError::OpenApplication { reference }))
        }
    }
}
