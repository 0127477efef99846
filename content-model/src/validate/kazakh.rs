//! Kazakh grammar the content check can see: a case ending written by hand after a
//! placeholder ("{min}-ден" gives "10-ден", where Kazakh says "10-нан"), which must be a
//! case placeholder instead (`{min:abl}`); a case placeholder in Russian or English,
//! which have none; and a number written with an ending that does not agree with how it
//! is read ("10-ден") in the Kazakh guides and on the `kk:` lines of the YAML files
//! (a `kk: |` block's lines are not looked at).

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use crate::kazakh_case::{Case, inflect};
use crate::lang::Lang;
use crate::placeholders::placeholders;
use crate::position::{Location, Pos};
use crate::source::Source;
use crate::ui::Message;
use std::path::{Path, PathBuf};

/// A case ending written right after a placeholder, and the case it is.
fn hand_written_ending(text: &str) -> Vec<(&str, &str, Case)> {
    let mut found = Vec::new();
    for p in placeholders(text) {
        if p.case.is_some() {
            continue;
        }
        let rest = &text[p.end..];
        let word: &str = {
            let after = rest.strip_prefix('-').unwrap_or(rest);
            let len = after
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(after.len(), |(i, _)| i);
            &after[..len]
        };
        if let Some(case) = Case::ALL.into_iter().find(|c| c.endings().contains(&word)) {
            found.push((p.name, word, case));
        }
    }
    found
}

/// A number with a case ending after a hyphen that is not the one its reading takes:
/// (byte offset, as written, as it should be).
fn disagreeing_numbers(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number =
            bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts_number {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let number = &text[i..end];
        if let Some(rest) = text[end..].strip_prefix('-') {
            let word_len = rest
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(rest.len(), |(n, _)| n);
            let word = &rest[..word_len];
            if let Some(case) = Case::ALL.into_iter().find(|c| c.endings().contains(&word)) {
                let right = inflect(number, case);
                let written = format!("{number}-{word}");
                if right != written {
                    out.push((i, written, right));
                }
            }
        }
        i = end;
    }
    out
}

/// Line and column (1-based, in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

impl Validator<'_> {
    /// Numbers whose ending disagrees with their reading, in Kazakh texts.
    pub(super) fn kazakh_numbers(&mut self, sources: &[Source]) {
        let mut found: Vec<(Location, String, String)> = Vec::new();
        for g in &self.content.guides {
            if let Some(body) = g.bodies.get(&Lang::Kk) {
                let file = PathBuf::from(format!("guides/{}/kk.md", g.slug));
                for (at, written, right) in disagreeing_numbers(&body.markdown) {
                    let (line, column) = line_column(&body.markdown, at);
                    let pos = Pos::new(line + body.body_line - 1, column);
                    found.push((Location::at(&file, pos), written, right));
                }
            }
        }
        for src in sources {
            for (n, line) in src.text.lines().enumerate() {
                let Some(kk) = line.find("kk:") else { continue };
                let value = &line[kk + 3..];
                for (at, written, right) in disagreeing_numbers(value) {
                    let column = line[..kk + 3 + at].chars().count() + 1;
                    let pos = Pos::new(n + src.first_line, column);
                    found.push((Location::at(&src.file, pos), written, right));
                }
            }
        }
        for (loc, written, right) in found {
            let number = written.split('-').next().unwrap_or_default().to_string();
            let d = Diagnostic::warning(
                Kind::InvalidValue,
                loc.clone(),
                format!("`{written}`: the ending does not agree with how {number} is read"),
            )
            .with_help(format!("write `{right}`"));
            let d = match sources.iter().find(|s| s.file == loc.file) {
                Some(src) => src.diag(d),
                None => d,
            };
            self.diags.push(d);
        }
    }

    pub(super) fn kazakh_grammar(&mut self) {
        for lang in Lang::ALL {
            let file = PathBuf::from(format!("i18n/{lang}.yaml"));
            let Some(catalog) = self.content.ui.catalogs.get(&lang) else {
                continue;
            };
            let texts: Vec<(String, String)> = catalog
                .iter()
                .flat_map(|(key, msg)| match msg {
                    Message::Plain(s) => vec![(key.clone(), s.clone())],
                    Message::Plural(p) => [&p.zero, &p.one, &p.two, &p.few, &p.many]
                        .into_iter()
                        .flatten()
                        .chain(std::iter::once(&p.other))
                        .map(|s| (key.clone(), s.clone()))
                        .collect(),
                })
                .collect();
            for (key, text) in texts {
                self.check_text(&file, &key, lang, &text);
            }
        }
        let file = Path::new("notifications.yaml");
        let mut texts = Vec::new();
        for (event, t) in &self.content.notifications.events {
            for (part, text) in t.parts() {
                for lang in Lang::ALL {
                    if let Some(s) = text.exact(lang) {
                        let path = format!("events.{}.{part}.{lang}", event.as_str());
                        texts.push((path, lang, s.to_string()));
                    }
                }
            }
        }
        for (path, lang, text) in texts {
            self.check_text(file, &path, lang, &text);
        }
    }

    fn check_text(&mut self, file: &Path, key: &str, lang: Lang, text: &str) {
        if lang == Lang::Kk {
            for (name, ending, case) in hand_written_ending(text) {
                let tag = case.tag();
                self.push_at(file, key, |loc| {
                    Diagnostic::warning(
                        Kind::InvalidValue,
                        loc,
                        format!(
                            "`{{{name}}}` is followed by the ending `{ending}` written by hand, \
                             which cannot agree with every value (10-{}, 5-{})",
                            inflect_word("10", case),
                            inflect_word("5", case)
                        ),
                    )
                    .with_help(format!(
                        "write `{{{name}:{tag}}}` instead of `{{{name}}}-{ending}`: the ending \
                         then follows how the value is read"
                    ))
                });
            }
        } else {
            for p in placeholders(text).into_iter().filter(|p| p.case.is_some()) {
                let name = p.name;
                self.push_at(file, key, |loc| {
                    Diagnostic::warning(
                        Kind::InvalidValue,
                        loc,
                        format!("`{{{name}:…}}` asks for a Kazakh case in a {lang} text"),
                    )
                    .with_help(format!(
                        "write `{{{name}}}`: only Kazakh texts take case endings"
                    ))
                });
            }
        }
    }
}

/// Just the ending `case` gives `number` ("10" → "нан").
fn inflect_word(number: &str, case: Case) -> String {
    inflect(number, case)[number.len() + 1..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_an_ending_written_after_a_placeholder() {
        let found = hand_written_ending("{min}-ден {max} АЕК-ке дейін, {n} күн, {x}ге");
        assert_eq!(
            found,
            [("min", "ден", Case::Ablative), ("x", "ге", Case::Dative)]
        );
        assert!(hand_written_ending("{min:abl} {max} АЕК-ке дейін").is_empty());
        assert!(
            hand_written_ending("{n}-жылы").is_empty(),
            "not a case ending"
        );
    }

    #[test]
    fn spots_a_number_whose_ending_disagrees_with_its_reading() {
        let text = "10-ден 20-ға дейін, 23-тен 26-ға, 5-ке, 3-жұмыс күні, 1-курсқа, x10-ден";
        let found = disagreeing_numbers(text);
        // Only the first disagrees; `x10-ден` is no number of its own.
        assert_eq!(found, [(0, "10-ден".to_string(), "10-нан".to_string())]);
        assert_eq!(line_column("а\nбв 10-ден", 8), (2, 4));
    }
}
