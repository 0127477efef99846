//! The shared working-day vectors (`tests/vectors/working_days.json`), checked against
//! the `Calendar` (the one the API and the site's calculators use) with the real
//! `content/holidays/`. The same vectors are
//! checked in JavaScript (`tests/calculators/working_days.test.js`, site.js's `dueDate`)
//! with `tests/vectors/holidays.json`, which must be the holidays the site embeds: a test
//! here keeps it up to date (`UPDATE_VECTORS=1` rewrites it).

use chrono::NaiveDate;
use content_model::working_days::Calendar;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use views::calculators::holidays_json;

#[derive(Debug, Deserialize)]
struct Vector {
    start: NaiveDate,
    days: u32,
    due: NaiveDate,
    why: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn holidays() -> Vec<content_model::holidays::HolidayYear> {
    let content = root().join("../content");
    match content_model::load(&content) {
        Ok(loaded) => loaded.content.holidays,
        Err(d) => panic!("content/ should load:\n{d}"),
    }
}

fn vectors() -> Vec<Vector> {
    let path = root().join("../tests/vectors/working_days.json");
    let text = std::fs::read_to_string(&path).expect("the shared vectors");
    serde_json::from_str(&text).expect("the vectors are a JSON array of {start, days, due, why}")
}

#[test]
fn every_vector_holds_for_the_functions_calendar() {
    let calendar = Calendar::new(&holidays());
    let vectors = vectors();
    assert!(vectors.len() >= 20, "{} vectors", vectors.len());
    let wrong: Vec<String> = vectors
        .iter()
        .filter_map(|v| {
            let got = calendar.due_date(v.start, v.days);
            (got != v.due).then(|| {
                format!(
                    "{} + {} working days: expected {}, got {got} ({})",
                    v.start, v.days, v.due, v.why
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_vectors_include_the_worked_examples_nauryz_and_the_new_year() {
    let v = vectors();
    let has = |start: &str, days: u32, due: &str| {
        v.iter()
            .any(|x| x.start.to_string() == start && x.days == days && x.due.to_string() == due)
    };
    // Seed 001: arriving on a Sunday or on a Monday, the notification is due Wednesday.
    assert!(has("2026-11-22", 3, "2026-11-25"));
    assert!(has("2026-11-23", 3, "2026-11-25"));
    let around = |m: u32, days: std::ops::RangeInclusive<u32>| {
        v.iter().any(|x| {
            use chrono::Datelike;
            x.start.month() == m && days.contains(&x.start.day())
        })
    };
    assert!(around(3, 19..=23), "dates around Nauryz");
    assert!(
        around(12, 30..=31) && around(1, 1..=2),
        "dates around the New Year"
    );
}

#[test]
fn the_holidays_for_the_javascript_test_are_up_to_date() {
    let path = root().join("../tests/vectors/holidays.json");
    let expected = holidays_json(&holidays());
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &expected).expect("write holidays.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "tests/vectors/holidays.json differs from content/holidays/: \
         rewrite it with `UPDATE_VECTORS=1 cargo test -p views --test working_days_vectors`"
    );
}
