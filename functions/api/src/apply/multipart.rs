//! The HTML form's `multipart/form-data` body, read within bounds: at most
//! [`MAX_PARTS`] parts and [`MAX_TEXT`] bytes of text in any one, so a body of a million
//! tiny parts costs one refusal, not a million error messages. A file is stored as it
//! arrives (only one the form could take: a PDF, JPEG or PNG within the size limit); if
//! the body turns out unreadable or out of bounds, what was stored is deleted again.

use crate::error::ApiError;
use applications::file_kind::FileKind;
use applications::files::FileStore;
use applications::files::keys;
use applications::submission::{RawAnswers, Upload};
use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use content_model::form::Form;

/// More parts than any form has fields and files (the largest has some 30), with room.
pub const MAX_PARTS: usize = 200;
/// More than any text field takes (a textarea, 2,000 characters of Cyrillic: 4 KB).
pub const MAX_TEXT: usize = 16 * 1024;

pub(crate) struct Parsed {
    pub raw: RawAnswers,
    pub uploads: Vec<Upload>,
    /// Keys of files stored by this request (deleted again if it is refused).
    pub stored: Vec<String>,
    pub too_large: Option<String>,
}

/// Why a body was not read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Not a readable multipart body.
    Malformed(String),
    /// More parts than [`MAX_PARTS`].
    TooManyParts,
    /// A text part longer than [`MAX_TEXT`].
    TextTooLong(String),
}

/// Why a form's body was not read, as the client is told.
impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> ApiError {
        match e {
            BodyError::Malformed(detail) => ApiError::malformed("Malformed form body", detail),
            BodyError::TooManyParts => ApiError::refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too many parts",
                format!("a form's body has at most {} parts", MAX_PARTS),
            ),
            BodyError::TextTooLong(name) => ApiError::refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Answer too long",
                format!("the answer `{name}` is longer than {} bytes", MAX_TEXT),
            ),
        }
    }
}

/// The first part of a body, if it is the text field `name` (within [`MAX_TEXT`]): what
/// must be checked before anything else of the body is read.
pub(crate) async fn first_text(
    mp: &mut Multipart,
    name: &str,
) -> Result<Option<String>, BodyError> {
    let Some(mut field) = mp.next_field().await.map_err(malformed)? else {
        return Ok(None);
    };
    if field.name() != Some(name) || field.file_name().is_some() {
        return Ok(None);
    }
    bounded_text(&mut field).await.map(Some)
}

/// Read the form's body.
pub(crate) async fn read(
    files: &dyn FileStore,
    form: &Form,
    mp: Multipart,
) -> Result<Parsed, BodyError> {
    let mut parsed = Parsed {
        raw: RawAnswers::default(),
        uploads: Vec::new(),
        stored: Vec::new(),
        too_large: None,
    };
    let mut pairs = Vec::new();
    match read_parts(files, form, mp, &mut parsed, &mut pairs).await {
        Ok(()) => {
            parsed.raw = RawAnswers::from_pairs(pairs);
            Ok(parsed)
        }
        Err(e) => {
            for key in &parsed.stored {
                let _ = files.delete(key).await;
            }
            Err(e)
        }
    }
}

fn malformed(e: axum::extract::multipart::MultipartError) -> BodyError {
    BodyError::Malformed(e.body_text())
}

async fn read_parts(
    files: &dyn FileStore,
    form: &Form,
    mut mp: Multipart,
    parsed: &mut Parsed,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), BodyError> {
    let max = u64::from(form.uploads.max_file_mb) * 1024 * 1024;
    let mut parts = 0usize;
    let mut count = 0u32;
    while let Some(mut field) = mp.next_field().await.map_err(malformed)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(BodyError::TooManyParts);
        }
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                if file_name.is_empty() {
                    // An empty file input sends a part with no name and no bytes.
                    while field.chunk().await.map_err(malformed)?.is_some() {}
                    continue;
                }
                count += 1;
                let mut bytes = Vec::new();
                let mut size = 0u64;
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    size += chunk.len() as u64;
                    // Keep reading to learn the size, but stop keeping bytes past the limit.
                    if size <= max {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                if count > form.uploads.max_files * 2 {
                    parsed.too_large.get_or_insert(file_name.clone());
                    continue;
                }
                let kind = FileKind::sniff(&bytes);
                let key = keys::new_document();
                if size <= max
                    && size > 0
                    && let Some(kind) = kind
                {
                    files
                        .put(&key, bytes, kind.content_type())
                        .await
                        .map_err(|e| BodyError::Malformed(e.to_string()))?;
                    parsed.stored.push(key.clone());
                }
                parsed.uploads.push(Upload {
                    field: name,
                    file_name,
                    size,
                    kind,
                    key,
                });
            }
            None => {
                let text = bounded_text(&mut field).await?;
                pairs.push((name, text));
            }
        }
    }
    Ok(())
}

/// A text part, refused once it passes [`MAX_TEXT`] bytes (without reading the rest).
async fn bounded_text(field: &mut Field<'_>) -> Result<String, BodyError> {
    let name = field.name().unwrap_or("").to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        if bytes.len() + chunk.len() > MAX_TEXT {
            return Err(BodyError::TextTooLong(name));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes)
        .map_err(|_| BodyError::Malformed(format!("the field `{name}` is not UTF-8 text")))
}
