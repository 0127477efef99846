//! The Kazakh Latin-script edition's pages from the API: a request with
//! `?lang=kk-latn` (every API link and form of a `/kk-latn/` page carries it, see
//! `views::latin_edition`) is answered in Kazakh, and its pages are written in the Latin
//! alphabet by [`crate::site::Site::render`], its redirects kept in the edition.
//!
//! The edition is one flag for the whole request, set here around the handler (a task
//! local), so that no handler needs to pass it on: every page goes through one render.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static LATIN: bool;
}

/// Whether the request being answered asked for the Latin edition.
pub fn asked() -> bool {
    LATIN.try_with(|l| *l).unwrap_or(false)
}

/// The layer of every route.
pub(crate) async fn edition(req: Request, next: Next) -> Response {
    // Read as the handlers read it (decoded), so that both agree on the language.
    let latin = req.uri().query().is_some_and(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k == "lang" && views::latin_edition::is_code(v))
    });
    if !latin {
        return next.run(req).await;
    }
    let mut res = LATIN.scope(true, next.run(req)).await;
    // A redirect (to check your answers, to the confirmation) stays in the edition.
    let moved = res
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(views::latin_edition::moved_url)
        .and_then(|l| HeaderValue::from_str(&l).ok());
    if let Some(location) = moved {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}
