//! `content/translations.lock.yaml`: for each translated text, the fingerprint of the
//! source text it was made from and the day someone checked it against that source.
//! `portal translations reviewed` writes it (MDN keeps the same fact as a source
//! commit in each translation's front matter; a separate file keeps the fingerprints
//! out of the texts editors read). One line per unit, so a review is a small diff:
//!
//! ```yaml
//! services/dormitory.yaml:
//!   summary: {en: 3f2a9c1e7b44 2026-12-01, kk: 3f2a9c1e7b44 2026-12-01}
//! ```

use super::fingerprint::Fingerprint;
use crate::lang::Lang;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The file's name in the content folder.
pub const FILE: &str = "translations.lock.yaml";

/// What a translation was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub from: Fingerprint,
    pub checked_on: NaiveDate,
}

impl Made {
    /// `3f2a9c1e7b44 2026-12-01`, as written in the file.
    pub fn parse(s: &str) -> Option<Made> {
        let (from, on) = s.trim().split_once(' ')?;
        Some(Made {
            from: Fingerprint::parse(from)?,
            checked_on: NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d").ok()?,
        })
    }
}

/// file → key → translated language → what it was made from.
pub type Raw = BTreeMap<String, BTreeMap<String, BTreeMap<Lang, String>>>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    units: BTreeMap<String, BTreeMap<String, BTreeMap<Lang, Made>>>,
}

impl Record {
    /// The record from the file's parsed YAML; `Err` names each value that is not
    /// `<fingerprint> <date>` as (file, key, language).
    pub fn from_raw(raw: Raw) -> Result<Record, Vec<(String, String, Lang)>> {
        let mut record = Record::default();
        let mut bad = Vec::new();
        for (file, keys) in raw {
            for (key, langs) in keys {
                for (lang, value) in langs {
                    match Made::parse(&value) {
                        Some(made) => record.set(&file, &key, lang, made),
                        None => bad.push((file.clone(), key.clone(), lang)),
                    }
                }
            }
        }
        if bad.is_empty() { Ok(record) } else { Err(bad) }
    }

    pub fn get(&self, file: &str, key: &str, lang: Lang) -> Option<&Made> {
        self.units.get(file)?.get(key)?.get(&lang)
    }

    pub fn set(&mut self, file: &str, key: &str, lang: Lang, made: Made) {
        self.units
            .entry(file.to_owned())
            .or_default()
            .entry(key.to_owned())
            .or_default()
            .insert(lang, made);
    }

    /// Whether `lang`'s text of the unit is recorded as made from `from`.
    pub fn made_from(&self, file: &str, key: &str, lang: Lang, from: &Fingerprint) -> bool {
        self.get(file, key, lang).is_some_and(|m| m.from == *from)
    }

    /// Record `lang`'s text of the unit as made from `from`, checked on `today`.
    pub fn checked(
        &mut self,
        file: &str,
        key: &str,
        lang: Lang,
        from: Fingerprint,
        today: NaiveDate,
    ) {
        self.set(
            file,
            key,
            lang,
            Made {
                from,
                checked_on: today,
            },
        );
    }

    /// Keep only what `keep(file, key, lang)` wants (the texts that still exist).
    pub fn retain(&mut self, keep: impl Fn(&str, &str, Lang) -> bool) {
        for (file, keys) in &mut self.units {
            for (key, langs) in keys.iter_mut() {
                langs.retain(|l, _| keep(file, key, *l));
            }
            keys.retain(|_, langs| !langs.is_empty());
        }
        self.units.retain(|_, keys| !keys.is_empty());
    }

    pub fn len(&self) -> usize {
        self.units
            .values()
            .flat_map(|k| k.values())
            .map(BTreeMap::len)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's text. Keys are written as JSON strings, which YAML reads as they are
    /// whatever they hold.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# yaml-language-server: $schema=schemas/translations-lock.schema.json\n\
             # Which source text each translation was made from: a fingerprint of that text\n\
             # and the day the translation was checked against it. Written by\n\
             # `portal translations reviewed`; do not edit by hand (see the README).\n",
        );
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        for (file, keys) in &self.units {
            let _ = writeln!(out, "{}:", quote(file));
            for (key, langs) in keys {
                let values: Vec<String> = langs
                    .iter()
                    .map(|(l, m)| format!("{l}: {} {}", m.from, m.checked_on))
                    .collect();
                let _ = writeln!(out, "  {}: {{{}}}", quote(key), values.join(", "));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_it_reads() {
        let mut r = Record::default();
        let made = Made {
            from: Fingerprint::of("Общежитие"),
            checked_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        };
        r.set("services/dormitory.yaml", "title", Lang::Kk, made.clone());
        r.set(
            "services/dormitory.yaml",
            "rows.3: odd",
            Lang::En,
            made.clone(),
        );
        let text = r.to_yaml();
        let raw: Raw = serde_yaml::from_str(&text).unwrap();
        assert_eq!(Record::from_raw(raw).unwrap(), r);
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn names_each_value_it_cannot_read() {
        let raw: Raw =
            serde_yaml::from_str("a.yaml:\n  title: {kk: nonsense, en: 3f2a9c1e7b44 2026-12-01}\n")
                .unwrap();
        let bad = Record::from_raw(raw).unwrap_err();
        assert_eq!(bad, vec![("a.yaml".into(), "title".into(), Lang::Kk)]);
    }
}
