//! `POST /api/review/applications/{reference}/assignment` (`action=take|release`): a
//! reviewer takes an application, which then is theirs to decide, or releases it. Of
//! two reviewers who take it at once exactly one gets it; the other is told who did.
//! Only its holder, or a lead, releases it.

use super::audit::Viewer;
use super::change_body;
use super::decision::{Conflict, conflicted};
use super::detail::{no_application, stored};
use crate::app::Shared;
use crate::client::LangQuery;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, see_other};
use applications::assign::{Assignment, assign};
use applications::assignment::{AssignmentError, Reviewer};
use applications::store::change::Changed;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use views::urls;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentBody {
    action: String,
    lang: Option<String>,
}

pub async fn assignment(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (reply, claims, parsed): (_, _, AssignmentBody) =
        change_body(&app, &parts, &body, q.lang())?;
    let reply = reply.in_lang(q.or_body(parsed.lang.as_deref()));
    let what = match parsed.action.as_str() {
        "take" => Assignment::Take,
        "release" => Assignment::Release,
        other => {
            return Err(reply.fail(ApiError::invalid(
                "Unknown action",
                format!("`action` is `take` or `release`, not {other:?}"),
            )));
        }
    };
    stored(&app, &reply, &claims, &reference).await?;
    let who = Reviewer {
        name: &claims.sub,
        lead: claims.is_lead(),
    };
    let from = crate::client::address(&parts);
    let changed = assign(app.store.as_ref(), &reference, what, who, from)
        .await
        .or_fail(&reply)?;
    match changed {
        Changed::Done(a) => {
            if reply.json {
                let body =
                    json!({"reference": a.reference, "holder": a.holder, "revision": a.revision});
                return Ok(Json(body).into_response());
            }
            Ok(see_other(&urls::review_application(&reference, reply.lang)))
        }
        Changed::Refused(e, current) => {
            let conflict = match e {
                AssignmentError::HeldBy(h) => Conflict::Held(h),
                AssignmentError::Closed(s) => Conflict::Decided(s),
                AssignmentError::NotHeld => Conflict::Changed,
            };
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
