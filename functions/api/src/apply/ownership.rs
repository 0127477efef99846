//! A draft belongs to the browser that made it. Its id travels in links (check your
//! answers, change, the confirmation), which end up in browser histories and shared
//! screens; the draft's answers and, once sent, its access code are shown only to a
//! browser that also holds the cookie made with it: an HMAC of the id, on the form's
//! path, `HttpOnly`, for the draft's lifetime. Works without JavaScript.

use crate::app::App;
use crate::cookies;
use applications::secret::same;
use applications::store::draft_lifetime;
use axum::http::HeaderMap;
use axum::response::Response;
use content_model::placeholders::fill;
use views::urls;

pub const COOKIE: &str = "portal_draft";

/// What the cookie of draft `id` holds.
pub fn proof(app: &App, id: &str) -> String {
    app.secret.mac_hex(&[b"draft:", id.as_bytes()])
}

/// Whether this request comes from the browser that made draft `id`.
pub fn holds(app: &App, headers: &HeaderMap, id: &str) -> bool {
    cookies::get(headers, COOKIE).is_some_and(|v| same(v.as_bytes(), proof(app, id).as_bytes()))
}

/// Give the browser draft `id` of form `slug`.
pub fn give(res: &mut Response, app: &App, slug: &str, id: &str) {
    let secure = if app.secure_cookies { "; Secure" } else { "" };
    cookies::set(
        res,
        &format!(
            "{COOKIE}={}; Path={}; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            proof(app, id),
            fill(urls::api::FORM, &[("form", slug)]),
            draft_lifetime().num_seconds()
        ),
    );
}
