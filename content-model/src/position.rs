//! Where a diagnostic points: a file and a 1-based line and column.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// The position just after `prefix`, for text that starts somewhere inside a file.
    pub fn offset_by_lines(self, lines: usize) -> Pos {
        Pos {
            line: self.line + lines,
            column: self.column,
        }
    }
}

/// A file relative to the content root, with an optional position in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub pos: Option<Pos>,
}

impl Location {
    pub fn file(file: impl AsRef<Path>) -> Location {
        Location {
            file: file.as_ref().to_path_buf(),
            pos: None,
        }
    }

    pub fn at(file: impl AsRef<Path>, pos: Pos) -> Location {
        Location {
            file: file.as_ref().to_path_buf(),
            pos: Some(pos),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string().replace('\\', "/");
        match self.pos {
            Some(p) => write!(f, "{file}:{}:{}", p.line, p.column),
            None => write!(f, "{file}"),
        }
    }
}
