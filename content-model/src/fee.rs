//! Amounts of money, as data rather than prose.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Currency {
    #[serde(rename = "KZT")]
    Kzt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Year,
    Semester,
    Once,
}

/// `fee: {amount: 10000, currency: KZT, per: month}`. An amount of 0 means free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub amount: u64,
    pub currency: Currency,
    #[serde(default = "once")]
    pub per: Period,
}

fn once() -> Period {
    Period::Once
}

impl Fee {
    pub fn is_free(&self) -> bool {
        self.amount == 0
    }
}

/// A fine or other amount set in monthly calculation indexes (MCI, АЕК/МРП), the unit
/// Kazakh law uses; the tenge figure follows from the year's MCI in `site.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MciRange {
    pub min: u32,
    pub max: u32,
}

/// The monthly calculation index for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mci {
    pub year: i32,
    pub amount: u64,
    pub currency: Currency,
}

/// Group digits the way all three languages on the site print tenge: `10 000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_with_a_no_break_space() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(5000), "5\u{a0}000");
        assert_eq!(group_thousands(3932), "3\u{a0}932");
        assert_eq!(group_thousands(1234567), "1\u{a0}234\u{a0}567");
    }
}
