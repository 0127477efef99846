//! A build's output folder while it is written: a sibling of the real one, swapped in
//! only when complete, so a failed or interrupted build never leaves a half-written site
//! where the old one was.

use crate::error::{BuildError, io};
use crate::out_file::OutFile;
use std::path::{Path, PathBuf};

/// A build's output folder while it is written: a sibling of the real one, swapped in
/// only when complete, so a failed or interrupted build never leaves a half-written
/// site where the old one was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging, BuildError> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        Ok(Staging {
            out: out.to_path_buf(),
            old: parent.join(format!(".{name}.old-{}", std::process::id())),
            dir,
        })
    }

    pub fn write(&self, f: &OutFile) -> Result<(), BuildError> {
        let path = self.dir.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &f.bytes).map_err(io(&path))
    }

    /// Swap the new site in.
    pub fn commit(self) -> Result<(), BuildError> {
        if !self.dir.exists() {
            std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io(&self.out))?;
        }
        std::fs::rename(&self.dir, &self.out).map_err(io(&self.out))?;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io(&self.old))?;
        }
        Ok(())
    }

    /// Leave the old site as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
