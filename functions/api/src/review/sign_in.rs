//! Signing reviewers in and out: the local accounts' form, or Cognito's hosted UI in
//! production (`start` → Cognito → `callback`).

use crate::app::{ReviewerAuth, Shared};
use crate::client::LangQuery;
use crate::cookies;
use crate::error::ApiError;
use crate::reply::{Answer, see_other};
use crate::reviewers::cookies::ReviewerCookies;
use crate::reviewers::hosted_ui::{FLOW_COOKIE, Flow, SignInError, lang_of_state};
use crate::reviewers::token::{self, Claims};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use content_model::Lang;
use serde::Deserialize;
use views::{pages, urls};

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
    lang: Option<String>,
}

/// How long a reviewer stays signed in with a local account.
const LOCAL_SESSION_SECONDS: i64 = 8 * 3600;

fn not_here(detail: &'static str) -> ApiError {
    ApiError::refused(StatusCode::NOT_FOUND, "Not here", detail)
}

fn no_hosted_ui() -> ApiError {
    not_here(
        "this server has no hosted sign-in (PORTAL_COGNITO_DOMAIN and PORTAL_COGNITO_CLIENT_ID)",
    )
}

fn cookies_of(app: &crate::app::App) -> ReviewerCookies {
    ReviewerCookies {
        secure: app.secure_cookies,
    }
}

/// `POST /api/review/login` (local accounts only).
pub async fn login(
    State(app): State<Shared>,
    headers: HeaderMap,
    form: axum::extract::Form<Login>,
) -> Answer {
    let lang = Lang::or_default(form.lang.as_deref());
    let reply = app.reply(lang, false);
    // Another site's form must not sign a browser in (to an account of its choosing).
    super::same_origin(&app, &headers, &reply)?;
    let ReviewerAuth::Local(accounts) = &app.reviewers else {
        return Err(reply.fail(not_here(
            "reviewers sign in with the organisation's identity provider",
        )));
    };
    if !accounts.check(&form.username, &form.password) {
        tracing::warn!("reviewer sign-in failed");
        let page = pages::review_login_page(&reply.words(), true, false);
        return Ok(reply.page(StatusCode::UNAUTHORIZED, &page, true));
    }
    let claims = Claims {
        sub: form.username.clone(),
        groups: accounts.groups_of(&form.username),
        exp: Utc::now().timestamp() + LOCAL_SESSION_SECONDS,
    };
    let token = token::issue(&app.secret, &claims);
    let mut res = see_other(&urls::review_queue(lang));
    cookies::set(
        &mut res,
        &cookies_of(&app).token(&token, "Strict", LOCAL_SESSION_SECONDS),
    );
    Ok(res)
}

/// `GET /api/review/logout`.
pub async fn logout(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Answer {
    let lang = q.lang();
    // No reviewer check: signing out must work with an expired token too, and it only
    // clears the cookie. With the hosted UI, Cognito's own session ends too (its /logout
    // comes back to the sign-in page).
    let to = match (&app.reviewers, &app.hosted_ui) {
        (ReviewerAuth::Gateway, Some(ui)) => ui.logout_url(&app.base_url, lang),
        _ => urls::review(lang),
    };
    let mut res = see_other(&to);
    cookies::set(&mut res, &cookies_of(&app).clear_token());
    Ok(res)
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /api/review/start`: in production, on to Cognito's hosted UI (authorization
/// code with PKCE); locally, the accounts' form.
pub async fn start(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Answer {
    let lang = q.lang();
    match (&app.reviewers, &app.hosted_ui) {
        (ReviewerAuth::Local(_), _) => Ok(see_other(&urls::review(lang))),
        (ReviewerAuth::Gateway, Some(ui)) => {
            let flow = Flow::new();
            let mut res = see_other(&ui.authorize_url(&flow, lang));
            // Lax: the browser comes back from Cognito's domain, a cross-site navigation.
            cookies::set(&mut res, &ReviewerCookies::flow(Some(&flow.cookie_value())));
            Ok(res)
        }
        (ReviewerAuth::Gateway, None) => Err(app.reply(lang, true).fail(no_hosted_ui())),
    }
}

/// `GET /api/review/callback?code=…&state=…`: back from the hosted UI. The code is
/// exchanged for the ID token, which is kept in the reviewer cookie.
pub async fn callback(
    State(app): State<Shared>,
    Query(q): Query<Callback>,
    headers: HeaderMap,
) -> Answer {
    let lang = Lang::or_default(q.state.as_deref().and_then(lang_of_state));
    let reply = app.reply(lang, false);
    let (ReviewerAuth::Gateway, Some(ui)) = (&app.reviewers, &app.hosted_ui) else {
        return Err(reply.fail(no_hosted_ui()));
    };
    let failed = |status: StatusCode| {
        let page = pages::review_login_page(&reply.words(), true, true);
        reply.page(status, &page, true)
    };
    let (Some(code), Some(state)) = (q.code.as_deref(), q.state.as_deref()) else {
        // Cancelled at Cognito, or refused there (`error=access_denied`).
        tracing::warn!(
            error = q.error.as_deref().unwrap_or("no code"),
            "hosted sign-in came back without a code"
        );
        return Ok(failed(StatusCode::BAD_REQUEST));
    };
    let flow = cookies::get(&headers, FLOW_COOKIE).and_then(|v| Flow::from_cookie(&v));
    match ui.finish(flow.as_ref(), state, code).await {
        Ok((token, seconds)) => {
            let mut res = see_other(&urls::review_queue(lang));
            // Lax: Cognito's redirect back is a cross-site navigation.
            cookies::set(
                &mut res,
                &ReviewerCookies { secure: true }.token(&token, "Lax", seconds),
            );
            cookies::set(&mut res, &ReviewerCookies::flow(None));
            Ok(res)
        }
        Err(e @ SignInError::Unreachable(_)) => {
            tracing::error!(error = %e, "hosted sign-in");
            let words = reply.words();
            let page = pages::message_page(
                &words,
                &words.t("review_title"),
                &[words.t("service_unavailable")],
                Some((&urls::review(lang), &words.t("review_sign_in"))),
            );
            Ok(reply.page(StatusCode::SERVICE_UNAVAILABLE, &page, true))
        }
        Err(e) => {
            tracing::warn!(error = %e, "hosted sign-in refused");
            Ok(failed(StatusCode::BAD_REQUEST))
        }
    }
}
