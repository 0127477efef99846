//! Deciding an application under review: approved, or refused with a reason, with the
//! message to the applicant, in one conditional transaction.

use crate::application::{Decision, Status};
use crate::office::Office;
use crate::outbox::{Placeholders, messages_for};
use crate::store::{DecideOutcome, Store, StoreError};
use content_model::notification::Event;

/// Decide `reference`. Of two concurrent decisions exactly one wins; the other gets
/// [`DecideOutcome::Conflict`] with the status the winner left.
pub async fn decide(
    store: &dyn Store,
    office: &Office<'_>,
    reference: &str,
    decision: &Decision,
) -> Result<DecideOutcome, StoreError> {
    let Some(current) = store.get(reference).await? else {
        return Ok(DecideOutcome::NotFound);
    };
    // The messages are made from the application as it will be once decided; one
    // already decided gets none (the store refuses the decision anyway).
    let mut decided = current;
    let messages = match decided.decide(decision, office.retention) {
        Ok(()) => {
            let lang = decided.lang;
            let title = office
                .content
                .form(&decided.form)
                .map(|f| f.data.title.or_empty(lang))
                .unwrap_or_default();
            let event = if decision.outcome == Status::Approved {
                Event::Approved
            } else {
                Event::Refused
            };
            messages_for(
                office.content,
                &decided,
                event,
                &Placeholders {
                    form_title: title,
                    status_url: &office.status_url(lang),
                    decision_date: None,
                },
                decision.at,
            )
        }
        Err(_) => Vec::new(),
    };
    store
        .decide(reference, decision, office.retention, messages)
        .await
}
