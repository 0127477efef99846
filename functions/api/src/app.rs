//! The API's state: what it knows of the content (swapped whole when `portal serve` sees
//! an edit), the store and the file store, the secret, how reviewers sign in.

use crate::rate_limit::RateLimits;
use crate::reply::Reply;
use crate::reviewers::accounts::Accounts;
use crate::reviewers::hosted_ui::HostedUi;
use crate::site::Site;
use crate::throttle::Throttle;
use applications::Office;
use applications::files::FileStore;
use applications::secret::Secret;
use applications::store::Store;
use content_model::Lang;
use std::sync::{Arc, RwLock};
use views::urls;

/// How reviewers prove who they are.
#[derive(Debug, Clone)]
pub enum ReviewerAuth {
    /// Accounts from local configuration; the portal signs its own tokens.
    Local(Accounts),
    /// API Gateway has verified the Cognito JWT; the function checks the group claim.
    Gateway,
}

pub struct App {
    site: RwLock<Arc<Site>>,
    pub store: Arc<dyn Store>,
    pub files: Arc<dyn FileStore>,
    /// Signs access codes, reviewer tokens and applicant hashes.
    pub secret: Secret,
    pub reviewers: ReviewerAuth,
    /// How long decided applications and their documents are kept.
    pub retention: chrono::Duration,
    pub(crate) throttle: Throttle,
    /// How fast one client may create applications, drafts and uploads; `None` only
    /// for load tests on one machine (`portal serve --no-rate-limits`).
    pub rate_limits: Option<RateLimits>,
    /// Production: the value CloudFront sends in `X-Origin-Verify`; a request without
    /// it did not come through the site and is refused ([`crate::origin`]).
    pub origin_key: Option<String>,
    /// The site's address, for links in messages.
    pub base_url: String,
    /// `Secure` cookies (production, over HTTPS).
    pub secure_cookies: bool,
    /// Production: where reviewers sign in (`GET /api/review/start`).
    pub hosted_ui: Option<HostedUi>,
}

pub type Shared = Arc<App>;

impl App {
    pub fn new(
        site: Site,
        store: Arc<dyn Store>,
        files: Arc<dyn FileStore>,
        secret: Secret,
        reviewers: ReviewerAuth,
        base_url: String,
    ) -> App {
        App {
            site: RwLock::new(Arc::new(site)),
            store,
            files,
            secret,
            reviewers,
            retention: retention_from_env().unwrap_or(chrono::Duration::days(365)),
            throttle: Throttle::default(),
            rate_limits: Some(RateLimits::default()),
            origin_key: None,
            base_url,
            secure_cookies: false,
            hosted_ui: None,
        }
    }

    /// The content as it is now; a request keeps the one it started with.
    pub fn site(&self) -> Arc<Site> {
        self.site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Answer with new content from the next request on (requests under way finish
    /// with the old).
    pub fn replace_site(&self, site: Site) {
        *self
            .site
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(site);
    }

    /// How to answer a request in `lang`, as a page or (`json`) as JSON, from the
    /// content as it is now.
    pub(crate) fn reply(&self, lang: Lang, json: bool) -> Reply {
        Reply {
            site: self.site(),
            lang,
            json,
            hosted: matches!(self.reviewers, ReviewerAuth::Gateway),
        }
    }

    /// What the domain needs of this office, for `site`'s content.
    pub fn office<'a>(&'a self, site: &'a Site) -> Office<'a> {
        Office {
            content: &site.content,
            calendar: &site.calendar,
            secret: &self.secret,
            base_url: &self.base_url,
            status_page: urls::status,
            retention: self.retention,
        }
    }
}

/// `PORTAL_RETENTION_DAYS`: how long decided applications and their documents are kept
/// (the same variable locally and on AWS, where the template also sets the bucket's
/// lifecycle rule from it).
pub fn retention_from_env() -> Option<chrono::Duration> {
    let days = std::env::var("PORTAL_RETENTION_DAYS")
        .ok()?
        .parse::<i64>()
        .ok()?;
    (days > 0).then(|| chrono::Duration::days(days))
}
