//! The generator's integration tests, in one test binary (as mdBook does it): a content
//! folder is made from `tests/fixtures/good/` plus, for the error tests, an overlay from
//! `tests/fixtures/errors/<kind>/`, then checked or built, and the result is described
//! the way an editor would see it.
//!
//! ```text
//! cargo test -p generator --test testsuite
//! INSTA_UPDATE=always cargo test -p generator --test testsuite   # accept new snapshots
//! ```
//!
//! - `helper`: `TestSite`, `Checked`, `Found`, `BuiltSite`, `Page`: the story-like API;
//! - `budgets`: page weights of the real site (gzip sizes of pages, CSS, JavaScript);
//! - `errors`: one test per kind of problem, all problems at once, failed builds;
//! - `pages`: snapshots of each kind of page, plural rules, missing translations;
//! - `latin_edition`: the Kazakh Latin-script edition made from the Kazakh pages;
//! - `links`: every link and anchor of the built site resolves, every page has its
//!   translations (the good fixture and the real `content/`);
//! - `schemas`: the committed JSON Schemas and the `$schema` line of every content file;
//! - `search`: the search bundle (one index per language) and the search box;
//! - `terminology`: the glossary's terms and the variants to avoid;
//! - `translations`: stale and unrecorded translations, their warnings, the page notice
//!   and marking them reviewed.

mod helper;

mod budgets;
mod errors;
mod latin_edition;
mod links;
mod pages;
mod schemas;
mod search;
mod terminology;
mod translations;
