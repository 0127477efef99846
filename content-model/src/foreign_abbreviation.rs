//! An abbreviation of another language in a text: the glossary gives each abbreviation
//! its form per language (ЖАО in Kazakh is МИО in Russian), so a Russian or English text
//! that keeps the Kazakh letters is pointed at, with its own language's form. Names in
//! quotation marks («EKTU - Smart Education»), addresses and code are left alone: they
//! are not translated.

use crate::diagnostic::{Diagnostic, Kind};
use crate::glossary::Glossary;
use crate::lang::Lang;
use crate::terminology::{Checked, locate, matches, pattern};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// What is left as written: names in quotation marks, addresses, and code.
static KEPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"«[^»]*»|“[^”]*”|"[^"]*"|https?://\S+|www\.\S+|`[^`]*`"#).expect("a valid pattern")
});

pub fn check<'a>(
    glossary: &Glossary,
    texts: impl IntoIterator<Item = Checked<'a>>,
) -> Vec<Diagnostic> {
    let own = |lang: Lang| -> BTreeSet<&str> {
        glossary
            .entries
            .iter()
            .filter_map(|e| e.abbr.exact(lang))
            .collect()
    };
    let owns = [Lang::Kk, Lang::Ru, Lang::En].map(own);
    let index = |l: Lang| Lang::ALL.iter().position(|x| *x == l).unwrap_or(0);
    // One rule per foreign form in a language: (language of the text, the foreign form,
    // its language, the text's own forms with their entry ids, pattern). A form with two
    // meanings (ЖОЖ) has one own form per meaning, and one warning names them all.
    type Rule<'g> = (Lang, &'g str, Lang, Vec<(&'g str, &'g str)>, Regex);
    let mut rules: Vec<Rule> = Vec::new();
    for e in &glossary.entries {
        for lang in Lang::ALL {
            let Some(mine) = e.abbr.exact(lang) else {
                continue;
            };
            for other in Lang::ALL.into_iter().filter(|o| *o != lang) {
                let Some(theirs) = e.abbr.exact(other) else {
                    continue;
                };
                if theirs == mine || owns[index(lang)].contains(theirs) {
                    continue;
                }
                let known = rules.iter_mut().find(|r| r.0 == lang && r.1 == theirs);
                match known {
                    Some(rule) if !rule.3.contains(&(mine, e.id.as_str())) => {
                        rule.3.push((mine, e.id.as_str()))
                    }
                    Some(_) => {}
                    None => {
                        if let Some(re) = pattern(theirs) {
                            rules.push((lang, theirs, other, vec![(mine, e.id.as_str())], re));
                        }
                    }
                }
            }
        }
    }
    // Each language's own forms, longest first, compiled once for all texts.
    let own_patterns: Vec<Vec<Regex>> = owns
        .iter()
        .map(|own| {
            let mut forms: Vec<&&str> = own.iter().collect();
            forms.sort_by_key(|a| std::cmp::Reverse(a.len()));
            forms.into_iter().filter_map(|a| pattern(a)).collect()
        })
        .collect();
    let mut out = Vec::new();
    for c in texts {
        // The text's own abbreviations and its quotations, blanked byte for byte so that
        // offsets stay those of the text.
        let mut masked = c.text.to_owned();
        let mut blank = |from: usize, to: usize| {
            masked.replace_range(from..to, &" ".repeat(to - from));
        };
        for q in KEPT.find_iter(c.text) {
            blank(q.start(), q.end());
        }
        for re in &own_patterns[index(c.lang)] {
            let found: Vec<(usize, usize)> = matches(re, &masked)
                .iter()
                .map(|m| (m.start(), m.end()))
                .collect();
            for (s, e) in found {
                masked.replace_range(s..e, &" ".repeat(e - s));
            }
        }
        for (lang, theirs, other, mine, re) in rules.iter().filter(|r| r.0 == c.lang) {
            for m in matches(re, &masked) {
                let nth = matches(re, c.text)
                    .iter()
                    .filter(|o| o.start() < m.start())
                    .count();
                let at = locate(&c, re, nth).unwrap_or_else(|| c.at.clone());
                let help = match mine.as_slice() {
                    [(form, id)] => {
                        format!("write `{form}`, the {lang} form of glossary entry `{id}`")
                    }
                    meanings => format!(
                        "write the {lang} form of the meaning here: {}",
                        meanings
                            .iter()
                            .map(|(form, id)| format!("`{form}` (glossary entry `{id}`)"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                out.push(
                    Diagnostic::warning(
                        Kind::ForeignAbbreviation,
                        at,
                        format!("`{theirs}` is the {other} abbreviation; this text is in {lang}"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Entry;
    use crate::lang::Text;
    use crate::position::{Location, Pos};

    #[test]
    fn another_languages_abbreviation_is_pointed_at_but_not_a_name_or_a_shared_one() {
        let g = Glossary {
            entries: vec![
                Entry {
                    id: "zhao".into(),
                    abbr: Text::new("ЖАО", "МИО", "LEB"),
                    expansion: Text::new(
                        "жергілікті атқарушы орган",
                        "местный исполнительный орган",
                        "local executive body",
                    ),
                    note: None,
                },
                Entry {
                    id: "shktu".into(),
                    abbr: Text::new("ШҚТУ", "ВКТУ", "EKTU"),
                    expansion: Text::new("a", "b", "c"),
                    note: None,
                },
                Entry {
                    id: "kr".into(),
                    abbr: Text::new("ҚР", "РК", "RK"),
                    expansion: Text::new("a", "b", "c"),
                    note: None,
                },
                Entry {
                    id: "nb".into(),
                    abbr: Text::new("ҚР ҰБ", "ҚР ҰБ", "ҚР ҰБ"),
                    expansion: Text::new("a", "b", "c"),
                    note: None,
                },
            ],
            terms: Vec::new(),
        };
        let at = Location::at("workplan/sections/3.yaml", Pos::new(4, 7));
        let said = |lang, text| {
            check(
                &g,
                [Checked {
                    lang,
                    text,
                    at: &at,
                    file_text: None,
                }],
            )
        };
        let found = said(Lang::Ru, "Список обладателей грантов ЖАО");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`ЖАО` is the kk abbreviation; this text is in ru"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("write `МИО`, the ru form of glossary entry `zhao`")
        );
        assert_eq!(said(Lang::En, "grants of the ЖАО and the МИО").len(), 2);
        // A name in quotation marks, an abbreviation the language shares, the own form.
        assert!(said(Lang::Ru, "проект «EKTU - Smart Education»").is_empty());
        assert!(said(Lang::Ru, "по запросам ҚР ҰБ").is_empty());
        assert!(said(Lang::Kk, "http://www.do.ektu.kz/laws/P_NAO_EKTU_111.pdf").is_empty());
        assert!(said(Lang::Kk, "ЖАО гранттары").is_empty());
    }

    #[test]
    fn a_form_with_two_meanings_is_pointed_at_once_with_both_own_forms() {
        let entry = |id: &str, ru: &str| Entry {
            id: id.into(),
            abbr: Text::new("ЖОЖ", ru, "plan"),
            expansion: Text::new("a", "b", "c"),
            note: None,
        };
        let g = Glossary {
            entries: vec![entry("zhozh-rup", "РУП"), entry("zhozh-iup", "ИУП")],
            terms: Vec::new(),
        };
        let at = Location::at("workplan/sections/3.yaml", Pos::new(9, 11));
        let found = check(
            &g,
            [Checked {
                lang: Lang::Ru,
                text: "ЖОЖ обучающихся",
                at: &at,
                file_text: None,
            }],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "write the ru form of the meaning here: `РУП` (glossary entry `zhozh-rup`) \
                 or `ИУП` (glossary entry `zhozh-iup`)"
            )
        );
    }
}
