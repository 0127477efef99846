//! One test per kind of problem an editor can make: where it is reported (file, line,
//! column), what it says and what it tells the editor to write instead. The overlays are
//! in `tests/fixtures/errors/<kind>/`.

use crate::helper::{TestSite, read_tree};
use content_model::Kind;
use generator::BuildError;

const TRANSCRIPT: &str = "services/certificate-transcript.yaml";

#[test]
fn the_good_fixture_loads_strictly_without_warnings() {
    let site = TestSite::good();
    let checked = site.check_strict();
    let c = &checked.is_clean().content;
    assert_eq!(c.services.len(), 2);
    assert_eq!(c.forms.len(), 1);
    assert_eq!(c.guides.len(), 1);
    assert_eq!(c.guides[0].bodies.len(), 3, "kk, ru and en bodies");
    let plan = c.workplan.as_ref().expect("a work plan");
    assert_eq!(plan.sections.len(), 2);
    assert_eq!(c.glossary.entries.len(), 3);
    assert_eq!(c.holidays.len(), 1);
    assert_eq!(c.notifications.events.len(), 3);
    assert!(c.service("transcript").is_some(), "`slug:` names the page");
}

#[test]
fn malformed_yaml() {
    TestSite::good()
        .with_overlay("malformed-yaml")
        .check()
        .expect_error(Kind::MalformedYaml, TRANSCRIPT, 9)
        .column(6)
        .message_is("the YAML cannot be read: mapping values are not allowed in this context")
        .help_contains("check the indentation (spaces, not tabs;")
        .source_line_is("   en: Academic transcript");
}

#[test]
fn wrong_type() {
    TestSite::good()
        .with_overlay("wrong-type")
        .check()
        .expect_error(Kind::WrongType, "workplan/sections/2.yaml", 53)
        .column(9)
        .message_is(r#"found the text "four", but a whole number belongs here"#)
        .help_is("write a whole number here")
        .source_line_is("  - no: four");
}

#[test]
fn wrong_type_of_a_day_range() {
    TestSite::good()
        .replace(TRANSCRIPT, "working_days: [3, 5]", "working_days: three")
        .check()
        .expect_error(Kind::WrongType, TRANSCRIPT, 15)
        .message_contains("a number of days, or [from, to] such as [3, 5]")
        .help_lacks("indentation");
}

#[test]
fn unknown_key() {
    TestSite::good()
        .with_overlay("unknown-key")
        .check()
        .expect_error(Kind::UnknownKey, TRANSCRIPT, 6)
        .column(1)
        .message_is("unknown key `titel`")
        .help_contains("did you mean `title`?")
        .help_contains("`summary`")
        .source_line_is("titel:");
}

#[test]
fn unknown_key_in_front_matter_points_into_the_markdown_file() {
    TestSite::good()
        .replace("guides/dormitory-settlement/en.md", "summary:", "sumary:")
        .check()
        .expect_error(Kind::UnknownKey, "guides/dormitory-settlement/en.md", 3)
        .column(1)
        .message_is("unknown key `sumary`")
        .help_contains("did you mean `summary`?");
}

#[test]
fn missing_translation_is_a_warning_in_a_normal_check() {
    let site = TestSite::good().with_overlay("missing-translation");
    let checked = site.check();
    checked.succeeds();
    checked.counts(0, 2);
    checked
        .expect_warning(Kind::MissingTranslation, TRANSCRIPT, 10)
        .column(1)
        .message_is("`summary` has no en translation")
        .help_contains("add `en: …` under `summary`")
        .help_contains("pages show another language with a notice");
    checked
        .expect_warning_in(
            Kind::MissingTranslation,
            "guides/dormitory-settlement/en.md",
        )
        .message_is("the guide `dormitory-settlement` has no en text")
        .help_contains("add guides/dormitory-settlement/en.md with front matter");
}

#[test]
fn missing_translation_is_an_error_in_a_strict_check() {
    let site = TestSite::good().with_overlay("missing-translation");
    let checked = site.check_strict();
    checked.counts(2, 0);
    checked
        .expect_error(Kind::MissingTranslation, TRANSCRIPT, 10)
        .message_is("`summary` has no en translation");
    checked
        .expect_error_in(
            Kind::MissingTranslation,
            "guides/dormitory-settlement/en.md",
        )
        .message_is("the guide `dormitory-settlement` has no en text");
}

#[test]
fn missing_translation_builds_with_the_fallback_marked_and_announced() {
    let site = TestSite::good().with_overlay("missing-translation");
    let built = site.build();
    assert_eq!(built.report.warnings.len(), 2, "{}", built.report.warnings);
    assert!(
        built.report.summary().ends_with(", 2 warnings"),
        "{}",
        built.report.summary()
    );
    let notice = "Parts of this page have not been translated into English yet and are shown \
                  in another language.";
    // English falls back to Russian first; the Russian words are marked for screen readers.
    built
        .page("/en/services/transcript/")
        .has_text(
            r#"p.lead[data-pagefind-weight="5"] > span[lang="ru"]"#,
            "Транскрипт с оценками за период обучения.",
        )
        .has(r#"div.notice[role="note"][data-pagefind-ignore]"#)
        .contains(notice);
    built
        .page("/en/guides/dormitory-settlement/")
        .has(r#"article[lang="ru"]"#)
        .has_text(r#"h1[data-pagefind-weight="5"]"#, "Заселение в общежитие")
        .contains(notice);
    // The languages that have their own text show no notice.
    built
        .page("/ru/services/transcript/")
        .has_text(
            r#"p.lead[data-pagefind-weight="5"]"#,
            "Транскрипт с оценками за период обучения.",
        )
        .has_no("p.lead span[lang]")
        .has_no("div.notice");
    built
        .page("/kk/guides/dormitory-settlement/")
        .has_no("div.notice");
}

#[test]
fn missing_translation_fails_a_strict_build() {
    let site = TestSite::good().with_overlay("missing-translation");
    let out = tempfile::tempdir().expect("a temporary folder");
    match site.build_into(&out.path().join("public"), true) {
        Err(BuildError::Content(d)) => {
            assert_eq!(d.errors().count(), 2, "{d}");
            assert!(d.iter().all(|d| d.kind == Kind::MissingTranslation), "{d}");
        }
        Err(e) => panic!("expected the content errors, got: {e}"),
        Ok(r) => panic!(
            "a strict build must refuse missing translations: {}",
            r.summary()
        ),
    }
    assert!(!out.path().join("public").exists(), "nothing is written");
}

#[test]
fn unknown_reference() {
    let site = TestSite::good().with_overlay("unknown-reference");
    let checked = site.check();
    checked.counts(2, 0);
    checked
        .expect_error(Kind::UnknownReference, "services/dormitory.yaml", 51)
        .column(1)
        .message_is("there is no guide `dormitory-setlement`")
        .help_contains("did you mean `dormitory-settlement`?");
    checked
        .expect_error(Kind::UnknownReference, "workplan/sections/1.yaml", 18)
        .column(18)
        .message_is("there is no glossary entry `opmb`")
        .help_contains("did you mean `opumb`?")
        .source_line_is("    units: [akd, opmb]");
}

#[test]
fn duplicate() {
    TestSite::good()
        .with_overlay("duplicate")
        .check()
        .expect_error(Kind::DuplicateSlug, "services/transcript-copy.yaml", 2)
        .column(1)
        .message_is(
            "the slug `transcript` is used twice (first at services/certificate-transcript.yaml:2:1)",
        )
        .help_contains("must be unique");
}

#[test]
fn help_texts_read_as_plain_english() {
    TestSite::good()
        .with_overlay("duplicate")
        .check()
        .expect_error(Kind::DuplicateSlug, "services/transcript-copy.yaml", 2)
        .help_lacks("another the");
    TestSite::good()
        .with_overlay("unknown-reference")
        .check()
        .expect_error(Kind::UnknownReference, "workplan/sections/1.yaml", 18)
        .help_lacks("entrys");
}

#[test]
fn broken_link() {
    let site = TestSite::good().with_overlay("broken-link");
    let checked = site.check();
    // The overlay changes the guide's Russian source, so its kk and en bodies are stale.
    checked.counts(2, 2);
    // The column is the link's `[`, counted in characters (Cyrillic is two bytes each).
    checked
        .expect_error(Kind::BrokenLink, "guides/dormitory-settlement/ru.md", 6)
        .column(71)
        .message_is("`@/services/dormitori#cost` points to a page that does not exist")
        .help_contains("did you mean `dormitory`?");
    checked
        .expect_error(Kind::BrokenLink, "guides/dormitory-settlement/ru.md", 11)
        .column(14)
        .message_is("`@/guides/dormitory-settlement#oplata`: the page has no anchor `#oplata`")
        .help_contains("`подача-заявления`, `документы`")
        .source_line_is("2. Приложите [документы](@/guides/dormitory-settlement#oplata).");
}

#[test]
fn missing_front_matter() {
    let site = TestSite::good().with_overlay("missing-front-matter");
    let checked = site.check();
    checked
        .expect_error(
            Kind::MissingFrontMatter,
            "guides/dormitory-settlement/kk.md",
            1,
        )
        .column(1)
        .message_is("this Markdown file has no front matter")
        .help_contains("---\ntitle: The guide's title\nsummary:")
        .source_line_is("# Жатақханаға орналасу");
    // The guide itself still loads; its Kazakh text is what is missing.
    checked.expect_warning_in(
        Kind::MissingTranslation,
        "guides/dormitory-settlement/kk.md",
    );
}

#[test]
fn not_utf8() {
    let site = TestSite::good().with_overlay("not-utf8");
    // Where the first byte that is not UTF-8 is: line 7, `  kk: Транскрипт`, after the six
    // characters `  kk: `.
    let bytes = std::fs::read(site.root().join(TRANSCRIPT)).expect("the overlay");
    let bad = std::str::from_utf8(&bytes)
        .expect_err("the overlay is Windows-1251")
        .valid_up_to();
    let before = &bytes[..bad];
    assert_eq!(before.iter().filter(|b| **b == b'\n').count() + 1, 7);
    assert!(before.ends_with(b"\n  kk: "));
    site.check()
        .expect_error(Kind::NotUtf8, TRANSCRIPT, 7)
        .column(7)
        .message_contains("this file is not UTF-8 text")
        .message_contains("Windows-1251")
        .help_is("open it in your editor and save it again with the UTF-8 encoding");
}

#[test]
fn all_at_once() {
    let site = TestSite::good().with_overlay("all-at-once");
    let checked = site.check();
    let expected = [
        (Kind::DuplicateSlug, "glossary.yaml", 26, 5),
        (Kind::NotUtf8, "guides/dormitory-settlement/en.md", 6, 71),
        (
            Kind::MissingFrontMatter,
            "guides/dormitory-settlement/kk.md",
            1,
            1,
        ),
        (
            Kind::BrokenLink,
            "guides/dormitory-settlement/ru.md",
            11,
            14,
        ),
        (Kind::MalformedYaml, "holidays/2026.yaml", 13, 1),
        (Kind::UnknownKey, TRANSCRIPT, 6, 1),
        (Kind::UnknownReference, "workplan/sections/1.yaml", 18, 18),
        (Kind::WrongType, "workplan/sections/2.yaml", 53, 9),
    ];
    for (kind, file, line, column) in expected {
        checked.expect_error(kind, file, line).column(column);
    }
    checked
        .expect_error(Kind::MalformedYaml, "holidays/2026.yaml", 13)
        .message_contains("tab");
    // The two guide bodies that cannot be read are missing translations as well.
    checked.counts(expected.len(), 2);
    // Sorted by file, then position, and counted at the end, as `portal check` prints it.
    let printed = checked.diagnostics().to_string();
    assert!(printed.ends_with("8 errors, 2 warnings"), "{printed}");
    let order: Vec<usize> = expected
        .iter()
        .map(|(_, file, line, column)| {
            printed
                .find(&format!("--> {file}:{line}:{column}"))
                .expect("printed")
        })
        .collect();
    assert!(order.is_sorted(), "in file order:\n{printed}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let public = out.path().join("public");
    TestSite::good()
        .build_into(&public, true)
        .expect("the good fixture builds");
    let before = read_tree(&public);
    assert!(before.contains_key("ru/services/transcript/index.html"));

    for (overlay, strict) in [("unknown-key", false), ("missing-translation", true)] {
        let result = TestSite::good()
            .with_overlay(overlay)
            .build_into(&public, strict);
        match result {
            Err(BuildError::Content(d)) => assert!(d.has_errors(), "{d}"),
            Err(e) => panic!("{overlay}: expected content errors, got: {e}"),
            Ok(r) => panic!("{overlay}: the build should fail: {}", r.summary()),
        }
        assert!(
            read_tree(&public) == before,
            "{overlay}: the previous site must stay as it was"
        );
    }
    // Nothing half-written is left beside it either.
    let beside: Vec<String> = std::fs::read_dir(out.path())
        .expect("readable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(beside, ["public"]);
}

#[test]
fn a_successful_build_replaces_the_previous_site_whole() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let public = out.path().join("public");
    TestSite::good()
        .build_into(&public, true)
        .expect("the good fixture builds");
    assert!(public.join("en/services/transcript/index.html").is_file());
    TestSite::good()
        .delete(TRANSCRIPT)
        .build_into(&public, true)
        .expect("the site builds without the transcript");
    assert!(
        !public.join("en/services/transcript").exists(),
        "a page whose content is gone is gone from the site"
    );
    assert!(public.join("en/services/dormitory/index.html").is_file());
}

#[test]
fn an_academic_year_that_is_not_one_is_reported_where_it_is_written() {
    // A year chrono cannot hold once made a build panic (the plan's calendar); a word, or
    // a single year, silently became the current one.
    for year in ["999999-1000000", "next year", "2025", "2026-2025"] {
        TestSite::good()
            .replace(
                "workplan/plan.yaml",
                r#"academic_year: "2025-2026""#,
                &format!(r#"academic_year: "{year}""#),
            )
            .check()
            .expect_error(Kind::InvalidValue, "workplan/plan.yaml", 3)
            .column(1)
            .message_is(&format!("`{year}` is not an academic year"))
            .help_contains("academic_year: 2025-2026");
    }
}

#[test]
fn a_kazakh_ending_written_by_hand_after_a_placeholder_is_reported_with_what_to_write() {
    // `{min}-ден` gave "10-ден" on the fine's line, where Kazakh reads 10 as «он»: 10-нан.
    TestSite::good()
        .replace(
            "i18n/kk.yaml",
            r#"fine_amount_no_mci: "{min:abl} {max} АЕК-ке дейін.""#,
            r#"fine_amount_no_mci: "{min}-ден {max} АЕК-ке дейін.""#,
        )
        .check()
        .expect_warning(Kind::InvalidValue, "i18n/kk.yaml", 57)
        .message_contains("`{min}` is followed by the ending `ден` written by hand")
        .message_contains("10-нан, 5-тен")
        .help_contains("write `{min:abl}` instead of `{min}-ден`");
    // And in Russian a case placeholder has no meaning.
    TestSite::good()
        .replace(
            "i18n/ru.yaml",
            "fine_amount_no_mci: \"",
            "fine_amount_no_mci: \"{min:abl} ",
        )
        .check()
        .expect_warning(Kind::InvalidValue, "i18n/ru.yaml", 57)
        .message_contains("asks for a Kazakh case in a ru text");
}

#[test]
fn a_number_whose_kazakh_ending_disagrees_with_its_reading_is_reported_where_it_is() {
    TestSite::good()
        .replace(
            "guides/dormitory-settlement/kk.md",
            "1. Өтініш нысанын толтырыңыз.",
            "1. Өтініш нысанын 10-ден 20-ға дейін толтырыңыз.",
        )
        .check()
        .expect_warning(Kind::InvalidValue, "guides/dormitory-settlement/kk.md", 10)
        .column(19)
        .message_is("`10-ден`: the ending does not agree with how 10 is read")
        .help_contains("write `10-нан`");
}

#[test]
fn a_service_names_a_provider_that_exists_and_comes_from_its_source() {
    let checked = TestSite::good()
        .replace(
            "services/dormitory.yaml",
            "provider: centre",
            "provider: centr",
        )
        .check();
    checked
        .expect_error(Kind::UnknownReference, "services/dormitory.yaml", 53)
        .message_is("there is no provider `centr`")
        .help_contains("centre");
    // A provider from another source document than the service's is most likely the
    // wrong office.
    let checked = TestSite::good()
        .replace(
            "site.yaml",
            "  - id: centre\n",
            "  - id: centre\n    source: \"001\"\n",
        )
        .replace(
            "services/dormitory.yaml",
            "provider: centre",
            "source: \"000\"\nprovider: centre",
        )
        .check();
    checked
        .expect_warning(Kind::InvalidValue, "services/dormitory.yaml", 54)
        .message_is(
            "this service comes from source 000, but its provider `centre` from source 001",
        );
}
