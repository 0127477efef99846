//! The notifier Lambda's work for one DynamoDB Streams batch: every outbox message the
//! batch inserts or modifies is delivered through [`Notifier::deliver`], which reads the
//! message again and sends it only while it is still pending — so a batch delivered
//! twice (streams are at least once) sends nothing twice.
//!
//! Only messages that are due are sent here. A failed send is recorded with a later
//! `next_attempt_at`, which is itself a `MODIFY` of the item: sending again on that
//! record would skip the backoff, so it is left to the scheduled [`Notifier::run_once`]
//! sweep, which also picks up anything a lost stream record missed.
//!
//! Records whose processing failed (the store could not be read or written) are returned
//! as batch item failures, identified by their sequence number, so that with
//! `ReportBatchItemFailures` Lambda retries from the first of them instead of the whole
//! batch; a record without a sequence number is reported with none, which makes Lambda
//! retry the whole batch.

use applications::notifier::{Notifier, Round};
use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use chrono::{DateTime, Utc};

/// The prefix of an outbox message's key (`pk = "MSG#<message id>"`, see `crate::dynamo`).
pub const MESSAGE_KEY_PREFIX: &str = "MSG#";

/// How far the writer's clock may be ahead of this one: a message written "due now"
/// elsewhere is due here too (far below the first retry delay, so no backoff is cut).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::seconds(5);

/// Handle a batch now.
pub async fn handle(notifier: &Notifier<'_>, event: Event) -> DynamoDbEventResponse {
    handle_at(notifier, event, Utc::now()).await
}

/// Handle a batch as if at `now`.
pub async fn handle_at(
    notifier: &Notifier<'_>,
    event: Event,
    now: DateTime<Utc>,
) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    let mut round = Round::default();
    for record in &event.records {
        let Some(id) = message_id(record) else {
            continue;
        };
        match deliver(notifier, &id, now).await {
            Ok(r) => {
                round.sent += r.sent;
                round.retried += r.retried;
                round.failed += r.failed;
            }
            Err(e) => {
                tracing::error!(
                    sequence = record.change.sequence_number.as_deref().unwrap_or("none"),
                    error = %e,
                    "stream record failed; it will be retried"
                );
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
            }
        }
    }
    tracing::info!(
        records = event.records.len(),
        sent = round.sent,
        retried = round.retried,
        failed = round.failed,
        "stream batch handled"
    );
    response
}

async fn deliver(
    notifier: &Notifier<'_>,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Round, applications::store::StoreError> {
    let round = Round::default();
    // A message purged meanwhile, or not due (waiting for a retry): nothing to do here.
    let Some(message) = notifier.store.message(id).await? else {
        return Ok(round);
    };
    if message.next_attempt_at > now + CLOCK_SKEW {
        return Ok(round);
    }
    notifier.deliver(&message, now, round).await
}

/// The message id of a record that inserts or modifies an outbox message.
pub fn message_id(record: &EventRecord) -> Option<String> {
    if !matches!(record.event_name.as_str(), "INSERT" | "MODIFY") {
        return None;
    }
    // The keys in DynamoDB's JSON form: {"pk": {"S": "MSG#…"}}.
    let keys = serde_json::to_value(&record.change.keys).ok()?;
    let pk = keys.get("pk")?.get("S")?.as_str()?;
    pk.strip_prefix(MESSAGE_KEY_PREFIX)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, pk: &str) -> EventRecord {
        serde_json::from_value(serde_json::json!({
            "awsRegion": "eu-central-1",
            "eventID": "1",
            "eventName": name,
            "dynamodb": {
                "Keys": {"pk": {"S": pk}},
                "SequenceNumber": "100",
                "SizeBytes": 10,
                "StreamViewType": "KEYS_ONLY"
            }
        }))
        .unwrap()
    }

    #[test]
    fn only_inserted_or_modified_messages() {
        assert_eq!(
            message_id(&record("INSERT", "MSG#A-submitted-email")).as_deref(),
            Some("A-submitted-email")
        );
        assert_eq!(
            message_id(&record("MODIFY", "MSG#B-x-sms")).as_deref(),
            Some("B-x-sms")
        );
        assert_eq!(message_id(&record("REMOVE", "MSG#C")), None);
        assert_eq!(message_id(&record("INSERT", "APP#ABCD2345")), None);
        assert_eq!(message_id(&record("INSERT", "MSG#")), None);
    }
}
