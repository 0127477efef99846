//! `{name}` placeholders, as editors write them in UI strings, notification texts and
//! form messages, and as the API's URL table writes path parameters. One way to fill
//! them everywhere. In Kazakh a placeholder may name a case, `{min:abl}`, and gets the
//! ending that agrees with its value ("10-нан", "5-тен": [`crate::kazakh_case`]).

use crate::kazakh_case::{Case, inflect};

/// Replace every `{name}` and `{name:case}` of `values` in `template`; placeholders
/// without a value are left as they are, so that a missing one shows up instead of
/// vanishing.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
        if out.contains(&format!("{{{name}:")) {
            for case in Case::ALL {
                out = out.replace(&format!("{{{name}:{}}}", case.tag()), &inflect(value, case));
            }
        }
    }
    out
}

/// The names of the placeholders in a text, in order of appearance (`{min}` and
/// `{min:abl}` → `min`): a name is lower-case letters and `_`, a case one of
/// [`Case::tag`].
pub fn names(text: &str) -> Vec<&str> {
    placeholders(text).into_iter().map(|p| p.name).collect()
}

/// A placeholder as written: its name, the case it asks for, and where it ends (the
/// byte after its `}`).
#[derive(Debug, PartialEq, Eq)]
pub struct Placeholder<'a> {
    pub name: &'a str,
    pub case: Option<Case>,
    pub end: usize,
}

/// Every placeholder of a text, in order.
pub fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find('{').map(|i| from + i) {
        let Some(close) = text[start + 1..].find('}').map(|i| start + 1 + i) else {
            break;
        };
        let inner = &text[start + 1..close];
        let (name, case) = match inner.split_once(':') {
            Some((name, tag)) => (name, Case::from_tag(tag).map(Some)),
            None => (inner, Some(None)),
        };
        let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if let (true, Some(case)) = (is_name, case) {
            out.push(Placeholder {
                name,
                case,
                end: close + 1,
            });
        }
        from = close + 1;
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

    #[test]
    fn a_kazakh_placeholder_can_ask_for_a_case() {
        let text = "{min:abl} {max} АЕК-ке дейін, {n:dat}";
        assert_eq!(
            fill(text, &[("min", "10"), ("max", "20"), ("n", "5")]),
            "10-нан 20 АЕК-ке дейін, 5-ке"
        );
        assert_eq!(
            fill("{days:abl} аспауы керек", &[("days", "90 күн")]),
            "90 күннен аспауы керек"
        );
        assert_eq!(names(text), ["min", "max", "n"]);
        // An unknown case is no placeholder: it shows up as written.
        assert_eq!(names("{min:xyz}"), Vec::<&str>::new());
        assert_eq!(fill("{min:xyz}", &[("min", "1")]), "{min:xyz}");
    }
}
