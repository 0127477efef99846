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

    /// A URL the browser can `PUT` the file to directly, valid for `expires`. Signed into
    /// it: `Content-Type: <content_type>`, `Content-Length: <size>` (S3 refuses a body of
    /// another size) and `If-None-Match: *` (S3 refuses a second PUT to the key: a file
    /// once sent cannot be replaced). Encryption at rest then comes from the bucket's
    /// default encryption, as the browser sends no SSE header.
    pub async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires: Duration,
    ) -> Result<String, FileError> {
        let size = i64::try_from(size).map_err(|_| FileError::TooLarge {
            limit: i64::MAX as u64,
        })?;
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(expires)
            .map_err(|e| FileError::Unavailable(e.to_string()))?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(size)
            .if_none_match("*")
            .presigned(config)
            .await
            .map_err(|e| FileError::Unavailable(describe("S3", &e)))?;
        Ok(request.uri().to_string())
    }
}

/// CopyObject names a missing source by its error code only.
fn is_no_such_key(code: Option<&str>) -> bool {
    matches!(code, Some("NoSuchKey" | "NotFound"))
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
        size: u64,
        expires: Duration,
    ) -> Result<Option<String>, FileError> {
        self.presign_put(key, content_type, size, expires)
            .await
            .map(Some)
    }

    /// A server-side copy (the bytes never pass through the function), encrypted as
    /// [`FileStore::put`] encrypts.
    async fn copy(&self, from: &str, to: &str) -> Result<(), FileError> {
        use aws_sdk_s3::error::ProvideErrorMetadata;
        use aws_sdk_s3::types::ServerSideEncryption;
        // Keys are ours (`incoming-…`, `doc-…`): no character needs encoding.
        let mut copy = self
            .client
            .copy_object()
            .bucket(&self.bucket)
            .copy_source(format!("{}/{from}", self.bucket))
            .key(to);
        copy = match &self.kms_key {
            Some(k) => copy
                .server_side_encryption(ServerSideEncryption::AwsKms)
                .ssekms_key_id(k),
            None => copy.server_side_encryption(ServerSideEncryption::Aes256),
        };
        match copy.send().await {
            Ok(_) => Ok(()),
            Err(e) if is_no_such_key(e.as_service_error().and_then(|se| se.code())) => {
                Err(FileError::NotFound)
            }
            Err(e) => Err(FileError::Unavailable(describe("S3", &e))),
        }
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

    /// At most `limit` bytes are asked for (a `Range`), whatever the object's size.
    async fn get(&self, key: &str, limit: u64) -> Result<Vec<u8>, FileError> {
        use aws_sdk_s3::operation::get_object::GetObjectError;
        let object = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            // One byte more than the limit: a longer answer says the file is too large.
            .range(format!("bytes=0-{limit}"))
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
            .map_err(|e| FileError::Unavailable(format!("reading from S3 failed: {e}")))?
            .into_bytes();
        if bytes.len() as u64 > limit {
            return Err(FileError::TooLarge { limit });
        }
        Ok(bytes.to_vec())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> S3Files {
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(aws_sdk_s3::config::Region::new("eu-central-1"))
            .credentials_provider(aws_sdk_s3::config::Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "test",
            ))
            .build();
        S3Files::new(aws_sdk_s3::Client::from_conf(config), "uploads")
    }

    /// Signed headers are what S3 checks: a PUT with another size or a second PUT to
    /// the key does not match the signature (or its condition) and is refused.
    #[tokio::test]
    async fn an_upload_url_signs_the_size_and_a_single_put() {
        let url = files()
            .presign_put(
                "incoming-abc",
                "application/pdf",
                1234,
                Duration::from_secs(900),
            )
            .await
            .unwrap();
        let signed = url
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("X-Amz-SignedHeaders="))
            .expect("a presigned URL names its signed headers");
        let signed: Vec<&str> = signed.split("%3B").collect();
        for header in ["content-length", "content-type", "host", "if-none-match"] {
            assert!(signed.contains(&header), "{header} is not signed: {url}");
        }
    }
}
