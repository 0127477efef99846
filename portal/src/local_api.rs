//! The local server's API: the same router as the Lambdas, with the embedded store, a
//! folder for uploads, a folder outbox for messages (sent by a background task), and a
//! reviewer account from local configuration.

use api::reviewers::accounts::Accounts;
use api::{App, ReviewerAuth, Site};
use applications::files::LocalFiles;
use applications::ids::random_id;
use applications::notifier::{Notifier, RetryPolicy};
use applications::outbox_folder::OutboxFolder;
use applications::secret::Secret;
use applications::store::Store;
use applications::store::deadline::{self, Deadline};
use applications::store::embedded::EmbeddedStore;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("{0}")]
    Store(#[from] applications::store::StoreError),
    #[error("{0}")]
    Files(#[from] applications::files::FileError),
    #[error("cannot prepare {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LocalError + '_ {
    move |source| LocalError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A secret kept in the data folder, made on first start.
fn secret(data: &Path) -> Result<Secret, LocalError> {
    let path = data.join("secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Ok(Secret::new(s.trim()));
    }
    let s = format!("{}{}", random_id(), random_id());
    std::fs::write(&path, &s).map_err(io(&path))?;
    Ok(Secret::new(s))
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

/// The API for `portal serve`, answering from `site` (replace it with
/// [`App::replace_site`] as the content changes), and its outbox sender and retention
/// sweep in the background.
pub fn start(data: &Path, base_url: &str, site: Site) -> Result<Arc<App>, LocalError> {
    std::fs::create_dir_all(data).map_err(io(data))?;
    let store: Arc<dyn Store> = Arc::new(Deadline::new(
        Arc::new(EmbeddedStore::open(&data.join("store.redb"))?),
        deadline::DEFAULT_LIMIT,
    ));
    let files = Arc::new(LocalFiles::new(data.join("uploads"))?);
    let app = App::new(
        site,
        store.clone(),
        files.clone(),
        secret(data)?,
        ReviewerAuth::Local(accounts(data)?),
        base_url.to_string(),
    );
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
                applications::retention::purge(store.as_ref(), files.as_ref(), chrono::Utc::now())
                    .await
            {
                tracing::warn!(error = %e, "retention round failed");
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    });
    Ok(Arc::new(app))
}
