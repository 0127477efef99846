//! Internal notes on an application: what staff tell each other about it, with author
//! and time. Only reviewers see them (never the status page, never a message); they are
//! kept and deleted with the application.

use crate::application::{Application, Note};
use crate::audit::{Action, Entry};
use crate::store::change::{Changed, change};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

/// The longest note, in characters (a few paragraphs).
pub const MAX_NOTE: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("a note needs a text")]
    Empty,
    #[error("a note holds at most {MAX_NOTE} characters")]
    TooLong,
}

/// A note's text, trimmed, or why it cannot be one.
pub fn checked(text: &str) -> Result<&str, NoteError> {
    let text = text.trim();
    if text.is_empty() {
        Err(NoteError::Empty)
    } else if text.chars().count() > MAX_NOTE {
        Err(NoteError::TooLong)
    } else {
        Ok(text)
    }
}

/// Add a note to `reference` (any reviewer, whoever holds it; a decided application
/// too: a note may say what happened after). `from` is the author's network address,
/// for the audit trail (which never holds the note's text).
pub async fn add_note(
    store: &dyn Store,
    reference: &str,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
    from: Option<String>,
) -> Result<Changed<NoteError>, StoreError> {
    let text = match checked(text) {
        Ok(t) => t.to_string(),
        Err(e) => {
            return Ok(match store.get(reference).await? {
                Some(a) => Changed::Refused(e, Box::new(a)),
                None => Changed::NotFound,
            });
        }
    };
    let entry = Entry::staff(reference, by, from, Action::Noted);
    change(store, reference, entry, |app: &mut Application| {
        app.notes.push(Note {
            at,
            by: by.to_string(),
            text: text.clone(),
        });
        Ok(Vec::new())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_some_text_and_not_too_much() {
        assert_eq!(checked("  Звонила мама  "), Ok("Звонила мама"));
        assert_eq!(checked(" \n "), Err(NoteError::Empty));
        assert_eq!(
            checked(&"ә".repeat(MAX_NOTE)).map(str::len),
            Ok(MAX_NOTE * 2)
        );
        assert_eq!(checked(&"ә".repeat(MAX_NOTE + 1)), Err(NoteError::TooLong));
    }
}
