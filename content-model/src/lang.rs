//! The three languages of the site and the `{kk, ru, en}` text maps editors write.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A language the site is published in. The order is the fallback order after the
/// language asked for: Kazakh is the state language, Russian the most widely read.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "kk" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a request names (`?lang=ru`, a form's hidden field), Kazakh — the
    /// state language, and the site's first — when it names none or an unknown one.
    /// `kk-latn`, the Latin-script edition, is Kazakh.
    pub fn or_default(code: Option<&str>) -> Lang {
        match code {
            Some(c) if c.eq_ignore_ascii_case("kk-latn") => Lang::Kk,
            _ => code.and_then(Lang::from_code).unwrap_or(Lang::Kk),
        }
    }

    /// The language's own name, as shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Kk => "Қазақша",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// The languages to try, in order, when a text is missing in `self`.
    pub fn fallbacks(self) -> [Lang; 3] {
        match self {
            Lang::Kk => [Lang::Kk, Lang::Ru, Lang::En],
            Lang::Ru => [Lang::Ru, Lang::Kk, Lang::En],
            Lang::En => [Lang::En, Lang::Ru, Lang::Kk],
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A translatable text: `{kk: …, ru: …, en: …}`. Any language may be missing while a
/// translation is under way; the build reports it and falls back (or, with `--strict`,
/// refuses it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a map of translations with the keys kk, ru and en"
)]
pub struct Text {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// A text resolved for one language: the words, and the language they are really in
/// (which differs from the page's language when a fallback was used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved<'a> {
    pub text: &'a str,
    pub lang: Lang,
}

impl Resolved<'_> {
    pub fn is_fallback(&self, page: Lang) -> bool {
        self.lang != page
    }
}

impl Text {
    pub fn new(kk: &str, ru: &str, en: &str) -> Text {
        Text {
            kk: Some(kk.into()),
            ru: Some(ru.into()),
            en: Some(en.into()),
        }
    }

    pub fn exact(&self, lang: Lang) -> Option<&str> {
        let value = match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        };
        value.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, or in the first fallback language that has it.
    pub fn get(&self, lang: Lang) -> Option<Resolved<'_>> {
        lang.fallbacks()
            .into_iter()
            .find_map(|l| self.exact(l).map(|text| Resolved { text, lang: l }))
    }

    /// The text in `lang` with fallback, or an empty string when no language has it.
    pub fn or_empty(&self, lang: Lang) -> &str {
        self.get(lang).map(|r| r.text).unwrap_or("")
    }

    pub fn missing(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|l| self.exact(*l).is_none())
    }
}
