//! What a build is asked to do.

use std::path::PathBuf;
use views::RenderOptions;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Missing translations are errors (the production build).
    pub strict: bool,
    /// With `strict`: whether a translation older than its source stops the build.
    pub stale: content_model::StaleTranslations,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Read templates from this folder instead of the ones built into the binary.
    pub templates: Option<PathBuf>,
    /// Add the live-reload script (`serve` only).
    pub live_reload: bool,
    /// The date the site is built for ("this month", the tables of due dates); `None`
    /// is the build date (see [`build_date`]).
    pub today: Option<chrono::NaiveDate>,
    /// The reviewers' sign-in page links to Cognito's hosted UI (production) instead of
    /// showing the local accounts' form.
    pub hosted_sign_in: bool,
    /// Build the search index (`/pagefind/`); off only to measure or preview faster.
    pub search: bool,
}

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>, out: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            content: content.into(),
            out: out.into(),
            strict: false,
            stale: content_model::StaleTranslations::Warn,
            base_url: None,
            templates: None,
            live_reload: false,
            today: None,
            hosted_sign_in: false,
            search: true,
        }
    }

    /// How its pages are rendered.
    pub fn render_options(&self) -> RenderOptions {
        RenderOptions {
            base_url: self.base_url.clone(),
            templates: self.templates.clone(),
            live_reload: self.live_reload,
        }
    }

    /// The date the site is built for.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today.unwrap_or_else(build_date)
    }
}

/// The date the site is built for: `SOURCE_DATE_EPOCH` (seconds, for reproducible
/// builds) when it is set, else today's date in Kazakhstan.
pub fn build_date() -> chrono::NaiveDate {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
    match now {
        Some(t) => t.date_naive(),
        None => content_model::almaty::date(chrono::Utc::now()),
    }
}
