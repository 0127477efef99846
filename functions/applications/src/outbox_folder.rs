//! The local outbox: every e-mail and SMS written to a folder (`.portal/outbox/`) instead
//! of being sent, for `portal serve` and the tests.

use crate::notifier::{SendError, Sender, Sent};
use crate::outbox::{Channel, Message};
use async_trait::async_trait;
use std::path::PathBuf;

/// The local outbox: each e-mail as an `.eml` file, each SMS as a `.txt` file, named by
/// the message id (writing one twice replaces it: no duplicate on a retry).
pub struct OutboxFolder {
    pub dir: PathBuf,
}

#[async_trait]
impl Sender for OutboxFolder {
    async fn send(&self, m: &Message) -> Result<Sent, SendError> {
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| SendError(e.to_string()))?;
        let (name, body) = match m.channel {
            Channel::Email => (format!("{}.eml", m.id), eml(m)),
            Channel::Sms => (
                format!("{}.txt", m.id),
                format!("To: {}\nLang: {}\n\n{}\n", m.to, m.lang, m.text),
            ),
        };
        let path = self.dir.join(&name);
        let tmp = self.dir.join(format!(".{name}.part"));
        tokio::fs::write(&tmp, body)
            .await
            .map_err(|e| SendError(e.to_string()))?;
        tokio::fs::rename(&tmp, &path)
            .await
            .map_err(|e| SendError(e.to_string()))?;
        Ok(Sent::default())
    }

    /// Written is delivered: there is no one further to hand it to.
    fn delivers_on_send(&self) -> bool {
        true
    }
}

/// A MIME message with a plain-text and an HTML part (RFC 2047 subject for Cyrillic).
pub fn eml(m: &Message) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let subject = m.subject.clone().unwrap_or_default();
    let boundary = format!("=_portal_{}", m.id);
    format!(
        "To: {to}\r\nSubject: =?UTF-8?B?{subject}?=\r\nContent-Language: {lang}\r\nMessage-ID: <{id}@portal>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{text}\r\n--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{html}\r\n--{boundary}--\r\n",
        to = m.to,
        subject = b64(&subject),
        lang = m.lang,
        id = m.id,
        text = b64(&m.text),
        html = b64(&m.html_document()),
    )
}
