//! The production store: one DynamoDB table (single-table design), behind [`Store`].
//!
//! # Items
//!
//! Every item has the hash key `pk` (string, no sort key) and a `kind`. Records are
//! stored as their serde JSON in one string attribute, `data`, exactly as the embedded
//! store writes them (so both stores round-trip the same types the same way and a new
//! field needs no mapping code); beside it sit only the attributes DynamoDB itself must
//! read: keys, index keys, what conditions test, the TTL, and a message's delivery state.
//!
//! | pk | other attributes |
//! |---|---|
//! | `APP#<reference>` | `data`, `status`, `rev` (its revision), `form`, `ref`, `summary` (the queue's JSON [`Summary`]), `msgs` (string set: the ids of its outbox messages), `gsi1pk`/`gsi1sk`; once decided `ttl` and `gsi2pk`/`gsi2sk` |
//! | `IDEM#<idempotency key>` | `ref`; once the application is decided, `ttl` |
//! | `OPEN#<applicant hash>` | `ref`: the applicant's application under review (deleted by the decision) |
//! | `MSG#<message id>` | `data`, `ref`, and the delivery state as attributes: `status`, `attempts`, `next_attempt_at`, `last_error`, `sent_at`, the provider's later report `receipt` (JSON) with its `receipt_weight`; `gsi2pk`/`gsi2sk` while pending; `ttl` once the application is decided |
//! | `DRAFT#<id>` | `data`, `ttl` (one day), `gsi2pk`/`gsi2sk` |
//! | `AUDIT#<reference>#<time>#<id>` | `data` (an [`applications::audit::Entry`]), `ref`, `gsi2pk = AUDIT#<reference>`, `gsi2sk = <time>#<id>`: only ever put where no item is, and deleted by the purge of its application (the IAM policies of the API's functions allow neither an update nor a delete of it) |
//! | `PROVIDER#<provider's message id>` | `ref` (the message id an SNS delivery log names by the SNS id alone), `expires_at`, `ttl` (four days on) |
//! | `SENDS#<day>#<recipient hash>` | `n`: messages counted for that recipient that day (the notifier's daily cap), `ttl`, `gsi2pk`/`gsi2sk` (two days on) |
//!
//! The delivery state of a message lives outside `data` so that recording an attempt is
//! one conditional `UpdateItem` (`status <> sent`) with no read; on reading a message the
//! attributes win over the JSON.
//!
//! # Indexes (both sparse, string keys)
//!
//! * `gsi1` — the review queue. `gsi1pk = QUEUE#<status>`, `gsi1sk = <created_at>#<reference>`
//!   (RFC 3339 UTC with nine fractional digits, so the string order is the time order),
//!   projecting `summary` and `form`. Partitioning by status keeps the queue reviewers
//!   read (`under_review`) small however many decided applications are retained; the form
//!   is a filter. A query without a status reads every status's partition and merges them.
//! * `gsi2` — time-ordered work, keys only. `gsi2pk = PENDING` with `gsi2sk =
//!   next_attempt_at` on messages still to be sent (the attributes are removed when a
//!   message is sent or fails for good, so the index holds only pending messages), and
//!   `gsi2pk = EXPIRES` with `gsi2sk = expires_at` on decided applications and drafts,
//!   and `gsi2pk = AUDIT#<reference>` with the entry's time on an application's audit
//!   trail (read back with `BatchGetItem`; an entry never changes once written).
//!   Index reads are eventually consistent, so the items found are read again with a
//!   strongly consistent `BatchGetItem`/`GetItem` and checked before use.
//!
//! # TTL
//!
//! The table's TTL attribute is `ttl` (epoch seconds). A decision sets it to the
//! application's `expires_at` plus a week's grace on the application, its idempotency
//! item and every one of its messages; a draft gets one day plus the grace; a reminder
//! (a message added to an application under review) a week. The notifier's scheduled
//! sweep calls [`Store::purge_expired`] every minute: it queries `gsi2` (`EXPIRES`,
//! `gsi2sk <= now`) instead of scanning, deletes each expired application's audit
//! trail, then the application with its
//! idempotency item and messages in one transaction, stale drafts and past send counts,
//! and returns the applications and unsent drafts so that their documents are deleted
//! too. TTL is the safety net of a sweep that stopped: it would delete the items but
//! not their documents.
//!
//! # Transactions
//!
//! `submit` is one `TransactWriteItems`: put `IDEM#` and `OPEN#` with
//! `attribute_not_exists(pk)` (returning the old item on failure), the application (also
//! `attribute_not_exists`, so a reference collision never overwrites) and its messages.
//! The cancellation reasons say which condition failed: the idempotency item (the
//! existing application is read strongly consistently through it) before the open lock.
//! `revise` (every change after submission: a decision, a request for information, the
//! applicant's answer) writes the changed application with the condition `rev = <the
//! revision it was made from>` (or no `rev`, for items older than revisions) and its
//! messages and its audit entry; a change that decides the application also deletes the open lock and sets
//! the TTL of its idempotency item and earlier messages, in the same transaction. A
//! failed condition is answered from a fresh read (stale or not found), and the domain
//! makes the change again on what it finds (`applications::change`).
//! Transactions cancelled only by conflicts with concurrent transactions (DynamoDB's
//! `TransactionConflict`) are retried with jittered backoff.
//!
//! # Errors
//!
//! Connection failures, timeouts, throttling, conflicts that outlast the retries, 5xx and
//! every other refusal of the service become [`StoreError::Unavailable`] (nothing was
//! written); a `ValidationException` — a request this code should never build — is
//! [`StoreError::Corrupt`], as is an item that does not decode.

mod errors;
mod items;
mod requests;
mod store;
mod table;
mod trail;

use applications::application::{Application, Status, Summary};
use applications::audit::Entry;
use applications::outbox::{Delivery, Message};
use applications::receipt::Receipt;
use applications::store::{Draft, Purged, Query, Revised, Store, StoreError, SubmitOutcome};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, CancellationReason, Delete,
    GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType, KeysAndAttributes, Projection,
    ProjectionType, Put, ReturnValuesOnConditionCheckFailure, ScalarAttributeType, TableStatus,
    TimeToLiveSpecification, TimeToLiveStatus, TransactWriteItem, Update,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

type Item = HashMap<String, AttributeValue>;

/// A condition expression, the attribute names it uses (as `#name`) and its values.
type Condition<'a> = (&'a str, &'a [&'a str], Vec<(&'a str, AttributeValue)>);

// Attribute names.
const PK: &str = "pk";
const KIND: &str = "kind";
const DATA: &str = "data";
const STATUS: &str = "status";
const FORM: &str = "form";
const REF: &str = "ref";
const SUMMARY: &str = "summary";
/// An application's revision: what a change is conditional on.
const REV: &str = "rev";
const MSGS: &str = "msgs";
const TTL: &str = "ttl";
const ATTEMPTS: &str = "attempts";
const NEXT_ATTEMPT_AT: &str = "next_attempt_at";
const LAST_ERROR: &str = "last_error";
const SENT_AT: &str = "sent_at";
/// A provider's report on a sent message (JSON), and its weight, which a later report
/// must exceed to replace it.
const RECEIPT: &str = "receipt";
const RECEIPT_WEIGHT: &str = "receipt_weight";
/// When a provider link expires (its TTL comes later).
const EXPIRES_AT: &str = "expires_at";
const GSI1PK: &str = "gsi1pk";
const GSI1SK: &str = "gsi1sk";
const GSI2PK: &str = "gsi2pk";
const GSI2SK: &str = "gsi2sk";

/// The review queue index.
pub const QUEUE_INDEX: &str = "gsi1";
/// The time-ordered work index (pending messages, expiring items).
pub const TIME_INDEX: &str = "gsi2";
/// The table's TTL attribute.
pub const TTL_ATTRIBUTE: &str = TTL;

const PENDING: &str = "PENDING";
/// How much later than an item's expiry its TTL is (see `items::ttl_value`).
const TTL_GRACE: chrono::Duration = chrono::Duration::days(7);
/// How long a reminder, which belongs to no decision, is kept (by TTL only).
const REMINDER_LIFETIME: chrono::Duration = chrono::Duration::days(7);
/// A send count's attribute.
const COUNT: &str = "n";
const EXPIRES: &str = "EXPIRES";

/// How often a transaction cancelled by concurrent transactions (or a batch read left
/// partly unprocessed) is tried before the store reports itself unavailable.
const MAX_TRIES: u32 = 8;

/// A DynamoDB transaction holds at most 100 items.
const MAX_TRANSACTION_ITEMS: usize = 100;

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn client(&self) -> &Client {
        &self.client
    }
}
