//! Where uploaded documents are kept: a folder locally ([`LocalFiles`]), S3 in
//! production (the `aws` crate).

mod folder;

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file store is unavailable: {0}")]
    Unavailable(String),
    #[error("no such file")]
    NotFound,
}

#[async_trait]
pub trait FileStore: Send + Sync {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError>;
    async fn get(&self, key: &str) -> Result<Vec<u8>, FileError>;
    /// The stored file's size, without reading it (a presigned upload may be of any size:
    /// it is measured before it is read).
    async fn size(&self, key: &str) -> Result<u64, FileError>;
    async fn delete(&self, key: &str) -> Result<(), FileError>;

    /// A URL a client can `PUT` one file of `content_type` to directly, valid for
    /// `expires`, so that large files need not pass through the function (Lambda takes
    /// at most 6 MB a request). `None`: this store takes files through the API only.
    async fn upload_url(
        &self,
        _key: &str,
        _content_type: &str,
        _expires: std::time::Duration,
    ) -> Result<Option<String>, FileError> {
        Ok(None)
    }
}

pub use folder::LocalFiles;
