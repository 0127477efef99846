//! `content/glossary.yaml`: the abbreviations the work plan uses, expanded in three
//! languages. Pages wrap each abbreviation in `<abbr title="…">`.

use crate::lang::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A stable id other files refer to (plan rows' `units`), e.g. `opumb`.
    pub id: String,
    /// The abbreviation as written in each language (often the same letters).
    pub abbr: Text,
    pub expansion: Text,
    /// Said when the source uses one abbreviation for two things.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}
