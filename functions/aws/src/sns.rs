//! SMS through SNS.

use crate::redact::{describe, redact};
use crate::ses::build_err;
use applications::notifier::{SendError, Sender, Sent};
use applications::outbox::{Channel, Message, log_label};
use async_trait::async_trait;

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
    async fn send(&self, m: &Message) -> Result<Sent, SendError> {
        use aws_sdk_sns::types::MessageAttributeValue;
        if m.channel != Channel::Sms {
            return Err(SendError(format!("{} is not an SMS", log_label(m))));
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
            // SNS's delivery logs name the SMS by this id only.
            Ok(out) => Ok(Sent {
                provider_id: out.message_id,
            }),
            Err(e) => Err(SendError(redact(&describe("SNS", &e), &m.to))),
        }
    }
}
