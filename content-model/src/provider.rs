//! Who provides a service and where (`site.yaml`, `providers`): each provider with its
//! own name and contacts, and each service naming its provider, so that no page sends a
//! student of one organisation to another's office. The source documents come from
//! several organisations (a university's student service centre, another's, a regional
//! school system, egov.kz): each page shows the contacts of the one that provides it.

use crate::lang::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// What services name it by (`provider: ektu-student-service-centre`).
    pub id: String,
    /// Its name as a reader is told who provides the service.
    pub name: Text,
    /// The document its name and contacts come from, for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Only what the source gives; a contact it does not give is left out.
    #[serde(default)]
    pub contacts: Contacts,
}

/// How to reach a provider.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
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
    /// Its own site or portal, e.g. `https://www.do.ektu.kz`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Text>,
}
