//! Checks across files, after every file has been read: translations, references,
//! duplicates and links. Each problem points at the key that causes it.

//!
//! One module per kind of content: `translations` (every text and UI string in the
//! three languages), `services`, `guides` (with their internal links), `forms`,
//! `workplan`, `glossary`, `holidays`, `notifications`; `kazakh` (case endings after
//! placeholders); `latin` (the Latin edition's spellings).

mod forms;
mod glossary;
mod guides;
mod holidays;
mod kazakh;
mod latin;
mod notifications;
mod services;
mod translations;
mod workplan;

use crate::Content;
use crate::diagnostic::{Diagnostic, Diagnostics, Kind};
use crate::position::Location;
use crate::source::Source;
use crate::yaml_error::suggest;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub(crate) fn validate(content: &Content, sources: &[Source], diags: &mut Diagnostics) {
    let by_file: HashMap<&Path, &Source> = sources.iter().map(|s| (s.file.as_path(), s)).collect();
    let v = Validator {
        content,
        by_file,
        diags: Vec::new(),
        pages: PageIndex::new(content),
    };
    diags.extend(v.run(sources));
}

pub(super) struct Validator<'a> {
    content: &'a Content,
    by_file: HashMap<&'a Path, &'a Source>,
    diags: Vec<Diagnostic>,
    pages: PageIndex<'a>,
}

/// The slugs internal links may name, for look-ups in constant time: every guide may
/// link to every other, and a linear search made validation quadratic (a third of a
/// 30,000-page build went to comparing slugs).
struct PageIndex<'a> {
    services: HashSet<&'a str>,
    forms: HashSet<&'a str>,
    guides: HashMap<&'a str, &'a crate::guide::Guide>,
}

impl<'a> PageIndex<'a> {
    fn new(c: &'a Content) -> PageIndex<'a> {
        PageIndex {
            services: c.services.iter().map(|s| s.slug.as_str()).collect(),
            forms: c.forms.iter().map(|s| s.slug.as_str()).collect(),
            guides: c.guides.iter().map(|g| (g.slug.as_str(), g)).collect(),
        }
    }

    fn has(&self, kind: &str, slug: &str) -> bool {
        match kind {
            "services" => self.services.contains(slug),
            "forms" => self.forms.contains(slug),
            "guides" => self.guides.contains_key(slug),
            _ => false,
        }
    }
}

impl<'a> Validator<'a> {
    fn run(mut self, sources: &[Source]) -> Vec<Diagnostic> {
        self.translations(sources);
        self.ui_strings();
        self.kazakh_grammar();
        self.kazakh_numbers(sources);
        self.guides();
        self.services();
        self.forms();
        self.workplan();
        self.glossary();
        self.holidays();
        self.notifications();
        self.latin_spellings();
        self.diags
    }

    /// A diagnostic at `path` inside `file`, with its source line.
    pub(super) fn at(
        &self,
        file: &Path,
        path: &str,
        d: impl FnOnce(Location) -> Diagnostic,
    ) -> Diagnostic {
        match self.by_file.get(file) {
            Some(src) => src.diag(d(src.locate(path))),
            None => d(Location::file(file)),
        }
    }

    pub(super) fn push_at(
        &mut self,
        file: &Path,
        path: &str,
        d: impl FnOnce(Location) -> Diagnostic,
    ) {
        let d = self.at(file, path, d);
        self.diags.push(d);
    }

    pub(super) fn reference(
        &mut self,
        file: &Path,
        path: &str,
        what: &str,
        value: &str,
        known: &[&str],
    ) {
        if known.contains(&value) {
            return;
        }
        let allowed: Vec<String> = known.iter().map(|s| s.to_string()).collect();
        let help = if allowed.is_empty() {
            format!("there is no {what} yet; add one first")
        } else {
            suggest(value, &allowed, what)
        };
        self.push_at(file, path, |loc| {
            Diagnostic::error(
                Kind::UnknownReference,
                loc,
                format!("there is no {what} `{value}`"),
            )
            .with_help(help)
        });
    }

    pub(super) fn duplicates<'s>(
        &mut self,
        what: &str,
        items: impl IntoIterator<Item = (String, &'s Path, String)>,
    ) {
        let mut seen: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (key, file, path) in items {
            if let Some((first_file, first_path)) = seen.get(&key) {
                let first = self.locate(first_file, first_path);
                self.push_at(file, &path, |loc| {
                    Diagnostic::error(
                        Kind::DuplicateSlug,
                        loc,
                        format!("{what} `{key}` is used twice (first at {first})"),
                    )
                    .with_help(format!("change one of them: {what} must be unique"))
                });
            } else {
                seen.insert(key, (file.to_path_buf(), path));
            }
        }
    }

    pub(super) fn locate(&self, file: &Path, path: &str) -> Location {
        match self.by_file.get(file) {
            Some(src) => src.locate(path),
            None => Location::file(file),
        }
    }

    pub(super) fn service_slugs(&self) -> Vec<&'a str> {
        self.content
            .services
            .iter()
            .map(|s| s.slug.as_str())
            .collect()
    }

    pub(super) fn form_slugs(&self) -> Vec<&'a str> {
        self.content.forms.iter().map(|s| s.slug.as_str()).collect()
    }

    pub(super) fn guide_slugs(&self) -> Vec<&'a str> {
        self.content
            .guides
            .iter()
            .map(|s| s.slug.as_str())
            .collect()
    }
}

pub(super) fn check_slug(v: &mut Validator<'_>, file: &Path, path: &str, slug: &str) {
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        v.push_at(file, path, |loc| {
            Diagnostic::error(
                Kind::InvalidValue,
                loc,
                format!("`{slug}` cannot be used in a web address"),
            )
            .with_help("use lowercase Latin letters, digits and `-`, e.g. `dormitory-place` (rename the file or set `slug:`)")
        });
    }
}
