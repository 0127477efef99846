//! Rendering: content and application data into pages, for the site builder (the static
//! pages) and for the API (the pages with someone's answers), from the same code and
//! templates. Depends on the content model only; knows nothing of stores or HTTP.
//!
//! - [`words`]: a page's words in its language (content texts, UI strings, fallbacks);
//! - [`page`]: a page and its [`page::PageKind`] (template, navigation item, search);
//! - [`pages`]: one builder per kind of page; [`calculators`] add to service pages;
//! - [`urls`]: every address of the site and the API, once;
//! - [`renderer`], [`templates`], [`assets`], [`layout`]: turning a page into HTML;
//! - [`edition`], [`latin_edition`]: the site's editions, and a Kazakh page in the Latin
//!   alphabet (`/kk-latn/`).

mod answers;
pub mod assets;
pub mod calculators;
pub mod csv;
pub mod edition;
pub mod export;
mod format;
mod guide_body;
pub mod latin_edition;
mod layout;
mod page;
pub mod pages;
mod renderer;
pub mod stale_notice;
mod templates;
pub mod urls;
pub mod words;

pub use page::{Page, PageKind};
pub use renderer::{RenderOptions, Renderer};
pub use templates::TemplateError;
pub use words::Words;
