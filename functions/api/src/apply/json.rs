//! `POST /api/forms/{form}/applications`: an application as JSON, its documents named by
//! the ids `POST /api/uploads` (or an upload URL) gave them.

use super::{form, json_body, send_new};
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::Answer;
use applications::NewApplication;
use applications::file_kind::FileKind;
use applications::files::{FileError, keys};
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

/// Uploads named by this request, each copied to a document key no client knows — so
/// what is checked is what the reviewer later reads, whatever is sent to the upload's
/// URL afterwards — and measured and read (within the form's limit) on that copy.
struct Copies<'a> {
    app: &'a Shared,
    /// Upload id → (document key, size, kind): an id named twice is copied once.
    made: BTreeMap<String, (String, u64, Option<FileKind>)>,
}

/// Why an upload named in an application cannot be attached.
enum UploadRefusal {
    Unknown,
    TooLarge,
    Store(FileError),
}

impl<'a> Copies<'a> {
    fn new(app: &'a Shared) -> Copies<'a> {
        Copies {
            app,
            made: BTreeMap::new(),
        }
    }

    async fn take(
        &mut self,
        id: &str,
        max_bytes: u64,
    ) -> Result<(String, u64, Option<FileKind>), UploadRefusal> {
        if let Some(copy) = self.made.get(id) {
            return Ok(copy.clone());
        }
        let incoming = keys::incoming(id).ok_or(UploadRefusal::Unknown)?;
        let key = keys::new_document();
        let files = &self.app.files;
        files.copy(&incoming, &key).await.map_err(|e| match e {
            FileError::NotFound => UploadRefusal::Unknown,
            e => UploadRefusal::Store(e),
        })?;
        let checked = async {
            // Measured before it is read: a presigned PUT is not bound to the size
            // declared when its URL was asked for.
            if files.size(&key).await? > max_bytes {
                return Err(FileError::TooLarge { limit: max_bytes });
            }
            files.get(&key, max_bytes).await
        }
        .await;
        let bytes = match checked {
            Ok(bytes) => bytes,
            Err(e) => {
                let _ = files.delete(&key).await;
                return Err(match e {
                    FileError::TooLarge { .. } => UploadRefusal::TooLarge,
                    FileError::NotFound => UploadRefusal::Unknown,
                    e => UploadRefusal::Store(e),
                });
            }
        };
        let copy = (key, bytes.len() as u64, FileKind::sniff(&bytes));
        self.made.insert(id.to_string(), copy.clone());
        Ok(copy)
    }

    /// Delete the copies: the request that made them stored no application.
    async fn discard(&mut self) {
        for (key, _, _) in std::mem::take(&mut self.made).into_values() {
            if let Err(e) = self.app.files.delete(&key).await {
                tracing::warn!(key = %key, error = %e, "a copied upload was not deleted");
            }
        }
    }
}

fn upload_refused(id: &str, why: UploadRefusal, max_mb: u32) -> ApiError {
    match why {
        UploadRefusal::Unknown => ApiError::invalid(
            "Unknown upload",
            format!(
                "no upload `{id}`; send the file to {} first",
                urls::api::UPLOADS
            ),
        ),
        UploadRefusal::TooLarge => ApiError::invalid(
            "File too large",
            format!("upload `{id}` is larger than {max_mb} MB, the most this form takes"),
        ),
        UploadRefusal::Store(e) => e.into(),
    }
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
    let max_bytes = u64::from(entry.data.uploads.max_file_mb) * 1024 * 1024;
    let mut copies = Copies::new(&app);
    let mut uploads = Vec::new();
    for (field, ids) in &parsed.files {
        for id in ids {
            let (key, size, kind) = match copies.take(id, max_bytes).await {
                Ok(copy) => copy,
                Err(e) => {
                    copies.discard().await;
                    return Err(reply.fail(upload_refused(id, e, entry.data.uploads.max_file_mb)));
                }
            };
            uploads.push(Upload {
                field: field.clone(),
                file_name: id.clone(),
                size,
                kind,
                key,
            });
        }
    }
    let raw = RawAnswers::from_pairs(pairs);
    let accepted =
        match submission::validate(&entry.data, &raw, &uploads, &reply.site.content.ui, lang) {
            Ok(accepted) => accepted,
            Err(errors) => {
                copies.discard().await;
                return Err(reply.fail(invalid_application(errors)));
            }
        };
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
    let outcome = send_new(&app, &reply, entry, new).await;
    // Kept only by the application they were copied for.
    match &outcome {
        Ok(SubmitOutcome::Created(_)) => {}
        _ => copies.discard().await,
    }
    match outcome? {
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
        SubmitOutcome::OpenApplicationExists { .. } => Err(reply.fail(ApiError::OpenApplication)),
    }
}
