//! The reviewers' pages and API. Every route here requires a reviewer token but the
//! sign-in's own (`sign_in`): a cookie set at sign-in, or a bearer token. Locally the
//! portal signs the token; in production it is Cognito's ID token, verified by API
//! Gateway (from the header, or from the cookie, which CloudFront copies into the
//! header), and the group claim is checked here again.

mod assignment;
mod audit;
mod decision;
mod detail;
mod documents;
mod export;
mod notes;
mod queue;
mod reports;
mod sign_in;
mod trail;

pub use assignment::assignment;
pub use decision::decide;
pub use detail::detail;
pub use documents::document;
pub use export::export;
pub use notes::note;
pub use queue::queue;
pub use reports::reports;
pub use sign_in::{callback, login, logout, start};
pub use trail::trail;

use crate::app::{App, ReviewerAuth};
use crate::error::ApiError;
use crate::reply::{Failure, Reply};
use crate::reviewers::cookies::ReviewerCookies;
use crate::reviewers::token::{self, AuthError, Claims, GatewayClaims};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};

/// Who the request comes from, if a reviewer.
pub fn authenticate(app: &App, parts: &Parts) -> Result<Claims, AuthError> {
    let now = chrono::Utc::now().timestamp();
    match &app.reviewers {
        ReviewerAuth::Local(_) => {
            let name = ReviewerCookies {
                secure: app.secure_cookies,
            }
            .token_name();
            let token =
                crate::cookies::token_from(&parts.headers, name).ok_or(AuthError::Missing)?;
            token::verify(&app.secret, &token, now)
        }
        // Only what API Gateway's authorizer verified and handed over in the request's
        // context: neither the Authorization header nor the cookie is read here, so a
        // route without the authorizer cannot be entered with a forged token.
        ReviewerAuth::Gateway => parts
            .extensions
            .get::<GatewayClaims>()
            .ok_or(AuthError::Missing)?
            .reviewer(now),
    }
}

/// The reviewer, or the refusal that asks them to sign in.
pub(crate) fn reviewer(app: &App, parts: &Parts, reply: &Reply) -> Result<Claims, Failure> {
    authenticate(app, parts).map_err(|e| reply.fail(ApiError::NotReviewer(e)))
}

/// The slugs of the forms `claims` may see, in the content's order.
pub(crate) fn visible_forms<'a>(reply: &'a Reply, claims: &Claims) -> Vec<&'a str> {
    reply
        .site
        .content
        .forms
        .iter()
        .map(|f| f.slug.as_str())
        .filter(|f| claims.may_see(f))
        .collect()
}

/// A reviewer's change: the reply (in `lang`, until the body names one), who sends it,
/// from a page of this site, and its body, JSON or a form's. The body is read first but
/// a malformed one is told only to a signed-in reviewer.
pub(crate) fn change_body<T: serde::de::DeserializeOwned>(
    app: &App,
    parts: &Parts,
    body: &[u8],
    lang: content_model::Lang,
) -> Result<(Reply, Claims, T), Failure> {
    let json_body = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    let parsed: Result<T, String> = if json_body {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    } else {
        serde_urlencoded::from_bytes(body).map_err(|e| e.to_string())
    };
    let reply = app.reply(lang, crate::reply::wants_json(&parts.headers));
    let claims = reviewer(app, parts, &reply)?;
    same_origin(app, &parts.headers, &reply)?;
    let parsed = parsed.map_err(|e| reply.fail(ApiError::malformed("Malformed body", e)))?;
    Ok((reply, claims, parsed))
}

/// A request that changes something, made by a browser, must come from a page of this
/// site: a form on another site posts with the reviewer's cookie too. Browsers say where
/// a request comes from (`Sec-Fetch-Site`, else `Origin`); a client that says neither is
/// no browser, and carries its token itself.
pub(crate) fn same_origin(app: &App, headers: &HeaderMap, reply: &Reply) -> Result<(), Failure> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ours = match (header("sec-fetch-site"), header("origin")) {
        (Some(site), _) => site == "same-origin",
        (None, Some(origin)) => origin_of(origin) == origin_of(&app.base_url),
        (None, None) => true,
    };
    if ours {
        Ok(())
    } else {
        tracing::warn!("a reviewer's request from another site was refused");
        Err(reply.fail(ApiError::refused(
            StatusCode::FORBIDDEN,
            "Cross-site request",
            "a reviewer's change must be made from the portal's own pages",
        )))
    }
}

/// `scheme://host[:port]` of a URL, lower-cased.
fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => url,
    }
}
