//! The applicant withdraws an application not yet decided: it leaves the queue, the
//! applicant may apply to the form again, and they are told by e-mail and SMS (so that
//! a withdrawal they did not make does not go unnoticed). It is kept, like a decided
//! application, for the retention period.

use crate::application::{Application, Status, TimelineEntry};
use crate::audit::{Action, Entry};
use crate::office::Office;
use crate::outbox::{Placeholders, messages_for};
use crate::store::Store;
use crate::store::StoreError;
use crate::store::change::{Changed, change};
use chrono::{DateTime, Utc};
use content_model::notification::Event;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawalError {
    #[error("the application is already {0:?}")]
    Closed(Status),
    /// The applicant's page showed an older history: they withdraw what they have not
    /// seen (a request for information, say).
    #[error("the application changed since the applicant's page ({seen} steps)")]
    Changed { seen: u64 },
}

impl Application {
    /// How many steps its history shows the applicant. What staff do among themselves
    /// (take it, write a note) is not one, so it does not make their page out of date.
    pub fn steps(&self) -> u64 {
        self.timeline.len() as u64
    }

    /// Withdraw it, from the page the applicant saw: `seen` is the length of the
    /// history it showed ([`Application::steps`]).
    pub fn withdraw(
        &mut self,
        at: DateTime<Utc>,
        retention: chrono::Duration,
        seen: u64,
    ) -> Result<(), WithdrawalError> {
        if !self.status.is_open() {
            return Err(WithdrawalError::Closed(self.status));
        }
        if seen != self.steps() {
            return Err(WithdrawalError::Changed { seen });
        }
        self.status = Status::Withdrawn;
        self.decided_at = Some(at);
        self.timeline.push(TimelineEntry {
            at,
            status: Status::Withdrawn,
            answered: false,
        });
        self.expires_at = Some(at + retention);
        Ok(())
    }
}

/// Withdraw `reference`, with the message that says so, in one conditional write.
pub async fn withdraw(
    store: &dyn Store,
    office: &Office<'_>,
    reference: &str,
    seen: u64,
    at: DateTime<Utc>,
) -> Result<Changed<WithdrawalError>, StoreError> {
    let entry = Entry::applicant(reference, Action::Withdrew);
    change(store, reference, entry, |app| {
        app.withdraw(at, office.retention, seen)?;
        let lang = app.lang;
        let title = office
            .content
            .form(&app.form)
            .map(|f| f.data.title.or_empty(lang))
            .unwrap_or_default();
        Ok(messages_for(
            office.content,
            app,
            Event::Withdrawn,
            &Placeholders {
                form_title: title,
                status_url: &office.status_url(lang),
                decision_date: None,
            },
            at,
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::application;
    use chrono::Duration;

    #[test]
    fn only_an_open_application_with_the_history_seen_is_withdrawn() {
        let at = Utc::now();
        let mut a = application("WWWW2345", "h", "k");
        assert_eq!(
            a.withdraw(at, Duration::days(30), 2),
            Err(WithdrawalError::Changed { seen: 2 })
        );
        a.holder = Some("ana".into());
        a.withdraw(at, Duration::days(30), 1).unwrap();
        assert_eq!(a.status, Status::Withdrawn);
        assert!(!a.status.is_open());
        assert_eq!(a.expires_at, Some(at + Duration::days(30)));
        assert_eq!(a.timeline.last().map(|t| t.status), Some(Status::Withdrawn));
        assert_eq!(
            a.withdraw(at, Duration::days(30), 2),
            Err(WithdrawalError::Closed(Status::Withdrawn))
        );
    }
}
