//! What a finished build says: pages per edition, time, warnings.

use content_model::Diagnostics;
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug)]
pub struct BuildReport {
    /// Pages per edition folder: `kk`, `kk-latn`, `ru`, `en`.
    pub pages: BTreeMap<String, usize>,
    /// Pages outside the language folders (the language chooser, the root 404).
    pub other_pages: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// One line for the terminal: pages per language and the time it took.
    pub fn summary(&self) -> String {
        let per: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let warnings = self.warnings.len();
        format!(
            "built {} pages ({}) in {} ms{}",
            self.pages.values().sum::<usize>() + self.other_pages,
            per.join(", "),
            self.elapsed.as_millis(),
            if warnings > 0 {
                format!(
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        )
    }
}
