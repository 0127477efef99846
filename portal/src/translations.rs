//! `portal translations …`: what a translator runs. `reviewed` records that the chosen
//! translations now say what their sources say, so the check stops calling them stale.

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
