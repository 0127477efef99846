//! A page to render: where it goes, what kind it is (which decides its template and the
//! navigation item it belongs to), its title and the data its template lays out.

use crate::stale_notice::{StaleNotice, stale_notice};
use crate::words::Words;
use content_model::Lang;
use serde_json::Value;

/// Every kind of page the site and the API render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Catalogue,
    Service,
    Guides,
    Guide,
    Workplan,
    /// The work plan filtered (by section, unit, this month): repeats rows of the plan.
    WorkplanView,
    Glossary,
    NotFound,
    Form,
    Check,
    Done,
    Status,
    Message,
    ReviewLogin,
    ReviewQueue,
    ReviewDetail,
    /// A form's month in figures, for the head of the centre.
    ReviewReport,
    /// An application's audit trail, for a lead.
    ReviewTrail,
}

impl PageKind {
    /// The name templates see as `page.kind` (the `<body>` class).
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Catalogue => "catalogue",
            PageKind::Service => "service",
            PageKind::Guides => "guides",
            PageKind::Guide => "guide",
            PageKind::Workplan => "workplan",
            PageKind::WorkplanView => "workplan-view",
            PageKind::Glossary => "glossary",
            PageKind::NotFound => "not-found",
            PageKind::Form => "form",
            PageKind::Check => "check",
            PageKind::Done => "done",
            PageKind::Status => "status",
            PageKind::Message => "message",
            PageKind::ReviewLogin
            | PageKind::ReviewQueue
            | PageKind::ReviewDetail
            | PageKind::ReviewReport
            | PageKind::ReviewTrail => "review",
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Catalogue => "catalogue.html",
            PageKind::Service => "service.html",
            PageKind::Guides => "guides.html",
            PageKind::Guide => "guide.html",
            PageKind::Workplan | PageKind::WorkplanView => "workplan.html",
            PageKind::Glossary => "glossary.html",
            PageKind::NotFound => "404.html",
            PageKind::Form => "form.html",
            PageKind::Check => "check.html",
            PageKind::Done => "done.html",
            PageKind::Status => "status.html",
            PageKind::Message => "message.html",
            PageKind::ReviewLogin => "review-login.html",
            PageKind::ReviewQueue => "review-queue.html",
            PageKind::ReviewDetail => "review-detail.html",
            PageKind::ReviewReport => "review-report.html",
            PageKind::ReviewTrail => "review-trail.html",
        }
    }

    /// The navigation item the page belongs to (`aria-current`); none for the pages
    /// outside the navigation.
    pub fn section(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Catalogue
            | PageKind::Service
            | PageKind::Form
            | PageKind::Check
            | PageKind::Done => "services",
            PageKind::Guides | PageKind::Guide => "guides",
            PageKind::Workplan | PageKind::WorkplanView => "workplan",
            PageKind::Glossary => "glossary",
            PageKind::Status => "status",
            PageKind::NotFound
            | PageKind::Message
            | PageKind::ReviewLogin
            | PageKind::ReviewQueue
            | PageKind::ReviewDetail
            | PageKind::ReviewReport
            | PageKind::ReviewTrail => "",
        }
    }

    /// Whether the site search finds pages of this kind: what people look for, not the
    /// lists of it, the forms or the work plan's filtered views.
    pub fn is_searched(self) -> bool {
        matches!(
            self,
            PageKind::Service | PageKind::Guide | PageKind::Workplan | PageKind::Glossary
        )
    }
}

/// A page to render.
pub struct Page {
    /// The URL path, e.g. `/ru/services/dormitory/`.
    pub url: String,
    pub kind: PageKind,
    pub title: String,
    pub description: Option<String>,
    pub lang: Lang,
    /// How many of its texts are shown in another language.
    pub fallbacks: usize,
    /// Its translation may be out of date.
    pub stale: Option<StaleNotice>,
    pub data: Value,
    /// Whether the page is listed in the sitemap.
    pub indexed: bool,
}

impl Page {
    /// A page of `words`' language; its fallbacks are those `words` counted so far, so
    /// make it after its data.
    pub fn new(words: &Words, url: String, kind: PageKind, title: String, data: Value) -> Page {
        Page {
            url,
            kind,
            title,
            description: None,
            lang: words.lang,
            fallbacks: words.fallbacks(),
            stale: None,
            data,
            indexed: true,
        }
    }

    pub fn described(mut self, description: impl Into<String>) -> Page {
        self.description = Some(description.into());
        self
    }

    /// With the notice that its translation may be out of date, when texts of `file`
    /// (see [`stale_notice`]) are stale in its language.
    pub fn stale_from(mut self, words: &Words, file: &str) -> Page {
        self.stale = stale_notice(words, file);
        self
    }

    /// Left out of the sitemap (pages with someone's answers, error pages).
    pub fn unlisted(mut self) -> Page {
        self.indexed = false;
        self
    }

    /// The page without its data: what the sitemap needs, after the page is written.
    pub fn without_data(&self) -> Page {
        Page {
            url: self.url.clone(),
            kind: self.kind,
            title: self.title.clone(),
            description: self.description.clone(),
            lang: self.lang,
            fallbacks: self.fallbacks,
            stale: self.stale.clone(),
            data: Value::Null,
            indexed: self.indexed,
        }
    }

    /// The file this page is written to, relative to the output folder.
    pub fn file(&self) -> String {
        let trimmed = self.url.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_string()
        }
    }

    /// The same page in another language.
    pub fn url_in(&self, lang: Lang) -> String {
        format!("/{lang}/{}", self.path_in_language())
    }

    /// The same page in an edition.
    pub fn url_in_edition(&self, e: &crate::edition::Edition) -> String {
        format!("/{}/{}", e.code, self.path_in_language())
    }

    /// The same page in the Kazakh Latin-script edition.
    pub fn url_in_latin(&self) -> String {
        format!(
            "/{}/{}",
            crate::latin_edition::CODE,
            self.path_in_language()
        )
    }

    /// The URL after its language folder.
    fn path_in_language(&self) -> &str {
        self.url.splitn(3, '/').nth(2).unwrap_or("")
    }

    /// The file this page's Latin-script edition is written to.
    pub fn latin_file(&self) -> String {
        let file = self.file();
        let rest = file.split_once('/').map_or("", |(_, r)| r);
        format!("{}/{rest}", crate::latin_edition::CODE)
    }
}
