//! Every refusal the API gives. How each is answered — the page a browser sees (where
//! there is one) or the problem+json an API client reads — is decided in one place,
//! [`crate::reply::Reply::error`].

use crate::reviewers::token::AuthError;
use applications::SubmitError;
use applications::files::FileError;
use applications::store::StoreError;
use axum::http::StatusCode;
use serde_json::Value;

/// Why a request is refused, or cannot be answered now.
#[derive(Debug)]
pub enum ApiError {
    /// No form has this slug.
    UnknownForm(String),
    /// The draft is gone, or is another form's.
    DraftNotFound { form: String },
    /// The applicant has an application to this form under review. Its reference is not
    /// told: whoever sent this one may only know the applicant's IIN (the domain sent a
    /// reminder to the contacts in it instead).
    OpenApplication,
    /// The store or the file store cannot be reached: nothing was written.
    Unavailable(String),
    /// Not signed in as a reviewer (or signed in without the reviewers' group).
    NotReviewer(AuthError),
    /// Too many wrong access codes: wait this many seconds.
    TooManyAttempts(u64),
    /// This client has sent many applications, drafts or files in a short time: wait
    /// this many seconds ([`crate::rate_limit`]).
    TooManyRequests(u64),
    /// Refused, with a status, a title and a detail for the client (and members beside
    /// them, such as the list of `errors`).
    Refused {
        status: StatusCode,
        title: &'static str,
        detail: String,
        extra: Option<Value>,
    },
}

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
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::Unavailable(e.to_string())
    }
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> ApiError {
        match e {
            SubmitError::Store(e) => e.into(),
            SubmitError::KeyReused => ApiError::invalid(
                "Idempotency key reused",
                "this Idempotency-Key was used for another application; send a new key with a new application",
            ),
        }
    }
}

impl From<FileError> for ApiError {
    fn from(e: FileError) -> ApiError {
        match e {
            FileError::NotFound => ApiError::not_found("no such file"),
            FileError::Unavailable(cause) => ApiError::Unavailable(cause),
            FileError::TooLarge { limit } => ApiError::refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "File too large",
                format!("the file is larger than {limit} bytes"),
            ),
        }
    }
}
