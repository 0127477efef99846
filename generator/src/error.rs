//! Why a build failed.

use content_model::Diagnostics;
use std::path::{Path, PathBuf};
use views::TemplateError;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(Diagnostics),
    #[error("template error: {0}")]
    Template(String),
    #[cfg(feature = "search")]
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<TemplateError> for BuildError {
    fn from(e: TemplateError) -> BuildError {
        BuildError::Template(e.0)
    }
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}
