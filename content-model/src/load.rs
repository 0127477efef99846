//! Reading `content/`: every file, every problem, in one pass.

use crate::diagnostic::{Diagnostic, Diagnostics, Kind};
use crate::form::Form;
use crate::glossary::Glossary;
use crate::guide::{FrontMatter, Guide, GuideBody, GuideMeta};
use crate::holidays::HolidayYear;
use crate::lang::Lang;
use crate::markdown;
use crate::notification::NotificationTemplates;
use crate::position::{Location, Pos};
use crate::service::Service;
use crate::site::Site;
use crate::source::Source;
use crate::spans::SpanMap;
use crate::translation::{Record, Translations, record};
use crate::transliteration::LatinSpellings;
use crate::ui::{Catalog, UiStrings};
use crate::workplan::{PlanMeta, Section, WorkPlan};
use crate::{Content, Entry};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) struct Loader {
    pub root: PathBuf,
    pub diags: Diagnostics,
    pub sources: Vec<Source>,
}

impl Loader {
    pub fn new(root: &Path) -> Loader {
        Loader {
            root: root.to_path_buf(),
            diags: Diagnostics::default(),
            sources: Vec::new(),
        }
    }

    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// The file's text, or a diagnostic when it cannot be read or is not UTF-8.
    pub fn read_text(&mut self, path: &Path) -> Option<String> {
        let rel = self.rel(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    Kind::Io,
                    Location::file(&rel),
                    format!("cannot read this file: {e}"),
                ));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                self.diags.push(
                    Diagnostic::error(
                        Kind::NotUtf8,
                        Location::at(&rel, Pos::new(line, column)),
                        "this file is not UTF-8 text (it may have been saved as Windows-1251 or another legacy encoding)",
                    )
                    .with_help("open it in your editor and save it again with the UTF-8 encoding"),
                );
                None
            }
        }
    }

    /// Parse `text` (from `file`, starting at `first_line`) as `T`, recording the source.
    pub fn parse<T: DeserializeOwned>(
        &mut self,
        file: &Path,
        text: &str,
        first_line: usize,
    ) -> Option<T> {
        let source = Source {
            file: file.to_path_buf(),
            text: text.to_string(),
            spans: SpanMap::parse(text),
            first_line,
        };
        let result = if text.trim().is_empty() {
            // An empty document is "null"; say plainly what is missing instead.
            serde_yaml::from_str::<T>("{}")
        } else {
            serde_yaml::from_str::<T>(text)
        };
        let out = match result {
            Ok(v) => Some(v),
            Err(e) => {
                let mut d = crate::yaml_error::to_diagnostic(file, text, &e);
                if first_line > 1
                    && let Some(p) = d.location.pos.as_mut()
                {
                    p.line += first_line - 1;
                }
                self.diags.push(d);
                None
            }
        };
        self.sources.push(source);
        out
    }

    pub fn read_yaml<T: DeserializeOwned>(&mut self, path: &Path) -> Option<T> {
        let text = self.read_text(path)?;
        let rel = self.rel(path);
        self.parse(&rel, &text, 1)
    }

    fn yaml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .max_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        files
    }

    fn slug_of(path: &Path) -> String {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn entries<T: DeserializeOwned>(
        &mut self,
        dir: &str,
        explicit_slug: impl Fn(&T) -> Option<String>,
    ) -> Vec<Entry<T>> {
        let dir = self.root.join(dir);
        let mut out = Vec::new();
        for path in self.yaml_files(&dir) {
            let file = self.rel(&path);
            if let Some(data) = self.read_yaml::<T>(&path) {
                let slug = explicit_slug(&data).unwrap_or_else(|| Self::slug_of(&path));
                out.push(Entry { slug, file, data });
            }
        }
        out
    }

    fn guide(&mut self, dir: &Path) -> Option<Guide> {
        let slug = Self::slug_of(dir);
        let meta_path = dir.join("guide.yaml");
        if !meta_path.exists() {
            self.diags.push(
                Diagnostic::error(
                    Kind::MissingKey,
                    Location::file(self.rel(dir)),
                    "this guide has no guide.yaml",
                )
                .with_help("add guide.yaml with source_lang, updated and (optionally) service"),
            );
            return None;
        }
        let meta: Option<GuideMeta> = self.read_yaml(&meta_path);
        let mut bodies = BTreeMap::new();
        for lang in Lang::ALL {
            let path = dir.join(format!("{lang}.md"));
            if !path.exists() {
                continue;
            }
            let Some(text) = self.read_text(&path) else {
                continue;
            };
            let rel = self.rel(&path);
            let Some(split) = markdown::split_front_matter(&text) else {
                self.diags.push(
                    Diagnostic::error(
                        Kind::MissingFrontMatter,
                        Location::at(&rel, Pos::new(1, 1)),
                        "this Markdown file has no front matter",
                    )
                    .with_help(
                        "start the file with a block like:\n---\ntitle: The guide's title\nsummary: One sentence on what it explains\n---",
                    )
                    .with_source(&text),
                );
                continue;
            };
            let front: Option<FrontMatter> = self.parse(&rel, split.yaml, split.yaml_line);
            if let Some(front) = front {
                bodies.insert(
                    lang,
                    GuideBody {
                        front,
                        markdown: split.body.to_string(),
                        body_line: split.body_line,
                        headings: markdown::headings(split.body),
                    },
                );
            }
        }
        Some(Guide {
            slug,
            meta: meta?,
            bodies,
        })
    }

    fn guides(&mut self) -> Vec<Guide> {
        let dir = self.root.join("guides");
        let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.into_path())
            .collect();
        dirs.sort();
        // Each guide on its own loader, in parallel (a site may have thousands), then
        // their diagnostics and sources in folder order, as a sequential load gives them.
        let root = self.root.clone();
        let loaded: Vec<(Option<Guide>, Loader)> = dirs
            .par_iter()
            .map(|d| {
                let mut own = Loader::new(&root);
                (own.guide(d), own)
            })
            .collect();
        let mut guides = Vec::with_capacity(loaded.len());
        for (guide, own) in loaded {
            self.diags.extend(own.diags);
            self.sources.extend(own.sources);
            guides.extend(guide);
        }
        guides
    }

    fn ui(&mut self) -> UiStrings {
        let mut ui = UiStrings::default();
        for lang in Lang::ALL {
            let path = self.root.join("i18n").join(format!("{lang}.yaml"));
            if !path.exists() {
                self.diags.push(
                    Diagnostic::warning(
                        Kind::MissingTranslation,
                        Location::file(self.rel(&path)),
                        format!("there are no interface strings for `{lang}`"),
                    )
                    .with_help(format!(
                        "copy i18n/en.yaml to i18n/{lang}.yaml and translate it"
                    )),
                );
                continue;
            }
            if let Some(cat) = self.read_yaml::<Catalog>(&path) {
                ui.catalogs.insert(lang, cat);
            }
        }
        ui
    }

    fn workplan(&mut self) -> Option<WorkPlan> {
        let dir = self.root.join("workplan");
        if !dir.exists() {
            return None;
        }
        let meta: Option<PlanMeta> = self.read_yaml(&dir.join("plan.yaml"));
        let mut sections: Vec<Entry<Section>> = Vec::new();
        for path in self.yaml_files(&dir.join("sections")) {
            if let Some(data) = self.read_yaml::<Section>(&path) {
                sections.push(Entry {
                    slug: Self::slug_of(&path),
                    file: self.rel(&path),
                    data,
                });
            }
        }
        sections.sort_by_key(|s| s.data.number);
        Some(WorkPlan {
            meta: meta?,
            sections,
        })
    }

    fn holidays(&mut self) -> Vec<HolidayYear> {
        let dir = self.root.join("holidays");
        let mut years: Vec<HolidayYear> = Vec::new();
        for path in self.yaml_files(&dir) {
            if let Some(y) = self.read_yaml::<HolidayYear>(&path) {
                years.push(y);
            }
        }
        years.sort_by_key(|y| y.year);
        years
    }

    /// The record of what each translation was made from; empty when there is none yet.
    fn translation_record(&mut self) -> Record {
        let path = self.root.join(record::FILE);
        if !path.exists() {
            return Record::default();
        }
        let Some(raw) = self.read_yaml::<record::Raw>(&path) else {
            return Record::default();
        };
        match Record::from_raw(raw) {
            Ok(r) => r,
            Err(bad) => {
                let src = self.sources.last().cloned();
                for (file, key, lang) in bad {
                    let loc = match &src {
                        // Keys with dots are one YAML key here, so locate the file's entry.
                        Some(s) => s.locate(&file),
                        None => Location::file(record::FILE),
                    };
                    self.diags.push(
                        Diagnostic::error(
                            Kind::InvalidValue,
                            loc,
                            format!(
                                "the record of the {lang} text of `{key}` in {file} is not a fingerprint and a date"
                            ),
                        )
                        .with_help(
                            "this file is written by `portal translations reviewed`: undo the hand edit (or delete the line, then run `portal translations reviewed` for the text)",
                        ),
                    );
                }
                Record::default()
            }
        }
    }

    /// Files that belong to no kind of content are most likely misplaced.
    fn stray_files(&mut self) {
        let known_dirs = [
            "i18n", "services", "guides", "forms", "workplan", "holidays", "schemas",
        ];
        let known_files = [
            "site.yaml",
            "glossary.yaml",
            "notifications.yaml",
            record::FILE,
            crate::transliteration::FILE,
            "README.md",
        ];
        for entry in walkdir::WalkDir::new(&self.root)
            .min_depth(1)
            .max_depth(1)
            .into_iter()
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ok = if entry.file_type().is_dir() {
                known_dirs.contains(&name.as_str())
            } else {
                known_files.contains(&name.as_str()) || name.starts_with('.')
            };
            if !ok && !name.starts_with('.') {
                self.diags.push(
                    Diagnostic::warning(
                        Kind::Io,
                        Location::file(&name),
                        format!("`{name}` is not part of any kind of content and is ignored"),
                    )
                    .with_help(format!(
                        "content lives in {} and in {}",
                        known_files.join(", "),
                        known_dirs
                            .iter()
                            .map(|d| format!("{d}/"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }

    pub fn load(mut self) -> (Option<Content>, Diagnostics, Vec<Source>) {
        if !self.root.join("site.yaml").exists() {
            self.diags.push(
                Diagnostic::error(
                    Kind::Io,
                    Location::file("site.yaml"),
                    format!("{} has no site.yaml: is this the content folder?", self.root.display()),
                )
                .with_help("run the command from the project folder, or pass the content folder with --content"),
            );
            return (None, self.diags, self.sources);
        }
        self.stray_files();
        let site: Option<Site> = self.read_yaml(&self.root.join("site.yaml"));
        let ui = self.ui();
        let services = self.entries::<Service>("services", |s| s.slug.clone());
        let forms = self.entries::<Form>("forms", |f| f.slug.clone());
        let guides = self.guides();
        let workplan = self.workplan();
        let glossary_path = self.root.join("glossary.yaml");
        let glossary = if glossary_path.exists() {
            self.read_yaml::<Glossary>(&glossary_path)
        } else {
            Some(Glossary {
                entries: Vec::new(),
                terms: Vec::new(),
            })
        };
        let holidays = self.holidays();
        let notifications_path = self.root.join("notifications.yaml");
        let notifications = if notifications_path.exists() {
            self.read_yaml::<NotificationTemplates>(&notifications_path)
        } else {
            Some(NotificationTemplates::default())
        };
        let record = self.translation_record();
        let latin_path = self.root.join(crate::transliteration::FILE);
        let latin = if latin_path.exists() {
            self.read_yaml::<LatinSpellings>(&latin_path)
        } else {
            Some(LatinSpellings::default())
        };
        let content = match (site, glossary, notifications, latin) {
            (Some(site), Some(glossary), Some(notifications), Some(latin)) => Some(Content {
                root: self.root.clone(),
                site,
                ui,
                services,
                forms,
                guides,
                workplan,
                glossary,
                holidays,
                notifications,
                translations: Translations {
                    units: Vec::new(),
                    record,
                },
                latin,
            }),
            _ => None,
        };
        (content, self.diags, self.sources)
    }
}
