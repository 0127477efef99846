//! SES's reports on sent e-mail, as its configuration set sends them to EventBridge:
//! delivered, bounced (permanently, or given up after a temporary failure), complained.
//! The message is found by the `message-id` tag the sender put on it (`ses`). Nothing
//! of the event is logged: it names the recipient.

use applications::receipt::{Outcome, Receipt};
use applications::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// The parts of an EventBridge SES event this reads.
#[derive(Deserialize)]
struct Event {
    source: String,
    detail: Detail,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    event_type: String,
    mail: Mail,
    bounce: Option<Bounce>,
    delivery: Option<Stamp>,
    complaint: Option<Stamp>,
}

#[derive(Deserialize)]
struct Mail {
    timestamp: DateTime<Utc>,
    #[serde(default)]
    tags: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    bounce_type: String,
    timestamp: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Stamp {
    timestamp: Option<DateTime<Utc>>,
}

/// Whether a Lambda event is one of SES's.
pub fn is_ses_event(payload: &serde_json::Value) -> bool {
    payload.get("source").and_then(|s| s.as_str()) == Some("aws.ses")
}

/// The message an SES event is about and what it reports; `None` for an event that
/// reports nothing a reviewer needs (sent, opened, delayed…) or names no message of ours.
pub fn receipt_of(payload: serde_json::Value) -> Result<Option<(String, Receipt)>, String> {
    let event: Event = serde_json::from_value(payload).map_err(|e| e.to_string())?;
    if event.source != "aws.ses" {
        return Ok(None);
    }
    let d = event.detail;
    let at = |t: Option<DateTime<Utc>>| t.unwrap_or(d.mail.timestamp);
    let (outcome, at) = match d.event_type.as_str() {
        "Delivery" => (Outcome::Delivered, at(d.delivery.and_then(|x| x.timestamp))),
        "Bounce" => {
            let b = d.bounce.ok_or("a Bounce event without its bounce")?;
            let outcome = if b.bounce_type == "Permanent" {
                Outcome::Bounced
            } else {
                Outcome::NotDelivered
            };
            (outcome, at(b.timestamp))
        }
        "Complaint" => (
            Outcome::Complained,
            at(d.complaint.and_then(|x| x.timestamp)),
        ),
        // Refused by SES itself (a virus, say): it never left.
        "Reject" | "Rendering Failure" | "RenderingFailure" => {
            (Outcome::NotDelivered, d.mail.timestamp)
        }
        _ => return Ok(None),
    };
    let Some(id) = d.mail.tags.get("message-id").and_then(|v| v.first()) else {
        return Ok(None);
    };
    Ok(Some((id.clone(), Receipt { outcome, at })))
}

/// Keep what an SES event reports.
pub async fn handle(store: &dyn Store, payload: serde_json::Value) -> Result<(), StoreError> {
    match receipt_of(payload) {
        Ok(Some((id, receipt))) => {
            if store.record_receipt(&id, receipt).await? {
                tracing::info!(outcome = receipt.outcome.as_str(), "e-mail report kept");
            } else {
                tracing::warn!("an e-mail report for a message that is not (or no longer) here");
            }
        }
        Ok(None) => {}
        // Not retried: the same event would fail the same way.
        Err(e) => tracing::error!(error = %e, "an SES event that does not read"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An EventBridge SES event, as AWS documents it (addresses made up).
    fn event(event_type: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut detail = json!({
            "eventType": event_type,
            "mail": {
                "timestamp": "2026-08-25T04:00:00.000Z",
                "source": "Student services <noreply@example.kz>",
                "messageId": "0100018a-ses-id",
                "destination": ["student@example.kz"],
                "tags": {
                    "ses:configuration-set": ["portal"],
                    "message-id": ["ABCD2345-submitted-email"]
                }
            }
        });
        for (k, v) in extra.as_object().unwrap() {
            detail[k] = v.clone();
        }
        json!({
            "version": "0",
            "detail-type": "Email Bounced",
            "source": "aws.ses",
            "time": "2026-08-25T04:00:05Z",
            "detail": detail
        })
    }

    #[test]
    fn each_report_is_read_from_the_event_and_names_our_message() {
        let cases = [
            (
                event(
                    "Delivery",
                    json!({"delivery": {"timestamp": "2026-08-25T04:00:02.000Z", "recipients": ["student@example.kz"]}}),
                ),
                Some(Outcome::Delivered),
            ),
            (
                event(
                    "Bounce",
                    json!({"bounce": {"bounceType": "Permanent", "bounceSubType": "General", "timestamp": "2026-08-25T04:00:03.000Z", "bouncedRecipients": [{"emailAddress": "student@example.kz"}]}}),
                ),
                Some(Outcome::Bounced),
            ),
            (
                event(
                    "Bounce",
                    json!({"bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull"}}),
                ),
                Some(Outcome::NotDelivered),
            ),
            (
                event(
                    "Complaint",
                    json!({"complaint": {"timestamp": "2026-08-26T10:00:00.000Z"}}),
                ),
                Some(Outcome::Complained),
            ),
            (
                event("Reject", json!({"reject": {"reason": "Bad content"}})),
                Some(Outcome::NotDelivered),
            ),
            (event("Open", json!({"open": {}})), None),
            (event("Send", json!({"send": {}})), None),
        ];
        for (payload, want) in cases {
            let got = receipt_of(payload).unwrap();
            assert_eq!(got.as_ref().map(|(_, r)| r.outcome), want);
            if let Some((id, _)) = got {
                assert_eq!(id, "ABCD2345-submitted-email");
            }
        }
        let bounced = receipt_of(event(
            "Bounce",
            json!({"bounce": {"bounceType": "Permanent", "timestamp": "2026-08-25T04:00:03.000Z"}}),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(bounced.1.at.to_rfc3339(), "2026-08-25T04:00:03+00:00");
    }

    #[test]
    fn an_event_without_our_tag_or_from_elsewhere_is_left_alone() {
        let mut untagged = event("Delivery", json!({"delivery": {}}));
        untagged["detail"]["mail"]["tags"] = json!({});
        assert_eq!(receipt_of(untagged).unwrap(), None);
        let mut other = event("Delivery", json!({"delivery": {}}));
        other["source"] = json!("aws.sns");
        assert!(!is_ses_event(&other));
        assert_eq!(receipt_of(other).unwrap(), None);
        assert!(receipt_of(json!({"source": "aws.ses"})).is_err());
    }
}
