//! Checking an application against its form definition — the same definition the page
//! was rendered from, so the rules are written once. Messages are in the applicant's
//! language, worded as GOV.UK does.

use crate::application::Document;
use crate::file_kind::FileKind;
use crate::{iin, phone};
use content_model::form::{Field, FieldType, Form};
use content_model::placeholders::fill;
use content_model::{Lang, ui::UiStrings};
use std::collections::BTreeMap;

/// What a client sent: every value of every field (a repeated field has several).
#[derive(Debug, Clone, Default)]
pub struct RawAnswers {
    pub values: BTreeMap<String, Vec<String>>,
}

impl RawAnswers {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> RawAnswers {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        RawAnswers { values }
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}

/// An uploaded file, already stored under `key`, with its sniffed type.
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub size: u64,
    pub kind: Option<FileKind>,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name; the HTML id of its input is `f-<name>`.
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Accepted {
    pub answers: BTreeMap<String, String>,
    pub documents: Vec<Document>,
}

/// Names the HTML form sends that are not answers.
pub const CONTROL_FIELDS: [&str; 3] = ["lang", "draft", "idempotency_key"];

struct Words<'a> {
    ui: &'a UiStrings,
    lang: Lang,
}

impl Words<'_> {
    fn msg(&self, key: &str, vars: &[(&str, &str)]) -> String {
        fill(&self.ui.text(self.lang, key), vars)
    }
}

/// An uploaded file as the document `id` of an application, or why it cannot be one
/// (empty, too large for the form, not a PDF, JPEG or PNG), in `lang`.
pub fn document(
    form: &Form,
    u: &Upload,
    id: String,
    ui: &UiStrings,
    lang: Lang,
) -> Result<Document, String> {
    let w = Words { ui, lang };
    let name = u.file_name.as_str();
    let max_bytes = u64::from(form.uploads.max_file_mb) * 1024 * 1024;
    if u.size == 0 {
        return Err(w.msg("err_file_empty", &[("name", name)]));
    }
    if u.size > max_bytes {
        let mb = form.uploads.max_file_mb.to_string();
        return Err(w.msg("err_file_size", &[("name", name), ("mb", &mb)]));
    }
    let Some(kind) = u.kind else {
        return Err(w.msg("err_file_type", &[("name", name)]));
    };
    Ok(Document {
        id,
        field: u.field.clone(),
        file_name: clean_file_name(&u.file_name),
        content_type: kind.content_type().into(),
        size: u.size,
        key: u.key.clone(),
    })
}

/// Whether a field is asked, given the other answers (a field shown only for some
/// choices is ignored otherwise).
pub fn is_asked(field: &Field, raw: &RawAnswers) -> bool {
    field
        .show_if
        .as_ref()
        .is_none_or(|c| c.holds(raw.one(&c.field)))
}

pub fn validate(
    form: &Form,
    raw: &RawAnswers,
    uploads: &[Upload],
    ui: &UiStrings,
    lang: Lang,
) -> Result<Accepted, Vec<FieldError>> {
    let w = Words { ui, lang };
    let mut errors = Vec::new();
    let mut answers = BTreeMap::new();
    let err = |field: &str, message: String| FieldError {
        field: field.to_string(),
        message,
    };

    for (name, values) in &raw.values {
        if CONTROL_FIELDS.contains(&name.as_str()) {
            continue;
        }
        match form.field(name) {
            None => errors.push(err(name, w.msg("err_unknown_field", &[("name", name)]))),
            Some(f) if values.len() > 1 && f.kind != FieldType::Files => {
                errors.push(err(name, w.msg("err_repeated_field", &[("name", name)])))
            }
            _ => {}
        }
    }
    for u in uploads {
        if form
            .field(&u.field)
            .is_none_or(|f| f.kind != FieldType::Files)
        {
            errors.push(err(
                &u.field,
                w.msg("err_unknown_field", &[("name", &u.field)]),
            ));
        }
    }

    let mut documents = Vec::new();
    for field in form.fields() {
        if !is_asked(field, raw) {
            continue;
        }
        let label = field.label.or_empty(lang);
        let custom =
            |which: fn(&content_model::form::FieldErrors) -> Option<&content_model::Text>| {
                field
                    .errors
                    .as_ref()
                    .and_then(which)
                    .map(|t| t.or_empty(lang).to_string())
            };
        let required_msg = |key: &str| {
            custom(|e| e.required.as_ref()).unwrap_or_else(|| w.msg(key, &[("label", label)]))
        };
        let invalid = |key: &str| {
            custom(|e| e.invalid.as_ref()).unwrap_or_else(|| w.msg(key, &[("label", label)]))
        };

        if field.kind == FieldType::Files {
            let mine: Vec<&Upload> = uploads.iter().filter(|u| u.field == field.name).collect();
            if mine.is_empty() {
                if field.required {
                    errors.push(err(&field.name, required_msg("err_required_files")));
                }
                continue;
            }
            if let Some(max) = field.max_files
                && mine.len() > max as usize
            {
                errors.push(err(
                    &field.name,
                    w.msg(
                        "err_too_many_files",
                        &[("label", label), ("n", &max.to_string())],
                    ),
                ));
                continue;
            }
            for u in mine {
                let id = format!("d{}", documents.len() + 1);
                match document(form, u, id, ui, lang) {
                    Ok(d) => documents.push(d),
                    Err(message) => errors.push(err(&field.name, message)),
                }
            }
            continue;
        }

        let value = raw.one(&field.name).map(str::trim).unwrap_or("");
        if value.is_empty() {
            if field.required {
                let key = match field.kind {
                    FieldType::Choice | FieldType::Select => "err_required_choice",
                    FieldType::Confirm => "err_required_confirm",
                    _ => "err_required",
                };
                errors.push(err(&field.name, required_msg(key)));
            }
            continue;
        }
        let checked: Result<String, String> = match field.kind {
            FieldType::Text | FieldType::Textarea => Ok(value.to_string()),
            FieldType::Email => {
                let ok = value.len() <= 254
                    && value.split_once('@').is_some_and(|(local, domain)| {
                        !local.is_empty()
                            && domain.contains('.')
                            && !domain.starts_with('.')
                            && !domain.ends_with('.')
                    })
                    && !value.contains(char::is_whitespace);
                if ok {
                    Ok(value.to_string())
                } else {
                    Err(invalid("err_email"))
                }
            }
            FieldType::Phone => phone::normalise(value).map_err(|_| invalid("err_phone")),
            FieldType::Iin => iin::validate(value).map_err(|e| match e {
                iin::IinError::CheckDigit | iin::IinError::BadDate | iin::IinError::BadCentury => {
                    invalid("err_iin_check")
                }
                _ => invalid("err_iin"),
            }),
            FieldType::Passport => {
                let p: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_uppercase();
                if (5..=20).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()) {
                    Ok(p)
                } else {
                    Err(invalid("err_passport"))
                }
            }
            FieldType::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.to_string())
                .map_err(|_| invalid("err_date")),
            FieldType::Number => match value.parse::<i64>() {
                Err(_) => Err(invalid("err_not_a_number")),
                Ok(n) if field.min.is_some_and(|m| n < m) || field.max.is_some_and(|m| n > m) => {
                    Err(w.msg(
                        "err_number_range",
                        &[
                            ("label", label),
                            ("min", &field.min.map(|m| m.to_string()).unwrap_or_default()),
                            ("max", &field.max.map(|m| m.to_string()).unwrap_or_default()),
                        ],
                    ))
                }
                Ok(n) => Ok(n.to_string()),
            },
            FieldType::Choice | FieldType::Select => {
                if field.options.iter().any(|o| o.value == value) {
                    Ok(value.to_string())
                } else {
                    Err(w.msg("err_choice", &[("label", label)]))
                }
            }
            FieldType::Confirm => {
                if matches!(value, "yes" | "on" | "true") {
                    Ok("yes".into())
                } else {
                    Err(required_msg("err_required_confirm"))
                }
            }
            FieldType::Files => unreachable!("handled above"),
        };
        let checked = checked.and_then(|v| {
            let chars = v.chars().count();
            if let Some(max) = field.max_length.or(match field.kind {
                FieldType::Textarea => Some(2000),
                FieldType::Text => Some(500),
                _ => None,
            }) && chars > max
            {
                return Err(w.msg("err_too_long", &[("label", label), ("n", &max.to_string())]));
            }
            if let Some(min) = field.min_length
                && chars < min
            {
                return Err(w.msg(
                    "err_too_short",
                    &[("label", label), ("n", &min.to_string())],
                ));
            }
            if let Some(p) = &field.pattern
                && !regex::Regex::new(&format!("^(?:{})$", p.regex)).is_ok_and(|re| re.is_match(&v))
            {
                return Err(p.message.or_empty(lang).to_string());
            }
            Ok(v)
        });
        match checked {
            Ok(v) => {
                answers.insert(field.name.clone(), v);
            }
            Err(m) => errors.push(err(&field.name, m)),
        }
    }
    if documents.len() > form.uploads.max_files as usize {
        errors.push(err(
            form.fields()
                .find(|f| f.kind == FieldType::Files)
                .map(|f| f.name.as_str())
                .unwrap_or("files"),
            w.msg(
                "err_too_many_files_total",
                &[("n", &form.uploads.max_files.to_string())],
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Accepted { answers, documents })
}

/// The upload ids a JSON application names, counted before any of them is read: each
/// under a field that takes files, no more per field than it takes and no more in all
/// than the form takes (a name given twice counts twice, as two files would). A body of
/// 64 KB can name some 1,800 ids; a refusal here costs no read at all, and what passes
/// is a handful, each read once however often it is named.
pub fn check_upload_ids(
    form: &Form,
    files: &BTreeMap<String, Vec<String>>,
    ui: &UiStrings,
    lang: Lang,
) -> Result<(), Vec<FieldError>> {
    let w = Words { ui, lang };
    let mut errors = Vec::new();
    let mut total = 0usize;
    for (name, ids) in files {
        let Some(field) = form.field(name).filter(|f| f.kind == FieldType::Files) else {
            errors.push(FieldError {
                field: name.clone(),
                message: w.msg("err_unknown_field", &[("name", name)]),
            });
            continue;
        };
        total += ids.len();
        if let Some(max) = field.max_files
            && ids.len() > max as usize
        {
            errors.push(FieldError {
                field: name.clone(),
                message: w.msg(
                    "err_too_many_files",
                    &[
                        ("label", field.label.or_empty(lang)),
                        ("n", &max.to_string()),
                    ],
                ),
            });
        }
    }
    if total > form.uploads.max_files as usize {
        errors.push(FieldError {
            field: files
                .keys()
                .next()
                .cloned()
                .unwrap_or_else(|| "files".into()),
            message: w.msg(
                "err_too_many_files_total",
                &[("n", &form.uploads.max_files.to_string())],
            ),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The name kept for reviewers: no path (an upload named `../../etc/passwd` keeps only
/// `passwd`), no control characters, at most 100 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "document".into()
    } else {
        cleaned.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_paths() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\a\\scan.pdf"), "scan.pdf");
        assert_eq!(clean_file_name("..."), "document");
    }
}
