//! The words of one page in its language: content texts and UI strings resolved for it,
//! as HTML-safe strings. A text shown in another language (a missing translation) is
//! wrapped in `<span lang="…">` so screen readers switch voice, and counted so the page
//! can say so.

pub use content_model::markup::escape;
use content_model::{Content, Lang, Text};
use std::cell::Cell;

/// Everything a page needs to turn content into words in its language.
pub struct Words<'a> {
    pub lang: Lang,
    pub content: &'a Content,
    fallbacks: Cell<usize>,
}

impl<'a> Words<'a> {
    pub fn new(lang: Lang, content: &'a Content) -> Words<'a> {
        Words {
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

    /// Like [`Words::html`], with the `http(s)://` addresses in the text made links (notes
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

    #[test]
    fn addresses_become_links() {
        assert_eq!(
            linkify("See http://a.kz/x.pdf (ru)."),
            r#"See <a href="http://a.kz/x.pdf">http://a.kz/x.pdf</a> (ru)."#
        );
    }
}
