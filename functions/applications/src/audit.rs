//! The audit trail of an application: every look at its personal data or a document,
//! every export, every change — who, when, what and from where. Entries are only ever
//! added: the stores write a change and its entry in one transaction
//! ([`crate::store::Store::revise`]), append the others ([`crate::store::Store::record`]),
//! and delete an application's trail only with the application, when its retention ends.
//!
//! An entry never holds the personal data itself: not the answers, not a note's or a
//! request's text, not a document's file name (its id), and no address of the applicant
//! (an applicant's network address is personal data; a staff member's is where the
//! centre's own work came from).

use crate::application::Status;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// What was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Action {
    /// Opened the application: its answers were shown.
    Viewed,
    /// Downloaded one of its documents (by id).
    Downloaded {
        document: String,
    },
    /// Included in an export; `personal` when the form's personal fields were in it.
    Exported {
        personal: bool,
    },
    Took,
    Released,
    Noted,
    /// Asked the applicant for more information.
    Requested,
    Decided {
        outcome: Status,
    },
    /// The applicant answered a request for information.
    Answered,
    /// The applicant withdrew it.
    Withdrew,
}

impl Action {
    /// A stable name, for pages and the message keys that say it (`audit_<name>`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Viewed => "viewed",
            Action::Downloaded { .. } => "downloaded",
            Action::Exported { personal: false } => "exported",
            Action::Exported { personal: true } => "exported_personal",
            Action::Took => "took",
            Action::Released => "released",
            Action::Noted => "noted",
            Action::Requested => "requested",
            Action::Decided { .. } => "decided",
            Action::Answered => "answered",
            Action::Withdrew => "withdrew",
        }
    }
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// A reviewer, by the name (or Cognito `sub`) their token carries.
    Staff(String),
    /// The applicant, on the status page.
    Applicant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Random: two entries in the same instant are both kept.
    pub id: String,
    pub reference: String,
    pub at: DateTime<Utc>,
    pub by: By,
    /// The staff member's network address, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub action: Action,
}

impl Entry {
    /// What a staff member did, now.
    pub fn staff(reference: &str, name: &str, from: Option<String>, action: Action) -> Entry {
        Entry::new(reference, By::Staff(name.to_string()), from, action)
    }

    /// What the applicant did, now (never with their address).
    pub fn applicant(reference: &str, action: Action) -> Entry {
        Entry::new(reference, By::Applicant, None, action)
    }

    fn new(reference: &str, by: By, from: Option<String>, action: Action) -> Entry {
        Entry {
            id: crate::ids::random_id(),
            reference: reference.to_string(),
            at: Utc::now(),
            by,
            from,
            action,
        }
    }

    /// The entry's place in its application's trail: the time (fixed width, so the
    /// string order is the time order), then the id.
    pub fn order_key(&self) -> String {
        format!(
            "{}#{}",
            self.at.to_rfc3339_opts(SecondsFormat::Nanos, true),
            self.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_round_trips_and_holds_only_what_it_names() {
        let e = Entry::staff(
            "ABCD1234",
            "ana",
            Some("10.0.0.7".into()),
            Action::Downloaded {
                document: "d1".into(),
            },
        );
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""action":{"kind":"downloaded","document":"d1"}"#));
        assert!(json.contains(r#""by":{"staff":"ana"}"#));
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), e);
        let a = Entry::applicant("ABCD1234", Action::Withdrew);
        assert_eq!(a.from, None);
        assert!(
            serde_json::to_string(&a)
                .unwrap()
                .contains(r#""by":"applicant""#)
        );
    }

    #[test]
    fn the_order_key_sorts_by_time() {
        let mut a = Entry::applicant("R", Action::Answered);
        let mut b = a.clone();
        a.at = "2026-08-25T09:00:00.5Z".parse().unwrap();
        b.at = "2026-08-25T10:00:00Z".parse().unwrap();
        assert!(a.order_key() < b.order_key());
    }
}
