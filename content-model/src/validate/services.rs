//! Services: their references (providers, categories, audiences, forms, guides) and
//! slugs; the providers' ids.

use super::{Validator, check_slug};
use crate::diagnostic::{Diagnostic, Kind};
use std::path::Path;

impl Validator<'_> {
    pub(super) fn services(&mut self) {
        let c = self.content;
        let categories: Vec<&str> = c.site.categories.iter().map(|g| g.id.as_str()).collect();
        let audiences: Vec<&str> = c.site.audiences.iter().map(|g| g.id.as_str()).collect();
        let guides = self.guide_slugs();
        let forms = self.form_slugs();
        let providers: Vec<&str> = c.site.providers.iter().map(|p| p.id.as_str()).collect();
        for s in &c.services {
            let f = s.file.as_path();
            self.reference(f, "provider", "provider", &s.data.provider, &providers);
            self.provider_source(f, &s.data);
            self.reference(f, "category", "category", &s.data.category, &categories);
            for (i, a) in s.data.audiences.iter().enumerate() {
                self.reference(f, &format!("audiences.{i}"), "audience", a, &audiences);
            }
            if let Some(g) = &s.data.guide {
                self.reference(f, "guide", "guide", g, &guides);
            }
            if let Some(apply) = &s.data.apply
                && let Some(form) = &apply.form
            {
                self.reference(f, "apply.form", "form", form, &forms);
            }
            if let Some(cost) = &s.data.cost
                && let Some(form) = &cost.from_form
            {
                self.reference(f, "cost.from_form", "form", form, &forms);
            }
            check_slug(self, f, "slug", &s.slug);
        }
        let site = Path::new("site.yaml");
        self.reference(
            site,
            "organisation.provider",
            "provider",
            &c.site.organisation.provider,
            &providers,
        );
        self.duplicates(
            "the provider id",
            c.site
                .providers
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), site, format!("providers.{i}.id"))),
        );
        self.duplicates(
            "the slug",
            c.services
                .iter()
                .map(|s| (s.slug.clone(), s.file.as_path(), "slug".to_string())),
        );
    }

    /// A service from one source document provided by an organisation from another is
    /// most likely a student sent to the wrong office.
    fn provider_source(&mut self, f: &Path, s: &crate::service::Service) {
        let Some(p) = self.content.provider(&s.provider) else {
            return;
        };
        if let (Some(service), Some(provider)) = (&s.source, &p.source)
            && service != provider
        {
            let (id, service, provider) = (p.id.clone(), service.clone(), provider.clone());
            self.push_at(f, "provider", |loc| {
                Diagnostic::warning(
                    Kind::InvalidValue,
                    loc,
                    format!("this service comes from source {service}, but its provider `{id}` from source {provider}"),
                )
                .with_help("name the provider the service's source names: its page shows that provider's contacts")
            });
        }
    }
}
