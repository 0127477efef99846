//! One YAML document (a file, or a guide's front matter) as read: its text and the
//! positions of its keys, kept for the checks that run after parsing.

use crate::diagnostic::Diagnostic;
use crate::position::{Location, Pos};
use crate::spans::SpanMap;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the content root.
    pub file: PathBuf,
    pub text: String,
    pub spans: SpanMap,
    /// Line in `file` where `text` starts (front matter starts on line 2).
    pub first_line: usize,
}

impl Source {
    /// The location of a key path (`rows.3.units.0`), or of its closest parent.
    pub fn locate(&self, path: &str) -> Location {
        match self.spans.find(path) {
            Some(p) => Location::at(&self.file, Pos::new(p.line + self.first_line - 1, p.column)),
            None => Location::file(&self.file),
        }
    }

    /// A diagnostic at a key path, with its source line attached.
    pub fn diag(&self, d: Diagnostic) -> Diagnostic {
        match d.location.pos {
            Some(_) if self.first_line == 1 => d.with_source(&self.text),
            Some(p) => {
                let mut d = d;
                d.source_line = self
                    .text
                    .lines()
                    .nth(p.line.saturating_sub(self.first_line))
                    .map(str::to_owned);
                d
            }
            None => d,
        }
    }
}
