//! Every refusal the API gives, and how each is answered: the page a browser sees (where
//! there is one) or the problem+json an API client reads — decided here, once.

use crate::reply::{Reply, html, problem, with_retry_after};
use crate::review::token::AuthError;
use applications::files::FileError;
use applications::store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use content_model::placeholders::fill;
use serde_json::{Value, json};
use views::{pages, urls};

/// Why a request is refused, or cannot be answered now.
#[derive(Debug)]
pub enum ApiError {
    /// No form has this slug.
    UnknownForm(String),
    /// The draft is gone, or is another form's.
    DraftNotFound { form: String },
    /// The applicant has an application to this form under review.
    OpenApplication { reference: String },
    /// The store or the file store cannot be reached: nothing was written.
    Unavailable(String),
    /// Not signed in as a reviewer (or signed in without the reviewers' group).
    NotReviewer(AuthError),
    /// Too many wrong access codes: wait this many seconds.
    TooManyAttempts(u64),
    /// Refused, with a status, a title and a detail for the client (and members beside
    /// them, such as the list of `errors`).
    Refused {
        status: StatusCode,
        title: &'static str,
        detail: String,
        extra: Option<Value>,
    },
}

/// How long a client is asked to wait when the store cannot be reached.
const RETRY_AFTER_UNAVAILABLE: u64 = 30;

impl ApiError {
    pub fn refused(status: StatusCode, title: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::Refused {
            status,
            title,
            detail: detail.into(),
            extra: None,
        }
    }

    /// 400: a body that cannot be read.
    pub fn malformed(title: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::refused(StatusCode::BAD_REQUEST, title, detail)
    }

    /// 404, titled "Not found".
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::refused(StatusCode::NOT_FOUND, "Not found", detail)
    }

    /// 422: understood, but not acceptable as it is.
    pub fn invalid(title: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::refused(StatusCode::UNPROCESSABLE_ENTITY, title, detail)
    }

    /// Members of the problem beside the standard ones.
    pub fn with(self, more: Value) -> ApiError {
        match self {
            ApiError::Refused {
                status,
                title,
                detail,
                ..
            } => ApiError::Refused {
                status,
                title,
                detail,
                extra: Some(more),
            },
            other => other,
        }
    }

    /// The answer, as a page or as problem+json.
    pub fn respond(self, reply: &Reply) -> Response {
        let words = reply.words();
        let message = |status: StatusCode, title: String, text: Vec<String>, back| {
            let page = pages::message_page(&words, &title, &text, back);
            reply.page(status, &page, false)
        };
        match self {
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
            ApiError::OpenApplication { reference } if reply.json => problem(
                StatusCode::CONFLICT,
                "An application is already under review",
                format!(
                    "application {reference} to this form is under review; a new one can be sent once it is decided"
                ),
                Some(&json!({ "reference": reference })),
            ),
            ApiError::OpenApplication { reference } => {
                let href = urls::status(reply.lang);
                let label = words.t("done_status_link");
                message(
                    StatusCode::CONFLICT,
                    words.t("open_exists_title"),
                    vec![fill(
                        &words.t("open_exists_text"),
                        &[("reference", &reference)],
                    )],
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
            ApiError::Refused {
                status,
                title,
                detail,
                extra,
            } => problem(status, title, detail, extra.as_ref()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::Unavailable(e.to_string())
    }
}

impl From<FileError> for ApiError {
    fn from(e: FileError) -> ApiError {
        match e {
            FileError::NotFound => ApiError::not_found("no such file"),
            FileError::Unavailable(cause) => ApiError::Unavailable(cause),
        }
    }
}
