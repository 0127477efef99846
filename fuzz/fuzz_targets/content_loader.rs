//! The content loader end to end, on hostile files.
//!
//! What it proves: whatever bytes an editor (or a broken editor tool) puts into one of
//! the content files — a service, a guide's Markdown with front matter, the guide's
//! metadata, the work plan, a work plan section, a form, a UI-strings file, the
//! glossary, the holidays — `content_model::load` does not panic: it returns content
//! or diagnostics (non-UTF-8 included), and rendering every diagnostic with its
//! file:line:column and caret line does not panic either. A refusal (`Err`) always
//! carries at least one error.
//!
//! Input: the first byte picks the file (in a private copy of the small good fixture
//! `generator/tests/fixtures/good/`), the rest of the input becomes its raw contents.
//! Nothing is restored between runs: each input overwrites its file again, and every
//! other file keeps its good fixture contents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The files an input may replace, relative to the fixture root.
const FILES: [&str; 9] = [
    "services/dormitory.yaml",
    "guides/dormitory-settlement/en.md",
    "guides/dormitory-settlement/guide.yaml",
    "workplan/plan.yaml",
    "workplan/sections/1.yaml",
    "forms/dormitory.yaml",
    "i18n/en.yaml",
    "glossary.yaml",
    "holidays/2026.yaml",
];

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create fixture copy");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/good");
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("content");
        copy_dir(&good, &root);
        for f in FILES {
            assert!(root.join(f).is_file(), "the fixture has no {f}");
        }
        // The untouched copy must load: otherwise every input only tests one error.
        content_model::load(&root).expect("the good fixture loads");
        Fixture { _dir: dir, root }
    })
}

fuzz_target!(|data: &[u8]| {
    let fx = fixture();
    let Some((&pick, contents)) = data.split_first() else {
        return;
    };
    let file = FILES[usize::from(pick) % FILES.len()];
    std::fs::write(fx.root.join(file), contents).expect("write the fuzzed file");
    match content_model::load(&fx.root) {
        Ok(loaded) => {
            std::hint::black_box(loaded.warnings.to_string());
        }
        Err(diagnostics) => {
            // A refusal always says why: at least one error, each rendered with its
            // location and caret line.
            assert!(diagnostics.has_errors(), "load failed without an error");
            std::hint::black_box(diagnostics.to_string());
        }
    }
});
