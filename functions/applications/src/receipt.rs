//! What became of a message after it was sent, as its provider reports it later (GOV.UK
//! Notify's "delivered", "permanent failure"…): SES's events for e-mail; locally, the
//! outbox folder reports each message delivered once written. Reviewers see it by each
//! message of an application, so that a bounced e-mail is known — the SMS goes anyway,
//! on its own channel.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The recipient's server (or phone) took it.
    Delivered,
    /// Refused by the recipient's server: a wrong or closed address (SES "Permanent").
    Bounced,
    /// Could not be delivered this time (a full mailbox: SES "Transient") — SES gave up.
    NotDelivered,
    /// The recipient marked it as spam.
    Complained,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Delivered => "delivered",
            Outcome::Bounced => "bounced",
            Outcome::NotDelivered => "not_delivered",
            Outcome::Complained => "complained",
        }
    }

    /// Which report a message keeps when several come, in whatever order: a complaint
    /// (it came after delivery), then a bounce, then delivery, then a temporary failure
    /// (SES reports an out-of-office reply as one, after the delivery).
    pub fn weight(self) -> u8 {
        match self {
            Outcome::NotDelivered => 1,
            Outcome::Delivered => 2,
            Outcome::Bounced => 3,
            Outcome::Complained => 4,
        }
    }
}

/// A provider's report on one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub outcome: Outcome,
    pub at: DateTime<Utc>,
}

impl Receipt {
    /// Whether `self` replaces `kept`, the report a message has.
    pub fn replaces(&self, kept: Option<&Receipt>) -> bool {
        kept.is_none_or(|k| self.outcome.weight() > k.outcome.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weightier_report_is_kept_whatever_the_order() {
        let at = Utc::now();
        let r = |outcome| Receipt { outcome, at };
        assert!(r(Outcome::Delivered).replaces(None));
        assert!(r(Outcome::Complained).replaces(Some(&r(Outcome::Delivered))));
        assert!(!r(Outcome::Delivered).replaces(Some(&r(Outcome::Bounced))));
        assert!(!r(Outcome::Bounced).replaces(Some(&r(Outcome::Bounced))));
        assert!(
            !r(Outcome::NotDelivered).replaces(Some(&r(Outcome::Delivered))),
            "an out-of-office reply after delivery"
        );
    }
}
