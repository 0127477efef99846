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
