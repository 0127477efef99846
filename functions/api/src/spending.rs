//! The layer of every route that spends (`routes::Route::spends`): a client past its
//! share ([`crate::rate_limit`]) is answered 429 — a page for a browser's form,
//! problem+json otherwise — with `Retry-After`, before its body is read.

use crate::app::Shared;
use crate::client::{LangQuery, client_ip};
use crate::error::ApiError;
use crate::rate_limit::Spend;
use crate::reply::{header_text, wants_json};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use content_model::Lang;

pub(crate) async fn guard(
    State((app, spend)): State<(Shared, Spend)>,
    req: Request,
    next: Next,
) -> Response {
    let Some(limits) = &app.rate_limits else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    if let Err(wait) = limits.check(spend, client_ip(&parts)) {
        // The route, never the address: the log keeps no personal data.
        tracing::warn!(?spend, "over the rate limit");
        let lang = Query::<LangQuery>::try_from_uri(&parts.uri)
            .map_or(Lang::or_default(None), |q| q.lang());
        let json = wants_json(&parts.headers) || !from_a_form(&parts.headers);
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        return app
            .reply(lang, json)
            .error(ApiError::TooManyRequests(seconds));
    }
    next.run(Request::from_parts(parts, body)).await
}

/// A browser's HTML form sends one of these two; API clients send JSON or a file.
fn from_a_form(headers: &HeaderMap) -> bool {
    let content_type = header_text(headers, header::CONTENT_TYPE);
    content_type.starts_with("multipart/form-data")
        || content_type.starts_with("application/x-www-form-urlencoded")
}
