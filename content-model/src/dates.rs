//! Dates and months written out in each language, for every page and message that shows
//! one (service pages, the work plan's "this month", the calculators, the confirmation,
//! the status page, the SMS that names a decision date). One table of month names.

use crate::almaty;
use crate::deadline::YearMonth;
use crate::lang::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Russian months as a date says them ("25 ноября").
pub const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
/// Russian months as a title says them ("ноябрь 2026 г.").
pub const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
pub const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// "25 November 2026", "25 ноября 2026 г.", "2026 ж. 25 қараша".
pub fn date_text(lang: Lang, d: NaiveDate) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
        Lang::Ru => format!("{} {} {} г.", d.day(), MONTHS_RU_GENITIVE[m], d.year()),
        Lang::Kk => format!("{} ж. {} {}", d.year(), d.day(), MONTHS_KK[m]),
    }
}

/// "November 2026", "ноябрь 2026 г.", "2026 жылғы қараша".
pub fn month_text(lang: Lang, m: YearMonth) -> String {
    let i = (m.month - 1) as usize;
    match lang {
        Lang::En => format!("{} {}", MONTHS_EN[i], m.year),
        Lang::Ru => format!("{} {} г.", MONTHS_RU[i], m.year),
        Lang::Kk => format!("{} жылғы {}", m.year, MONTHS_KK[i]),
    }
}

/// A moment as people in Kazakhstan read it: the date in words and the time of day on
/// Almaty's clock ("25 ноября 2026 г. 14:05").
pub fn date_time_text(lang: Lang, at: DateTime<Utc>) -> String {
    let local = almaty::local(at);
    format!(
        "{} {}",
        date_text(lang, local.date_naive()),
        local.format("%H:%M")
    )
}
