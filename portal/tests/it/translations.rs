//! `portal translations reviewed` as a translator runs it: paths as typed from the
//! project folder, only what was named is marked, a mistyped path marks nothing.

use crate::good_site;
use chrono::NaiveDate;
use content_model::translation::exchange::Filter;
use content_model::{Kind, Lang};
use portal::translations::{
    ExchangeError, ReviewError, Reviewed, export, import, reviewed, selection,
};
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn stale_kinds(root: &std::path::Path) -> Vec<(String, Kind)> {
    let loaded = content_model::load(root).expect("the content loads");
    loaded
        .warnings
        .iter()
        .filter(|d| matches!(d.kind, Kind::StaleTranslation | Kind::UnrecordedTranslation))
        .map(|d| (d.location.to_string(), d.kind))
        .collect()
}

#[test]
fn a_translator_marks_one_language_of_one_guide_as_reviewed() {
    let site = good_site();
    let root = site.path();
    let ru = root.join("guides/dormitory-settlement/ru.md");
    let text = std::fs::read_to_string(&ru).unwrap();
    std::fs::write(&ru, text.replacen("## ", "Новый абзац.\n\n## ", 1)).unwrap();
    assert_eq!(stale_kinds(root).len(), 2, "kk and en bodies are stale");

    // Typed from the project folder, with the content folder in front.
    let typed = format!("{}/guides/dormitory-settlement/kk.md", root.display());
    let chosen = selection(root, &[typed], None, vec![], false);
    let r = reviewed(root, &chosen, today()).expect("recorded");
    assert_eq!(r.marked, 1);
    let left = stale_kinds(root);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0].0.starts_with("guides/dormitory-settlement/en.md:"),
        "{left:?}"
    );

    let all = selection(root, &[], None, vec![Lang::En], true);
    assert!(matches!(
        reviewed(root, &all, today()),
        Ok(Reviewed { marked: 1, .. })
    ));
    assert!(stale_kinds(root).is_empty());
}

#[test]
fn a_mistyped_path_marks_nothing() {
    let site = good_site();
    let root = site.path();
    let before = std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap();
    let chosen = selection(
        root,
        &["services/dormitry.yaml".into()],
        None,
        vec![],
        false,
    );
    match reviewed(root, &chosen, today()) {
        Err(ReviewError::NoSuchPath { path }) => assert_eq!(path, "services/dormitry.yaml"),
        other => panic!("expected NoSuchPath, got {other:?}"),
    }
    let after = std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap();
    assert_eq!(before, after);
}

/// Export Kazakh, let `translate` edit the XLIFF text as a CAT tool would, import it.
fn round_trip(
    root: &Path,
    translate: impl Fn(String) -> String,
) -> Result<portal::translations::Imported, ExchangeError> {
    // Its own folder: tests run at once, and a shared one would mix their files.
    let out = tempfile::tempdir().unwrap().keep();
    let files = export(root, Lang::Kk, Filter::default(), &out).expect("exported");
    let files: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        std::fs::write(f, translate(text)).unwrap();
    }
    import(root, &files, today())
}

const OLD_SUMMARY: &str = "Студент жатақханадан орын алу үшін онлайн өтініш береді.";
const NEW_SUMMARY: &str = "Студент жатақханадан орын алу үшін өтінішті онлайн береді.";

#[test]
fn a_translation_goes_out_as_xliff_and_comes_back_into_the_yaml() {
    let site = good_site();
    let root = site.path();
    let service = root.join("services/dormitory.yaml");
    let before = std::fs::read_to_string(&service).unwrap();
    let imported = round_trip(root, |x| {
        assert!(x.contains(r#"srcLang="ru" trgLang="kk""#) || x.contains(r#"srcLang="en""#));
        x.replace(OLD_SUMMARY, NEW_SUMMARY).replace(
            r#"<target xml:space="preserve"><ph id="1" dataRef="d1"/> қызмет</target>"#,
            r#"<target xml:space="preserve"><ph id="1" dataRef="d1"/> қызмет түрі</target>"#,
        )
    })
    .expect("imported");
    assert_eq!(imported.written, 3, "{imported:?}");
    // Only the one value changed: comments, order and the other lines are as they were.
    let after = std::fs::read_to_string(&service).unwrap();
    assert_eq!(after, before.replace(OLD_SUMMARY, NEW_SUMMARY));
    let ui = std::fs::read_to_string(root.join("i18n/kk.yaml")).unwrap();
    assert!(
        ui.contains(r#"services_count: {one: "{n} қызмет түрі", other: "{n} қызмет түрі"}"#),
        "{ui}"
    );
    // A strict build that refuses stale translations passes, and the pages say it.
    let out = tempfile::tempdir().unwrap().keep().join("public");
    let mut opts = generator::BuildOptions::new(root, &out);
    opts.strict = true;
    opts.stale = content_model::StaleTranslations::Refuse;
    opts.search = false;
    generator::build(&opts).expect("a strict build");
    let page = std::fs::read_to_string(out.join("kk/services/dormitory/index.html")).unwrap();
    assert!(page.contains(NEW_SUMMARY));
    assert!(!page.contains("data-stale-translation"));
}

#[test]
fn an_xliff_that_loses_a_placeholder_is_refused_with_its_file_and_unit() {
    let site = good_site();
    let root = site.path();
    let lock = std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap();
    let ui = std::fs::read_to_string(root.join("i18n/kk.yaml")).unwrap();
    let result = round_trip(root, |x| {
        x.replace(OLD_SUMMARY, NEW_SUMMARY).replacen(
            r#"<target xml:space="preserve"><ph id="1" dataRef="d1"/> қызмет</target>"#,
            r#"<target xml:space="preserve">бір қызмет</target>"#,
            1,
        )
    });
    match result {
        Err(ExchangeError::Units(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            let p = &problems[0];
            assert_eq!(
                (p.file.as_str(), p.unit.as_str()),
                ("i18n", "services_count.one")
            );
            assert!(
                p.message.contains("loses the placeholder {n}"),
                "{}",
                p.message
            );
            assert!(p.xliff.ends_with("kk-from-en.xlf"), "{}", p.xliff);
        }
        other => panic!("expected the import to be refused, got {other:?}"),
    }
    // Nothing was written, not even the translation that was right.
    assert_eq!(
        std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap(),
        lock
    );
    assert_eq!(
        std::fs::read_to_string(root.join("i18n/kk.yaml")).unwrap(),
        ui
    );
    let service = std::fs::read_to_string(root.join("services/dormitory.yaml")).unwrap();
    assert!(service.contains(OLD_SUMMARY));
}

#[test]
fn russian_plural_forms_must_all_be_translated() {
    let site = good_site();
    let root = site.path();
    // Remove the Russian `many` of one string; an import that does not bring it back is
    // refused, one that does is written.
    let ru = root.join("i18n/ru.yaml");
    let text = std::fs::read_to_string(&ru).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("services_count:"))
        .unwrap()
        .to_owned();
    let without_many = regex_free_remove(&line, "many");
    std::fs::write(&ru, text.replace(&line, &without_many)).unwrap();
    let out = tempfile::tempdir().unwrap().keep();
    let files: Vec<PathBuf> = export(
        root,
        Lang::Ru,
        Filter {
            stale: false,
            missing: true,
        },
        &out,
    )
    .expect("exported")
    .into_iter()
    .map(|(p, _)| p)
    .collect();
    let xliff = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        xliff.contains(r#"<unit id="services_count.many">"#),
        "{xliff}"
    );
    // Left empty: refused.
    match import(root, &files, today()) {
        Err(ExchangeError::Units(p)) => {
            assert!(
                p[0].message
                    .contains("needs the plural forms one, few, many, other"),
                "{p:?}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Translated: written among the other forms.
    let translated = xliff.replace(
        "</source>\n      </segment>",
        "</source>\n        <target><ph id=\"1\" dataRef=\"d1\"/> услуг</target>\n      </segment>",
    );
    std::fs::write(&files[0], translated).unwrap();
    import(root, &files, today()).expect("imported");
    let text = std::fs::read_to_string(&ru).unwrap();
    assert!(text.contains(r#"many: "{n} услуг""#), "{text}");
}

/// `services_count: {one: "…", few: "…", many: "…", other: "…"}` without one form.
fn regex_free_remove(line: &str, form: &str) -> String {
    let start = line.find(&format!("{form}: ")).unwrap();
    let end = start + line[start..].find("\", ").unwrap() + 3;
    format!("{}{}", &line[..start], &line[end..])
}

#[test]
fn an_untouched_export_changes_nothing_and_a_machines_suggestion_is_not_recorded() {
    let site = good_site();
    let root = site.path();
    let lock = std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap();
    let imported = round_trip(root, |x| x).expect("imported");
    assert_eq!(
        (imported.written, imported.recorded),
        (0, 0),
        "{imported:?}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("translations.lock.yaml")).unwrap(),
        lock
    );
    // A changed target still marked `initial` (a machine's pre-translation) is written
    // but not recorded as checked: the check keeps asking for a review.
    let imported = round_trip(root, |x| {
        // The summary is in the file translated from Russian only.
        let Some(at) = x.find(OLD_SUMMARY) else {
            return x;
        };
        let segment = x[..at]
            .rfind("<segment state=\"translated\">")
            .expect("its segment");
        let mut x = x.clone();
        x.replace_range(
            segment..at,
            &x[segment..at].replace("translated", "initial"),
        );
        x.replace(OLD_SUMMARY, NEW_SUMMARY)
    })
    .expect("imported");
    assert_eq!(
        (imported.written, imported.recorded),
        (1, 0),
        "{imported:?}"
    );
    let service = std::fs::read_to_string(root.join("services/dormitory.yaml")).unwrap();
    assert!(service.contains(NEW_SUMMARY));
}
