//! The site generator: renders `content/` into the trilingual static site.
//! The `portal` binary (src/main.rs) is a thin command line over this library.

pub mod assets;
pub mod build;
pub mod calculators;
pub mod dates;
pub mod forms;
mod guide_body;
pub mod html;
pub mod http_server;
pub mod pages;
pub mod plan_export;
#[cfg(feature = "search")]
pub mod search;
pub mod serve;
mod sitemap;
pub mod templates;
pub mod workplan_views;

pub use build::{BuildError, BuildOptions, BuildReport, build};
