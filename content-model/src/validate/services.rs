//! Services: their references (categories, audiences, forms, guides) and slugs.

use super::{Validator, check_slug};

impl Validator<'_> {
    pub(super) fn services(&mut self) {
        let c = self.content;
        let categories: Vec<&str> = c.site.categories.iter().map(|g| g.id.as_str()).collect();
        let audiences: Vec<&str> = c.site.audiences.iter().map(|g| g.id.as_str()).collect();
        let guides = self.guide_slugs();
        let forms = self.form_slugs();
        for s in &c.services {
            let f = s.file.as_path();
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
        self.duplicates(
            "the slug",
            c.services
                .iter()
                .map(|s| (s.slug.clone(), s.file.as_path(), "slug".to_string())),
        );
    }
}
