//! The check's warnings for translations that are stale or unrecorded, each at the
//! translation's line with the command that clears it.

use super::status::{Status, Translations};
use crate::dates::date_text;
use crate::diagnostic::{Diagnostic, Kind};
use crate::lang::Lang;

impl Translations {
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for u in &self.units {
            for lang in u.targets() {
                let Some(status) = self.status(u, lang) else {
                    continue;
                };
                let Some(placed) = u.texts.get(&lang) else {
                    continue;
                };
                let source = u.source;
                let key = &u.key;
                let command = format!(
                    "portal translations reviewed {} --key {key} --lang {lang}",
                    u.file
                );
                let d = match status {
                    Status::Current => continue,
                    Status::Stale { checked_on } => Diagnostic::warning(
                        Kind::StaleTranslation,
                        placed.at.clone(),
                        format!(
                            "the {lang} text of `{key}` was made from an older {source} text \
                             (last checked on {})",
                            date_text(Lang::En, checked_on)
                        ),
                    )
                    .with_help(format!(
                        "make the {lang} text say what the {source} text now says, then run `{command}`"
                    )),
                    Status::Unrecorded => Diagnostic::warning(
                        Kind::UnrecordedTranslation,
                        placed.at.clone(),
                        format!(
                            "nothing records which {source} text the {lang} text of `{key}` was made from"
                        ),
                    )
                    .with_help(format!(
                        "once the {lang} text says what the {source} text says, run `{command}`"
                    )),
                };
                out.push(d);
            }
        }
        out
    }
}
