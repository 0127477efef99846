//! Status lookup by reference and access code. An unknown reference and a wrong code
//! get the same answer, and repeated failures are slowed down, then refused a while.
//! The page found also answers an open request for more information ([`answer`]).

pub mod answer;
pub mod withdrawal;

use crate::app::{App, Shared};
use crate::client::client_key;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, Reply};
use crate::rounds::{Seen, round_items};
use applications::application::{Application, Status};
use applications::reference::{code_matches, normalise};
use applications::secret::same;
use applications::store::StoreError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use content_model::Lang;
use content_model::placeholders::fill;
use serde::Deserialize;
use serde_json::json;
use views::Page;
use views::pages::{self, AnswerForm, FormState, Found};

#[derive(Deserialize)]
pub struct StatusQuery {
    reference: Option<String>,
    code: Option<String>,
    lang: Option<String>,
}

enum Lookup {
    Found(Box<Application>),
    NotFound,
    Wait(u64),
}

async fn lookup(
    app: &App,
    reference: &str,
    code: &str,
    client: String,
) -> Result<Lookup, StoreError> {
    // What cannot be a reference is not counted as one (any path would make a key);
    // the client is still counted, so spraying junk locks the sprayer out.
    let Some(reference) = normalise(reference) else {
        let keys = [client];
        if let Some(wait) = app.throttle.wait_for(&keys) {
            return Ok(Lookup::Wait(wait.as_secs().max(1)));
        }
        app.throttle.fail(&keys);
        return Ok(Lookup::NotFound);
    };
    let keys = vec![format!("ref:{reference}"), client];
    if let Some(wait) = app.throttle.wait_for(&keys) {
        return Ok(Lookup::Wait(wait.as_secs().max(1)));
    }
    // The code is checked before the store is asked, so a wrong code costs no read and
    // takes the same path whether or not the reference exists.
    if !code_matches(&app.secret, &reference, code) {
        app.throttle.fail(&keys);
        return Ok(Lookup::NotFound);
    }
    match app.store.get(&reference).await? {
        Some(a) => {
            app.throttle.succeed(&keys[..1]);
            Ok(Lookup::Found(Box::new(a)))
        }
        None => {
            app.throttle.fail(&keys);
            Ok(Lookup::NotFound)
        }
    }
}

/// `GET /api/applications/{reference}?code=…` (or the `X-Access-Code` header).
pub async fn status_json(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<StatusQuery>,
    parts: Parts,
) -> Answer {
    let code = parts
        .headers
        .get("x-access-code")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or(q.code)
        .unwrap_or_default();
    let reply = app.reply(Lang::or_default(q.lang.as_deref()), true);
    match lookup(&app, &reference, &code, client_key(&parts))
        .await
        .or_fail(&reply)?
    {
        Lookup::Found(a) => {
            let body = json!({
                "reference": a.reference,
                "form": a.form,
                "status": a.status.as_str(),
                "status_label": pages::status_label(&reply.words(), a.status.as_str()),
                "reason": a.reason,
                "submitted_at": a.created_at,
                "expected_decision": a.expected_decision,
                "decided_at": a.decided_at,
                "timeline": a.timeline.iter().map(|t| json!({"at": t.at, "status": t.status.as_str(), "answered": t.answered})).collect::<Vec<_>>(),
                "requests": a.rounds.iter().map(|r| json!({"asked_at": r.asked_at, "message": r.message, "answered_at": r.answer.as_ref().map(|x| x.at)})).collect::<Vec<_>>(),
            });
            Ok((StatusCode::OK, Json(body)).into_response())
        }
        Lookup::NotFound => Err(reply.fail(ApiError::not_found(
            "no application has this reference and access code",
        ))),
        Lookup::Wait(s) => Err(reply.fail(ApiError::TooManyAttempts(s))),
    }
}

/// `POST /api/status` (`reference`, `code`, `lang`): the status page.
pub async fn status_html(
    State(app): State<Shared>,
    parts: Parts,
    axum::extract::Form(q): axum::extract::Form<StatusQuery>,
) -> Answer {
    let reply = app.reply(Lang::or_default(q.lang.as_deref()), false);
    let words = reply.words();
    let reference = q.reference.clone().unwrap_or_default();
    let code = q.code.clone().unwrap_or_default();
    let mut state = FormState::default();
    state.values.insert("reference".into(), reference.clone());
    if normalise(&reference).is_none() {
        state
            .errors
            .push(("reference".into(), words.t("err_reference")));
    }
    if code.trim().is_empty() {
        state.errors.push(("code".into(), words.t("err_code")));
    }
    if !state.errors.is_empty() {
        let page = pages::status_page(&words, Some((None, &state)));
        return Ok(reply.page(StatusCode::UNPROCESSABLE_ENTITY, &page, true));
    }
    match lookup(&app, &reference, &code, client_key(&parts))
        .await
        .or_fail(&reply)?
    {
        Lookup::Found(a) => {
            let page = found_page(&app, &reply, &a, "", &[]);
            Ok(reply.page(StatusCode::OK, &page, false))
        }
        Lookup::NotFound => {
            state
                .errors
                .push(("reference".into(), words.t("status_not_found")));
            let page = pages::status_page(&words, Some((None, &state)));
            Ok(reply.page(StatusCode::NOT_FOUND, &page, true))
        }
        Lookup::Wait(s) => {
            state.errors.push((
                "reference".into(),
                fill(&words.t("status_slow_down"), &[("n", &s.to_string())]),
            ));
            let page = pages::status_page(&words, Some((None, &state)));
            Ok(crate::reply::with_retry_after(
                reply.page(StatusCode::TOO_MANY_REQUESTS, &page, true),
                s,
            ))
        }
    }
}

/// The status page of an application found with its access code: with the form that
/// answers its open request for information, if any (`text` and `errors`: an answer
/// shown again with what is wrong in it).
pub(crate) fn found_page(
    app: &App,
    reply: &Reply,
    a: &Application,
    text: &str,
    errors: &[(String, String)],
) -> Page {
    let words = reply.words();
    let token = a
        .open_round()
        .map(|_| proof(app, answer::PURPOSE, &a.reference, a.rounds.len() as u64));
    let withdraw = a
        .status
        .is_open()
        .then(|| proof(app, withdrawal::PURPOSE, &a.reference, a.steps()));
    let max_file_mb = reply
        .site
        .form(&a.form)
        .map_or(0, |f| f.data.uploads.max_file_mb);
    let found = Found {
        reference: &a.reference,
        form: &a.form,
        status: a.status.as_str(),
        reason: a.reason.as_deref(),
        expected: a
            .expected_decision
            .filter(|_| a.status == Status::UnderReview),
        timeline: a
            .timeline
            .iter()
            .map(|t| (t.at, t.status.as_str(), t.answered))
            .collect(),
        rounds: round_items(a, Seen::ByApplicant),
        answer: token.as_deref().map(|token| AnswerForm {
            token,
            max_file_mb,
            text,
            errors,
        }),
        withdraw: withdraw.as_deref(),
    };
    pages::status_page(&words, Some((Some(&found), &FormState::default())))
}

/// The page for a form of the status page sent with a token that is not the server's
/// (or for an application that is not there): 404, the same words as a wrong access
/// code, nothing about the reference.
pub(crate) fn unknown_page(reply: &Reply) -> Response {
    let words = reply.words();
    let page = pages::message_page(
        &words,
        &words.t("status_title"),
        &[words.t("status_not_found")],
        Some((&views::urls::status(reply.lang), &words.t("status_title"))),
    );
    reply.page(StatusCode::NOT_FOUND, &page, true)
}

/// What a form on the status page carries instead of the access code it was opened
/// with: an HMAC of what it is for (`purpose`), the reference and a number (the request
/// it answers, the history it withdraws), so it does that one thing only.
pub(crate) fn proof(app: &App, purpose: &str, reference: &str, n: u64) -> String {
    let n = n.to_string();
    let mac = app.secret.mac_hex(&[
        b"status-form:",
        purpose.as_bytes(),
        b":",
        reference.as_bytes(),
        b":",
        n.as_bytes(),
    ]);
    format!("{n}.{mac}")
}

/// The number a token was made with, if it is the server's for `purpose` and `reference`.
pub(crate) fn proven(app: &App, purpose: &str, reference: &str, given: &str) -> Option<u64> {
    let (n, _) = given.split_once('.')?;
    let n: u64 = n.parse().ok()?;
    same(
        given.as_bytes(),
        proof(app, purpose, reference, n).as_bytes(),
    )
    .then_some(n)
}
