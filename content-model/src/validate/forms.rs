//! Forms: their fields, options, conditions, patterns and the service they belong to.

use super::{Validator, check_slug};
use crate::diagnostic::{Diagnostic, Kind};

impl Validator<'_> {
    pub(super) fn forms(&mut self) {
        let c = self.content;
        let services = self.service_slugs();
        for form in &c.forms {
            let f = form.file.as_path();
            let d = &form.data;
            self.reference(f, "service", "service", &d.service, &services);
            check_slug(self, f, "slug", &form.slug);
            let names: Vec<&str> = d.fields().map(|x| x.name.as_str()).collect();
            for (i, key) in d.applicant_key.iter().enumerate() {
                self.reference(f, &format!("applicant_key.{i}"), "field", key, &names);
            }
            for (i, name) in d.applicant_name.iter().enumerate() {
                self.reference(f, &format!("applicant_name.{i}"), "field", name, &names);
            }
            let mut seen = Vec::new();
            for (si, section) in d.sections.iter().enumerate() {
                for (fi, field) in section.fields.iter().enumerate() {
                    let path = format!("sections.{si}.fields.{fi}");
                    seen.push((field.name.clone(), f, format!("{path}.name")));
                    if !field
                        .name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                        || field.name.is_empty()
                    {
                        self.push_at(f, &format!("{path}.name"), |loc| {
                            Diagnostic::error(
                                Kind::InvalidValue,
                                loc,
                                format!(
                                    "the field name `{}` has characters a form cannot send safely",
                                    field.name
                                ),
                            )
                            .with_help(
                                "use lowercase Latin letters, digits and `_`, e.g. `full_name`",
                            )
                        });
                    }
                    let needs_options = matches!(
                        field.kind,
                        crate::form::FieldType::Choice | crate::form::FieldType::Select
                    );
                    if needs_options && field.options.is_empty() {
                        self.push_at(f, &path, |loc| {
                            Diagnostic::error(
                                Kind::MissingKey,
                                loc,
                                format!("the choice field `{}` has no options", field.name),
                            )
                            .with_help("add `options:` with a `value` and `label` for each choice")
                        });
                    }
                    self.duplicates(
                        "the option value",
                        field.options.iter().enumerate().map(|(oi, o)| {
                            (o.value.clone(), f, format!("{path}.options.{oi}.value"))
                        }),
                    );
                    if let Some(p) = &field.pattern
                        && regex::Regex::new(&format!("^(?:{})$", p.regex)).is_err()
                    {
                        self.push_at(f, &format!("{path}.pattern.regex"), |loc| {
                            Diagnostic::error(
                                Kind::InvalidValue,
                                loc,
                                "this pattern is not a valid regular expression",
                            )
                            .with_help(
                                "check the brackets and escapes; test it on an example answer",
                            )
                        });
                    }
                    if let Some(cond) = &field.show_if {
                        self.reference(
                            f,
                            &format!("{path}.show_if.field"),
                            "field",
                            &cond.field,
                            &names,
                        );
                        if let Some(other) = d.field(&cond.field) {
                            let values: Vec<&str> =
                                other.options.iter().map(|o| o.value.as_str()).collect();
                            for (vi, v) in cond.is.iter().enumerate() {
                                self.reference(
                                    f,
                                    &format!("{path}.show_if.is.{vi}"),
                                    "option",
                                    v,
                                    &values,
                                );
                            }
                            for (vi, v) in cond.is_not.iter().enumerate() {
                                self.reference(
                                    f,
                                    &format!("{path}.show_if.is_not.{vi}"),
                                    "option",
                                    v,
                                    &values,
                                );
                            }
                        }
                    }
                }
            }
            self.duplicates(
                "the field name",
                seen.iter().map(|(a, b, c)| (a.clone(), *b, c.clone())),
            );
        }
        self.duplicates(
            "the slug",
            c.forms
                .iter()
                .map(|s| (s.slug.clone(), s.file.as_path(), "slug".to_string())),
        );
    }
}
