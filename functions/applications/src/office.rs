//! What the domain needs to know of the office it works for: the content (forms,
//! notification texts), the calendar of working days, the server's secret, where the
//! applicant looks their application up, how long decided applications are kept.

use crate::secret::Secret;
use content_model::working_days::Calendar;
use content_model::{Content, Lang};

pub struct Office<'a> {
    pub content: &'a Content,
    pub calendar: &'a Calendar,
    pub secret: &'a Secret,
    /// The site's address, for links in messages.
    pub base_url: &'a str,
    /// The status page's path in a language (from the site's URL table).
    pub status_page: fn(Lang) -> String,
    /// How long decided applications and their documents are kept.
    pub retention: chrono::Duration,
}

impl Office<'_> {
    /// The status page in a language, as a full address.
    pub fn status_url(&self, lang: Lang) -> String {
        format!("{}{}", self.base_url, (self.status_page)(lang))
    }
}
