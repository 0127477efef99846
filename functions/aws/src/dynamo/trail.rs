//! The audit trails: items only ever put (never over another), read through `gsi2`, and
//! deleted with their application by the purge.

// The parts of one store, split by concern: each sees the others as the one file did.
use super::errors::*;
use super::items::*;
use super::*;

impl DynamoStore {
    /// The puts of `entries`, each only where no item is (an entry is never replaced).
    pub(super) fn put_entries(
        &self,
        entries: &[Entry],
    ) -> Result<Vec<TransactWriteItem>, StoreError> {
        entries
            .iter()
            .map(|e| {
                self.put(
                    audit_item(e),
                    Some(("attribute_not_exists(#pk)", &[PK], vec![])),
                    false,
                )
            })
            .collect()
    }

    /// Append entries, up to a transaction's worth at a time. An entry already there (a
    /// retry of a write that went through) is left as it is.
    pub(super) async fn append(&self, mut entries: Vec<Entry>) -> Result<(), StoreError> {
        // One operation an item in a transaction: the first of an entry written twice.
        let mut seen = BTreeSet::new();
        entries.retain(|e| seen.insert(audit_pk(e)));
        for chunk in entries.chunks(MAX_TRANSACTION_ITEMS) {
            let mut pending = chunk.to_vec();
            let mut attempt = 0;
            loop {
                match self.transact("record", self.put_entries(&pending)?).await? {
                    TxnOutcome::Committed => break,
                    // Some are there already: those are kept, the others written.
                    TxnOutcome::ConditionFailed(reasons) => {
                        pending = pending
                            .into_iter()
                            .zip(&reasons)
                            .filter(|(_, r)| r.code() != Some("ConditionalCheckFailed"))
                            .map(|(e, _)| e)
                            .collect();
                        if pending.is_empty() {
                            break;
                        }
                    }
                    TxnOutcome::Retry(why) => {
                        attempt += 1;
                        if attempt >= MAX_TRIES {
                            return Err(StoreError::Unavailable(why));
                        }
                        backoff(attempt).await;
                    }
                }
            }
        }
        Ok(())
    }

    /// The table keys of an application's trail, oldest first (from the index, which
    /// may lag a write by a moment).
    pub(super) async fn trail_keys(&self, reference: &str) -> Result<Vec<String>, StoreError> {
        let mut pks = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(TIME_INDEX)
                .key_condition_expression("#gsi2pk = :p")
                .set_expression_attribute_names(Some(names(&[GSI2PK])))
                .set_expression_attribute_values(Some(values(vec![(
                    ":p",
                    s(trail_partition(reference)),
                )])))
                .scan_index_forward(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(|e| sdk_error("Query", e))?;
            for item in out.items() {
                pks.push(pk_of(item)?.to_string());
            }
            match out.last_evaluated_key {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => return Ok(pks),
            }
        }
    }

    pub(super) async fn read_trail(&self, reference: &str) -> Result<Vec<Entry>, StoreError> {
        let pks = self.trail_keys(reference).await?;
        let mut entries = Vec::with_capacity(pks.len());
        for chunk in pks.chunks(100) {
            let keys = chunk.iter().map(|pk| key(pk.clone())).collect();
            for item in self.batch_get(keys).await? {
                entries.push(decode::<Entry>(&item)?);
            }
        }
        entries.sort_by_key(Entry::order_key);
        Ok(entries)
    }

    /// Delete an application's trail: its retention has ended.
    pub(super) async fn delete_trail(&self, reference: &str) -> Result<(), StoreError> {
        for pk in self.trail_keys(reference).await? {
            self.client
                .delete_item()
                .table_name(&self.table)
                .set_key(Some(key(pk)))
                .send()
                .await
                .map_err(|e| sdk_error("DeleteItem", e))?;
        }
        Ok(())
    }
}
