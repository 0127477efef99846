//! The Kazakh Latin-script edition (`/kk-latn/`): made from every Kazakh page, in the
//! 2021 alphabet, with its own language tag, links, alternates, sitemap entries, search
//! index and 404 page; `latin.yaml` overrides a word's spelling.

use crate::helper::{BuiltSite, TestSite, real_content};
use content_model::Kind;
use content_model::latin_alphabet::is_cyrillic;
use content_model::transliteration::is_abbreviation;

const BASE: &str = "https://portal.example.edu.kz";

#[test]
fn every_kazakh_page_has_its_latin_edition() {
    let site = TestSite::good().build_strict();
    let kk: Vec<String> = site
        .html_files()
        .into_iter()
        .filter_map(|f| f.strip_prefix("kk/").map(str::to_owned))
        .collect();
    assert!(kk.len() > 10);
    for f in &kk {
        assert!(site.has(&format!("/kk-latn/{f}")), "kk-latn/{f}");
    }
}

#[test]
fn a_latin_page_is_in_latin_letters_with_its_own_language_links_and_alternates() {
    let site = TestSite::good().build_strict();
    let page = site.page("/kk-latn/services/dormitory/");
    page.contains("<html lang=\"kk-Latn\">")
        // The service's title, from services/dormitory.yaml: Жатақханадан орын беру
        .contains("Jataqhanadan oryn beru")
        .lacks("Жатақханадан орын беру")
        .contains(&format!("<link rel=\"canonical\" href=\"{BASE}/kk-latn/services/dormitory/\">"))
        // Alternates: the same page in the Cyrillic edition and the other languages.
        .contains(&format!("<link rel=\"alternate\" hreflang=\"kk\" href=\"{BASE}/kk/services/dormitory/\">"))
        .contains(&format!("<link rel=\"alternate\" hreflang=\"kk-Latn\" href=\"{BASE}/kk-latn/services/dormitory/\">"))
        .contains(&format!("<link rel=\"alternate\" hreflang=\"ru\" href=\"{BASE}/ru/services/dormitory/\">"))
        // The switcher: this edition is the current one; Қазақша leads to the Cyrillic one.
        .contains("<a href=\"/kk-latn/services/dormitory/\" lang=\"kk-Latn\" hreflang=\"kk-Latn\" aria-current=\"true\">Qazaqşa</a>")
        .contains("<a href=\"/kk/services/dormitory/\" lang=\"kk\" hreflang=\"kk\">Қазақша</a>")
        // Its links stay in the edition.
        .contains("href=\"/kk-latn/forms/dormitory/\"")
        .contains("action=\"/kk-latn/services/\"")
        .lacks("href=\"/kk/forms/");
    // The Cyrillic page lists the Latin edition among its alternates.
    site.page("/kk/services/dormitory/")
        .contains(&format!("<link rel=\"alternate\" hreflang=\"kk-Latn\" href=\"{BASE}/kk-latn/services/dormitory/\">"))
        .contains("<a href=\"/kk-latn/services/dormitory/\" lang=\"kk-Latn\" hreflang=\"kk-Latn\">Qazaqşa</a>");
    site.page("/ru/services/dormitory/").contains(&format!(
        "hreflang=\"kk-Latn\" href=\"{BASE}/kk-latn/services/dormitory/\""
    ));
}

#[test]
fn a_form_of_the_latin_edition_asks_the_api_for_latin_pages() {
    let site = TestSite::good().build_strict();
    site.page("/kk-latn/forms/dormitory/")
        .contains("?lang=kk-latn\"")
        .contains("<input type=\"hidden\" name=\"lang\" value=\"kk-latn\">")
        .lacks("?lang=kk\"");
}

/// What a Latin page may still have in Cyrillic letters: abbreviations (left as
/// written), what is in another language (`lang="ru"`), code, and the switcher's
/// "Қазақша".
fn cyrillic_words_left(html: &str) -> Vec<String> {
    let mut text = html.to_owned();
    for (open, close) in [
        ("<ul translate=\"no\">", "</ul>"),
        ("<code>", "</code>"),
        ("<pre>", "</pre>"),
    ] {
        text = without(&text, open, close);
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut at = 0;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphabetic() {
            if word.is_empty() {
                at = i;
            }
            word.push(c);
            continue;
        }
        if word.chars().any(is_cyrillic)
            && !is_abbreviation(&word)
            && !in_other_language(&text[..at])
        {
            words.push(word.clone());
        }
        word.clear();
    }
    words
}

/// `text` without every part from `open` to `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        rest = rest[i..]
            .find(close)
            .map_or("", |j| &rest[i + j + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// Whether the text just before a word opened an element in Russian or English (a
/// fallback) that is not closed yet.
fn in_other_language(before: &str) -> bool {
    ["lang=\"ru\"", "lang=\"en\""]
        .iter()
        .filter_map(|l| before.rfind(l))
        .max()
        .is_some_and(|at| !before[at..].contains("</"))
}

#[test]
fn no_word_of_the_real_site_is_left_in_cyrillic_but_abbreviations_and_ids() {
    let site = BuiltSite::build(&real_content(), true);
    let mut left = Vec::new();
    for f in site
        .html_files()
        .into_iter()
        .filter(|f| f.starts_with("kk-latn/"))
    {
        let html = site.file(&f);
        // Heading ids (and the links to them) keep the slug of the Cyrillic heading, so
        // that a link to `/kk/…#…` and `/kk-latn/…#…` finds the same section.
        let without_ids = strip_attr(&strip_attr(&html, "id"), "href");
        for w in cyrillic_words_left(&without_ids) {
            left.push(format!("{f}: {w}"));
        }
    }
    left.sort();
    left.dedup();
    assert!(
        left.is_empty(),
        "Cyrillic words on Latin pages:\n{}",
        left.join("\n")
    );
}

/// `html` without the values of the attribute `name` (`id="…"` → `id=""`).
fn strip_attr(html: &str, name: &str) -> String {
    let pat = format!(" {name}=\"");
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        out.push_str(&rest[..i + pat.len()]);
        rest = &rest[i + pat.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_sitemap_the_language_chooser_the_search_and_the_404_know_the_edition() {
    let site = TestSite::good().build_strict();
    let sitemap = site.file("sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<url><loc>{BASE}/kk-latn/services/dormitory/</loc>"
    )));
    assert!(sitemap.contains(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"kk-Latn\" href=\"{BASE}/kk-latn/services/dormitory/\"/>"
    )));
    let root = site.page("/");
    root.contains("<a href=\"/kk-latn/\" hreflang=\"kk-Latn\">")
        .contains(&format!(
            "<link rel=\"alternate\" hreflang=\"kk-Latn\" href=\"{BASE}/kk-latn/\">"
        ));
    site.page("/kk-latn/404.html")
        .contains("<html lang=\"kk-Latn\">");
    let entry = site.file("pagefind/pagefind-entry.json");
    assert!(entry.contains("\"kk-latn\""), "{entry}");
}

#[test]
fn latin_yaml_spells_a_word_its_own_way() {
    let site = TestSite::good()
        .write("latin.yaml", "words:\n  жатақхана*: jataqxana\n")
        .build_strict();
    site.page("/kk-latn/services/dormitory/")
        .contains("Jataqxanadan oryn beru")
        .lacks("Jataqhanadan");
}

#[test]
fn a_wrong_line_in_latin_yaml_is_pointed_at() {
    let checked = TestSite::good()
        .write(
            "latin.yaml",
            "words:\n  жатақхана: jataqhana\n  екі сөз: eki soz\n  qazaq: qazaq\n  бір: бір\n  Абай: Abai\n  абай: Abai\n",
        )
        .check();
    checked
        .expect_warning(Kind::InvalidValue, "latin.yaml", 2)
        .message_is("the rules already spell `жатақхана` as `jataqhana`");
    checked
        .expect_error(Kind::InvalidValue, "latin.yaml", 3)
        .message_is("`екі сөз` is not one word");
    checked
        .expect_error(Kind::InvalidValue, "latin.yaml", 4)
        .message_contains("has no Cyrillic letter");
    checked
        .expect_error(Kind::InvalidValue, "latin.yaml", 5)
        .message_contains("has Cyrillic letters");
    checked
        .expect_error(Kind::DuplicateSlug, "latin.yaml", 7)
        .message_contains("given a spelling twice");
}
