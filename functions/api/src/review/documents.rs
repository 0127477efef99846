//! `GET /api/review/applications/{reference}/documents/{document}`: a document of an
//! application, for reviewers only, never cached, never shown inline.

use super::audit::Viewer;
use super::reviewer;
use crate::app::Shared;
use crate::error::ApiError;
use crate::reply::{Answer, OrFail, Reply, wants_json};
use applications::audit::Action;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use content_model::Lang;

pub async fn document(
    State(app): State<Shared>,
    Path((reference, id)): Path<(String, String)>,
    parts: Parts,
) -> Answer {
    let reply = app.reply(Lang::Kk, wants_json(&parts.headers));
    let me = reviewer(&app, &parts, &reply)?;
    // A download, not a page: whatever goes wrong from here is said as problem+json.
    let reply = Reply {
        json: true,
        ..reply
    };
    let a = app
        .store
        .get(&reference)
        .await
        .or_fail(&reply)?
        .filter(|a| me.may_see(&a.form))
        .ok_or_else(|| reply.fail(ApiError::not_found("no such application")))?;
    let doc = a
        .documents
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| reply.fail(ApiError::not_found("no such document")))?;
    let viewer = Viewer {
        app: &app,
        parts: &parts,
        me: &me,
    };
    let downloaded = Action::Downloaded {
        document: doc.id.clone(),
    };
    viewer.record(&reply, &reference, downloaded).await?;
    // Never more than was checked when it was attached.
    let bytes = app
        .files
        .get(&doc.key, doc.size)
        .await
        .map_err(|_| reply.fail(ApiError::not_found("the document is no longer kept")))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&doc.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
