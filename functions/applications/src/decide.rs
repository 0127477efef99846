//! Deciding an application not yet decided: approved, or refused with a reason, with the
//! message to the applicant, in one conditional write ([`crate::store::change`]).

use crate::application::{Decision, DecisionError, Status};
use crate::assignment::{AssignmentError, Reviewer};
use crate::audit::{Action, Entry};
use crate::office::Office;
use crate::outbox::{Placeholders, messages_for};
use crate::store::change::{Changed, change};
use crate::store::{Store, StoreError};
use content_model::notification::Event;

/// Decide `reference`. Of two concurrent decisions exactly one wins; the other is
/// refused with [`DecisionError::AlreadyDecided`], and a decision made on a revision
/// that is no longer the application's with [`DecisionError::Changed`]; one that another
/// reviewer holds, unless the decider is a lead, with [`DecisionError::HeldBy`].
/// `from` is the decider's network address, for the audit trail.
pub async fn decide(
    store: &dyn Store,
    office: &Office<'_>,
    reference: &str,
    decision: &Decision,
    from: Option<String>,
) -> Result<Changed<DecisionError>, StoreError> {
    let entry = Entry::staff(
        reference,
        &decision.by,
        from,
        Action::Decided {
            outcome: decision.outcome,
        },
    );
    change(store, reference, entry, |app| {
        let who = Reviewer {
            name: &decision.by,
            lead: decision.lead,
        };
        if let Err(AssignmentError::HeldBy(h)) = app.may_act(who) {
            return Err(DecisionError::HeldBy(h));
        }
        app.decide(decision, office.retention)?;
        let lang = app.lang;
        let title = office
            .content
            .form(&app.form)
            .map(|f| f.data.title.or_empty(lang))
            .unwrap_or_default();
        let event = if decision.outcome == Status::Approved {
            Event::Approved
        } else {
            Event::Refused
        };
        Ok(messages_for(
            office.content,
            app,
            event,
            &Placeholders {
                form_title: title,
                status_url: &office.status_url(lang),
                decision_date: None,
            },
            decision.at,
        ))
    })
    .await
}
