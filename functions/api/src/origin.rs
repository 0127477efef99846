//! Only through the site: in production CloudFront adds a secret header to every
//! request it sends to the API (`infra/template.yaml`, the `api` origin), and the API
//! refuses a request without it. So the API's own endpoint
//! (`….execute-api.….amazonaws.com`) cannot be used to go around the web ACL's rate
//! rules on the distribution; whoever calls it directly gets a 403 before anything is
//! read or written. Locally there is no such header and no check.

use crate::app::Shared;
use crate::reply::problem;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

/// The header CloudFront adds.
pub const HEADER: &str = "x-origin-verify";

/// The layer of every route when the app has an origin key.
pub(crate) async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let Some(key) = &app.origin_key else {
        return next.run(req).await;
    };
    let sent = req
        .headers()
        .get(HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    // Constant time: how much of the key a guess got right must not show in the timing.
    if bool::from(sent.ct_eq(key.as_bytes())) {
        next.run(req).await
    } else {
        tracing::warn!("a request that did not come through the site was refused");
        problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "this API is reached through the site's own address only",
            None,
        )
    }
}
