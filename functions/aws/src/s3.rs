//! Documents in S3.

use crate::redact::describe;
use applications::files::{FileError, FileStore};
use async_trait::async_trait;
use std::time::Duration;

/// Documents in one S3 bucket, encrypted at rest (SSE-S3 unless a KMS key is given).
pub struct S3Files {
    client: aws_sdk_s3::Client,
    bucket: String,
    /// `Some(key id or ARN)`: SSE-KMS with that key; `None`: SSE-S3 (AES256).
    kms_key: Option<String>,
}

impl S3Files {
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> S3Files {
        S3Files {
            client,
            bucket: bucket.into(),
            kms_key: None,
        }
    }

    /// Encrypt with this KMS key (`aws:kms`) instead of S3's own keys.
    pub fn with_kms_key(mut self, key_id: impl Into<String>) -> S3Files {
        self.kms_key = Some(key_id.into());
        self
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// A URL the browser can `PUT` the file to directly, valid for `expires`; the request
    /// must carry `Content-Type: <content_type>` (it is signed). Encryption at rest then
    /// comes from the bucket's default encryption, as the browser sends no SSE header.
    pub async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        expires: Duration,
    ) -> Result<String, FileError> {
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(expires)
            .map_err(|e| FileError::Unavailable(e.to_string()))?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .presigned(config)
            .await
            .map_err(|e| FileError::Unavailable(describe("S3", &e)))?;
        Ok(request.uri().to_string())
    }
}

#[async_trait]
impl FileStore for S3Files {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError> {
        use aws_sdk_s3::types::ServerSideEncryption;
        let mut put = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(bytes.into());
        put = match &self.kms_key {
            Some(k) => put
                .server_side_encryption(ServerSideEncryption::AwsKms)
                .ssekms_key_id(k),
            None => put.server_side_encryption(ServerSideEncryption::Aes256),
        };
        put.send()
            .await
            .map(|_| ())
            .map_err(|e| FileError::Unavailable(describe("S3", &e)))
    }

    async fn upload_url(
        &self,
        key: &str,
        content_type: &str,
        expires: Duration,
    ) -> Result<Option<String>, FileError> {
        self.presign_put(key, content_type, expires).await.map(Some)
    }

    async fn size(&self, key: &str) -> Result<u64, FileError> {
        use aws_sdk_s3::operation::head_object::HeadObjectError;
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(o) => Ok(o.content_length().unwrap_or(0).max(0) as u64),
            Err(e) if matches!(e.as_service_error(), Some(HeadObjectError::NotFound(_))) => {
                Err(FileError::NotFound)
            }
            Err(e) => Err(FileError::Unavailable(describe("S3", &e))),
        }
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, FileError> {
        use aws_sdk_s3::operation::get_object::GetObjectError;
        let object = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => {
                return Err(FileError::NotFound);
            }
            Err(e) => return Err(FileError::Unavailable(describe("S3", &e))),
        };
        let bytes = object
            .body
            .collect()
            .await
            .map_err(|e| FileError::Unavailable(format!("reading from S3 failed: {e}")))?;
        Ok(bytes.into_bytes().to_vec())
    }

    /// Deleting a missing key is not an error (as S3 itself answers).
    async fn delete(&self, key: &str) -> Result<(), FileError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| FileError::Unavailable(describe("S3", &e)))
    }
}
