//! Where uploaded documents are kept: a folder locally ([`LocalFiles`]), S3 in
//! production (the `aws` crate).
//!
//! Every key names its owner (see [`keys`]): an upload the applicant sent on its own
//! waits at `incoming-<id>` (deleted after a day, attached or not); a document of a draft
//! or an application is at `doc-<id>`, a key no client ever learns or writes, and lives
//! exactly as long as the draft or application that names it.

mod folder;
pub mod keys;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file store is unavailable: {0}")]
    Unavailable(String),
    #[error("no such file")]
    NotFound,
    /// Larger than the caller would read: nothing of it was kept in memory.
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
}

#[async_trait]
pub trait FileStore: Send + Sync {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError>;
    /// The file, if it is at most `limit` bytes (a presigned upload may be of any size:
    /// a larger one is refused, never read into memory).
    async fn get(&self, key: &str, limit: u64) -> Result<Vec<u8>, FileError>;
    /// The stored file's size, without reading it.
    async fn size(&self, key: &str) -> Result<u64, FileError>;
    /// Copy a file to a new key, which must not exist yet.
    async fn copy(&self, from: &str, to: &str) -> Result<(), FileError>;
    async fn delete(&self, key: &str) -> Result<(), FileError>;

    /// Delete uploads at `incoming-` keys stored before `before`; how many. S3 leaves this
    /// to the bucket's lifecycle rule (one day), so its store does nothing here.
    async fn delete_incoming(&self, _before: DateTime<Utc>) -> Result<usize, FileError> {
        Ok(0)
    }

    /// A URL a client can `PUT` one file of `content_type` and exactly `size` bytes to,
    /// once, valid for `expires`, so that large files need not pass through the function
    /// (Lambda takes at most 6 MB a request). `None`: this store takes files through the
    /// API only.
    async fn upload_url(
        &self,
        _key: &str,
        _content_type: &str,
        _size: u64,
        _expires: std::time::Duration,
    ) -> Result<Option<String>, FileError> {
        Ok(None)
    }
}

pub use folder::LocalFiles;
