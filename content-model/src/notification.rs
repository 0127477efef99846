//! `content/notifications.yaml`: the e-mail and SMS texts sent to applicants, with
//! placeholders (`{reference}`, `{form}`, `{reason}`, `{status_url}`, `{decision_date}`).

use crate::lang::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationTemplates {
    /// Keyed by event: `submitted`, `approved`, `refused`.
    #[serde(default)]
    pub events: BTreeMap<Event, Template>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Submitted,
    Approved,
    Refused,
}

impl Event {
    pub const ALL: [Event; 3] = [Event::Submitted, Event::Approved, Event::Refused];
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submitted => "submitted",
            Event::Approved => "approved",
            Event::Refused => "refused",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub email_subject: Text,
    /// Plain text; blank lines separate paragraphs (the HTML part is made from it).
    pub email_body: Text,
    /// Keep it short: an SMS in Cyrillic holds 70 characters a part.
    pub sms: Text,
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 5] = ["reference", "form", "reason", "status_url", "decision_date"];
