//! A store that fails on purpose, for the fault tests (`tests/it/faults.rs`): every
//! write can be made to fail once before it reaches the store, while it is under way
//! (the write goes on without its caller, as a request cut off in flight may or may not
//! have reached DynamoDB), or after it was done (the answer is lost); the whole store
//! can be made unreachable or slow.

use super::{Draft, Purged, Query, Revised, Store, StoreError, SubmitOutcome};
use crate::application::{Application, Summary};
use crate::audit::Entry;
use crate::outbox::{Delivery, Message};
use crate::receipt::Receipt;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The store's writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Submit,
    Revise,
    Record,
    Claim,
    RecordAttempt,
    PutDraft,
    AddMessages,
    CountSend,
    Purge,
}

/// When a write fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing reaches the store.
    Before,
    /// The write is started and its caller cut off: it may complete or not.
    During,
    /// The write is done and its answer lost.
    After,
}

pub struct Faulty {
    inner: Arc<dyn Store>,
    armed: Mutex<Vec<(Write, Step)>>,
    down: AtomicBool,
    delay: Mutex<Option<Duration>>,
}

impl Faulty {
    pub fn new(inner: Arc<dyn Store>) -> Faulty {
        Faulty {
            inner,
            armed: Mutex::new(Vec::new()),
            down: AtomicBool::new(false),
            delay: Mutex::new(None),
        }
    }

    /// The next `write` fails at `step` (once).
    pub fn fail_next(&self, write: Write, step: Step) {
        self.armed.lock().expect("not poisoned").push((write, step));
    }

    /// Whether a fault is still waiting for its write.
    pub fn is_armed(&self) -> bool {
        !self.armed.lock().expect("not poisoned").is_empty()
    }

    /// Every call fails at once, as when the store cannot be reached.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// Every call waits this long before it reaches the store.
    pub fn set_delay(&self, delay: Option<Duration>) {
        *self.delay.lock().expect("not poisoned") = delay;
    }

    fn take(&self, write: Write) -> Option<Step> {
        let mut armed = self.armed.lock().expect("not poisoned");
        let i = armed.iter().position(|(w, _)| *w == write)?;
        Some(armed.remove(i).1)
    }

    async fn reach(&self) -> Result<(), StoreError> {
        let delay = *self.delay.lock().expect("not poisoned");
        if let Some(d) = delay {
            tokio::time::sleep(d).await;
        }
        if self.down.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable(
                "injected: the store is down".into(),
            ));
        }
        Ok(())
    }

    async fn read<T>(
        &self,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        self.reach().await?;
        call.await
    }

    async fn write<T: Send + 'static>(
        &self,
        write: Write,
        call: impl Future<Output = Result<T, StoreError>> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.reach().await?;
        match self.take(write) {
            None => call.await,
            Some(Step::Before) => Err(StoreError::Unavailable(format!(
                "injected: {write:?} failed before the store"
            ))),
            Some(Step::During) => {
                tokio::spawn(call);
                tokio::task::yield_now().await;
                Err(StoreError::Unavailable(format!(
                    "injected: the connection was lost during {write:?}"
                )))
            }
            Some(Step::After) => {
                call.await?;
                Err(StoreError::Unavailable(format!(
                    "injected: {write:?} was done and its answer lost"
                )))
            }
        }
    }
}

#[async_trait]
impl Store for Faulty {
    async fn submit(
        &self,
        app: Application,
        messages: Vec<Message>,
    ) -> Result<SubmitOutcome, StoreError> {
        let inner = self.inner.clone();
        self.write(
            Write::Submit,
            async move { inner.submit(app, messages).await },
        )
        .await
    }

    async fn get(&self, reference: &str) -> Result<Option<Application>, StoreError> {
        self.read(self.inner.get(reference)).await
    }

    async fn list(&self, query: &Query) -> Result<Vec<Summary>, StoreError> {
        self.read(self.inner.list(query)).await
    }

    async fn revise(
        &self,
        next: Application,
        messages: Vec<Message>,
        entry: Entry,
    ) -> Result<Revised, StoreError> {
        let inner = self.inner.clone();
        self.write(Write::Revise, async move {
            inner.revise(next, messages, entry).await
        })
        .await
    }

    async fn record(&self, entries: Vec<Entry>) -> Result<(), StoreError> {
        let inner = self.inner.clone();
        self.write(Write::Record, async move { inner.record(entries).await })
            .await
    }

    async fn trail(&self, reference: &str) -> Result<Vec<Entry>, StoreError> {
        self.read(self.inner.trail(reference)).await
    }

    async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        self.read(self.inner.due_messages(now, limit)).await
    }

    async fn claim(
        &self,
        id: &str,
        due: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (inner, id) = (self.inner.clone(), id.to_string());
        self.write(
            Write::Claim,
            async move { inner.claim(&id, due, until).await },
        )
        .await
    }

    async fn record_attempt(
        &self,
        id: &str,
        status: Delivery,
        error: Option<String>,
        retry_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (inner, id) = (self.inner.clone(), id.to_string());
        self.write(Write::RecordAttempt, async move {
            inner.record_attempt(&id, status, error, retry_at, at).await
        })
        .await
    }

    async fn message(&self, id: &str) -> Result<Option<Message>, StoreError> {
        self.read(self.inner.message(id)).await
    }

    async fn messages_of(&self, reference: &str) -> Result<Vec<Message>, StoreError> {
        self.read(self.inner.messages_of(reference)).await
    }

    async fn record_receipt(&self, id: &str, receipt: Receipt) -> Result<bool, StoreError> {
        let (inner, id) = (self.inner.clone(), id.to_string());
        self.write(Write::RecordAttempt, async move {
            inner.record_receipt(&id, receipt).await
        })
        .await
    }

    async fn link_provider(
        &self,
        provider_id: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (inner, provider_id, id) =
            (self.inner.clone(), provider_id.to_string(), id.to_string());
        self.write(Write::RecordAttempt, async move {
            inner.link_provider(&provider_id, &id, at).await
        })
        .await
    }

    async fn provider_message(&self, provider_id: &str) -> Result<Option<String>, StoreError> {
        self.read(self.inner.provider_message(provider_id)).await
    }

    async fn put_draft(&self, draft: Draft) -> Result<(), StoreError> {
        let inner = self.inner.clone();
        self.write(Write::PutDraft, async move { inner.put_draft(draft).await })
            .await
    }

    async fn get_draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        self.read(self.inner.get_draft(id)).await
    }

    async fn add_messages(
        &self,
        reference: &str,
        messages: Vec<Message>,
    ) -> Result<(), StoreError> {
        let (inner, reference) = (self.inner.clone(), reference.to_string());
        self.write(Write::AddMessages, async move {
            inner.add_messages(&reference, messages).await
        })
        .await
    }

    async fn count_send(
        &self,
        recipient: &str,
        day: NaiveDate,
        cap: u32,
    ) -> Result<bool, StoreError> {
        let (inner, recipient) = (self.inner.clone(), recipient.to_string());
        self.write(Write::CountSend, async move {
            inner.count_send(&recipient, day, cap).await
        })
        .await
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
        let inner = self.inner.clone();
        self.write(Write::Purge, async move { inner.purge_expired(now).await })
            .await
    }
}
