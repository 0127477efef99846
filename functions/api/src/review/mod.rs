//! The reviewers' pages and API. Every route here requires a reviewer token but the
//! sign-in's own (`sign_in`): a cookie set at sign-in, or a bearer token. Locally the
//! portal signs the token; in production it is Cognito's ID token, verified by API
//! Gateway (from the header, or from the cookie, which CloudFront copies into the
//! header), and the group claim is checked here again.

mod decision;
mod detail;
mod documents;
mod queue;
mod sign_in;

pub use decision::decide;
pub use detail::detail;
pub use documents::document;
pub use queue::queue;
pub use sign_in::{callback, login, logout, start};

use crate::app::{App, ReviewerAuth};
use crate::error::ApiError;
use crate::reply::Reply;
use crate::reviewers::token::{self, AuthError, Claims};
use axum::http::{HeaderMap, header};

/// Who the request comes from, if a reviewer.
pub fn authenticate(app: &App, headers: &HeaderMap) -> Result<Claims, AuthError> {
    let now = chrono::Utc::now().timestamp();
    match &app.reviewers {
        ReviewerAuth::Local(_) => {
            let token = crate::cookies::token_from(headers).ok_or(AuthError::Missing)?;
            token::verify(&app.secret, &token, now)
        }
        // Only the header API Gateway verified (CloudFront puts the cookie there): the
        // cookie itself is never read here, or a forged one sent beside any token the
        // authorizer accepts would be trusted.
        ReviewerAuth::Gateway => {
            let token = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_string())
                .filter(|t| !t.is_empty())
                .ok_or(AuthError::Missing)?;
            token::verified_by_gateway(&token, now)
        }
    }
}

/// The reviewer, or the refusal that asks them to sign in.
pub(crate) fn reviewer(
    app: &App,
    headers: &HeaderMap,
    reply: &Reply,
) -> Result<Claims, crate::reply::Failure> {
    authenticate(app, headers).map_err(|e| reply.fail(ApiError::NotReviewer(e)))
}
