//! The local server's API: the same router as the Lambdas, with the embedded store, a
//! folder for uploads, a folder outbox for messages (sent by a background task), and a
//! reviewer account from local configuration.

use crate::auth::Accounts;
use crate::files::{LocalFiles, random_id};
use crate::http::{App, ReviewerAuth};
use crate::notifier::{Notifier, OutboxFolder, RetryPolicy};
use crate::store::Store;
use crate::store::deadline::{self, Deadline};
use crate::store::embedded::EmbeddedStore;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("the content cannot be loaded:\n{0}")]
    Content(String),
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Files(#[from] crate::files::FileError),
    #[error("cannot prepare {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Render(#[from] generator::BuildError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LocalError + '_ {
    move |source| LocalError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A secret kept in the data folder, made on first start.
fn secret(data: &Path) -> Result<Vec<u8>, LocalError> {
    let path = data.join("secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Ok(s.trim().as_bytes().to_vec());
    }
    let s = format!("{}{}", random_id(), random_id());
    std::fs::write(&path, &s).map_err(io(&path))?;
    Ok(s.into_bytes())
}

/// Reviewer accounts: `PORTAL_REVIEWERS=name:password[,…]`, else `<data>/reviewers.txt`,
/// which is created with one account and a random password on first start.
fn accounts(data: &Path) -> Result<Accounts, LocalError> {
    if let Ok(v) = std::env::var("PORTAL_REVIEWERS") {
        let a = Accounts::parse(&v);
        if !a.is_empty() {
            return Ok(a);
        }
    }
    let path = data.join("reviewers.txt");
    if !path.exists() {
        let password = &random_id()[..12];
        std::fs::write(
            &path,
            format!("# name:password, one reviewer a line (local use only)\nreviewer:{password}\n"),
        )
        .map_err(io(&path))?;
        println!(
            "created a local reviewer account in {} (user `reviewer`)",
            path.display()
        );
    }
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    Ok(Accounts::parse(
        &text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n"),
    ))
}

/// Build the API for `portal serve`, and start its outbox sender in the background.
pub async fn router_with(
    content_dir: &Path,
    data: &Path,
    base_url: &str,
) -> Result<axum::Router, LocalError> {
    std::fs::create_dir_all(data).map_err(io(data))?;
    let content = content_model::load(content_dir)
        .map_err(|d| LocalError::Content(d.to_string()))?
        .content;
    let store: Arc<dyn Store> = Arc::new(Deadline::new(
        Arc::new(EmbeddedStore::open(&data.join("store.redb"))?),
        deadline::DEFAULT_LIMIT,
    ));
    let files = Arc::new(LocalFiles::new(data.join("uploads"))?);
    let mut app = App::new(
        content,
        store.clone(),
        files.clone(),
        secret(data)?,
        ReviewerAuth::Local(accounts(data)?),
        base_url.to_string(),
    )?;
    if let Some(retention) = crate::http::retention_from_env() {
        app.retention = retention;
    }
    let outbox = data.join("outbox");
    tokio::spawn(async move {
        let sender = OutboxFolder { dir: outbox };
        loop {
            let n = Notifier {
                store: store.as_ref(),
                email: &sender,
                sms: &sender,
                policy: RetryPolicy::default(),
            };
            if let Err(e) = n.run_once(chrono::Utc::now()).await {
                tracing::warn!(error = %e, "outbox round failed");
            }
            if let Err(e) =
                crate::retention::purge(store.as_ref(), files.as_ref(), chrono::Utc::now()).await
            {
                tracing::warn!(error = %e, "retention round failed");
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    });
    Ok(crate::http::router(Arc::new(app)))
}

/// For `portal serve` with the default address.
pub async fn router(content_dir: &Path, data: &Path) -> Result<axum::Router, LocalError> {
    router_with(content_dir, data, "http://127.0.0.1:8080").await
}
