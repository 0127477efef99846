//! Page-weight budgets on the real site (sizes are deterministic, so these are tests):
//! what a phone downloads before it can show a page.
//!
//! - every page with its CSS: at most 14 KB gzip-compressed, so that it arrives in the
//!   first round trip (TCP's initial window of 10 segments of ~1460 bytes);
//! - all JavaScript a page loads: at most 10 KB compressed, and none render-blocking;
//! - assets with fingerprinted names, for long caching.
//!
//! One documented exception: the whole work plan (`/{lang}/workplan/`), the 127 rows of
//! the source document on one page, whose table text alone is ~11.6 KB compressed. Its
//! sections, units and "this month" views are pages of their own within the budget; the
//! whole plan has a budget of its own, so that it cannot grow unnoticed.

use crate::helper::{BuiltSite, real_content};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

const PAGE_AND_CSS: usize = 14 * 1024;
const WHOLE_PLAN_AND_CSS: usize = 18 * 1024;
const SCRIPTS: usize = 10 * 1024;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(bytes).expect("in memory");
    e.finish().expect("in memory").len()
}

/// The values of `attr` on the `tag` elements of `html` (the generator's own markup:
/// double-quoted attributes).
fn attrs<'a>(html: &'a str, tag: &str, attr: &str) -> Vec<&'a str> {
    html.match_indices(&format!("<{tag} "))
        .filter_map(|(i, _)| {
            let element = &html[i..i + html[i..].find('>')?];
            let at = element.find(&format!(" {attr}=\""))? + attr.len() + 3;
            Some(&element[at..at + element[at..].find('"')?])
        })
        .collect()
}

fn is_whole_plan(file: &str) -> bool {
    ["kk", "kk-latn", "ru", "en"]
        .map(|l| format!("{l}/workplan/index.html"))
        .contains(&file.to_string())
}

#[test]
fn every_page_of_the_real_site_is_within_its_budgets() {
    let site = BuiltSite::build(&real_content(), true);
    let mut over = Vec::new();
    let mut heaviest = (0, String::new());
    for file in site.html_files() {
        let html = site.file(&file);
        let css: usize = attrs(&html, "link", "href")
            .into_iter()
            .filter(|h| h.ends_with(".css"))
            .map(|h| gzip(site.file(h.trim_start_matches('/')).as_bytes()))
            .sum();
        let total = gzip(html.as_bytes()) + css;
        let budget = if is_whole_plan(&file) {
            WHOLE_PLAN_AND_CSS
        } else {
            PAGE_AND_CSS
        };
        if total > budget {
            over.push(format!("{file}: {total} bytes (budget {budget})"));
        }
        if !is_whole_plan(&file) && total > heaviest.0 {
            heaviest = (total, file.clone());
        }

        // Scripts: deferred, fingerprinted, small together.
        let scripts = attrs(&html, "script", "src");
        let mut js = 0;
        for src in &scripts {
            let tag = &html[html
                .find(&format!("<script src=\"{src}\""))
                .expect("the tag")..];
            let tag = &tag[..tag.find('>').expect("closed")];
            assert!(
                tag.contains(" defer") || tag.contains(" async"),
                "{file}: {tag}> blocks rendering"
            );
            js += gzip(site.file(src.trim_start_matches('/')).as_bytes());
        }
        assert!(
            js <= SCRIPTS,
            "{file}: {js} bytes of JavaScript (budget {SCRIPTS})"
        );
        assert!(!html.contains("<script>"), "{file}: inline script");
        for asset in scripts.iter().chain(attrs(&html, "link", "href").iter()) {
            if asset.starts_with("/assets/") {
                let name = asset.rsplit('/').next().unwrap_or_default();
                let parts: Vec<&str> = name.split('.').collect();
                assert!(
                    parts.len() == 3
                        && parts[1].len() == 10
                        && parts[1].chars().all(|c| c.is_ascii_hexdigit()),
                    "{file}: {asset} is not fingerprinted (name.<10 hex>.ext)"
                );
            }
        }
    }
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
    // The search's own script and index load only when someone searches.
    assert!(heaviest.0 > 0, "{heaviest:?}");
    for file in site.html_files() {
        assert!(
            !site.file(&file).contains("<script src=\"/pagefind/"),
            "{file}"
        );
    }
}

#[test]
fn the_budget_check_sees_an_oversized_page() {
    // A self-check of the measure: 16,000 pseudo-random Cyrillic letters (32 KB of
    // UTF-8, about 5 bits of information each) do not compress below 9 KB.
    let mut x: u32 = 2_463_534_242;
    let text: String = (0..16_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(0x0430 + x % 32).expect("Cyrillic")
        })
        .collect();
    assert!(
        gzip(text.as_bytes()) > 9 * 1024,
        "{}",
        gzip(text.as_bytes())
    );
    assert_eq!(
        attrs(
            r#"<script src="/a.js" defer></script><link rel="stylesheet" href="/b.css">"#,
            "script",
            "src"
        ),
        vec!["/a.js"]
    );
}
