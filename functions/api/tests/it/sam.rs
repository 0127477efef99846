//! Reading `infra/template.yaml` (and the OpenAPI file) in tests: SAM's short forms
//! (`!Ref`, `!GetAtt`, `!Sub`…) parse as tagged values, and the tests look under them.

use content_model::yaml::{self, Mapping, Value};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

pub fn parse_yaml(path: &Path) -> Value {
    yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// SAM's short forms (`!Ref`, `!GetAtt`, `!Sub`…) parse as tagged values; the tests only
/// need what is under the tag.
pub fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => untag(&t.value),
        other => other,
    }
}

pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    untag(v).as_mapping().and_then(|m| m.get(key)).map(untag)
}

pub fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

/// Whether `v` is `!Ref name` (or `{Ref: name}`).
pub fn is_ref_to(v: &Value, name: &str) -> bool {
    match v {
        Value::Tagged(t) => t.tag == "Ref" && t.value.as_str() == Some(name),
        Value::Mapping(m) => m.get("Ref").and_then(Value::as_str) == Some(name),
        _ => false,
    }
}

pub fn template() -> Value {
    parse_yaml(&root().join("../../infra/template.yaml"))
}

pub fn resources(template: &Value) -> &Mapping {
    get(template, "Resources")
        .and_then(Value::as_mapping)
        .expect("`Resources` in the template")
}
