//! The work plan: its academic year, its sections' units and numbers.

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use std::path::Path;

impl Validator<'_> {
    pub(super) fn workplan(&mut self) {
        let Some(plan) = &self.content.workplan else {
            return;
        };
        let units: Vec<&str> = self
            .content
            .glossary
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        if plan.meta.first_year().is_none() {
            let year = plan.meta.academic_year.clone();
            self.push_at(Path::new("workplan/plan.yaml"), "academic_year", |loc| {
                Diagnostic::error(
                    Kind::InvalidValue,
                    loc,
                    format!("`{year}` is not an academic year"),
                )
                .with_help("write the two calendar years it spans, e.g. `academic_year: 2025-2026`")
            });
        }
        let mut numbers = Vec::new();
        for entry in &plan.sections {
            let section = &entry.data;
            let f = entry.file.clone();
            numbers.push((section.number.to_string(), f.clone(), "number".to_string()));
            if let Some(u) = &section.unit {
                self.reference(&f, "unit", "glossary entry", u, &units);
            }
            for (ri, row) in section.rows.iter().enumerate() {
                for (ui, u) in row.units.iter().enumerate() {
                    self.reference(
                        &f,
                        &format!("rows.{ri}.units.{ui}"),
                        "glossary entry",
                        u,
                        &units,
                    );
                }
            }
            self.duplicates(
                "the row number",
                section
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(ri, r)| (r.no.to_string(), f.as_path(), format!("rows.{ri}.no")))
                    .collect::<Vec<_>>(),
            );
        }
        self.duplicates(
            "the section number",
            numbers
                .iter()
                .map(|(a, b, c)| (a.clone(), b.as_path(), c.clone()))
                .collect::<Vec<_>>(),
        );
    }
}
