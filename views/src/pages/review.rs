//! The reviewers' pages: the sign-in, the queue and one application with the decision
//! form. The API hands over what it read from the store; the words are made here.

use super::rounds::{RoundItem, rounds};
use crate::answers;
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape};
use chrono::{DateTime, NaiveDate, Utc};
use content_model::Entry;
use content_model::dates::{date_text, date_time_text};
use content_model::form::{FieldType, Form};
use content_model::placeholders::fill;
use content_model::working_days::Standing;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A status's label (`status_under_review` …) in the page's language.
pub fn status_label(words: &Words, status: &str) -> String {
    words.t(&format!("status_{status}"))
}

/// The reviewers' sign-in: the local accounts' form, or (`hosted`) a link that starts
/// the sign-in at Cognito's hosted UI.
pub fn review_login_page(words: &Words, failed: bool, hosted: bool) -> Page {
    let data = json!({
        "lang": words.lang.code(),
        "failed": failed,
        "hosted": hosted,
        "start": urls::review_start(words.lang),
        "action": urls::review_login(),
    });
    Page::new(
        words,
        urls::review(words.lang),
        PageKind::ReviewLogin,
        words.t("review_title"),
        data,
    )
    .unlisted()
}

/// One row of the queue.
pub struct QueueItem<'a> {
    pub reference: &'a str,
    pub form: &'a str,
    /// The status's key (`under_review` …).
    pub status: &'a str,
    pub received: DateTime<Utc>,
    /// When the decision is due, and how that stands today (under review only).
    pub due: Option<(NaiveDate, Standing)>,
    /// Back with the applicant's answer to a request for information.
    pub answered: bool,
    /// The reviewer who has taken it.
    pub holder: Option<&'a str>,
}

/// What the queue is filtered by.
pub struct QueueFilter<'a> {
    pub form: &'a str,
    pub status: &'a str,
    /// Every status an application can have, in order (the filter's choices).
    pub statuses: &'a [&'a str],
    /// Only those the reviewer has taken.
    pub mine: bool,
    /// The forms the reviewer may see (the filter's choices).
    pub forms: &'a [&'a str],
    /// What was typed into the search box.
    pub q: &'a str,
}

/// The reviewer's queue.
pub fn review_queue_page(
    words: &Words,
    items: &[QueueItem],
    filter: &QueueFilter,
    user: &str,
) -> Page {
    let lang = words.lang;
    let content = words.content;
    let rows: Vec<Value> = items
        .iter()
        .map(|s| {
            json!({
                "reference": s.reference,
                "href": urls::review_application(s.reference, lang),
                "form": content.form(s.form).map(|f| words.html(&f.data.title)).unwrap_or_else(|| escape(s.form)),
                "status": status_label(words, s.status),
                "received": date_time_text(lang, s.received),
                "due": s.due.map(|(d, _)| date_text(lang, d)),
                "tag": s.due.and_then(|(_, standing)| due_tag(words, standing)),
                "answered": s.answered.then(|| words.t("review_answered")),
                "waiting": (s.status == "information_requested").then(|| words.t("review_waiting")),
                "holder": s.holder,
            })
        })
        .collect();
    let count = |want: fn(&Standing) -> bool| {
        items
            .iter()
            .filter(|i| i.due.is_some_and(|(_, s)| want(&s)))
            .count()
    };
    let (today, overdue) = (
        count(|s| *s == Standing::Today),
        count(|s| matches!(s, Standing::Overdue(_))),
    );
    let counts = items.iter().any(|i| i.due.is_some()).then(|| {
        json!({
            "today": fill(&words.t("review_due_today_count"), &[("n", &today.to_string())]),
            "overdue": fill(&words.t("review_overdue_count"), &[("n", &overdue.to_string())]),
        })
    });
    let forms: Vec<Value> = content
        .forms
        .iter()
        .filter(|f| filter.forms.contains(&f.slug.as_str()))
        .map(|f| json!({"slug": f.slug, "title": words.html(&f.data.title), "selected": f.slug == filter.form}))
        .collect();
    let statuses: Vec<Value> = filter
        .statuses
        .iter()
        .map(|s| json!({"value": s, "label": status_label(words, s), "selected": *s == filter.status}))
        .collect();
    let data = json!({
        "lang": lang.code(),
        "rows": rows,
        "counts": counts,
        "forms": forms,
        "statuses": statuses,
        "form": filter.form,
        "mine": filter.mine,
        "q": filter.q,
        "not_found": (!filter.q.is_empty() && items.is_empty())
            .then(|| fill(&words.t("review_find_none"), &[("q", filter.q)])),
        "user": user,
        "logout": urls::review_logout(lang),
        "reports": format!("{}?lang={}", urls::api::REVIEW_REPORTS, lang.code()),
        "action": urls::review_queue_action(),
    });
    Page::new(
        words,
        urls::review(lang),
        PageKind::ReviewQueue,
        words.t("review_queue"),
        data,
    )
    .unlisted()
}

/// The tag of an application due today or late (GOV.UK's yellow and red tags); none
/// for one due later, whose date says enough.
fn due_tag(words: &Words, standing: Standing) -> Option<Value> {
    match standing {
        Standing::Later(_) => None,
        Standing::Today => Some(json!({"text": words.t("review_due_today"), "class": "tag-today"})),
        Standing::Overdue(n) => Some(json!({
            "text": words.plural("review_overdue", n.into()),
            "class": "tag-overdue",
        })),
    }
}

/// A document of an application, as the reviewer sees it listed.
pub struct ReviewDocument<'a> {
    pub id: &'a str,
    pub field: &'a str,
    pub name: &'a str,
    pub size: u64,
}

/// One application, as the reviewer sees it.
pub struct ReviewDetail<'a> {
    pub reference: &'a str,
    pub form: Option<&'a Entry<Form>>,
    /// The status's key.
    pub status: &'a str,
    pub answers: &'a BTreeMap<String, String>,
    pub documents: Vec<ReviewDocument<'a>>,
    /// Who decided, and when.
    pub decided: Option<(&'a str, Option<DateTime<Utc>>)>,
    pub reason: Option<&'a str>,
    /// A notice above the answers (someone decided first).
    pub notice: Option<String>,
    /// (field, message) of the decision form.
    pub errors: &'a [(String, String)],
    /// Not decided yet.
    pub status_open: bool,
    /// The revision shown: the decision form sends it back, so that a decision made
    /// on a page older than the application is refused.
    pub revision: u64,
    /// The requests for more information, with their answers.
    pub rounds: Vec<RoundItem<'a>>,
    /// Who has taken it.
    pub holder: Option<&'a str>,
    /// Staff's notes: when, who, what.
    pub notes: Vec<(DateTime<Utc>, &'a str, &'a str)>,
    /// The reviewer looking, and whether they are a lead.
    pub me: (&'a str, bool),
    /// Every message to the applicant, oldest first.
    pub messages: Vec<ReviewMessage<'a>>,
}

/// One application for a reviewer: answers, documents and the decision form.
/// A message to the applicant, as a reviewer sees it: what it was about, by which
/// channel, and what became of it — never its address or text.
pub struct ReviewMessage<'a> {
    /// The notification event (`submitted`, `approved`…).
    pub event: &'a str,
    /// `email` or `sms`.
    pub channel: &'a str,
    /// The send state (`pending`, `sent`, `failed`, `suppressed`).
    pub status: &'a str,
    /// The provider's later report (`delivered`, `bounced`…), if any.
    pub outcome: Option<&'a str>,
    /// When it was sent, or last tried.
    pub at: Option<DateTime<Utc>>,
}

/// The words and tag colour of a message's state: the provider's report if there is
/// one, else the send state.
fn message_state(words: &Words, m: &ReviewMessage) -> Value {
    let key = m.outcome.unwrap_or(m.status);
    let class = match key {
        "delivered" => "tag-green",
        "bounced" | "complained" | "failed" | "not_delivered" => "tag-red",
        "suppressed" => "tag-grey",
        _ => "tag-blue",
    };
    json!({"key": key, "text": words.t(&format!("message_state_{key}")), "class": class})
}

pub fn review_detail_page(words: &Words, a: &ReviewDetail) -> Page {
    let lang = words.lang;
    let form = a.form.map(|f| &f.data);
    let rows: Vec<Value> = form
        .map(|f| {
            f.fields()
                .filter(|x| x.kind != FieldType::Files)
                .filter_map(|x| {
                    let v = a.answers.get(&x.name)?;
                    Some(json!({"key": words.html(&x.label), "value": answers::shown(words, x, v)}))
                })
                .collect()
        })
        .unwrap_or_default();
    let documents: Vec<Value> = a
        .documents
        .iter()
        .map(|d| {
            json!({
                "href": urls::review_document(a.reference, d.id),
                "name": d.name,
                // A document sent with an answer to a request for information has no
                // field of the form.
                "field": form
                    .and_then(|f| f.field(d.field))
                    .map(|x| words.html(&x.label))
                    .unwrap_or_else(|| words.t("review_answer_document")),
                "size": format!("{} KB", d.size.div_ceil(1024)),
            })
        })
        .collect();
    let error_for = |k: &str| {
        a.errors
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, m)| m.clone())
    };
    let data = json!({
        "lang": lang.code(),
        "reference": a.reference,
        "form": form.map(|f| words.html(&f.title)).unwrap_or_default(),
        "status": status_label(words, a.status),
        "status_key": a.status,
        "rows": rows,
        "documents": documents,
        "decided": a.decided.map(|(by, at)| format!("{by}, {}", at.map(|t| date_time_text(lang, t)).unwrap_or_default())),
        "reason": a.reason,
        "notice": a.notice,
        "errors": a.errors.iter().map(|(f, m)| json!({"href": format!("#f-{f}{}", if f == "outcome" { "-0" } else { "" }), "message": m})).collect::<Vec<_>>(),
        "outcome_error": error_for("outcome"),
        "reason_error": error_for("reason"),
        "message_error": error_for("message"),
        "revision": a.revision,
        "can_request": a.status == "under_review",
        "waiting": a.status == "information_requested",
        "rounds": rounds(words, &a.rounds),
        "holder": a.holder,
        "notes": a.notes.iter().map(|(at, by, text)| json!({"at": date_time_text(lang, *at), "by": by, "text": text})).collect::<Vec<_>>(),
        "notes_action": urls::review_notes(a.reference, lang),
        "trail": a.me.1.then(|| urls::review_trail(a.reference, lang)),
        "messages": a.messages.iter().map(|m| json!({
            "event": words.t(&format!("message_event_{}", m.event)),
            "channel": words.t(&format!("message_channel_{}", m.channel)),
            "state": message_state(words, m),
            "at": m.at.map(|t| date_time_text(lang, t)),
        })).collect::<Vec<_>>(),
        "email_bounced": a.messages.iter().any(|m| m.channel == "email" && matches!(m.outcome, Some("bounced" | "complained" | "not_delivered"))),
        "note_error": error_for("note"),
        "assignment": urls::review_assignment(a.reference, lang),
        // Take: open and nobody's; release: yours, or a lead's to release.
        "can_take": a.status_open && a.holder.is_none(),
        "can_release": a.status_open && a.holder.is_some_and(|h| h == a.me.0 || a.me.1),
        "queue": urls::review_queue(lang),
        "action": urls::review_decision(a.reference, lang),
    });
    Page::new(
        words,
        urls::review(lang),
        PageKind::ReviewDetail,
        a.reference.to_string(),
        data,
    )
    .unlisted()
}
