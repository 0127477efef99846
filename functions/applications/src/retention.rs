//! Deleting what the portal no longer needs: decided applications whose retention
//! (`PORTAL_RETENTION_DAYS`, default 365) has passed, with their documents. Locally the
//! server's background task calls this; on AWS the table's TTL deletes the items and
//! the uploads bucket's lifecycle rule the documents (`infra/template.yaml`).

use crate::files::FileStore;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

/// Purge at `now`; returns how many applications were deleted. A document that cannot
/// be deleted now is logged (by key, which names no one) and left to the next round's
/// bucket rule or a person: the application itself is gone either way.
pub async fn purge(
    store: &dyn Store,
    files: &dyn FileStore,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let purged = store.purge_expired(now).await?;
    for app in &purged {
        for d in &app.documents {
            if let Err(e) = files.delete(&d.key).await {
                tracing::warn!(key = %d.key, error = %e, "an expired document was not deleted");
            }
        }
    }
    Ok(purged.len())
}
