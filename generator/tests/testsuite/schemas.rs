//! The JSON Schemas editors' tools read: the committed files in `content/schemas/` are
//! what the Rust types say, and every YAML file names the right one on its first line.

use crate::helper::{fixtures, real_content, slashed};
use std::path::Path;

const REGENERATE: &str = "run `cargo run --bin portal -- schemas` in the project folder \
                          and commit content/schemas/";

#[test]
fn committed_schemas_are_what_the_types_say() {
    let dir = real_content().join("schemas");
    let expected = content_model::schema::all();
    let mut problems = Vec::new();
    for (name, json) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(committed) if committed == *json => {}
            Ok(_) => problems.push(format!("content/schemas/{name} is out of date")),
            Err(_) => problems.push(format!("content/schemas/{name} is missing")),
        }
    }
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries {
            let name = e
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if !expected.iter().any(|(n, _)| *n == name) {
                problems.push(format!(
                    "content/schemas/{name} is not a schema of any content file"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}\n{REGENERATE}", problems.join("\n"));
}

/// The first line every YAML file under `root` should have, by its path.
fn schema_line_problems(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("a readable folder");
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let rel = slashed(path.strip_prefix(root).expect("inside"));
        let Some(schema) = content_model::schema::for_file(&rel) else {
            problems.push(format!("{rel}: no schema is known for this file"));
            continue;
        };
        let up = "../".repeat(rel.matches('/').count());
        let expected = format!("# yaml-language-server: $schema={up}schemas/{schema}");
        let first = std::fs::read(path)
            .ok()
            .and_then(|b| {
                String::from_utf8_lossy(&b)
                    .lines()
                    .next()
                    .map(str::to_string)
            })
            .unwrap_or_default();
        if first.trim_end() != expected {
            problems.push(format!(
                "{rel}: the first line should be `{expected}`, not `{first}`"
            ));
        }
    }
    problems
}

#[test]
fn every_content_file_names_its_schema() {
    let problems = schema_line_problems(&real_content());
    assert!(
        problems.is_empty(),
        "{} content files do not name their schema on their first line (VS Code's YAML \
         extension reads it):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_fixture_file_names_its_schema() {
    // The fixture is written like real content, so that its line numbers are realistic.
    let problems = schema_line_problems(&fixtures().join("good"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
