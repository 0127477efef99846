//! `POST /api/review/applications/{reference}/decision`: approve, or refuse with a
//! reason. Of two concurrent decisions exactly one wins; the other gets 409.

use super::detail::{no_application, page, stored};
use super::{reviewer, same_origin};
use crate::app::Shared;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, see_other, wants_json};
use applications::application::{Decision, Status};
use applications::store::DecideOutcome;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::Utc;
use content_model::placeholders::fill;
use serde::Deserialize;
use serde_json::{Value, json};
use views::{pages, urls};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    outcome: Option<String>,
    reason: Option<String>,
    lang: Option<String>,
}

pub async fn decide(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let parsed: Result<DecisionBody, String> = if parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
    {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|e| e.to_string())
    };
    let reply = app.reply(q.lang(), wants_json(&parts.headers));
    let claims = reviewer(&app, &parts, &reply)?;
    same_origin(&app, &parts.headers, &reply)?;
    let parsed = parsed.map_err(|e| reply.fail(ApiError::malformed("Malformed body", e)))?;
    let reply = reply.in_lang(q.or_body(parsed.lang.as_deref()));
    let words = reply.words();
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
        errors.push(("outcome".to_string(), words.t("err_outcome")));
    }
    if outcome == Some(Status::Refused) && reason.is_none() {
        errors.push(("reason".to_string(), words.t("err_reason")));
    }
    let Some(outcome) = outcome.filter(|_| errors.is_empty()) else {
        if reply.json {
            let list: Vec<Value> = errors
                .iter()
                .map(|(f, m)| json!({"field": f, "message": m}))
                .collect();
            return Err(reply.fail(
                ApiError::invalid("Invalid decision", "see `errors`").with(json!({"errors": list})),
            ));
        }
        let a = stored(&app, &reply, &reference).await?;
        return Ok(page(
            &reply,
            &a,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let decision = Decision {
        outcome,
        reason: if outcome == Status::Refused {
            reason
        } else {
            None
        },
        by: claims.sub.clone(),
        at: Utc::now(),
    };
    let site = reply.site.clone();
    let outcome = applications::decide(
        app.store.as_ref(),
        &app.office(&site),
        &reference,
        &decision,
    )
    .await
    .or_fail(&reply)?;
    match outcome {
        DecideOutcome::Decided(a) => {
            tracing::info!(reference = %a.reference, outcome = a.status.as_str(), "decided");
            if reply.json {
                return Ok(Json(json!({"reference": a.reference, "status": a.status.as_str(), "decided_by": a.decided_by, "decided_at": a.decided_at})).into_response());
            }
            Ok(see_other(&urls::review_application(&reference, reply.lang)))
        }
        DecideOutcome::Conflict { current } => {
            let label = pages::status_label(&words, current.as_str());
            let text = fill(&words.t("review_conflict"), &[("status", &label)]);
            if reply.json {
                return Err(reply.fail(
                    ApiError::refused(StatusCode::CONFLICT, "Already decided", text)
                        // `status` is the problem's HTTP status (RFC 9457).
                        .with(json!({"current_status": current.as_str()})),
                ));
            }
            let a = stored(&app, &reply, &reference).await?;
            Ok(page(&reply, &a, &[], Some(text), StatusCode::CONFLICT))
        }
        DecideOutcome::NotFound => Err(reply.fail(no_application(&reference))),
    }
}
