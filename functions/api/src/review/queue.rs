//! `GET /api/review/applications?form=&status=`: the queue.

use super::reviewer;
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, html, wants_json};
use applications::application::Status;
use applications::store::Query as StoreQuery;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use content_model::Lang;
use serde::Deserialize;
use serde_json::json;
use views::pages::{self, QueueFilter, QueueItem};

#[derive(Deserialize)]
pub struct QueueQuery {
    lang: Option<String>,
    form: Option<String>,
    status: Option<String>,
}

pub async fn queue(State(app): State<Shared>, Query(q): Query<QueueQuery>, parts: Parts) -> Answer {
    let lang = Lang::or_default(q.lang.as_deref());
    let reply = app.reply(lang, wants_json(&parts.headers));
    let claims = reviewer(&app, &parts, &reply)?;
    let form = q.form.clone().filter(|f| !f.is_empty());
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let status_filter = match status.map(Status::parse) {
        Some(None) => {
            return Err(reply.fail(ApiError::malformed(
                "Unknown status",
                "status is under_review, approved or refused",
            )));
        }
        Some(Some(s)) => Some(s),
        None => None,
    };
    let list = app
        .store
        .list(&StoreQuery {
            form: form.clone(),
            status: status_filter,
        })
        .await
        .or_fail(&reply)?;
    if reply.json {
        return Ok(Json(json!({"applications": list})).into_response());
    }
    let items: Vec<QueueItem> = list
        .iter()
        .map(|s| QueueItem {
            reference: &s.reference,
            form: &s.form,
            status: s.status.as_str(),
            received: s.created_at,
        })
        .collect();
    let statuses = Status::ALL.map(Status::as_str);
    let filter = QueueFilter {
        form: form.as_deref().unwrap_or(""),
        status: status.unwrap_or(""),
        statuses: &statuses,
    };
    let page = pages::review_queue_page(&reply.words(), &items, &filter, &claims.sub);
    Ok(html(StatusCode::OK, reply.site.render(&page, false)))
}
