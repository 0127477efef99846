//! `GET /api/review/applications/{reference}/trail`: an application's audit trail
//! (`applications::audit`), for a lead only, as a page or JSON. Reading it is not itself
//! recorded: the trail holds no personal data.

use super::detail::stored;
use super::reviewer;
use crate::app::Shared;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, wants_json};
use applications::audit::{Action, By, Entry};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde_json::json;
use views::pages::{self, TrailRow, status_label};
use views::words::Words;

pub async fn trail(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
) -> Answer {
    let reply = app.reply(q.lang(), wants_json(&parts.headers));
    let me = reviewer(&app, &parts, &reply)?;
    // Refused before the application is looked for: the answer says nothing of it.
    if !me.is_lead() {
        return Err(reply.fail(ApiError::refused(
            StatusCode::FORBIDDEN,
            "Not a lead",
            "only a lead reads an application's audit trail",
        )));
    }
    let a = stored(&app, &reply, &me, &reference).await?;
    let entries = app.store.trail(&reference).await.or_fail(&reply)?;
    if reply.json {
        return Ok(Json(json!({"reference": reference, "trail": entries})).into_response());
    }
    let words = reply.words();
    let field_label = |id: &str| {
        let field = a.documents.iter().find(|d| d.id == id)?.field.as_str();
        let form = reply.site.form(&a.form)?;
        Some(words.html(&form.data.field(field)?.label))
    };
    let rows: Vec<TrailRow> = entries
        .iter()
        .map(|e| TrailRow {
            at: e.at,
            by: match &e.by {
                By::Staff(name) => Some(name.as_str()),
                By::Applicant => None,
            },
            action: e.action.name(),
            detail: about(&words, e, &field_label),
            from: e.from.as_deref(),
        })
        .collect();
    let page = pages::trail_page(&words, &reference, &rows);
    Ok(reply.page(StatusCode::OK, &page, false))
}

/// What an entry was about, in words: the document's field, the decision's outcome.
fn about(words: &Words, e: &Entry, field_label: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match &e.action {
        Action::Downloaded { document } => field_label(document),
        Action::Decided { outcome } => Some(status_label(words, outcome.as_str())),
        _ => None,
    }
}
