//! The typed model of `content/`: what editors write (services, guides, the work plan,
//! the glossary, holidays, forms, UI strings, notification texts), how it is read, and
//! every check on it. Both the generator and the functions depend on this crate, so
//! neither parses the other's YAML by hand.
//!
//! ```no_run
//! let loaded = content_model::load(std::path::Path::new("content")).unwrap();
//! println!("{} services", loaded.content.services.len());
//! ```

pub mod almaty;
pub mod dates;
pub mod deadline;
pub mod diagnostic;
pub mod egov_language;
pub mod fee;
pub mod foreign_abbreviation;
pub mod form;
pub mod glossary;
pub mod guide;
pub mod holidays;
pub mod kazakh_case;
pub mod lang;
pub mod latin_alphabet;
mod load;
pub mod markdown;
pub mod markup;
pub mod notification;
pub mod placeholders;
pub mod position;
pub mod provider;
pub mod schema;
pub mod service;
pub mod site;
pub mod sms;
mod source;
pub mod spans;
pub mod terminology;
pub mod translation;
pub mod transliteration;
pub mod ui;
mod validate;
pub mod working_days;
pub mod workplan;
mod yaml_error;

pub use diagnostic::{Diagnostic, Diagnostics, Kind, Severity};
pub use lang::{Lang, Text};
/// The YAML library, re-exported so that tests and tools parse YAML with the same one
/// (a switch to a maintained fork stays a one-line change here).
pub use serde_yaml as yaml;
pub use source::Source;

use std::path::{Path, PathBuf};

/// A file-backed item: its slug (URL name), the file it came from, and its data.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub slug: String,
    /// Relative to the content root.
    pub file: PathBuf,
    pub data: T,
}

/// Everything in `content/`, parsed and checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: site::Site,
    pub ui: ui::UiStrings,
    pub services: Vec<Entry<service::Service>>,
    pub forms: Vec<Entry<form::Form>>,
    pub guides: Vec<guide::Guide>,
    pub workplan: Option<workplan::WorkPlan>,
    pub glossary: glossary::Glossary,
    pub holidays: Vec<holidays::HolidayYear>,
    pub notifications: notification::NotificationTemplates,
    /// Every text's translations and what they were made from.
    pub translations: translation::Translations,
    /// The Latin spellings editors gave for the `/kk-latn/` edition (`latin.yaml`).
    pub latin: transliteration::LatinSpellings,
}

/// The section anchors every service page has, so links can point at them.
pub const SERVICE_ANCHORS: [&str; 11] = [
    "who",
    "result",
    "cost",
    "time",
    "documents",
    "steps",
    "apply",
    "notes",
    "legal",
    "refusal",
    "provider",
];

/// The content and the warnings found while reading it.
#[derive(Debug)]
pub struct Loaded {
    pub content: Content,
    pub warnings: Diagnostics,
}

/// Read and check the content folder. All problems of all files are collected; an
/// error anywhere gives `Err` with every diagnostic (errors and warnings, sorted).
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    load_with(root, true)
}

/// Like [`load`], without the checks that only tell editors about wording (terms,
/// abbreviations, egov.kz links): what a Lambda or the API needs at start, from content
/// the build has already checked.
pub fn load_to_serve(root: &Path) -> Result<Loaded, Diagnostics> {
    load_with(root, false)
}

fn load_with(root: &Path, wording: bool) -> Result<Loaded, Diagnostics> {
    let (mut content, mut diags, sources) = load::Loader::new(root).load();
    if let Some(content) = &mut content {
        validate::validate(content, &sources, &mut diags);
        content.translations.units = translation::unit::units(content, &sources);
        if wording {
            diags.extend(terms(content, &sources));
        }
        for d in content.translations.diagnostics() {
            // Shown with its line, as every other problem of a file is.
            match sources.iter().find(|s| s.file == d.location.file) {
                Some(src) => diags.push(src.diag(d)),
                None => diags.push(d),
            }
        }
    }
    diags.sort();
    match content {
        Some(content) if !diags.has_errors() => Ok(Loaded {
            content,
            warnings: diags,
        }),
        _ => Err(diags),
    }
}

/// The glossary's terms and the language of egov.kz links, checked in every text of
/// every language: the translated ones and site.yaml's.
fn terms(content: &Content, sources: &[Source]) -> Vec<Diagnostic> {
    let mut files: std::collections::HashMap<PathBuf, String> = sources
        .iter()
        .filter(|s| s.first_line == 1)
        .map(|s| (s.file.clone(), s.text.clone()))
        .collect();
    // Guides' Markdown is read whole, for the variant's own line in the body.
    for u in content.translations.units.iter().filter(|u| u.is_guide()) {
        for p in u.texts.values() {
            if !files.contains_key(&p.at.file)
                && let Ok(text) = std::fs::read_to_string(content.root.join(&p.at.file))
            {
                files.insert(p.at.file.clone(), text);
            }
        }
    }
    let site = sources
        .iter()
        .filter(|s| s.file == Path::new("site.yaml"))
        .flat_map(|s| {
            s.spans.translations().iter().flat_map(move |m| {
                m.texts
                    .iter()
                    .map(move |(l, t, _)| (*l, t.as_str(), s.locate(&format!("{}.{l}", m.path))))
            })
        })
        .collect::<Vec<_>>();
    let texts = content
        .translations
        .units
        .iter()
        .flat_map(|u| {
            u.texts
                .iter()
                .map(|(l, p)| (*l, p.text.as_str(), p.at.clone()))
        })
        .chain(site)
        .collect::<Vec<_>>();
    let checked = || {
        texts.iter().map(|(lang, text, at)| terminology::Checked {
            lang: *lang,
            text,
            at,
            file_text: files.get(&at.file).map(String::as_str),
        })
    };
    let mut out = terminology::check(&content.glossary.terms, checked());
    out.extend(egov_language::check(checked()));
    out.extend(foreign_abbreviation::check(&content.glossary, checked()));
    out.extend(egov_language::check_links(&content.services, sources));
    out
}

/// What the strict build does with a translation older than its source (or with no
/// record of its source): translators may lag behind, and the page says so, so by
/// default it is a warning even there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StaleTranslations {
    #[default]
    Warn,
    Refuse,
}

/// Like [`load`], but every warning (a missing translation above all) is an error:
/// the production build. Stale translations stay warnings unless `stale` refuses them.
pub fn load_strict(root: &Path, stale: StaleTranslations) -> Result<Loaded, Diagnostics> {
    let spare = |d: &Diagnostic| {
        stale == StaleTranslations::Warn
            && matches!(d.kind, Kind::StaleTranslation | Kind::UnrecordedTranslation)
    };
    match load(root) {
        Ok(loaded) if loaded.warnings.iter().all(spare) => Ok(loaded),
        Ok(loaded) => {
            let mut d = loaded.warnings;
            d.make_strict(spare);
            Err(d)
        }
        Err(mut d) => {
            d.make_strict(spare);
            Err(d)
        }
    }
}

impl Content {
    pub fn service(&self, slug: &str) -> Option<&Entry<service::Service>> {
        self.services.iter().find(|s| s.slug == slug)
    }
    pub fn form(&self, slug: &str) -> Option<&Entry<form::Form>> {
        self.forms.iter().find(|s| s.slug == slug)
    }
    pub fn guide(&self, slug: &str) -> Option<&guide::Guide> {
        self.guides.iter().find(|g| g.slug == slug)
    }
    pub fn provider(&self, id: &str) -> Option<&provider::Provider> {
        self.site.providers.iter().find(|p| p.id == id)
    }
    /// The provider that runs the portal (`site.yaml`, `organisation.provider`).
    pub fn own_provider(&self) -> Option<&provider::Provider> {
        self.provider(&self.site.organisation.provider)
    }
    pub fn glossary_entry(&self, id: &str) -> Option<&glossary::Entry> {
        self.glossary.entries.iter().find(|e| e.id == id)
    }
}
