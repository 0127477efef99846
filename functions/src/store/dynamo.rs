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
//! | `APP#<reference>` | `data`, `status`, `form`, `ref`, `summary` (the queue's JSON [`Summary`]), `msgs` (string set: the ids of its outbox messages), `gsi1pk`/`gsi1sk`; once decided `ttl` and `gsi2pk`/`gsi2sk` |
//! | `IDEM#<idempotency key>` | `ref`; once the application is decided, `ttl` |
//! | `OPEN#<applicant hash>` | `ref`: the applicant's application under review (deleted by the decision) |
//! | `MSG#<message id>` | `data`, `ref`, and the delivery state as attributes: `status`, `attempts`, `next_attempt_at`, `last_error`, `sent_at`; `gsi2pk`/`gsi2sk` while pending; `ttl` once the application is decided |
//! | `DRAFT#<id>` | `data`, `ttl` (one day), `gsi2pk`/`gsi2sk` |
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
//!   is a filter. A query without a status reads the three partitions and merges them.
//! * `gsi2` — time-ordered work, keys only. `gsi2pk = PENDING` with `gsi2sk =
//!   next_attempt_at` on messages still to be sent (the attributes are removed when a
//!   message is sent or fails for good, so the index holds only pending messages), and
//!   `gsi2pk = EXPIRES` with `gsi2sk = expires_at` on decided applications and drafts.
//!   Index reads are eventually consistent, so the items found are read again with a
//!   strongly consistent `BatchGetItem`/`GetItem` and checked before use.
//!
//! # TTL
//!
//! The table's TTL attribute is `ttl` (epoch seconds). A decision sets it to the
//! application's `expires_at` on the application, its idempotency item and every one of
//! its messages; a draft gets one day. In production TTL deletes them;
//! [`Store::purge_expired`] queries `gsi2` (`EXPIRES`, `gsi2sk <= now`) instead of
//! scanning, deletes each expired application with its idempotency item and messages in
//! one transaction, and deletes stale drafts.
//!
//! # Transactions
//!
//! `submit` is one `TransactWriteItems`: put `IDEM#` and `OPEN#` with
//! `attribute_not_exists(pk)` (returning the old item on failure), the application (also
//! `attribute_not_exists`, so a reference collision never overwrites) and its messages.
//! The cancellation reasons say which condition failed: the idempotency item (the
//! existing application is read strongly consistently through it) before the open lock.
//! `decide` reads the application, applies the decision and writes it with the condition
//! `status = under_review`, deleting the open lock and writing the messages in the same
//! transaction; a failed condition is answered from a fresh read (conflict or not found).
//! Transactions cancelled only by conflicts with concurrent transactions (DynamoDB's
//! `TransactionConflict`) are retried with jittered backoff.
//!
//! # Errors
//!
//! Connection failures, timeouts, throttling, conflicts that outlast the retries, 5xx and
//! every other refusal of the service become [`StoreError::Unavailable`] (nothing was
//! written); a `ValidationException` — a request this code should never build — is
//! [`StoreError::Corrupt`], as is an item that does not decode.

use super::{DecideOutcome, Draft, Query, Store, StoreError, SubmitOutcome};
use crate::application::{Application, Decision, Status, Summary};
use crate::outbox::{Delivery, Message};
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
use chrono::{DateTime, SecondsFormat, Utc};
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
const MSGS: &str = "msgs";
const TTL: &str = "ttl";
const ATTEMPTS: &str = "attempts";
const NEXT_ATTEMPT_AT: &str = "next_attempt_at";
const LAST_ERROR: &str = "last_error";
const SENT_AT: &str = "sent_at";
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

// ---------------------------------------------------------------------------------------
// Keys, values, encoding

fn app_pk(reference: &str) -> String {
    format!("APP#{reference}")
}
fn idem_pk(key: &str) -> String {
    format!("IDEM#{key}")
}
fn open_pk(applicant_hash: &str) -> String {
    format!("OPEN#{applicant_hash}")
}
fn msg_pk(id: &str) -> String {
    format!("MSG#{id}")
}
fn draft_pk(id: &str) -> String {
    format!("DRAFT#{id}")
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// A time as a sort key: fixed width, so string order is time order.
fn time_key(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn key(pk: String) -> Item {
    HashMap::from([(PK.to_string(), s(pk))])
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("store records serialise")
}

fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
}

fn pk_of(item: &Item) -> Result<&str, StoreError> {
    get_s(item, PK).ok_or_else(|| corrupt("an item without pk"))
}

fn decode<T: serde::de::DeserializeOwned>(item: &Item) -> Result<T, StoreError> {
    let pk = get_s(item, PK).unwrap_or("?");
    let data = get_s(item, DATA).ok_or_else(|| corrupt(format!("{pk} has no data")))?;
    serde_json::from_str(data).map_err(|e| corrupt(format!("{pk}: {e}")))
}

fn delivery_str(d: Delivery) -> &'static str {
    match d {
        Delivery::Pending => "pending",
        Delivery::Sent => "sent",
        Delivery::Failed => "failed",
    }
}

fn parse_delivery(v: &str) -> Option<Delivery> {
    match v {
        "pending" => Some(Delivery::Pending),
        "sent" => Some(Delivery::Sent),
        "failed" => Some(Delivery::Failed),
        _ => None,
    }
}

fn parse_time(pk: &str, v: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(format!("{pk}: bad time {v:?}: {e}")))
}

fn app_item(app: &Application, msg_ids: &BTreeSet<String>) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(app_pk(&app.reference))),
        (KIND.into(), s("app")),
        (DATA.into(), s(json(app))),
        (STATUS.into(), s(app.status.as_str())),
        (FORM.into(), s(&app.form)),
        (REF.into(), s(&app.reference)),
        (SUMMARY.into(), s(json(&app.summary()))),
        (GSI1PK.into(), s(format!("QUEUE#{}", app.status.as_str()))),
        (
            GSI1SK.into(),
            s(format!("{}#{}", time_key(app.created_at), app.reference)),
        ),
    ]);
    if !msg_ids.is_empty() {
        item.insert(
            MSGS.into(),
            AttributeValue::Ss(msg_ids.iter().cloned().collect()),
        );
    }
    if let Some(expires) = app.expires_at {
        item.insert(TTL.into(), n(expires.timestamp()));
        item.insert(GSI2PK.into(), s(EXPIRES));
        item.insert(GSI2SK.into(), s(time_key(expires)));
    }
    item
}

fn pointer_item(pk: String, kind: &str, reference: &str, ttl: Option<DateTime<Utc>>) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(pk)),
        (KIND.into(), s(kind)),
        (REF.into(), s(reference)),
    ]);
    if let Some(t) = ttl {
        item.insert(TTL.into(), n(t.timestamp()));
    }
    item
}

fn msg_item(m: &Message, ttl: Option<DateTime<Utc>>) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(msg_pk(&m.id))),
        (KIND.into(), s("msg")),
        (DATA.into(), s(json(m))),
        (REF.into(), s(&m.reference)),
        (STATUS.into(), s(delivery_str(m.status))),
        (ATTEMPTS.into(), n(m.attempts)),
        (NEXT_ATTEMPT_AT.into(), s(time_key(m.next_attempt_at))),
    ]);
    if let Some(e) = &m.last_error {
        item.insert(LAST_ERROR.into(), s(e));
    }
    if let Some(t) = m.sent_at {
        item.insert(SENT_AT.into(), s(time_key(t)));
    }
    if m.status == Delivery::Pending {
        item.insert(GSI2PK.into(), s(PENDING));
        item.insert(GSI2SK.into(), s(time_key(m.next_attempt_at)));
    }
    if let Some(t) = ttl {
        item.insert(TTL.into(), n(t.timestamp()));
    }
    item
}

/// A message: the JSON written with it, overlaid with its delivery attributes.
fn decode_msg(item: &Item) -> Result<Message, StoreError> {
    let mut m: Message = decode(item)?;
    let pk = pk_of(item)?;
    if let Some(v) = get_s(item, STATUS) {
        m.status = parse_delivery(v).ok_or_else(|| corrupt(format!("{pk}: status {v:?}")))?;
    }
    if let Some(v) = item.get(ATTEMPTS).and_then(|v| v.as_n().ok()) {
        m.attempts = v
            .parse()
            .map_err(|_| corrupt(format!("{pk}: attempts {v:?}")))?;
    }
    if let Some(v) = get_s(item, NEXT_ATTEMPT_AT) {
        m.next_attempt_at = parse_time(pk, v)?;
    }
    m.last_error = get_s(item, LAST_ERROR).map(str::to_string);
    m.sent_at = get_s(item, SENT_AT)
        .map(|v| parse_time(pk, v))
        .transpose()?;
    Ok(m)
}

fn draft_expiry(d: &Draft) -> DateTime<Utc> {
    d.created_at + chrono::Duration::days(1)
}

fn draft_item(d: &Draft) -> Item {
    let expires = draft_expiry(d);
    HashMap::from([
        (PK.into(), s(draft_pk(&d.id))),
        (KIND.into(), s("draft")),
        (DATA.into(), s(json(d))),
        (TTL.into(), n(expires.timestamp())),
        (GSI2PK.into(), s(EXPIRES)),
        (GSI2SK.into(), s(time_key(expires))),
    ])
}

/// Expression attribute names for the given attributes (`#name` → `name`): DynamoDB
/// reserves many plain words (`status`, `data`, `ttl`…), so every name goes through one.
fn names(attrs: &[&str]) -> HashMap<String, String> {
    attrs
        .iter()
        .map(|a| (format!("#{a}"), a.to_string()))
        .collect()
}

fn values(vals: Vec<(&str, AttributeValue)>) -> HashMap<String, AttributeValue> {
    vals.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Keep the last message of each id: a transaction may not touch one item twice.
fn dedupe(messages: Vec<Message>) -> Vec<Message> {
    let mut by_id: Vec<Message> = Vec::with_capacity(messages.len());
    for m in messages {
        if let Some(slot) = by_id.iter_mut().find(|x| x.id == m.id) {
            *slot = m;
        } else {
            by_id.push(m);
        }
    }
    by_id
}

// ---------------------------------------------------------------------------------------
// Errors

/// Map an SDK error: a request DynamoDB calls malformed is a bug (`Corrupt`); anything
/// else — no connection, a timeout, throttling, a 5xx, a missing table or permission —
/// means the store cannot serve the request now (`Unavailable`).
fn sdk_error<E>(op: &str, e: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let SdkError::ServiceError(ctx) = &e {
        let code = ctx.err().code().unwrap_or("unknown");
        let message = ctx.err().message().unwrap_or("");
        let text = format!("DynamoDB {op}: {code}: {message}");
        let server_side = ctx.raw().status().is_server_error();
        if !server_side && matches!(code, "ValidationException" | "SerializationException") {
            return StoreError::Corrupt(text);
        }
        return StoreError::Unavailable(text);
    }
    StoreError::Unavailable(format!("DynamoDB {op}: {}", DisplayErrorContext(&e)))
}

fn build_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("building a DynamoDB request: {e}"))
}

async fn backoff(attempt: u32) {
    let base = 20u64 << attempt.min(6);
    let jitter = rand::random_range(0..=base);
    tokio::time::sleep(Duration::from_millis(base / 2 + jitter)).await;
}

fn is_condition_failure(reasons: &[CancellationReason], index: usize) -> bool {
    reasons
        .get(index)
        .and_then(|r| r.code())
        .is_some_and(|c| c == "ConditionalCheckFailed")
}

fn codes(reasons: &[CancellationReason]) -> String {
    reasons
        .iter()
        .map(|r| r.code().unwrap_or("None"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `ref` of the item a failed condition returned (`ALL_OLD`), if it returned one.
fn returned_ref(reasons: &[CancellationReason], index: usize) -> Option<String> {
    reasons
        .get(index)
        .and_then(|r| r.item())
        .and_then(|item| get_s(item, REF))
        .map(str::to_string)
}

enum TxnOutcome {
    Committed,
    /// Cancelled by a failed condition: the reasons, one per item in order.
    ConditionFailed(Vec<CancellationReason>),
    /// Cancelled by concurrent transactions or throttling only: worth trying again.
    Retry(String),
}

// ---------------------------------------------------------------------------------------
// Request building

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

    fn put(
        &self,
        item: Item,
        condition: Option<Condition>,
        return_old: bool,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut put = Put::builder().table_name(&self.table).set_item(Some(item));
        if let Some((expr, attrs, vals)) = condition {
            put = put
                .condition_expression(expr)
                .set_expression_attribute_names(Some(names(attrs)));
            if !vals.is_empty() {
                put = put.set_expression_attribute_values(Some(values(vals)));
            }
            if return_old {
                put = put.return_values_on_condition_check_failure(
                    ReturnValuesOnConditionCheckFailure::AllOld,
                );
            }
        }
        Ok(TransactWriteItem::builder()
            .put(put.build().map_err(build_error)?)
            .build())
    }

    fn delete(
        &self,
        pk: String,
        condition: Option<Condition>,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk)));
        if let Some((expr, attrs, vals)) = condition {
            delete = delete
                .condition_expression(expr)
                .set_expression_attribute_names(Some(names(attrs)));
            if !vals.is_empty() {
                delete = delete.set_expression_attribute_values(Some(values(vals)));
            }
        }
        Ok(TransactWriteItem::builder()
            .delete(delete.build().map_err(build_error)?)
            .build())
    }

    /// Set the TTL of an existing item (never creates one).
    fn set_ttl(&self, pk: String, at: DateTime<Utc>) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .update_expression("SET #ttl = :ttl")
            .condition_expression("attribute_exists(#pk)")
            .set_expression_attribute_names(Some(names(&[TTL, PK])))
            .set_expression_attribute_values(Some(values(vec![(":ttl", n(at.timestamp()))])))
            .build()
            .map_err(build_error)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    async fn transact(
        &self,
        op: &str,
        items: Vec<TransactWriteItem>,
    ) -> Result<TxnOutcome, StoreError> {
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        let e = match result {
            Ok(_) => return Ok(TxnOutcome::Committed),
            Err(e) => e,
        };
        match e.as_service_error() {
            Some(TransactWriteItemsError::TransactionCanceledException(tc)) => {
                let reasons = tc.cancellation_reasons().to_vec();
                let codes_text = codes(&reasons);
                if reasons
                    .iter()
                    .any(|r| r.code() == Some("ConditionalCheckFailed"))
                {
                    Ok(TxnOutcome::ConditionFailed(reasons))
                } else if reasons.iter().any(|r| r.code() == Some("ValidationError")) {
                    Err(StoreError::Corrupt(format!(
                        "DynamoDB {op}: transaction refused: {codes_text}"
                    )))
                } else {
                    Ok(TxnOutcome::Retry(format!(
                        "DynamoDB {op}: transaction cancelled: {codes_text}"
                    )))
                }
            }
            Some(TransactWriteItemsError::TransactionInProgressException(_)) => Ok(
                TxnOutcome::Retry(format!("DynamoDB {op}: transaction in progress")),
            ),
            _ => Err(sdk_error(op, e)),
        }
    }

    async fn get_item(&self, pk: String) -> Result<Option<Item>, StoreError> {
        self.client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .consistent_read(true)
            .send()
            .await
            .map(|out| out.item)
            .map_err(|e| sdk_error("GetItem", e))
    }

    /// Strongly consistent reads of up to 100 keys; the items found, in no order.
    async fn batch_get(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::new();
        let mut pending = keys;
        for attempt in 0..MAX_TRIES {
            if pending.is_empty() {
                return Ok(found);
            }
            if attempt > 0 {
                backoff(attempt).await;
            }
            let request = KeysAndAttributes::builder()
                .set_keys(Some(std::mem::take(&mut pending)))
                .consistent_read(true)
                .build()
                .map_err(build_error)?;
            let out = self
                .client
                .batch_get_item()
                .request_items(&self.table, request)
                .send()
                .await
                .map_err(|e| sdk_error("BatchGetItem", e))?;
            if let Some(mut responses) = out.responses {
                found.extend(responses.remove(&self.table).unwrap_or_default());
            }
            if let Some(mut unprocessed) = out.unprocessed_keys
                && let Some(rest) = unprocessed.remove(&self.table)
            {
                pending = rest.keys;
            }
        }
        if pending.is_empty() {
            Ok(found)
        } else {
            Err(StoreError::Unavailable(
                "DynamoDB BatchGetItem: keys kept coming back unprocessed".into(),
            ))
        }
    }

    /// All table keys (`pk`) in a `gsi2` partition up to `until`, oldest first.
    async fn time_index_page(
        &self,
        partition: &str,
        until: DateTime<Utc>,
        limit: Option<i32>,
        start: Option<Item>,
    ) -> Result<(Vec<String>, Option<Item>), StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(TIME_INDEX)
            .key_condition_expression("#gsi2pk = :p AND #gsi2sk <= :until")
            .set_expression_attribute_names(Some(names(&[GSI2PK, GSI2SK])))
            .set_expression_attribute_values(Some(values(vec![
                (":p", s(partition)),
                (":until", s(time_key(until))),
            ])))
            .scan_index_forward(true)
            .set_limit(limit)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| sdk_error("Query", e))?;
        let pks = out
            .items()
            .iter()
            .map(|item| pk_of(item).map(str::to_string))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((pks, out.last_evaluated_key))
    }

    /// Create the table with its indexes and TTL, and wait until it is active. For tests
    /// and local setup: production creates the same table from the SAM template.
    /// Creating a table that already exists is not an error.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let key_element = |name: &str, kind: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .map_err(build_error)
        };
        let string_attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(build_error)
        };
        let queue = GlobalSecondaryIndex::builder()
            .index_name(QUEUE_INDEX)
            .key_schema(key_element(GSI1PK, KeyType::Hash)?)
            .key_schema(key_element(GSI1SK, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::Include)
                    .non_key_attributes(SUMMARY)
                    .non_key_attributes(FORM)
                    .build(),
            )
            .build()
            .map_err(build_error)?;
        let time = GlobalSecondaryIndex::builder()
            .index_name(TIME_INDEX)
            .key_schema(key_element(GSI2PK, KeyType::Hash)?)
            .key_schema(key_element(GSI2SK, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::KeysOnly)
                    .build(),
            )
            .build()
            .map_err(build_error)?;
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key_element(PK, KeyType::Hash)?)
            .attribute_definitions(string_attr(PK)?)
            .attribute_definitions(string_attr(GSI1PK)?)
            .attribute_definitions(string_attr(GSI1SK)?)
            .attribute_definitions(string_attr(GSI2PK)?)
            .attribute_definitions(string_attr(GSI2SK)?)
            .global_secondary_indexes(queue)
            .global_secondary_indexes(time)
            .send()
            .await;
        if let Err(e) = created {
            let exists = e
                .as_service_error()
                .is_some_and(|se| se.is_resource_in_use_exception());
            if !exists {
                return Err(sdk_error("CreateTable", e));
            }
        }

        // Wait for the table and its indexes (bounded: two minutes).
        let mut active = false;
        for _ in 0..600 {
            let out = self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
                .map_err(|e| sdk_error("DescribeTable", e))?;
            if let Some(t) = out.table() {
                let indexes_active = t
                    .global_secondary_indexes()
                    .iter()
                    .all(|i| i.index_status().is_none_or(|s| *s == IndexStatus::Active));
                if t.table_status() == Some(&TableStatus::Active) && indexes_active {
                    active = true;
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if !active {
            return Err(StoreError::Unavailable(format!(
                "table {} did not become active",
                self.table
            )));
        }

        let ttl = self
            .client
            .describe_time_to_live()
            .table_name(&self.table)
            .send()
            .await
            .map_err(|e| sdk_error("DescribeTimeToLive", e))?;
        let enabled = ttl
            .time_to_live_description()
            .and_then(|d| d.time_to_live_status())
            .is_some_and(|s| matches!(s, TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling));
        if !enabled {
            self.client
                .update_time_to_live()
                .table_name(&self.table)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name(TTL)
                        .build()
                        .map_err(build_error)?,
                )
                .send()
                .await
                .map_err(|e| sdk_error("UpdateTimeToLive", e))?;
        }
        Ok(())
    }

    async fn query_queue(
        &self,
        status: Status,
        form: Option<&str>,
    ) -> Result<Vec<Summary>, StoreError> {
        let mut out = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let mut vals = vec![(":q", s(format!("QUEUE#{}", status.as_str())))];
            let mut attrs = vec![GSI1PK];
            let mut request = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(QUEUE_INDEX)
                .key_condition_expression("#gsi1pk = :q")
                .scan_index_forward(true)
                .set_exclusive_start_key(start.take());
            if let Some(form) = form {
                request = request.filter_expression("#form = :form");
                vals.push((":form", s(form)));
                attrs.push(FORM);
            }
            let page = request
                .set_expression_attribute_names(Some(names(&attrs)))
                .set_expression_attribute_values(Some(values(vals)))
                .send()
                .await
                .map_err(|e| sdk_error("Query", e))?;
            for item in page.items() {
                let pk = pk_of(item)?;
                let summary =
                    get_s(item, SUMMARY).ok_or_else(|| corrupt(format!("{pk} has no summary")))?;
                out.push(
                    serde_json::from_str::<Summary>(summary)
                        .map_err(|e| corrupt(format!("{pk}: {e}")))?,
                );
            }
            match page.last_evaluated_key {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => return Ok(out),
            }
        }
    }

    /// Delete one expired application with its idempotency item and messages, if it is
    /// still expired at `now`; returns it when deleted.
    async fn purge_application(
        &self,
        pk: String,
        now: DateTime<Utc>,
    ) -> Result<Option<Application>, StoreError> {
        for attempt in 0..MAX_TRIES {
            let Some(item) = self.get_item(pk.clone()).await? else {
                return Ok(None);
            };
            let app: Application = decode(&item)?;
            if app.expires_at.is_none_or(|t| t > now) {
                return Ok(None);
            }
            let mut msg_ids: Vec<String> = item
                .get(MSGS)
                .and_then(|v| v.as_ss().ok())
                .cloned()
                .unwrap_or_default();
            // What does not fit in the transaction goes first, one by one (deleting a
            // message of an application about to be deleted loses nothing).
            while msg_ids.len() > MAX_TRANSACTION_ITEMS - 2 {
                let id = msg_ids.pop().expect("non-empty");
                self.client
                    .delete_item()
                    .table_name(&self.table)
                    .set_key(Some(key(msg_pk(&id))))
                    .send()
                    .await
                    .map_err(|e| sdk_error("DeleteItem", e))?;
            }
            let mut items = vec![
                self.delete(
                    pk.clone(),
                    Some((
                        "#gsi2pk = :expires AND #gsi2sk <= :now",
                        &[GSI2PK, GSI2SK],
                        vec![(":expires", s(EXPIRES)), (":now", s(time_key(now)))],
                    )),
                )?,
                self.delete(idem_pk(&app.idempotency_key), None)?,
            ];
            for id in &msg_ids {
                items.push(self.delete(msg_pk(id), None)?);
            }
            match self.transact("purge", items).await? {
                TxnOutcome::Committed => return Ok(Some(app)),
                // Changed or deleted meanwhile: look again.
                TxnOutcome::ConditionFailed(_) => continue,
                TxnOutcome::Retry(_) => backoff(attempt).await,
            }
        }
        Err(StoreError::Unavailable(format!(
            "DynamoDB purge of {pk}: kept conflicting"
        )))
    }
}

// ---------------------------------------------------------------------------------------
// The store

#[async_trait]
impl Store for DynamoStore {
    async fn submit(
        &self,
        app: Application,
        messages: Vec<Message>,
    ) -> Result<SubmitOutcome, StoreError> {
        let messages = dedupe(messages);
        let ids: BTreeSet<String> = messages.iter().map(|m| m.id.clone()).collect();
        if messages.len() + 3 > MAX_TRANSACTION_ITEMS {
            return Err(StoreError::Corrupt(format!(
                "{} messages do not fit in one transaction",
                messages.len()
            )));
        }
        let mut last = String::new();
        for attempt in 0..MAX_TRIES {
            let new_item = || Some(("attribute_not_exists(#pk)", &[PK][..], vec![]));
            let mut items = vec![
                self.put(
                    pointer_item(idem_pk(&app.idempotency_key), "idem", &app.reference, None),
                    new_item(),
                    true,
                )?,
                self.put(
                    pointer_item(open_pk(&app.applicant_hash), "open", &app.reference, None),
                    new_item(),
                    true,
                )?,
                self.put(app_item(&app, &ids), new_item(), false)?,
            ];
            for m in &messages {
                items.push(self.put(msg_item(m, None), None, false)?);
            }
            let reasons = match self.transact("submit", items).await? {
                TxnOutcome::Committed => return Ok(SubmitOutcome::Created(app)),
                TxnOutcome::ConditionFailed(reasons) => reasons,
                TxnOutcome::Retry(why) => {
                    last = why;
                    backoff(attempt).await;
                    continue;
                }
            };
            if is_condition_failure(&reasons, 0) {
                // The key was used: return what it created (strongly consistent reads).
                let reference = match returned_ref(&reasons, 0) {
                    Some(r) => Some(r),
                    None => self
                        .get_item(idem_pk(&app.idempotency_key))
                        .await?
                        .and_then(|item| get_s(&item, REF).map(str::to_string)),
                };
                let Some(reference) = reference else {
                    continue; // purged in between: try again
                };
                if let Some(existing) = self.get(&reference).await? {
                    return Ok(SubmitOutcome::AlreadySubmitted(existing));
                }
                // Purged in between (then try again), or a key pointing at nothing.
                let still = self.get_item(idem_pk(&app.idempotency_key)).await?;
                if still.is_some_and(|item| get_s(&item, REF) == Some(reference.as_str())) {
                    return Err(StoreError::Corrupt(format!(
                        "idempotency key without {reference}"
                    )));
                }
                continue;
            }
            if is_condition_failure(&reasons, 1) {
                let reference = match returned_ref(&reasons, 1) {
                    Some(r) => Some(r),
                    None => self
                        .get_item(open_pk(&app.applicant_hash))
                        .await?
                        .and_then(|item| get_s(&item, REF).map(str::to_string)),
                };
                match reference {
                    Some(reference) => {
                        return Ok(SubmitOutcome::OpenApplicationExists { reference });
                    }
                    None => continue, // decided in between: try again
                }
            }
            if is_condition_failure(&reasons, 2) {
                return Err(StoreError::Unavailable(format!(
                    "reference {} is already taken; nothing was stored",
                    app.reference
                )));
            }
            return Err(StoreError::Corrupt(format!(
                "DynamoDB submit: unexpected cancellation: {}",
                codes(&reasons)
            )));
        }
        Err(StoreError::Unavailable(format!(
            "DynamoDB submit kept conflicting: {last}"
        )))
    }

    async fn get(&self, reference: &str) -> Result<Option<Application>, StoreError> {
        self.get_item(app_pk(reference))
            .await?
            .map(|item| decode(&item))
            .transpose()
    }

    async fn list(&self, query: &Query) -> Result<Vec<Summary>, StoreError> {
        let statuses = match query.status {
            Some(s) => vec![s],
            None => vec![Status::UnderReview, Status::Approved, Status::Refused],
        };
        let mut out = Vec::new();
        for status in statuses {
            out.extend(self.query_queue(status, query.form.as_deref()).await?);
        }
        out.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then(a.reference.cmp(&b.reference))
        });
        Ok(out)
    }

    async fn decide(
        &self,
        reference: &str,
        decision: &Decision,
        retention: chrono::Duration,
        messages: Vec<Message>,
    ) -> Result<DecideOutcome, StoreError> {
        let messages = dedupe(messages);
        let mut last = String::new();
        for attempt in 0..MAX_TRIES {
            let Some(item) = self.get_item(app_pk(reference)).await? else {
                return Ok(DecideOutcome::NotFound);
            };
            let mut app: Application = decode(&item)?;
            if app.status != Status::UnderReview {
                return Ok(DecideOutcome::Conflict {
                    current: app.status,
                });
            }
            app.decide(decision, retention).map_err(corrupt)?;
            let expires = app
                .expires_at
                .ok_or_else(|| corrupt("a decision without an expiry"))?;
            let earlier: BTreeSet<String> = item
                .get(MSGS)
                .and_then(|v| v.as_ss().ok())
                .map(|ids| ids.iter().cloned().collect())
                .unwrap_or_default();
            let new_ids: BTreeSet<String> = messages.iter().map(|m| m.id.clone()).collect();
            let all_ids: BTreeSet<String> = earlier.union(&new_ids).cloned().collect();
            let mut items = vec![
                self.put(
                    app_item(&app, &all_ids),
                    Some((
                        "#status = :open",
                        &[STATUS],
                        vec![(":open", s(Status::UnderReview.as_str()))],
                    )),
                    false,
                )?,
                self.delete(open_pk(&app.applicant_hash), None)?,
                self.put(
                    pointer_item(
                        idem_pk(&app.idempotency_key),
                        "idem",
                        &app.reference,
                        Some(expires),
                    ),
                    None,
                    false,
                )?,
            ];
            for m in &messages {
                items.push(self.put(msg_item(m, Some(expires)), None, false)?);
            }
            // The messages sent earlier expire with the application.
            for id in earlier.difference(&new_ids) {
                items.push(self.set_ttl(msg_pk(id), expires)?);
            }
            if items.len() > MAX_TRANSACTION_ITEMS {
                return Err(StoreError::Corrupt(format!(
                    "deciding {reference} needs {} items in one transaction",
                    items.len()
                )));
            }
            match self.transact("decide", items).await? {
                TxnOutcome::Committed => return Ok(DecideOutcome::Decided(app)),
                TxnOutcome::ConditionFailed(reasons) => {
                    if !is_condition_failure(&reasons, 0) {
                        return Err(StoreError::Corrupt(format!(
                            "deciding {reference}: a message of it is missing ({})",
                            codes(&reasons)
                        )));
                    }
                    // Someone decided first (or it was purged): answer from a fresh read.
                    match self.get(reference).await? {
                        None => return Ok(DecideOutcome::NotFound),
                        Some(a) if a.status != Status::UnderReview => {
                            return Ok(DecideOutcome::Conflict { current: a.status });
                        }
                        Some(_) => continue,
                    }
                }
                TxnOutcome::Retry(why) => {
                    last = why;
                    backoff(attempt).await;
                }
            }
        }
        Err(StoreError::Unavailable(format!(
            "DynamoDB decide kept conflicting: {last}"
        )))
    }

    async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let page_size = limit.clamp(1, 100) as i32;
        let mut start: Option<Item> = None;
        loop {
            let (pks, next) = self
                .time_index_page(PENDING, now, Some(page_size), start.take())
                .await?;
            // The index may lag behind: read the messages themselves and check.
            let items = self.batch_get(pks.into_iter().map(key).collect()).await?;
            let mut page = items
                .iter()
                .map(decode_msg)
                .collect::<Result<Vec<_>, _>>()?;
            page.retain(|m| m.status == Delivery::Pending && m.next_attempt_at <= now);
            page.sort_by(|a, b| {
                a.next_attempt_at
                    .cmp(&b.next_attempt_at)
                    .then(a.id.cmp(&b.id))
            });
            out.extend(page);
            match next {
                Some(k) if !k.is_empty() && out.len() < limit => start = Some(k),
                _ => break,
            }
        }
        out.sort_by(|a, b| {
            a.next_attempt_at
                .cmp(&b.next_attempt_at)
                .then(a.id.cmp(&b.id))
        });
        out.truncate(limit);
        Ok(out)
    }

    async fn claim(
        &self,
        id: &str,
        due: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(msg_pk(id))))
            .update_expression("SET #next_attempt_at = :until, #gsi2sk = :until")
            .condition_expression("#status = :pending AND #next_attempt_at = :due")
            .set_expression_attribute_names(Some(names(&[STATUS, NEXT_ATTEMPT_AT, GSI2SK])))
            .set_expression_attribute_values(Some(values(vec![
                (":until", s(time_key(until))),
                (":due", s(time_key(due))),
                (":pending", s(delivery_str(Delivery::Pending))),
            ])))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) => match e.as_service_error() {
                // Taken by another worker, sent, or gone: not ours to send.
                Some(service) if service.is_conditional_check_failed_exception() => Ok(false),
                _ => Err(sdk_error("UpdateItem", e)),
            },
        }
    }

    async fn record_attempt(
        &self,
        id: &str,
        status: Delivery,
        error: Option<String>,
        retry_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut set = vec![
            "#status = :status",
            "#attempts = #attempts + :one",
            "#next_attempt_at = :next",
        ];
        let mut remove = Vec::new();
        let mut attrs = vec![PK, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT];
        let mut vals = vec![
            (":status", s(delivery_str(status))),
            (":one", n(1)),
            (":next", s(time_key(retry_at))),
            (":sent", s(delivery_str(Delivery::Sent))),
        ];
        attrs.push(LAST_ERROR);
        match error {
            Some(e) => {
                set.push("#last_error = :error");
                vals.push((":error", s(e)));
            }
            None => remove.push("#last_error"),
        }
        if status == Delivery::Sent {
            set.push("#sent_at = :at");
            attrs.push(SENT_AT);
            vals.push((":at", s(time_key(at))));
        }
        attrs.extend([GSI2PK, GSI2SK]);
        if status == Delivery::Pending {
            set.extend(["#gsi2pk = :pending", "#gsi2sk = :next"]);
            vals.push((":pending", s(PENDING)));
        } else {
            // Out of the pending index for good.
            remove.extend(["#gsi2pk", "#gsi2sk"]);
        }
        let mut expression = format!("SET {}", set.join(", "));
        if !remove.is_empty() {
            expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        let names = names(&attrs);
        let values = values(vals);
        for attempt in 0..MAX_TRIES {
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(key(msg_pk(id))))
                .update_expression(&expression)
                // Once sent, a message stays sent (a late duplicate report changes nothing).
                .condition_expression("attribute_exists(#pk) AND #status <> :sent")
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .send()
                .await;
            let e = match result {
                Ok(_) => return Ok(()),
                Err(e) => e,
            };
            let Some(service) = e.as_service_error() else {
                return Err(sdk_error("UpdateItem", e));
            };
            if service.is_conditional_check_failed_exception() {
                return match self.get_item(msg_pk(id)).await? {
                    None => Err(StoreError::Corrupt(format!("no message {id}"))),
                    Some(_) => Ok(()), // already sent
                };
            }
            if service.is_transaction_conflict_exception() && attempt + 1 < MAX_TRIES {
                backoff(attempt).await;
                continue;
            }
            return Err(sdk_error("UpdateItem", e));
        }
        Err(StoreError::Unavailable(format!(
            "DynamoDB UpdateItem of message {id} kept conflicting"
        )))
    }

    async fn message(&self, id: &str) -> Result<Option<Message>, StoreError> {
        self.get_item(msg_pk(id))
            .await?
            .map(|item| decode_msg(&item))
            .transpose()
    }

    async fn put_draft(&self, draft: Draft) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(draft_item(&draft)))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("PutItem", e))
    }

    async fn get_draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        self.get_item(draft_pk(id))
            .await?
            .map(|item| decode(&item))
            .transpose()
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Vec<Application>, StoreError> {
        // Everything expired, from the sparse time index (no scan).
        let mut expired = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let (pks, next) = self
                .time_index_page(EXPIRES, now, None, start.take())
                .await?;
            expired.extend(pks);
            match next {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => break,
            }
        }
        let mut purged = Vec::new();
        for pk in expired {
            if pk.starts_with("APP#") {
                if let Some(app) = self.purge_application(pk, now).await? {
                    purged.push(app);
                }
            } else if pk.starts_with("DRAFT#") {
                // Drafts older than a day were never sent.
                let result = self
                    .client
                    .delete_item()
                    .table_name(&self.table)
                    .set_key(Some(key(pk)))
                    .condition_expression("#gsi2pk = :expires AND #gsi2sk <= :now")
                    .set_expression_attribute_names(Some(names(&[GSI2PK, GSI2SK])))
                    .set_expression_attribute_values(Some(values(vec![
                        (":expires", s(EXPIRES)),
                        (":now", s(time_key(now))),
                    ])))
                    .send()
                    .await;
                if let Err(e) = result {
                    let changed = e
                        .as_service_error()
                        .is_some_and(|se| se.is_conditional_check_failed_exception());
                    if !changed {
                        return Err(sdk_error("DeleteItem", e));
                    }
                }
            }
        }
        Ok(purged)
    }
}
