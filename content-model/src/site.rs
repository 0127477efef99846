//! `content/site.yaml`: the organisation's identity, who provides the services (with their
//! contacts), and the lists the
//! catalogue is grouped by. One place to change for another university.

use crate::fee::Mci;
use crate::lang::Text;
use crate::provider::Provider;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Where the site is published, used for canonical URLs and the sitemap.
    /// `build --base-url` overrides it.
    pub base_url: String,
    pub organisation: Organisation,
    /// Who provides the services, each with its contacts; a service names its own.
    pub providers: Vec<Provider>,
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
    /// The provider (an `id` of `providers`) that is the unit itself: its contacts are in
    /// every page's footer.
    pub provider: String,
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
