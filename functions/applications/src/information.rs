//! "More information needed" (egov's "return for revision"): a reviewer returns an
//! application under review to the applicant with what is missing; the applicant answers
//! with a text and/or documents and the application is back in the queue, marked
//! answered. The time limit stops while the applicant is asked: the due date moves on by
//! the working days the answer took.

use crate::application::{Application, Document, Status, TimelineEntry};
use crate::round::{Answer, Round};
use chrono::{DateTime, NaiveDate, Utc};
use content_model::almaty;
use content_model::working_days::Calendar;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InformationError {
    #[error("a request for information needs a message")]
    MessageRequired,
    #[error("an answer needs a text or a document")]
    EmptyAnswer,
    /// Not (or no longer) in the state the change needs: decided, answered already, or
    /// not asked for anything.
    #[error("the application is {0:?}")]
    NotNow(Status),
    #[error("the application changed since revision {seen}")]
    Changed { seen: u64 },
    #[error("{0} has this application")]
    HeldBy(String),
}

/// The document field an answer's documents are filed under.
pub const ANSWER_FIELD: &str = "answer";

impl Application {
    /// The round the applicant is asked to answer now, if any.
    pub fn open_round(&self) -> Option<&Round> {
        self.rounds
            .last()
            .filter(|r| r.answer.is_none() && self.status == Status::InformationRequested)
    }

    /// Return the application to the applicant (from the revision `seen` on the
    /// reviewer's page, if known).
    pub fn request_information(
        &mut self,
        message: &str,
        by: &str,
        at: DateTime<Utc>,
        seen: Option<u64>,
    ) -> Result<(), InformationError> {
        if self.status != Status::UnderReview {
            return Err(InformationError::NotNow(self.status));
        }
        if let Some(seen) = seen.filter(|s| *s != self.revision) {
            return Err(InformationError::Changed { seen });
        }
        let message = message.trim();
        if message.is_empty() {
            return Err(InformationError::MessageRequired);
        }
        self.status = Status::InformationRequested;
        self.rounds.push(Round {
            asked_at: at,
            asked_by: by.to_string(),
            message: message.to_string(),
            answer: None,
        });
        self.timeline.push(TimelineEntry {
            at,
            status: Status::InformationRequested,
            answered: false,
        });
        Ok(())
    }

    /// The applicant's answer to the open round: back under review, the due date moved
    /// on by the working days it took (`calendar`).
    pub fn answer(
        &mut self,
        text: Option<&str>,
        documents: Vec<Document>,
        at: DateTime<Utc>,
        calendar: &Calendar,
    ) -> Result<(), InformationError> {
        let status = self.status;
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let Some(round) = self
            .rounds
            .last_mut()
            .filter(|r| r.answer.is_none() && status == Status::InformationRequested)
        else {
            return Err(InformationError::NotNow(status));
        };
        if text.is_none() && documents.is_empty() {
            return Err(InformationError::EmptyAnswer);
        }
        let paused = calendar.working_days_between(almaty::date(round.asked_at), almaty::date(at));
        round.answer = Some(Answer {
            at,
            text: text.map(str::to_string),
            documents: documents.iter().map(|d| d.id.clone()).collect(),
        });
        self.documents.extend(documents);
        self.expected_decision = self
            .expected_decision
            .map(|due| later_by(calendar, due, paused));
        self.status = Status::UnderReview;
        self.timeline.push(TimelineEntry {
            at,
            status: Status::UnderReview,
            answered: true,
        });
        Ok(())
    }
}

/// `n` working days after `due`.
fn later_by(calendar: &Calendar, due: NaiveDate, n: u32) -> NaiveDate {
    match due.succ_opt() {
        Some(next) if n > 0 => calendar.due_date(next, n),
        _ => due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        // Noon in Almaty, 2026-09-<day>.
        Utc.with_ymd_and_hms(2026, 9, day, 7, 0, 0).unwrap()
    }

    fn application() -> Application {
        Application {
            reference: "ABCD2345".into(),
            form: "dormitory".into(),
            lang: content_model::Lang::Kk,
            answers: Default::default(),
            documents: vec![],
            status: Status::UnderReview,
            reason: None,
            created_at: at(1),
            expected_decision: NaiveDate::from_ymd_opt(2026, 9, 10),
            decided_at: None,
            decided_by: None,
            timeline: vec![],
            idempotency_key: "k".into(),
            applicant_hash: "h".into(),
            expires_at: None,
            request_hash: None,
            revision: 0,
            rounds: vec![],
            holder: None,
            name_keys: vec![],
            notes: vec![],
        }
    }

    fn document(id: &str) -> Document {
        Document {
            id: id.into(),
            field: ANSWER_FIELD.into(),
            file_name: "справка.pdf".into(),
            content_type: "application/pdf".into(),
            size: 10,
            key: format!("documents/{id}"),
        }
    }

    #[test]
    fn a_round_pauses_the_due_date_by_the_working_days_it_took() {
        let calendar = Calendar::new(&[]);
        let mut a = application();
        a.request_information("Справка 086-У", "ana", at(7), Some(0))
            .unwrap();
        assert_eq!(a.status, Status::InformationRequested);
        assert_eq!(a.summary().due, None, "paused while asked");
        assert_eq!(
            a.open_round().map(|r| r.message.as_str()),
            Some("Справка 086-У")
        );
        // Asked on Monday the 7th, answered on Thursday the 10th: three working days.
        a.answer(Some(" вот "), vec![document("d1")], at(10), &calendar)
            .unwrap();
        assert_eq!(a.status, Status::UnderReview);
        assert_eq!(a.expected_decision, NaiveDate::from_ymd_opt(2026, 9, 15));
        assert!(a.summary().answered);
        assert_eq!(a.documents.len(), 1);
        let answer = a.rounds[0].answer.as_ref().unwrap();
        assert_eq!(answer.text.as_deref(), Some("вот"));
        assert_eq!(answer.documents, ["d1"]);
        assert_eq!(
            a.timeline
                .iter()
                .map(|t| (t.status, t.answered))
                .collect::<Vec<_>>(),
            [
                (Status::InformationRequested, false),
                (Status::UnderReview, true)
            ]
        );
    }

    #[test]
    fn answered_the_same_day_the_due_date_stays() {
        let mut a = application();
        a.request_information("x", "ana", at(7), None).unwrap();
        a.answer(Some("y"), vec![], at(7), &Calendar::new(&[]))
            .unwrap();
        assert_eq!(a.expected_decision, NaiveDate::from_ymd_opt(2026, 9, 10));
    }

    #[test]
    fn what_cannot_be_done_is_refused() {
        let calendar = Calendar::new(&[]);
        let mut a = application();
        assert_eq!(
            a.answer(Some("y"), vec![], at(7), &calendar),
            Err(InformationError::NotNow(Status::UnderReview)),
            "nothing was asked"
        );
        assert_eq!(
            a.request_information("  ", "ana", at(7), None),
            Err(InformationError::MessageRequired)
        );
        assert_eq!(
            a.request_information("x", "ana", at(7), Some(3)),
            Err(InformationError::Changed { seen: 3 })
        );
        a.request_information("x", "ana", at(7), None).unwrap();
        assert_eq!(
            a.request_information("x", "bob", at(7), None),
            Err(InformationError::NotNow(Status::InformationRequested))
        );
        assert_eq!(
            a.answer(Some(" "), vec![], at(8), &calendar),
            Err(InformationError::EmptyAnswer)
        );
        a.answer(None, vec![document("d")], at(8), &calendar)
            .unwrap();
        assert_eq!(
            a.answer(Some("again"), vec![], at(8), &calendar),
            Err(InformationError::NotNow(Status::UnderReview)),
            "answered already"
        );
    }
}
