//! The API in a test, written as the story it tells (the `test-support` feature):
//!
//! ```ignore
//! let api = TestApi::embedded().with_form("certificate");
//! let created = api.submit(certificate(&iin(1).unwrap())).await.expect_status(201);
//! let reference = created.json()["reference"].as_str().unwrap().to_string();
//! api.get(&format!("/api/review/applications/{reference}"))
//!     .as_reviewer("ana")
//!     .json()
//!     .send()
//!     .await
//!     .expect_status(200);
//! ```
//!
//! The real `content/`, the embedded store in a temporary folder, documents in a folder
//! beside it and local reviewers (`ana`, `bota`, and `lena`, a lead) — unless the builder
//! says otherwise.
//! Requests go through the router in-process; [`TestApi::serve`] puts it on a real
//! 127.0.0.1 port behind the local listener.

use crate::app::{App, ReviewerAuth};
use crate::listener::{self, Limits};
use crate::reviewers::accounts::Accounts;
use crate::reviewers::hosted_ui::HostedUi;
use crate::reviewers::token::{self, Claims};
use crate::router;
use crate::site::Site;
use applications::files::{FileStore, LocalFiles};
use applications::secret::Secret;
use applications::store::Store;
use applications::store::embedded::EmbeddedStore;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;
use views::RenderOptions;

/// The secret of a test API unless the builder names another.
pub const SECRET: &[u8] = b"test-api-secret";

/// The project's real `content/` folder.
pub fn real_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// How to make a [`TestApi`].
pub struct Builder {
    content: PathBuf,
    store: Option<Arc<dyn Store>>,
    files: Option<Arc<dyn FileStore>>,
    reviewers: ReviewerAuth,
    secret: Vec<u8>,
    base_url: String,
    hosted_ui: Option<HostedUi>,
    secure_cookies: bool,
    rate_limited: bool,
    origin_key: Option<String>,
}

impl Builder {
    /// Another content folder.
    pub fn content(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.content = dir.into();
        self
    }

    pub fn store(mut self, store: Arc<dyn Store>) -> Builder {
        self.store = Some(store);
        self
    }

    pub fn files(mut self, files: Arc<dyn FileStore>) -> Builder {
        self.files = Some(files);
        self
    }

    pub fn reviewers(mut self, reviewers: ReviewerAuth) -> Builder {
        self.reviewers = reviewers;
        self
    }

    pub fn secret(mut self, secret: &[u8]) -> Builder {
        self.secret = secret.to_vec();
        self
    }

    pub fn base_url(mut self, url: &str) -> Builder {
        self.base_url = url.to_string();
        self
    }

    /// Production's sign-in (with `Secure` cookies, as production sets them).
    pub fn hosted_ui(mut self, ui: Option<HostedUi>) -> Builder {
        self.hosted_ui = ui;
        self.secure_cookies = true;
        self
    }

    pub fn secure_cookies(mut self, on: bool) -> Builder {
        self.secure_cookies = on;
        self
    }

    /// No per-client rate limits: for tests that are many clients on one address (the
    /// concurrency storms), as `portal serve --no-rate-limits` is for load tests.
    /// As behind CloudFront: requests must carry `X-Origin-Verify: key`.
    pub fn origin_key(mut self, key: &str) -> Builder {
        self.origin_key = Some(key.to_string());
        self
    }

    pub fn without_rate_limits(mut self) -> Builder {
        self.rate_limited = false;
        self
    }

    #[track_caller]
    pub fn build(self) -> TestApi {
        let dir = tempfile::Builder::new()
            .prefix("portal-api-")
            .tempdir()
            .expect("a temporary folder");
        let content = content_model::load(&self.content)
            .unwrap_or_else(|d| panic!("{} does not load:\n{d}", self.content.display()))
            .content;
        let site = Site::new(
            content,
            &RenderOptions {
                base_url: Some(self.base_url.clone()),
                ..RenderOptions::default()
            },
        )
        .expect("the built-in templates compile");
        let store = self.store.unwrap_or_else(|| {
            Arc::new(EmbeddedStore::open(&dir.path().join("s.redb")).expect("a store"))
        });
        let files = self.files.unwrap_or_else(|| {
            Arc::new(LocalFiles::new(dir.path().join("uploads")).expect("an uploads folder"))
        });
        let mut app = App::new(
            site,
            store,
            files,
            Secret::new(self.secret.clone()),
            self.reviewers,
            self.base_url,
        );
        app.hosted_ui = self.hosted_ui;
        app.secure_cookies = self.secure_cookies;
        if !self.rate_limited {
            app.rate_limits = None;
        }
        app.origin_key = self.origin_key;
        let app = Arc::new(app);
        TestApi {
            router: router(app.clone()),
            app,
            secret: self.secret,
            form: None,
            dir,
        }
    }
}

/// The API, ready for requests.
pub struct TestApi {
    pub app: Arc<App>,
    router: Router,
    secret: Vec<u8>,
    form: Option<String>,
    dir: TempDir,
}

impl TestApi {
    /// The real content on the embedded store, with local reviewers `ana`, `bota` and
    /// `lena` (a lead).
    #[track_caller]
    pub fn embedded() -> TestApi {
        TestApi::builder().build()
    }

    pub fn builder() -> Builder {
        Builder {
            content: real_content(),
            store: None,
            files: None,
            reviewers: ReviewerAuth::Local(
                Accounts::parse("ana:pw1,bota:pw2,lena:pw3")
                    .with_roles("ana: forms-all\nbota: forms-all\nlena: leads"),
            ),
            secret: SECRET.to_vec(),
            base_url: "http://127.0.0.1".into(),
            hosted_ui: None,
            secure_cookies: false,
            rate_limited: true,
            origin_key: None,
        }
    }

    /// The form [`TestApi::submit`] sends to.
    pub fn with_form(mut self, slug: &str) -> TestApi {
        self.form = Some(slug.to_string());
        self
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.app.store
    }

    pub fn router(&self) -> Router {
        self.router.clone()
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// The temporary folder of this API (its store, its uploads).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Where uploaded files are kept (with the default file store).
    pub fn uploads(&self) -> PathBuf {
        self.dir.path().join("uploads")
    }

    /// A reviewer's token, as signing in gives one: of every form (`forms-all`), or for
    /// `lena`, a lead's.
    pub fn reviewer_token(&self, name: &str) -> String {
        let groups: &[&str] = if name == "lena" {
            &[token::GROUP, token::LEADS]
        } else {
            &[token::GROUP, token::ALL_FORMS]
        };
        token(
            &self.secret,
            name,
            groups,
            chrono::Utc::now().timestamp() + 3600,
        )
    }

    /// The cookie of the browser that made draft `id` (`name=value`).
    pub fn draft_cookie(&self, id: &str) -> String {
        format!(
            "{}={}",
            crate::apply::DRAFT_COOKIE,
            crate::apply::draft_proof(&self.app, id)
        )
    }

    /// `POST /api/forms/{form}/applications` with a JSON application.
    #[track_caller]
    pub fn submit(&self, application: Value) -> Call<'_> {
        let form = self
            .form
            .as_deref()
            .expect("TestApi::with_form names the form to submit to");
        self.post(&views::urls::applications(form))
            .json_body(application)
    }

    pub fn get(&self, uri: &str) -> Call<'_> {
        self.request(Method::GET, uri)
    }

    pub fn post(&self, uri: &str) -> Call<'_> {
        self.request(Method::POST, uri)
    }

    pub fn request(&self, method: Method, uri: &str) -> Call<'_> {
        Call {
            api: self,
            request: Request::builder().method(method).uri(uri),
            body: Body::empty(),
        }
    }

    /// The same API on a real 127.0.0.1 port, served by the local listener.
    pub async fn serve(self) -> Served {
        self.serve_with(Limits::default()).await
    }

    /// With the listener's time limits chosen (short ones for the slow-client tests).
    pub async fn serve_with(self, limits: Limits) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(listener::run(listener, self.router(), limits, async {
            let _ = stopped.await;
        }));
        Served {
            base,
            api: self,
            stop: Some(stop),
        }
    }
}

/// A token signed with `secret`, for `groups`, expiring at `exp` (epoch seconds).
pub fn token_with(secret: &[u8], groups: &[&str], exp: i64) -> String {
    token(secret, "someone", groups, exp)
}

fn token(secret: &[u8], sub: &str, groups: &[&str], exp: i64) -> String {
    token::issue(
        &Secret::new(secret.to_vec()),
        &Claims {
            sub: sub.into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            exp,
        },
    )
}

/// One request being made.
pub struct Call<'a> {
    api: &'a TestApi,
    request: axum::http::request::Builder,
    body: Body,
}

impl Call<'_> {
    /// As if from the client at `ip` (the local listener and the Lambda wiring put the
    /// client's address there; without it, every call is one unknown client).
    pub fn from(mut self, ip: &str) -> Self {
        let ip: std::net::IpAddr = ip.parse().expect("an IP address");
        self.request = self
            .request
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::new(ip, 0)));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    /// Ask for JSON (`Accept: application/json`), as an API client does.
    pub fn json(self) -> Self {
        self.header("accept", "application/json")
    }

    /// A JSON body.
    pub fn json_body(mut self, body: Value) -> Self {
        self.request = self
            .request
            .header(header::CONTENT_TYPE, "application/json");
        self.body = Body::from(body.to_string());
        self
    }

    /// A form-encoded body, as a browser posts a form without files.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        self.request = self
            .request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.body = Body::from(serde_urlencoded::to_string(pairs).unwrap_or_default());
        self
    }

    /// A raw body with its content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Body>) -> Self {
        self.request = self.request.header(header::CONTENT_TYPE, content_type);
        self.body = body.into();
        self
    }

    /// Signed in as the reviewer `name` (a bearer token).
    pub fn as_reviewer(self, name: &str) -> Self {
        let token = self.api.reviewer_token(name);
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub async fn send(self) -> Answer {
        let request = self.request.body(self.body).expect("a valid request");
        let res = self
            .api
            .router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {});
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        Answer {
            status,
            headers,
            body,
        }
    }
}

/// What the API answered.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The answer must have this status; otherwise the test fails showing the body.
    #[track_caller]
    pub fn expect_status(self, status: u16) -> Answer {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status}, got {}: {}",
            self.status,
            self.text()
        );
        self
    }

    /// The body as JSON (`null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
}

/// A [`TestApi`] on a real port, stopped when dropped.
pub struct Served {
    pub base: String,
    pub api: TestApi,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        self.api.store()
    }

    pub fn reviewer_token(&self, name: &str) -> String {
        self.api.reviewer_token(name)
    }

    pub fn secret(&self) -> &[u8] {
        self.api.secret()
    }

    pub fn uploads(&self) -> PathBuf {
        self.api.uploads()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The `n`th valid IIN (a man born 1 Jan 2005: century digit 5; serial `n`), distinct
/// for each `n` below 10,000; `None` when that serial cannot carry a check digit.
pub fn iin(n: u32) -> Option<String> {
    let first11 = format!("0501015{:04}", n % 10_000);
    let digits: Vec<u32> = first11.chars().filter_map(|c| c.to_digit(10)).collect();
    applications::iin::check_digit(&digits).map(|c| format!("{first11}{c}"))
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
