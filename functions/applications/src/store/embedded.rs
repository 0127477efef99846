//! The embedded store: a redb file on disk. No external process, ACID transactions, and
//! it survives restarts — the local default.

use super::{Draft, Purged, Query, Revised, Store, StoreError, SubmitOutcome};
use crate::application::{Application, Summary};
use crate::audit::Entry;
use crate::outbox::{Delivery, Message};
use crate::receipt::Receipt;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

const APPS: TableDefinition<&str, &[u8]> = TableDefinition::new("applications");
const IDEMPOTENCY: TableDefinition<&str, &str> = TableDefinition::new("idempotency");
const OPEN: TableDefinition<&str, &str> = TableDefinition::new("open_by_applicant");
const OUTBOX: TableDefinition<&str, &[u8]> = TableDefinition::new("outbox");
const DRAFTS: TableDefinition<&str, &[u8]> = TableDefinition::new("drafts");
/// `<reference>#<entry order key>` → an audit entry ([`crate::audit`]); only added to,
/// and removed with its application.
const AUDIT: TableDefinition<&str, &[u8]> = TableDefinition::new("audit");
/// A provider's id of a sent message → `<message id> <expiry, RFC 3339>`.
const PROVIDER_IDS: TableDefinition<&str, &str> = TableDefinition::new("provider_ids");
/// `<day>:<recipient hash>` → messages counted that day.
const SEND_COUNTS: TableDefinition<&str, u32> = TableDefinition::new("send_counts");

/// The store in one redb file. After a failed write (a full disk, say) redb refuses
/// every later call until the database is opened again; so on a failure the store
/// checks whether that is the case and, if so, opens the file again at the next call —
/// by then, perhaps, with room on the disk — instead of failing until a restart.
#[derive(Clone)]
pub struct EmbeddedStore {
    path: Arc<PathBuf>,
    db: Arc<RwLock<Option<Arc<Database>>>>,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn encode<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("store records serialise")
}

/// Open (or create) the database with every table.
fn open_database(path: &Path) -> Result<Database, StoreError> {
    let db = Database::create(path).map_err(unavailable)?;
    // Create the tables once so that readers never meet a missing table.
    let txn = db.begin_write().map_err(unavailable)?;
    txn.open_table(APPS).map_err(unavailable)?;
    txn.open_table(IDEMPOTENCY).map_err(unavailable)?;
    txn.open_table(OPEN).map_err(unavailable)?;
    txn.open_table(OUTBOX).map_err(unavailable)?;
    txn.open_table(DRAFTS).map_err(unavailable)?;
    txn.open_table(SEND_COUNTS).map_err(unavailable)?;
    txn.open_table(AUDIT).map_err(unavailable)?;
    txn.open_table(PROVIDER_IDS).map_err(unavailable)?;
    txn.commit().map_err(unavailable)?;
    Ok(db)
}

impl EmbeddedStore {
    pub fn open(path: &Path) -> Result<EmbeddedStore, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(unavailable)?;
        }
        let db = open_database(path)?;
        Ok(EmbeddedStore {
            path: Arc::new(path.to_path_buf()),
            db: Arc::new(RwLock::new(Some(Arc::new(db)))),
        })
    }

    /// The open database, opened again if an earlier failure closed it.
    fn database(&self) -> Result<Arc<Database>, StoreError> {
        if let Some(db) = self.db.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            return Ok(db.clone());
        }
        let mut slot = self.db.write().unwrap_or_else(|e| e.into_inner());
        if let Some(db) = slot.as_ref() {
            return Ok(db.clone());
        }
        let db = Arc::new(open_database(&self.path)?);
        tracing::warn!("the embedded store was opened again after a failed write");
        *slot = Some(db.clone());
        Ok(db)
    }

    /// After a failure: if redb now refuses everything (a previous I/O error), let this
    /// database go, so that the next call opens the file again.
    fn after_failure(&self, db: &Arc<Database>) {
        // A write transaction is what redb refuses (dropped unused: it is aborted).
        let refused = matches!(
            db.begin_write(),
            Err(redb::TransactionError::Storage(
                redb::StorageError::PreviousIo
            ))
        );
        if refused {
            let mut slot = self.db.write().unwrap_or_else(|e| e.into_inner());
            if slot.as_ref().is_some_and(|d| Arc::ptr_eq(d, db)) {
                *slot = None;
            }
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            let db = store.database()?;
            let result = f(&db);
            if matches!(result, Err(StoreError::Unavailable(_))) {
                store.after_failure(&db);
            }
            result
        })
        .await
        .map_err(unavailable)?
    }
}

/// One record of a table of records, by its key.
fn read<T: serde::de::DeserializeOwned>(
    db: &Database,
    table: TableDefinition<&str, &[u8]>,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let txn = db.begin_read().map_err(unavailable)?;
    let table = txn.open_table(table).map_err(unavailable)?;
    let value = table.get(key).map_err(unavailable)?;
    value.map(|v| decode(v.value())).transpose()
}

/// The records of a table of records whose keys run from `from` up to (not including)
/// `to`, in key order.
fn read_range<T: serde::de::DeserializeOwned>(
    db: &Database,
    table: TableDefinition<&str, &[u8]>,
    from: &str,
    to: &str,
) -> Result<Vec<T>, StoreError> {
    let txn = db.begin_read().map_err(unavailable)?;
    let table = txn.open_table(table).map_err(unavailable)?;
    let mut out = Vec::new();
    for item in table.range(from..to).map_err(unavailable)? {
        let (_, v) = item.map_err(unavailable)?;
        out.push(decode(v.value())?);
    }
    Ok(out)
}

/// Messages into the outbox table, in the write transaction it belongs to.
fn put_messages(
    outbox: &mut redb::Table<&str, &[u8]>,
    messages: &[Message],
) -> Result<(), StoreError> {
    for m in messages {
        outbox
            .insert(m.id.as_str(), encode(m).as_slice())
            .map_err(unavailable)?;
    }
    Ok(())
}

/// Change message `id` in one write transaction: `change` says whether it changed it
/// (then it is written). `None` when there is no such message.
fn update_message(
    db: &Database,
    id: &str,
    change: impl FnOnce(&mut Message) -> bool,
) -> Result<Option<bool>, StoreError> {
    let txn = db.begin_write().map_err(unavailable)?;
    let changed = {
        let mut table = txn.open_table(OUTBOX).map_err(unavailable)?;
        let current = table
            .get(id)
            .map_err(unavailable)?
            .map(|v| v.value().to_vec());
        let Some(bytes) = current else {
            return Ok(None);
        };
        let mut m: Message = decode(&bytes)?;
        let changed = change(&mut m);
        if changed {
            table
                .insert(id, encode(&m).as_slice())
                .map_err(unavailable)?;
        }
        changed
    };
    txn.commit().map_err(unavailable)?;
    Ok(Some(changed))
}

/// Audit entries into their table, in the write transaction they belong to. An entry
/// already there is kept as it is.
fn put_entries(audit: &mut redb::Table<&str, &[u8]>, entries: &[Entry]) -> Result<(), StoreError> {
    for e in entries {
        let key = audit_key(e);
        if audit.get(key.as_str()).map_err(unavailable)?.is_none() {
            audit
                .insert(key.as_str(), encode(e).as_slice())
                .map_err(unavailable)?;
        }
    }
    Ok(())
}

fn audit_key(e: &Entry) -> String {
    format!("{}#{}", e.reference, e.order_key())
}

/// The keys of one application's trail: `<reference>#` up to (not including)
/// `<reference>$`, the next character.
fn trail_range(reference: &str) -> (String, String) {
    (format!("{reference}#"), format!("{reference}$"))
}

/// A provider link's value: the message id and when the link expires.
fn parse_link(v: &str) -> Result<(String, DateTime<Utc>), StoreError> {
    let corrupt = || StoreError::Corrupt(format!("a provider link {v:?}"));
    let (id, expires) = v.split_once(' ').ok_or_else(corrupt)?;
    let expires = DateTime::parse_from_rfc3339(expires).map_err(|_| corrupt())?;
    Ok((id.to_string(), expires.with_timezone(&Utc)))
}

fn read_app(db: &Database, reference: &str) -> Result<Option<Application>, StoreError> {
    read(db, APPS, reference)
}

#[async_trait]
impl Store for EmbeddedStore {
    async fn submit(
        &self,
        app: Application,
        messages: Vec<Message>,
    ) -> Result<SubmitOutcome, StoreError> {
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            let outcome = {
                let mut idem = txn.open_table(IDEMPOTENCY).map_err(unavailable)?;
                let mut open = txn.open_table(OPEN).map_err(unavailable)?;
                let mut apps = txn.open_table(APPS).map_err(unavailable)?;
                let mut outbox = txn.open_table(OUTBOX).map_err(unavailable)?;
                let seen = idem
                    .get(app.idempotency_key.as_str())
                    .map_err(unavailable)?
                    .map(|v| v.value().to_string());
                if let Some(reference) = seen {
                    let existing = apps.get(reference.as_str()).map_err(unavailable)?;
                    let existing: Application = decode(
                        existing
                            .ok_or_else(|| {
                                StoreError::Corrupt(format!("idempotency key without {reference}"))
                            })?
                            .value(),
                    )?;
                    return Ok(SubmitOutcome::AlreadySubmitted(existing));
                }
                let open_ref = open
                    .get(app.applicant_hash.as_str())
                    .map_err(unavailable)?
                    .map(|v| v.value().to_string());
                if let Some(reference) = open_ref {
                    return Ok(SubmitOutcome::OpenApplicationExists { reference });
                }
                // A reference drawn twice: refuse, as DynamoDB's condition does, rather
                // than overwrite someone's application (the retry draws another).
                if apps
                    .get(app.reference.as_str())
                    .map_err(unavailable)?
                    .is_some()
                {
                    return Err(StoreError::Unavailable(format!(
                        "reference {} is already taken; nothing was stored",
                        app.reference
                    )));
                }
                idem.insert(app.idempotency_key.as_str(), app.reference.as_str())
                    .map_err(unavailable)?;
                open.insert(app.applicant_hash.as_str(), app.reference.as_str())
                    .map_err(unavailable)?;
                apps.insert(app.reference.as_str(), encode(&app).as_slice())
                    .map_err(unavailable)?;
                put_messages(&mut outbox, &messages)?;
                SubmitOutcome::Created(app)
            };
            txn.commit().map_err(unavailable)?;
            Ok(outcome)
        })
        .await
    }

    async fn get(&self, reference: &str) -> Result<Option<Application>, StoreError> {
        let reference = reference.to_string();
        self.blocking(move |db| read_app(db, &reference)).await
    }

    async fn list(&self, query: &Query) -> Result<Vec<Summary>, StoreError> {
        let query = query.clone();
        self.blocking(move |db| {
            let txn = db.begin_read().map_err(unavailable)?;
            let table = txn.open_table(APPS).map_err(unavailable)?;
            let mut out = Vec::new();
            for item in table.iter().map_err(unavailable)? {
                let (_, v) = item.map_err(unavailable)?;
                let app: Application = decode(v.value())?;
                if query.form.as_ref().is_some_and(|f| *f != app.form)
                    || query.status.is_some_and(|s| s != app.status)
                {
                    continue;
                }
                out.push(app.summary());
            }
            out.sort_by(|a, b| {
                a.created_at
                    .cmp(&b.created_at)
                    .then(a.reference.cmp(&b.reference))
            });
            Ok(out)
        })
        .await
    }

    async fn revise(
        &self,
        next: Application,
        messages: Vec<Message>,
        entry: Entry,
    ) -> Result<Revised, StoreError> {
        self.blocking(move |db| {
            // redb serialises write transactions, so read-check-write here is atomic.
            let txn = db.begin_write().map_err(unavailable)?;
            {
                let mut apps = txn.open_table(APPS).map_err(unavailable)?;
                let mut open = txn.open_table(OPEN).map_err(unavailable)?;
                let mut outbox = txn.open_table(OUTBOX).map_err(unavailable)?;
                let mut audit = txn.open_table(AUDIT).map_err(unavailable)?;
                let current = apps
                    .get(next.reference.as_str())
                    .map_err(unavailable)?
                    .map(|v| v.value().to_vec());
                let Some(bytes) = current else {
                    return Ok(Revised::NotFound);
                };
                let current: Application = decode(&bytes)?;
                if current.revision + 1 != next.revision {
                    return Ok(Revised::Stale);
                }
                apps.insert(next.reference.as_str(), encode(&next).as_slice())
                    .map_err(unavailable)?;
                if current.status.is_open() && !next.status.is_open() {
                    open.remove(next.applicant_hash.as_str())
                        .map_err(unavailable)?;
                }
                put_messages(&mut outbox, &messages)?;
                put_entries(&mut audit, std::slice::from_ref(&entry))?;
            }
            txn.commit().map_err(unavailable)?;
            Ok(Revised::Written)
        })
        .await
    }

    async fn record(&self, entries: Vec<Entry>) -> Result<(), StoreError> {
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            {
                let mut audit = txn.open_table(AUDIT).map_err(unavailable)?;
                put_entries(&mut audit, &entries)?;
            }
            txn.commit().map_err(unavailable)
        })
        .await
    }

    async fn trail(&self, reference: &str) -> Result<Vec<Entry>, StoreError> {
        let (from, to) = trail_range(reference);
        self.blocking(move |db| read_range(db, AUDIT, &from, &to))
            .await
    }

    async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        self.blocking(move |db| {
            let txn = db.begin_read().map_err(unavailable)?;
            let table = txn.open_table(OUTBOX).map_err(unavailable)?;
            let mut out = Vec::new();
            for item in table.iter().map_err(unavailable)? {
                let (_, v) = item.map_err(unavailable)?;
                let m: Message = decode(v.value())?;
                if m.status == Delivery::Pending && m.next_attempt_at <= now {
                    out.push(m);
                }
            }
            out.sort_by_key(|m| m.next_attempt_at);
            out.truncate(limit);
            Ok(out)
        })
        .await
    }

    async fn claim(
        &self,
        id: &str,
        due: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let id = id.to_string();
        self.blocking(move |db| {
            let claimed = update_message(db, &id, |m| {
                if m.status != Delivery::Pending || m.next_attempt_at != due {
                    return false;
                }
                m.next_attempt_at = until;
                true
            })?;
            Ok(claimed == Some(true))
        })
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
        let id = id.to_string();
        self.blocking(move |db| {
            let found = update_message(db, &id, |m| {
                // Once sent, a message stays sent (a late duplicate report changes nothing).
                if m.status == Delivery::Sent {
                    return false;
                }
                m.status = status;
                m.attempts += 1;
                m.last_error = error;
                m.next_attempt_at = retry_at;
                if status == Delivery::Sent {
                    m.sent_at = Some(at);
                }
                true
            })?;
            found
                .map(|_| ())
                .ok_or_else(|| StoreError::Corrupt(format!("no message {id}")))
        })
        .await
    }

    async fn message(&self, id: &str) -> Result<Option<Message>, StoreError> {
        let id = id.to_string();
        self.blocking(move |db| read(db, OUTBOX, &id)).await
    }

    async fn messages_of(&self, reference: &str) -> Result<Vec<Message>, StoreError> {
        // Ids are `<reference>-…`; `.` is the character after `-`.
        let (from, to) = (format!("{reference}-"), format!("{reference}."));
        self.blocking(move |db| read_range(db, OUTBOX, &from, &to))
            .await
    }

    async fn record_receipt(&self, id: &str, receipt: Receipt) -> Result<bool, StoreError> {
        let id = id.to_string();
        self.blocking(move |db| {
            let found = update_message(db, &id, |m| {
                if !receipt.replaces(m.receipt.as_ref()) {
                    return false;
                }
                m.receipt = Some(receipt);
                true
            })?;
            Ok(found.is_some())
        })
        .await
    }

    async fn link_provider(
        &self,
        provider_id: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let provider_id = provider_id.to_string();
        let value = format!(
            "{id} {}",
            (at + super::provider_link_lifetime()).to_rfc3339()
        );
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            {
                let mut links = txn.open_table(PROVIDER_IDS).map_err(unavailable)?;
                links
                    .insert(provider_id.as_str(), value.as_str())
                    .map_err(unavailable)?;
            }
            txn.commit().map_err(unavailable)
        })
        .await
    }

    async fn provider_message(&self, provider_id: &str) -> Result<Option<String>, StoreError> {
        let provider_id = provider_id.to_string();
        self.blocking(move |db| {
            let txn = db.begin_read().map_err(unavailable)?;
            let links = txn.open_table(PROVIDER_IDS).map_err(unavailable)?;
            let Some(v) = links.get(provider_id.as_str()).map_err(unavailable)? else {
                return Ok(None);
            };
            let (id, expires) = parse_link(v.value())?;
            Ok((expires > Utc::now()).then_some(id))
        })
        .await
    }

    async fn put_draft(&self, draft: Draft) -> Result<(), StoreError> {
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            txn.open_table(DRAFTS)
                .map_err(unavailable)?
                .insert(draft.id.as_str(), encode(&draft).as_slice())
                .map_err(unavailable)?;
            txn.commit().map_err(unavailable)
        })
        .await
    }

    async fn get_draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        let id = id.to_string();
        self.blocking(move |db| read(db, DRAFTS, &id)).await
    }

    async fn add_messages(
        &self,
        reference: &str,
        messages: Vec<Message>,
    ) -> Result<(), StoreError> {
        let reference = reference.to_string();
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            {
                let apps = txn.open_table(APPS).map_err(unavailable)?;
                if apps.get(reference.as_str()).map_err(unavailable)?.is_none() {
                    return Ok(());
                }
                let mut outbox = txn.open_table(OUTBOX).map_err(unavailable)?;
                for m in &messages {
                    if outbox.get(m.id.as_str()).map_err(unavailable)?.is_none() {
                        outbox
                            .insert(m.id.as_str(), encode(m).as_slice())
                            .map_err(unavailable)?;
                    }
                }
            }
            txn.commit().map_err(unavailable)
        })
        .await
    }

    async fn count_send(
        &self,
        recipient: &str,
        day: NaiveDate,
        cap: u32,
    ) -> Result<bool, StoreError> {
        let key = format!("{day}:{recipient}");
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            let counted = {
                let mut counts = txn.open_table(SEND_COUNTS).map_err(unavailable)?;
                let n = counts
                    .get(key.as_str())
                    .map_err(unavailable)?
                    .map(|v| v.value())
                    .unwrap_or(0);
                if n >= cap {
                    false
                } else {
                    counts.insert(key.as_str(), n + 1).map_err(unavailable)?;
                    true
                }
            };
            txn.commit().map_err(unavailable)?;
            Ok(counted)
        })
        .await
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
        self.blocking(move |db| {
            let txn = db.begin_write().map_err(unavailable)?;
            let purged = {
                let mut apps = txn.open_table(APPS).map_err(unavailable)?;
                let mut idem = txn.open_table(IDEMPOTENCY).map_err(unavailable)?;
                let mut outbox = txn.open_table(OUTBOX).map_err(unavailable)?;
                let mut drafts = txn.open_table(DRAFTS).map_err(unavailable)?;
                let mut counts = txn.open_table(SEND_COUNTS).map_err(unavailable)?;
                let mut audit = txn.open_table(AUDIT).map_err(unavailable)?;
                let mut links = txn.open_table(PROVIDER_IDS).map_err(unavailable)?;
                let mut expired = Vec::new();
                for item in apps.iter().map_err(unavailable)? {
                    let (_, v) = item.map_err(unavailable)?;
                    let app: Application = decode(v.value())?;
                    if app.expires_at.is_some_and(|t| t <= now) {
                        expired.push(app);
                    }
                }
                for app in &expired {
                    apps.remove(app.reference.as_str()).map_err(unavailable)?;
                    idem.remove(app.idempotency_key.as_str())
                        .map_err(unavailable)?;
                    let ids: Vec<String> = outbox
                        .iter()
                        .map_err(unavailable)?
                        .filter_map(Result::ok)
                        .map(|(k, _)| k.value().to_string())
                        .filter(|k| k.starts_with(&format!("{}-", app.reference)))
                        .collect();
                    for id in ids {
                        outbox.remove(id.as_str()).map_err(unavailable)?;
                    }
                    // Its retention has ended: its trail goes with it.
                    let (from, to) = trail_range(&app.reference);
                    audit
                        .retain_in(from.as_str()..to.as_str(), |_, _| false)
                        .map_err(unavailable)?;
                }
                // Drafts older than a day: gone, and those never sent with their files.
                let mut stale = Vec::new();
                for item in drafts.iter().map_err(unavailable)? {
                    let (_, v) = item.map_err(unavailable)?;
                    let d: Draft = decode(v.value())?;
                    if d.is_expired(now) {
                        stale.push(d);
                    }
                }
                for d in &stale {
                    drafts.remove(d.id.as_str()).map_err(unavailable)?;
                }
                stale.retain(|d| d.reference.is_none());
                // Counts of days before yesterday (a day in any time zone has ended).
                let keep_from = (now - chrono::Duration::days(1)).date_naive().to_string();
                let old: Vec<String> = counts
                    .iter()
                    .map_err(unavailable)?
                    .filter_map(Result::ok)
                    .map(|(k, _)| k.value().to_string())
                    .filter(|k| k.as_str() < keep_from.as_str())
                    .collect();
                for k in old {
                    counts.remove(k.as_str()).map_err(unavailable)?;
                }
                // Provider links past their time: no report comes for them any more.
                links
                    .retain(|_, v| parse_link(v).is_ok_and(|(_, expires)| expires > now))
                    .map_err(unavailable)?;
                Purged {
                    applications: expired,
                    drafts: stale,
                }
            };
            txn.commit().map_err(unavailable)?;
            Ok(purged)
        })
        .await
    }
}
