//! The production adapters: e-mail through SES (v2), SMS through SNS, documents in S3,
//! and the AWS clients built from the Lambda's environment.
//!
//! Errors never carry a recipient: what SES or SNS say is reduced to the error's code and
//! message, and any e-mail address or phone number in it is blanked out before it becomes
//! a [`SendError`] (which the notifier stores and logs).

use crate::files::{FileError, FileStore};
use crate::notifier::{SendError, Sender};
use crate::outbox::{Channel, Message};
use async_trait::async_trait;
use aws_config::{BehaviorVersion, SdkConfig};
use std::fmt::Display;
use std::sync::LazyLock;
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Clients

/// The four clients from the standard environment (`AWS_REGION`, the Lambda's role,
/// `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` for a local server).
pub async fn clients_from_env() -> (
    aws_sdk_dynamodb::Client,
    aws_sdk_sesv2::Client,
    aws_sdk_sns::Client,
    aws_sdk_s3::Client,
) {
    let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
    clients(&config)
}

/// The four clients from one loaded configuration. S3 uses path-style addressing when
/// its endpoint is overridden (a local server has no `<bucket>.host` names).
pub fn clients(
    config: &SdkConfig,
) -> (
    aws_sdk_dynamodb::Client,
    aws_sdk_sesv2::Client,
    aws_sdk_sns::Client,
    aws_sdk_s3::Client,
) {
    let overridden = config.endpoint_url().is_some()
        || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some_and(|v| !v.is_empty());
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(overridden)
        .build();
    (
        aws_sdk_dynamodb::Client::new(config),
        aws_sdk_sesv2::Client::new(config),
        aws_sdk_sns::Client::new(config),
        aws_sdk_s3::Client::from_conf(s3),
    )
}

// ---------------------------------------------------------------------------------------
// Errors without personal data

static EMAIL_LIKE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"[^\s<>()\[\]:;,'\x22]+@[^\s<>()\[\]:;,'\x22]+").unwrap());
static PHONE_LIKE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\+?\d[\d \-]{6,}\d").unwrap());

/// `text` with the recipient, and anything that looks like an address or a number,
/// replaced.
fn redact(text: &str, recipient: &str) -> String {
    let mut text = text.to_string();
    if !recipient.is_empty() {
        text = text.replace(recipient, "[recipient]");
        text = text.replace(&recipient.to_lowercase(), "[recipient]");
    }
    let text = EMAIL_LIKE.replace_all(&text, "[address]");
    PHONE_LIKE.replace_all(&text, "[number]").into_owned()
}

/// What went wrong in a call, in one line: the service's code and message for a refusal,
/// the kind of failure otherwise.
fn describe<E, R>(service: &str, e: &aws_sdk_s3::error::SdkError<E, R>) -> String
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_sdk_s3::error::SdkError;
    match e {
        SdkError::ServiceError(s) => {
            let err = s.err();
            format!(
                "{service} refused the request: {}: {}",
                err.code().unwrap_or("unknown error"),
                err.message().unwrap_or("no message")
            )
        }
        SdkError::TimeoutError(_) => format!("{service} did not answer in time"),
        SdkError::DispatchFailure(d) if d.is_timeout() => {
            format!("{service} did not answer in time")
        }
        SdkError::DispatchFailure(_) => format!("{service} could not be reached"),
        SdkError::ResponseError(_) => format!("{service} sent an unreadable answer"),
        SdkError::ConstructionFailure(_) => format!("the {service} request could not be built"),
        other => format!(
            "{service} failed: {}",
            aws_sdk_s3::error::DisplayErrorContext(other)
        ),
    }
}

// ---------------------------------------------------------------------------------------
// E-mail

/// E-mail through SES v2 `SendEmail` (a simple message: subject, text and HTML, UTF-8).
///
/// SES has no idempotency token; the message id goes with every send as the e-mail tag
/// `message-id` (seen in SES events) and the header `X-Portal-Message-Id`, so a duplicate
/// (sent, then the process died before recording it) can be recognised. That the
/// notifier re-reads a message and sends it only while pending is what keeps it to once.
pub struct SesEmail {
    client: aws_sdk_sesv2::Client,
    from: String,
}

impl SesEmail {
    /// `from` is a verified SES identity, e.g. `"Student services <noreply@…>"`.
    pub fn new(client: aws_sdk_sesv2::Client, from: impl Into<String>) -> SesEmail {
        SesEmail {
            client,
            from: from.into(),
        }
    }
}

/// An SES tag value allows only ASCII letters, digits, `_` and `-` (at most 256).
fn tag_value(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(256)
        .collect()
}

fn build_err(e: impl Display) -> SendError {
    SendError(format!("the request could not be built: {e}"))
}

#[async_trait]
impl Sender for SesEmail {
    async fn send(&self, m: &Message) -> Result<(), SendError> {
        use aws_sdk_sesv2::types::{
            Body, Content, Destination, EmailContent, Message as SesMessage, MessageHeader,
            MessageTag,
        };
        if m.channel != Channel::Email {
            return Err(SendError(format!(
                "{} is not an e-mail",
                crate::outbox::log_label(m)
            )));
        }
        let utf8 = |data: &str| {
            Content::builder()
                .data(data)
                .charset("UTF-8")
                .build()
                .map_err(build_err)
        };
        let mut body = Body::builder().text(utf8(&m.text)?);
        if let Some(html) = &m.html {
            body = body.html(utf8(&format!(
                "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><body>{html}</body></html>",
                m.lang
            ))?);
        }
        let message = SesMessage::builder()
            .subject(utf8(m.subject.as_deref().unwrap_or_default())?)
            .body(body.build())
            .headers(
                MessageHeader::builder()
                    .name("X-Portal-Message-Id")
                    .value(&m.id)
                    .build()
                    .map_err(build_err)?,
            )
            .build();
        let result = self
            .client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(&m.to).build())
            .content(EmailContent::builder().simple(message).build())
            .email_tags(
                MessageTag::builder()
                    .name("message-id")
                    .value(tag_value(&m.id))
                    .build()
                    .map_err(build_err)?,
            )
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err(SendError(redact(&describe("SES", &e), &m.to))),
        }
    }
}

// ---------------------------------------------------------------------------------------
// SMS

/// SMS through SNS `Publish` to a phone number, as a transactional message (the route
/// AWS keeps for one-time, time-critical texts), with an optional sender id.
///
/// SNS has no idempotency for direct SMS; as for e-mail, the notifier's re-read keeps a
/// message to one send except when the process dies between sending and recording.
pub struct SnsSms {
    client: aws_sdk_sns::Client,
    sender_id: Option<String>,
}

impl SnsSms {
    /// `sender_id`: up to 11 letters and digits, where the destination country allows it.
    pub fn new(client: aws_sdk_sns::Client, sender_id: Option<String>) -> SnsSms {
        SnsSms { client, sender_id }
    }
}

#[async_trait]
impl Sender for SnsSms {
    async fn send(&self, m: &Message) -> Result<(), SendError> {
        use aws_sdk_sns::types::MessageAttributeValue;
        if m.channel != Channel::Sms {
            return Err(SendError(format!(
                "{} is not an SMS",
                crate::outbox::log_label(m)
            )));
        }
        let string = |v: &str| {
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(v)
                .build()
                .map_err(build_err)
        };
        let mut publish = self
            .client
            .publish()
            .phone_number(&m.to)
            .message(&m.text)
            .message_attributes("AWS.SNS.SMS.SMSType", string("Transactional")?);
        if let Some(id) = self.sender_id.as_deref().filter(|s| !s.is_empty()) {
            publish = publish.message_attributes("AWS.SNS.SMS.SenderID", string(id)?);
        }
        match publish.send().await {
            Ok(_) => Ok(()),
            Err(e) => Err(SendError(redact(&describe("SNS", &e), &m.to))),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Documents

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_lose_addresses_and_numbers() {
        let text = "MessageRejected: Email address is not verified. The following identities \
                    failed the check in region EU-CENTRAL-1: Student@Example.kz, +77011234567";
        let out = redact(text, "student@example.kz");
        assert!(!out.to_lowercase().contains("example.kz"), "{out}");
        assert!(!out.contains("7011234567"), "{out}");
        assert!(out.contains("MessageRejected"), "{out}");
        assert_eq!(
            redact("to +7 701 123 45 67 failed", "+77011234567"),
            "to [number] failed"
        );
    }

    #[test]
    fn tag_values_are_ses_safe() {
        assert_eq!(
            tag_value("ABCD2345-submitted-email"),
            "ABCD2345-submitted-email"
        );
        assert_eq!(tag_value("a.b c"), "a_b_c");
    }
}
