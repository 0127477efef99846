//! `content/glossary.yaml`: the abbreviations the work plan uses, expanded in three
//! languages (pages wrap each abbreviation in `<abbr title="…">`), and the terms each
//! language names one way (`portal check` warns of a variant to avoid).

use crate::lang::{Lang, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    /// Terms written one way in a language, with the variants to avoid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
}

/// One name for one thing in one language: `use` it, never the `avoid` variants.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub lang: Lang,
    #[serde(rename = "use")]
    pub preferred: String,
    /// Matched as whole words, whatever the line breaks between them; a variant written
    /// with a lower-case first letter also matches it capitalised.
    pub avoid: Vec<String>,
    /// Why, for the editor who meets the warning (the source, the official name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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

impl Entry {
    /// Whether `lang` has no abbreviation of its own and writes the words out ("admissions
    /// committee" for ҚК): then there is nothing to expand.
    pub fn written_out(&self, lang: Lang) -> bool {
        let fold = |s: &str| s.to_lowercase().replace('ё', "е");
        match (self.abbr.exact(lang), self.expansion.exact(lang)) {
            (Some(abbr), Some(expansion)) => fold(abbr) == fold(expansion),
            _ => false,
        }
    }
}
