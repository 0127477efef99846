//! An application and its life: under review, then approved or refused (with a reason).
//! Only an application under review can be decided.

use chrono::{DateTime, NaiveDate, Utc};
use content_model::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    UnderReview,
    Approved,
    Refused,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::UnderReview, Status::Approved, Status::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::UnderReview => "under_review",
            Status::Approved => "approved",
            Status::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "under_review" => Some(Status::UnderReview),
            "approved" => Some(Status::Approved),
            "refused" => Some(Status::Refused),
            _ => None,
        }
    }

    pub fn is_open(self) -> bool {
        self == Status::UnderReview
    }
}

/// A document attached to an application. The bytes live in the file store under `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub field: String,
    /// The applicant's file name, shown only to reviewers.
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub reference: String,
    pub form: String,
    pub lang: Lang,
    /// The normalised answers (personal data: never logged).
    pub answers: BTreeMap<String, String>,
    pub documents: Vec<Document>,
    pub status: Status,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expected_decision: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub timeline: Vec<TimelineEntry>,
    /// The client's idempotency key (a draft id or an `Idempotency-Key` header): the
    /// same key never creates a second application.
    pub idempotency_key: String,
    /// A hash of the form and the applicant's identity (IIN or passport), for the rule
    /// that one applicant has one open application per form. Not reversible to the IIN
    /// without the server secret.
    pub applicant_hash: String,
    /// When the store may delete it (set on decision, from the retention period).
    pub expires_at: Option<DateTime<Utc>>,
    /// A keyed hash of what was asked (answers and documents): a request repeated with
    /// the same idempotency key must be the same request (`submit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Status,
    pub reason: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a decision is either approved or refused")]
    NotAnOutcome,
    #[error("a refusal needs a reason")]
    ReasonRequired,
    #[error("the application is already {0:?}")]
    AlreadyDecided(Status),
}

impl Application {
    /// Apply a decision (pure; stores make it atomic and conditional on the status).
    pub fn decide(
        &mut self,
        d: &Decision,
        retention: chrono::Duration,
    ) -> Result<(), DecisionError> {
        if !self.status.is_open() {
            return Err(DecisionError::AlreadyDecided(self.status));
        }
        check_decision(d)?;
        self.status = d.outcome;
        self.reason = d.reason.clone().filter(|r| !r.trim().is_empty());
        self.decided_at = Some(d.at);
        self.decided_by = Some(d.by.clone());
        self.timeline.push(TimelineEntry {
            at: d.at,
            status: d.outcome,
        });
        self.expires_at = Some(d.at + retention);
        Ok(())
    }

    /// The summary reviewers see in the queue: no personal data beyond the reference.
    pub fn summary(&self) -> Summary {
        Summary {
            reference: self.reference.clone(),
            form: self.form.clone(),
            status: self.status,
            created_at: self.created_at,
            lang: self.lang,
            due: self
                .expected_decision
                .filter(|_| self.status == Status::UnderReview),
        }
    }
}

pub fn check_decision(d: &Decision) -> Result<(), DecisionError> {
    match d.outcome {
        Status::UnderReview => Err(DecisionError::NotAnOutcome),
        Status::Refused if d.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
            Err(DecisionError::ReasonRequired)
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub reference: String,
    pub form: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub lang: Lang,
    /// When the decision is due (under review only; older summaries have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}
