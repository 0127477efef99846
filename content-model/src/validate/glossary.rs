//! The glossary's ids.

use super::Validator;
use std::path::Path;

impl Validator<'_> {
    pub(super) fn glossary(&mut self) {
        let f = Path::new("glossary.yaml");
        let entries = &self.content.glossary.entries;
        self.duplicates(
            "the id",
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), f, format!("entries.{i}.id"))),
        );
    }
}
