//! The HTML form's `multipart/form-data` body.

use applications::file_kind::FileKind;
use applications::files::FileStore;
use applications::ids::random_id;
use applications::submission::{RawAnswers, Upload};
use axum::extract::Multipart;
use content_model::form::Form;

pub(super) struct Parsed {
    pub raw: RawAnswers,
    pub uploads: Vec<Upload>,
    /// Keys of files stored by this request (deleted again if it is refused).
    pub stored: Vec<String>,
    pub too_large: Option<String>,
}

/// Read the form's body: its answers, and each file stored as it arrives (only if it is
/// one the form could take: a PDF, JPEG or PNG within the size limit).
pub(super) async fn read(
    files: &dyn FileStore,
    form: &Form,
    mut mp: Multipart,
) -> Result<Parsed, String> {
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
                    files
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
