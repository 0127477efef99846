//! The content as the API answers with it.

use content_model::form::Form;
use content_model::working_days::Calendar;
use content_model::{Content, Entry, Lang};
use views::{Page, RenderOptions, Renderer, TemplateError, Words};

/// The content as the API answers with it: the forms it validates against, the texts of
/// its pages and messages, the templates, the calendar of working days. Read at start;
/// `portal serve` replaces it after every edit that builds ([`App::replace_site`]).
pub struct Site {
    pub content: Content,
    pub renderer: Renderer,
    pub calendar: Calendar,
}

impl Site {
    pub fn new(content: Content, render: &RenderOptions) -> Result<Site, TemplateError> {
        let renderer = Renderer::new(&content, render)?;
        let calendar = Calendar::new(&content.holidays);
        Ok(Site {
            content,
            renderer,
            calendar,
        })
    }

    pub fn words(&self, lang: Lang) -> Words<'_> {
        Words::new(lang, &self.content)
    }

    pub fn form(&self, slug: &str) -> Option<&Entry<Form>> {
        self.content.form(slug)
    }

    /// A page as HTML — a Kazakh one in the Latin-script edition when the request asked
    /// for it ([`crate::latin_edition`]); a template that fails (only an edited one can)
    /// gives a page saying so rather than no answer.
    pub fn render(&self, page: &Page, error: bool) -> String {
        let html = if page.lang == Lang::Kk && crate::latin_edition::asked() {
            self.renderer.render_latin(page, error)
        } else {
            self.renderer.render(page, error)
        };
        html.unwrap_or_else(|e| {
            tracing::error!(error = %e, "a page could not be rendered");
            format!(
                "<!DOCTYPE html><title>Error</title><p>{}</p>",
                views::words::escape(&e.0)
            )
        })
    }
}
