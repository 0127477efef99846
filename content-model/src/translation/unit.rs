//! A unit of translation: one text with its source language and each language's
//! version, where each is written. Units are what the staleness check, the record and
//! a translator's export share.
//!
//! - In a YAML file (a service, a form, the work plan), a unit is a map of kk/ru/en,
//!   named by its key path: `summary`, `documents.0.items.1`, `rows.3.activity`.
//! - In a guide, each language is its own Markdown file; the units are `title`,
//!   `summary` (its front matter) and `body` (the Markdown).
//! - The interface's words (`i18n/<lang>.yaml`, when `site.yaml` names
//!   `interface_source_lang`) are one unit per key, and per plural form (`days.few`):
//!   a form only the target language has (Russian `few`) is made from the source's
//!   `other`.
//! - The e-mail and SMS texts, when `notifications.yaml` names its `source_lang`.
//!
//! Files without a source language (the glossary, site.yaml) have no units: nothing
//! says which of their languages the others were made from.

use crate::Content;
use crate::lang::Lang;
use crate::position::{Location, Pos};
use crate::source::Source;
use crate::ui::{Message, UiStrings, required_categories};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Where its record is kept: the YAML file, or a guide's folder
    /// (`services/dormitory.yaml`, `guides/dormitory-settlement`), `/`-separated.
    pub file: String,
    /// `summary`, `rows.3.activity`, a guide's `title`, `summary` or `body`.
    pub key: String,
    pub source: Lang,
    /// Each language's text that is there (not blank), and where it is written.
    pub texts: BTreeMap<Lang, Placed>,
    /// The languages it is translated into, when not all the others (a plural form
    /// only some languages have).
    pub only_for: Option<Vec<Lang>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub text: String,
    /// The file and line of the text (of its key, in YAML).
    pub at: Location,
}

impl Unit {
    pub fn source_text(&self) -> Option<&Placed> {
        self.texts.get(&self.source)
    }

    /// The languages it is translated into, whether or not their text is there.
    pub fn targets(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(move |l| {
            *l != self.source && self.only_for.as_ref().is_none_or(|o| o.contains(l))
        })
    }

    /// Whether this is a UI string (in `i18n/<lang>.yaml`, one file per language).
    pub fn is_interface(&self) -> bool {
        self.file == INTERFACE
    }

    /// Whether this is a guide's text (in `guides/<slug>/<lang>.md`).
    pub fn is_guide(&self) -> bool {
        self.file.starts_with("guides/")
    }
}

/// The record's name for the UI strings, which live in one file per language.
pub const INTERFACE: &str = "i18n";

/// The record's name for a content file: relative, `/`-separated.
pub fn file_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every unit of the content, in file order.
pub fn units(content: &Content, sources: &[Source]) -> Vec<Unit> {
    let mut source_lang: HashMap<PathBuf, Lang> = HashMap::new();
    for s in &content.services {
        source_lang.insert(s.file.clone(), s.data.source_lang);
    }
    for f in &content.forms {
        source_lang.insert(f.file.clone(), f.data.source_lang);
    }
    if let Some(plan) = &content.workplan {
        source_lang.insert(PathBuf::from("workplan/plan.yaml"), plan.meta.source_lang);
        for s in &plan.sections {
            source_lang.insert(s.file.clone(), plan.meta.source_lang);
        }
    }
    if let Some(lang) = content.notifications.source_lang {
        source_lang.insert(PathBuf::from("notifications.yaml"), lang);
    }
    let mut out = Vec::new();
    for src in sources {
        let Some(&lang) = source_lang.get(&src.file) else {
            continue;
        };
        for map in src.spans.translations() {
            let texts = map
                .texts
                .iter()
                .map(|(l, text, _)| {
                    let at = src.locate(&child(&map.path, l.code()));
                    (
                        *l,
                        Placed {
                            text: text.clone(),
                            at,
                        },
                    )
                })
                .collect();
            out.push(Unit {
                file: file_key(&src.file),
                key: map.path.clone(),
                source: lang,
                texts,
                only_for: None,
            });
        }
    }
    for g in &content.guides {
        out.extend(guide_units(g, sources));
    }
    if let Some(lang) = content.site.interface_source_lang {
        out.extend(interface_units(&content.ui, lang, sources));
    }
    out
}

fn interface_units(ui: &UiStrings, source: Lang, sources: &[Source]) -> Vec<Unit> {
    let Some(catalog) = ui.catalogs.get(&source) else {
        return Vec::new();
    };
    let locate = |lang: Lang, key: &str| {
        let file = PathBuf::from(format!("{INTERFACE}/{lang}.yaml"));
        match sources.iter().find(|s| s.file == file) {
            Some(src) => src.locate(key),
            None => Location::file(&file),
        }
    };
    let placed = |lang: Lang, key: &str, text: &str| Placed {
        text: text.to_owned(),
        at: locate(lang, key),
    };
    let mut out = Vec::new();
    for (key, message) in catalog {
        match message {
            Message::Plain(text) => {
                let mut texts = BTreeMap::new();
                for (lang, c) in &ui.catalogs {
                    if let Some(Message::Plain(t)) = c.get(key)
                        && !t.trim().is_empty()
                    {
                        texts.insert(*lang, placed(*lang, key, t));
                    }
                }
                texts.insert(source, placed(source, key, text));
                out.push(Unit {
                    file: INTERFACE.into(),
                    key: key.clone(),
                    source,
                    texts,
                    only_for: None,
                });
            }
            Message::Plural(forms) => {
                for category in ["zero", "one", "two", "few", "many", "other"] {
                    let path = format!("{key}.{category}");
                    // The languages that need or have this form.
                    let needed: Vec<Lang> = Lang::ALL
                        .into_iter()
                        .filter(|l| {
                            *l != source
                                && (required_categories(*l).contains(&category)
                                    || plural_form(ui, *l, key, category).is_some())
                        })
                        .collect();
                    let from = forms.form(category).or(Some(forms.other.as_str()));
                    let (Some(from), false) = (from, needed.is_empty()) else {
                        continue;
                    };
                    let mut texts = BTreeMap::new();
                    texts.insert(source, placed(source, &path, from));
                    for l in &needed {
                        if let Some(t) = plural_form(ui, *l, key, category) {
                            texts.insert(*l, placed(*l, &path, t));
                        }
                    }
                    out.push(Unit {
                        file: INTERFACE.into(),
                        key: path,
                        source,
                        texts,
                        only_for: Some(needed),
                    });
                }
            }
        }
    }
    out
}

fn plural_form<'a>(ui: &'a UiStrings, lang: Lang, key: &str, category: &str) -> Option<&'a str> {
    match ui.catalogs.get(&lang)?.get(key)? {
        Message::Plural(f) => f.form(category).filter(|t| !t.trim().is_empty()),
        Message::Plain(_) => None,
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn guide_units(g: &crate::guide::Guide, sources: &[Source]) -> Vec<Unit> {
    let folder = format!("guides/{}", g.slug);
    let front_of = |lang: Lang| {
        let file = PathBuf::from(format!("{folder}/{lang}.md"));
        sources.iter().find(|s| s.file == file)
    };
    let mut title = BTreeMap::new();
    let mut summary = BTreeMap::new();
    let mut body = BTreeMap::new();
    for (lang, b) in &g.bodies {
        let file = format!("{folder}/{lang}.md");
        let locate = |key: &str| match front_of(*lang) {
            Some(src) => src.locate(key),
            None => Location::file(&file),
        };
        let put = |map: &mut BTreeMap<Lang, Placed>, text: &str, at: Location| {
            if !text.trim().is_empty() {
                map.insert(
                    *lang,
                    Placed {
                        text: text.to_owned(),
                        at,
                    },
                );
            }
        };
        put(&mut title, &b.front.title, locate("title"));
        put(&mut summary, &b.front.summary, locate("summary"));
        put(
            &mut body,
            &b.markdown,
            Location::at(&file, Pos::new(b.body_line, 1)),
        );
    }
    [("title", title), ("summary", summary), ("body", body)]
        .into_iter()
        .map(|(key, texts)| Unit {
            file: folder.clone(),
            key: key.to_owned(),
            source: g.meta.source_lang,
            texts,
            only_for: None,
        })
        .collect()
}
