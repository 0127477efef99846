//! The built site's files, as `portal serve` serves them (CloudFront and S3 in
//! production): a missing page gets the 404 page of its language (or of the Kazakh
//! Latin-script edition).

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Serve a file of the built site in `out`.
pub async fn static_file(out: PathBuf, req: Request<Body>) -> Response {
    let path = req.uri().path().to_string();
    let res = ServeDir::new(&out)
        .oneshot(req)
        .await
        .map(IntoResponse::into_response)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    if res.status() != StatusCode::NOT_FOUND {
        let mut res = res;
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return res;
    }
    let edition = views::edition::all()
        .into_iter()
        .find(|e| path.starts_with(&format!("/{}/", e.code)));
    let page = match edition {
        Some(e) => out.join(e.code).join("404.html"),
        None => out.join("404.html"),
    };
    let body = tokio::fs::read(&page).await.unwrap_or_default();
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
