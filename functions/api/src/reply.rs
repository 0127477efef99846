//! Answering a request: a page for a browser, problem+json (RFC 9457) for an API client,
//! and a refusal as either, decided in one place ([`Reply::error`]).

use crate::app::Site;
use crate::error::ApiError;
use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use content_model::Lang;
use serde_json::{Value, json};
use std::sync::Arc;
use views::{Page, Words};

/// Whether the client asked for JSON (an API client) rather than a page.
pub fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json")
        || accept.contains("application/problem+json")
        || content_type.starts_with("application/json")
}

/// How to answer one request: the content it is answered from, in which language, and
/// whether as JSON or as a page.
#[derive(Clone)]
pub struct Reply {
    pub site: Arc<Site>,
    pub lang: Lang,
    pub json: bool,
    /// Reviewers sign in through the hosted UI (the sign-in page says so).
    pub hosted: bool,
}

/// A refused request, with how to answer it.
pub struct Failure {
    reply: Reply,
    error: ApiError,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        self.reply.error(self.error)
    }
}

/// What a handler returns: its answer, or a refusal answered by [`Reply::error`].
pub type Answer = Result<Response, Failure>;

impl Reply {
    /// The same, in another language (one the request's body named).
    pub fn in_lang(&self, lang: Lang) -> Reply {
        Reply {
            lang,
            ..self.clone()
        }
    }

    pub fn words(&self) -> Words<'_> {
        self.site.words(self.lang)
    }

    /// A refusal, to return with `?` or `Err`.
    pub fn fail(&self, error: impl Into<ApiError>) -> Failure {
        Failure {
            reply: self.clone(),
            error: error.into(),
        }
    }

    /// A page, with `status`; `error` starts its title with "Error:" in its language.
    pub fn page(&self, status: StatusCode, page: &Page, error: bool) -> Response {
        html(status, self.site.render(page, error))
    }

    /// The answer to a refusal: a page where browsers have one, problem+json otherwise.
    pub fn error(&self, e: ApiError) -> Response {
        e.respond(self)
    }
}

/// Turn any refusal into a [`Failure`] with the request's [`Reply`].
pub trait OrFail<T> {
    fn or_fail(self, reply: &Reply) -> Result<T, Failure>;
}

impl<T, E: Into<ApiError>> OrFail<T> for Result<T, E> {
    fn or_fail(self, reply: &Reply) -> Result<T, Failure> {
        self.map_err(|e| reply.fail(e))
    }
}

/// A problem+json body (RFC 9457), with `extra` members beside the standard ones.
pub fn problem(
    status: StatusCode,
    title: &str,
    detail: impl Into<String>,
    extra: Option<&Value>,
) -> Response {
    let mut body = json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail.into(),
    });
    if let (Some(extra), Some(obj)) = (extra, body.as_object_mut())
        && let Some(e) = extra.as_object()
    {
        for (k, v) in e {
            obj.insert(k.clone(), v.clone());
        }
    }
    let mut res = (status, Json(body)).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
}

/// A page nobody may cache (it can hold someone's answers).
pub fn html(status: StatusCode, page: String) -> Response {
    let mut res = (status, page).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

pub fn with_retry_after(mut res: Response, seconds: u64) -> Response {
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    res
}
