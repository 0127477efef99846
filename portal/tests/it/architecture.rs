//! The crate graph of docs/architecture.md, enforced: each crate's normal dependencies
//! among the workspace's crates are the ones the document allows, and only the `aws`
//! crate depends on the AWS SDK (so neither `portal serve` nor the site builder ever
//! compiles it).

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// What each crate may depend on (docs/architecture.md, "Code map").
const ALLOWED: [(&str, &[&str]); 7] = [
    ("content-model", &[]),
    ("views", &["content-model"]),
    ("generator", &["content-model", "views"]),
    ("applications", &["content-model"]),
    ("api", &["content-model", "views", "applications"]),
    ("aws", &["content-model", "views", "applications", "api"]),
    (
        "portal",
        &["content-model", "views", "generator", "applications", "api"],
    ),
];

/// Each workspace crate and its normal (not dev, not build) dependencies.
fn normal_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap_or_default().to_string())
                .collect();
            (p["name"].as_str().unwrap_or_default().to_string(), deps)
        })
        .collect()
}

#[test]
fn each_crate_depends_only_on_the_crates_below_it() {
    let graph = normal_dependencies();
    let ours: BTreeSet<&str> = ALLOWED.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        graph.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        ours,
        "the workspace's crates are the ones docs/architecture.md maps"
    );
    for (krate, allowed) in ALLOWED {
        let inner: BTreeSet<&str> = graph[krate]
            .iter()
            .map(String::as_str)
            .filter(|d| ours.contains(d))
            .collect();
        let allowed: BTreeSet<&str> = allowed.iter().copied().collect();
        assert!(
            inner.is_subset(&allowed),
            "{krate} depends on {:?}, which docs/architecture.md does not allow",
            inner.difference(&allowed).collect::<Vec<_>>()
        );
    }
}

#[test]
fn only_the_aws_crate_depends_on_the_aws_sdk_and_no_lambda_on_the_site_builder() {
    let graph = normal_dependencies();
    for (krate, deps) in &graph {
        let sdk: Vec<&String> = deps
            .iter()
            .filter(|d| d.starts_with("aws-") || d.starts_with("aws_") || d.starts_with("lambda_"))
            .collect();
        if krate != "aws" {
            assert!(sdk.is_empty(), "{krate} depends on {sdk:?}");
        }
    }
    for banned in ["generator", "pagefind", "notify"] {
        assert!(
            !graph["aws"].contains(banned),
            "the Lambdas must not link {banned}"
        );
    }
}
