//! `portal translations reviewed` as a translator runs it: paths as typed from the
//! project folder, only what was named is marked, a mistyped path marks nothing.

use crate::good_site;
use chrono::NaiveDate;
use content_model::{Kind, Lang};
use portal::translations::{ReviewError, Reviewed, reviewed, selection};

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
