//! Every text in the three languages, every UI string with its plural forms.

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use crate::lang::Lang;
use crate::position::{Location, Pos};
use crate::source::Source;
use crate::translation::record;
use crate::ui::{Message, required_categories};
use std::path::{Path, PathBuf};

impl Validator<'_> {
    pub(super) fn translations(&mut self, sources: &[Source]) {
        for src in sources {
            // UI catalogues are checked key by key across languages instead; the record
            // of translations is maps of languages that need not have all three.
            if src.file.starts_with("i18n") || src.file == Path::new(record::FILE) {
                continue;
            }
            for (path, pos, missing) in src.spans.incomplete_translations() {
                let key = if path.is_empty() { "(top)" } else { path };
                let langs: Vec<&str> = missing.iter().map(|l| l.code()).collect();
                let loc = Location::at(
                    &src.file,
                    Pos::new(pos.line + src.first_line - 1, pos.column),
                );
                let d = Diagnostic::warning(
                    Kind::MissingTranslation,
                    loc,
                    format!("`{key}` has no {} translation", langs.join(", ")),
                )
                .with_help(format!(
                    "add {} under `{key}`; until then pages show another language with a notice",
                    langs
                        .iter()
                        .map(|l| format!("`{l}: …`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ));
                self.diags.push(src.diag(d));
            }
        }
    }

    pub(super) fn ui_strings(&mut self) {
        let ui = &self.content.ui;
        for lang in Lang::ALL {
            let file = PathBuf::from(format!("i18n/{lang}.yaml"));
            if !ui.catalogs.contains_key(&lang) {
                continue;
            }
            for key in ui.missing_keys(lang) {
                let d = Diagnostic::warning(
                    Kind::MissingTranslation,
                    Location::file(&file),
                    format!("the interface string `{key}` has no {lang} translation"),
                )
                .with_help(format!("add `{key}: …` to {}", file.display()));
                self.diags.push(d);
            }
            for (key, msg) in &ui.catalogs[&lang] {
                if let Message::Plural(forms) = msg {
                    let have = [
                        ("one", forms.one.is_some()),
                        ("few", forms.few.is_some()),
                        ("many", forms.many.is_some()),
                    ];
                    for need in required_categories(lang) {
                        if have.iter().any(|(n, present)| n == need && !present) {
                            self.push_at(&file, key, |loc| {
                                Diagnostic::warning(
                                    Kind::MissingKey,
                                    loc,
                                    format!(
                                        "`{key}` has no `{need}` plural form, which {lang} needs"
                                    ),
                                )
                                .with_help(format!(
                                    "{lang} uses the forms {}",
                                    required_categories(lang).join(", ")
                                ))
                            });
                        }
                    }
                }
            }
        }
    }
}
