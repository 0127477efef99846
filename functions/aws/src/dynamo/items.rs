//! Keys, values and the encoding of records as items.

// The parts of one store, split by concern: each sees the others as the one file did.
use super::*;

pub(super) fn app_pk(reference: &str) -> String {
    format!("APP#{reference}")
}
pub(super) fn idem_pk(key: &str) -> String {
    format!("IDEM#{key}")
}
pub(super) fn open_pk(applicant_hash: &str) -> String {
    format!("OPEN#{applicant_hash}")
}
pub(super) fn msg_pk(id: &str) -> String {
    format!("MSG#{id}")
}
pub(super) fn draft_pk(id: &str) -> String {
    format!("DRAFT#{id}")
}
pub(super) fn audit_pk(e: &applications::audit::Entry) -> String {
    format!("AUDIT#{}#{}", e.reference, e.order_key())
}
/// The `gsi2` partition of an application's audit trail.
pub(super) fn trail_partition(reference: &str) -> String {
    format!("AUDIT#{reference}")
}
pub(super) fn provider_pk(provider_id: &str) -> String {
    format!("PROVIDER#{provider_id}")
}
pub(super) fn sends_pk(day: NaiveDate, recipient: &str) -> String {
    format!("SENDS#{day}#{recipient}")
}

/// The TTL attribute's value for an item that expires at `t`: later by [`TTL_GRACE`],
/// so that the sweep ([`Store::purge_expired`]), which deletes the documents an item
/// owns, always comes first and TTL only catches what a broken sweep left.
pub(super) fn ttl_value(t: DateTime<Utc>) -> AttributeValue {
    n((t + TTL_GRACE).timestamp())
}

pub(super) fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

pub(super) fn n(v: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// A time as a sort key: fixed width, so string order is time order.
pub(super) fn time_key(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(super) fn key(pk: String) -> Item {
    HashMap::from([(PK.to_string(), s(pk))])
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("store records serialise")
}

pub(super) fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
}

pub(super) fn pk_of(item: &Item) -> Result<&str, StoreError> {
    get_s(item, PK).ok_or_else(|| corrupt("an item without pk"))
}

pub(super) fn decode<T: serde::de::DeserializeOwned>(item: &Item) -> Result<T, StoreError> {
    let pk = get_s(item, PK).unwrap_or("?");
    let data = get_s(item, DATA).ok_or_else(|| corrupt(format!("{pk} has no data")))?;
    serde_json::from_str(data).map_err(|e| corrupt(format!("{pk}: {e}")))
}

pub(super) fn parse_delivery(v: &str) -> Option<Delivery> {
    match v {
        "pending" => Some(Delivery::Pending),
        "sent" => Some(Delivery::Sent),
        "failed" => Some(Delivery::Failed),
        "suppressed" => Some(Delivery::Suppressed),
        _ => None,
    }
}

pub(super) fn parse_time(pk: &str, v: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(format!("{pk}: bad time {v:?}: {e}")))
}

pub(super) fn app_item(app: &Application, msg_ids: &BTreeSet<String>) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(app_pk(&app.reference))),
        (KIND.into(), s("app")),
        (DATA.into(), s(json(app))),
        (STATUS.into(), s(app.status.as_str())),
        (REV.into(), n(app.revision)),
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
        item.insert(TTL.into(), ttl_value(expires));
        item.insert(GSI2PK.into(), s(EXPIRES));
        item.insert(GSI2SK.into(), s(time_key(expires)));
    }
    item
}

pub(super) fn pointer_item(
    pk: String,
    kind: &str,
    reference: &str,
    ttl: Option<DateTime<Utc>>,
) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(pk)),
        (KIND.into(), s(kind)),
        (REF.into(), s(reference)),
    ]);
    if let Some(t) = ttl {
        item.insert(TTL.into(), ttl_value(t));
    }
    item
}

pub(super) fn msg_item(m: &Message, ttl: Option<DateTime<Utc>>) -> Item {
    let mut item = HashMap::from([
        (PK.into(), s(msg_pk(&m.id))),
        (KIND.into(), s("msg")),
        (DATA.into(), s(json(m))),
        (REF.into(), s(&m.reference)),
        (STATUS.into(), s(m.status.as_str())),
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
        item.insert(TTL.into(), ttl_value(t));
    }
    item
}

/// A message: the JSON written with it, overlaid with its delivery attributes.
pub(super) fn decode_msg(item: &Item) -> Result<Message, StoreError> {
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
    if let Some(r) = get_s(item, RECEIPT) {
        m.receipt = Some(serde_json::from_str(r).map_err(|e| corrupt(format!("{pk}: {e}")))?);
    }
    Ok(m)
}

pub(super) fn audit_item(e: &applications::audit::Entry) -> Item {
    HashMap::from([
        (PK.into(), s(audit_pk(e))),
        (KIND.into(), s("audit")),
        (DATA.into(), s(json(e))),
        (REF.into(), s(&e.reference)),
        (GSI2PK.into(), s(trail_partition(&e.reference))),
        (GSI2SK.into(), s(e.order_key())),
    ])
}

pub(super) fn draft_expiry(d: &Draft) -> DateTime<Utc> {
    d.expires_at()
}

pub(super) fn draft_item(d: &Draft) -> Item {
    let expires = draft_expiry(d);
    HashMap::from([
        (PK.into(), s(draft_pk(&d.id))),
        (KIND.into(), s("draft")),
        (DATA.into(), s(json(d))),
        (TTL.into(), ttl_value(expires)),
        (GSI2PK.into(), s(EXPIRES)),
        (GSI2SK.into(), s(time_key(expires))),
    ])
}

/// Expression attribute names for the given attributes (`#name` → `name`): DynamoDB
/// reserves many plain words (`status`, `data`, `ttl`…), so every name goes through one.
pub(super) fn names(attrs: &[&str]) -> HashMap<String, String> {
    attrs
        .iter()
        .map(|a| (format!("#{a}"), a.to_string()))
        .collect()
}

pub(super) fn values(vals: Vec<(&str, AttributeValue)>) -> HashMap<String, AttributeValue> {
    vals.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Keep the last message of each id: a transaction may not touch one item twice.
pub(super) fn dedupe(messages: Vec<Message>) -> Vec<Message> {
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
