//! `GET /api/review/applications/{reference}`: one application, its requests for more
//! information, and the decision form.

use super::audit::Viewer;
use super::reviewer;
use crate::app::{App, Shared};
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, Failure, OrFail, Reply, wants_json};
use crate::reviewers::token::Claims;
use crate::rounds::{Seen, round_items};
use applications::application::Application;
use applications::audit::Action;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde_json::json;
use views::pages::{self, ReviewDetail, ReviewDocument, ReviewMessage};

pub(super) fn no_application(reference: &str) -> ApiError {
    ApiError::not_found(format!("no application {reference}"))
}

/// The application `reference` names, if `me` may see its form; else the 404 that says
/// there is none (the same whether it exists or not).
pub(super) async fn stored(
    app: &App,
    reply: &Reply,
    me: &Claims,
    reference: &str,
) -> Result<Application, Failure> {
    app.store
        .get(reference)
        .await
        .or_fail(reply)?
        .filter(|a| me.may_see(&a.form))
        .ok_or_else(|| reply.fail(no_application(reference)))
}

/// The application's page: with the decision form's errors, or a notice above it —
/// recorded in its trail as a view of its answers.
pub(super) async fn page(
    viewer: Viewer<'_>,
    reply: &Reply,
    a: &Application,
    errors: &[(String, String)],
    notice: Option<String>,
    status: StatusCode,
) -> Answer {
    viewer.record(reply, &a.reference, Action::Viewed).await?;
    let me = viewer.me;
    let mut messages = viewer
        .app
        .store
        .messages_of(&a.reference)
        .await
        .or_fail(reply)?;
    messages.sort_by_key(|m| (m.sent_at.unwrap_or(m.next_attempt_at), m.id.clone()));
    let detail = ReviewDetail {
        reference: &a.reference,
        form: reply.site.form(&a.form),
        status: a.status.as_str(),
        answers: &a.answers,
        documents: a
            .documents
            .iter()
            .map(|d| ReviewDocument {
                id: &d.id,
                field: &d.field,
                name: &d.file_name,
                size: d.size,
            })
            .collect(),
        decided: a.decided_by.as_deref().map(|by| (by, a.decided_at)),
        reason: a.reason.as_deref(),
        notice,
        errors,
        revision: a.revision,
        rounds: round_items(a, Seen::ByStaff),
        holder: a.holder.as_deref(),
        notes: a
            .notes
            .iter()
            .map(|n| (n.at, n.by.as_str(), n.text.as_str()))
            .collect(),
        me: (&me.sub, me.is_lead()),
        messages: messages
            .iter()
            .map(|m| ReviewMessage {
                event: m.event.as_str(),
                channel: m.channel.as_str(),
                status: m.status.as_str(),
                outcome: m.receipt.map(|r| r.outcome.as_str()),
                at: m.sent_at.or(Some(m.next_attempt_at)),
            })
            .collect(),
        status_open: a.status.is_open(),
    };
    let page = pages::review_detail_page(&reply.words(), &detail);
    Ok(reply.page(status, &page, !errors.is_empty()))
}

pub async fn detail(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
) -> Answer {
    let reply = app.reply(q.lang(), wants_json(&parts.headers));
    let me = reviewer(&app, &parts, &reply)?;
    let a = stored(&app, &reply, &me, &reference).await?;
    let viewer = Viewer {
        app: &app,
        parts: &parts,
        me: &me,
    };
    if reply.json {
        viewer.record(&reply, &reference, Action::Viewed).await?;
        return Ok(Json(json!({"application": a})).into_response());
    }
    page(viewer, &reply, &a, &[], None, StatusCode::OK).await
}
