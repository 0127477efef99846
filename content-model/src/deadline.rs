//! A work-plan deadline as structured data, next to the source's own wording.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar month written `2025-09`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl JsonSchema for YearMonth {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "YearMonth".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "description": "A calendar month, YYYY-MM"
        })
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        let err = || format!("`{s}` is not a month; write it as YYYY-MM, for example 2025-09");
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        if y.len() != 4 || m.len() != 2 || !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(YearMonth { year, month })
    }
}

impl From<YearMonth> for String {
    fn from(m: YearMonth) -> String {
        format!("{:04}-{:02}", m.year, m.month)
    }
}

impl YearMonth {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }
}

/// When a plan row is due. Written as a one-key map (`{by: 2025-09-01}`) or a bare word
/// (`throughout_year`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// On this exact date.
    On(NaiveDate),
    /// No later than this date.
    By(NaiveDate),
    /// On each of these dates (several stages).
    Dates(Vec<NaiveDate>),
    /// Some time in each of these months.
    Months(Vec<YearMonth>),
    /// Every month.
    Monthly,
    /// Every month, by this day of the month.
    MonthlyByDay(u32),
    /// Every N months through the academic year.
    EveryMonths(u32),
    /// Every quarter.
    Quarterly,
    /// Twice a year (after each exam session).
    TwiceAYear,
    /// Throughout the (academic) year.
    ThroughoutYear,
    /// At the dates set by the academic calendar.
    AcademicCalendar,
    /// Whenever a request or application arrives.
    OnRequest,
    /// Tied to an event named in the wording (an exam session, graduation …).
    OnEvent,
}

const WORDS: [&str; 8] = [
    "monthly",
    "quarterly",
    "twice_a_year",
    "throughout_year",
    "academic_calendar",
    "on_request",
    "on_event",
    "monthly_by_day",
];
const KEYS: [&str; 6] = [
    "on",
    "by",
    "dates",
    "months",
    "monthly_by_day",
    "every_months",
];

// serde_yaml 0.9 wants `!tag` syntax for enums with data; editors write the plainer
// one-key map (`{by: 2025-09-01}`), so this reads both that and the bare words.
impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = When;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a deadline such as `{by: 2025-09-01}`, `{months: [2025-10]}` or `throughout_year`")
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<When, E> {
                Ok(match v {
                    "monthly" => When::Monthly,
                    "quarterly" => When::Quarterly,
                    "twice_a_year" => When::TwiceAYear,
                    "throughout_year" => When::ThroughoutYear,
                    "academic_calendar" => When::AcademicCalendar,
                    "on_request" => When::OnRequest,
                    "on_event" => When::OnEvent,
                    _ => return Err(E::unknown_variant(v, &WORDS[..7])),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<When, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(A::Error::custom(
                        "an empty map is not a deadline; write e.g. `{by: 2025-09-01}`",
                    ));
                };
                let when = match key.as_str() {
                    "on" => When::On(map.next_value()?),
                    "by" => When::By(map.next_value()?),
                    "dates" => When::Dates(map.next_value()?),
                    "months" => When::Months(map.next_value()?),
                    "monthly_by_day" => When::MonthlyByDay(map.next_value()?),
                    "every_months" => When::EveryMonths(map.next_value()?),
                    other => return Err(A::Error::unknown_field(other, &KEYS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(A::Error::custom(format!(
                        "a deadline has one key, but `{extra}` follows `{key}`; use `dates` or `months` for several"
                    )));
                }
                Ok(when)
            }
        }
        d.deserialize_any(V)
    }
}

impl When {
    /// The stable name used for filters and exports.
    pub fn kind(&self) -> &'static str {
        match self {
            When::On(_) => "on",
            When::By(_) => "by",
            When::Dates(_) => "dates",
            When::Months(_) => "months",
            When::Monthly => "monthly",
            When::MonthlyByDay(_) => "monthly_by_day",
            When::EveryMonths(_) => "every_months",
            When::Quarterly => "quarterly",
            When::TwiceAYear => "twice_a_year",
            When::ThroughoutYear => "throughout_year",
            When::AcademicCalendar => "academic_calendar",
            When::OnRequest => "on_request",
            When::OnEvent => "on_event",
        }
    }

    /// Calendar months this deadline falls in, for the "this month" view.
    pub fn months(&self) -> Vec<YearMonth> {
        let ym = |d: &NaiveDate| {
            use chrono::Datelike;
            YearMonth {
                year: d.year(),
                month: d.month(),
            }
        };
        match self {
            When::On(d) | When::By(d) => vec![ym(d)],
            When::Dates(ds) => ds.iter().map(ym).collect(),
            When::Months(ms) => ms.clone(),
            _ => Vec::new(),
        }
    }

    /// True when the row recurs every month (so it belongs to every month's view).
    pub fn is_monthly(&self) -> bool {
        matches!(self, When::Monthly | When::MonthlyByDay(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_map_and_word_forms() {
        let w: When = serde_yaml::from_str("{by: 2025-09-01}").unwrap();
        assert_eq!(w, When::By(NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()));
        let w: When = serde_yaml::from_str("throughout_year").unwrap();
        assert_eq!(w, When::ThroughoutYear);
        let w: When = serde_yaml::from_str("months: [2025-10, 2026-02]").unwrap();
        assert_eq!(w.months().len(), 2);
        let w: When = serde_yaml::from_str("monthly_by_day: 20").unwrap();
        assert!(w.is_monthly());
    }

    #[test]
    fn refuses_a_month_that_is_not_one() {
        let err = serde_yaml::from_str::<When>("months: [2025-13]").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM"), "{err}");
    }
}
