//! Deleting what the portal no longer needs: decided applications whose retention
//! (`PORTAL_RETENTION_DAYS`, default 365) has passed and drafts never sent, each with the
//! documents it owns, and uploads no application named within a day. Locally the
//! server's background task calls this; on AWS the notifier's scheduled sweep (the
//! table's TTL is only a safety net behind it, a week later, and the uploads bucket's
//! lifecycle rule deletes `incoming-` uploads after a day; `infra/template.yaml`).

use crate::files::FileStore;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};

/// What one purge deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purge {
    pub applications: usize,
    pub drafts: usize,
    /// Documents of both, and uploads never named.
    pub files: usize,
}

/// How long an upload waits for the application that names it.
pub fn upload_lifetime() -> Duration {
    Duration::days(1)
}

/// Purge at `now`. A document that cannot be deleted now is logged (by key, which names
/// no one) and left to a person: the application itself is gone either way.
pub async fn purge(
    store: &dyn Store,
    files: &dyn FileStore,
    now: DateTime<Utc>,
) -> Result<Purge, StoreError> {
    let purged = store.purge_expired(now).await?;
    let owned = purged
        .applications
        .iter()
        .flat_map(|a| &a.documents)
        .chain(purged.drafts.iter().flat_map(|d| &d.documents));
    let mut report = Purge {
        applications: purged.applications.len(),
        drafts: purged.drafts.len(),
        files: 0,
    };
    for d in owned {
        match files.delete(&d.key).await {
            Ok(()) => report.files += 1,
            Err(e) => {
                tracing::warn!(key = %d.key, error = %e, "an expired document was not deleted")
            }
        }
    }
    match files.delete_incoming(now - upload_lifetime()).await {
        Ok(n) => report.files += n,
        Err(e) => tracing::warn!(error = %e, "uploads never named were not deleted"),
    }
    Ok(report)
}
