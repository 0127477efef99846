//! Sending the outbox: each due message goes to its channel's sender; a failure is
//! retried with exponential backoff, and after the last attempt its failure is recorded.
//! Message ids make sends idempotent (the outbox folder and SES/SNS callers use them).
//! The senders: [`crate::outbox_folder::OutboxFolder`] locally, SES and SNS on AWS.
//!
//! No recipient gets more than [`DAILY_CAP`] messages a day on a channel: a script that
//! makes applications with a number it chose spends at most that much SMS on it. A
//! message over the cap is recorded as suppressed — kept, never sent, never retried.

use crate::outbox::{Channel, Delivery, Message, log_label};
use crate::receipt::{Outcome, Receipt};
use crate::store::{Store, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// What a sender says of a message it took.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The provider's own id for it, where its later reports name it by that alone
    /// (SNS's delivery logs of an SMS); kept beside the message so they find it.
    pub provider_id: Option<String>,
}

#[async_trait]
pub trait Sender: Send + Sync {
    async fn send(&self, message: &Message) -> Result<Sent, SendError>;

    /// Whether a message this sender took has arrived, then and there (the local outbox
    /// folder: written is delivered). A provider's reports come later, as events.
    fn delivers_on_send(&self) -> bool {
        false
    }
}

/// How often and how long to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub first_delay: Duration,
    /// How long a claimed message is left to its worker before another may try it
    /// (longer than any send takes; the Lambda's timeout is far shorter).
    pub lease: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            first_delay: Duration::seconds(30),
            lease: Duration::minutes(5),
        }
    }
}

impl RetryPolicy {
    /// 30 s, 1 min, 2 min, 4 min … after attempt `n` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        self.first_delay * 2i32.pow(attempt.saturating_sub(1).min(16))
    }
}

/// Messages one address or number gets on a channel in a day (Almaty's), at most. An
/// applicant gets two or three about one application; ten leave room for a family
/// sharing a phone and applying to several forms.
pub const DAILY_CAP: u32 = 10;

pub struct Notifier<'a> {
    pub store: &'a dyn Store,
    pub email: &'a dyn Sender,
    pub sms: &'a dyn Sender,
    pub policy: RetryPolicy,
    /// Messages a recipient gets a day on a channel ([`DAILY_CAP`]).
    pub daily_cap: u32,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    /// Over the recipient's daily cap: recorded, not sent.
    pub suppressed: usize,
}

/// The key a recipient's daily count is kept under: a hash, so that the counts name no
/// one (the address is in the message itself only).
pub fn recipient_key(m: &Message) -> String {
    use sha2::{Digest, Sha256};
    let to = m.to.trim().to_lowercase();
    let digest = Sha256::digest(format!("recipient:{}:{to}", m.channel.as_str()).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Notifier<'_> {
    /// Send every message due at `now`, once each.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<Round, StoreError> {
        let mut round = Round::default();
        for m in self.store.due_messages(now, 100).await? {
            round = self.deliver(&m, now, round).await?;
        }
        Ok(round)
    }

    /// Send one message (the stream handler calls this per record).
    pub async fn deliver(
        &self,
        m: &Message,
        now: DateTime<Utc>,
        mut round: Round,
    ) -> Result<Round, StoreError> {
        // Read it again: another worker may have sent it meanwhile.
        let Some(current) = self.store.message(&m.id).await? else {
            return Ok(round);
        };
        // Sent, failed for good, waiting for its backoff, or claimed by another worker
        // (a claim moves the next attempt past `now`).
        if current.status != Delivery::Pending || current.next_attempt_at > now {
            return Ok(round);
        }
        // Of two workers holding the same due message, only the one that claims it
        // sends it.
        if !self
            .store
            .claim(&m.id, current.next_attempt_at, now + self.policy.lease)
            .await?
        {
            return Ok(round);
        }
        // Counted once per message, at its first attempt (a retry is the same message).
        if current.attempts == 0 {
            let day = content_model::almaty::date(now);
            let within = self
                .store
                .count_send(&recipient_key(&current), day, self.daily_cap)
                .await?;
            if !within {
                let why = format!(
                    "not sent: the recipient had {} messages on this channel that day",
                    self.daily_cap
                );
                self.store
                    .record_attempt(&m.id, Delivery::Suppressed, Some(why), now, now)
                    .await?;
                tracing::warn!(message = %log_label(m), "suppressed: the recipient's daily cap");
                round.suppressed += 1;
                return Ok(round);
            }
        }
        let sender = match m.channel {
            Channel::Email => self.email,
            Channel::Sms => self.sms,
        };
        match sender.send(&current).await {
            Ok(sent) => {
                self.store
                    .record_attempt(&m.id, Delivery::Sent, None, now, now)
                    .await?;
                // Sent and recorded: what follows only helps a later report find it,
                // and its failure must not fail the round (nor send anything again).
                if let Some(provider_id) = &sent.provider_id
                    && let Err(e) = self.store.link_provider(provider_id, &m.id, now).await
                {
                    tracing::warn!(message = %log_label(m), error = %e, "its provider id was not kept");
                }
                if sender.delivers_on_send() {
                    let delivered = Receipt {
                        outcome: Outcome::Delivered,
                        at: now,
                    };
                    if let Err(e) = self.store.record_receipt(&m.id, delivered).await {
                        tracing::warn!(message = %log_label(m), error = %e, "its delivery was not kept");
                    }
                }
                tracing::info!(message = %log_label(m), "sent");
                round.sent += 1;
            }
            Err(e) => {
                let attempt = current.attempts + 1;
                if attempt >= self.policy.max_attempts {
                    self.store
                        .record_attempt(&m.id, Delivery::Failed, Some(e.0.clone()), now, now)
                        .await?;
                    tracing::error!(message = %log_label(m), attempts = attempt, "gave up sending");
                    round.failed += 1;
                } else {
                    let retry_at = now + self.policy.delay_after(attempt);
                    self.store
                        .record_attempt(&m.id, Delivery::Pending, Some(e.0.clone()), retry_at, now)
                        .await?;
                    tracing::warn!(message = %log_label(m), attempt, "send failed; will retry");
                    round.retried += 1;
                }
            }
        }
        Ok(round)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::{application, message};
    use crate::store::embedded::EmbeddedStore;
    use content_model::notification::Event;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Flaky {
        fail_first: usize,
        calls: AtomicUsize,
        sent: Mutex<Vec<String>>,
    }

    #[async_trait]
    impl Sender for Flaky {
        async fn send(&self, m: &Message) -> Result<Sent, SendError> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if n < self.fail_first {
                return Err(SendError("connection reset".into()));
            }
            self.sent.lock().unwrap().push(m.id.clone());
            Ok(Sent {
                provider_id: Some(format!("provider-{}", m.id)),
            })
        }
    }

    fn flaky(fail_first: usize) -> Flaky {
        Flaky {
            fail_first,
            calls: AtomicUsize::new(0),
            sent: Mutex::new(vec![]),
        }
    }

    #[tokio::test]
    async fn the_outbox_folder_reports_each_message_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
        let m = message("KKKK3333", Event::Submitted, Channel::Sms);
        store
            .submit(application("KKKK3333", "h", "k"), vec![m.clone()])
            .await
            .unwrap();
        let folder = crate::outbox_folder::OutboxFolder {
            dir: dir.path().join("outbox"),
        };
        let email = flaky(0);
        let n = Notifier {
            store: &store,
            email: &email,
            sms: &folder,
            policy: RetryPolicy::default(),
            daily_cap: DAILY_CAP,
        };
        n.run_once(m.next_attempt_at).await.unwrap();
        let stored = store.message(&m.id).await.unwrap().unwrap();
        assert_eq!(stored.status, Delivery::Sent);
        assert_eq!(stored.receipt.map(|r| r.outcome), Some(Outcome::Delivered));
        // A provider that reports later has not reported yet.
        assert!(!email.delivers_on_send());
    }

    #[test]
    fn backoff_doubles() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_after(1), Duration::seconds(30));
        assert_eq!(p.delay_after(3), Duration::seconds(120));
    }

    #[tokio::test]
    async fn retries_with_backoff_then_sends_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
        let m = message("KKKK2222", Event::Submitted, Channel::Email);
        let t0 = m.next_attempt_at;
        store
            .submit(application("KKKK2222", "h", "k"), vec![m.clone()])
            .await
            .unwrap();
        let email = flaky(2);
        let sms = flaky(0);
        let n = Notifier {
            store: &store,
            email: &email,
            sms: &sms,
            policy: RetryPolicy::default(),
            daily_cap: DAILY_CAP,
        };
        assert_eq!(
            n.run_once(t0).await.unwrap(),
            Round {
                retried: 1,
                ..Round::default()
            }
        );
        // Not due again before the backoff has passed.
        assert_eq!(
            n.run_once(t0 + Duration::seconds(10)).await.unwrap(),
            Round::default()
        );
        assert_eq!(
            n.run_once(t0 + Duration::seconds(31))
                .await
                .unwrap()
                .retried,
            1
        );
        assert_eq!(
            n.run_once(t0 + Duration::seconds(200)).await.unwrap().sent,
            1
        );
        assert_eq!(
            n.run_once(t0 + Duration::days(1)).await.unwrap(),
            Round::default()
        );
        assert_eq!(*email.sent.lock().unwrap(), vec![m.id.clone()]);
        let stored = store.message(&m.id).await.unwrap().unwrap();
        assert_eq!((stored.status, stored.attempts), (Delivery::Sent, 3));
    }

    #[tokio::test]
    async fn records_the_failure_after_the_last_attempt() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
        let m = message("LLLL2222", Event::Submitted, Channel::Sms);
        store
            .submit(application("LLLL2222", "h2", "k2"), vec![m.clone()])
            .await
            .unwrap();
        let always = flaky(usize::MAX);
        let email = flaky(0);
        let policy = RetryPolicy {
            max_attempts: 3,
            first_delay: Duration::seconds(1),
            ..RetryPolicy::default()
        };
        let n = Notifier {
            store: &store,
            email: &email,
            sms: &always,
            policy,
            daily_cap: DAILY_CAP,
        };
        let mut now = m.next_attempt_at;
        for _ in 0..10 {
            n.run_once(now).await.unwrap();
            now += Duration::minutes(10);
        }
        let stored = store.message(&m.id).await.unwrap().unwrap();
        assert_eq!((stored.status, stored.attempts), (Delivery::Failed, 3));
        assert_eq!(stored.last_error.as_deref(), Some("connection reset"));
        assert_eq!(always.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_recipient_gets_at_most_the_daily_cap_and_the_rest_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
        // Three applications a script made with one number, and one of someone else.
        let refs = ["MMMM2222", "MMMM3333", "MMMM4444", "MMMM5555"];
        let mut ids = Vec::new();
        for (i, r) in refs.iter().enumerate() {
            let mut m = message(r, Event::Submitted, Channel::Sms);
            m.to = if i < 3 {
                "+77011234567"
            } else {
                "+77017654321"
            }
            .into();
            m.next_attempt_at += Duration::seconds(i as i64);
            ids.push(m.id.clone());
            store
                .submit(application(r, &format!("h{i}"), &format!("k{i}")), vec![m])
                .await
                .unwrap();
        }
        let (email, sms) = (flaky(0), flaky(0));
        let n = Notifier {
            store: &store,
            email: &email,
            sms: &sms,
            policy: RetryPolicy::default(),
            daily_cap: 2,
        };
        let now = chrono::Utc::now() + Duration::minutes(1);
        let round = n.run_once(now).await.unwrap();
        assert_eq!((round.sent, round.suppressed), (3, 1));
        assert_eq!(
            *sms.sent.lock().unwrap(),
            [ids[0].clone(), ids[1].clone(), ids[3].clone()]
        );
        let over = store.message(&ids[2]).await.unwrap().unwrap();
        assert_eq!(over.status, Delivery::Suppressed);
        assert!(over.last_error.unwrap().contains("2 messages"));
        // Suppressed is final: a later round does not send it.
        assert_eq!(
            n.run_once(now + Duration::hours(1)).await.unwrap(),
            Round::default()
        );
        // The next day the number gets messages again.
        let mut tomorrow = message("MMMM6666", Event::Submitted, Channel::Sms);
        tomorrow.to = "+77011234567".into();
        tomorrow.next_attempt_at = now + Duration::days(1);
        store
            .submit(application("MMMM6666", "h6", "k6"), vec![tomorrow])
            .await
            .unwrap();
        assert_eq!(n.run_once(now + Duration::days(1)).await.unwrap().sent, 1);
    }
}
