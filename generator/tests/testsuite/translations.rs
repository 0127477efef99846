//! Translations that fall behind their source: the good fixture records what each of its
//! translations was made from (`translations.lock.yaml`), so changing a source text
//! here makes its translations stale, as an editor's change would.

use crate::helper::TestSite;
use chrono::NaiveDate;
use content_model::Kind;
use content_model::translation::review::{self, Selection};

const SERVICE: &str = "services/dormitory.yaml";
const NEW_RU_SUMMARY: &str = "ru: Студент подаёт заявление на место в общежитии онлайн.";

fn with_changed_source() -> TestSite {
    TestSite::good().replace(
        SERVICE,
        "ru: Студент подаёт онлайн-заявление на место в общежитии.",
        NEW_RU_SUMMARY,
    )
}

#[test]
fn the_good_fixture_has_no_stale_translation() {
    TestSite::good().check_strict_refusing_stale().is_clean();
}

#[test]
fn a_changed_source_text_makes_each_of_its_translations_stale() {
    let checked = with_changed_source().check();
    checked.counts(0, 2);
    checked
        .expect_warning(Kind::StaleTranslation, SERVICE, 10)
        .message_contains("the kk text of `summary` was made from an older ru text")
        .help_contains(
            "run `portal translations reviewed services/dormitory.yaml --key summary --lang kk`",
        )
        .source_line_is("  kk: Студент жатақханадан орын алу үшін онлайн өтініш береді.");
    checked
        .expect_warning(Kind::StaleTranslation, SERVICE, 12)
        .message_contains("the en text of `summary` was made from an older ru text");
}

#[test]
fn rewrapping_a_source_text_changes_nothing() {
    TestSite::good()
        .replace(
            SERVICE,
            "ru: Студент подаёт онлайн-заявление на место в общежитии.",
            "ru: >-\n    Студент подаёт онлайн-заявление\n    на место в общежитии.",
        )
        .check_strict_refusing_stale()
        .is_clean();
}

#[test]
fn strict_builds_warn_of_stale_translations_unless_told_to_refuse_them() {
    let site = with_changed_source();
    site.check_strict().counts(0, 2).succeeds();
    site.check_strict_refusing_stale()
        .expect_error(Kind::StaleTranslation, SERVICE, 10);
}

#[test]
fn a_text_added_in_three_languages_is_unrecorded_until_reviewed() {
    let site = TestSite::good().replace(
        SERVICE,
        "legal_basis:",
        "  - kk: Жаңа ескерту.\n    ru: Новое примечание.\n    en: A new note.\nlegal_basis:",
    );
    let checked = site.check();
    checked
        .expect_warning(Kind::UnrecordedTranslation, SERVICE, 47)
        .message_contains("nothing records which ru text the kk text of `notes.1` was made from");
    checked.counts(0, 2);
}

#[test]
fn the_pages_of_a_stale_translation_say_so_and_link_to_the_source() {
    let built = with_changed_source().build();
    built
        .page("/kk/services/dormitory/")
        .has("[data-stale-translation] a[href='/ru/services/dormitory/'][hreflang=ru]")
        .contains("Бұл аударма ескірген болуы мүмкін")
        .contains("Бетті орыс тілінде оқу");
    built
        .page("/en/services/dormitory/")
        .contains("This translation may be out of date: the Russian text has changed")
        .contains("Read this page in Russian");
    // The source language's page, and pages of other texts, have no notice.
    built
        .page("/ru/services/dormitory/")
        .has_no("[data-stale-translation]");
    built
        .page("/kk/services/transcript/")
        .has_no("[data-stale-translation]");
}

#[test]
fn a_guide_is_stale_in_the_languages_made_from_its_changed_body() {
    let site = TestSite::good().replace(
        "guides/dormitory-settlement/ru.md",
        "## ",
        "Новый абзац в начале.\n\n## ",
    );
    let checked = site.check();
    checked
        .expect_warning_in_file_of(Kind::StaleTranslation, "guides/dormitory-settlement/kk.md")
        .message_contains("the kk text of `body` was made from an older ru text");
    site.build()
        .page("/en/guides/dormitory-settlement/")
        .has("[data-stale-translation] a[href='/ru/guides/dormitory-settlement/']");
}

#[test]
fn marking_translations_reviewed_clears_only_what_was_reviewed() {
    let site = with_changed_source();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let review_only = |selection: Selection| {
        let loaded = site.check().succeeds().content.clone();
        let (record, marked) = loaded
            .translations
            .reviewed(|u, l| selection.covers(u, l), today);
        review::write(site.root(), &record).expect("write the record");
        marked
    };
    let kk_only = Selection {
        paths: vec![SERVICE.into()],
        key: Some("summary".into()),
        langs: vec![content_model::Lang::Kk],
        all: false,
    };
    assert_eq!(review_only(kk_only), 1);
    let checked = site.check();
    checked.counts(0, 1);
    checked.expect_warning(Kind::StaleTranslation, SERVICE, 12);
    assert!(
        site.read("translations.lock.yaml").contains("2026-12-02"),
        "the record keeps the day of the review"
    );
    let all = Selection {
        all: true,
        ..Selection::default()
    };
    assert_eq!(review_only(all), 1);
    site.check_strict_refusing_stale().is_clean();
}

#[test]
fn a_hand_edited_record_is_refused_with_where_and_what_to_do() {
    TestSite::good()
        .replace(
            "translations.lock.yaml",
            "\"summary\": {kk: ",
            "\"summary\": {kk: changed-by-hand ",
        )
        .check()
        .expect_error_in_file_of(Kind::InvalidValue, "translations.lock.yaml")
        .message_contains("is not a fingerprint and a date")
        .help_contains("portal translations reviewed");
}
