//! `portal translations reviewed`: which translations a translator says they checked,
//! and writing the record so that a crash leaves the old one or the new one.

use super::record::{FILE, Record};
use super::unit::Unit;
use crate::lang::Lang;
use std::io;
use std::path::Path;

/// The translations a review covers. Empty `paths` with `all` false covers nothing.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Content files or folders (`services/dormitory.yaml`, `workplan/`,
    /// `guides/dormitory-settlement`, or one guide language `guides/x/ru.md`).
    pub paths: Vec<String>,
    /// A key, with everything under it (`rows.3` covers `rows.3.activity`).
    pub key: Option<String>,
    /// Only these languages; empty for every translation.
    pub langs: Vec<Lang>,
    pub all: bool,
}

impl Selection {
    pub fn covers(&self, unit: &Unit, lang: Lang) -> bool {
        let key_ok = self.key.as_deref().is_none_or(|k| {
            unit.key == k || unit.key.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
        });
        let lang_ok = self.langs.is_empty() || self.langs.contains(&lang);
        let path_ok = self.all || self.paths.iter().any(|p| path_covers(p, unit, lang));
        key_ok && lang_ok && path_ok
    }
}

fn path_covers(path: &str, unit: &Unit, lang: Lang) -> bool {
    let p = path.trim_end_matches('/');
    // A UI catalogue: `i18n/kk.yaml` is the kk side of the interface's units.
    if let Some(code) = p
        .strip_prefix(super::unit::INTERFACE)
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|r| r.strip_suffix(".yaml"))
    {
        return unit.is_interface() && Lang::from_code(code) == Some(lang);
    }
    if let Some((folder, file)) = p.rsplit_once('/')
        && let Some(code) = file.strip_suffix(".md")
    {
        return unit.file == folder && Lang::from_code(code) == Some(lang);
    }
    unit.file == p
        || unit
            .file
            .strip_prefix(p)
            .is_some_and(|r| r.starts_with('/'))
}

/// Write the record into the content folder (a new file renamed over the old one).
pub fn write(root: &Path, record: &Record) -> io::Result<()> {
    let path = root.join(FILE);
    let tmp = root.join(format!(".{FILE}.new"));
    std::fs::write(&tmp, record.to_yaml())?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn unit(file: &str, key: &str) -> Unit {
        Unit {
            file: file.into(),
            key: key.into(),
            source: Lang::Ru,
            texts: BTreeMap::new(),
            only_for: None,
        }
    }

    #[test]
    fn covers_files_folders_guide_languages_and_keys() {
        let s = |paths: &[&str], key: Option<&str>| Selection {
            paths: paths.iter().map(|p| p.to_string()).collect(),
            key: key.map(str::to_owned),
            ..Selection::default()
        };
        let row = unit("workplan/sections/1.yaml", "rows.3.activity");
        assert!(s(&["workplan/"], None).covers(&row, Lang::Kk));
        assert!(s(&["workplan"], Some("rows.3")).covers(&row, Lang::Kk));
        assert!(!s(&["workplan"], Some("rows.30")).covers(&row, Lang::Kk));
        assert!(!s(&["work"], None).covers(&row, Lang::Kk));
        let body = unit("guides/dormitory-settlement", "body");
        assert!(s(&["guides/dormitory-settlement/kk.md"], None).covers(&body, Lang::Kk));
        assert!(!s(&["guides/dormitory-settlement/kk.md"], None).covers(&body, Lang::En));
        assert!(!Selection::default().covers(&body, Lang::En));
        let ui = unit("i18n", "nav_home");
        assert!(s(&["i18n/kk.yaml"], None).covers(&ui, Lang::Kk));
        assert!(!s(&["i18n/kk.yaml"], None).covers(&ui, Lang::Ru));
        assert!(s(&["i18n"], None).covers(&ui, Lang::Ru));
        let only_en = Selection {
            all: true,
            langs: vec![Lang::En],
            ..Selection::default()
        };
        assert!(only_en.covers(&body, Lang::En) && !only_en.covers(&body, Lang::Kk));
    }
}
