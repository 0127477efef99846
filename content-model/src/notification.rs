//! `content/notifications.yaml`: the e-mail and SMS texts sent to applicants, with
//! placeholders (`{reference}`, `{form}`, `{reason}`, `{status_url}`, `{decision_date}`).

use crate::lang::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationTemplates {
    /// The language the texts are written in first; the others are translations of it.
    /// Without it they are not tracked as translations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_lang: Option<crate::lang::Lang>,
    /// Keyed by event: `submitted`, `approved`, `refused`, `reminder` (optional: the
    /// applicant of an application under review, told that another was refused),
    /// `information_requested` (a reviewer asks for more: see the status page),
    /// `withdrawn` (the applicant withdrew it).
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
    /// Someone tried to send a second application while this one is under review.
    Reminder,
    /// A reviewer asks the applicant for more information (the message itself is shown
    /// only on the status page).
    InformationRequested,
    /// The applicant withdrew the application.
    Withdrawn,
}

impl Event {
    pub const ALL: [Event; 6] = [
        Event::Submitted,
        Event::Approved,
        Event::Refused,
        Event::Reminder,
        Event::InformationRequested,
        Event::Withdrawn,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submitted => "submitted",
            Event::Approved => "approved",
            Event::Refused => "refused",
            Event::Reminder => "reminder",
            Event::InformationRequested => "information_requested",
            Event::Withdrawn => "withdrawn",
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

impl Template {
    /// Each part with its key in the file: `email_subject`, `email_body`, `sms`.
    pub fn parts(&self) -> [(&'static str, &Text); 3] {
        [
            ("email_subject", &self.email_subject),
            ("email_body", &self.email_body),
            ("sms", &self.sms),
        ]
    }
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 5] = ["reference", "form", "reason", "status_url", "decision_date"];
