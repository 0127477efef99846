//! Answering a request: a page for a browser, problem+json (RFC 9457) for an API client,
//! and every refusal ([`ApiError`]) as either, decided in one place ([`Reply::error`]).

use crate::error::ApiError;
use crate::reviewers::token::AuthError;
use crate::site::Site;
use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use content_model::Lang;
use serde_json::{Value, json};
use std::sync::Arc;
use views::{Page, Words, pages, urls};

/// How long a client is asked to wait when the store cannot be reached.
const RETRY_AFTER_UNAVAILABLE: u64 = 30;

/// A header's value as text ("" when absent or not text).
pub fn header_text(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Whether the client asked for JSON (an API client) rather than a page.
pub fn wants_json(headers: &HeaderMap) -> bool {
    let accept = header_text(headers, header::ACCEPT);
    accept.contains("application/json")
        || accept.contains("application/problem+json")
        || header_text(headers, header::CONTENT_TYPE).starts_with("application/json")
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
        let reply = self;
        let words = reply.words();
        let message = |status: StatusCode, title: String, text: Vec<String>, back| {
            let page = pages::message_page(&words, &title, &text, back);
            reply.page(status, &page, false)
        };
        match e {
            ApiError::UnknownForm(slug) if reply.json => problem(
                StatusCode::NOT_FOUND,
                "Unknown form",
                format!("there is no form `{slug}`"),
                None,
            ),
            ApiError::UnknownForm(_) => message(
                StatusCode::NOT_FOUND,
                words.t("not_found_title"),
                vec![words.t("not_found_text")],
                None,
            ),
            ApiError::DraftNotFound { .. } if reply.json => {
                problem(StatusCode::NOT_FOUND, "Not found", "no such draft", None)
            }
            ApiError::DraftNotFound { form } => {
                let href = urls::form(reply.lang, &form);
                let label = words.t("continue");
                message(
                    StatusCode::NOT_FOUND,
                    words.t("not_found_title"),
                    vec![words.t("not_found_text")],
                    Some((&href, &label)),
                )
            }
            ApiError::OpenApplication if reply.json => problem(
                StatusCode::CONFLICT,
                "An application is already under review",
                "the applicant has an application to this form under review; its reference \
                 was sent again to the contacts given in it; a new one can be sent once it is decided",
                None,
            ),
            ApiError::OpenApplication => {
                let href = urls::status(reply.lang);
                let label = words.t("done_status_link");
                message(
                    StatusCode::CONFLICT,
                    words.t("open_exists_title"),
                    vec![words.t("open_exists_text")],
                    Some((&href, &label)),
                )
            }
            ApiError::Unavailable(cause) => {
                tracing::error!(error = %cause, "store unavailable");
                let text = words.t("service_unavailable");
                let res = if reply.json {
                    problem(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        text,
                        None,
                    )
                } else {
                    message(StatusCode::SERVICE_UNAVAILABLE, text, Vec::new(), None)
                };
                with_retry_after(res, RETRY_AFTER_UNAVAILABLE)
            }
            ApiError::NotReviewer(e) => {
                tracing::warn!(reason = %e, "reviewer route refused");
                let status = if e == AuthError::NotReviewer {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::UNAUTHORIZED
                };
                if reply.json {
                    let mut res =
                        problem(status, "Not signed in as a reviewer", e.to_string(), None);
                    res.headers_mut()
                        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                    return res;
                }
                let page = pages::review_login_page(&words, false, reply.hosted);
                html(status, reply.site.render(&page, false))
            }
            ApiError::TooManyAttempts(seconds) => with_retry_after(
                problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many attempts",
                    format!("wait {seconds} seconds before trying again"),
                    None,
                ),
                seconds,
            ),
            ApiError::TooManyRequests(seconds) if reply.json => with_retry_after(
                problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many requests",
                    format!(
                        "many applications, drafts or files came from this network in a short \
                         time; wait {seconds} seconds before sending more"
                    ),
                    None,
                ),
                seconds,
            ),
            ApiError::TooManyRequests(seconds) => {
                let minutes = words.plural("minutes", seconds.div_ceil(60));
                let text =
                    content_model::placeholders::fill(&words.t("busy_text"), &[("time", &minutes)]);
                with_retry_after(
                    message(
                        StatusCode::TOO_MANY_REQUESTS,
                        words.t("busy_title"),
                        vec![text],
                        None,
                    ),
                    seconds,
                )
            }
            ApiError::Refused {
                status,
                title,
                detail,
                extra,
            } => problem(status, title, detail, extra.as_ref()),
        }
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
