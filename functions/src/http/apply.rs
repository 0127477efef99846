//! Applying: the form (multipart, works without JavaScript) → check your answers →
//! accept and send → confirmation; and the same as a JSON API.

use super::problem::{html, problem, see_other};
use super::{Shared, lang_param};
use crate::application::{Application, Document, Status, TimelineEntry};
use crate::files::{FileError, random_id};
use crate::outbox::{Placeholders, messages_for};
use crate::reference::{access_code, new_reference};
use crate::store::{Draft, StoreError, SubmitOutcome};
use crate::submission::{self, FileKind, RawAnswers, Upload};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use content_model::form::Form;
use content_model::notification::Event;
use content_model::{Entry, Lang};
use generator::forms::{FormState, check_page, done_page, form_page, message_page};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::BTreeMap;

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

fn form_or_404<'a>(
    app: &'a Shared,
    slug: &str,
    lang: Lang,
    json: bool,
) -> Result<&'a Entry<Form>, Response> {
    app.content.form(slug).ok_or_else(|| {
        if json {
            problem(
                StatusCode::NOT_FOUND,
                "Unknown form",
                format!("there is no form `{slug}`"),
                None,
            )
        } else {
            let lx = app.lx(lang);
            let page = message_page(
                &lx,
                &lx.t("not_found_title"),
                &[lx.t("not_found_text")],
                None,
            );
            html(StatusCode::NOT_FOUND, app.page(&page, false))
        }
    })
}

/// One applicant per form may have one application under review: identified by an
/// HMAC of the form and their IIN or passport, so the store never sees the number.
fn applicant_hash(secret: &[u8], form: &str, id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(b"applicant:");
    mac.update(form.as_bytes());
    mac.update(b":");
    mac.update(id.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Parsed {
    raw: RawAnswers,
    uploads: Vec<Upload>,
    /// Keys of files stored by this request (deleted again if it is refused).
    stored: Vec<String>,
    too_large: Option<String>,
}

async fn read_multipart(app: &Shared, form: &Form, mut mp: Multipart) -> Result<Parsed, String> {
    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    let mut stored = Vec::new();
    let mut too_large = None;
    let max = u64::from(form.uploads.max_file_mb) * 1024 * 1024;
    let mut count = 0u32;
    while let Some(mut field) = mp.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                if file_name.is_empty() {
                    // An empty file input sends a part with no name and no bytes.
                    while field.chunk().await.map_err(|e| e.body_text())?.is_some() {}
                    continue;
                }
                count += 1;
                let mut bytes = Vec::new();
                let mut size = 0u64;
                while let Some(chunk) = field.chunk().await.map_err(|e| e.body_text())? {
                    size += chunk.len() as u64;
                    // Keep reading to learn the size, but stop keeping bytes past the limit.
                    if size <= max {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                if count > form.uploads.max_files * 2 {
                    too_large.get_or_insert(file_name.clone());
                    continue;
                }
                let kind = FileKind::sniff(&bytes);
                let key = random_id();
                if size <= max && size > 0 && kind.is_some() {
                    app.files
                        .put(
                            &key,
                            bytes,
                            kind.map(FileKind::content_type)
                                .unwrap_or("application/octet-stream"),
                        )
                        .await
                        .map_err(|e| e.to_string())?;
                    stored.push(key.clone());
                }
                uploads.push(Upload {
                    field: name,
                    file_name,
                    size,
                    kind,
                    key,
                });
            }
            None => {
                let text = field.text().await.map_err(|e| e.body_text())?;
                pairs.push((name, text));
            }
        }
    }
    Ok(Parsed {
        raw: RawAnswers::from_pairs(pairs),
        uploads,
        stored,
        too_large,
    })
}

fn kind_of(content_type: &str) -> Option<FileKind> {
    match content_type {
        "application/pdf" => Some(FileKind::Pdf),
        "image/jpeg" => Some(FileKind::Jpeg),
        "image/png" => Some(FileKind::Png),
        _ => None,
    }
}

/// `POST /api/forms/{form}/check`: the HTML form's submission.
pub async fn check(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
    mp: Multipart,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let entry = match form_or_404(&app, &slug, lang, false) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let form = &entry.data;
    let parsed = match read_multipart(&app, form, mp).await {
        Ok(p) => p,
        Err(e) => {
            return problem(StatusCode::BAD_REQUEST, "Malformed form body", e, None);
        }
    };
    let lang = lang_param(
        parsed
            .raw
            .values
            .get("lang")
            .and_then(|v| v.first())
            .map(String::as_str)
            .or(q.lang.as_deref()),
    );
    let lx = app.lx(lang);
    let draft_id = parsed
        .raw
        .values
        .get("draft")
        .and_then(|v| v.first())
        .cloned();
    let previous = match &draft_id {
        Some(id) => match app.store.get_draft(id).await {
            Ok(d) => d.filter(|d| d.form == slug && d.reference.is_none()),
            Err(e) => return app.unavailable(lang, false, &e),
        },
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
                    kind: kind_of(&doc.content_type),
                    key: doc.key.clone(),
                });
            }
        }
    }
    let mut result = submission::validate(form, &parsed.raw, &uploads, &app.content.ui, lang);
    if let (Some(name), Ok(_)) = (&parsed.too_large, &result) {
        result = Err(vec![submission::FieldError {
            field: name.clone(),
            message: lx
                .t("err_too_many_files_total")
                .replace("{n}", &form.uploads.max_files.to_string()),
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
                for doc in &d.documents {
                    state
                        .kept_files
                        .entry(doc.field.clone())
                        .or_default()
                        .push(doc.file_name.clone());
                }
            }
            let page = form_page(&lx, entry, Some(&state));
            html(StatusCode::UNPROCESSABLE_ENTITY, app.page(&page, true))
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
            if let Err(e) = app.store.put_draft(draft).await {
                return app.unavailable(lang, false, &e);
            }
            see_other(&format!("/api/forms/{slug}/drafts/{id}?lang={lang}"))
        }
    }
}

async fn load_draft(app: &Shared, slug: &str, id: &str, lang: Lang) -> Result<Draft, Response> {
    match app.store.get_draft(id).await {
        Ok(Some(d)) if d.form == slug => Ok(d),
        Ok(_) => {
            let lx = app.lx(lang);
            let page = message_page(
                &lx,
                &lx.t("not_found_title"),
                &[lx.t("not_found_text")],
                Some((&lx.path(&format!("forms/{slug}/")), &lx.t("continue"))),
            );
            Err(html(StatusCode::NOT_FOUND, app.page(&page, false)))
        }
        Err(e) => Err(app.unavailable(lang, false, &e)),
    }
}

/// The form and one of its drafts, or the page that says which is missing.
async fn form_and_draft<'a>(
    app: &'a Shared,
    slug: &str,
    id: &str,
    lang: Lang,
) -> Result<(&'a Entry<Form>, Draft), Response> {
    let entry = form_or_404(app, slug, lang, false)?;
    Ok((entry, load_draft(app, slug, id, lang).await?))
}

fn files_by_field(docs: &[Document]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in docs {
        out.entry(d.field.clone())
            .or_default()
            .push(d.file_name.clone());
    }
    out
}

/// `GET /api/forms/{form}/drafts/{draft}`: check your answers.
pub async fn show_check(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let (entry, draft) = match form_and_draft(&app, &slug, &id, lang).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    if draft.reference.is_some() {
        return see_other(&format!("/api/forms/{slug}/drafts/{id}/done?lang={lang}"));
    }
    let lx = app.lx(lang);
    let page = check_page(
        &lx,
        entry,
        &id,
        &draft.answers,
        &files_by_field(&draft.documents),
    );
    html(StatusCode::OK, app.page(&page, false))
}

/// `GET /api/forms/{form}/drafts/{draft}/edit`: the form again, with the draft's answers.
pub async fn edit(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let (entry, draft) = match form_and_draft(&app, &slug, &id, lang).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let state = FormState {
        values: draft.answers.clone(),
        errors: Vec::new(),
        draft: Some(id),
        kept_files: files_by_field(&draft.documents),
    };
    let lx = app.lx(lang);
    html(
        StatusCode::OK,
        app.page(&form_page(&lx, entry, Some(&state)), false),
    )
}

#[derive(Deserialize)]
pub struct SendForm {
    draft: String,
    lang: Option<String>,
}

/// Turn accepted answers into a stored application with its "submitted" messages.
async fn create(
    app: &Shared,
    entry: &Entry<Form>,
    lang: Lang,
    answers: BTreeMap<String, String>,
    documents: Vec<Document>,
    idempotency_key: String,
) -> Result<SubmitOutcome, StoreError> {
    let form = &entry.data;
    let now = Utc::now();
    let applicant_id = form.applicant_id(&answers).unwrap_or_default().to_string();
    let decision_days = form.decision_days(&answers);
    let today = now
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).expect("valid offset"))
        .date_naive();
    let expected = decision_days.map(|n| app.calendar.due_date(today, n));
    let application = Application {
        reference: new_reference(),
        form: entry.slug.clone(),
        lang,
        answers,
        documents,
        status: Status::UnderReview,
        reason: None,
        created_at: now,
        expected_decision: expected,
        decided_at: None,
        decided_by: None,
        timeline: vec![TimelineEntry {
            at: now,
            status: Status::UnderReview,
        }],
        idempotency_key,
        applicant_hash: applicant_hash(&app.secret, &entry.slug, &applicant_id),
        expires_at: None,
    };
    let lx = app.lx(lang);
    let title = lx.plain(&form.title);
    let status_url = format!("{}/{lang}/status/", app.base_url);
    let date = expected.map(|d| generator::pages::date_text(lang, d));
    let messages = messages_for(
        &app.content,
        &application,
        Event::Submitted,
        &Placeholders {
            form_title: &title,
            status_url: &status_url,
            decision_date: date.as_deref(),
        },
        now,
    );
    app.store.submit(application, messages).await
}

fn open_exists_page(app: &Shared, lang: Lang, reference: &str) -> Response {
    let lx = app.lx(lang);
    let page = message_page(
        &lx,
        &lx.t("open_exists_title"),
        &[lx.t("open_exists_text").replace("{reference}", reference)],
        Some((&lx.path("status/"), &lx.t("done_status_link"))),
    );
    html(StatusCode::CONFLICT, app.page(&page, false))
}

/// `POST /api/forms/{form}/send`: "Accept and send". Sending a draft twice (a double
/// click, a retry) gives the same application.
pub async fn send(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
    body: axum::extract::Form<SendForm>,
) -> Response {
    let lang = lang_param(body.lang.as_deref().or(q.lang.as_deref()));
    let entry = match form_or_404(&app, &slug, lang, false) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let mut draft = match load_draft(&app, &slug, &body.draft, lang).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let done = format!("/api/forms/{slug}/drafts/{}/done?lang={lang}", draft.id);
    if draft.reference.is_some() {
        return see_other(&done);
    }
    let outcome = create(
        &app,
        entry,
        lang,
        draft.answers.clone(),
        draft.documents.clone(),
        format!("draft:{}", draft.id),
    )
    .await;
    match outcome {
        Ok(SubmitOutcome::Created(a)) | Ok(SubmitOutcome::AlreadySubmitted(a)) => {
            tracing::info!(reference = %a.reference, form = %slug, "application received");
            draft.reference = Some(a.reference);
            if let Err(e) = app.store.put_draft(draft).await {
                // Stored, but the confirmation link could not be recorded: the next
                // "send" of this draft finds the application through its key.
                return app.unavailable(lang, false, &e);
            }
            see_other(&done)
        }
        Ok(SubmitOutcome::OpenApplicationExists { reference }) => {
            open_exists_page(&app, lang, &reference)
        }
        Err(e) => app.unavailable(lang, false, &e),
    }
}

/// `GET /api/forms/{form}/drafts/{draft}/done`: the confirmation page.
pub async fn done(
    State(app): State<Shared>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let (entry, draft) = match form_and_draft(&app, &slug, &id, lang).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Some(reference) = draft.reference else {
        return see_other(&format!("/api/forms/{slug}/drafts/{id}?lang={lang}"));
    };
    let application = match app.store.get(&reference).await {
        Ok(a) => a,
        Err(e) => return app.unavailable(lang, false, &e),
    };
    let expected = application.and_then(|a| a.expected_decision);
    let lx = app.lx(lang);
    let code = access_code(&app.secret, &reference);
    html(
        StatusCode::OK,
        app.page(&done_page(&lx, entry, &reference, &code, expected), false),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSubmission {
    lang: Option<String>,
    answers: BTreeMap<String, Value>,
    /// Upload ids from `POST /api/uploads`, by file field.
    #[serde(default)]
    files: BTreeMap<String, Vec<String>>,
}

/// A JSON body as `T`, or the 400 problem that says where it is malformed.
fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| {
        problem(
            StatusCode::BAD_REQUEST,
            "Malformed JSON",
            e.to_string(),
            None,
        )
    })
}

/// `POST /api/forms/{form}/applications`: the JSON API.
pub async fn submit_json(
    State(app): State<Shared>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed: JsonSubmission = match json_body(&body) {
        Ok(p) => p,
        Err(res) => return res,
    };
    let lang = lang_param(parsed.lang.as_deref());
    let entry = match form_or_404(&app, &slug, lang, true) {
        Ok(e) => e,
        Err(r) => return r,
    };
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
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid answers",
            "some answers have the wrong type",
            Some(json!({"errors": type_errors})),
        );
    }
    let mut uploads = Vec::new();
    let max_bytes = u64::from(entry.data.uploads.max_file_mb) * 1024 * 1024;
    for (field, ids) in &parsed.files {
        for id in ids {
            // Measured before it is read: a presigned PUT is not bound to the size
            // declared when its URL was asked for.
            match app.files.size(id).await {
                Ok(size) if size > max_bytes => {
                    return problem(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "File too large",
                        format!(
                            "upload `{id}` is larger than {} MB, the most this form takes",
                            entry.data.uploads.max_file_mb
                        ),
                        None,
                    );
                }
                Ok(_) => {}
                Err(FileError::NotFound) => {}
                Err(e) => {
                    return problem(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        e.to_string(),
                        None,
                    );
                }
            }
            let Ok(bytes) = app.files.get(id).await else {
                return problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Unknown upload",
                    format!("no upload `{id}`; send the file to /api/uploads first"),
                    None,
                );
            };
            uploads.push(Upload {
                field: field.clone(),
                file_name: id.clone(),
                size: bytes.len() as u64,
                kind: FileKind::sniff(&bytes),
                key: id.clone(),
            });
        }
    }
    let raw = RawAnswers::from_pairs(pairs);
    let accepted = match submission::validate(&entry.data, &raw, &uploads, &app.content.ui, lang) {
        Ok(a) => a,
        Err(errors) => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The application has errors",
                "fix the fields listed in `errors` and send it again",
                Some(json!({"errors": errors})),
            );
        }
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(|k| format!("key:{slug}:{k}"))
        .unwrap_or_else(|| format!("auto:{}", random_id()));
    match create(&app, entry, lang, accepted.answers, accepted.documents, key).await {
        Ok(SubmitOutcome::Created(a)) | Ok(SubmitOutcome::AlreadySubmitted(a)) => {
            let code = access_code(&app.secret, &a.reference);
            let body = json!({
                "reference": a.reference,
                "access_code": code,
                "status": a.status.as_str(),
                "expected_decision": a.expected_decision,
                "status_url": format!("/api/applications/{}", a.reference),
            });
            (StatusCode::CREATED, Json(body)).into_response()
        }
        Ok(SubmitOutcome::OpenApplicationExists { reference }) => problem(
            StatusCode::CONFLICT,
            "An application is already under review",
            format!(
                "application {reference} to this form is under review; a new one can be sent once it is decided"
            ),
            Some(json!({"reference": reference})),
        ),
        Err(e) => app.unavailable(lang, true, &e),
    }
}

#[derive(Deserialize)]
pub struct UploadQuery {
    /// The form the file is for (its size limit applies).
    form: String,
}

/// `POST /api/uploads?form=…`: one file as the raw body. Its type is checked from the
/// bytes, not the name or the Content-Type.
pub async fn upload(
    State(app): State<Shared>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Response {
    let Some(form) = app.content.form(&q.form) else {
        return problem(
            StatusCode::NOT_FOUND,
            "Unknown form",
            format!("there is no form `{}`", q.form),
            None,
        );
    };
    let max = u64::from(form.data.uploads.max_file_mb) * 1024 * 1024;
    if body.len() as u64 > max {
        return problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "File too large",
            format!(
                "a file for this form may be at most {} MB",
                form.data.uploads.max_file_mb
            ),
            None,
        );
    }
    let Some(kind) = FileKind::sniff(&body) else {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file",
            "the file is not a PDF, JPEG or PNG (checked from its content)",
            None,
        );
    };
    let id = random_id();
    if let Err(e) = app.files.put(&id, body.to_vec(), kind.content_type()).await {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service unavailable",
            e.to_string(),
            None,
        );
    }
    (
        StatusCode::CREATED,
        Json(json!({"id": id, "content_type": kind.content_type(), "size": body.len()})),
    )
        .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadUrlRequest {
    /// The form the file is for (its size limit applies).
    form: String,
    /// `application/pdf`, `image/jpeg` or `image/png`; the PUT must send the same.
    content_type: String,
    /// The file's size in bytes.
    size: u64,
}

/// How long an upload URL can be used.
const UPLOAD_URL_LIFETIME: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// `POST /api/upload-urls`: a URL to `PUT` one file to directly (S3 in production), and
/// the id to name it by in the application. What the client declares here is checked
/// again when the application names the id: the size, and the type from the bytes.
pub async fn upload_url(State(app): State<Shared>, body: Bytes) -> Response {
    let req: UploadUrlRequest = match json_body(&body) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let Some(form) = app.content.form(&req.form) else {
        return problem(
            StatusCode::NOT_FOUND,
            "Unknown form",
            format!("there is no form `{}`", req.form),
            None,
        );
    };
    let allowed = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png].map(FileKind::content_type);
    if !allowed.contains(&req.content_type.as_str()) {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file",
            format!(
                "`content_type` must be one of {}; a file's type is checked again from its content",
                allowed.join(", ")
            ),
            None,
        );
    }
    let max_mb = form.data.uploads.max_file_mb;
    if req.size == 0 || req.size > u64::from(max_mb) * 1024 * 1024 {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid file size",
            format!("`size` must be from 1 byte to {max_mb} MB for this form"),
            None,
        );
    }
    let id = random_id();
    match app
        .files
        .upload_url(&id, &req.content_type, UPLOAD_URL_LIFETIME)
        .await
    {
        Ok(Some(url)) => (
            StatusCode::CREATED,
            Json(json!({
                "id": id,
                "method": "PUT",
                "url": url,
                "headers": {"content-type": req.content_type},
                "expires_in": UPLOAD_URL_LIFETIME.as_secs(),
            })),
        )
            .into_response(),
        Ok(None) => problem(
            StatusCode::NOT_FOUND,
            "No upload URLs here",
            "this server keeps documents itself: send the file as the body of POST /api/uploads",
            None,
        ),
        Err(e) => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service unavailable",
            e.to_string(),
            None,
        ),
    }
}
