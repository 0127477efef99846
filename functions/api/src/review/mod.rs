//! The reviewers' pages and API. Every route here requires a reviewer token but the
//! sign-in's own (`sign_in`): a cookie set at sign-in, or a bearer token. Locally the
//! portal signs the token; in production it is Cognito's ID token, verified by API
//! Gateway (from the header, or from the cookie, which CloudFront copies into the
//! header), and the group claim is checked here again.

mod assignment;
mod decision;
mod detail;
mod documents;
mod notes;
mod queue;
mod reports;
mod sign_in;

pub use assignment::assignment;
pub use decision::decide;
pub use detail::detail;
pub use documents::document;
pub use notes::note;
pub use queue::queue;
pub use reports::reports;
pub use sign_in::{callback, login, logout, start};

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
