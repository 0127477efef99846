//! Pages to HTML: the templates and the per-language shared values (navigation, contacts,
//! UI strings), made once and used for every page — by the site builder for the static
//! pages and by the API for the pages with someone's answers.

use crate::assets;
use crate::edition;
use crate::latin_edition;
use crate::layout;
use crate::page::Page;
use crate::templates::{self, TemplateError};
use content_model::transliteration::Transliterator;
use content_model::{Content, Lang};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How pages are rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The address the site is published at (canonical URLs, hreflang); without it, the
    /// one in `site.yaml`.
    pub base_url: Option<String>,
    /// Read templates from this folder instead of the ones built into the binary.
    pub templates: Option<PathBuf>,
    /// Add the live-reload script (`portal serve`'s static pages).
    pub live_reload: bool,
}

/// The templates and the per-language shared values: everything needed to render a page.
pub struct Renderer {
    tera: tera::Tera,
    commons: BTreeMap<Lang, tera::Value>,
    base_url: String,
    latin: Transliterator,
}

impl Renderer {
    pub fn new(content: &Content, opts: &RenderOptions) -> Result<Renderer, TemplateError> {
        let tera = templates::load(opts.templates.as_deref())?;
        let base_url = opts
            .base_url
            .clone()
            .unwrap_or_else(|| content.site.base_url.clone())
            .trim_end_matches('/')
            .to_string();
        let css_href = format!("/{}", assets::style_path());
        let js_href = format!("/{}", assets::script_path());
        let livereload = opts.live_reload.then_some("/__livereload.js");
        let commons = Lang::ALL
            .iter()
            .map(|l| {
                let v = layout::common(content, *l, &css_href, &js_href, livereload, &base_url);
                (*l, tera::Value::from_serializable(&v))
            })
            .collect();
        Ok(Renderer {
            tera,
            commons,
            base_url,
            latin: Transliterator::new(&content.latin),
        })
    }

    /// The site's address, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Render one page; `error` makes the title start with "Error:" in its language.
    pub fn render(&self, p: &Page, error: bool) -> Result<String, TemplateError> {
        self.render_edition(p, error, false)
    }

    /// Render a Kazakh page in the Latin-script edition (`/kk-latn/`).
    pub fn render_latin(&self, p: &Page, error: bool) -> Result<String, TemplateError> {
        let html = self.render_edition(p, error, true)?;
        Ok(latin_edition::latin_page(&html, &self.latin))
    }

    fn render_edition(&self, p: &Page, error: bool, latin: bool) -> Result<String, TemplateError> {
        let mut ctx = tera::Context::new();
        if let Some(common) = self.commons.get(&p.lang) {
            ctx.insert_value("c", common.clone());
        }
        let base_url = &self.base_url;
        let alternates: Vec<serde_json::Value> = edition::all()
            .iter()
            .map(|e| {
                let href = p.url_in_edition(e);
                serde_json::json!({
                    "lang": e.tag,
                    "name": e.name,
                    "abs": format!("{base_url}{href}"),
                    "href": href,
                    "current": e.lang == p.lang && e.latin == latin,
                })
            })
            .collect();
        let canonical = if latin {
            p.url_in_latin()
        } else {
            p.url.clone()
        };
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": p.title,
                "description": p.description,
                "kind": p.kind.as_str(),
                "section": p.kind.section(),
                "canonical": format!("{base_url}{canonical}"),
                "alternates": alternates,
                "fallback_notice": p.fallbacks > 0,
                "stale": p.stale.as_ref().map(|n| serde_json::json!({
                    "text": n.text,
                    "link": n.link,
                    "lang": n.source.code(),
                    "href": p.url_in(n.source),
                })),
                "error": error,
                "search": p.kind.is_searched(),
            }),
        );
        ctx.insert_value("data", tera::Value::from_serializable(&p.data));
        let template = p.kind.template();
        self.tera.render(template, &ctx).map_err(|e| {
            TemplateError(format!(
                "{template} ({}): {}",
                p.url,
                templates::describe(&e)
            ))
        })
    }

    /// A Kazakh text in the Latin alphabet, with the content's own spellings.
    pub fn latin_text(&self, text: &str) -> String {
        self.latin.text(text)
    }

    /// Render a template outside the language folders (the root language chooser) with
    /// its own context.
    pub fn render_other(
        &self,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, TemplateError> {
        self.tera
            .render(template, ctx)
            .map_err(|e| TemplateError(format!("{template}: {}", templates::describe(&e))))
    }
}
