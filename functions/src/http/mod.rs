//! The HTTP API, one axum `Router` for both ways of running: `lambda_http::run` behind
//! API Gateway, `axum::serve` locally (mounted under `/api` by `portal serve`).

// Handlers return `Result<_, Response>` to answer early with a page or a problem; the
// size of `Response` is axum's, not ours to shrink.
#![allow(clippy::result_large_err)]

mod apply;
pub mod problem;
mod review;
mod status;
pub mod throttle;

use crate::auth::Accounts;
use crate::files::FileStore;
use crate::store::{Store, StoreError};
use crate::working_days::Calendar;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use content_model::{Content, Lang};
use generator::build::{BuildOptions, Renderer};
use generator::html::Lx;
use generator::pages::Page;
use std::sync::Arc;

/// How reviewers prove who they are.
#[derive(Debug, Clone)]
pub enum ReviewerAuth {
    /// Accounts from local configuration; the portal signs its own tokens.
    Local(Accounts),
    /// API Gateway has verified the Cognito JWT; the function checks the group claim.
    Gateway,
}

pub struct App {
    pub content: Arc<Content>,
    pub renderer: Renderer,
    pub store: Arc<dyn Store>,
    pub files: Arc<dyn FileStore>,
    /// Signs access codes, reviewer tokens and applicant hashes.
    pub secret: Vec<u8>,
    pub reviewers: ReviewerAuth,
    pub calendar: Calendar,
    /// How long decided applications and their documents are kept.
    pub retention: chrono::Duration,
    pub throttle: throttle::Throttle,
    /// The site's address, for links in messages.
    pub base_url: String,
    /// `Secure` cookies (production, over HTTPS).
    pub secure_cookies: bool,
    /// Production: where reviewers sign in (`GET /api/review/start`).
    pub hosted_ui: Option<crate::hosted_ui::HostedUi>,
}

pub type Shared = Arc<App>;

/// The largest JSON or urlencoded body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

impl App {
    pub fn new(
        content: Content,
        store: Arc<dyn Store>,
        files: Arc<dyn FileStore>,
        secret: Vec<u8>,
        reviewers: ReviewerAuth,
        base_url: String,
    ) -> Result<App, generator::BuildError> {
        let mut opts = BuildOptions::new(&content.root, "unused");
        opts.base_url = Some(base_url.clone());
        let renderer = Renderer::new(&content, &opts)?;
        let calendar = Calendar::new(&content.holidays);
        Ok(App {
            content: Arc::new(content),
            renderer,
            store,
            files,
            secret,
            reviewers,
            calendar,
            retention: chrono::Duration::days(365),
            throttle: throttle::Throttle::default(),
            base_url,
            secure_cookies: false,
            hosted_ui: None,
        })
    }

    pub fn lx(&self, lang: Lang) -> Lx<'_> {
        Lx::new(lang, &self.content)
    }

    pub fn page(&self, page: &Page, error: bool) -> String {
        self.renderer.render(page, error).unwrap_or_else(|e| {
            format!(
                "<!DOCTYPE html><title>Error</title><p>{}</p>",
                generator::html::escape(&e)
            )
        })
    }

    /// The answer when the store cannot be reached: 503 with a retry hint; nothing was
    /// reported as accepted.
    pub fn unavailable(&self, lang: Lang, json: bool, e: &StoreError) -> Response {
        tracing::error!(error = %e, "store unavailable");
        let lx = self.lx(lang);
        let text = lx.t("service_unavailable");
        let res = if json {
            problem::problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service unavailable",
                text,
                None,
            )
        } else {
            let page = generator::forms::message_page(&lx, &text, &[], None);
            problem::html(StatusCode::SERVICE_UNAVAILABLE, self.page(&page, false))
        };
        problem::with_retry_after(res, 30)
    }
}

/// Every route of the API. Paths are written as API Gateway sees them (with `/api`).
pub fn router(app: Shared) -> Router {
    let uploads_limit = 64 * 1024 * 1024;
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .route(
            "/api/forms/{form}/check",
            post(apply::check).layer(DefaultBodyLimit::max(uploads_limit)),
        )
        .route("/api/forms/{form}/drafts/{draft}", get(apply::show_check))
        .route("/api/forms/{form}/drafts/{draft}/edit", get(apply::edit))
        .route("/api/forms/{form}/drafts/{draft}/done", get(apply::done))
        .route("/api/forms/{form}/send", post(apply::send))
        .route("/api/forms/{form}/applications", post(apply::submit_json))
        .route("/api/upload-urls", post(apply::upload_url))
        .route(
            "/api/uploads",
            post(apply::upload).layer(DefaultBodyLimit::max(uploads_limit)),
        )
        .route("/api/applications/{reference}", get(status::status_json))
        .route("/api/status", get(status::status_html))
        .route("/api/review/login", post(review::login))
        .route("/api/review/start", get(review::start))
        .route("/api/review/callback", get(review::callback))
        .route("/api/review/logout", get(review::logout))
        .route("/api/review/applications", get(review::queue))
        .route("/api/review/applications/{reference}", get(review::detail))
        .route(
            "/api/review/applications/{reference}/decision",
            post(review::decide),
        )
        .route(
            "/api/review/applications/{reference}/documents/{document}",
            get(review::document),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // One line per request: method, path and status. Never the query string (it
        // carries access codes) nor bodies (they carry personal data).
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(app)
}

/// The routes, as `(method, path)`, for the OpenAPI and template route checks.
pub const ROUTES: [(&str, &str); 19] = [
    ("GET", "/api/health"),
    ("POST", "/api/forms/{form}/check"),
    ("GET", "/api/forms/{form}/drafts/{draft}"),
    ("GET", "/api/forms/{form}/drafts/{draft}/edit"),
    ("GET", "/api/forms/{form}/drafts/{draft}/done"),
    ("POST", "/api/forms/{form}/send"),
    ("POST", "/api/forms/{form}/applications"),
    ("POST", "/api/uploads"),
    ("POST", "/api/upload-urls"),
    ("GET", "/api/applications/{reference}"),
    ("GET", "/api/status"),
    ("POST", "/api/review/login"),
    ("GET", "/api/review/start"),
    ("GET", "/api/review/callback"),
    ("GET", "/api/review/logout"),
    ("GET", "/api/review/applications"),
    ("GET", "/api/review/applications/{reference}"),
    ("POST", "/api/review/applications/{reference}/decision"),
    (
        "GET",
        "/api/review/applications/{reference}/documents/{document}",
    ),
];

/// `PORTAL_RETENTION_DAYS`: how long decided applications and their documents are kept
/// (the same variable locally and on AWS, where the template also sets the bucket's
/// lifecycle rule from it).
pub fn retention_from_env() -> Option<chrono::Duration> {
    let days = std::env::var("PORTAL_RETENTION_DAYS")
        .ok()?
        .parse::<i64>()
        .ok()?;
    (days > 0).then(|| chrono::Duration::days(days))
}

pub fn lang_param(q: Option<&str>) -> Lang {
    q.and_then(Lang::from_code).unwrap_or(Lang::Kk)
}
