//! Status lookup by reference and access code. An unknown reference and a wrong code
//! get the same answer, and repeated failures are slowed down, then refused a while.

use super::problem::{html, problem, with_retry_after};
use super::{Shared, lang_param};
use crate::application::{Application, Status};
use crate::reference::{code_matches, normalise};
use axum::Json;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use content_model::Lang;
use generator::forms::{FormState, StatusView, TimelineRow, status_page};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

#[derive(Deserialize)]
pub struct StatusQuery {
    reference: Option<String>,
    code: Option<String>,
    lang: Option<String>,
}

/// The client, for the per-client throttle: the connection's peer (the local server
/// records it), or behind API Gateway the source address it verified (`lambda` puts it
/// in the same place). Never `X-Forwarded-For`: its first entry is whatever the client
/// wrote, so trusting it would let anyone pick a fresh key for every guess.
fn client_key(peer: Option<SocketAddr>) -> String {
    format!(
        "client:{}",
        peer.map(|p| p.ip().to_string()).unwrap_or_default()
    )
}

enum Lookup {
    Found(Box<Application>),
    NotFound,
    Wait(u64),
}

async fn lookup(
    app: &Shared,
    reference: &str,
    code: &str,
    client: String,
) -> Result<Lookup, crate::store::StoreError> {
    let reference = normalise(reference).unwrap_or_else(|| reference.trim().to_uppercase());
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

fn status_label(app: &Shared, lang: Lang, s: Status) -> String {
    app.lx(lang).t(&format!("status_{}", s.as_str()))
}

/// `GET /api/applications/{reference}?code=…` (or the `X-Access-Code` header).
pub async fn status_json(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<StatusQuery>,
    parts: Parts,
) -> Response {
    let headers = &parts.headers;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let code = headers
        .get("x-access-code")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or(q.code)
        .unwrap_or_default();
    let lang = lang_param(q.lang.as_deref());
    match lookup(&app, &reference, &code, client_key(peer)).await {
        Ok(Lookup::Found(a)) => {
            let body = json!({
                "reference": a.reference,
                "form": a.form,
                "status": a.status.as_str(),
                "status_label": status_label(&app, lang, a.status),
                "reason": a.reason,
                "submitted_at": a.created_at,
                "expected_decision": a.expected_decision,
                "decided_at": a.decided_at,
                "timeline": a.timeline.iter().map(|t| json!({"at": t.at, "status": t.status.as_str()})).collect::<Vec<_>>(),
            });
            (StatusCode::OK, Json(body)).into_response()
        }
        Ok(Lookup::NotFound) => problem(
            StatusCode::NOT_FOUND,
            "Not found",
            "no application has this reference and access code",
            None,
        ),
        Ok(Lookup::Wait(s)) => with_retry_after(
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts",
                format!("wait {s} seconds before trying again"),
                None,
            ),
            s,
        ),
        Err(e) => app.unavailable(lang, true, &e),
    }
}

/// `GET /api/status?reference=…&code=…&lang=…`: the status page.
pub async fn status_html(
    State(app): State<Shared>,
    Query(q): Query<StatusQuery>,
    parts: Parts,
) -> Response {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let lang = lang_param(q.lang.as_deref());
    let lx = app.lx(lang);
    let reference = q.reference.clone().unwrap_or_default();
    let code = q.code.clone().unwrap_or_default();
    let mut state = FormState::default();
    state.values.insert("reference".into(), reference.clone());
    if normalise(&reference).is_none() {
        state
            .errors
            .push(("reference".into(), lx.t("err_reference")));
    }
    if code.trim().is_empty() {
        state.errors.push(("code".into(), lx.t("err_code")));
    }
    if !state.errors.is_empty() {
        let page = status_page(&lx, Some((None, &state)));
        return html(StatusCode::UNPROCESSABLE_ENTITY, app.page(&page, true));
    }
    match lookup(&app, &reference, &code, client_key(peer)).await {
        Ok(Lookup::Found(a)) => {
            let form_title = app
                .content
                .form(&a.form)
                .map(|f| lx.html(&f.data.title))
                .unwrap_or_else(|| a.form.clone());
            let view = StatusView {
                reference: a.reference.clone(),
                form_title,
                status: status_label(&app, lang, a.status),
                status_key: a.status.as_str().into(),
                reason: a.reason.clone(),
                expected: a
                    .expected_decision
                    .filter(|_| a.status == Status::UnderReview)
                    .map(|d| generator::pages::date_text(lang, d)),
                timeline: a
                    .timeline
                    .iter()
                    .map(|t| TimelineRow {
                        at: generator::pages::date_text(
                            lang,
                            t.at.with_timezone(
                                &chrono::FixedOffset::east_opt(5 * 3600).expect("offset"),
                            )
                            .date_naive(),
                        ),
                        status: status_label(&app, lang, t.status),
                    })
                    .collect(),
            };
            let page = status_page(&lx, Some((Some(&view), &FormState::default())));
            html(StatusCode::OK, app.page(&page, false))
        }
        Ok(Lookup::NotFound) => {
            state
                .errors
                .push(("reference".into(), lx.t("status_not_found")));
            let page = status_page(&lx, Some((None, &state)));
            html(StatusCode::NOT_FOUND, app.page(&page, true))
        }
        Ok(Lookup::Wait(s)) => {
            state.errors.push((
                "reference".into(),
                lx.t("status_slow_down").replace("{n}", &s.to_string()),
            ));
            let page = status_page(&lx, Some((None, &state)));
            with_retry_after(
                html(StatusCode::TOO_MANY_REQUESTS, app.page(&page, true)),
                s,
            )
        }
        Err(e) => app.unavailable(lang, false, &e),
    }
}
