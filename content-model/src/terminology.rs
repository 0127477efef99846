//! Vale-style term checks: each language names a thing one way (`glossary.yaml`,
//! `terms`), and a text that uses a variant to avoid is pointed at, at the variant's own
//! line and column, with the term to write.

use crate::diagnostic::{Diagnostic, Kind};
use crate::glossary::Term;
use crate::lang::Lang;
use crate::position::{Location, Pos};
use regex::Regex;

/// A text to check: its language, its words, and where it is written (the line of its
/// key in YAML; the first line of a Markdown body).
pub struct Checked<'a> {
    pub lang: Lang,
    pub text: &'a str,
    pub at: &'a Location,
    /// The file's text, to find the variant's own line; `None` gives the text's line.
    pub file_text: Option<&'a str>,
}

/// The variant as a pattern: whole words (a word ending in `*` with any ending), any
/// white space (a line break in a folded block) between them, its first letter in
/// either case when written lower-case.
pub(crate) fn pattern(variant: &str) -> Option<Regex> {
    // A trailing `*` takes any ending: Kazakh and Russian add case endings to a word.
    let words: Vec<String> = variant
        .split_whitespace()
        .map(|w| match w.strip_suffix('*') {
            Some(stem) => format!(r"{}\p{{L}}*", regex::escape(stem)),
            None => regex::escape(w),
        })
        .collect();
    let mut body = words.join(r"\s+");
    let mut chars = variant.trim().chars();
    let first = chars.next()?;
    if first.is_lowercase() {
        let upper: String = first.to_uppercase().collect();
        let rest = &body[first.len_utf8()..];
        body = format!("[{first}{}]{rest}", regex::escape(&upper));
    }
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}\p{{N}}])({body})(?:$|[^\p{{L}}\p{{N}}])"
    ))
    .ok()
}

pub fn check<'a>(terms: &[Term], texts: impl IntoIterator<Item = Checked<'a>>) -> Vec<Diagnostic> {
    let rules: Vec<(&Term, Regex)> = terms
        .iter()
        .flat_map(|t| {
            t.avoid
                .iter()
                .filter_map(move |v| pattern(v).map(|re| (t, re)))
        })
        .collect();
    let mut out = Vec::new();
    for c in texts {
        for (term, re) in rules.iter().filter(|(t, _)| t.lang == c.lang) {
            // Every use is reported, each at its own line.
            for (nth, found) in matches(re, c.text).into_iter().enumerate() {
                let at = locate(&c, re, nth).unwrap_or_else(|| c.at.clone());
                let mut help = format!("write `{}` instead", term.preferred);
                if let Some(note) = &term.note {
                    help.push_str(&format!(": {note}"));
                }
                out.push(
                    Diagnostic::warning(
                        Kind::Terminology,
                        at,
                        format!(
                            "`{}`: the glossary names this `{}` in {} (glossary.yaml, terms)",
                            found
                                .as_str()
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" "),
                            term.preferred,
                            c.lang
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
    out
}

/// Each match of the variant (group 1), the boundary characters around it not
/// consumed, so that two uses a space apart are both found.
pub(crate) fn matches<'t>(re: &Regex, text: &'t str) -> Vec<regex::Match<'t>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(m) = re.captures_at(text, from).and_then(|c| c.get(1)) {
        from = m.end();
        out.push(m);
    }
    out
}

/// The `nth` use's line and column in the file: the nth match at or after the text's
/// own line.
pub(crate) fn locate(c: &Checked, re: &Regex, nth: usize) -> Option<Location> {
    let file = c.file_text?;
    let line = c.at.pos?.line;
    let start: usize = file
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let m = *matches(re, &file[start..]).get(nth)?;
    let abs = start + m.start();
    let before = &file[..abs];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some(Location::at(&c.at.file, Pos::new(line, column)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(lang: Lang, preferred: &str, avoid: &[&str]) -> Term {
        Term {
            lang,
            preferred: preferred.into(),
            avoid: avoid.iter().map(|s| s.to_string()).collect(),
            note: None,
        }
    }

    #[test]
    fn finds_whole_words_across_line_breaks_in_their_language_only() {
        let terms = [
            term(Lang::Kk, "көпбалалы", &["көп балалы"]),
            term(Lang::En, "Altyn Alqa", &["Altyn alqa"]),
        ];
        let at = Location::at("services/x.yaml", Pos::new(2, 3));
        let file = "title:\n  kk: >-\n    Көп\n    балалы отбасы\n  en: the Altyn Alqa badge\n";
        let found = check(
            &terms,
            [
                Checked {
                    lang: Lang::Kk,
                    text: "Көп балалы отбасы",
                    at: &at,
                    file_text: Some(file),
                },
                Checked {
                    lang: Lang::En,
                    text: "the Altyn Alqa badge",
                    at: &at,
                    file_text: Some(file),
                },
                Checked {
                    lang: Lang::Ru,
                    text: "көп балалы",
                    at: &at,
                    file_text: None,
                },
                Checked {
                    lang: Lang::Kk,
                    text: "көпбалалы, шеткөп балалылар",
                    at: &at,
                    file_text: None,
                },
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let endings = [term(
            Lang::Ru,
            "Центр обслуживания студентов",
            &["отдел* обслуживания студентов"],
        )];
        let said = |text| {
            check(
                &endings,
                [Checked {
                    lang: Lang::Ru,
                    text,
                    at: &at,
                    file_text: None,
                }],
            )
            .len()
        };
        assert_eq!(said("Сдайте справку в Отдел обслуживания студентов."), 1);
        assert_eq!(said("руководитель отдела обслуживания студентов"), 1);
        assert_eq!(said("подотдела обслуживания студентов"), 0);
        assert_eq!(
            said("в отдел обслуживания студентов или отдел обслуживания студентов"),
            2
        );
        assert_eq!(found[0].location.to_string(), "services/x.yaml:3:5");
        assert!(
            found[0].message.starts_with("`Көп балалы`"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].help.as_deref(), Some("write `көпбалалы` instead"));
    }
}
