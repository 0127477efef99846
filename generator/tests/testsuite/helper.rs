//! A content folder in a temporary directory, checked or built, with assertions that read
//! like what an editor is told:
//!
//! ```ignore
//! TestSite::good()
//!     .with_overlay("unknown-key")
//!     .check()
//!     .expect_error(Kind::UnknownKey, "services/certificate-transcript.yaml", 6)
//!     .column(1)
//!     .message_is("unknown key `titel`")
//!     .help_contains("did you mean `title`?");
//! ```

#![allow(dead_code)] // not every test module uses every helper

use content_model::{Diagnostic, Diagnostics, Kind, Loaded, Severity};
use generator::{BuildError, BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// `generator/tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The real content folder of the project, `content/`.
pub fn real_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// Every file under `dir` (relative paths with `/`, sorted) and its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("a readable folder"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside the folder");
            (slashed(rel), fs::read(e.path()).expect("a readable file"))
        })
        .collect()
}

/// A relative path written with `/`, as in diagnostics and URLs.
pub fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let target = to.join(&rel);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create a folder");
        fs::write(&target, bytes).expect("write a file");
    }
}

/// A content folder of its own, in a temporary directory removed at the end of the test.
pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// A copy of `fixtures/good`: every kind of page, no warnings even in strict mode.
    pub fn good() -> TestSite {
        let dir = tempfile::Builder::new()
            .prefix("portal-content-")
            .tempdir()
            .expect("a temporary folder");
        copy_tree(&fixtures().join("good"), dir.path());
        TestSite { dir }
    }

    /// Lay `fixtures/errors/<name>/` over the content: its files replace or add files,
    /// and a file `<file>.delete` deletes `<file>`.
    #[track_caller]
    pub fn with_overlay(self, name: &str) -> TestSite {
        let overlay = fixtures().join("errors").join(name);
        assert!(
            overlay.is_dir(),
            "there is no overlay {}",
            overlay.display()
        );
        for (rel, bytes) in read_tree(&overlay) {
            match rel.strip_suffix(".delete") {
                Some(target) => {
                    let target = self.root().join(target);
                    assert!(
                        target.exists(),
                        "overlay {name} deletes {rel}, which the good fixture does not have"
                    );
                    if target.is_dir() {
                        fs::remove_dir_all(&target).expect("delete a folder");
                    } else {
                        fs::remove_file(&target).expect("delete a file");
                    }
                }
                None => {
                    let target = self.root().join(&rel);
                    fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
                    fs::write(&target, bytes).expect("write a file");
                }
            }
        }
        self
    }

    /// Write (or replace) one file.
    pub fn write(self, rel: &str, text: &str) -> TestSite {
        let target = self.root().join(rel);
        fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        fs::write(target, text).expect("write a file");
        self
    }

    /// Replace the first `from` in a file with `to`.
    #[track_caller]
    pub fn replace(self, rel: &str, from: &str, to: &str) -> TestSite {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        let text = text.replacen(from, to, 1);
        self.write(rel, &text)
    }

    /// Delete one file.
    #[track_caller]
    pub fn delete(self, rel: &str) -> TestSite {
        fs::remove_file(self.root().join(rel)).unwrap_or_else(|e| panic!("delete {rel}: {e}"));
        self
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Read and check the content as `portal check` does.
    pub fn check(&self) -> Checked {
        Checked {
            outcome: content_model::load(self.root()),
            strict: false,
        }
    }

    /// Read and check the content as `portal check --strict` does.
    pub fn check_strict(&self) -> Checked {
        Checked {
            outcome: content_model::load_strict(
                self.root(),
                content_model::StaleTranslations::Warn,
            ),
            strict: true,
        }
    }

    /// As `portal check --strict --refuse-stale`: stale translations are errors too.
    pub fn check_strict_refusing_stale(&self) -> Checked {
        Checked {
            outcome: content_model::load_strict(
                self.root(),
                content_model::StaleTranslations::Refuse,
            ),
            strict: true,
        }
    }

    /// Build the site into a temporary folder; the build must succeed.
    #[track_caller]
    pub fn build(&self) -> BuiltSite {
        BuiltSite::build(self.root(), false)
    }

    /// Build as production does (`--strict`); the build must succeed.
    #[track_caller]
    pub fn build_strict(&self) -> BuiltSite {
        BuiltSite::build(self.root(), true)
    }

    /// Build into `out`, as `portal build --out <out>`.
    pub fn build_into(&self, out: &Path, strict: bool) -> Result<BuildReport, BuildError> {
        let mut opts = BuildOptions::new(self.root(), out);
        opts.strict = strict;
        generator::build(&opts)
    }
}

/// What `load` said about the content.
pub struct Checked {
    pub outcome: Result<Loaded, Diagnostics>,
    pub strict: bool,
}

impl Checked {
    fn mode(&self) -> &'static str {
        if self.strict { "strict" } else { "normal" }
    }

    /// Every diagnostic of the run, errors and warnings.
    pub fn diagnostics(&self) -> &Diagnostics {
        match &self.outcome {
            Ok(loaded) => &loaded.warnings,
            Err(d) => d,
        }
    }

    fn report(&self) -> String {
        let d = self.diagnostics();
        if d.is_empty() {
            "nothing at all".into()
        } else {
            d.to_string()
        }
    }

    /// The content loads (possibly with warnings).
    #[track_caller]
    pub fn succeeds(&self) -> &Loaded {
        match &self.outcome {
            Ok(loaded) => loaded,
            Err(d) => panic!("the content should load ({} mode), but:\n{d}", self.mode()),
        }
    }

    /// The content loads without a single warning.
    #[track_caller]
    pub fn is_clean(&self) -> &Loaded {
        let loaded = self.succeeds();
        assert!(
            loaded.warnings.is_empty(),
            "the content should load without warnings, but:\n{}",
            loaded.warnings
        );
        loaded
    }

    /// The content does not load.
    #[track_caller]
    pub fn fails(&self) -> &Diagnostics {
        match &self.outcome {
            Ok(loaded) => panic!(
                "the content should not load ({} mode), but it did, with:\n{}",
                self.mode(),
                loaded.warnings
            ),
            Err(d) => d,
        }
    }

    /// An error of `kind` in `file` (relative to the content folder) at `line`; the
    /// content does not load.
    #[track_caller]
    pub fn expect_error(&self, kind: Kind, file: &str, line: usize) -> Found {
        self.fails();
        self.find(Severity::Error, kind, file, Some(line))
    }

    /// An error of `kind` about `file` as a whole (no line); the content does not load.
    #[track_caller]
    pub fn expect_error_in(&self, kind: Kind, file: &str) -> Found {
        self.fails();
        self.find(Severity::Error, kind, file, None)
    }

    /// A warning of `kind` in `file` at `line`.
    #[track_caller]
    pub fn expect_warning(&self, kind: Kind, file: &str, line: usize) -> Found {
        self.find(Severity::Warning, kind, file, Some(line))
    }

    /// A warning of `kind` about `file` as a whole (no line).
    #[track_caller]
    pub fn expect_warning_in(&self, kind: Kind, file: &str) -> Found {
        self.find(Severity::Warning, kind, file, None)
    }

    /// A warning of `kind` somewhere in `file`, at whatever line.
    #[track_caller]
    pub fn expect_warning_in_file_of(&self, kind: Kind, file: &str) -> Found {
        self.find_anywhere(Severity::Warning, kind, file)
    }

    /// An error of `kind` somewhere in `file`; the content does not load.
    #[track_caller]
    pub fn expect_error_in_file_of(&self, kind: Kind, file: &str) -> Found {
        self.fails();
        self.find_anywhere(Severity::Error, kind, file)
    }

    #[track_caller]
    fn find_anywhere(&self, severity: Severity, kind: Kind, file: &str) -> Found {
        let found = self.diagnostics().iter().find(|d| {
            d.severity == severity && d.kind == kind && slashed(&d.location.file) == file
        });
        match found {
            Some(d) => Found {
                d: d.clone(),
                report: self.report(),
            },
            None => panic!(
                "expected a {severity:?}[{}] in {file} ({} mode), but the run reported:\n{}",
                kind.code(),
                self.mode(),
                self.report()
            ),
        }
    }

    /// How many errors and warnings the run reported.
    #[track_caller]
    pub fn counts(&self, errors: usize, warnings: usize) -> &Checked {
        let d = self.diagnostics();
        assert_eq!(
            (d.errors().count(), d.warnings().count()),
            (errors, warnings),
            "(errors, warnings) of the run; it reported:\n{}",
            self.report()
        );
        self
    }

    #[track_caller]
    fn find(&self, severity: Severity, kind: Kind, file: &str, line: Option<usize>) -> Found {
        let found = self.diagnostics().iter().find(|d| {
            d.severity == severity
                && d.kind == kind
                && slashed(&d.location.file) == file
                && d.line() == line
        });
        let label = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = match line {
            Some(l) => format!("{file}:{l}"),
            None => format!("{file} (no line)"),
        };
        match found {
            Some(d) => Found {
                d: d.clone(),
                report: self.report(),
            },
            None => panic!(
                "expected {label}[{}] at {at} ({} mode), but the run reported:\n{}",
                kind.code(),
                self.mode(),
                self.report()
            ),
        }
    }
}

/// One diagnostic, found; each method checks one more thing about it.
pub struct Found {
    d: Diagnostic,
    report: String,
}

impl Found {
    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\nin this diagnostic:\n{}\n\nthe whole run:\n{}",
            self.d, self.report
        )
    }

    #[track_caller]
    pub fn column(self, column: usize) -> Found {
        if self.d.location.pos.map(|p| p.column) != Some(column) {
            self.fail(&format!("expected column {column}"));
        }
        self
    }

    #[track_caller]
    pub fn message_is(self, text: &str) -> Found {
        if self.d.message != text {
            self.fail(&format!("expected the message {text:?}"));
        }
        self
    }

    #[track_caller]
    pub fn message_contains(self, text: &str) -> Found {
        if !self.d.message.contains(text) {
            self.fail(&format!("expected the message to contain {text:?}"));
        }
        self
    }

    #[track_caller]
    pub fn help_is(self, text: &str) -> Found {
        if self.d.help.as_deref() != Some(text) {
            self.fail(&format!("expected the help {text:?}"));
        }
        self
    }

    #[track_caller]
    pub fn help_contains(self, text: &str) -> Found {
        if !self.d.help.as_deref().unwrap_or("").contains(text) {
            self.fail(&format!("expected the help to contain {text:?}"));
        }
        self
    }

    #[track_caller]
    pub fn help_lacks(self, text: &str) -> Found {
        if self.d.help.as_deref().unwrap_or("").contains(text) {
            self.fail(&format!("expected the help not to contain {text:?}"));
        }
        self
    }

    /// The source line shown under the location.
    #[track_caller]
    pub fn source_line_is(self, text: &str) -> Found {
        if self.d.source_line.as_deref() != Some(text) {
            self.fail(&format!("expected the source line {text:?}"));
        }
        self
    }

    pub fn diagnostic(&self) -> &Diagnostic {
        &self.d
    }
}

/// A built site in a temporary folder.
pub struct BuiltSite {
    _dir: TempDir,
    root: PathBuf,
    pub report: BuildReport,
}

impl BuiltSite {
    /// Build `content` (non-strict or strict); the build must succeed.
    #[track_caller]
    pub fn build(content: &Path, strict: bool) -> BuiltSite {
        let dir = tempfile::Builder::new()
            .prefix("portal-site-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().join("public");
        let mut opts = BuildOptions::new(content, &root);
        opts.strict = strict;
        // A fixed day (a Wednesday before Nauryz 2026), so that "this month" and the
        // tables of due dates do not change the snapshots from one day to the next.
        opts.today = chrono::NaiveDate::from_ymd_opt(2026, 3, 18);
        match generator::build(&opts) {
            Ok(report) => BuiltSite {
                _dir: dir,
                root,
                report,
            },
            Err(e) => panic!(
                "the build of {} should succeed, but:\n{e}",
                content.display()
            ),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A file of the site by its path inside the output folder (`ru/index.html`).
    #[track_caller]
    pub fn file(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| {
            panic!(
                "the site has no {rel} ({e}); it has:\n{}",
                self.files().join("\n")
            )
        })
    }

    /// A page by its URL path (`/ru/services/dormitory/`).
    #[track_caller]
    pub fn page(&self, url: &str) -> Page {
        Page {
            url: url.to_string(),
            html: self.file(&url_to_file(url)),
        }
    }

    /// Whether the site has the file a URL path stands for.
    pub fn has(&self, url: &str) -> bool {
        self.root.join(url_to_file(url)).is_file()
    }

    /// Every file of the site, relative, with `/`, sorted.
    pub fn files(&self) -> Vec<String> {
        read_tree(&self.root).into_keys().collect()
    }

    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }
}

/// The file a URL path is served from: `/ru/` → `ru/index.html`.
pub fn url_to_file(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// One HTML page of a built site.
pub struct Page {
    pub url: String,
    pub html: String,
}

impl Page {
    #[track_caller]
    pub fn contains(&self, text: &str) -> &Page {
        assert!(
            self.html.contains(text),
            "{} should contain {text:?}, but it is:\n{}",
            self.url,
            self.html
        );
        self
    }

    #[track_caller]
    pub fn lacks(&self, text: &str) -> &Page {
        assert!(
            !self.html.contains(text),
            "{} should not contain {text:?}, but it is:\n{}",
            self.url,
            self.html
        );
        self
    }

    /// Some element matches the CSS selector: attributes are matched whatever their
    /// order in the markup, e.g. `div.notice[role="note"][data-pagefind-ignore]`.
    #[track_caller]
    pub fn has(&self, selector: &str) -> &Page {
        assert!(
            !self.select(selector).is_empty(),
            "{} should have an element {selector}, but it is:\n{}",
            self.url,
            self.html
        );
        self
    }

    /// No element matches the CSS selector.
    #[track_caller]
    pub fn has_no(&self, selector: &str) -> &Page {
        assert!(
            self.select(selector).is_empty(),
            "{} should have no element {selector}, but it is:\n{}",
            self.url,
            self.html
        );
        self
    }

    /// Some element matching the CSS selector has exactly this text (whitespace
    /// collapsed).
    #[track_caller]
    pub fn has_text(&self, selector: &str, text: &str) -> &Page {
        let found = self.texts(selector);
        assert!(
            found.iter().any(|t| t == text),
            "{}: no {selector} reads {text:?}; those there read {found:?}",
            self.url
        );
        self
    }

    /// The outer HTML of every element that matches a CSS selector.
    fn select(&self, selector: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(&self.html);
        let sel = scraper::Selector::parse(selector).expect("a valid selector");
        doc.select(&sel).map(|e| e.html()).collect()
    }

    /// The text of every element that matches a CSS selector, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(&self.html);
        let sel = scraper::Selector::parse(selector).expect("a valid selector");
        doc.select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
}
