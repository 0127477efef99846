//! `latin.yaml`: each override is one Cyrillic word (or stem) and a spelling in Latin
//! letters that the rules would not give anyway.

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use crate::latin_alphabet::is_cyrillic;
use crate::transliteration::{self, LatinSpellings, Transliterator, is_abbreviation};
use std::collections::BTreeMap;
use std::path::Path;

impl Validator<'_> {
    pub(super) fn latin_spellings(&mut self) {
        let file = Path::new(transliteration::FILE);
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let rules = Transliterator::new(&LatinSpellings {
            abbreviations: self.content.latin.abbreviations,
            ..LatinSpellings::default()
        });
        for (key, latin) in &self.content.latin.words {
            let path = format!("words.{key}");
            let word = key.trim();
            let stem = word.strip_suffix('*').unwrap_or(word);
            let problem = if stem.is_empty() || !stem.chars().all(char::is_alphabetic) {
                Some((
                    format!("`{key}` is not one word"),
                    "the Latin edition is spelt word by word: give each word its own line (a stem may end in `*`)".to_owned(),
                ))
            } else if !stem.chars().any(is_cyrillic) {
                Some((
                    format!("`{key}` has no Cyrillic letter, so nothing is ever spelt by it"),
                    "write the word as the Kazakh text has it, in Cyrillic letters".to_owned(),
                ))
            } else if latin.trim().is_empty() {
                Some((
                    format!("`{key}` has no Latin spelling"),
                    format!("write how `{key}` is spelt in the Latin alphabet, or remove the line"),
                ))
            } else if latin.chars().any(is_cyrillic) {
                Some((
                    format!("the spelling of `{key}` has Cyrillic letters: `{latin}`"),
                    "write it in the letters of the Latin alphabet".to_owned(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                self.push_at(file, &path, |loc| {
                    Diagnostic::error(Kind::InvalidValue, loc, message).with_help(help)
                });
                continue;
            }
            // `БАС` (capitals only) and `бас` are two keys; `Бас` and `бас` are one.
            let folded = if is_abbreviation(word) {
                word.to_owned()
            } else {
                word.to_lowercase()
            };
            if let Some(first) = seen.insert(folded, key.clone()) {
                self.push_at(file, &path, |loc| {
                    Diagnostic::error(
                        Kind::DuplicateSlug,
                        loc,
                        format!("`{key}` is given a spelling twice (first as `{first}`)"),
                    )
                    .with_help("keep one of the two lines: case does not matter, but for a word in capitals")
                });
            } else if !word.ends_with('*')
                && !is_abbreviation(word)
                && rules.word(&word.to_lowercase()) == latin.trim()
                || is_abbreviation(word) && rules.word(word) == latin.trim()
            {
                self.push_at(file, &path, |loc| {
                    Diagnostic::warning(
                        Kind::InvalidValue,
                        loc,
                        format!("the rules already spell `{key}` as `{latin}`"),
                    )
                    .with_help("remove the line: only the words the rules get wrong belong here")
                });
            }
        }
    }
}
