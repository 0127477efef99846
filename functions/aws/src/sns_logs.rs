//! SNS's reports on sent SMS: its delivery status logs (CloudWatch Logs, for the
//! account's direct publishing to phone numbers), which a subscription filter hands to
//! the notifier. A report names the SMS by SNS's id alone; the notifier linked that id
//! to the message when it sent it ([`applications::store::Store::link_provider`]).
//! Nothing of a report is logged: it names the phone number.

use applications::receipt::{Outcome, Receipt};
use applications::store::{Store, StoreError};
use aws_lambda_events::event::cloudwatch_logs::LogsEvent;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

/// One delivery status log line, the parts this reads.
#[derive(Deserialize)]
struct Report {
    notification: Notification,
    status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    message_id: String,
    /// `2026-08-25 04:00:01.234`, UTC.
    timestamp: Option<String>,
}

/// Whether a Lambda event is a CloudWatch Logs subscription's.
pub fn is_logs_event(payload: &serde_json::Value) -> bool {
    payload.get("awslogs").is_some()
}

/// SNS's id of the SMS a log line reports on, and what it reports; `None` for a line
/// that is not a delivery report.
pub fn report_of(line: &str, logged_at_ms: i64) -> Option<(String, Receipt)> {
    let r: Report = serde_json::from_str(line).ok()?;
    let outcome = match r.status.as_str() {
        "SUCCESS" => Outcome::Delivered,
        "FAILURE" => Outcome::NotDelivered,
        _ => return None,
    };
    let at = r
        .notification
        .timestamp
        .as_deref()
        .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").ok())
        .map(|t| t.and_utc())
        .or_else(|| DateTime::<Utc>::from_timestamp_millis(logged_at_ms))?;
    Some((r.notification.message_id, Receipt { outcome, at }))
}

/// Keep what each report of a batch says; returns how many found their message.
pub async fn handle(store: &dyn Store, payload: serde_json::Value) -> Result<usize, StoreError> {
    // From text, not from the value: the crate's reader of `awslogs` borrows its keys,
    // which a `serde_json::Value` cannot lend.
    let event: LogsEvent = match serde_json::from_str(&payload.to_string()) {
        Ok(e) => e,
        Err(e) => {
            // Not retried: the same batch would fail the same way.
            tracing::error!(error = %e, "a logs event that does not read");
            return Ok(0);
        }
    };
    let mut kept = 0;
    for entry in &event.aws_logs.data.log_events {
        let Some((provider_id, receipt)) = report_of(&entry.message, entry.timestamp) else {
            continue;
        };
        match store.provider_message(&provider_id).await? {
            Some(id) if store.record_receipt(&id, receipt).await? => kept += 1,
            _ => tracing::warn!("an SMS report for a message that is not (or no longer) here"),
        }
    }
    tracing::info!(kept, "SMS reports kept");
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as SNS writes them (AWS's documented examples, the number made up).
    const SUCCESS: &str = r#"{"notification":{"messageId":"34d9b400-c6dd-5444-820d-fbeb0f1f54cf","timestamp":"2026-08-25 04:00:01.558"},"delivery":{"phoneCarrier":"Carrier","mnc":1,"destination":"+7701XXX4567","priceInUSD":0.02,"smsType":"Transactional","mcc":401,"providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":599,"dwellTimeMsUntilDeviceAck":1344},"status":"SUCCESS"}"#;
    const FAILURE: &str = r#"{"notification":{"messageId":"1077257a-92f7-5ff0-a1d0-ff0c8bc7b6e4","timestamp":"2026-08-25 04:00:02.000"},"delivery":{"mnc":0,"destination":"+7701XXX4567","priceInUSD":0.0,"smsType":"Transactional","mcc":0,"providerResponse":"Unknown error attempting to reach phone","dwellTimeMs":1420},"status":"FAILURE"}"#;

    #[test]
    fn a_report_names_the_sms_by_snss_id_and_says_what_became_of_it() {
        let (id, r) = report_of(SUCCESS, 0).unwrap();
        assert_eq!(id, "34d9b400-c6dd-5444-820d-fbeb0f1f54cf");
        assert_eq!(r.outcome, Outcome::Delivered);
        assert_eq!(r.at.to_rfc3339(), "2026-08-25T04:00:01.558+00:00");
        let (_, r) = report_of(FAILURE, 0).unwrap();
        assert_eq!(r.outcome, Outcome::NotDelivered);
        assert_eq!(report_of("not json", 0), None);
        assert_eq!(
            report_of(
                r#"{"notification":{"messageId":"x"},"status":"PENDING"}"#,
                0
            ),
            None
        );
        // Without its own time, the log entry's.
        let (_, r) = report_of(
            r#"{"notification":{"messageId":"x"},"status":"SUCCESS"}"#,
            1_788_000_000_000,
        )
        .unwrap();
        assert_eq!(r.at.timestamp_millis(), 1_788_000_000_000);
    }
}
