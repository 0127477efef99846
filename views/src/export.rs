//! The applications of a form as CSV, for a spreadsheet: one row an application with
//! its state and its answers, one column a field (by its name, which does not change
//! with the language). A field the form marks `personal` is a column only when asked
//! for (the API lets only a lead ask, and records each application exported in its
//! audit trail); documents are counted, never named; confirmations are left out (every
//! application has them).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use content_model::form::{FieldType, Form};
use std::collections::BTreeMap;

/// One application, as the API hands it over.
pub struct ExportRow<'a> {
    pub reference: &'a str,
    pub status: &'a str,
    pub received: DateTime<Utc>,
    pub due: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<&'a str>,
    pub holder: Option<&'a str>,
    pub rounds: usize,
    pub documents: usize,
    pub answers: &'a BTreeMap<String, String>,
}

/// The columns of `form`'s answers: its fields in order, but files and confirmations,
/// and personal ones only with `personal`.
pub fn answer_columns(form: &Form, personal: bool) -> Vec<&str> {
    form.fields()
        .filter(|f| !matches!(f.kind, FieldType::Files | FieldType::Confirm))
        .filter(|f| personal || !is_personal(form, f))
        .map(|f| f.name.as_str())
        .collect()
}

/// A field the form marks `personal` — or one that is whatever the form says: an IIN,
/// a passport number, a phone, an e-mail address, or what identifies or names the
/// applicant (`applicant_key`, `applicant_name`). A flag an editor forgot leaks nothing.
fn is_personal(form: &Form, f: &content_model::form::Field) -> bool {
    f.personal
        || matches!(
            f.kind,
            FieldType::Iin | FieldType::Passport | FieldType::Phone | FieldType::Email
        )
        || form.applicant_key.contains(&f.name)
        || form.applicant_name.contains(&f.name)
}

pub fn applications_csv(form: &Form, rows: &[ExportRow], personal: bool) -> String {
    let columns = answer_columns(form, personal);
    let mut header = vec![
        "reference",
        "status",
        "received",
        "due",
        "decided_at",
        "decided_by",
        "holder",
        "rounds",
        "documents",
    ];
    header.extend(columns.iter().copied());
    let mut out = crate::csv::record(&header);
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    for r in rows {
        let mut record = vec![
            r.reference.to_string(),
            r.status.to_string(),
            time(r.received),
            r.due.map(|d| d.to_string()).unwrap_or_default(),
            r.decided_at.map(time).unwrap_or_default(),
            r.decided_by.unwrap_or_default().to_string(),
            r.holder.unwrap_or_default().to_string(),
            r.rounds.to_string(),
            r.documents.to_string(),
        ];
        record.extend(
            columns
                .iter()
                .map(|c| r.answers.get(*c).cloned().unwrap_or_default()),
        );
        out += &crate::csv::record(&record);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_that_identifies_the_applicant_is_personal_whatever_its_flag() {
        let form: Form = content_model::yaml::from_str(
            r#"
source_lang: ru
service: s
title: {ru: Т}
applicant_key: [student_number]
applicant_name: [full_name]
next_steps: {ru: Т}
sections:
  - title: {ru: Т}
    fields:
      - {name: full_name, type: text, label: {ru: Т}}
      - {name: iin, type: iin, label: {ru: Т}}
      - {name: phone, type: phone, label: {ru: Т}}
      - {name: student_number, type: text, label: {ru: Т}}
      - {name: faculty, type: text, label: {ru: Т}}
      - {name: illness, type: text, personal: true, label: {ru: Т}}
      - {name: scans, type: files, label: {ru: Т}}
      - {name: agree, type: confirm, label: {ru: Т}}
"#,
        )
        .unwrap();
        assert_eq!(answer_columns(&form, false), ["faculty"]);
        assert_eq!(
            answer_columns(&form, true),
            [
                "full_name",
                "iin",
                "phone",
                "student_number",
                "faculty",
                "illness"
            ]
        );
    }
}
