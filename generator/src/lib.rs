//! The site builder: reads `content/`, makes every static page with `views`, renders and
//! writes them into a folder beside the output, and swaps it in only when complete;
//! then the sitemap, the search index and the work plan's exports.
//!
//! - [`build`]: the whole build (`build`, `build_content`, `render_site_to`);
//! - [`workplan`]: the plan's page, its filtered views and its exports;
//! - [`search`]: the Pagefind index; [`sitemap`]; [`staging`]: the atomic swap.

mod build;
mod error;
mod options;
mod out_file;
mod report;
#[cfg(feature = "search")]
mod search;
mod sitemap;
mod staging;
mod workplan;

pub use build::{build, build_content};
pub use error::BuildError;
pub use options::{BuildOptions, build_date};
pub use report::BuildReport;
