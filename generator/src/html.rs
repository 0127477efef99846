//! Content resolved for one page's language, as HTML-safe strings. A text shown in
//! another language (a missing translation) is wrapped in `<span lang="…">` so screen
//! readers switch voice, and counted so the page can say so.

use content_model::glossary::Glossary;
use content_model::{Content, Lang, Text};
use std::cell::Cell;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Everything a page needs to turn content into words in its language.
pub struct Lx<'a> {
    pub lang: Lang,
    pub content: &'a Content,
    fallbacks: Cell<usize>,
}

impl<'a> Lx<'a> {
    pub fn new(lang: Lang, content: &'a Content) -> Lx<'a> {
        Lx {
            lang,
            content,
            fallbacks: Cell::new(0),
        }
    }

    /// How many texts on this page are shown in another language.
    pub fn fallbacks(&self) -> usize {
        self.fallbacks.get()
    }

    pub fn note_fallback(&self) {
        self.fallbacks.set(self.fallbacks.get() + 1);
    }

    /// HTML for a text, marked with its language when it is a fallback.
    pub fn html(&self, t: &Text) -> String {
        match t.get(self.lang) {
            Some(r) if r.lang == self.lang => escape(r.text),
            Some(r) => {
                self.note_fallback();
                format!(r#"<span lang="{}">{}</span>"#, r.lang, escape(r.text))
            }
            None => String::new(),
        }
    }

    /// Like [`Lx::html`], with the `http(s)://` addresses in the text made links (notes
    /// and steps that name a document or a portal).
    pub fn html_linked(&self, t: &Text) -> String {
        match t.get(self.lang) {
            Some(r) if r.lang == self.lang => linkify(r.text),
            Some(r) => {
                self.note_fallback();
                format!(r#"<span lang="{}">{}</span>"#, r.lang, linkify(r.text))
            }
            None => String::new(),
        }
    }

    /// HTML for an optional text.
    pub fn html_opt(&self, t: Option<&Text>) -> Option<String> {
        t.map(|t| self.html(t)).filter(|s| !s.is_empty())
    }

    /// Unmarked words for places markup cannot go (`<title>`, attributes). The caller
    /// escapes; Tera does for `{{ }}`.
    pub fn plain(&self, t: &Text) -> String {
        match t.get(self.lang) {
            Some(r) => {
                if r.lang != self.lang {
                    self.note_fallback();
                }
                r.text.to_string()
            }
            None => String::new(),
        }
    }

    /// A UI string.
    pub fn t(&self, key: &str) -> String {
        self.content.ui.text(self.lang, key)
    }

    /// A UI plural with `{n}` filled in by the language's CLDR rules.
    pub fn plural(&self, key: &str, n: u64) -> String {
        self.content.ui.plural(self.lang, key, n)
    }

    /// A page path in this language: `/ru/services/`.
    pub fn path(&self, rest: &str) -> String {
        format!("/{}/{}", self.lang, rest)
    }
}

/// Wraps the glossary's abbreviations in `<abbr title="…">` inside already escaped text.
pub struct Abbreviator {
    /// (abbreviation, escaped expansion), longest first so `ЕҰ секторы` wins over `ЕҰ`.
    terms: Vec<(String, String)>,
}

impl Abbreviator {
    pub fn new(glossary: &Glossary, lang: Lang) -> Abbreviator {
        let mut terms: Vec<(String, String)> = glossary
            .entries
            .iter()
            .filter_map(|e| {
                let abbr = e.abbr.get(lang)?.text;
                let exp = e.expansion.get(lang)?.text;
                Some((escape(abbr), escape(exp)))
            })
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.0.chars().count()));
        terms.dedup_by(|a, b| a.0 == b.0);
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
                let c = rest.chars().next().expect("not at end");
                out.push(c);
                i += c.len_utf8();
                prev = Some(c);
            }
        }
        out
    }
}

/// Escape a text and turn the `http(s)://` addresses in it into links (for form hints,
/// which editors write as plain text).
pub fn linkify(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let start = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = start else { break };
        out.push_str(&escape(&rest[..start]));
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '(' | '»' | '«' | '"' | ','))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ';', ':']);
        out.push_str(&format!(r#"<a href="{0}">{0}</a>"#, escape(url)));
        rest = &tail[url.len()..];
    }
    out.push_str(&escape(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
        };
        let a = Abbreviator::new(&g, Lang::Kk);
        assert_eq!(
            a.apply("ТО бастығы, ТОҚ, ЕҰ секторы"),
            r#"<abbr title="Тіркеуші офисі">ТО</abbr> бастығы, ТОҚ, <abbr title="x">ЕҰ секторы</abbr>"#
        );
        assert_eq!(
            linkify("See http://a.kz/x.pdf (ru)."),
            r#"See <a href="http://a.kz/x.pdf">http://a.kz/x.pdf</a> (ru)."#
        );
        let en = Abbreviator::new(&g, Lang::En);
        assert!(
            en.apply("RO head")
                .contains(r#"title="Registrar&#39;s Office""#)
        );
    }
}
