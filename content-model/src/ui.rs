//! `content/i18n/{kk,ru,en}.yaml`: the interface's own words, with CLDR plural forms.

use crate::lang::Lang;
use crate::placeholders::fill;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One UI string: plain, or a plural with CLDR categories (`one`, `few`, `many`, `other`).
/// `{n}` in a plural stands for the number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a string, or a map of plural forms (one, few, many, other)"
)]
pub enum Message {
    Plain(String),
    Plural(PluralForms),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PluralForms {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub few: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub many: Option<String>,
    pub other: String,
}

impl PluralForms {
    /// The form of a CLDR category (`one`, `few` …), if it is written.
    pub fn form(&self, category: &str) -> Option<&str> {
        match category {
            "zero" => self.zero.as_deref(),
            "one" => self.one.as_deref(),
            "two" => self.two.as_deref(),
            "few" => self.few.as_deref(),
            "many" => self.many.as_deref(),
            "other" => Some(self.other.as_str()),
            _ => None,
        }
    }
}

/// The strings of one language, keyed `section.name` (e.g. `service.documents`).
pub type Catalog = BTreeMap<String, Message>;

/// The UI strings of all three languages, with fallback between them.
#[derive(Debug, Clone, Default)]
pub struct UiStrings {
    pub catalogs: BTreeMap<Lang, Catalog>,
}

impl UiStrings {
    /// The message for `key` in `lang`, or in the first fallback language that has it.
    pub fn message(&self, lang: Lang, key: &str) -> Option<(&Message, Lang)> {
        lang.fallbacks()
            .into_iter()
            .find_map(|l| self.catalogs.get(&l)?.get(key).map(|m| (m, l)))
    }

    /// A plain string; a plural asked for without a number gives its `other` form.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        match self.message(lang, key) {
            Some((Message::Plain(s), _)) => s.clone(),
            Some((Message::Plural(p), _)) => p.other.clone(),
            None => key.to_owned(),
        }
    }

    /// The plural form for `n` under the CLDR rules of the language the message is in,
    /// with `{n}` replaced: "3 рабочих дня", "5 рабочих дней".
    pub fn plural(&self, lang: Lang, key: &str, n: u64) -> String {
        match self.message(lang, key) {
            Some((Message::Plural(forms), found)) => {
                let form = match plural_category(found, n) {
                    PluralCategory::ZERO => forms.zero.as_ref(),
                    PluralCategory::ONE => forms.one.as_ref(),
                    PluralCategory::TWO => forms.two.as_ref(),
                    PluralCategory::FEW => forms.few.as_ref(),
                    PluralCategory::MANY => forms.many.as_ref(),
                    PluralCategory::OTHER => None,
                };
                fill(form.unwrap_or(&forms.other), &[("n", &n.to_string())])
            }
            Some((Message::Plain(s), _)) => fill(s, &[("n", &n.to_string())]),
            None => format!("{n} {key}"),
        }
    }

    /// Keys that exist in some language but not in `lang`.
    pub fn missing_keys(&self, lang: Lang) -> Vec<&str> {
        let mine = self.catalogs.get(&lang);
        let mut all: Vec<&str> = self
            .catalogs
            .values()
            .flat_map(|c| c.keys().map(String::as_str))
            .filter(|k| mine.is_none_or(|m| !m.contains_key(*k)))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// The CLDR cardinal plural category of `n` in `lang`.
pub fn plural_category(lang: Lang, n: u64) -> PluralCategory {
    static RULES: LazyLock<Vec<PluralRules>> = LazyLock::new(|| {
        Lang::ALL
            .iter()
            .map(|l| {
                let id: unic_langid::LanguageIdentifier = l.code().parse().expect("valid code");
                PluralRules::create(id, PluralRuleType::CARDINAL).expect("CLDR has kk, ru, en")
            })
            .collect()
    });
    let index = Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("a known language");
    RULES[index].select(n).unwrap_or(PluralCategory::OTHER)
}

/// The CLDR categories a language needs, so that an editor is told when a form is missing.
pub fn required_categories(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ru => &["one", "few", "many", "other"],
        Lang::Kk | Lang::En => &["one", "other"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> UiStrings {
        let ru: Catalog = serde_yaml::from_str(
            "days: {one: '{n} рабочий день', few: '{n} рабочих дня', many: '{n} рабочих дней', other: '{n} рабочего дня'}\n",
        )
        .unwrap();
        let kk: Catalog = serde_yaml::from_str(
            "days: {one: '{n} жұмыс күні', other: '{n} жұмыс күні'}\nhello: Сәлем\n",
        )
        .unwrap();
        let en: Catalog =
            serde_yaml::from_str("days: {one: '{n} working day', other: '{n} working days'}\n")
                .unwrap();
        UiStrings {
            catalogs: [(Lang::Ru, ru), (Lang::Kk, kk), (Lang::En, en)]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let s = strings();
        assert_eq!(s.plural(Lang::Ru, "days", 1), "1 рабочий день");
        assert_eq!(s.plural(Lang::Ru, "days", 3), "3 рабочих дня");
        assert_eq!(s.plural(Lang::Ru, "days", 5), "5 рабочих дней");
        assert_eq!(s.plural(Lang::Ru, "days", 21), "21 рабочий день");
        assert_eq!(s.plural(Lang::En, "days", 1), "1 working day");
        assert_eq!(s.plural(Lang::En, "days", 3), "3 working days");
        assert_eq!(s.plural(Lang::Kk, "days", 3), "3 жұмыс күні");
    }

    #[test]
    fn a_missing_key_falls_back_and_is_reported() {
        let s = strings();
        assert_eq!(s.text(Lang::En, "hello"), "Сәлем");
        assert_eq!(s.missing_keys(Lang::En), vec!["hello"]);
    }
}
