//! egov.kz has each page in Kazakh, Russian and English (`/cms/kk/`, `/cms/ru/`,
//! `/cms/en/`, and `?lang=` on its sign-in page). A Russian or English text that links
//! to the Kazakh page sends its reader to a language they may not read: the check says
//! which address to write instead.

use crate::diagnostic::{Diagnostic, Kind};
use crate::lang::Lang;
use crate::terminology::{Checked, locate, matches};
use regex::Regex;
use std::sync::LazyLock;

/// An egov.kz address in another language than the text's: the language is group 1.
static EGOV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(egov\.kz/cms/(kk|ru|en)/|idp\.egov\.kz/idp/sign-in\?lang=(kk|ru|en))")
        .expect("a valid pattern")
});

pub fn check<'a>(texts: impl IntoIterator<Item = Checked<'a>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in texts {
        for (nth, m) in matches(&EGOV, c.text).into_iter().enumerate() {
            let found = m.as_str();
            let Some(linked) = ["kk", "ru", "en"]
                .into_iter()
                .find(|l| found.ends_with(&format!("/{l}/")) || found.ends_with(&format!("={l}")))
            else {
                continue;
            };
            if linked == c.lang.code() {
                continue;
            }
            let right = found
                .replacen(&format!("/cms/{linked}/"), &format!("/cms/{}/", c.lang), 1)
                .replacen(&format!("lang={linked}"), &format!("lang={}", c.lang), 1);
            let at = locate(&c, &EGOV, nth).unwrap_or_else(|| c.at.clone());
            out.push(
                Diagnostic::warning(
                    Kind::LinkLanguage,
                    at,
                    format!(
                        "this {} text links to the {linked} page of egov.kz (`{found}`)",
                        c.lang
                    ),
                )
                .with_help(format!(
                    "egov.kz has the page in {}: write `{right}`",
                    native(c.lang)
                )),
            );
        }
    }
    out
}

/// A service's online link is shown on its page in every language: an egov.kz address
/// in one language should say `{lang}` instead.
pub fn check_links(
    services: &[crate::Entry<crate::service::Service>],
    sources: &[crate::Source],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in services {
        let Some(apply) = &s.data.apply else { continue };
        for (i, link) in apply.online.iter().enumerate() {
            let Some(m) = EGOV.find(&link.url) else {
                continue;
            };
            let found = m.as_str();
            let right = ["kk", "ru", "en"].iter().fold(found.to_owned(), |u, l| {
                u.replacen(&format!("/cms/{l}/"), "/cms/{lang}/", 1)
                    .replacen(&format!("lang={l}"), "lang={lang}", 1)
            });
            let path = format!("apply.online.{i}.url");
            let at = sources
                .iter()
                .find(|src| src.file == s.file)
                .map(|src| src.locate(&path))
                .unwrap_or_else(|| crate::position::Location::file(&s.file));
            out.push(
                Diagnostic::warning(
                    Kind::LinkLanguage,
                    at,
                    format!("this link is shown on the page in every language, but `{found}` is one language's egov.kz page"),
                )
                .with_help(format!("write `{right}`: each page then links to egov.kz in its own language")),
            );
        }
    }
    out
}

fn native(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => "Kazakh",
        Lang::Ru => "Russian",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::{Location, Pos};

    #[test]
    fn a_link_to_another_languages_egov_page_is_pointed_at() {
        let at = Location::at("guides/x/ru.md", Pos::new(5, 1));
        let check_one = |lang, text| {
            check([Checked {
                lang,
                text,
                at: &at,
                file_text: None,
            }])
        };
        let found = check_one(
            Lang::Ru,
            "[Войдите](http://idp.egov.kz/idp/sign-in?lang=kk) и (https://egov.kz/cms/kk/articles/mobilecitizen)",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].help.as_deref(),
            Some("egov.kz has the page in Russian: write `idp.egov.kz/idp/sign-in?lang=ru`")
        );
        assert!(
            found[1]
                .help
                .as_deref()
                .unwrap()
                .contains("egov.kz/cms/ru/")
        );
        assert!(check_one(Lang::Kk, "https://egov.kz/cms/kk/articles/mobilecitizen").is_empty());
        assert!(check_one(Lang::En, "https://egov.kz/cms/en/articles/mobilecitizen").is_empty());
    }
}
