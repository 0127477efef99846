//! The glossary's terms: a variant to avoid is pointed at where it is written, in its
//! language only, with the term to write instead.

use crate::helper::TestSite;
use content_model::Kind;

#[test]
fn a_variant_to_avoid_is_reported_at_its_own_line_and_column() {
    let checked = TestSite::good()
        .replace(
            "services/dormitory.yaml",
            "en: Students of the university.",
            "en: Students of the university; ask the Student Services Office.",
        )
        .replace(
            "services/dormitory.yaml",
            "kk: Жатақханаға қоныстануға ордер.",
            "kk: >-\n    Жатақханаға қоныстануға ордер: 229\n    бөлмеге келіңіз.",
        )
        .check();
    checked.counts(0, 2);
    checked
        .expect_warning(Kind::Terminology, "services/dormitory.yaml", 16)
        .column(43)
        .message_contains(
            "`Student Services Office`: the glossary names this `Student Service Centre` in en",
        )
        .help_is("write `Student Service Centre` instead: one unit, one name");
    // Across a line break of a folded text, with a Kazakh ending.
    checked
        .expect_warning(Kind::Terminology, "services/dormitory.yaml", 19)
        .message_contains("`229 бөлмеге`");
}

#[test]
fn a_variant_in_another_language_is_not_a_mistake() {
    // "229 бөлме" would be wrong in Kazakh, but not quoted in an English text.
    TestSite::good()
        .replace(
            "services/dormitory.yaml",
            "en: Students of the university.",
            "en: Students of the university (the Kazakh sign says \"229 бөлме\").",
        )
        .check_strict_refusing_stale()
        .is_clean();
}

#[test]
fn an_abbreviation_of_another_language_is_pointed_at_with_this_ones() {
    let checked = TestSite::good()
        .replace(
            "services/dormitory.yaml",
            "en: Students of the university.",
            "en: Students of the university, as the АҚД decides.",
        )
        .check();
    checked.counts(0, 1);
    checked
        .expect_warning(Kind::ForeignAbbreviation, "services/dormitory.yaml", 16)
        .message_is("`АҚД` is the kk abbreviation; this text is in en")
        .help_is("write `DAA`, the en form of glossary entry `akd`");
}

/// Two glossary entries for one Kazakh form with two meanings (ЖОЖ: the working
/// curriculum, the individual study plan), as the work plan has.
fn with_two_meanings_of_zhozh(site: TestSite) -> TestSite {
    site.replace(
        "glossary.yaml",
        "terms:\n",
        "  - id: zhozh-rup\n    abbr: {kk: ЖОЖ, ru: РУП, en: working curriculum}\n    \
         expansion:\n      kk: жұмыс оқу жоспары\n      ru: рабочий учебный план\n      \
         en: working curriculum\n  - id: zhozh-iup\n    \
         abbr: {kk: ЖОЖ, ru: ИУП, en: individual study plan}\n    expansion:\n      \
         kk: жеке оқу жоспары\n      ru: индивидуальный учебный план\n      \
         en: individual study plan\nterms:\n",
    )
}

#[test]
fn a_kazakh_form_with_two_meanings_in_russian_is_pointed_at_with_both_russian_forms() {
    let checked = with_two_meanings_of_zhozh(TestSite::good())
        .replace(
            "workplan/sections/1.yaml",
            "ru: Академический календарь",
            "ru: Академический календарь и ЖОЖ обучающихся",
        )
        .check();
    checked.counts(0, 1);
    checked
        .expect_warning(Kind::ForeignAbbreviation, "workplan/sections/1.yaml", 47)
        .column(37)
        .message_is("`ЖОЖ` is the kk abbreviation; this text is in ru")
        .help_is(
            "write the ru form of the meaning here: `РУП` (glossary entry `zhozh-rup`) \
             or `ИУП` (glossary entry `zhozh-iup`)",
        );
}

#[test]
fn the_russian_form_is_expanded_in_russian_and_the_english_words_are_left_as_words() {
    let site = with_two_meanings_of_zhozh(TestSite::good())
        .replace(
            "workplan/sections/1.yaml",
            "ru: Академический календарь",
            "ru: Академический календарь и ИУП обучающихся",
        )
        .replace(
            "workplan/sections/1.yaml",
            "en: Academic calendar",
            "en: Academic calendar and the individual study plan",
        );
    site.check_strict_refusing_stale().is_clean();
    let built = site.build_strict();
    built
        .page("/ru/workplan/")
        .contains(r#"<abbr title="индивидуальный учебный план">ИУП</abbr> обучающихся"#);
    let en = built.page("/en/workplan/");
    en.contains("the individual study plan");
    assert!(
        !en.html.contains(r#"<abbr title="individual study plan">"#),
        "words written out are not an abbreviation"
    );
}
