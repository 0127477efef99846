//! `GET /api/review/applications?form=&status=&mine=1&q=`: the queue, the soonest due
//! first, with how each application under review stands against its due date in working
//! days and who has taken it (`mine`: only the reviewer's own; `q`: those found by a
//! reference, an IIN or passport number, or a name, [`applications::find`]). Always
//! within the forms the reviewer may see.

use super::{reviewer, visible_forms};
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, html, wants_json};
use applications::application::{Status, Summary};
use applications::find::Find;
use applications::store::Query as StoreQuery;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use content_model::Lang;
use serde::Deserialize;
use serde_json::json;
use std::cmp::Ordering;
use views::pages::{self, QueueFilter, QueueItem};

/// Longer than any reference, number or name.
const MAX_SEARCH: usize = 200;

#[derive(Deserialize)]
pub struct QueueQuery {
    lang: Option<String>,
    form: Option<String>,
    status: Option<String>,
    /// `1`: only the applications the reviewer has taken.
    mine: Option<String>,
    /// What to find: a reference, an IIN or passport number, or a name.
    q: Option<String>,
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
                "status is one of under_review, information_requested, approved, refused, withdrawn",
            )));
        }
        Some(Some(s)) => Some(s),
        None => None,
    };
    let typed = q.q.as_deref().map(str::trim).unwrap_or("");
    if typed.chars().count() > MAX_SEARCH {
        return Err(reply.fail(ApiError::malformed(
            "Search too long",
            format!("`q` is at most {MAX_SEARCH} characters"),
        )));
    }
    let filters = StoreQuery {
        form: form.clone(),
        status: status_filter,
    };
    let visible = |s: &Summary| {
        claims.may_see(&s.form)
            && filters.form.as_ref().is_none_or(|f| *f == s.form)
            && filters.status.is_none_or(|st| st == s.status)
    };
    let candidates = Find::candidates(typed);
    let mut list = Vec::new();
    if candidates.is_empty() {
        list = app.store.list(&filters).await.or_fail(&reply)?;
        list.retain(|s| visible(s));
    }
    // What was typed may be a reference, a number or a name: the first that finds any.
    let mut listed: Option<Vec<Summary>> = None;
    for find in &candidates {
        let found: Vec<Summary> = match find {
            // One read, not the whole queue.
            Find::Reference(r) => app
                .store
                .get(r)
                .await
                .or_fail(&reply)?
                .map(|a| a.summary())
                .into_iter()
                .filter(|s| visible(s))
                .collect(),
            _ => {
                if listed.is_none() {
                    listed = Some(app.store.list(&filters).await.or_fail(&reply)?);
                }
                listed
                    .iter()
                    .flatten()
                    .filter(|s| visible(s))
                    .filter(|s| find.matches(&app.secret, &s.reference, &s.form, &s.keys))
                    .cloned()
                    .collect()
            }
        };
        if !found.is_empty() {
            list = found;
            break;
        }
    }
    let mine = q.mine.as_deref() == Some("1");
    if mine {
        list.retain(|s| s.holder.as_deref() == Some(claims.sub.as_str()));
    }
    list.sort_by(|a, b| queue_order(&key(a), &key(b)));
    if reply.json {
        // What it is found by stays on the server.
        let shown: Vec<serde_json::Value> = list
            .iter()
            .map(|s| {
                let mut v = json!(s);
                if let Some(o) = v.as_object_mut() {
                    o.remove("keys");
                }
                v
            })
            .collect();
        return Ok(Json(json!({"applications": shown})).into_response());
    }
    let today = content_model::almaty::date(Utc::now());
    let items: Vec<QueueItem> = list
        .iter()
        .map(|s| QueueItem {
            reference: &s.reference,
            form: &s.form,
            status: s.status.as_str(),
            received: s.created_at,
            due: s.due.map(|d| (d, reply.site.calendar.standing(d, today))),
            answered: s.answered,
            holder: s.holder.as_deref(),
        })
        .collect();
    let statuses = Status::ALL.map(Status::as_str);
    let visible = visible_forms(&reply, &claims);
    let filter = QueueFilter {
        form: form.as_deref().unwrap_or(""),
        status: status.unwrap_or(""),
        statuses: &statuses,
        mine,
        forms: &visible,
        q: typed,
    };
    let page = pages::review_queue_page(&reply.words(), &items, &filter, &claims.sub);
    Ok(html(StatusCode::OK, reply.site.render(&page, false)))
}

/// What the queue is sorted by: whether an application is still open, its due date
/// (none while the applicant is asked for information) and when it came in.
type QueueKey = (bool, Option<NaiveDate>, DateTime<Utc>);

fn key(s: &Summary) -> QueueKey {
    (s.status.is_open(), s.due, s.created_at)
}

/// The open ones first: the soonest due first (the older first on the same day), then
/// those without a due date (waiting for the applicant), oldest first; then the decided,
/// newest first.
fn queue_order(a: &QueueKey, b: &QueueKey) -> Ordering {
    match (a.0, b.0) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => b.2.cmp(&a.2),
        (true, true) => match (a.1, b.1) {
            (Some(x), Some(y)) => x.cmp(&y).then(a.2.cmp(&b.2)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.2.cmp(&b.2),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_puts_the_soonest_due_first_and_the_decided_last() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let t = |h: u32| d("2026-12-01").and_hms_opt(h, 0, 0).unwrap().and_utc();
        let mut items: Vec<QueueKey> = vec![
            (false, None, t(9)),
            (true, None, t(12)),
            (true, Some(d("2026-12-10")), t(8)),
            (false, None, t(11)),
            (true, Some(d("2026-12-03")), t(10)),
            (true, None, t(6)),
            (true, Some(d("2026-12-03")), t(7)),
        ];
        items.sort_by(queue_order);
        assert_eq!(
            items,
            vec![
                (true, Some(d("2026-12-03")), t(7)),
                (true, Some(d("2026-12-03")), t(10)),
                (true, Some(d("2026-12-10")), t(8)),
                (true, None, t(6)),
                (true, None, t(12)),
                (false, None, t(11)),
                (false, None, t(9)),
            ]
        );
    }
}
