//! Messages to applicants, written in the same transaction as the state change that
//! causes them (a transactional outbox), then sent by the notifier at least once and,
//! thanks to their ids, never twice.

use crate::application::Application;
use chrono::{DateTime, Utc};
use content_model::markup::escape;
use content_model::notification::Event;
use content_model::placeholders::fill;
use content_model::{Content, Lang};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// As in message ids and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Pending,
    Sent,
    /// Gave up after the last retry.
    Failed,
    /// Never sent: the recipient had been sent the day's most messages already (a
    /// script pumping SMS to a number it chose). Kept, so that staff can see it.
    Suppressed,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Pending => "pending",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
            Delivery::Suppressed => "suppressed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// `<reference>-<event>-<channel>`: the idempotency key of the send.
    pub id: String,
    pub reference: String,
    pub event: Event,
    pub channel: Channel,
    pub lang: Lang,
    /// An e-mail address or a +77… number (personal data: never logged).
    pub to: String,
    pub subject: Option<String>,
    pub text: String,
    pub html: Option<String>,
    pub status: Delivery,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// What its provider reported after sending ([`crate::receipt`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<crate::receipt::Receipt>,
}

/// Values for the templates' placeholders.
pub struct Placeholders<'a> {
    pub form_title: &'a str,
    pub status_url: &'a str,
    pub decision_date: Option<&'a str>,
}

fn paragraphs_to_html(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Message {
    /// The HTML part of an e-mail as a whole document in the applicant's language (its
    /// paragraphs, or the text as one).
    pub fn html_document(&self) -> String {
        let body = match &self.html {
            Some(html) => html.clone(),
            None => format!("<p>{}</p>", escape(&self.text)),
        };
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><body>{body}</body></html>",
            self.lang
        )
    }
}

/// The e-mail and SMS for an event, in the applicant's language, to the contacts the
/// applicant gave (fields of type `email` and `phone`).
pub fn messages_for(
    content: &Content,
    app: &Application,
    event: Event,
    values: &Placeholders,
    now: DateTime<Utc>,
) -> Vec<Message> {
    let Some(template) = content.notifications.events.get(&event) else {
        return Vec::new();
    };
    let form = content.form(&app.form);
    let contact = |kind: content_model::form::FieldType| {
        form.and_then(|f| f.data.fields().find(|x| x.kind == kind))
            .and_then(|f| app.answers.get(&f.name))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let lang = app.lang;
    let reason = app.reason.clone().unwrap_or_default();
    let mut vars: Vec<(&str, &str)> = vec![
        ("reference", &app.reference),
        ("form", values.form_title),
        ("reason", &reason),
        ("status_url", values.status_url),
    ];
    if let Some(d) = values.decision_date {
        vars.push(("decision_date", d));
    }
    let render = |t: &content_model::Text| {
        let text = fill(t.or_empty(lang), &vars);
        // Without a decision date, drop the sentence that would name it.
        if values.decision_date.is_none() {
            text.split("\n\n")
                .filter(|p| !p.contains("{decision_date}"))
                .collect::<Vec<_>>()
                .join("\n\n")
        } else {
            text
        }
    };
    let base = |channel: Channel, to: String| Message {
        id: format!("{}-{}-{}", app.reference, event.as_str(), channel.as_str()),
        reference: app.reference.clone(),
        event,
        channel,
        lang,
        to,
        subject: None,
        text: String::new(),
        html: None,
        status: Delivery::Pending,
        attempts: 0,
        last_error: None,
        next_attempt_at: now,
        sent_at: None,
        receipt: None,
    };
    let mut out = Vec::new();
    if let Some(email) = contact(content_model::form::FieldType::Email) {
        let body = render(&template.email_body);
        out.push(Message {
            subject: Some(render(&template.email_subject)),
            html: Some(paragraphs_to_html(&body)),
            text: body,
            ..base(Channel::Email, email)
        });
    }
    if let Some(phone) = contact(content_model::form::FieldType::Phone) {
        out.push(Message {
            text: render(&template.sms),
            ..base(Channel::Sms, phone)
        });
    }
    out
}

/// A name safe to show in logs: the channel and the reference, never the address.
pub fn log_label(m: &Message) -> String {
    format!("{} {:?} {:?}", m.reference, m.event, m.channel)
}
