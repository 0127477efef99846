//! Sending an application: accepted answers become a stored application under review,
//! with its "submitted" messages, in one transaction.

use crate::applicant::applicant_hash;
use crate::application::{Application, Document, Status, TimelineEntry};
use crate::find::name_keys;
use crate::office::Office;
use crate::outbox::{Placeholders, messages_for};
use crate::reference::new_reference;
use crate::secret::Secret;
use crate::store::{Store, StoreError, SubmitOutcome};
use chrono::{DateTime, Utc};
use content_model::dates::date_text;
use content_model::form::Form;
use content_model::notification::Event;
use content_model::{Entry, Lang, almaty};
use std::collections::BTreeMap;

/// Answers that passed validation, with the client's idempotency key.
pub struct NewApplication {
    pub lang: Lang,
    pub answers: BTreeMap<String, String>,
    pub documents: Vec<Document>,
    /// A draft's id or an `Idempotency-Key`: the same key never makes a second application.
    pub idempotency_key: String,
}

/// Why an application was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The idempotency key made an application from other answers: a retry must repeat
    /// its request, and nothing of the first is told to whoever reused the key.
    #[error("the idempotency key was used for another request")]
    KeyReused,
}

/// A keyed hash of the answers and the documents as the client named them (the keys
/// they are stored under are new at every try).
fn request_hash(secret: &Secret, form: &str, new: &NewApplication) -> String {
    let keys: Vec<(&str, &str, u64)> = new
        .documents
        .iter()
        .map(|d| (d.field.as_str(), d.file_name.as_str(), d.size))
        .collect();
    // A map and a list of pairs of strings: serialising cannot fail.
    let answers = serde_json::to_vec(&new.answers).unwrap_or_default();
    let documents = serde_json::to_vec(&keys).unwrap_or_default();
    secret.mac_hex(&[
        b"request:",
        form.as_bytes(),
        b":",
        &answers,
        b":",
        &documents,
    ])
}

/// Store the application and its messages; the outcome says whether it was created, had
/// been already (the same key with the same request), or the applicant has one under
/// review already.
pub async fn submit(
    store: &dyn Store,
    office: &Office<'_>,
    entry: &Entry<Form>,
    new: NewApplication,
    now: DateTime<Utc>,
) -> Result<SubmitOutcome, SubmitError> {
    let form = &entry.data;
    let lang = new.lang;
    let request_hash = request_hash(office.secret, &entry.slug, &new);
    let applicant_id = form
        .applicant_id(&new.answers)
        .unwrap_or_default()
        .to_string();
    let expected = form
        .decision_days(&new.answers)
        .map(|n| office.calendar.due_date(almaty::date(now), n));
    let name_keys = name_keys(office.secret, &entry.slug, form, &new.answers);
    let application = Application {
        reference: new_reference(),
        form: entry.slug.clone(),
        lang,
        answers: new.answers,
        documents: new.documents,
        status: Status::UnderReview,
        reason: None,
        created_at: now,
        expected_decision: expected,
        decided_at: None,
        decided_by: None,
        timeline: vec![TimelineEntry {
            at: now,
            status: Status::UnderReview,
            answered: false,
        }],
        idempotency_key: new.idempotency_key,
        applicant_hash: applicant_hash(office.secret, &entry.slug, &applicant_id),
        expires_at: None,
        request_hash: Some(request_hash.clone()),
        revision: 0,
        rounds: Vec::new(),
        holder: None,
        notes: Vec::new(),
        name_keys,
    };
    let date = expected.map(|d| date_text(lang, d));
    let messages = messages_for(
        office.content,
        &application,
        Event::Submitted,
        &Placeholders {
            form_title: form.title.or_empty(lang),
            status_url: &office.status_url(lang),
            decision_date: date.as_deref(),
        },
        now,
    );
    match store.submit(application, messages).await? {
        SubmitOutcome::AlreadySubmitted(a)
            if a.request_hash.as_ref().is_some_and(|h| *h != request_hash) =>
        {
            Err(SubmitError::KeyReused)
        }
        SubmitOutcome::OpenApplicationExists { reference } => {
            remind(store, office, entry, &reference, now).await?;
            Ok(SubmitOutcome::OpenApplicationExists { reference })
        }
        outcome => Ok(outcome),
    }
}

/// Tell the applicant of the application under review that another was refused because
/// of it — to the contacts given in it, not to whoever sent the second one (an IIN is no
/// proof of who someone is). At most once a day: the message ids carry the day.
async fn remind(
    store: &dyn Store,
    office: &Office<'_>,
    entry: &Entry<Form>,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(open) = store.get(reference).await? else {
        return Ok(()); // decided and purged in between: nothing to remind of
    };
    let lang = open.lang;
    let day = almaty::date(now).format("%Y%m%d").to_string();
    let messages = messages_for(
        office.content,
        &open,
        Event::Reminder,
        &Placeholders {
            form_title: entry.data.title.or_empty(lang),
            status_url: &office.status_url(lang),
            decision_date: None,
        },
        now,
    )
    .into_iter()
    .map(|mut m| {
        m.id = reminder_id(reference, &day, m.channel);
        m
    })
    .collect();
    store.add_messages(reference, messages).await
}

/// `<reference>-reminder-<YYYYMMDD>-<channel>`: one a day per application and channel.
fn reminder_id(reference: &str, day: &str, channel: crate::outbox::Channel) -> String {
    format!("{reference}-reminder-{day}-{}", channel.as_str())
}
