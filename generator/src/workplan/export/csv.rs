//! The plan as a table (RFC 4180).

use super::{unit_abbrs, when_values};
use content_model::{Content, Lang};
use views::Words;

use views::csv::field as csv_field;

/// The plan as a table: a header in the language, one line per row, CRLF line ends.
pub fn csv(content: &Content, lang: Lang) -> String {
    let words = Words::new(lang, content);
    let Some(plan) = &content.workplan else {
        return String::new();
    };
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        &[
            "plan_csv_section",
            "plan_csv_section_title",
            "plan_csv_no",
            "plan_activity",
            "plan_responsible",
            "plan_csv_units",
            "plan_deadline",
            "plan_csv_kind",
            "plan_csv_dates",
            "plan_outcome",
        ]
        .map(|k| words.t(k)),
    );
    for s in &plan.sections {
        let s = &s.data;
        for r in &s.rows {
            line(&[
                s.number.to_string(),
                words.plain(&s.title),
                r.no.to_string(),
                words.plain(&r.activity),
                words.plain(&r.responsible),
                unit_abbrs(&words, r).join("; "),
                words.plain(&r.deadline.text),
                r.deadline.when.kind().to_string(),
                when_values(&r.deadline.when),
                words.plain(&r.outcome),
            ]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_when_they_must_be() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
