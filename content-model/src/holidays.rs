//! `content/holidays/YYYY.yaml`: the year's non-working days. The government moves days
//! off by decree every year, so this is data editors correct, not a formula.

use crate::lang::Text;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    pub year: i32,
    /// Days off that are not Saturdays or Sundays (holidays, and days they moved to).
    pub days_off: Vec<DayOff>,
    /// Saturdays or Sundays that a decree made working days.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub working_weekends: Vec<NaiveDate>,
    /// Where the list comes from (the law, the year's decree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayOff {
    pub date: NaiveDate,
    pub name: Text,
    /// The holiday's own date when it fell on a weekend and the day off moved here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<NaiveDate>,
}
