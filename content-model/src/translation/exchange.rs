//! A translator's round trip: the units of one target language out as XLIFF (one
//! document per source language, since XLIFF names one source language per document),
//! and a translated XLIFF back into the content files and the record.

use super::fingerprint::Fingerprint;
use super::record::Record;
use super::status::{Status, Translations};
use super::unit::Unit;
use super::write_back::{self, WriteBackError};
use super::xliff::{self, Document, Note, State};
use crate::dates::date_text;
use crate::lang::Lang;
use crate::placeholders::names;
use crate::ui::required_categories;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Which units to export; neither flag: every unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// Translations made from an older source text, or with no record of it.
    pub stale: bool,
    /// Texts not translated yet.
    pub missing: bool,
}

/// One XLIFF document per source language that has something to translate into
/// `target`.
pub fn export(t: &Translations, target: Lang, filter: Filter) -> Vec<Document> {
    let mut docs: BTreeMap<Lang, Document> = BTreeMap::new();
    for u in &t.units {
        let Some(source) = u.source_text() else {
            continue;
        };
        if !u.targets().any(|l| l == target) {
            continue;
        }
        let status = t.status(u, target);
        let stale = matches!(status, Some(Status::Stale { .. } | Status::Unrecorded));
        let missing = !u.texts.contains_key(&target);
        if (filter.stale || filter.missing) && !(filter.stale && stale || filter.missing && missing)
        {
            continue;
        }
        let mut notes = vec![Note {
            category: Some("location".into()),
            text: format!("{}: {}", u.source, source.at),
        }];
        if let Some(placed) = u.texts.get(&target) {
            notes.push(Note {
                category: Some("location".into()),
                text: format!("{target}: {}", placed.at),
            });
        }
        let (state, what) = match &status {
            None => (State::Initial, "not translated yet".to_owned()),
            Some(Status::Current) => (State::Translated, "up to date".to_owned()),
            Some(Status::Unrecorded) => (
                State::Initial,
                format!("not checked against the {} text yet", u.source),
            ),
            Some(Status::Stale { checked_on }) => (
                State::Initial,
                format!(
                    "the {} text changed after this translation was checked on {}",
                    u.source,
                    date_text(Lang::En, *checked_on)
                ),
            ),
        };
        notes.push(Note {
            category: Some("status".into()),
            text: what,
        });
        if u.is_guide() && u.key == "body" {
            notes.push(Note {
                category: Some("format".into()),
                text: "Markdown: keep the `##` headings, list markers and links such as \
                       [text](@/services/dormitory) as they are; translate only the text."
                    .into(),
            });
        }
        let doc = docs.entry(u.source).or_insert_with(|| Document {
            source: u.source,
            target,
            files: Vec::new(),
        });
        if doc.files.last().is_none_or(|f| f.original != u.file) {
            doc.files.push(xliff::File {
                original: u.file.clone(),
                units: Vec::new(),
            });
        }
        if let Some(f) = doc.files.last_mut() {
            f.units.push(xliff::Unit {
                id: u.key.clone(),
                notes,
                source: source.text.clone(),
                target: u.texts.get(&target).map(|p| p.text.clone()),
                state,
            });
        }
    }
    docs.into_values().collect()
}

/// What cannot be imported, by the XLIFF's file and unit id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The XLIFF file as given.
    pub xliff: String,
    pub file: String,
    pub unit: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: file {}, unit {}: {}",
            self.xliff, self.file, self.unit, self.message
        )
    }
}

/// The result of an import, not yet written: each changed content file's new text
/// (relative to the content folder) and the new record.
#[derive(Debug, Clone)]
pub struct Import {
    pub files: BTreeMap<PathBuf, String>,
    pub record: Record,
    /// Texts whose words changed.
    pub written: usize,
    /// Translations recorded as made from the XLIFF's source text: marked translated or
    /// better, and changed or made from another source than recorded.
    pub recorded: usize,
}

/// Apply translated XLIFF documents (named by where they came from) to the content in
/// `root`. All units are checked first; any problem refuses the whole import.
pub fn import(
    root: &Path,
    t: &Translations,
    docs: &[(String, Document)],
    today: NaiveDate,
) -> Result<Import, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut record = t.record.clone();
    let (mut written, mut recorded) = (0, 0);
    // The plural forms each UI string will have in each language after the import.
    let mut plurals: BTreeMap<(Lang, String), (BTreeSet<String>, String)> = BTreeMap::new();
    // A guide's new language is written once its title, summary and body are all known.
    let mut new_guides: BTreeMap<PathBuf, BTreeMap<String, String>> = BTreeMap::new();
    for (name, doc) in docs {
        for f in &doc.files {
            for x in &f.units {
                let problem = |message: String| Problem {
                    xliff: name.clone(),
                    file: f.original.clone(),
                    unit: x.id.clone(),
                    message,
                };
                let Some(u) = t
                    .units
                    .iter()
                    .find(|u| u.file == f.original && u.key == x.id)
                else {
                    problems.push(problem("the content has no such text".into()));
                    continue;
                };
                if u.source != doc.source || !u.targets().any(|l| l == doc.target) {
                    problems.push(problem(format!(
                        "this text is translated from {}, but the XLIFF is {} → {}",
                        u.source, doc.source, doc.target
                    )));
                    continue;
                }
                // A plural string the XLIFF names must have every form its language
                // needs once imported, even if the XLIFF leaves some of them empty.
                if u.is_interface()
                    && u.only_for.is_some()
                    && let Some((base, form)) = u.key.rsplit_once('.')
                {
                    let forms = &mut plurals
                        .entry((doc.target, base.to_owned()))
                        .or_insert_with(|| (BTreeSet::new(), name.clone()))
                        .0;
                    if x.target.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                        forms.insert(form.to_owned());
                    }
                }
                let Some(target) = x.target.as_deref().filter(|s| !s.trim().is_empty()) else {
                    continue;
                };
                let lang = doc.target;
                let current = u.texts.get(&lang).map(|p| p.text.as_str());
                // The placeholders are those of the source as the content has it too, so
                // an XLIFF whose <source> was edited cannot let one go.
                let sources = format!(
                    "{} {}",
                    x.source,
                    u.source_text().map(|p| p.text.as_str()).unwrap_or("")
                );
                if let Some(message) = placeholder_problem(&sources, current, target) {
                    problems.push(problem(message));
                    continue;
                }
                let changed = current.is_none_or(|c| words(c) != words(target));
                if changed {
                    match write_text(root, &mut files, &mut new_guides, u, lang, target) {
                        Ok(()) => written += 1,
                        Err(e) => {
                            problems.push(problem(e.to_string()));
                            continue;
                        }
                    }
                }
                // Recorded as checked only when the translator says so (a tool's
                // `translated` or better); a machine's `initial` suggestion is written
                // but stays unrecorded or stale. An untouched unit keeps its day.
                let from = Fingerprint::of(&x.source);
                let same = record.made_from(&u.file, &u.key, lang, &from);
                if x.state >= State::Translated && (changed || !same) {
                    recorded += 1;
                    record.checked(&u.file, &u.key, lang, from, today);
                }
            }
        }
    }
    for ((lang, base), (imported, xliff)) in &plurals {
        let have: BTreeSet<String> = t
            .units
            .iter()
            .filter(|u| u.is_interface() && u.texts.contains_key(lang))
            .filter_map(|u| u.key.strip_prefix(base.as_str())?.strip_prefix('.'))
            .map(str::to_owned)
            .chain(imported.iter().cloned())
            .collect();
        let lacking: Vec<&str> = required_categories(*lang)
            .iter()
            .copied()
            .filter(|c| !have.contains(*c))
            .collect();
        if !lacking.is_empty() {
            problems.push(Problem {
                xliff: xliff.clone(),
                file: crate::translation::unit::INTERFACE.to_owned(),
                unit: format!("{base}.{}", lacking[0]),
                message: format!(
                    "`{base}` in {lang} needs the plural forms {}; translate {} too",
                    required_categories(*lang).join(", "),
                    lacking.join(", ")
                ),
            });
        }
    }
    for (path, parts) in new_guides {
        match (parts.get("title"), parts.get("summary"), parts.get("body")) {
            (Some(title), Some(summary), Some(body)) => {
                files.insert(path, write_back::new_guide_file(title, summary, body));
            }
            _ => problems.push(Problem {
                xliff: docs.first().map(|(n, _)| n.clone()).unwrap_or_default(),
                file: path
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                unit: parts.keys().cloned().collect::<Vec<_>>().join(", "),
                message: format!(
                    "{} does not exist yet: a guide's new language needs its title, summary \
                     and body in one import",
                    path.display()
                ),
            }),
        }
    }
    if problems.is_empty() {
        Ok(Import {
            files,
            record,
            written,
            recorded,
        })
    } else {
        Err(problems)
    }
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A translation must keep every placeholder of its source (its Kazakh case may
/// differ: `{min}` → `{min:abl}`) and add none. One the current translation already
/// leaves out on purpose (an SMS kept to one part without its link) may stay out.
fn placeholder_problem(source: &str, current: Option<&str>, target: &str) -> Option<String> {
    let all: BTreeSet<&str> = names(source).into_iter().collect();
    let mut want = all.clone();
    if let Some(current) = current {
        let kept: BTreeSet<&str> = names(current).into_iter().collect();
        want.retain(|n| kept.contains(n));
    }
    let have: BTreeSet<&str> = names(target).into_iter().collect();
    let lost: Vec<String> = want.difference(&have).map(|n| format!("{{{n}}}")).collect();
    let added: Vec<String> = have.difference(&all).map(|n| format!("{{{n}}}")).collect();
    if !lost.is_empty() {
        Some(format!(
            "the translation loses the placeholder {}: keep it where the value belongs",
            lost.join(", ")
        ))
    } else if !added.is_empty() {
        Some(format!(
            "the translation has the placeholder {}, which the source text does not have",
            added.join(", ")
        ))
    } else {
        None
    }
}

fn write_text(
    root: &Path,
    files: &mut BTreeMap<PathBuf, String>,
    new_guides: &mut BTreeMap<PathBuf, BTreeMap<String, String>>,
    u: &Unit,
    lang: Lang,
    target: &str,
) -> Result<(), WriteBackError> {
    let guide = u.is_guide();
    let path = if guide {
        PathBuf::from(format!("{}/{lang}.md", u.file))
    } else if u.is_interface() {
        PathBuf::from(format!("{}/{lang}.yaml", u.file))
    } else {
        PathBuf::from(&u.file)
    };
    let current = match files.get(&path) {
        Some(text) => text.clone(),
        None => match std::fs::read_to_string(root.join(&path)) {
            Ok(text) => text,
            Err(_) if guide => {
                new_guides
                    .entry(path)
                    .or_default()
                    .insert(u.key.clone(), target.to_owned());
                return Ok(());
            }
            Err(_) => return Err(WriteBackError::NoSuchText { key: u.key.clone() }),
        },
    };
    let next = if guide {
        write_back::set_guide_text(&current, &u.key, target)?
    } else if u.is_interface() {
        write_back::set_interface_text(&current, &u.key, target)?
    } else {
        write_back::set_translation(&current, &u.key, lang, target)?
    };
    files.insert(path, next);
    Ok(())
}
