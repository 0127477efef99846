//! `content/guides/<slug>/`: `guide.yaml` (what the three languages share) and one
//! Markdown file per language (`kk.md`, `ru.md`, `en.md`) with YAML front matter.

use crate::lang::Lang;
use crate::markdown::Heading;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideMeta {
    pub source_lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The service this guide explains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Audience `id`s from `site.yaml`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    pub updated: NaiveDate,
}

/// The front matter of `kk.md`, `ru.md`, `en.md`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct GuideBody {
    pub front: FrontMatter,
    pub markdown: String,
    /// The line in the file where the Markdown starts, for link diagnostics.
    pub body_line: usize,
    pub headings: Vec<Heading>,
}

#[derive(Debug, Clone)]
pub struct Guide {
    pub slug: String,
    pub meta: GuideMeta,
    pub bodies: BTreeMap<Lang, GuideBody>,
}

impl Guide {
    /// The body in `lang`, or the first fallback that exists.
    pub fn body(&self, lang: Lang) -> Option<(Lang, &GuideBody)> {
        lang.fallbacks()
            .into_iter()
            .find_map(|l| self.bodies.get(&l).map(|b| (l, b)))
    }
}
