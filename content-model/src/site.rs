//! `content/site.yaml`: the organisation's identity, its contacts, and the lists the
//! catalogue is grouped by. One place to change for another university.

use crate::fee::Mci;
use crate::lang::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Where the site is published, used for canonical URLs and the sitemap.
    /// `build --base-url` overrides it.
    pub base_url: String,
    pub organisation: Organisation,
    /// The service centre's contact block, shown on service pages and confirmations.
    pub contacts: Contacts,
    /// Service categories, in the order the catalogue shows them.
    pub categories: Vec<Group>,
    /// Who a service is for, in the order the catalogue shows them.
    pub audiences: Vec<Group>,
    /// The monthly calculation index used to show fines in tenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mci: Option<Mci>,
    /// The most parts an SMS text may be billed as, with its placeholders at their
    /// longest; `portal check` warns of a text above it. Without it: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_max_parts: Option<usize>,
    /// The language the interface's words (`i18n/`) are written in first; the other two
    /// catalogues are translations of it, tracked like every other text. Without it
    /// they are not tracked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_source_lang: Option<crate::lang::Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<Text>,
    /// The unit that runs the portal, e.g. the student service centre.
    pub unit: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Text>,
    /// As it should be dialled, e.g. `+7 747 189 03 16`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Text>,
}

/// A named group (a category or an audience) that services refer to by `id`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}
