//! The Kazakh Latin-script edition (`/kk-latn/`): a Kazakh page, rendered as every
//! other, then written in the Latin alphabet — its text and the attributes people read
//! (`title`, `alt`, `aria-label`, the calculators' and the search box's words) — with its
//! links, forms and `lang` attributes moved to the edition.
//!
//! Made from the finished HTML rather than from the content, so that every text on the
//! page — content, UI strings, dates, the calculators' messages — is converted by the
//! same one pass, and the API's pages (a form with errors, check your answers) are
//! converted the same way as the static ones.
//!
//! Left as written: `<script>`, `<style>`, `<code>`, `<pre>`, `<kbd>`, `<samp>`; what
//! someone typed (`<textarea>`, `value` of inputs, anything marked `translate="no"`,
//! which also keeps the language switcher's "Қазақша" linking to the Cyrillic edition);
//! and text in another language (`lang="ru"`: a fallback), whose links still move.

use content_model::transliteration::Transliterator;

/// The edition's folder in URLs.
pub const CODE: &str = "kk-latn";
/// Its language tag (BCP 47: Kazakh in the Latin script).
pub const TAG: &str = "kk-Latn";
/// Its name in the language switcher.
pub const NAME: &str = "Qazaqşa";

/// The Cyrillic Kazakh page `html` as a page of the Latin edition.
pub fn latin_page(html: &str, t: &Transliterator) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut open: Vec<(String, Keep)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let keep = open.last().map_or(Keep::Nothing, |(_, k)| *k);
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |i| i + 3);
            out.push_str(&rest[..4 + end]);
            rest = &after[end..];
            continue;
        }
        if rest.starts_with('<') && is_tag_start(rest) {
            let end = tag_end(rest);
            let tag = Tag::parse(&rest[..end]);
            out.push_str(&tag.rewritten(&rest[..end], keep, t));
            rest = &rest[end..];
            match (&tag.name, tag.closing) {
                (name, true) => {
                    if let Some(i) = open.iter().rposition(|(n, _)| n == name) {
                        open.truncate(i);
                    }
                }
                (name, false) if !tag.self_closing && !is_void(name) => {
                    let keep = keep.max(tag.keeps());
                    if is_raw_text(name) {
                        // Its content is not HTML: copied up to its end tag.
                        let close = format!("</{name}");
                        let end = find_ascii_ci(rest, &close).unwrap_or(rest.len());
                        out.push_str(&rest[..end]);
                        rest = &rest[end..];
                    } else {
                        open.push((name.clone(), keep));
                    }
                }
                _ => {}
            }
            continue;
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
        let text = &rest[..end];
        if keep == Keep::Nothing {
            out.push_str(&t.text(text));
        } else {
            out.push_str(text);
        }
        rest = &rest[end..];
    }
    out
}

/// What of an element is left as written, from less to more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    Nothing,
    /// Its words (code, another language, what someone typed); its links still move.
    Words,
    /// Everything (`translate="no"`).
    All,
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Each attribute's name (lower case), and its value's place in the tag's text.
    attrs: Vec<(String, Option<(usize, usize)>)>,
    text: String,
}

impl Tag {
    fn parse(s: &str) -> Tag {
        let b = s.as_bytes();
        let mut i = 1;
        let closing = b.get(1) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let n0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = s[n0..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                attrs.push((attr, None));
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let v0 = i + 1;
                    let v1 = s[v0..].find(q as char).map_or(s.len(), |j| v0 + j);
                    i = (v1 + 1).min(s.len());
                    (v0, v1)
                }
                _ => {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (v0, i)
                }
            };
            attrs.push((attr, Some(value)));
        }
        Tag {
            name,
            closing,
            self_closing: s.ends_with("/>"),
            attrs,
            text: s.to_owned(),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.map(|(a, b)| &self.text[a..b]))
    }

    /// What of the element's content is left as written.
    fn keeps(&self) -> Keep {
        if self.attr("translate") == Some("no") {
            return Keep::All;
        }
        let other_language = self.attr("lang").is_some_and(|l| l != "kk");
        let code = matches!(
            self.name.as_str(),
            "code" | "pre" | "kbd" | "samp" | "textarea" | "script" | "style"
        );
        if other_language || code {
            Keep::Words
        } else {
            Keep::Nothing
        }
    }

    /// The tag with its attributes in the edition, inside an element that keeps `keep`.
    fn rewritten(&self, s: &str, keep: Keep, t: &Transliterator) -> String {
        let own = self.keeps();
        if keep == Keep::All || own == Keep::All || self.closing {
            return s.to_owned();
        }
        let words_kept = keep.max(own) >= Keep::Words;
        let mut out = String::with_capacity(s.len() + 16);
        let mut at = 0;
        for (name, value) in &self.attrs {
            let Some((a, b)) = *value else { continue };
            let v = &s[a..b];
            let new = match name.as_str() {
                // `lang` is the element's own: a `<span lang="ru">` keeps its words but
                // not its parent's language.
                "lang" if v == "kk" => Some(TAG.to_owned()),
                // A link's language moves with the link (the `<link rel=alternate>`s'
                // absolute addresses do not move, nor does their `hreflang`).
                "hreflang" if v == "kk" && self.attr("href").and_then(moved_url).is_some() => {
                    Some(TAG.to_owned())
                }
                "href" | "action" | "src" | "formaction" => moved_url(v),
                "value"
                    if self.name == "input" && self.attr("name") == Some("lang") && v == "kk" =>
                {
                    Some(CODE.to_owned())
                }
                _ if words_kept => None,
                "value" if self.is_button() => Some(t.text(v)),
                "content" if self.name == "meta" => Some(t.text(v)),
                n if is_words_attribute(n) => Some(t.text(v)),
                _ => None,
            };
            if let Some(new) = new {
                out.push_str(&s[at..a]);
                out.push_str(&new);
                at = b;
            }
        }
        out.push_str(&s[at..]);
        out
    }

    fn is_button(&self) -> bool {
        self.name == "input" && matches!(self.attr("type"), Some("submit" | "button" | "reset"))
    }
}

/// The attributes whose value is words for people: accessible names and hints, and the
/// words the calculators and the search box show (`site.js` reads them).
fn is_words_attribute(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "alt"
            | "aria-label"
            | "aria-description"
            | "aria-roledescription"
            | "placeholder"
            | "label"
            | "data-search-heading"
            | "data-search-none"
            | "data-docs-label"
            | "data-fee-label"
            | "data-fee"
            | "data-none"
            | "data-docs"
            | "data-months"
            | "data-weekdays"
            | "data-template"
            | "data-template-range"
            | "data-date-format"
    )
}

/// A link to the Cyrillic Kazakh edition moved to the Latin one: its pages (`/kk/…/`,
/// `….html`) and the API's `?lang=kk`; an API address without a language is given the
/// edition's, so that the API answers with pages of the edition (a form posting
/// `lang` only in its body included). Other languages, absolute addresses, anchors and
/// data files (the work plan's `plan.csv`, `.json`, `.ics`, in the language they are
/// written in) stay.
pub fn moved_url(url: &str) -> Option<String> {
    // In an attribute, `&` is written `&amp;`: moved as the URL it stands for.
    if url.contains("&amp;") {
        let moved = moved_url(&url.replace("&amp;", "&"))?;
        return Some(moved.replace('&', "&amp;"));
    }
    let mut moved = match url.strip_prefix("/kk") {
        Some(rest) if (rest.is_empty() || rest.starts_with(['/', '?', '#'])) && is_page(rest) => {
            format!("/{CODE}{rest}")
        }
        _ => url.to_owned(),
    };
    // Only this site's own addresses: another site's `?lang=kk` (egov.kz) is its own.
    let own = moved.starts_with('/') && !moved.starts_with("//");
    for sep in ['?', '&'].into_iter().filter(|_| own) {
        let param = format!("{sep}lang=kk");
        if let Some(i) = moved.find(&param) {
            let end = i + param.len();
            let ends_value = moved[end..]
                .chars()
                .next()
                .is_none_or(|c| c == '&' || c == '#');
            if ends_value {
                moved.replace_range(i..end, &format!("{sep}lang={CODE}"));
            }
        }
    }
    if moved.starts_with("/api/") && !moved.contains("?lang=") && !moved.contains("&lang=") {
        let at = moved.find('#').unwrap_or(moved.len());
        let sep = if moved[..at].contains('?') { '&' } else { '?' };
        moved.insert_str(at, &format!("{sep}lang={CODE}"));
    }
    (moved != url).then_some(moved)
}

/// Whether a `lang` value names the Latin edition (`kk-latn`, in any case).
pub fn is_code(lang: &str) -> bool {
    lang.eq_ignore_ascii_case(CODE)
}

/// Whether a path names a page (a folder, or an `.html` file) rather than a data file.
fn is_page(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.') || last.ends_with(".html")
}

fn is_tag_start(s: &str) -> bool {
    s[1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

/// The end of the tag at the start of `s` (after its `>`), quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "!doctype"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "textarea")
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(html: &str) -> String {
        latin_page(html, &Transliterator::default())
    }

    #[test]
    fn text_and_the_attributes_people_read_are_in_latin_letters() {
        assert_eq!(
            latin(
                r#"<p title="Жатақхана">Өтініш <abbr title="жоғары оқу орны">ЖОО</abbr> <img alt="Сурет" src="/a.png"></p>"#
            ),
            r#"<p title="Jataqhana">Ötınış <abbr title="joğary oqu orny">ЖОО</abbr> <img alt="Suret" src="/a.png"></p>"#
        );
        assert_eq!(
            latin(
                r#"<meta name="description" content="Қызмет"><input type="submit" value="Жіберу">"#
            ),
            r#"<meta name="description" content="Qyzmet"><input type="submit" value="Jıberu">"#
        );
    }

    #[test]
    fn links_forms_and_languages_move_to_the_edition() {
        assert_eq!(
            latin(
                r#"<html lang="kk"><a href="/kk/services/?q=1#x" hreflang="kk">а</a><a href="/ru/services/">б</a><a href="/kk">в</a><a href="https://x.kz/kk/">г</a>"#
            ),
            r#"<html lang="kk-Latn"><a href="/kk-latn/services/?q=1#x" hreflang="kk-Latn">a</a><a href="/ru/services/">b</a><a href="/kk-latn">v</a><a href="https://x.kz/kk/">g</a>"#
        );
        assert_eq!(
            latin(
                r#"<form action="/api/forms/dormitory/send?lang=kk"><input type="hidden" name="lang" value="kk"><input name="name" value="Әлия"></form>"#
            ),
            r#"<form action="/api/forms/dormitory/send?lang=kk-latn"><input type="hidden" name="lang" value="kk-latn"><input name="name" value="Әлия"></form>"#
        );
        assert_eq!(
            moved_url("/api/status?reference=A&lang=kk"),
            Some("/api/status?reference=A&lang=kk-latn".into())
        );
        assert_eq!(moved_url("/api/status?lang=kkx"), None);
        assert_eq!(moved_url("/kkk/"), None);
        assert_eq!(moved_url("/kk/workplan/plan.csv"), None);
        assert_eq!(moved_url("http://idp.egov.kz/idp/sign-in?lang=kk"), None);
        assert_eq!(moved_url("//idp.egov.kz/x?lang=kk"), None);
        assert_eq!(moved_url("/kk-latn/services/"), None);
        assert_eq!(moved_url("/api/status?lang=kk-latn"), None);
        assert_eq!(
            moved_url("/api/status"),
            Some("/api/status?lang=kk-latn".into())
        );
        assert_eq!(
            moved_url("/api/x?a=1#f"),
            Some("/api/x?a=1&lang=kk-latn#f".into())
        );
        assert_eq!(moved_url("/api/x?lang=ru"), None);
        // As written in an attribute.
        assert_eq!(
            moved_url("/api/review/export?form=d&amp;personal=1&amp;lang=kk"),
            Some("/api/review/export?form=d&amp;personal=1&amp;lang=kk-latn".into())
        );
        assert!(is_code("kk-latn") && is_code("kk-Latn"));
        assert!(!is_code("kk"));
        assert_eq!(moved_url("/kk/404.html"), Some("/kk-latn/404.html".into()));
    }

    #[test]
    fn code_other_languages_typed_text_and_the_switcher_are_left() {
        assert_eq!(
            latin(
                r#"<p>Жаз <code>портал</code> <span lang="ru">Общежитие <a href="/kk/x/">сілтеме</a></span> <textarea name="t">Мәтін</textarea> <script>var a = "<b>Ә</b>";</script> мен</p>"#
            ),
            r#"<p>Jaz <code>портал</code> <span lang="ru">Общежитие <a href="/kk-latn/x/">сілтеме</a></span> <textarea name="t">Мәтін</textarea> <script>var a = "<b>Ә</b>";</script> men</p>"#
        );
        let switcher = r#"<nav translate="no"><a href="/kk/x/" lang="kk" hreflang="kk">Қазақша</a></nav><p>Иә</p>"#;
        assert_eq!(
            latin(switcher),
            r#"<nav translate="no"><a href="/kk/x/" lang="kk" hreflang="kk">Қазақша</a></nav><p>İä</p>"#
        );
    }

    #[test]
    fn comments_void_elements_and_quotes_inside_attributes_do_not_confuse_it() {
        assert_eq!(
            latin(r#"<!-- Түсінік --><br><p data-none='a > б'>в<br/>г</p><p>д</p>"#),
            r#"<!-- Түсінік --><br><p data-none='a > b'>v<br/>g</p><p>d</p>"#
        );
        assert_eq!(latin("a < б"), "a < b");
        assert_eq!(latin(""), "");
    }
}
