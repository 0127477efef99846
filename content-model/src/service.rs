//! `content/services/<slug>.yaml`: one service, with the fields of egov.kz's service
//! passport and a GOV.UK service page. Fields a source is silent on are left out.

use crate::fee::{Fee, MciRange};
use crate::lang::{Lang, Text};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The URL name; defaults to the file name without `.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The language the text was written in; the others are translations of it.
    pub source_lang: Lang,
    /// The document the facts come from, for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Who provides it: a provider `id` from `site.yaml`, whose contacts its page shows.
    pub provider: String,
    /// A category `id` from `site.yaml`.
    pub category: String,
    /// Audience `id`s from `site.yaml`.
    pub audiences: Vec<String>,
    pub title: Text,
    pub summary: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_can_apply: Option<Text>,
    /// What the applicant gets (a document, a place, an order …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refusal_grounds: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing: Option<Processing>,
    /// A time limit the applicant must keep (e.g. notify within 3 working days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<TimeLimit>,
    /// Documents, grouped by the applicant's situation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply: Option<Apply>,
    /// Points the applicant must not miss.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// How long a stay is allowed without a permit, and similar limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stay_limits: Vec<StayLimit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fines: Vec<Fine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<Text>,
    /// The slug of the step-by-step guide for this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<String>,
    pub updated: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// The service costs nothing.
    #[serde(default)]
    pub free: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<FeeLine>,
    /// Fees by situation come from the options of this form's `choice` field that
    /// carry a `fee` (so they are written once, and the form charges the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_form: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeLine {
    pub fee: Fee,
    /// Who pays this amount; left out when it applies to everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<Text>,
}

/// `processing: {working_days: 3}` or `{working_days: [3, 5]}`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Processing {
    pub working_days: DayRange,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a number of days, or [from, to] such as [3, 5]")]
pub enum DayRange {
    Exactly(u32),
    Between([u32; 2]),
}

impl DayRange {
    pub fn min(self) -> u32 {
        match self {
            DayRange::Exactly(n) => n,
            DayRange::Between([a, _]) => a,
        }
    }
    pub fn max(self) -> u32 {
        match self {
            DayRange::Exactly(n) => n,
            DayRange::Between([_, b]) => b,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    pub working_days: u32,
    /// The events the count starts from.
    pub counted_from: Text,
    /// Worked examples from the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentGroup {
    /// The situation these documents are for; left out for documents everyone brings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<Text>,
    pub items: Vec<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Apply {
    /// The slug of our online form: the page shows the green start button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Another portal where the service is requested online.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub online: Vec<Link>,
    /// Where to go in person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_person: Option<Text>,
    /// Show the service centre's contact block.
    #[serde(default)]
    pub contacts: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// `{lang}` in it becomes the page's language (`kk`, `ru`, `en`), for portals such as
    /// egov.kz that have the same page in each: `https://egov.kz/cms/{lang}/services/…`.
    pub url: String,
    pub label: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StayLimit {
    pub who: Text,
    pub days: u32,
    pub within_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fine {
    /// What the fine is for.
    pub offence: Text,
    /// Who pays it.
    pub who: Text,
    pub mci: MciRange,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Text>,
    /// What follows a repeated violation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Text>,
}
