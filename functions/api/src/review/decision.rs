//! `POST /api/review/applications/{reference}/decision`: approve, refuse with a reason,
//! or return the application to the applicant with what is missing. Of two concurrent
//! changes exactly one wins; the other gets 409, as does a change made on a page older
//! than the application (`revision`: the applicant answered meanwhile, say).

use super::audit::Viewer;
use super::change_body;
use super::detail::{no_application, page, stored};
use crate::app::Shared;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, Reply, see_other};
use applications::application::{Application, Decision, DecisionError, Status};
use applications::information::InformationError;
use applications::request::{Request, request_information};
use applications::store::change::Changed;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
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
    /// What is missing (`information_requested`).
    message: Option<String>,
    /// The revision the reviewer saw (the page's hidden field).
    revision: Option<String>,
    lang: Option<String>,
}

/// Why a change was refused, as the reviewer is told (409).
pub(super) enum Conflict {
    Decided(Status),
    Changed,
    /// Another reviewer has taken it.
    Held(String),
}

impl From<DecisionError> for Conflict {
    fn from(e: DecisionError) -> Conflict {
        match e {
            DecisionError::AlreadyDecided(s) => Conflict::Decided(s),
            DecisionError::HeldBy(h) => Conflict::Held(h),
            _ => Conflict::Changed,
        }
    }
}

impl From<InformationError> for Conflict {
    fn from(e: InformationError) -> Conflict {
        match e {
            InformationError::NotNow(s) if !s.is_open() => Conflict::Decided(s),
            InformationError::HeldBy(h) => Conflict::Held(h),
            _ => Conflict::Changed,
        }
    }
}

impl Conflict {
    /// The problem's title and the words the reviewer reads.
    pub(super) fn told(&self, words: &views::Words) -> (&'static str, String) {
        match self {
            Conflict::Decided(status) => (
                "Already decided",
                fill(
                    &words.t("review_conflict"),
                    &[("status", &pages::status_label(words, status.as_str()))],
                ),
            ),
            Conflict::Changed => ("Changed meanwhile", words.t("review_changed")),
            Conflict::Held(name) => (
                "Taken by another reviewer",
                fill(&words.t("review_held"), &[("name", name)]),
            ),
        }
    }
}

pub async fn decide(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (reply, claims, parsed): (_, _, DecisionBody) = change_body(&app, &parts, &body, q.lang())?;
    let reply = reply.in_lang(q.or_body(parsed.lang.as_deref()));
    let words = reply.words();
    let outcome = parsed
        .outcome
        .as_deref()
        .and_then(Status::parse)
        .filter(|s| {
            matches!(
                s,
                Status::Approved | Status::Refused | Status::InformationRequested
            )
        });
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    };
    let (reason, message) = (text(&parsed.reason), text(&parsed.message));
    let seen = match parsed.revision.as_deref().map(str::parse::<u64>) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            return Err(reply.fail(ApiError::malformed("Malformed revision", e.to_string())));
        }
    };
    let mut errors = Vec::new();
    if outcome.is_none() {
        errors.push(("outcome".to_string(), words.t("err_outcome")));
    }
    if outcome == Some(Status::Refused) && reason.is_none() {
        errors.push(("reason".to_string(), words.t("err_reason")));
    }
    if outcome == Some(Status::InformationRequested) && message.is_none() {
        errors.push(("message".to_string(), words.t("err_request_message")));
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
        let a = stored(&app, &reply, &claims, &reference).await?;
        let viewer = Viewer {
            app: &app,
            parts: &parts,
            me: &claims,
        };
        return page(
            viewer,
            &reply,
            &a,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    // Only an application to a form the reviewer is given.
    stored(&app, &reply, &claims, &reference).await?;
    let site = reply.site.clone();
    let office = app.office(&site);
    let at = Utc::now();
    let changed: Changed<Conflict> = if outcome == Status::InformationRequested {
        let request = Request {
            message: message.as_deref().unwrap_or_default(),
            by: &claims.sub,
            at,
            seen,
            lead: claims.is_lead(),
            from: crate::client::address(&parts),
        };
        request_information(app.store.as_ref(), &office, &reference, &request)
            .await
            .or_fail(&reply)?
            .map_refusal(Conflict::from)
    } else {
        let decision = Decision {
            outcome,
            reason: if outcome == Status::Refused {
                reason
            } else {
                None
            },
            by: claims.sub.clone(),
            at,
            seen,
            lead: claims.is_lead(),
        };
        let from = crate::client::address(&parts);
        applications::decide(app.store.as_ref(), &office, &reference, &decision, from)
            .await
            .or_fail(&reply)?
            .map_refusal(Conflict::from)
    };
    match changed {
        Changed::Done(a) => {
            tracing::info!(reference = %a.reference, status = a.status.as_str(), "changed by a reviewer");
            if reply.json {
                return Ok(Json(done_json(&a)).into_response());
            }
            Ok(see_other(&urls::review_application(&reference, reply.lang)))
        }
        Changed::Refused(conflict, current) => {
            let viewer = Viewer {
                app: &app,
                parts: &parts,
                me: &claims,
            };
            conflicted(viewer, &reply, &conflict, &current).await
        }
        Changed::NotFound => Err(reply.fail(no_application(&reference))),
    }
}

fn done_json(a: &Application) -> Value {
    json!({
        "reference": a.reference,
        "status": a.status.as_str(),
        "revision": a.revision,
        "decided_by": a.decided_by,
        "decided_at": a.decided_at,
    })
}

/// A change refused because of what others did first (409), as JSON or the
/// application's page with a notice.
pub(super) async fn conflicted(
    viewer: Viewer<'_>,
    reply: &Reply,
    conflict: &Conflict,
    current: &Application,
) -> Answer {
    let (title, text) = conflict.told(&reply.words());
    if reply.json {
        return Err(reply.fail(
            ApiError::refused(StatusCode::CONFLICT, title, text)
                // `status` is the problem's HTTP status (RFC 9457).
                .with(json!({
                    "current_status": current.status.as_str(),
                    "revision": current.revision,
                    "holder": current.holder,
                })),
        ));
    }
    page(
        viewer,
        reply,
        current,
        &[],
        Some(text),
        StatusCode::CONFLICT,
    )
    .await
}
