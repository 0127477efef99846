//! What each translation is against its source: current, stale (made from an older
//! source text) or unrecorded (nothing says what it was made from).

use super::fingerprint::Fingerprint;
use super::record::{Made, Record};
use super::unit::Unit;
use crate::lang::Lang;
use chrono::NaiveDate;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Made from the source text as it is now.
    Current,
    /// Made from another (older) source text, checked on that day.
    Stale { checked_on: NaiveDate },
    /// Never recorded: a new text, or a record that has not been written yet.
    Unrecorded,
}

/// A page's translation that may be out of date: what to tell its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    /// The language the page's texts were translated from.
    pub source: Lang,
    /// The earliest day one of its stale texts was last checked.
    pub checked_on: NaiveDate,
}

/// The content's units and the record of what their translations were made from.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    pub units: Vec<Unit>,
    pub record: Record,
}

impl Translations {
    /// The status of `unit`'s `lang` text; `None` when there is nothing to compare (no
    /// such text, no source text, or `lang` is the source).
    pub fn status(&self, unit: &Unit, lang: Lang) -> Option<Status> {
        if !unit.targets().any(|l| l == lang) || !unit.texts.contains_key(&lang) {
            return None;
        }
        let source = unit.source_text()?;
        Some(match self.record.get(&unit.file, &unit.key, lang) {
            None => Status::Unrecorded,
            Some(Made { from, .. }) if *from == Fingerprint::of(&source.text) => Status::Current,
            Some(Made { checked_on, .. }) => Status::Stale {
                checked_on: *checked_on,
            },
        })
    }

    /// Whether the page made from the units of `file` (a file key, or a folder such as
    /// `workplan/` for all of its files) has stale texts in `lang`.
    pub fn stale_page(&self, file: &str, lang: Lang) -> Option<Stale> {
        let of_page =
            |u: &&Unit| u.file == file || (file.ends_with('/') && u.file.starts_with(file));
        self.units
            .iter()
            .filter(of_page)
            .filter_map(|u| match self.status(u, lang)? {
                Status::Stale { checked_on } => Some(Stale {
                    source: u.source,
                    checked_on,
                }),
                _ => None,
            })
            .min_by_key(|s| s.checked_on)
    }

    /// The record as it would be with every current text of `chosen` units marked as
    /// made from its source as it is now, on `today`; texts that no longer exist are
    /// dropped. Returns the record and how many translations were marked.
    pub fn reviewed(
        &self,
        chosen: impl Fn(&Unit, Lang) -> bool,
        today: NaiveDate,
    ) -> (Record, usize) {
        let mut record = self.record.clone();
        let mut marked = 0;
        for u in &self.units {
            let Some(source) = u.source_text() else {
                continue;
            };
            for lang in u.targets() {
                if u.texts.contains_key(&lang) && chosen(u, lang) {
                    let from = Fingerprint::of(&source.text);
                    if !record.made_from(&u.file, &u.key, lang, &from) {
                        marked += 1;
                        record.checked(&u.file, &u.key, lang, from, today);
                    }
                }
            }
        }
        let present: HashSet<(&str, &str, Lang)> = self
            .units
            .iter()
            .flat_map(|u| {
                u.texts
                    .keys()
                    .map(move |l| (u.file.as_str(), u.key.as_str(), *l))
            })
            .collect();
        record.retain(|file, key, lang| present.contains(&(file, key, lang)));
        (record, marked)
    }
}
