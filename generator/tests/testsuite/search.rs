//! The search bundle: one Pagefind index per language, of the pages people look for.

use crate::helper::TestSite;

#[test]
fn the_site_has_one_search_index_per_language_of_the_searched_pages() {
    let site = TestSite::good().build_strict();
    let entry: serde_json::Value =
        serde_json::from_str(&site.file("pagefind/pagefind-entry.json")).expect("JSON");
    for lang in ["kk", "ru", "en"] {
        // The pages that say they are searched, in this language's folder.
        let searched: Vec<String> = site
            .html_files()
            .into_iter()
            .filter(|f| f.starts_with(&format!("{lang}/")))
            .filter(|f| {
                site.file(f).contains(
                    "<main id=\"main\" class=\"wrap\" tabindex=\"-1\" data-pagefind-body>",
                )
            })
            .collect();
        assert_eq!(
            entry["languages"][lang]["page_count"],
            searched.len(),
            "{lang}: {searched:?}"
        );
        assert!(searched.contains(&format!("{lang}/services/dormitory/index.html")));
        assert!(searched.contains(&format!("{lang}/workplan/index.html")));
        // Lists, forms and the filtered plan are not searched: they would outrank or
        // repeat the pages they lead to.
        for not in [
            "services/index.html",
            "forms/dormitory/index.html",
            "index.html",
        ] {
            assert!(!searched.contains(&format!("{lang}/{not}")), "{lang}/{not}");
        }
    }
    // The index and its script are there; Pagefind's own UIs are not.
    assert!(site.has("/pagefind/pagefind.js"));
    assert!(
        !site
            .files()
            .iter()
            .any(|f| f.starts_with("pagefind/pagefind-ui") || f.contains("highlight")),
        "{:?}",
        site.files()
    );
}

#[test]
fn every_page_has_the_search_box_which_without_javascript_opens_the_catalogue() {
    let site = TestSite::good().build_strict();
    for lang in ["kk", "ru", "en"] {
        for url in [format!("/{lang}/"), format!("/{lang}/guides/")] {
            site.page(&url)
                .has(&format!(
                    r#"form.wrap.site-search[role="search"][action="/{lang}/services/"][method="get"][data-search]"#
                ))
                .has(r#"form.site-search label[for="site-search-q"]"#)
                .has(r#"form.site-search input#site-search-q[name="q"][type="search"]"#);
        }
    }
}
