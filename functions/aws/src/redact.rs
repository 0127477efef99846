//! What AWS says when a call fails, in one line and without personal data: a refusal is
//! reduced to the service's code and message, and any e-mail address or phone number in
//! it is blanked out before it becomes an error the notifier stores and logs.

use std::sync::LazyLock;

static EMAIL_LIKE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"[^\s<>()\[\]:;,'\x22]+@[^\s<>()\[\]:;,'\x22]+").unwrap());
static PHONE_LIKE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\+?\d[\d \-]{6,}\d").unwrap());

/// `text` with the recipient, and anything that looks like an address or a number,
/// replaced.
pub fn redact(text: &str, recipient: &str) -> String {
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
pub fn describe<E, R>(service: &str, e: &aws_sdk_s3::error::SdkError<E, R>) -> String
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
}
