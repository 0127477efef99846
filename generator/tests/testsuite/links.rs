//! The built site holds together: every internal `href` and `src` is a file of the site,
//! every `#anchor` is an `id` on the page it points at, and every page in /kk/, /ru/ and
//! /en/ names its two translations (`<link rel="alternate" hreflang>` and the language
//! switcher), which exist. Checked on the good fixture and on the real `content/` (built
//! non-strict: translations may be under way there).

use crate::helper::{BuiltSite, TestSite, real_content, url_to_file};
use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};

const LANGS: [&str; 3] = ["kk", "ru", "en"];

/// What the checks need of one HTML page.
struct Parsed {
    lang: Option<String>,
    ids: BTreeSet<String>,
    /// (element, attribute, value) of every `href` and `src`.
    links: Vec<(String, &'static str, String)>,
    /// `<link rel="alternate" hreflang=… href=…>`
    alternates: Vec<(String, String)>,
    /// The language switcher's `<a hreflang=… href=…>`
    switcher: Vec<(String, String)>,
}

fn select(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn parse(html: &str) -> Parsed {
    let doc = Html::parse_document(html);
    let attr_pairs = |sel: &str, a: &str| -> Vec<(String, String)> {
        doc.select(&select(sel))
            .filter_map(|e| {
                Some((
                    e.value().attr("hreflang")?.to_string(),
                    e.value().attr(a)?.to_string(),
                ))
            })
            .collect()
    };
    let mut links = Vec::new();
    for attr in ["href", "src"] {
        for e in doc.select(&select(&format!("[{attr}]"))) {
            let value = e.value().attr(attr).expect("selected by it").to_string();
            links.push((e.value().name().to_string(), attr, value));
        }
    }
    Parsed {
        lang: doc
            .select(&select("html"))
            .next()
            .and_then(|e| e.value().attr("lang"))
            .map(str::to_string),
        ids: doc
            .select(&select("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .map(str::to_string)
            .collect(),
        links,
        alternates: attr_pairs(r#"link[rel="alternate"][hreflang]"#, "href"),
        switcher: attr_pairs("nav.langs a[hreflang]", "href"),
    }
}

/// The site's address, as `robots.txt` gives it (`Sitemap: <base>/sitemap.xml`).
fn base_url(site: &BuiltSite) -> String {
    let robots = site.file("robots.txt");
    robots
        .lines()
        .find_map(|l| l.strip_prefix("Sitemap: "))
        .and_then(|s| s.strip_suffix("/sitemap.xml"))
        .expect("robots.txt names the sitemap")
        .to_string()
}

/// Where a link leads inside the site: (file, fragment). `None` for other sites, e-mail
/// and telephone links.
fn resolve(page_file: &str, href: &str, base: &str) -> Option<(String, Option<String>)> {
    let href = match href.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') || rest.starts_with('#') => rest,
        _ => href,
    };
    let scheme = href
        .find(':')
        .is_some_and(|i| !href[..i].contains(['/', '#', '?']));
    if scheme || href.starts_with("//") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (
            p,
            Some(percent_decode_str(f).decode_utf8_lossy().into_owned()),
        ),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let file = if path.is_empty() {
        page_file.to_string()
    } else if path.starts_with('/') {
        url_to_file(&path)
    } else {
        // Relative to the page's folder.
        let mut parts: Vec<&str> = page_file.split('/').collect();
        parts.pop();
        for seg in path.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let joined = parts.join("/");
        if path.ends_with('/') {
            format!("{joined}/index.html")
        } else {
            joined
        }
    };
    Some((file, fragment))
}

/// The URL path of a page in another language: `ru/services/x/index.html` → `/kk/services/x/`.
fn translation_url(file: &str, lang: &str) -> Option<String> {
    let (_, rest) = file.split_once('/')?;
    let rest = rest.strip_suffix("index.html").unwrap_or(rest);
    Some(format!("/{lang}/{rest}"))
}

struct Problems {
    missing_files: Vec<String>,
    missing_anchors: Vec<String>,
    translations: Vec<String>,
}

fn inspect(site: &BuiltSite) -> Problems {
    let base = base_url(site);
    let pages: BTreeMap<String, Parsed> = site
        .html_files()
        .into_iter()
        .map(|f| {
            let html = site.file(&f);
            (f, parse(&html))
        })
        .collect();
    let files: BTreeSet<String> = site.files().into_iter().collect();
    let mut p = Problems {
        missing_files: Vec::new(),
        missing_anchors: Vec::new(),
        translations: Vec::new(),
    };
    for (file, page) in &pages {
        for (element, attr, value) in &page.links {
            let Some((target, fragment)) = resolve(file, value, &base) else {
                continue;
            };
            if !files.contains(&target) {
                p.missing_files.push(format!(
                    "{file}: <{element} {attr}=\"{value}\">: the site has no {target}"
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let has = pages
                    .get(&target)
                    .is_some_and(|t| t.ids.contains(&fragment));
                if !has {
                    p.missing_anchors.push(format!(
                        "{file}: <{element} {attr}=\"{value}\">: {target} has no id=\"{fragment}\""
                    ));
                }
            }
        }

        let Some(lang) = LANGS.iter().find(|l| file.starts_with(&format!("{l}/"))) else {
            continue;
        };
        if page.lang.as_deref() != Some(lang) {
            p.translations.push(format!(
                "{file}: <html lang> is {:?}, not {lang}",
                page.lang
            ));
        }
        for other in LANGS.iter().filter(|l| *l != lang) {
            let url = translation_url(file, other).expect("a page in a language folder");
            let abs = format!("{base}{url}");
            if !site.has(&url) {
                p.translations.push(format!(
                    "{file}: its {other} translation {url} does not exist"
                ));
            }
            if !page.alternates.iter().any(|(l, h)| l == other && *h == abs) {
                p.translations.push(format!(
                    "{file}: no <link rel=\"alternate\" hreflang=\"{other}\" href=\"{abs}\">; it has {:?}",
                    page.alternates
                ));
            }
            if !page.switcher.iter().any(|(l, h)| l == other && *h == url) {
                p.translations.push(format!(
                    "{file}: the language switcher has no link to {url}; it has {:?}",
                    page.switcher
                ));
            }
        }
    }
    p
}

#[track_caller]
fn assert_none(what: &str, site: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} {what} in the site built from {site}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn good() -> BuiltSite {
    TestSite::good().build_strict()
}

fn real() -> BuiltSite {
    BuiltSite::build(&real_content(), false)
}

#[test]
fn the_link_checker_sees_a_broken_link() {
    // The checker itself: a page that links to nothing is caught.
    let site = good();
    let page = "ru/glossary/index.html";
    let path = site.root().join(page);
    let html = site.file(page).replace(
        r#"<a href="/ru/services/">"#,
        r#"<a href="/ru/servces/"><a href="/ru/services/#nowhere">"#,
    );
    std::fs::write(path, html).expect("write");
    let p = inspect(&site);
    assert!(
        p.missing_files.iter().any(|m| m.contains("/ru/servces/")),
        "{:?}",
        p.missing_files
    );
    assert!(
        p.missing_anchors.iter().any(|m| m.contains("nowhere")),
        "{:?}",
        p.missing_anchors
    );
    assert_eq!(
        resolve("ru/guides/x/index.html", "#%D0%B4%D0%B0", "https://e.kz"),
        Some(("ru/guides/x/index.html".into(), Some("да".into())))
    );
    assert_eq!(
        resolve("ru/index.html", "https://e.kz/en/", "https://e.kz"),
        Some(("en/index.html".into(), None))
    );
    assert_eq!(
        resolve("ru/index.html", "mailto:a@b.kz", "https://e.kz"),
        None
    );
    assert_eq!(
        resolve("ru/index.html", "http://www.do.ektu.kz", "https://e.kz"),
        None
    );
}

#[test]
fn good_fixture_links_lead_to_files_of_the_site() {
    assert_none(
        "links to missing files",
        "the good fixture",
        &inspect(&good()).missing_files,
    );
}

#[test]
fn good_fixture_anchors_exist() {
    assert_none(
        "links to missing anchors",
        "the good fixture",
        &inspect(&good()).missing_anchors,
    );
}

#[test]
fn good_fixture_pages_link_their_translations() {
    assert_none(
        "translation problems",
        "the good fixture",
        &inspect(&good()).translations,
    );
}

#[test]
fn real_content_links_lead_to_files_of_the_site() {
    assert_none(
        "links to missing files",
        "content/",
        &inspect(&real()).missing_files,
    );
}

#[test]
fn real_content_anchors_exist() {
    assert_none(
        "links to missing anchors",
        "content/",
        &inspect(&real()).missing_anchors,
    );
}

#[test]
fn real_content_pages_link_their_translations() {
    assert_none(
        "translation problems",
        "content/",
        &inspect(&real()).translations,
    );
}

#[test]
fn a_category_without_services_leaves_no_dangling_link() {
    // Without the transcript, the `certificates` category has no service.
    let site = TestSite::good()
        .delete("services/certificate-transcript.yaml")
        .build_strict();
    let dangling: Vec<String> = inspect(&site)
        .missing_anchors
        .into_iter()
        .filter(|m| m.contains("#cat-"))
        .collect();
    assert_none(
        "links to missing anchors",
        "the good fixture without the transcript",
        &dangling,
    );
}

#[test]
fn a_russian_text_that_links_to_the_kazakh_egov_page_is_pointed_at() {
    let checked = crate::helper::TestSite::good()
        .replace(
            "services/dormitory.yaml",
            "ru: Студенты университета.",
            "ru: Студенты университета (https://egov.kz/cms/kk/articles/mobilecitizen).",
        )
        .replace(
            "services/dormitory.yaml",
            "en: Students of the university.",
            "en: Students of the university (https://egov.kz/cms/en/articles/mobilecitizen).",
        )
        .check();
    // The English one links to egov.kz in English: nothing to say.
    checked
        .expect_warning(
            content_model::Kind::LinkLanguage,
            "services/dormitory.yaml",
            15,
        )
        .column(38)
        .message_contains("this ru text links to the kk page of egov.kz")
        .help_is("egov.kz has the page in Russian: write `egov.kz/cms/ru/`");
    // With the Russian source changed, its kk and en translations are stale too.
    checked.counts(0, 3);
}
