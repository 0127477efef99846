//! The requests the store makes: transactional writes, reads, index queries, purges.

// The parts of one store, split by concern: each sees the others as the one file did.
use super::errors::*;
use super::items::*;
use super::*;

impl DynamoStore {
    pub(super) fn put(
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

    pub(super) fn delete(
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
    pub(super) fn set_ttl(
        &self,
        pk: String,
        at: DateTime<Utc>,
    ) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .update_expression("SET #ttl = :ttl")
            .condition_expression("attribute_exists(#pk)")
            .set_expression_attribute_names(Some(names(&[TTL, PK])))
            .set_expression_attribute_values(Some(values(vec![(":ttl", ttl_value(at))])))
            .build()
            .map_err(build_error)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    pub(super) async fn transact(
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

    pub(super) async fn get_item(&self, pk: String) -> Result<Option<Item>, StoreError> {
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
    pub(super) async fn batch_get(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
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
    pub(super) async fn time_index_page(
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

    pub(super) async fn query_queue(
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
    pub(super) async fn purge_application(
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
            // The trail first: should this stop half-way, the application is still found
            // expired by the next sweep, which deletes what is left.
            self.delete_trail(&app.reference).await?;
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
                TxnOutcome::Committed => {
                    // Again: an entry written meanwhile (a look just before the purge),
                    // or one the index showed late, goes too.
                    self.delete_trail(&app.reference).await?;
                    return Ok(Some(app));
                }
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
