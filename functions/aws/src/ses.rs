//! E-mail through SES (v2).

use crate::redact::{describe, redact};
use applications::notifier::{SendError, Sender, Sent};
use applications::outbox::{Channel, Message, log_label};
use async_trait::async_trait;
use std::fmt::Display;

/// A request that could not be built (a value SES refuses before sending).
pub(crate) fn build_err(e: impl Display) -> SendError {
    SendError(format!("the request could not be built: {e}"))
}

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

#[async_trait]
impl Sender for SesEmail {
    async fn send(&self, m: &Message) -> Result<Sent, SendError> {
        use aws_sdk_sesv2::types::{
            Body, Content, Destination, EmailContent, Message as SesMessage, MessageHeader,
            MessageTag,
        };
        if m.channel != Channel::Email {
            return Err(SendError(format!("{} is not an e-mail", log_label(m))));
        }
        let utf8 = |data: &str| {
            Content::builder()
                .data(data)
                .charset("UTF-8")
                .build()
                .map_err(build_err)
        };
        let mut body = Body::builder().text(utf8(&m.text)?);
        if m.html.is_some() {
            body = body.html(utf8(&m.html_document())?);
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
            // Its reports name it by its tag: no id to keep.
            Ok(_) => Ok(Sent::default()),
            Err(e) => Err(SendError(redact(&describe("SES", &e), &m.to))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_values_are_ses_safe() {
        assert_eq!(
            tag_value("ABCD2345-submitted-email"),
            "ABCD2345-submitted-email"
        );
        assert_eq!(tag_value("a.b c"), "a_b_c");
    }
}
