//! An application's requests for more information, as the pages show them (the
//! status page without who asked; the reviewer's page with it).

use applications::application::Application;
use views::pages::{AnswerItem, RoundItem};

/// Who may see a round's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    ByApplicant,
    ByStaff,
}

pub fn round_items(a: &Application, seen: Seen) -> Vec<RoundItem<'_>> {
    a.rounds
        .iter()
        .map(|r| RoundItem {
            asked_at: r.asked_at,
            asked_by: (seen == Seen::ByStaff).then_some(r.asked_by.as_str()),
            message: &r.message,
            answer: r.answer.as_ref().map(|x| AnswerItem {
                at: x.at,
                text: x.text.as_deref(),
                documents: x
                    .documents
                    .iter()
                    .filter_map(|id| a.documents.iter().find(|d| &d.id == id))
                    .map(|d| d.file_name.as_str())
                    .collect(),
            }),
        })
        .collect()
}
