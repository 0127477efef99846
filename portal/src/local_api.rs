//! The local server's API: the same router as the Lambdas, with the embedded store, a
//! folder for uploads, a folder outbox for messages (sent by a background task), and a
//! reviewer account from local configuration.

use api::reviewers::accounts::Accounts;
use api::{App, ReviewerAuth, Site};
use applications::files::LocalFiles;
use applications::ids::random_id;
use applications::notifier::{DAILY_CAP, Notifier, RetryPolicy};
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

/// Write a file only its owner can read (0600), whole or not at all.
fn write_private(path: &Path, text: &str) -> Result<(), LocalError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = path.with_extension("part");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io(&tmp))?;
    file.write_all(text.as_bytes()).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Make an existing file readable by its owner only (an older install made them 0644).
fn make_private(path: &Path) -> Result<(), LocalError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io(path))
}

/// A secret kept in the data folder (0600), made on first start.
fn secret(data: &Path) -> Result<Secret, LocalError> {
    let path = data.join("secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        make_private(&path)?;
        return Ok(Secret::new(s.trim()));
    }
    let s = format!("{}{}", random_id(), random_id());
    write_private(&path, &s)?;
    Ok(Secret::new(s))
}

const REVIEWERS_HEADER: &str = "# name:argon2-hash, one reviewer a line (local use only). A line\n\
# `name:password` is hashed in place at the next start.\n";

/// Reviewer accounts: `PORTAL_REVIEWERS=name:password[,…]`, else `<data>/reviewers.txt`
/// (0600), which keeps Argon2id hashes, not passwords. On first start it is made with one
/// account, whose random password is shown once on the terminal; a password written into
/// it by hand is replaced by its hash at the next start.
fn accounts(data: &Path) -> Result<Accounts, LocalError> {
    if let Ok(v) = std::env::var("PORTAL_REVIEWERS") {
        let a = Accounts::parse(&v);
        if !a.is_empty() {
            return Ok(a);
        }
    }
    let path = data.join("reviewers.txt");
    if !path.exists() {
        let password = &random_id()[..16];
        let file = Accounts::parse(&format!("reviewer:{password}")).hashed();
        write_private(&path, &format!("{REVIEWERS_HEADER}{file}"))?;
        println!(
            "created a local reviewer account in {}: user `reviewer`, password {password} \
             (shown this once; the file keeps only its hash)",
            path.display()
        );
    }
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let accounts = Accounts::parse(
        &text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    if accounts.has_plain() {
        write_private(&path, &format!("{REVIEWERS_HEADER}{}", accounts.hashed()))?;
        println!("hashed the passwords written into {}", path.display());
    } else {
        make_private(&path)?;
    }
    Ok(accounts)
}

/// The reviewers' roles beyond reviewing (`leads`, who may release and decide what
/// another reviewer has taken): `PORTAL_ROLES=name=group group;…`, else
/// `<data>/roles.txt`, `name: group group` a line; none if neither is there.
fn roles(data: &Path) -> Result<String, LocalError> {
    if let Ok(v) = std::env::var("PORTAL_ROLES") {
        return Ok(v);
    }
    let path = data.join("roles.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(io(&path)(e)),
    }
}

/// The API for `portal serve`, answering from `site` (replace it with
/// [`App::replace_site`] as the content changes), and its outbox sender and retention
/// sweep in the background. `rate_limited: false` only for load tests on one machine.
pub fn start(
    data: &Path,
    base_url: &str,
    site: Site,
    rate_limited: bool,
) -> Result<Arc<App>, LocalError> {
    std::fs::create_dir_all(data).map_err(io(data))?;
    {
        use std::os::unix::fs::PermissionsExt;
        // The store, the uploads and the outbox hold applicants' personal data.
        std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700)).map_err(io(data))?;
    }
    let store: Arc<dyn Store> = Arc::new(Deadline::new(
        Arc::new(EmbeddedStore::open(&data.join("store.redb"))?),
        deadline::DEFAULT_LIMIT,
    ));
    let files = Arc::new(LocalFiles::new(data.join("uploads"))?);
    let mut app = App::new(
        site,
        store.clone(),
        files.clone(),
        secret(data)?,
        ReviewerAuth::Local(accounts(data)?.with_roles(&roles(data)?)),
        base_url.to_string(),
    );
    if !rate_limited {
        app.rate_limits = None;
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
                daily_cap: DAILY_CAP,
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
