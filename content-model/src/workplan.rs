//! `content/workplan/`: the department's work plan. `plan.yaml` holds its title and
//! signatory; `sections/*.yaml` one section each, its rows numbered as in the source.

use crate::deadline::When;
use crate::lang::{Lang, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub source_lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// E.g. `2025-2026`.
    pub academic_year: String,
    pub title: Text,
    pub approved_by: Signatory,
}

impl PlanMeta {
    /// The year the academic year starts in: `2025-2026` → 2025. `None` unless it is two
    /// years in a row between 1900 and 2999 (the check reports anything else).
    pub fn first_year(&self) -> Option<i32> {
        first_year(&self.academic_year)
    }
}

/// `2025-2026` (or `2025–2026`, `2025/2026`) → 2025; `None` for anything else.
pub fn first_year(academic_year: &str) -> Option<i32> {
    let (a, b) = academic_year.trim().split_once(['-', '–', '/'])?;
    let (a, b) = (a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?);
    ((1900..=2999).contains(&a) && b == a + 1).then_some(a)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub position: Text,
    pub name: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's number in the source.
    pub number: u32,
    pub title: Text,
    /// Glossary id of the unit the section belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Something the reader should know about the section (e.g. a gap in numbering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The row's number as printed in the source (gaps are kept).
    pub no: u32,
    pub activity: Text,
    pub responsible: Text,
    /// Glossary ids of the responsible units, for filtering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    pub deadline: Deadline,
    /// The form of completion (the document or result that shows it is done).
    pub outcome: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The wording of the source, and its translations.
    pub text: Text,
    pub when: When,
}

#[derive(Debug, Clone)]
pub struct WorkPlan {
    pub meta: PlanMeta,
    /// Sorted by number; each with the file it came from.
    pub sections: Vec<crate::Entry<Section>>,
}
