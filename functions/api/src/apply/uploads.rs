//! Documents sent on their own, before the JSON application that names them: as the
//! body of `POST /api/uploads`, or (production, large files) `PUT` to a URL from
//! `POST /api/upload-urls`.

use super::json_body;
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail};
use applications::file_kind::FileKind;
use applications::files::keys;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use content_model::Lang;
use serde::Deserialize;
use serde_json::json;
use views::urls;

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
) -> Answer {
    let reply = app.reply(Lang::Kk, true);
    let form = super::form(&reply, &q.form)?;
    let max_mb = form.data.uploads.max_file_mb;
    if body.len() as u64 > u64::from(max_mb) * 1024 * 1024 {
        return Err(reply.fail(ApiError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "File too large",
            format!("a file for this form may be at most {max_mb} MB"),
        )));
    }
    let Some(kind) = FileKind::sniff(&body) else {
        return Err(reply.fail(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file",
            "the file is not a PDF, JPEG or PNG (checked from its content)",
        )));
    };
    let (id, key) = keys::new_incoming();
    app.files
        .put(&key, body.to_vec(), kind.content_type())
        .await
        .or_fail(&reply)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "content_type": kind.content_type(), "size": body.len()})),
    )
        .into_response())
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
pub async fn upload_url(State(app): State<Shared>, body: Bytes) -> Answer {
    let reply = app.reply(Lang::Kk, true);
    let req: UploadUrlRequest = json_body(&reply, &body)?;
    let form = super::form(&reply, &req.form)?;
    if FileKind::from_content_type(&req.content_type).is_none() {
        let allowed = FileKind::ALL.map(FileKind::content_type);
        return Err(reply.fail(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file",
            format!(
                "`content_type` must be one of {}; a file's type is checked again from its content",
                allowed.join(", ")
            ),
        )));
    }
    let max_mb = form.data.uploads.max_file_mb;
    if req.size == 0 || req.size > u64::from(max_mb) * 1024 * 1024 {
        return Err(reply.fail(ApiError::invalid(
            "Invalid file size",
            format!("`size` must be from 1 byte to {max_mb} MB for this form"),
        )));
    }
    let (id, key) = keys::new_incoming();
    match app
        .files
        .upload_url(&key, &req.content_type, req.size, UPLOAD_URL_LIFETIME)
        .await
        .or_fail(&reply)?
    {
        Some(url) => Ok((
            StatusCode::CREATED,
            Json(json!({
                "id": id,
                "method": "PUT",
                "url": url,
                // Signed into the URL: another type, another size or a second PUT is refused.
                "headers": {
                    "content-type": req.content_type,
                    "content-length": req.size.to_string(),
                    "if-none-match": "*",
                },
                "expires_in": UPLOAD_URL_LIFETIME.as_secs(),
            })),
        )
            .into_response()),
        None => Err(reply.fail(ApiError::refused(
            StatusCode::NOT_FOUND,
            "No upload URLs here",
            format!(
                "this server keeps documents itself: send the file as the body of POST {}",
                urls::api::UPLOADS
            ),
        ))),
    }
}
