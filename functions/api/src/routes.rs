//! Every route of the API, in one table: its method and path (from the URL table), who
//! may call it, which Lambda serves it in production, and its handler. The router is
//! built from the table; the tests compare the same table with the OpenAPI description
//! and the SAM template's events.

use crate::app::Shared;
use crate::rate_limit::Spend;
use crate::{apply, origin, review, spending, status};
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::routing::{MethodRouter, get, post};
use axum::{Router, middleware};
use views::urls::api;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: applicants, the status lookup, the reviewers' sign-in.
    Public,
    /// A signed-in reviewer.
    Reviewer,
}

/// The Lambda function that serves a route behind API Gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lambda {
    Submit,
    Status,
    Review,
    /// Served by the local server only (its own accounts); API Gateway has no such route.
    LocalOnly,
}

impl Lambda {
    /// The function's logical id in `infra/template.yaml`.
    pub fn template_id(self) -> Option<&'static str> {
        match self {
            Lambda::Submit => Some("SubmitFunction"),
            Lambda::Status => Some("StatusFunction"),
            Lambda::Review => Some("ReviewFunction"),
            Lambda::LocalOnly => None,
        }
    }
}

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    pub lambda: Lambda,
    /// What a call makes the service spend, limited per client ([`crate::rate_limit`]).
    pub spends: Option<Spend>,
    pub handler: MethodRouter<Shared>,
}

impl Route {
    fn spending(self, spend: Spend) -> Route {
        Route {
            spends: Some(spend),
            ..self
        }
    }
}

/// The largest JSON or urlencoded body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;
/// The largest body with files (the HTML form, an upload).
pub const UPLOADS_LIMIT: usize = 64 * 1024 * 1024;

fn route(
    method: &'static str,
    path: &'static str,
    access: Access,
    lambda: Lambda,
    handler: MethodRouter<Shared>,
) -> Route {
    Route {
        method,
        path,
        access,
        lambda,
        spends: None,
        handler,
    }
}

/// Every route, as API Gateway sees them (with `/api`).
pub fn table() -> Vec<Route> {
    use Access::{Public, Reviewer};
    use Lambda::{LocalOnly, Review, Status, Submit};
    let files = || DefaultBodyLimit::max(UPLOADS_LIMIT);
    vec![
        route("GET", api::HEALTH, Public, Submit, get(health)),
        route(
            "POST",
            api::FORM_CHECK,
            Public,
            Submit,
            post(apply::check).layer(files()),
        )
        .spending(Spend::Draft),
        route("GET", api::DRAFT, Public, Submit, get(apply::show_check)),
        route("GET", api::DRAFT_EDIT, Public, Submit, get(apply::edit)),
        route("GET", api::DRAFT_DONE, Public, Submit, get(apply::done)),
        route("POST", api::FORM_SEND, Public, Submit, post(apply::send))
            .spending(Spend::Application),
        route(
            "POST",
            api::APPLICATIONS,
            Public,
            Submit,
            post(apply::submit_json),
        )
        .spending(Spend::Application),
        route(
            "POST",
            api::UPLOADS,
            Public,
            Submit,
            post(apply::upload).layer(files()),
        )
        .spending(Spend::Draft),
        route(
            "POST",
            api::UPLOAD_URLS,
            Public,
            Submit,
            post(apply::upload_url),
        )
        .spending(Spend::Draft),
        route(
            "GET",
            api::APPLICATION,
            Public,
            Status,
            get(status::status_json),
        ),
        route(
            "POST",
            api::STATUS,
            Public,
            Status,
            post(status::status_html),
        ),
        route(
            "POST",
            api::ANSWER,
            Public,
            Submit,
            post(status::answer::answer).layer(files()),
        )
        .spending(Spend::Draft),
        route(
            "POST",
            api::WITHDRAW,
            Public,
            Submit,
            post(status::withdrawal::withdraw),
        ),
        route(
            "POST",
            api::REVIEW_LOGIN,
            Public,
            LocalOnly,
            post(review::login),
        ),
        route("GET", api::REVIEW_START, Public, Review, get(review::start)),
        route(
            "GET",
            api::REVIEW_CALLBACK,
            Public,
            Review,
            get(review::callback),
        ),
        route(
            "GET",
            api::REVIEW_LOGOUT,
            Public,
            Review,
            get(review::logout),
        ),
        route(
            "GET",
            api::REVIEW_QUEUE,
            Reviewer,
            Review,
            get(review::queue),
        ),
        route(
            "GET",
            api::REVIEW_REPORTS,
            Reviewer,
            Review,
            get(review::reports),
        ),
        route(
            "GET",
            api::REVIEW_EXPORT,
            Reviewer,
            Review,
            get(review::export),
        ),
        route(
            "GET",
            api::REVIEW_APPLICATION,
            Reviewer,
            Review,
            get(review::detail),
        ),
        route(
            "POST",
            api::REVIEW_DECISION,
            Reviewer,
            Review,
            post(review::decide),
        ),
        route(
            "POST",
            api::REVIEW_NOTES,
            Reviewer,
            Review,
            post(review::note),
        ),
        route(
            "POST",
            api::REVIEW_ASSIGNMENT,
            Reviewer,
            Review,
            post(review::assignment),
        ),
        route(
            "GET",
            api::REVIEW_TRAIL,
            Reviewer,
            Review,
            get(review::trail),
        ),
        route(
            "GET",
            api::REVIEW_DOCUMENT,
            Reviewer,
            Review,
            get(review::document),
        ),
    ]
}

async fn health() -> &'static str {
    "ok"
}

/// The router of every route in the table, for both ways of running: `lambda_http::run`
/// behind API Gateway, the local listener otherwise (mounted under `/api` by `portal
/// serve`).
pub fn router(app: Shared) -> Router {
    table()
        .into_iter()
        .fold(Router::new(), |r, route| {
            let handler = match route.spends {
                // A route layer: refused before the body is read.
                Some(spend) => route.handler.route_layer(middleware::from_fn_with_state(
                    (app.clone(), spend),
                    spending::guard,
                )),
                None => route.handler,
            };
            r.route(route.path, handler)
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(crate::latin_edition::edition))
        // Outside the routes' layers: a request that went around the site is refused
        // before it is counted or read.
        .layer(middleware::from_fn_with_state(app.clone(), origin::guard))
        // One line per request: method, route and status. The route, not the path: a
        // path holds draft ids and references. Never the query string (it carries
        // access codes) nor bodies (they carry personal data).
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(no route)", MatchedPath::as_str);
                    tracing::info_span!("request", method = %req.method(), route = %route)
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .with_state(app)
}
