//! The API over real TCP on 127.0.0.1, served by the local server's own listener
//! (`generator::http_server`, as `portal serve` serves it), with a chosen store: for the
//! tests that need many connections at once or a client's own address.

use functions::auth::{self, Accounts, Claims};
use functions::files::LocalFiles;
use functions::http::{App, ReviewerAuth, router};
use functions::store::Store;
use functions::store::embedded::EmbeddedStore;
use generator::http_server::Limits;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

pub struct Served {
    pub base: String,
    pub store: Arc<dyn Store>,
    secret: Vec<u8>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

/// Serve the API with `store` (the embedded store in a temporary folder if `None`).
pub async fn serve(store: Option<Arc<dyn Store>>) -> Served {
    serve_with(store, Limits::default()).await
}

/// With the listener's time limits chosen (short ones for the slow-client tests).
pub async fn serve_with(store: Option<Arc<dyn Store>>, limits: Limits) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let content = content_model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
        .unwrap()
        .content;
    let store: Arc<dyn Store> =
        store.unwrap_or_else(|| Arc::new(EmbeddedStore::open(&dir.path().join("s.redb")).unwrap()));
    let secret = b"served-test-secret".to_vec();
    let app = App::new(
        content,
        store.clone(),
        Arc::new(LocalFiles::new(dir.path().join("uploads")).unwrap()),
        secret.clone(),
        ReviewerAuth::Local(Accounts::parse("ana:pw1,bota:pw2")),
        "http://127.0.0.1".into(),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(generator::http_server::run(
        listener,
        router(Arc::new(app)),
        limits,
        async {
            let _ = stopped.await;
        },
    ));
    Served {
        base,
        store,
        secret,
        stop: Some(stop),
        _dir: dir,
    }
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A reviewer's token, as signing in gives one.
    pub fn reviewer_token(&self, name: &str) -> String {
        auth::issue(
            &self.secret,
            &Claims {
                sub: name.into(),
                groups: vec!["reviewers".into()],
                exp: chrono::Utc::now().timestamp() + 3600,
            },
        )
    }

    /// A token signed with `secret`, for `groups`, expiring at `exp`.
    pub fn token_with(secret: &[u8], groups: &[&str], exp: i64) -> String {
        auth::issue(
            secret,
            &Claims {
                sub: "someone".into(),
                groups: groups.iter().map(|g| g.to_string()).collect(),
                exp,
            },
        )
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// Where uploaded files are kept.
    pub fn uploads(&self) -> std::path::PathBuf {
        self._dir.path().join("uploads")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An HTTP client for 127.0.0.1 only: no proxy from the environment.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// The `n`th valid IIN (a man born 1 Jan 2005: century digit 5; serial `n`), distinct
/// for each `n` below 10,000; `None` when that serial cannot carry a check digit.
pub fn iin(n: u32) -> Option<String> {
    let first11 = format!("0501015{:04}", n % 10_000);
    let digits: Vec<u32> = first11.chars().map(|c| c.to_digit(10).unwrap()).collect();
    functions::iin::check_digit(&digits).map(|c| format!("{first11}{c}"))
}

/// `count` distinct valid IINs.
pub fn iins(count: usize) -> Vec<String> {
    (0..).filter_map(iin).take(count).collect()
}

/// A certificate request (a form without documents) from the applicant with `iin`.
pub fn certificate(iin: &str) -> Value {
    json!({
        "lang": "ru",
        "answers": {
            "full_name": "Тест Студент",
            "citizenship": "iin",
            "iin": iin,
            "phone": "+7 701 234 56 78",
            "email": "student@example.kz",
            "certificate_type": "place_of_requirement",
            "where_needed": "По месту требования"
        }
    })
}
