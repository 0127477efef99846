//! The holiday files: each date in its year, no date twice.

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use std::path::PathBuf;

impl Validator<'_> {
    pub(super) fn holidays(&mut self) {
        for y in &self.content.holidays {
            let file = PathBuf::from(format!("holidays/{}.yaml", y.year));
            use chrono::Datelike;
            for (i, d) in y.days_off.iter().enumerate() {
                if d.date.year() != y.year {
                    let year = y.year;
                    self.push_at(&file, &format!("days_off.{i}.date"), |loc| {
                        Diagnostic::error(
                            Kind::InvalidValue,
                            loc,
                            format!("{} is not in {year}", d.date),
                        )
                        .with_help(format!("move it to holidays/{}.yaml", d.date.year()))
                    });
                }
            }
            self.duplicates(
                "the date",
                y.days_off
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        (
                            d.date.to_string(),
                            file.as_path(),
                            format!("days_off.{i}.date"),
                        )
                    })
                    .collect::<Vec<_>>(),
            );
        }
    }
}
