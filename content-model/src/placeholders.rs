//! `{name}` placeholders, as editors write them in UI strings, notification texts and
//! form messages, and as the API's URL table writes path parameters. One way to fill
//! them everywhere.

/// Replace every `{name}` of `values` in `template`; placeholders without a value are
/// left as they are, so that a missing one shows up instead of vanishing.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The names of the placeholders in a text, in order of appearance (`{min}` → `min`): a
/// name is lower-case letters and `_`.
pub fn names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_the_others() {
        assert_eq!(
            fill("{a} and {b}, {a} again", &[("a", "1")]),
            "1 and {b}, 1 again"
        );
        assert_eq!(names("x {min}–{max} {not a name}"), ["min", "max"]);
    }
}
