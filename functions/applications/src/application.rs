//! An application and its life: under review, perhaps returned to the applicant for
//! more information (and answered, [`crate::information`]), then approved or refused
//! (with a reason) — or withdrawn by the applicant before that ([`crate::withdrawal`]). Every change is made here, as a pure function of the application;
//! the stores write it only if nobody changed the application in between
//! ([`Application::revision`]).

use chrono::{DateTime, NaiveDate, Utc};
use content_model::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    UnderReview,
    /// Returned to the applicant: a reviewer asked for something missing.
    InformationRequested,
    Approved,
    Refused,
    /// Withdrawn by the applicant before a decision.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::UnderReview,
        Status::InformationRequested,
        Status::Approved,
        Status::Refused,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::UnderReview => "under_review",
            Status::InformationRequested => "information_requested",
            Status::Approved => "approved",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Not decided yet: the applicant's one open application to the form.
    pub fn is_open(self) -> bool {
        matches!(self, Status::UnderReview | Status::InformationRequested)
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

/// A note staff wrote on an application (only staff see it; [`crate::note`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub status: Status,
    /// Back under review because the applicant answered a request for information.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answered: bool,
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
    /// How many times it was changed since it was stored: a change is written only if
    /// the stored application is still at the revision the change was made from, so of
    /// two concurrent changes (two decisions, a decision and the applicant's answer)
    /// exactly one wins.
    #[serde(default)]
    pub revision: u64,
    /// Each request for more information, with the applicant's answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<crate::round::Round>,
    /// The reviewer who has taken it ([`crate::assignment`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Staff's internal notes, oldest first ([`crate::note`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Keyed hashes of the words of the applicant's names, for the reviewers' search
    /// ([`crate::find`]); not reversible without the server's secret.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Status,
    pub reason: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The revision the reviewer decided on (their page's), if known.
    #[serde(default)]
    pub seen: Option<u64>,
    /// The reviewer is a lead: they may decide what another reviewer holds.
    #[serde(default)]
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a decision is either approved or refused")]
    NotAnOutcome,
    #[error("a refusal needs a reason")]
    ReasonRequired,
    #[error("the application is already {0:?}")]
    AlreadyDecided(Status),
    /// The application changed after the reviewer opened it (the applicant answered, a
    /// colleague asked for information): they decide on what they have not seen.
    #[error("the application changed since revision {seen}")]
    Changed { seen: u64 },
    #[error("{0} has this application")]
    HeldBy(String),
}

impl Application {
    /// Apply a decision (pure; the store writes it only if nobody changed the
    /// application in between). A decision can also end a request for information the
    /// applicant does not answer.
    pub fn decide(
        &mut self,
        d: &Decision,
        retention: chrono::Duration,
    ) -> Result<(), DecisionError> {
        if !self.status.is_open() {
            return Err(DecisionError::AlreadyDecided(self.status));
        }
        self.check_seen(d.seen)?;
        check_decision(d)?;
        // Only its holder or a lead decides one held (crate::decide checks); one nobody
        // held is the decider's.
        self.holder.get_or_insert_with(|| d.by.clone());
        self.status = d.outcome;
        self.reason = d.reason.clone().filter(|r| !r.trim().is_empty());
        self.decided_at = Some(d.at);
        self.decided_by = Some(d.by.clone());
        self.timeline.push(TimelineEntry {
            at: d.at,
            status: d.outcome,
            answered: false,
        });
        self.expires_at = Some(d.at + retention);
        Ok(())
    }

    /// A reviewer's change made from `seen` (the revision on their page) is refused
    /// when the application has changed since; none given, nothing is checked.
    pub fn check_seen(&self, seen: Option<u64>) -> Result<(), DecisionError> {
        match seen {
            Some(seen) if seen != self.revision => Err(DecisionError::Changed { seen }),
            _ => Ok(()),
        }
    }

    /// The summary reviewers see in the queue: no personal data beyond the reference.
    pub fn summary(&self) -> Summary {
        Summary {
            reference: self.reference.clone(),
            form: self.form.clone(),
            status: self.status,
            created_at: self.created_at,
            lang: self.lang,
            // Paused while the applicant is asked for information.
            due: self
                .expected_decision
                .filter(|_| self.status == Status::UnderReview),
            answered: self.status == Status::UnderReview
                && self.rounds.last().is_some_and(|r| r.answer.is_some()),
            holder: self.holder.clone(),
            decided_at: self.decided_at,
            limit: self.expected_decision,
            rounds: self.rounds.len() as u32,
            keys: crate::find::FindKeys {
                applicant: self.applicant_hash.clone(),
                names: self.name_keys.clone(),
            },
        }
    }
}

pub fn check_decision(d: &Decision) -> Result<(), DecisionError> {
    match d.outcome {
        Status::UnderReview | Status::InformationRequested | Status::Withdrawn => {
            Err(DecisionError::NotAnOutcome)
        }
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
    /// Back in the queue with the applicant's answer to a request for information.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answered: bool,
    /// The reviewer who has taken it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// When it was decided (or withdrawn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Its due date, whatever its status (the reports' "over the limit").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<NaiveDate>,
    /// How often it was returned for more information.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rounds: u32,
    /// What a search finds it by (never shown: the queue's JSON leaves it out).
    #[serde(default)]
    pub keys: crate::find::FindKeys,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
