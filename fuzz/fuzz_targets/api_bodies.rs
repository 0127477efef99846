//! The API's request-body parsers, through the real router.
//!
//! What it proves: whatever body a client sends to the endpoints that take one — the
//! JSON application API, the HTML form's multipart "check" (answers and file parts),
//! the form-encoded "send" and reviewer sign-in, the upload-URL request and a
//! reviewer's decision (JSON or form-encoded, with a valid reviewer token) — the router
//! neither panics nor answers a 5xx: every bad body is the client's fault (4xx). The
//! store here is a healthy embedded redb, so even a 503 would be wrong; any status
//! >= 500 is a finding.
//!
//! Input: the first byte picks the endpoint (and its content type); the rest is the raw
//! body. One `App` (real content/, embedded store and uploads in a temp dir) and one
//! current-thread Tokio runtime serve every input; what inputs store (drafts,
//! applications, files) stays there, as it would on a server. With FUZZ_VERBOSE=1 set,
//! each answer's status and start are printed.
#![no_main]

use axum::body::Body;
use axum::http::{Request, header};
use api::ReviewerAuth;
use api::reviewers::accounts::Accounts;
use api::test_api::{TestApi, token_with};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tower::ServiceExt;

const SECRET: &[u8] = b"fuzz-secret";
const BOUNDARY: &str = "FUZZBOUNDARY";

struct Api {
    api: TestApi,
    runtime: tokio::runtime::Runtime,
    /// A reviewer's token, so a decision's body is read past the sign-in check.
    bearer: String,
    /// `FUZZ_VERBOSE=1`: print each answer (to see what a seed or an artifact does).
    verbose: bool,
}

fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        // The real content/, the embedded store and uploads in a temporary folder.
        let api = TestApi::builder()
            .secret(SECRET)
            .reviewers(ReviewerAuth::Local(Accounts::parse("r:p")))
            // Every input is one client: limited, most would stop at the 429 and never
            // reach the handlers the fuzzer is here to explore.
            .without_rate_limits()
            .build();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64;
        // Valid for a year: long runs outlast a reviewer's usual token.
        let bearer = token_with(SECRET, &["reviewers"], now + 365 * 24 * 3600);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Api {
            api,
            runtime,
            bearer: format!("Bearer {bearer}"),
            verbose: std::env::var_os("FUZZ_VERBOSE").is_some(),
        }
    })
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// (path, content type, with the reviewer's token). A JSON body gets a JSON answer, a
/// form-encoded one the HTML page.
const ENDPOINTS: [(&str, &str, bool); 9] = [
    ("/api/forms/dormitory/applications", JSON, false),
    ("/api/forms/certificate/applications", JSON, false),
    ("/api/forms/certificate/send", FORM, false),
    ("/api/review/login", FORM, false),
    ("/api/forms/certificate/check", "multipart", false),
    ("/api/forms/dormitory/check", "multipart", false),
    ("/api/upload-urls", JSON, false),
    ("/api/review/applications/AAAA2222/decision", JSON, true),
    ("/api/review/applications/AAAA2222/decision", FORM, true),
];

fuzz_target!(|data: &[u8]| {
    let api = api();
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let (path, content_type, reviewer) = ENDPOINTS[usize::from(pick) % ENDPOINTS.len()];
    let content_type = if content_type == "multipart" {
        format!("multipart/form-data; boundary={BOUNDARY}")
    } else {
        content_type.to_string()
    };
    let mut req = Request::post(path).header(header::CONTENT_TYPE, content_type);
    if reviewer {
        req = req.header(header::AUTHORIZATION, &api.bearer);
    }
    let req = req.body(Body::from(body.to_vec())).expect("request");

    let (status, answer) = api.runtime.block_on(async {
        let res = api.api.router().oneshot(req).await.expect("infallible");
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("the answer's body reads");
        (status, bytes)
    });
    if api.verbose {
        let shown = String::from_utf8_lossy(&answer[..answer.len().min(300)]).replace('\n', " ");
        eprintln!("POST {path} -> {status}: {shown}");
    }
    assert!(
        status.as_u16() < 500,
        "POST {path} answered {status}: {}",
        String::from_utf8_lossy(&answer[..answer.len().min(2000)])
    );
});
