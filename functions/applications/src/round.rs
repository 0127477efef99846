//! A request for more information and the applicant's answer, as stored with the
//! application ([`crate::information`] says how they are made).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One request for information and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub asked_at: DateTime<Utc>,
    pub asked_by: String,
    /// What is missing, in the reviewer's words (shown to the applicant on the status
    /// page, never sent by e-mail or SMS: it may name a medical document).
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// The applicant's answer to a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub at: DateTime<Utc>,
    pub text: Option<String>,
    /// The ids of the documents sent with it (in the application's `documents`).
    pub documents: Vec<String>,
}
