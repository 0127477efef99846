//! The glossary's abbreviations in the work plan's text, each wrapped in
//! `<abbr title="…">` with its expansion in the reader's language.

use content_model::Lang;
use content_model::glossary::Glossary;
use views::words::escape;

/// Wraps the glossary's abbreviations in `<abbr title="…">` inside already escaped text.
pub struct Abbreviator {
    /// (abbreviation, escaped expansion), longest first so `ЕҰ секторы` wins over `ЕҰ`.
    terms: Vec<(String, String)>,
}

impl Abbreviator {
    pub fn new(glossary: &Glossary, lang: Lang) -> Abbreviator {
        // Each form with its meanings in order: one form with two meanings (ЖОЖ: the
        // working curriculum, the individual study plan) is expanded with both, as the
        // text cannot say which it means.
        let mut forms: Vec<(String, Vec<String>)> = Vec::new();
        for e in &glossary.entries {
            let (Some(abbr), Some(exp)) = (e.abbr.exact(lang), e.expansion.exact(lang)) else {
                continue;
            };
            if e.written_out(lang) {
                continue;
            }
            let (abbr, exp) = (escape(abbr), escape(exp));
            match forms.iter_mut().find(|f| f.0 == abbr) {
                Some(f) if !f.1.contains(&exp) => f.1.push(exp),
                Some(_) => {}
                None => forms.push((abbr, vec![exp])),
            }
        }
        let mut terms: Vec<(String, String)> = forms
            .into_iter()
            .map(|(abbr, meanings)| (abbr, meanings.join(" / ")))
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.0.chars().count()));
        Abbreviator { terms }
    }

    pub fn apply(&self, escaped: &str) -> String {
        let mut out = String::with_capacity(escaped.len() + 32);
        let mut i = 0;
        let bytes_len = escaped.len();
        let mut prev: Option<char> = None;
        while i < bytes_len {
            let rest = &escaped[i..];
            let at_boundary = prev.is_none_or(|c| !c.is_alphanumeric());
            let hit = at_boundary
                .then(|| {
                    self.terms.iter().find(|(abbr, _)| {
                        rest.starts_with(abbr.as_str())
                            && rest[abbr.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| !c.is_alphanumeric())
                    })
                })
                .flatten();
            if let Some((abbr, exp)) = hit {
                out.push_str(&format!(r#"<abbr title="{exp}">{abbr}</abbr>"#));
                i += abbr.len();
                prev = abbr.chars().last();
            } else {
                let Some(c) = rest.chars().next() else { break };
                out.push(c);
                i += c.len_utf8();
                prev = Some(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use content_model::Text;
    use content_model::glossary::Entry;

    #[test]
    fn abbreviations_are_wrapped_only_as_whole_words() {
        let g = Glossary {
            entries: vec![
                Entry {
                    id: "to".into(),
                    abbr: Text::new("ТО", "ОР", "RO"),
                    expansion: Text::new(
                        "Тіркеуші офисі",
                        "Офис регистратора",
                        "Registrar's Office",
                    ),
                    note: None,
                },
                Entry {
                    id: "eu".into(),
                    abbr: Text::new("ЕҰ секторы", "сектор ЕҰ", "EU sector"),
                    expansion: Text::new("x", "y", "z"),
                    note: None,
                },
            ],
            terms: Vec::new(),
        };
        let a = Abbreviator::new(&g, Lang::Kk);
        assert_eq!(
            a.apply("ТО бастығы, ТОҚ, ЕҰ секторы"),
            r#"<abbr title="Тіркеуші офисі">ТО</abbr> бастығы, ТОҚ, <abbr title="x">ЕҰ секторы</abbr>"#
        );
        let en = Abbreviator::new(&g, Lang::En);
        assert!(
            en.apply("RO head")
                .contains(r#"title="Registrar&#39;s Office""#)
        );
    }

    #[test]
    fn one_form_with_two_meanings_gets_both_and_words_written_out_get_none() {
        let entry = |id: &str, abbr: Text, expansion: Text| Entry {
            id: id.into(),
            abbr,
            expansion,
            note: None,
        };
        let g = Glossary {
            entries: vec![
                entry(
                    "zhozh-rup",
                    Text::new("ЖОЖ", "РУП", "working curriculum"),
                    Text::new(
                        "жұмыс оқу жоспары",
                        "рабочий учебный план",
                        "working curriculum",
                    ),
                ),
                entry(
                    "zhozh-iup",
                    Text::new("ЖОЖ", "ИУП", "individual study plan"),
                    Text::new(
                        "жеке оқу жоспары",
                        "индивидуальный учебный план",
                        "individual study plan",
                    ),
                ),
            ],
            terms: Vec::new(),
        };
        assert_eq!(
            Abbreviator::new(&g, Lang::Kk).apply("Білім алушылардың ЖОЖ"),
            r#"Білім алушылардың <abbr title="жұмыс оқу жоспары / жеке оқу жоспары">ЖОЖ</abbr>"#
        );
        assert_eq!(
            Abbreviator::new(&g, Lang::Ru).apply("ИУП обучающихся"),
            r#"<abbr title="индивидуальный учебный план">ИУП</abbr> обучающихся"#
        );
        assert_eq!(
            Abbreviator::new(&g, Lang::En).apply("the individual study plan"),
            "the individual study plan"
        );
    }
}
