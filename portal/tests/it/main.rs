//! The portal's integration tests, as one test binary: `portal serve` live end to end
//! (an edit reloads the page, a mistake shows an overlay, a changed form rule reaches the
//! API at once), and the whole journey of an application on the local API.

mod architecture;
mod disk_full;
mod journey;
mod serve;
mod translations;

use std::path::{Path, PathBuf};

/// A copy of `generator/tests/fixtures/good` (every kind of page, no warnings) in a
/// temporary folder, for a test to edit.
pub fn good_site() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/good");
    let to = tempfile::Builder::new()
        .prefix("portal-content-")
        .tempdir()
        .unwrap();
    copy(&from, to.path());
    to
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
