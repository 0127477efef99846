//! `GET /api/review/export?form=&month=YYYY-MM[&personal=1]`: the applications to a form
//! received in a month, as CSV (`views::export`) — for a reviewer who may see the form,
//! without the fields it marks `personal`; with them (`personal=1`) for a lead only.
//! Every application in an export is recorded in its audit trail first (with whether
//! the personal fields were in it): an export the store cannot record is not sent.

use super::audit::Viewer;
use super::reports::form_and_month;
use super::{reviewer, visible_forms};
use crate::app::Shared;
use crate::client::address;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, wants_json};
use applications::audit::{Action, Entry};
use applications::store::Query as StoreQuery;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::Datelike;
use content_model::Lang;
use serde::Deserialize;
use views::export::{ExportRow, applications_csv};

#[derive(Deserialize)]
pub struct ExportQuery {
    lang: Option<String>,
    form: Option<String>,
    month: Option<String>,
    /// `1`: with the personal fields (a lead only).
    personal: Option<String>,
}

pub async fn export(
    State(app): State<Shared>,
    Query(q): Query<ExportQuery>,
    parts: Parts,
) -> Answer {
    let lang = Lang::or_default(q.lang.as_deref());
    let reply = app.reply(lang, wants_json(&parts.headers));
    let claims = reviewer(&app, &parts, &reply)?;
    let personal = match q.personal.as_deref() {
        None | Some("" | "0") => false,
        Some("1") => true,
        Some(other) => {
            return Err(reply.fail(ApiError::malformed(
                "Malformed personal",
                format!("`personal` is 1 or 0, not {other:?}"),
            )));
        }
    };
    if personal && !claims.is_lead() {
        return Err(reply.fail(ApiError::refused(
            StatusCode::FORBIDDEN,
            "Not a lead",
            "only a lead exports the applications' personal fields",
        )));
    }
    let visible = visible_forms(&reply, &claims);
    let (form, month, _) = form_and_month(&reply, &visible, q.form.as_deref(), q.month.as_deref())?;
    let summaries = app
        .store
        .list(&StoreQuery {
            form: Some(form.clone()),
            status: None,
        })
        .await
        .or_fail(&reply)?;
    let mut apps = Vec::new();
    for s in summaries {
        let day = content_model::almaty::date(s.created_at);
        if day.year() != month.year || day.month() != month.month {
            continue;
        }
        // Purged since it was listed: not in the export.
        if let Some(a) = app.store.get(&s.reference).await.or_fail(&reply)? {
            apps.push(a);
        }
    }
    let from = address(&parts);
    let entries: Vec<Entry> = apps
        .iter()
        .map(|a| {
            Entry::staff(
                &a.reference,
                &claims.sub,
                from.clone(),
                Action::Exported { personal },
            )
        })
        .collect();
    let viewer = Viewer {
        app: &app,
        parts: &parts,
        me: &claims,
    };
    viewer.record_all(&reply, entries).await?;
    let definition = reply
        .site
        .form(&form)
        .ok_or_else(|| reply.fail(ApiError::UnknownForm(form.clone())))?;
    let rows: Vec<ExportRow> = apps
        .iter()
        .map(|a| ExportRow {
            reference: &a.reference,
            status: a.status.as_str(),
            received: a.created_at,
            due: a.expected_decision,
            decided_at: a.decided_at,
            decided_by: a.decided_by.as_deref(),
            holder: a.holder.as_deref(),
            rounds: a.rounds.len(),
            documents: a.documents.len(),
            answers: &a.answers,
        })
        .collect();
    let body = format!(
        "{}{}",
        views::csv::BOM,
        applications_csv(&definition.data, &rows, personal)
    );
    let month = String::from(month);
    let suffix = if personal { "-personal" } else { "" };
    let name = format!("attachment; filename=\"applications-{form}-{month}{suffix}.csv\"");
    tracing::info!(form = %form, month = %month, personal, count = rows.len(), "applications exported");
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
