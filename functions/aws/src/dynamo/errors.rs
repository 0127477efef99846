//! What DynamoDB's refusals mean to the store, and the backoff between retries.

// The parts of one store, split by concern: each sees the others as the one file did.
use super::items::get_s;
use super::*;

/// Map an SDK error: a request DynamoDB calls malformed is a bug (`Corrupt`); anything
/// else — no connection, a timeout, throttling, a 5xx, a missing table or permission —
/// means the store cannot serve the request now (`Unavailable`).
pub(super) fn sdk_error<E>(op: &str, e: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let SdkError::ServiceError(ctx) = &e {
        let code = ctx.err().code().unwrap_or("unknown");
        let message = ctx.err().message().unwrap_or("");
        let text = format!("DynamoDB {op}: {code}: {message}");
        let server_side = ctx.raw().status().is_server_error();
        if !server_side && matches!(code, "ValidationException" | "SerializationException") {
            return StoreError::Corrupt(text);
        }
        return StoreError::Unavailable(text);
    }
    StoreError::Unavailable(format!("DynamoDB {op}: {}", DisplayErrorContext(&e)))
}

/// A conditional write's answer: `Ok(true)` written, `Ok(false)` refused because its
/// condition did not hold (for the caller to read as "taken", "already there", "at the
/// cap"), any other refusal an error.
pub(super) fn written<O, E>(
    op: &str,
    result: Result<O, SdkError<E, HttpResponse>>,
) -> Result<Option<O>, StoreError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(out) => Ok(Some(out)),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.code() == Some("ConditionalCheckFailedException")) =>
        {
            Ok(None)
        }
        Err(e) => Err(sdk_error(op, e)),
    }
}

pub(super) fn build_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("building a DynamoDB request: {e}"))
}

pub(super) async fn backoff(attempt: u32) {
    let base = 20u64 << attempt.min(6);
    let jitter = rand::random_range(0..=base);
    tokio::time::sleep(Duration::from_millis(base / 2 + jitter)).await;
}

pub(super) fn is_condition_failure(reasons: &[CancellationReason], index: usize) -> bool {
    reasons
        .get(index)
        .and_then(|r| r.code())
        .is_some_and(|c| c == "ConditionalCheckFailed")
}

pub(super) fn codes(reasons: &[CancellationReason]) -> String {
    reasons
        .iter()
        .map(|r| r.code().unwrap_or("None"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `ref` of the item a failed condition returned (`ALL_OLD`), if it returned one.
pub(super) fn returned_ref(reasons: &[CancellationReason], index: usize) -> Option<String> {
    reasons
        .get(index)
        .and_then(|r| r.item())
        .and_then(|item| get_s(item, REF))
        .map(str::to_string)
}

pub(super) enum TxnOutcome {
    Committed,
    /// Cancelled by a failed condition: the reasons, one per item in order.
    ConditionFailed(Vec<CancellationReason>),
    /// Cancelled by concurrent transactions or throttling only: worth trying again.
    Retry(String),
}
