//! Every store call within a time limit: a store that does not answer gives
//! `StoreError::Unavailable` (a 503 with a retry hint), never a request left hanging
//! until API Gateway or the browser gives up. A write cut off this way may still have
//! happened; the idempotency key makes the applicant's retry safe.

use super::{Draft, Purged, Query, Revised, Store, StoreError, SubmitOutcome};
use crate::application::{Application, Summary};
use crate::audit::Entry;
use crate::outbox::{Delivery, Message};
use crate::receipt::Receipt;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Far above a healthy answer (milliseconds), far below API Gateway's 30 s.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(5);

pub struct Deadline {
    inner: Arc<dyn Store>,
    limit: Duration,
}

impl Deadline {
    pub fn new(inner: Arc<dyn Store>, limit: Duration) -> Deadline {
        Deadline { inner, limit }
    }

    async fn within<T>(
        &self,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        match tokio::time::timeout(self.limit, call).await {
            Ok(result) => result,
            Err(_) => Err(StoreError::Unavailable(format!(
                "no answer within {} ms",
                self.limit.as_millis()
            ))),
        }
    }
}

#[async_trait]
impl Store for Deadline {
    async fn submit(
        &self,
        app: Application,
        messages: Vec<Message>,
    ) -> Result<SubmitOutcome, StoreError> {
        self.within(self.inner.submit(app, messages)).await
    }

    async fn get(&self, reference: &str) -> Result<Option<Application>, StoreError> {
        self.within(self.inner.get(reference)).await
    }

    async fn list(&self, query: &Query) -> Result<Vec<Summary>, StoreError> {
        self.within(self.inner.list(query)).await
    }

    async fn revise(
        &self,
        next: Application,
        messages: Vec<Message>,
        entry: Entry,
    ) -> Result<Revised, StoreError> {
        self.within(self.inner.revise(next, messages, entry)).await
    }

    async fn record(&self, entries: Vec<Entry>) -> Result<(), StoreError> {
        self.within(self.inner.record(entries)).await
    }

    async fn trail(&self, reference: &str) -> Result<Vec<Entry>, StoreError> {
        self.within(self.inner.trail(reference)).await
    }

    async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        self.within(self.inner.due_messages(now, limit)).await
    }

    async fn claim(
        &self,
        id: &str,
        due: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.within(self.inner.claim(id, due, until)).await
    }

    async fn record_attempt(
        &self,
        id: &str,
        status: Delivery,
        error: Option<String>,
        retry_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.within(self.inner.record_attempt(id, status, error, retry_at, at))
            .await
    }

    async fn message(&self, id: &str) -> Result<Option<Message>, StoreError> {
        self.within(self.inner.message(id)).await
    }

    async fn messages_of(&self, reference: &str) -> Result<Vec<Message>, StoreError> {
        self.within(self.inner.messages_of(reference)).await
    }

    async fn record_receipt(&self, id: &str, receipt: Receipt) -> Result<bool, StoreError> {
        self.within(self.inner.record_receipt(id, receipt)).await
    }

    async fn link_provider(
        &self,
        provider_id: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.within(self.inner.link_provider(provider_id, id, at))
            .await
    }

    async fn provider_message(&self, provider_id: &str) -> Result<Option<String>, StoreError> {
        self.within(self.inner.provider_message(provider_id)).await
    }

    async fn put_draft(&self, draft: Draft) -> Result<(), StoreError> {
        self.within(self.inner.put_draft(draft)).await
    }

    async fn get_draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        self.within(self.inner.get_draft(id)).await
    }

    async fn add_messages(
        &self,
        reference: &str,
        messages: Vec<Message>,
    ) -> Result<(), StoreError> {
        self.within(self.inner.add_messages(reference, messages))
            .await
    }

    async fn count_send(
        &self,
        recipient: &str,
        day: NaiveDate,
        cap: u32,
    ) -> Result<bool, StoreError> {
        self.within(self.inner.count_send(recipient, day, cap))
            .await
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
        self.within(self.inner.purge_expired(now)).await
    }
}
