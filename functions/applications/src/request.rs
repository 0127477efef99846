//! Asking the applicant for more information, and taking their answer, through the
//! store ([`crate::store::change`]): the pure rules are in [`crate::information`].

use crate::application::Document;
use crate::assignment::{AssignmentError, Reviewer};
use crate::audit::{Action, Entry};
use crate::information::InformationError;
use crate::office::Office;
use crate::outbox::{Placeholders, messages_for};
use crate::store::change::{Changed, change};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use content_model::notification::Event;

/// What a reviewer asks for.
pub struct Request<'a> {
    pub message: &'a str,
    pub by: &'a str,
    pub at: DateTime<Utc>,
    /// The revision on the reviewer's page, if known.
    pub seen: Option<u64>,
    /// A lead may ask about an application another reviewer holds.
    pub lead: bool,
    /// The reviewer's network address, for the audit trail.
    pub from: Option<String>,
}

/// Return `reference` to its applicant, who is told by e-mail and SMS to look at the
/// status page (the message itself is not sent: it may name a medical document).
pub async fn request_information(
    store: &dyn Store,
    office: &Office<'_>,
    reference: &str,
    request: &Request<'_>,
) -> Result<Changed<InformationError>, StoreError> {
    let entry = Entry::staff(
        reference,
        request.by,
        request.from.clone(),
        Action::Requested,
    );
    change(store, reference, entry, |app| {
        let who = Reviewer {
            name: request.by,
            lead: request.lead,
        };
        if let Err(AssignmentError::HeldBy(h)) = app.may_act(who) {
            return Err(InformationError::HeldBy(h));
        }
        app.request_information(request.message, request.by, request.at, request.seen)?;
        app.holder.get_or_insert_with(|| request.by.to_string());
        let lang = app.lang;
        let title = office
            .content
            .form(&app.form)
            .map(|f| f.data.title.or_empty(lang))
            .unwrap_or_default();
        let round = app.rounds.len();
        let mut messages = messages_for(
            office.content,
            app,
            Event::InformationRequested,
            &Placeholders {
                form_title: title,
                status_url: &office.status_url(lang),
                decision_date: None,
            },
            request.at,
        );
        // One message per channel and round.
        for m in &mut messages {
            m.id = format!("{}-{round}", m.id);
        }
        Ok(messages)
    })
    .await
}

/// The applicant's answer to the open request of `reference`: back to the queue.
/// `round` is the request it answers (the one on the applicant's page): an answer to a
/// request that is no longer open is refused.
pub async fn answer(
    store: &dyn Store,
    office: &Office<'_>,
    reference: &str,
    round: usize,
    text: Option<&str>,
    documents: Vec<Document>,
    at: DateTime<Utc>,
) -> Result<Changed<InformationError>, StoreError> {
    let entry = Entry::applicant(reference, Action::Answered);
    change(store, reference, entry, |app| {
        if app.open_round().is_none() || app.rounds.len() != round {
            return Err(InformationError::NotNow(app.status));
        }
        app.answer(text, documents.clone(), at, office.calendar)?;
        Ok(Vec::new())
    })
    .await
}
