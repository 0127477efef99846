//! Where applications and their outgoing messages live. One trait, two stores: the
//! embedded one (local default, no external process) and DynamoDB (production). Both
//! pass the same conformance suite (`store::conformance`, with the `test-support`
//! feature), the DynamoDB one in the `aws` crate.

pub mod change;
pub mod embedded;

use crate::application::{Application, Status, Summary};
use crate::audit;
use crate::outbox::{Delivery, Message};
use crate::receipt::Receipt;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be reached or did not answer in time: nothing was written.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
    /// Data that cannot be read back (a bug or a manual edit).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

// Returned once per request: boxing the application would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitOutcome {
    Created(Application),
    /// The same idempotency key was used before: the application it created.
    AlreadySubmitted(Application),
    /// The applicant has an application to this form under review.
    OpenApplicationExists {
        reference: String,
    },
}

/// How [`Store::revise`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revised {
    Written,
    /// The stored application is not at the revision the change was made from: somebody
    /// changed it in between. Nothing was written.
    Stale,
    NotFound,
}

#[derive(Debug, Clone, Default)]
pub struct Query {
    pub form: Option<String>,
    pub status: Option<Status>,
}

/// How long a provider's id stays linked to its message: SNS reports an SMS within
/// hours (it gives up on a phone after 72).
pub fn provider_link_lifetime() -> chrono::Duration {
    chrono::Duration::days(4)
}

/// How long a draft waits for "Accept and send"; after that it is gone (both stores
/// delete it, and one still there is not served).
pub fn draft_lifetime() -> chrono::Duration {
    chrono::Duration::days(1)
}

/// A draft: answers that passed validation, waiting for "Accept and send".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    pub id: String,
    pub form: String,
    pub lang: content_model::Lang,
    pub answers: std::collections::BTreeMap<String, String>,
    pub documents: Vec<crate::application::Document>,
    pub created_at: DateTime<Utc>,
    /// Set once the draft has been sent: the application it became.
    #[serde(default)]
    pub reference: Option<String>,
}

impl Draft {
    /// When the draft is gone.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.created_at + draft_lifetime()
    }

    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at() <= now
    }
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Store a new application and its messages in one transaction, unless its
    /// idempotency key was seen or the applicant has an open application to the form.
    async fn submit(
        &self,
        app: Application,
        messages: Vec<Message>,
    ) -> Result<SubmitOutcome, StoreError>;

    async fn get(&self, reference: &str) -> Result<Option<Application>, StoreError>;

    /// The review queue, oldest first.
    async fn list(&self, query: &Query) -> Result<Vec<Summary>, StoreError>;

    /// Replace an application with `next`, its next revision, and add its messages, in
    /// one transaction — only if the stored application is still at `next.revision - 1`
    /// (else [`Revised::Stale`], and nothing is written): of two concurrent changes
    /// exactly one wins. A change that decides an open application also frees the
    /// applicant's open slot, and from then on its messages expire with it. `entry`, the
    /// change's line in the audit trail, is written with it or not at all.
    /// [`crate::store::change::change`] is the way to call it.
    async fn revise(
        &self,
        next: Application,
        messages: Vec<Message>,
        entry: audit::Entry,
    ) -> Result<Revised, StoreError>;

    /// Add entries to their applications' audit trails. Nothing ever replaces or removes
    /// one, but the purge of its application.
    async fn record(&self, entries: Vec<audit::Entry>) -> Result<(), StoreError>;

    /// An application's audit trail, oldest first.
    async fn trail(&self, reference: &str) -> Result<Vec<audit::Entry>, StoreError>;

    /// Messages due for (another) attempt at `now`.
    async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError>;

    /// Take a due message for one attempt: only if it is still pending and still due at
    /// `due` (the time the caller read), move its next attempt to `until`. Of two workers
    /// that read the same due message (the stream handler and the retry sweep, say),
    /// exactly one gets `true` and sends; a worker that dies after claiming leaves the
    /// message due again at `until`.
    async fn claim(
        &self,
        id: &str,
        due: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Record an attempt: sent, failed for good, or to be retried at `retry_at`.
    async fn record_attempt(
        &self,
        id: &str,
        status: Delivery,
        error: Option<String>,
        retry_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn message(&self, id: &str) -> Result<Option<Message>, StoreError>;

    /// Every message about `reference`, in no order.
    async fn messages_of(&self, reference: &str) -> Result<Vec<Message>, StoreError>;

    /// Keep a provider's report on message `id`, unless it has a weightier one
    /// ([`Receipt::replaces`]); `false` when there is no such message (purged, or not
    /// ours).
    async fn record_receipt(&self, id: &str, receipt: Receipt) -> Result<bool, StoreError>;

    /// Remember that the provider calls message `id` `provider_id` (an SMS's SNS id), so
    /// that its report finds it; kept for [`provider_link_lifetime`].
    async fn link_provider(
        &self,
        provider_id: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The message the provider calls `provider_id`, if linked and not expired.
    async fn provider_message(&self, provider_id: &str) -> Result<Option<String>, StoreError>;

    async fn put_draft(&self, draft: Draft) -> Result<(), StoreError>;
    async fn get_draft(&self, id: &str) -> Result<Option<Draft>, StoreError>;

    /// Add messages about an application already stored (a reminder), each only if no
    /// message has its id yet — the id says how often it may be sent (once a day, say).
    /// An application that is gone (purged) gets none.
    async fn add_messages(&self, reference: &str, messages: Vec<Message>)
    -> Result<(), StoreError>;

    /// Count one more message to `recipient` (a keyed hash, never the address) on `day`,
    /// unless `cap` were counted already: then `false`, and nothing changes. Counts of
    /// past days are deleted by [`Store::purge_expired`] (or expire on their own).
    async fn count_send(
        &self,
        recipient: &str,
        day: NaiveDate,
        cap: u32,
    ) -> Result<bool, StoreError>;

    /// Delete decided applications whose retention has passed (with their audit
    /// trails), drafts whose day has passed, and send counts of past days; returns what was deleted, so that the
    /// documents they own can be deleted too.
    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Purged, StoreError>;
}

/// What [`Store::purge_expired`] deleted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Purged {
    pub applications: Vec<Application>,
    /// Drafts never sent (a sent draft's documents are its application's).
    pub drafts: Vec<Draft>,
}

#[cfg(any(test, feature = "test-support"))]
pub mod conformance;
pub mod deadline;
#[cfg(any(test, feature = "test-support"))]
pub mod faults;

#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_embedded_store_conforms() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::embedded::EmbeddedStore::open(&dir.path().join("store.redb")).unwrap();
        super::conformance::run_all(std::sync::Arc::new(store)).await;
    }
}
