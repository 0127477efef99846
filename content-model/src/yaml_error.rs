//! serde_yaml's errors rewritten for editors: plain words, and what to write instead.

use crate::diagnostic::{Diagnostic, Kind};
use crate::position::{Location, Pos};
use std::path::Path;

pub fn to_diagnostic(file: &Path, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let pos = err
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .unwrap_or(Pos::new(1, 1));
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; the location says that already.
    let msg = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let msg = strip_path_prefix(&msg);
    let (mut kind, mut message, mut help) = explain(msg);
    // When the text is valid YAML, the problem is the data, not the syntax: say so
    // instead of suggesting to check indentation.
    if kind == Kind::MalformedYaml && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok() {
        kind = Kind::WrongType;
        message = format!("this value does not fit here: {msg}");
        help = Some(format!(
            "write {}",
            msg.rsplit("expected ")
                .next()
                .unwrap_or("the right kind of value")
        ));
    }
    let mut d = Diagnostic::error(kind, Location::at(file, pos), message);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d.with_source(text)
}

/// serde_yaml prefixes errors in nested values with their path (`rows[3].no: …`).
fn strip_path_prefix(msg: &str) -> &str {
    match msg.find(": ") {
        Some(i)
            if !msg[..i].contains(' ')
                && !msg.starts_with("invalid")
                && !msg.starts_with("unknown")
                && !msg.starts_with("missing") =>
        {
            &msg[i + 2..]
        }
        _ => msg,
    }
}

fn explain(msg: &str) -> (Kind, String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (unknown, expected) = split_expected(rest);
        return (
            Kind::UnknownKey,
            format!("unknown key `{unknown}`"),
            Some(suggest(unknown, &expected, "key")),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (unknown, expected) = split_expected(rest);
        return (
            Kind::InvalidValue,
            format!("`{unknown}` is not one of the allowed values"),
            Some(suggest(unknown, &expected, "value")),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return (
            Kind::MissingKey,
            format!("the key `{name}` is missing here"),
            Some(format!("add `{name}:` with its value")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = match rest.split_once(", expected ") {
            Some((f, e)) => (f, e),
            None => (rest, "something else"),
        };
        return (
            Kind::WrongType,
            format!(
                "found {}, but {} belongs here",
                plain_found(found),
                plain_expected(expected)
            ),
            Some(format!("write {} here", plain_expected(expected))),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        return (
            Kind::InvalidValue,
            format!("{} is not allowed here", plain_found(found)),
            Some(format!("write {}", plain_expected(expected))),
        );
    }
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        let name = rest.trim_end_matches('`');
        return (
            Kind::DuplicateSlug,
            format!("the key `{name}` is written twice"),
            Some(format!("keep one `{name}:` and delete the other")),
        );
    }
    if msg.contains("input contains invalid characters")
        || msg.contains("premature end of input")
        || msg.contains("input is out of range")
        || msg.contains("trailing input")
    {
        return (
            Kind::InvalidValue,
            "this is not a valid date".into(),
            Some("write dates as YYYY-MM-DD, for example 2025-09-01".into()),
        );
    }
    if msg.contains("YYYY-MM") || msg.starts_with('`') {
        return (Kind::InvalidValue, msg.to_string(), None);
    }
    (
        Kind::MalformedYaml,
        format!("the YAML cannot be read: {msg}"),
        Some(
            "check the indentation (spaces, not tabs; children indented under their key) \
             and that quotes and brackets are closed"
                .into(),
        ),
    )
}

fn split_expected(rest: &str) -> (&str, Vec<String>) {
    let (unknown, tail) = rest.split_once('`').unwrap_or((rest, ""));
    let expected = tail
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    (unknown, expected)
}

/// "did you mean `title`?" from the closest allowed name, then the full list.
pub fn suggest(unknown: &str, allowed: &[String], what: &str) -> String {
    let best = allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(unknown, a), a))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match best {
        Some((score, name)) if score >= 0.7 => {
            format!("did you mean `{name}`? Allowed here: {list}")
        }
        _ if allowed.is_empty() => format!("remove this {what}"),
        _ => format!("allowed here: {list}"),
    }
}

fn plain_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    if let Some(n) = found.strip_prefix("integer ") {
        return format!("the number {n}");
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map of keys".into(),
        "unit value" => "an empty value".into(),
        other => other.to_string(),
    }
}

fn plain_expected(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "u128" => "a whole number".into(),
        "a boolean" => "`true` or `false`".into(),
        "a string" => "a text".into(),
        "a sequence" => "a list (one `- ` item per line)".into(),
        "a borrowed string" => "a text".into(),
        e if e.starts_with("struct ") => "a map of keys (`key: value` lines)".into(),
        e if e.starts_with("a sequence") => "a list (one `- ` item per line)".into(),
        e if e.starts_with("an array of length") => {
            format!(
                "a list with {}",
                e.trim_start_matches("an array of length ")
            )
        }
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let h = suggest("titel", &["title".into(), "summary".into()], "key");
        assert!(h.starts_with("did you mean `title`?"), "{h}");
    }

    #[test]
    fn unknown_field_becomes_unknown_key_with_help() {
        let (k, m, h) = explain("unknown field `sumary`, expected one of `title`, `summary`");
        assert_eq!(k, Kind::UnknownKey);
        assert_eq!(m, "unknown key `sumary`");
        assert!(h.unwrap().contains("did you mean `summary`?"));
    }
}
