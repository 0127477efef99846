//! `portal translations …`: what a translator runs. `reviewed` records that the chosen
//! translations now say what their sources say, so the check stops calling them stale;
//! `export` writes XLIFF 2.0 for a CAT tool and `import` reads the translated XLIFF back.

use content_model::translation::review::{self, Selection};
use content_model::{Diagnostics, Lang};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{0}\n\nThe content has errors, so nothing was recorded: fix them first.")]
    Content(Diagnostics),
    #[error("{path} is not a content file or folder that has translations")]
    NoSuchPath { path: String },
    #[error("writing {file}: {source}")]
    Write {
        file: String,
        source: std::io::Error,
    },
}

/// How many translations a review marked, and how many the record holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Reviewed {
    pub marked: usize,
    pub recorded: usize,
}

/// Paths as typed: relative to the content folder, or starting with it
/// (`content/services/dormitory.yaml` from the project folder).
pub fn selection(
    content: &Path,
    paths: &[String],
    key: Option<String>,
    langs: Vec<Lang>,
    all: bool,
) -> Selection {
    let prefix = format!("{}/", content.to_string_lossy().trim_end_matches('/'));
    let paths = paths
        .iter()
        .map(|p| {
            let p = p.replace('\\', "/");
            p.strip_prefix(&prefix).map(str::to_owned).unwrap_or(p)
        })
        .collect();
    Selection {
        paths,
        key,
        langs,
        all,
    }
}

pub fn reviewed(
    content: &Path,
    selection: &Selection,
    today: chrono::NaiveDate,
) -> Result<Reviewed, ReviewError> {
    let loaded = content_model::load(content).map_err(ReviewError::Content)?;
    let t = &loaded.content.translations;
    for p in &selection.paths {
        let known = t.units.iter().any(|u| {
            u.targets().any(|l| {
                Selection {
                    paths: vec![p.clone()],
                    ..Selection::default()
                }
                .covers(u, l)
            })
        });
        if !known {
            return Err(ReviewError::NoSuchPath { path: p.clone() });
        }
    }
    let (record, marked) = t.reviewed(|u, l| selection.covers(u, l), today);
    review::write(content, &record).map_err(|source| ReviewError::Write {
        file: content
            .join(content_model::translation::record::FILE)
            .display()
            .to_string(),
        source,
    })?;
    Ok(Reviewed {
        marked,
        recorded: record.len(),
    })
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("{0}\n\nThe content has errors, so nothing was done: fix them first.")]
    Content(Diagnostics),
    #[error("{file}: {source}")]
    Xliff {
        file: String,
        source: content_model::translation::xliff::XliffError,
    },
    #[error("{}\n\nNothing was imported: fix these units in the XLIFF and import it again.", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Units(Vec<content_model::translation::exchange::Problem>),
    #[error("{0}\n\nNothing was imported: with these translations the content would not load.")]
    Result(Diagnostics),
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
}

fn io(file: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError + '_ {
    move |source| ExchangeError::Io {
        file: file.display().to_string(),
        source,
    }
}

/// Write one XLIFF per source language into `out`; returns the files written.
pub fn export(
    content: &Path,
    target: Lang,
    filter: content_model::translation::exchange::Filter,
    out: &Path,
) -> Result<Vec<(std::path::PathBuf, usize)>, ExchangeError> {
    use content_model::translation::{exchange, xliff};
    let loaded = content_model::load(content).map_err(ExchangeError::Content)?;
    let docs = exchange::export(&loaded.content.translations, target, filter);
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut written = Vec::new();
    for doc in docs {
        let path = out.join(format!("{}-from-{}.xlf", doc.target, doc.source));
        let units = doc.files.iter().map(|f| f.units.len()).sum();
        std::fs::write(&path, xliff::write(&doc)).map_err(io(&path))?;
        written.push((path, units));
    }
    Ok(written)
}

/// What an import changed.
#[derive(Debug, PartialEq, Eq)]
pub struct Imported {
    pub files: Vec<String>,
    pub written: usize,
    pub recorded: usize,
}

/// Read translated XLIFF files back into the content. Everything is checked first (each
/// unit, then the whole content as it would be); only then are files replaced.
pub fn import(
    content: &Path,
    xliffs: &[std::path::PathBuf],
    today: chrono::NaiveDate,
) -> Result<Imported, ExchangeError> {
    use content_model::translation::{exchange, xliff};
    let loaded = content_model::load(content).map_err(ExchangeError::Content)?;
    let mut docs = Vec::new();
    for path in xliffs {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        let doc = xliff::read(&text).map_err(|source| ExchangeError::Xliff {
            file: path.display().to_string(),
            source,
        })?;
        docs.push((path.display().to_string(), doc));
    }
    let import = exchange::import(content, &loaded.content.translations, &docs, today)
        .map_err(ExchangeError::Units)?;
    // The content as it would be, loaded from a copy: nothing is written unless it loads.
    let trial = tempfile::tempdir().map_err(io(content))?;
    copy_tree(content, trial.path()).map_err(io(content))?;
    for (rel, text) in &import.files {
        let p = trial.path().join(rel);
        std::fs::write(&p, text).map_err(io(&p))?;
    }
    review::write(trial.path(), &import.record).map_err(io(trial.path()))?;
    content_model::load(trial.path()).map_err(ExchangeError::Result)?;
    // Each file is written beside itself and renamed over it.
    for (rel, text) in &import.files {
        let p = content.join(rel);
        let tmp = p.with_extension("import-new");
        std::fs::write(&tmp, text).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &p).map_err(io(&p))?;
    }
    review::write(content, &import.record).map_err(io(content))?;
    Ok(Imported {
        files: import
            .files
            .keys()
            .map(|p| p.display().to_string())
            .collect(),
        written: import.written,
        recorded: import.recorded,
    })
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
