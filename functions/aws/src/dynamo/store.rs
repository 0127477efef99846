//! The store itself: [`Store`] on DynamoDB.

// The parts of one store, split by concern: each sees the others as the one file did.
use super::errors::*;
use super::items::*;
use super::*;

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
            None => Status::ALL.to_vec(),
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

    async fn revise(
        &self,
        next: Application,
        messages: Vec<Message>,
        entry: Entry,
    ) -> Result<Revised, StoreError> {
        let reference = next.reference.clone();
        let messages = dedupe(messages);
        let Some(seen) = next.revision.checked_sub(1) else {
            return Ok(Revised::Stale);
        };
        let mut last = String::new();
        for attempt in 0..MAX_TRIES {
            let Some(item) = self.get_item(app_pk(&reference)).await? else {
                return Ok(Revised::NotFound);
            };
            let current: Application = decode(&item)?;
            if current.revision != seen {
                return Ok(Revised::Stale);
            }
            let earlier: BTreeSet<String> = item
                .get(MSGS)
                .and_then(|v| v.as_ss().ok())
                .map(|ids| ids.iter().cloned().collect())
                .unwrap_or_default();
            let new_ids: BTreeSet<String> = messages.iter().map(|m| m.id.clone()).collect();
            let all_ids: BTreeSet<String> = earlier.union(&new_ids).cloned().collect();
            // Items stored before revisions existed have no `rev`: they are at 0. The item
            // must still be there (a purge in between must not be undone by this write).
            // (DynamoDB refuses a name the expression does not use.)
            let (condition, names): (&str, &[&str]) = if seen == 0 {
                (
                    "attribute_exists(#pk) AND (attribute_not_exists(#rev) OR #rev = :rev)",
                    &[PK, REV],
                )
            } else {
                ("#rev = :rev", &[REV])
            };
            let mut items = vec![self.put(
                app_item(&next, &all_ids),
                Some((condition, names, vec![(":rev", n(seen))])),
                false,
            )?];
            // Decided now: the open slot is free, and everything of it expires with it.
            let closing = current.status.is_open() && !next.status.is_open();
            let expires = next.expires_at.filter(|_| closing);
            if closing {
                items.push(self.delete(open_pk(&next.applicant_hash), None)?);
            }
            if let Some(expires) = expires {
                items.push(self.put(
                    pointer_item(
                        idem_pk(&next.idempotency_key),
                        "idem",
                        &next.reference,
                        Some(expires),
                    ),
                    None,
                    false,
                )?);
                for id in earlier.difference(&new_ids) {
                    items.push(self.set_ttl(msg_pk(id), expires)?);
                }
            }
            // Messages of a decided application expire with it.
            let ttl = next.expires_at;
            for m in &messages {
                items.push(self.put(msg_item(m, ttl), None, false)?);
            }
            items.extend(self.put_entries(std::slice::from_ref(&entry))?);
            if items.len() > MAX_TRANSACTION_ITEMS {
                return Err(StoreError::Corrupt(format!(
                    "changing {reference} needs {} items in one transaction",
                    items.len()
                )));
            }
            match self.transact("revise", items).await? {
                TxnOutcome::Committed => return Ok(Revised::Written),
                TxnOutcome::ConditionFailed(reasons) => {
                    if !is_condition_failure(&reasons, 0) {
                        return Err(StoreError::Corrupt(format!(
                            "changing {reference}: a message of it is missing ({})",
                            codes(&reasons)
                        )));
                    }
                    // Changed in between (or purged): answer from a fresh read.
                    return Ok(match self.get_item(app_pk(&reference)).await? {
                        None => Revised::NotFound,
                        Some(_) => Revised::Stale,
                    });
                }
                TxnOutcome::Retry(why) => {
                    last = why;
                    backoff(attempt).await;
                }
            }
        }
        Err(StoreError::Unavailable(format!(
            "DynamoDB revise kept conflicting: {last}"
        )))
    }

    async fn record(&self, entries: Vec<Entry>) -> Result<(), StoreError> {
        self.append(entries).await
    }

    async fn trail(&self, reference: &str) -> Result<Vec<Entry>, StoreError> {
        self.read_trail(reference).await
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
                (":pending", s(Delivery::Pending.as_str())),
            ])))
            .send()
            .await;
        // Refused: taken by another worker, sent, or gone: not ours to send.
        Ok(written("UpdateItem", result)?.is_some())
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
            (":status", s(status.as_str())),
            (":one", n(1)),
            (":next", s(time_key(retry_at))),
            (":sent", s(Delivery::Sent.as_str())),
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

    async fn messages_of(&self, reference: &str) -> Result<Vec<Message>, StoreError> {
        let Some(item) = self.get_item(app_pk(reference)).await? else {
            return Ok(Vec::new());
        };
        let ids: Vec<String> = item
            .get(MSGS)
            .and_then(|v| v.as_ss().ok())
            .cloned()
            .unwrap_or_default();
        let mut out = Vec::new();
        for chunk in ids.chunks(100) {
            let keys = chunk.iter().map(|id| key(msg_pk(id))).collect();
            for item in self.batch_get(keys).await? {
                out.push(decode_msg(&item)?);
            }
        }
        Ok(out)
    }

    async fn record_receipt(&self, id: &str, receipt: Receipt) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(msg_pk(id))))
            .update_expression("SET #receipt = :receipt, #receipt_weight = :weight")
            .condition_expression(
                "attribute_exists(#pk) AND (attribute_not_exists(#receipt_weight) OR #receipt_weight < :weight)",
            )
            .set_expression_attribute_names(Some(names(&[PK, RECEIPT, RECEIPT_WEIGHT])))
            .set_expression_attribute_values(Some(values(vec![
                (":receipt", s(json(&receipt))),
                (":weight", n(receipt.outcome.weight())),
            ])))
            .send()
            .await;
        if written("UpdateItem", result)?.is_some() {
            return Ok(true);
        }
        // Refused: a weightier report is kept, or there is no such message.
        Ok(self.get_item(msg_pk(id)).await?.is_some())
    }

    async fn link_provider(
        &self,
        provider_id: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let expires = at + applications::store::provider_link_lifetime();
        let mut item = pointer_item(provider_pk(provider_id), "provider", id, Some(expires));
        item.insert(EXPIRES_AT.into(), s(time_key(expires)));
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(|e| sdk_error("PutItem", e))?;
        Ok(())
    }

    async fn provider_message(&self, provider_id: &str) -> Result<Option<String>, StoreError> {
        let Some(item) = self.get_item(provider_pk(provider_id)).await? else {
            return Ok(None);
        };
        let pk = pk_of(&item)?.to_string();
        let expires = get_s(&item, EXPIRES_AT)
            .map(|v| parse_time(&pk, v))
            .transpose()?;
        // TTL deletes it some time after it expired; until then it is read as gone.
        if expires.is_none_or(|t| t <= Utc::now()) {
            return Ok(None);
        }
        Ok(get_s(&item, REF).map(str::to_string))
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

    async fn add_messages(
        &self,
        reference: &str,
        messages: Vec<Message>,
    ) -> Result<(), StoreError> {
        if self.get_item(app_pk(reference)).await?.is_none() {
            return Ok(());
        }
        for m in dedupe(messages) {
            let expires = m.next_attempt_at + REMINDER_LIFETIME;
            let result = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(msg_item(&m, Some(expires))))
                .condition_expression("attribute_not_exists(#pk)")
                .set_expression_attribute_names(Some(names(&[PK])))
                .send()
                .await;
            // Refused: this reminder is there already (today's was sent).
            written("PutItem", result)?;
        }
        Ok(())
    }

    async fn count_send(
        &self,
        recipient: &str,
        day: NaiveDate,
        cap: u32,
    ) -> Result<bool, StoreError> {
        // Two days on from the day's start in UTC: every time zone's day has ended.
        let expires = (day + chrono::Duration::days(2))
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(sends_pk(day, recipient))))
            .update_expression(
                "SET #n = if_not_exists(#n, :zero) + :one, #kind = :kind, #ttl = :ttl, \
                 #gsi2pk = :expires, #gsi2sk = :at",
            )
            .condition_expression("attribute_not_exists(#n) OR #n < :cap")
            .set_expression_attribute_names(Some(names(&[COUNT, KIND, TTL, GSI2PK, GSI2SK])))
            .set_expression_attribute_values(Some(values(vec![
                (":zero", n(0)),
                (":one", n(1)),
                (":cap", n(cap)),
                (":kind", s("sends")),
                (":ttl", ttl_value(expires)),
                (":expires", s(EXPIRES)),
                (":at", s(time_key(expires))),
            ])))
            .send()
            .await;
        // Refused: the count is at the cap.
        Ok(written("UpdateItem", result)?.is_some())
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
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
        let mut purged = Purged::default();
        for pk in expired {
            if pk.starts_with("APP#") {
                if let Some(app) = self.purge_application(pk, now).await? {
                    purged.applications.push(app);
                }
            } else if pk.starts_with("DRAFT#") || pk.starts_with("SENDS#") {
                // A draft older than a day was never sent (or was, and its documents are
                // its application's); a send count of a past day is no longer read.
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
                    .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
                    .send()
                    .await;
                // Refused: changed since it was found expired; it stays.
                if let Some(out) = written("DeleteItem", result)? {
                    let draft = out
                        .attributes
                        .filter(|item| get_s(item, KIND) == Some("draft"))
                        .map(|item| decode::<Draft>(&item))
                        .transpose()?;
                    if let Some(d) = draft.filter(|d| d.reference.is_none()) {
                        purged.drafts.push(d);
                    }
                }
            }
        }
        Ok(purged)
    }
}
