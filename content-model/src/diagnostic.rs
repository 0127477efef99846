//! Problems found in the content, written for editors: where (file, line, column),
//! what is wrong in plain words, and what to write instead.

use crate::position::{Location, Pos};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// What kind of problem it is. Tests and tools match on this, never on the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The YAML itself cannot be read (bad indentation, an unclosed quote …).
    MalformedYaml,
    /// A value of the wrong type (a word where a number belongs …).
    WrongType,
    /// A key the format does not know, usually a typo.
    UnknownKey,
    /// A key the format needs is not there.
    MissingKey,
    /// A value outside the allowed set or range.
    InvalidValue,
    /// A translatable text lacks one of kk, ru, en.
    MissingTranslation,
    /// A translation made from an older version of its source text.
    StaleTranslation,
    /// A translation with no record of the source text it was made from.
    UnrecordedTranslation,
    /// A variant of a term the glossary says to avoid.
    Terminology,
    /// An abbreviation of another language's glossary in a text.
    ForeignAbbreviation,
    /// A link to a page in another language than the text's, where one exists in its own.
    LinkLanguage,
    /// A reference to a service, guide, form or glossary entry that does not exist.
    UnknownReference,
    /// Two things share the same slug, number or key.
    DuplicateSlug,
    /// A Markdown link to a page or anchor that does not exist.
    BrokenLink,
    /// A Markdown file without the `---` front matter block.
    MissingFrontMatter,
    /// A file that is not UTF-8 text.
    NotUtf8,
    /// A file that cannot be read at all, or a file where none is expected.
    Io,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::MalformedYaml => "malformed-yaml",
            Kind::WrongType => "wrong-type",
            Kind::UnknownKey => "unknown-key",
            Kind::MissingKey => "missing-key",
            Kind::InvalidValue => "invalid-value",
            Kind::MissingTranslation => "missing-translation",
            Kind::StaleTranslation => "stale-translation",
            Kind::UnrecordedTranslation => "unrecorded-translation",
            Kind::Terminology => "terminology",
            Kind::LinkLanguage => "link-language",
            Kind::ForeignAbbreviation => "foreign-abbreviation",
            Kind::UnknownReference => "unknown-reference",
            Kind::DuplicateSlug => "duplicate",
            Kind::BrokenLink => "broken-link",
            Kind::MissingFrontMatter => "missing-front-matter",
            Kind::NotUtf8 => "not-utf8",
            Kind::Io => "io",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    pub location: Location,
    /// What is wrong, in plain words.
    pub message: String,
    /// What would be right.
    pub help: Option<String>,
    /// The offending source line, shown under the location.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: Kind, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind,
            location,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn warning(kind: Kind, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, location, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Attach the source line the position points at, for display.
    pub fn with_source(mut self, source: &str) -> Diagnostic {
        if let Some(Pos { line, .. }) = self.location.pos {
            self.source_line = source
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_owned);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn line(&self) -> Option<usize> {
        self.location.pos.map(|p| p.line)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}[{}]: {}", self.kind.code(), self.message)?;
        write!(f, "  --> {}", self.location)?;
        if let (Some(src), Some(pos)) = (&self.source_line, self.location.pos) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            // Columns count characters, so the caret lines up under Kazakh text too.
            let caret_pad: String = src
                .chars()
                .take(pos.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {pad} |\n {num} | {src}\n {pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turn every warning into an error (the strict build), except those `spare` keeps.
    pub fn make_strict(&mut self, spare: impl Fn(&Diagnostic) -> bool) {
        for d in &mut self.items {
            if !spare(d) {
                d.severity = Severity::Error;
            }
        }
    }

    /// Sort by file, then position, so the output reads top to bottom.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.location, a.kind, &a.message).cmp(&(&b.location, b.kind, &b.message))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}\n")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        write!(
            f,
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    }
}
