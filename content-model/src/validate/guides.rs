//! Guides: their service, their slugs, and every internal link and anchor in their Markdown.

use super::Validator;
use crate::SERVICE_ANCHORS;
use crate::diagnostic::{Diagnostic, Kind};
use crate::lang::Lang;
use crate::markdown::{self, parse_internal};
use crate::position::{Location, Pos};
use crate::yaml_error::suggest;
use std::path::PathBuf;

impl Validator<'_> {
    pub(super) fn guides(&mut self) {
        let c = self.content;
        let services = self.service_slugs();
        let audiences: Vec<&str> = c.site.audiences.iter().map(|g| g.id.as_str()).collect();
        for g in &c.guides {
            let meta_file = PathBuf::from(format!("guides/{}/guide.yaml", g.slug));
            if let Some(s) = &g.meta.service {
                self.reference(&meta_file, "service", "service", s, &services);
            }
            for (i, a) in g.meta.audiences.iter().enumerate() {
                self.reference(
                    &meta_file,
                    &format!("audiences.{i}"),
                    "audience",
                    a,
                    &audiences,
                );
            }
            for lang in Lang::ALL {
                let file = PathBuf::from(format!("guides/{}/{lang}.md", g.slug));
                let Some(body) = g.bodies.get(&lang) else {
                    self.diags.push(
                        Diagnostic::warning(
                            Kind::MissingTranslation,
                            Location::file(&file),
                            format!("the guide `{}` has no {lang} text", g.slug),
                        )
                        .with_help(format!(
                            "add {} with front matter (title, summary) and the translated text",
                            file.display()
                        )),
                    );
                    continue;
                };
                for link in markdown::links(&body.markdown) {
                    let pos = Pos::new(link.pos.line + body.body_line - 1, link.pos.column);
                    if let Some(problem) = self.check_link(&link.dest, lang) {
                        let full = std::fs::read_to_string(c.root.join(&file)).unwrap_or_default();
                        self.diags.push(
                            Diagnostic::error(
                                Kind::BrokenLink,
                                Location::at(&file, pos),
                                problem.0,
                            )
                            .with_help(problem.1)
                            .with_source(&full),
                        );
                    }
                }
            }
        }
    }

    /// `None` when the link resolves; otherwise what is wrong and what would be right.
    pub(super) fn check_link(&self, dest: &str, lang: Lang) -> Option<(String, String)> {
        let c = self.content;
        if let Some(anchor) = dest.strip_prefix('#') {
            let _ = anchor;
            return None; // same-page anchors are checked in the built site
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            return Some((
                format!("`{dest}` is a site path; internal links are written with @/"),
                "write `@/services/<slug>`, `@/guides/<slug>`, `@/forms/<slug>`, `@/workplan` or `@/glossary`, \
                 optionally with `#anchor`; the build turns it into the right page in each language"
                    .into(),
            ));
        }
        let link = parse_internal(dest)?;
        let kinds = ["services", "guides", "forms", "workplan", "glossary"];
        if !kinds.contains(&link.kind) {
            return Some((
                format!(
                    "`{dest}` points to `{}`, which is not a kind of page",
                    link.kind
                ),
                format!("use one of {}", kinds.map(|k| format!("@/{k}")).join(", ")),
            ));
        }
        let anchors: Vec<String> = match link.kind {
            "services" => SERVICE_ANCHORS.iter().map(|s| s.to_string()).collect(),
            "forms" => vec!["start".to_string()],
            "guides" => link
                .slug
                .and_then(|s| self.pages.guides.get(s))
                .and_then(|g| g.body(lang))
                .map(|(_, b)| b.headings.iter().map(|h| h.id.clone()).collect())
                .unwrap_or_default(),
            "workplan" => c
                .workplan
                .iter()
                .flat_map(|w| {
                    w.sections
                        .iter()
                        .map(|s| format!("section-{}", s.data.number))
                })
                .collect(),
            _ => c.glossary.entries.iter().map(|e| e.id.clone()).collect(),
        };
        if let Some(slug) = link.slug {
            if !self.pages.has(link.kind, slug) {
                let slugs = match link.kind {
                    "services" => self.service_slugs(),
                    "forms" => self.form_slugs(),
                    "guides" => self.guide_slugs(),
                    _ => Vec::new(),
                };
                let allowed: Vec<String> = slugs.iter().map(|s| s.to_string()).collect();
                return Some((
                    format!("`{dest}` points to a page that does not exist"),
                    suggest(slug, &allowed, &link.kind[..link.kind.len() - 1]),
                ));
            }
        } else if ["services", "guides", "forms"].contains(&link.kind) {
            return Some((
                format!("`{dest}` names no {}", &link.kind[..link.kind.len() - 1]),
                format!("write @/{}/<slug>", link.kind),
            ));
        }
        if let Some(anchor) = link.anchor
            && !anchors.iter().any(|a| a == anchor)
        {
            return Some((
                format!("`{dest}`: the page has no anchor `#{anchor}`"),
                suggest(anchor, &anchors, "anchor"),
            ));
        }
        None
    }
}
