//! An applicant's answer as a person reads it, on "check your answers" and in the
//! reviewer's view of the application: the label of the option chosen, or the value.

use crate::words::{Words, escape};
use content_model::form::{Field, FieldType};

/// The answer as HTML: a choice's label in the reader's language (the applicant chose
/// `orphan`, the page says "Сирота"), anything else escaped as given and marked
/// `translate="no"`: a name is shown as it was typed, in the Latin-script edition too.
pub fn shown(words: &Words, field: &Field, value: &str) -> String {
    match field.kind {
        FieldType::Choice | FieldType::Select => field
            .options
            .iter()
            .find(|o| o.value == value)
            .map(|o| words.html(&o.label))
            .unwrap_or_else(|| as_typed(value)),
        _ => as_typed(value),
    }
}

fn as_typed(value: &str) -> String {
    format!("<span translate=\"no\">{}</span>", escape(value))
}
