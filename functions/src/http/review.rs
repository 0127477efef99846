//! The reviewers' pages and API. Every route here requires a reviewer token but the
//! sign-in's own (`login`, `start`, `callback`): a cookie set at sign-in, or a bearer
//! token. Locally the portal signs the token; in production it is Cognito's ID token,
//! verified by API Gateway (from the header, or from the cookie, which CloudFront copies
//! into the header), and the group claim is checked here again.

use super::problem::{html, problem, see_other, wants_json};
use super::{ReviewerAuth, Shared, lang_param};
use crate::application::{Decision, Status};
use crate::auth::{self, AuthError, COOKIE, Claims};
use crate::hosted_ui::{FLOW_COOKIE, Flow, SignInError, lang_of_state};
use crate::outbox::{Placeholders, messages_for};
use crate::store::{DecideOutcome, Query as StoreQuery};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use content_model::Lang;
use content_model::form::FieldType;
use content_model::notification::Event;
use generator::forms::{review_detail_page, review_login_page, review_queue_page};
use generator::html::escape;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    form: Option<String>,
    status: Option<String>,
}

fn token_from(headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    cookie(headers, COOKIE)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn add_cookie(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn hosted(app: &Shared) -> bool {
    matches!(app.reviewers, ReviewerAuth::Gateway)
}

pub fn authenticate(app: &Shared, headers: &HeaderMap) -> Result<Claims, AuthError> {
    let now = Utc::now().timestamp();
    match &app.reviewers {
        ReviewerAuth::Local(_) => {
            let token = token_from(headers).ok_or(AuthError::Missing)?;
            auth::verify(&app.secret, &token, now)
        }
        // Only the header API Gateway verified (CloudFront puts the cookie there): the
        // cookie itself is never read here, or a forged one sent beside any token the
        // authorizer accepts would be trusted.
        ReviewerAuth::Gateway => {
            let token = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_string())
                .filter(|t| !t.is_empty())
                .ok_or(AuthError::Missing)?;
            auth::verified_by_gateway(&token, now)
        }
    }
}

fn refuse(app: &Shared, headers: &HeaderMap, lang: Lang, e: AuthError) -> Response {
    tracing::warn!(reason = %e, "reviewer route refused");
    let status = if e == AuthError::NotReviewer {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNAUTHORIZED
    };
    if wants_json(headers) {
        let mut res = problem(status, "Not signed in as a reviewer", e.to_string(), None);
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return res;
    }
    let lx = app.lx(lang);
    html(
        status,
        app.page(&review_login_page(&lx, false, hosted(app)), false),
    )
}

macro_rules! reviewer {
    ($app:expr, $headers:expr, $lang:expr) => {
        match authenticate(&$app, &$headers) {
            Ok(c) => c,
            Err(e) => return refuse(&$app, &$headers, $lang, e),
        }
    };
}

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
    lang: Option<String>,
}

/// `POST /api/review/login` (local accounts only).
pub async fn login(State(app): State<Shared>, form: axum::extract::Form<Login>) -> Response {
    let lang = lang_param(form.lang.as_deref());
    let ReviewerAuth::Local(accounts) = &app.reviewers else {
        return problem(
            StatusCode::NOT_FOUND,
            "Not here",
            "reviewers sign in with the organisation's identity provider",
            None,
        );
    };
    if !accounts.check(&form.username, &form.password) {
        tracing::warn!("reviewer sign-in failed");
        let lx = app.lx(lang);
        return html(
            StatusCode::UNAUTHORIZED,
            app.page(&review_login_page(&lx, true, false), true),
        );
    }
    let claims = Claims {
        sub: form.username.clone(),
        groups: vec![auth::GROUP.into()],
        exp: Utc::now().timestamp() + 8 * 3600,
    };
    let token = auth::issue(&app.secret, &claims);
    let mut res = see_other(&format!("/api/review/applications?lang={lang}"));
    let secure = if app.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={token}; Path=/api/review; HttpOnly; SameSite=Strict; Max-Age=28800{secure}"
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// `GET /api/review/logout`.
pub async fn logout(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Response {
    let lang = lang_param(q.lang.as_deref());
    // No reviewer check: signing out must work with an expired token too, and it only
    // clears the cookie. With the hosted UI, Cognito's own session ends too (its /logout comes back to the
    // sign-in page).
    let to = match (&app.reviewers, &app.hosted_ui) {
        (ReviewerAuth::Gateway, Some(ui)) => ui.logout_url(&app.base_url, lang.code()),
        _ => format!("/{lang}/review/"),
    };
    let mut res = see_other(&to);
    add_cookie(
        &mut res,
        &format!("{COOKIE}=; Path=/api/review; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    res
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /api/review/start`: in production, on to Cognito's hosted UI (authorization
/// code with PKCE); locally, the accounts' form.
pub async fn start(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Response {
    let lang = lang_param(q.lang.as_deref());
    match (&app.reviewers, &app.hosted_ui) {
        (ReviewerAuth::Local(_), _) => see_other(&format!("/{lang}/review/")),
        (ReviewerAuth::Gateway, Some(ui)) => {
            let flow = Flow::new();
            let mut res = see_other(&ui.authorize_url(&flow, lang.code()));
            // Lax: the browser comes back from Cognito's domain, a cross-site navigation.
            add_cookie(
                &mut res,
                &format!(
                    "{FLOW_COOKIE}={}; Path=/api/review/callback; HttpOnly; Secure; SameSite=Lax; Max-Age=600",
                    flow.cookie_value()
                ),
            );
            res
        }
        (ReviewerAuth::Gateway, None) => no_hosted_ui(),
    }
}

fn no_hosted_ui() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Not here",
        "this server has no hosted sign-in (PORTAL_COGNITO_DOMAIN and PORTAL_COGNITO_CLIENT_ID)",
        None,
    )
}

/// `GET /api/review/callback?code=…&state=…`: back from the hosted UI. The code is
/// exchanged for the ID token, which is kept in the reviewer cookie.
pub async fn callback(
    State(app): State<Shared>,
    Query(q): Query<Callback>,
    headers: HeaderMap,
) -> Response {
    let (ReviewerAuth::Gateway, Some(ui)) = (&app.reviewers, &app.hosted_ui) else {
        return no_hosted_ui();
    };
    let lang = q
        .state
        .as_deref()
        .and_then(lang_of_state)
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Kk);
    let failed = |status: StatusCode| {
        let lx = app.lx(lang);
        html(status, app.page(&review_login_page(&lx, true, true), true))
    };
    let (Some(code), Some(state)) = (q.code.as_deref(), q.state.as_deref()) else {
        // Cancelled at Cognito, or refused there (`error=access_denied`).
        tracing::warn!(
            error = q.error.as_deref().unwrap_or("no code"),
            "hosted sign-in came back without a code"
        );
        return failed(StatusCode::BAD_REQUEST);
    };
    let flow = cookie(&headers, FLOW_COOKIE).and_then(|v| Flow::from_cookie(&v));
    match ui.finish(flow.as_ref(), state, code).await {
        Ok((token, seconds)) => {
            let mut res = see_other(&format!("/api/review/applications?lang={lang}"));
            add_cookie(
                &mut res,
                &format!(
                    "{COOKIE}={token}; Path=/api/review; HttpOnly; Secure; SameSite=Lax; Max-Age={seconds}"
                ),
            );
            add_cookie(
                &mut res,
                &format!(
                    "{FLOW_COOKIE}=; Path=/api/review/callback; HttpOnly; Secure; SameSite=Lax; Max-Age=0"
                ),
            );
            res
        }
        Err(e @ SignInError::Unreachable(_)) => {
            tracing::error!(error = %e, "hosted sign-in");
            let lx = app.lx(lang);
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                app.page(
                    &generator::forms::message_page(
                        &lx,
                        &lx.t("review_title"),
                        &[lx.t("service_unavailable")],
                        Some((&format!("/{lang}/review/"), &lx.t("review_sign_in"))),
                    ),
                    true,
                ),
            )
        }
        Err(e) => {
            tracing::warn!(error = %e, "hosted sign-in refused");
            failed(StatusCode::BAD_REQUEST)
        }
    }
}

fn received(lang: Lang, at: chrono::DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).expect("offset"));
    format!(
        "{} {}",
        generator::pages::date_text(lang, local.date_naive()),
        local.format("%H:%M")
    )
}

/// `GET /api/review/applications?form=&status=`: the queue.
pub async fn queue(
    State(app): State<Shared>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let claims = reviewer!(app, headers, lang);
    let form = q.form.clone().filter(|f| !f.is_empty());
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let status_filter = match status.map(Status::parse) {
        Some(None) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "Unknown status",
                "status is under_review, approved or refused",
                None,
            );
        }
        Some(Some(s)) => Some(s),
        None => None,
    };
    let list = match app
        .store
        .list(&StoreQuery {
            form: form.clone(),
            status: status_filter,
        })
        .await
    {
        Ok(l) => l,
        Err(e) => return app.unavailable(lang, wants_json(&headers), &e),
    };
    if wants_json(&headers) {
        return Json(json!({"applications": list})).into_response();
    }
    let lx = app.lx(lang);
    let rows: Vec<Value> = list
        .iter()
        .map(|s| {
            json!({
                "reference": s.reference,
                "href": format!("/api/review/applications/{}?lang={lang}", s.reference),
                "form": app.content.form(&s.form).map(|f| lx.html(&f.data.title)).unwrap_or_else(|| escape(&s.form)),
                "status": lx.t(&format!("status_{}", s.status.as_str())),
                "received": received(lang, s.created_at),
            })
        })
        .collect();
    let forms: Vec<Value> = app
        .content
        .forms
        .iter()
        .map(|f| json!({"slug": f.slug, "title": lx.html(&f.data.title), "selected": Some(&f.slug) == form.as_ref()}))
        .collect();
    let page = review_queue_page(
        &lx,
        rows,
        forms,
        form.as_deref().unwrap_or(""),
        status.unwrap_or(""),
        &claims.sub,
    );
    html(StatusCode::OK, app.page(&page, false))
}

async fn detail_response(
    app: &Shared,
    lang: Lang,
    reference: &str,
    errors: Vec<(String, String)>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let a = match app.store.get(reference).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            return problem(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("no application {reference}"),
                None,
            );
        }
        Err(e) => return app.unavailable(lang, false, &e),
    };
    let lx = app.lx(lang);
    let form = app.content.form(&a.form);
    let rows: Vec<Value> = form
        .map(|f| {
            f.data
                .fields()
                .filter(|x| x.kind != FieldType::Files)
                .filter_map(|x| {
                    let v = a.answers.get(&x.name)?;
                    let shown = match x.kind {
                        FieldType::Choice | FieldType::Select => x
                            .options
                            .iter()
                            .find(|o| &o.value == v)
                            .map(|o| lx.html(&o.label))
                            .unwrap_or_else(|| escape(v)),
                        _ => escape(v),
                    };
                    Some(json!({"key": lx.html(&x.label), "value": shown}))
                })
                .collect()
        })
        .unwrap_or_default();
    let documents: Vec<Value> = a
        .documents
        .iter()
        .map(|d| {
            json!({
                "href": format!("/api/review/applications/{}/documents/{}", a.reference, d.id),
                "name": d.file_name,
                "field": form.and_then(|f| f.data.field(&d.field)).map(|x| lx.html(&x.label)).unwrap_or_default(),
                "size": format!("{} KB", d.size.div_ceil(1024)),
            })
        })
        .collect();
    let error_for = |k: &str| errors.iter().find(|(f, _)| f == k).map(|(_, m)| m.clone());
    let data = json!({
        "lang": lang.code(),
        "reference": a.reference,
        "form": form.map(|f| lx.html(&f.data.title)).unwrap_or_default(),
        "status": lx.t(&format!("status_{}", a.status.as_str())),
        "status_key": a.status.as_str(),
        "rows": rows,
        "documents": documents,
        "decided": a.decided_by.as_ref().map(|by| format!("{by}, {}", a.decided_at.map(|t| received(lang, t)).unwrap_or_default())),
        "reason": a.reason,
        "notice": notice,
        "errors": errors.iter().map(|(f, m)| json!({"href": format!("#f-{f}{}", if f == "outcome" { "-0" } else { "" }), "message": m})).collect::<Vec<_>>(),
        "outcome_error": error_for("outcome"),
        "reason_error": error_for("reason"),
    });
    let page = review_detail_page(&lx, data, a.reference.clone());
    html(status, app.page(&page, !errors.is_empty()))
}

/// `GET /api/review/applications/{reference}`.
pub async fn detail(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_param(q.lang.as_deref());
    let _ = reviewer!(app, headers, lang);
    if wants_json(&headers) {
        return match app.store.get(&reference).await {
            Ok(Some(a)) => Json(json!({"application": a})).into_response(),
            Ok(None) => problem(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("no application {reference}"),
                None,
            ),
            Err(e) => app.unavailable(lang, true, &e),
        };
    }
    detail_response(&app, lang, &reference, Vec::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    outcome: Option<String>,
    reason: Option<String>,
    lang: Option<String>,
}

/// `POST /api/review/applications/{reference}/decision`: approve, or refuse with a
/// reason. Of two concurrent decisions exactly one wins; the other gets 409.
pub async fn decide(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json_client = wants_json(&headers);
    let parsed: Result<DecisionBody, String> = if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
    {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|e| e.to_string())
    };
    let lang = lang_param(q.lang.as_deref());
    let claims = reviewer!(app, headers, lang);
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => return problem(StatusCode::BAD_REQUEST, "Malformed body", e, None),
    };
    let lang = lang_param(parsed.lang.as_deref().or(q.lang.as_deref()));
    let lx = app.lx(lang);
    let outcome = parsed
        .outcome
        .as_deref()
        .and_then(Status::parse)
        .filter(|s| *s != Status::UnderReview);
    let reason = parsed
        .reason
        .clone()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let mut errors = Vec::new();
    if outcome.is_none() {
        errors.push(("outcome".to_string(), lx.t("err_outcome")));
    }
    if outcome == Some(Status::Refused) && reason.is_none() {
        errors.push(("reason".to_string(), lx.t("err_reason")));
    }
    if !errors.is_empty() {
        if json_client {
            let list: Vec<Value> = errors
                .iter()
                .map(|(f, m)| json!({"field": f, "message": m}))
                .collect();
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid decision",
                "see `errors`",
                Some(json!({"errors": list})),
            );
        }
        return detail_response(
            &app,
            lang,
            &reference,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let decision = Decision {
        outcome: outcome.expect("checked above"),
        reason: if outcome == Some(Status::Refused) {
            reason
        } else {
            None
        },
        by: claims.sub.clone(),
        at: Utc::now(),
    };
    // The messages are made from the application as it will be once decided.
    let current = match app.store.get(&reference).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            return problem(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("no application {reference}"),
                None,
            );
        }
        Err(e) => return app.unavailable(lang, json_client, &e),
    };
    let mut decided = current.clone();
    let messages = match decided.decide(&decision, app.retention) {
        Ok(()) => {
            let alx = app.lx(decided.lang);
            let title = app
                .content
                .form(&decided.form)
                .map(|f| alx.plain(&f.data.title))
                .unwrap_or_default();
            let status_url = format!("{}/{}/status/", app.base_url, decided.lang);
            let event = if decision.outcome == Status::Approved {
                Event::Approved
            } else {
                Event::Refused
            };
            messages_for(
                &app.content,
                &decided,
                event,
                &Placeholders {
                    form_title: &title,
                    status_url: &status_url,
                    decision_date: None,
                },
                decision.at,
            )
        }
        Err(_) => Vec::new(),
    };
    match app
        .store
        .decide(&reference, &decision, app.retention, messages)
        .await
    {
        Ok(DecideOutcome::Decided(a)) => {
            tracing::info!(reference = %a.reference, outcome = a.status.as_str(), "decided");
            if json_client {
                return Json(json!({"reference": a.reference, "status": a.status.as_str(), "decided_by": a.decided_by, "decided_at": a.decided_at})).into_response();
            }
            see_other(&format!("/api/review/applications/{reference}?lang={lang}"))
        }
        Ok(DecideOutcome::Conflict { current }) => {
            let label = lx.t(&format!("status_{}", current.as_str()));
            let text = lx.t("review_conflict").replace("{status}", &label);
            if json_client {
                return problem(
                    StatusCode::CONFLICT,
                    "Already decided",
                    text,
                    // `status` is the problem's HTTP status (RFC 9457).
                    Some(json!({"current_status": current.as_str()})),
                );
            }
            detail_response(
                &app,
                lang,
                &reference,
                Vec::new(),
                Some(text),
                StatusCode::CONFLICT,
            )
            .await
        }
        Ok(DecideOutcome::NotFound) => problem(
            StatusCode::NOT_FOUND,
            "Not found",
            format!("no application {reference}"),
            None,
        ),
        Err(e) => app.unavailable(lang, json_client, &e),
    }
}

/// `GET /api/review/applications/{reference}/documents/{document}`: reviewers only.
pub async fn document(
    State(app): State<Shared>,
    Path((reference, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let _ = reviewer!(app, headers, Lang::Kk);
    let a = match app.store.get(&reference).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            return problem(
                StatusCode::NOT_FOUND,
                "Not found",
                "no such application",
                None,
            );
        }
        Err(e) => return app.unavailable(Lang::Kk, true, &e),
    };
    let Some(doc) = a.documents.iter().find(|d| d.id == id) else {
        return problem(StatusCode::NOT_FOUND, "Not found", "no such document", None);
    };
    match app.files.get(&doc.key).await {
        Ok(bytes) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&doc.content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            res
        }
        Err(_) => problem(
            StatusCode::NOT_FOUND,
            "Not found",
            "the document is no longer kept",
            None,
        ),
    }
}
