//! The local server's API: the same router as the Lambdas, with the embedded store and
//! the file outbox.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("{0}")]
    Content(String),
}

pub async fn router(_content: &Path, _data: &Path) -> Result<axum::Router, LocalError> {
    Ok(axum::Router::new())
}
