//! What the pages say: one snapshot of each kind of page (Russian, from the good fixture),
//! the sitemap, and the plural rules where the fixture shows numbers.
//!
//! A changed page fails its snapshot; when the change is meant, accept it with
//! `INSTA_UPDATE=always cargo test -p generator --test testsuite` (or `cargo insta review`)
//! and commit `tests/testsuite/snapshots/`. The stylesheet's name carries its hash, so a
//! change to style.css changes every snapshot's `<link rel="stylesheet">` line.

use crate::helper::{BuiltSite, TestSite, fixtures, real_content};
use insta::assert_snapshot;

/// The good fixture, built strictly (a small site builds in a blink).
fn good() -> BuiltSite {
    TestSite::good().build_strict()
}

#[test]
fn the_good_fixture_builds_every_page_in_every_language() {
    let site = good();
    let pages: Vec<usize> = site.report.pages.values().copied().collect();
    // home, catalogue, 2 services, 1 form, guides, 1 guide, work plan, glossary,
    // application status, staff review, 404; the work plan's views: 2 sections, 3 units,
    // this month
    // en, kk, kk-latn (made from kk), ru
    assert_eq!(pages, [18, 18, 18, 18], "{}", site.report.summary());
    assert_eq!(
        site.report.other_pages, 2,
        "the language chooser and /404.html"
    );
    assert!(site.report.warnings.is_empty());
    for lang in ["kk", "kk-latn", "ru", "en"] {
        for url in [
            "",
            "services/",
            "services/dormitory/",
            "services/transcript/",
            "forms/dormitory/",
            "status/",
            "review/",
            "guides/",
            "guides/dormitory-settlement/",
            "workplan/",
            "glossary/",
            "404.html",
        ] {
            let url = format!("/{lang}/{url}");
            assert!(site.has(&url), "{url} is missing");
        }
    }
    for file in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
        assert!(site.has(&format!("/{file}")), "{file} is missing");
    }
    let css: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("assets/style.") && f.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "one fingerprinted stylesheet: {css:?}");
}

#[test]
fn snapshot_root_index() {
    assert_snapshot!("root_index", good().file("index.html"));
}

#[test]
fn snapshot_home() {
    assert_snapshot!("ru_home", good().file("ru/index.html"));
}

#[test]
fn snapshot_catalogue() {
    assert_snapshot!("ru_catalogue", good().file("ru/services/index.html"));
}

#[test]
fn snapshot_service() {
    assert_snapshot!(
        "ru_service_dormitory",
        good().file("ru/services/dormitory/index.html")
    );
}

#[test]
fn snapshot_form() {
    assert_snapshot!(
        "ru_form_dormitory",
        good().file("ru/forms/dormitory/index.html")
    );
}

#[test]
fn snapshot_status() {
    assert_snapshot!("ru_status", good().file("ru/status/index.html"));
}

#[test]
fn snapshot_review() {
    assert_snapshot!("ru_review", good().file("ru/review/index.html"));
}

#[test]
fn snapshot_guide_list() {
    assert_snapshot!("ru_guides", good().file("ru/guides/index.html"));
}

#[test]
fn snapshot_guide() {
    assert_snapshot!(
        "ru_guide_dormitory_settlement",
        good().file("ru/guides/dormitory-settlement/index.html")
    );
}

#[test]
fn snapshot_workplan() {
    assert_snapshot!("ru_workplan", good().file("ru/workplan/index.html"));
}

#[test]
fn snapshot_glossary() {
    assert_snapshot!("ru_glossary", good().file("ru/glossary/index.html"));
}

#[test]
fn snapshot_not_found() {
    assert_snapshot!("ru_404", good().file("ru/404.html"));
}

#[test]
fn snapshot_sitemap() {
    assert_snapshot!("sitemap", good().file("sitemap.xml"));
}

#[test]
fn the_root_not_found_page_is_the_kazakh_one() {
    let site = good();
    assert_eq!(site.file("404.html"), site.file("kk/404.html"));
}

#[test]
fn russian_plurals_of_working_days() {
    let site = good();
    // processing: {working_days: [3, 5]} on the transcript; {working_days: 3} on the dormitory.
    site.page("/ru/services/transcript/")
        .contains("<dd>от 3 до 5 рабочих дней</dd>")
        .lacks("рабочего дня");
    site.page("/ru/services/dormitory/")
        .contains("<dd>3 рабочих дня</dd>")
        .lacks("3 рабочих дней");
    // The same numbers in the two other languages.
    site.page("/en/services/transcript/")
        .contains("<dd>3 to 5 working days</dd>");
    site.page("/en/services/dormitory/")
        .contains("<dd>3 working days</dd>");
    site.page("/kk/services/transcript/")
        .contains("<dd>3–5 жұмыс күні</dd>");
    site.page("/kk/services/dormitory/")
        .contains("<dd>3 жұмыс күні</dd>");
}

#[test]
fn russian_plurals_of_counts() {
    let site = good();
    // Section 1 has 2 rows, section 2 has 3 (numbered 1, 2, 4).
    let counts = site.page("/ru/workplan/").texts("nav.toc .small");
    assert_eq!(counts, ["(2 пункта)", "(3 пункта)"]);
    let counts = site.page("/en/workplan/").texts("nav.toc .small");
    assert_eq!(counts, ["(2 rows)", "(3 rows)"]);
    // One service in each category on the home page.
    let cards = site.page("/ru/").texts("ul.cards li p");
    assert!(cards.iter().any(|c| c == "1 услуга"), "{cards:?}");
}

#[test]
fn a_gap_in_the_plan_numbering_is_kept_and_explained() {
    let page = good().page("/ru/workplan/");
    page.has("tr#row-2-2")
        .has_no("tr#row-2-3")
        .has("tr#row-2-4")
        .contains("номер 3 пропущен");
}

#[test]
fn abbreviations_in_the_plan_are_expanded() {
    good()
        .page("/ru/workplan/")
        .has_text(
            r#"abbr[title="Департамент академической деятельности"]"#,
            "ДАД",
        )
        .has_text(r#"abbr[title="Офис регистратора"]"#, "ОР");
}

#[test]
fn fees_come_from_the_form() {
    good()
        .page("/ru/services/dormitory/")
        .contains("<td>На общих основаниях</td><td>10\u{a0}000 тенге в месяц</td>")
        .contains("<td>Студент из многодетной семьи</td><td>5\u{a0}000 тенге в месяц</td>")
        .contains("<td>Студент-сирота</td><td>Бесплатно</td>")
        .contains("<h3>Студент из многодетной семьи</h3>");
}

#[test]
fn guide_links_point_at_the_readers_language() {
    let site = good();
    site.page("/kk/guides/dormitory-settlement/")
        .contains(r#"href="/kk/services/dormitory/#cost""#);
    site.page("/en/guides/dormitory-settlement/")
        .contains(r#"href="/en/services/dormitory/#cost""#)
        .has_text("h2#documents", "Documents");
    site.page("/ru/guides/dormitory-settlement/")
        .has_text(r#"h2[id="документы"]"#, "Документы");
}

/// The fixture's interface strings are a copy of the real ones, so the snapshots show
/// what the real site says. After changing `content/i18n/`, copy it to
/// `tests/fixtures/good/i18n/` and accept the new snapshots.
#[test]
fn the_fixture_interface_strings_are_the_real_ones() {
    for lang in ["kk", "ru", "en"] {
        let rel = format!("i18n/{lang}.yaml");
        let real = std::fs::read_to_string(real_content().join(&rel)).expect("content/i18n");
        let fixture =
            std::fs::read_to_string(fixtures().join("good").join(&rel)).expect("fixture i18n");
        assert!(
            real == fixture,
            "tests/fixtures/good/{rel} differs from content/{rel}: copy it \
             (cp content/i18n/*.yaml generator/tests/fixtures/good/i18n/) and accept the snapshots"
        );
    }
}

#[test]
fn the_reviewers_sign_in_page_links_to_the_hosted_ui_in_a_production_build() {
    let site = TestSite::good();
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut opts = generator::BuildOptions::new(site.root(), out.path().join("public"));
    opts.hosted_sign_in = true;
    generator::build(&opts).expect("the build succeeds");
    for lang in ["kk", "ru", "en"] {
        let html =
            std::fs::read_to_string(out.path().join(format!("public/{lang}/review/index.html")))
                .expect("the sign-in page");
        assert!(
            html.contains(&format!(r#"href="/api/review/start?lang={lang}""#)),
            "{html}"
        );
        assert!(
            !html.contains("type=\"password\""),
            "no local accounts' form"
        );
    }
    // The local build keeps the accounts' form.
    good()
        .page("/ru/review/")
        .has(r#"form[method="post"][action="/api/review/login"][novalidate]"#)
        .lacks("/api/review/start");
}

/// Each service page shows who provides it, with that provider's contacts only; the
/// footer shows the unit's own.
#[test]
fn a_service_page_shows_its_own_providers_contacts() {
    let site = TestSite::good()
        .replace(
            "site.yaml",
            "mci:\n",
            "  - id: school-system\n    source: \"002\"\n    name: {kk: Мектеп жүйесі, ru: Школьная система, en: The school system}\n    contacts:\n      website: https://vko.ddo.kz\nmci:\n",
        )
        .replace("services/dormitory.yaml", "provider: centre", "provider: school-system")
        .build_strict();
    site.page("/en/services/dormitory/")
        .contains("<h2 id=\"provider\">Who provides it</h2><p>The school system</p><ul class=\"contacts\"><li>Website: <a href=\"https://vko.ddo.kz\">vko.ddo.kz</a></li></ul>")
        // The footer still names the unit that runs the portal.
        .contains("<p>Student Service Centre</p><ul class=\"contacts\"><li>Address: 19 Serikbayev St");
    site.page("/en/services/transcript/")
        .contains("<h2 id=\"provider\">Who provides it</h2><p>Student Service Centre</p>")
        .lacks("vko.ddo.kz");
}
