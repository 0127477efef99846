//! Amounts and periods written out as a page shows them: a fee ("10 000 ₸ в месяц"), a
//! number of working days ("от 3 до 5 рабочих дней").

use crate::words::Words;
use content_model::fee::{Fee, Period, group_thousands};
use content_model::placeholders::fill;
use content_model::service::DayRange;

pub fn fee_text(words: &Words, fee: &Fee) -> String {
    if fee.is_free() {
        return words.t("free");
    }
    let key = match fee.per {
        Period::Month => "fee_month",
        Period::Year => "fee_year",
        Period::Semester => "fee_semester",
        Period::Once => "fee_once",
    };
    fill(&words.t(key), &[("amount", &group_thousands(fee.amount))])
}

pub fn days_text(words: &Words, range: DayRange) -> String {
    match range {
        DayRange::Exactly(n) => words.plural("working_days", n.into()),
        DayRange::Between([a, b]) => fill(
            &words.plural("working_days_range", b.into()),
            &[("from", &a.to_string())],
        ),
    }
}
