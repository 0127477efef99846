//! `content/forms/<slug>.yaml`: an application form as data. The generator renders the
//! HTML form from it and the submit function validates against the same definition.

use crate::fee::Fee;
use crate::lang::{Lang, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The URL name; defaults to the file name without `.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub source_lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The service this form applies for.
    pub service: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// The field whose answer identifies the applicant for the one-open-application
    /// rule (usually the IIN or passport number).
    pub applicant_key: Vec<String>,
    /// The fields whose answers name the applicant (and, in a parent's application,
    /// the child): reviewers find an application by any of these names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicant_name: Vec<String>,
    /// How many working days a decision takes, when the source says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_working_days: Option<u32>,
    /// What happens after sending, shown on the confirmation page.
    pub next_steps: Text,
    #[serde(default)]
    pub uploads: UploadLimits,
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadLimits {
    /// Files per application, all file fields together.
    pub max_files: u32,
    /// Size of one file, in megabytes.
    pub max_file_mb: u32,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_files: 10,
            max_file_mb: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormSection {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of text.
    Textarea,
    Email,
    /// A Kazakhstan mobile number, stored as +77XXXXXXXXX.
    Phone,
    /// A 12-digit individual identification number with its check digit.
    Iin,
    /// A passport number (for applicants without an IIN).
    Passport,
    Date,
    /// Radio buttons: one of `options`.
    Choice,
    /// A drop-down list: one of `options`.
    Select,
    /// A checkbox the applicant must tick (a declaration).
    Confirm,
    /// Scanned documents (PDF, JPEG, PNG).
    Files,
    /// A whole number.
    Number,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The name sent with the form; lowercase letters, digits and `_`.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// A regular expression the whole answer must match, with the message to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
    /// For `choice` and `select`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// For `files`: how many files this field takes at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_files: Option<u32>,
    /// Ask this only when another field has one of some values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// Messages that replace the standard ones, in GOV.UK style ("Enter your full name").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// Personal data that must never reach a log or a notification.
    #[serde(default)]
    pub personal: bool,
    /// Autocomplete token for browsers (e.g. `name`, `email`, `tel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub regex: String,
    pub message: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldErrors {
    /// When the field is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Text>,
    /// When the answer is not in the right form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// The fee that applies when this option is chosen (0 for free).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// Documents that prove this situation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Text>,
    /// Working days to a decision when this option is chosen (overrides the form's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    /// Shown when the other field's answer is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub is: Vec<String>,
    /// Shown when the other field's answer is none of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub is_not: Vec<String>,
}

impl Condition {
    pub fn holds(&self, answer: Option<&str>) -> bool {
        let a = answer.unwrap_or("");
        if !self.is.is_empty() {
            return self.is.iter().any(|v| v == a);
        }
        !a.is_empty() && !self.is_not.iter().any(|v| v == a)
    }
}

impl Form {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().find(|f| f.name == name)
    }

    /// The applicant's identity for the one-open-application rule: the first answered
    /// field of `applicant_key` (the IIN, or the passport number of a foreign applicant).
    pub fn applicant_id<'a>(
        &self,
        answers: &'a std::collections::BTreeMap<String, String>,
    ) -> Option<&'a str> {
        self.applicant_key
            .iter()
            .find_map(|k| answers.get(k))
            .map(String::as_str)
    }

    /// Working days to a decision for these answers: the longest of the chosen options'
    /// own times, else the form's.
    pub fn decision_days(
        &self,
        answers: &std::collections::BTreeMap<String, String>,
    ) -> Option<u32> {
        self.fields()
            .filter_map(|f| {
                let chosen = answers.get(&f.name)?;
                f.options.iter().find(|o| &o.value == chosen)?.working_days
            })
            .max()
            .or(self.decision_working_days)
    }

    /// The choice field whose options carry fees (the dormitory's category).
    pub fn fee_field(&self) -> Option<&Field> {
        self.fields()
            .find(|f| f.options.iter().any(|o| o.fee.is_some()))
    }
}
