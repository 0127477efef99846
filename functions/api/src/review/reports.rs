//! `GET /api/review/reports?form=&month=YYYY-MM[&format=csv]`: a form's month in figures
//! for the head of the centre (`applications::report`), as a page with a chart, as JSON,
//! or as CSV. Only the forms the reviewer may see.

use super::{reviewer, visible_forms};
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::{Answer, Failure, OrFail, Reply, html, wants_json};
use applications::report::month_report;
use applications::store::Query as StoreQuery;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::{Datelike, Utc};
use content_model::Lang;
use content_model::deadline::YearMonth;
use serde::Deserialize;
use serde_json::json;
use views::pages::{self, ReportFigures};

#[derive(Deserialize)]
pub struct ReportQuery {
    lang: Option<String>,
    form: Option<String>,
    month: Option<String>,
    format: Option<String>,
}

/// The months offered: this one and the eleven before it.
fn recent_months(now: YearMonth) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (now.year, now.month);
    for _ in 0..12 {
        out.push(String::from(YearMonth { year: y, month: m }));
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    out
}

/// The form (one the reviewer may see; the first, if none is named) and the month (this
/// one, if none is named) a report or an export is about; and this month.
pub(super) fn form_and_month(
    reply: &Reply,
    visible: &[&str],
    form: Option<&str>,
    month: Option<&str>,
) -> Result<(String, YearMonth, YearMonth), Failure> {
    let form = match form.filter(|f| !f.is_empty()) {
        Some(f) if visible.contains(&f) => f.to_string(),
        Some(f) => return Err(reply.fail(ApiError::UnknownForm(f.to_string()))),
        None => match visible.first() {
            Some(f) => f.to_string(),
            None => return Err(reply.fail(ApiError::not_found("no form to report on"))),
        },
    };
    let today = content_model::almaty::date(Utc::now());
    let this_month = YearMonth {
        year: today.year(),
        month: today.month(),
    };
    let month = match month.filter(|m| !m.is_empty()) {
        None => this_month,
        Some(m) => YearMonth::try_from(m.to_string()).map_err(|e| {
            reply.fail(ApiError::malformed(
                "Malformed month",
                format!("{e}: write YYYY-MM"),
            ))
        })?,
    };
    Ok((form, month, this_month))
}

pub async fn reports(
    State(app): State<Shared>,
    Query(q): Query<ReportQuery>,
    parts: Parts,
) -> Answer {
    let lang = Lang::or_default(q.lang.as_deref());
    let reply = app.reply(lang, wants_json(&parts.headers));
    let claims = reviewer(&app, &parts, &reply)?;
    let visible = visible_forms(&reply, &claims);
    let (form, month, this_month) =
        form_and_month(&reply, &visible, q.form.as_deref(), q.month.as_deref())?;
    let list = app
        .store
        .list(&StoreQuery {
            form: Some(form.clone()),
            status: None,
        })
        .await
        .or_fail(&reply)?;
    let r = month_report(&list, month, &reply.site.calendar);
    let month_text = String::from(month);
    let figures = ReportFigures {
        form: &form,
        month: &month_text,
        received: r.received,
        decided: r.decided,
        approved: r.approved,
        refused: r.refused,
        returned: r.returned,
        withdrawn: r.withdrawn,
        median_days: r.median_days,
        p90_days: r.p90_days,
        over_limit: r.over_limit,
        days: &r.days,
    };
    let words = reply.words();
    if q.format.as_deref() == Some("csv") {
        let body = format!(
            "{}{}",
            views::csv::BOM,
            pages::report::csv(&words, &figures)
        );
        let name = format!("attachment; filename=\"report-{form}-{month_text}.csv\"");
        return Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, name),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response());
    }
    if reply.json {
        let figures: serde_json::Map<String, serde_json::Value> = pages::report::rows(&figures)
            .into_iter()
            .map(|(k, v)| (k.trim_start_matches("report_").to_string(), json!(v)))
            .collect();
        return Ok(
            Json(json!({"form": form, "month": month_text, "figures": figures})).into_response(),
        );
    }
    let mut months = recent_months(this_month);
    if !months.contains(&month_text) {
        months.push(month_text.clone());
    }
    let page = pages::report_page(&words, &figures, &visible, &months, claims.is_lead());
    Ok(html(StatusCode::OK, reply.site.render(&page, false)))
}
