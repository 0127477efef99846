//! `POST /api/applications/{reference}/withdraw`: the applicant withdraws an application
//! not yet decided, from its status page, after GOV.UK's "Are you sure?" — the first
//! POST (without `confirm`) answers with the question, the second withdraws.
//!
//! Like the answer's, the form carries a token ([`super::proof`]) instead of the access
//! code, made with the length of the history the page showed: a page older than the
//! application (a request for information came since) withdraws nothing, nor does a
//! made-up token, which is answered as an unknown application.

use super::{proven, unknown_page};
use crate::app::Shared;
use crate::client::LangQuery;
use crate::reply::{Answer, OrFail, Reply};
use applications::reference::normalise;
use applications::store::change::Changed;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use content_model::placeholders::fill;
use serde::Deserialize;
use views::pages::{self, Confirm};
use views::urls;

/// The purpose of this module's tokens.
pub const PURPOSE: &str = "withdraw";

#[derive(Deserialize)]
pub struct WithdrawForm {
    token: Option<String>,
    /// `yes` once the applicant has confirmed.
    confirm: Option<String>,
    lang: Option<String>,
}

pub async fn withdraw(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    Form(form): Form<WithdrawForm>,
) -> Answer {
    let reply = app.reply(q.or_body(form.lang.as_deref()), false);
    let words = reply.words();
    let token = form.token.unwrap_or_default();
    let proven =
        normalise(&reference).and_then(|r| proven(&app, PURPOSE, &r, &token).map(|seen| (r, seen)));
    let Some((reference, seen)) = proven else {
        return Ok(unknown_page(&reply));
    };
    let Some(a) = app.store.get(&reference).await.or_fail(&reply)? else {
        return Ok(unknown_page(&reply));
    };
    if !a.status.is_open() || a.steps() != seen {
        return Ok(gone(&reply));
    }
    let status_page = urls::status(reply.lang);
    if form.confirm.as_deref() != Some("yes") {
        let action = urls::withdraw(&reference, reply.lang);
        let lang = reply.lang.code();
        let page = pages::confirm_page(
            &words,
            &fill(&words.t("withdraw_title"), &[("reference", &reference)]),
            &[words.t("withdraw_text")],
            &Confirm {
                action: &action,
                fields: &[("token", &token), ("confirm", "yes"), ("lang", lang)],
                button: &words.t("withdraw_confirm"),
            },
            (&status_page, &words.t("withdraw_cancel")),
        );
        return Ok(reply.page(StatusCode::OK, &page, false));
    }
    let site = reply.site.clone();
    let changed = applications::withdrawal::withdraw(
        app.store.as_ref(),
        &app.office(&site),
        &reference,
        seen,
        Utc::now(),
    )
    .await
    .or_fail(&reply)?;
    match changed {
        Changed::Done(a) => {
            tracing::info!(reference = %a.reference, "withdrawn by the applicant");
            let page = pages::message_page(
                &words,
                &words.t("withdrawn_title"),
                &[fill(
                    &words.t("withdrawn_text"),
                    &[("reference", &a.reference)],
                )],
                Some((&urls::home(reply.lang), &words.t("nav_home"))),
            );
            Ok(reply.page(StatusCode::OK, &page, false))
        }
        Changed::Refused(..) => Ok(gone(&reply)),
        Changed::NotFound => Ok(unknown_page(&reply)),
    }
}

/// Decided, withdrawn already, or changed since the page was made (409).
fn gone(reply: &Reply) -> Response {
    let words = reply.words();
    let page = pages::message_page(
        &words,
        &words.t("status_title"),
        &[words.t("withdraw_gone")],
        Some((&urls::status(reply.lang), &words.t("status_title"))),
    );
    reply.page(StatusCode::CONFLICT, &page, true)
}
