//! Checks across files, after every file has been read: translations, references,
//! duplicates and links. Each problem points at the key that causes it.

use crate::diagnostic::{Diagnostic, Diagnostics, Kind};
use crate::lang::Lang;
use crate::load::Source;
use crate::markdown::{self, parse_internal};
use crate::notification::PLACEHOLDERS;
use crate::position::{Location, Pos};
use crate::ui::{Message, required_categories};
use crate::yaml_error::suggest;
use crate::{Content, SERVICE_ANCHORS};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub(crate) fn validate(content: &Content, sources: &[Source], diags: &mut Diagnostics) {
    let by_file: HashMap<&Path, &Source> = sources.iter().map(|s| (s.file.as_path(), s)).collect();
    let v = Validator {
        content,
        by_file,
        diags: Vec::new(),
        pages: PageIndex::new(content),
    };
    diags.extend(v.run(sources));
}

struct Validator<'a> {
    content: &'a Content,
    by_file: HashMap<&'a Path, &'a Source>,
    diags: Vec<Diagnostic>,
    pages: PageIndex<'a>,
}

/// The slugs internal links may name, for look-ups in constant time: every guide may
/// link to every other, and a linear search made validation quadratic (a third of a
/// 30,000-page build went to comparing slugs).
struct PageIndex<'a> {
    services: HashSet<&'a str>,
    forms: HashSet<&'a str>,
    guides: HashMap<&'a str, &'a crate::guide::Guide>,
}

impl<'a> PageIndex<'a> {
    fn new(c: &'a Content) -> PageIndex<'a> {
        PageIndex {
            services: c.services.iter().map(|s| s.slug.as_str()).collect(),
            forms: c.forms.iter().map(|s| s.slug.as_str()).collect(),
            guides: c.guides.iter().map(|g| (g.slug.as_str(), g)).collect(),
        }
    }

    fn has(&self, kind: &str, slug: &str) -> bool {
        match kind {
            "services" => self.services.contains(slug),
            "forms" => self.forms.contains(slug),
            "guides" => self.guides.contains_key(slug),
            _ => false,
        }
    }
}

impl<'a> Validator<'a> {
    fn run(mut self, sources: &[Source]) -> Vec<Diagnostic> {
        self.translations(sources);
        self.ui_strings();
        self.guides();
        self.services();
        self.forms();
        self.workplan();
        self.glossary();
        self.holidays();
        self.notifications();
        self.diags
    }

    /// A diagnostic at `path` inside `file`, with its source line.
    fn at(&self, file: &Path, path: &str, d: impl FnOnce(Location) -> Diagnostic) -> Diagnostic {
        match self.by_file.get(file) {
            Some(src) => src.diag(d(src.locate(path))),
            None => d(Location::file(file)),
        }
    }

    fn push_at(&mut self, file: &Path, path: &str, d: impl FnOnce(Location) -> Diagnostic) {
        let d = self.at(file, path, d);
        self.diags.push(d);
    }

    fn reference(&mut self, file: &Path, path: &str, what: &str, value: &str, known: &[&str]) {
        if known.contains(&value) {
            return;
        }
        let allowed: Vec<String> = known.iter().map(|s| s.to_string()).collect();
        let help = if allowed.is_empty() {
            format!("there is no {what} yet; add one first")
        } else {
            suggest(value, &allowed, what)
        };
        self.push_at(file, path, |loc| {
            Diagnostic::error(
                Kind::UnknownReference,
                loc,
                format!("there is no {what} `{value}`"),
            )
            .with_help(help)
        });
    }

    fn duplicates<'s>(
        &mut self,
        what: &str,
        items: impl IntoIterator<Item = (String, &'s Path, String)>,
    ) {
        let mut seen: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (key, file, path) in items {
            if let Some((first_file, first_path)) = seen.get(&key) {
                let first = self.locate(first_file, first_path);
                self.push_at(file, &path, |loc| {
                    Diagnostic::error(
                        Kind::DuplicateSlug,
                        loc,
                        format!("{what} `{key}` is used twice (first at {first})"),
                    )
                    .with_help(format!("change one of them: {what} must be unique"))
                });
            } else {
                seen.insert(key, (file.to_path_buf(), path));
            }
        }
    }

    fn translations(&mut self, sources: &[Source]) {
        for src in sources {
            // UI catalogues are checked key by key across languages instead.
            if src.file.starts_with("i18n") {
                continue;
            }
            for (path, pos, missing) in src.spans.incomplete_translations() {
                let key = if path.is_empty() { "(top)" } else { path };
                let langs: Vec<&str> = missing.iter().map(|l| l.code()).collect();
                let loc = Location::at(
                    &src.file,
                    Pos::new(pos.line + src.first_line - 1, pos.column),
                );
                let d = Diagnostic::warning(
                    Kind::MissingTranslation,
                    loc,
                    format!("`{key}` has no {} translation", langs.join(", ")),
                )
                .with_help(format!(
                    "add {} under `{key}`; until then pages show another language with a notice",
                    langs
                        .iter()
                        .map(|l| format!("`{l}: …`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ));
                self.diags.push(src.diag(d));
            }
        }
    }

    fn ui_strings(&mut self) {
        let ui = &self.content.ui;
        for lang in Lang::ALL {
            let file = PathBuf::from(format!("i18n/{lang}.yaml"));
            if !ui.catalogs.contains_key(&lang) {
                continue;
            }
            for key in ui.missing_keys(lang) {
                let d = Diagnostic::warning(
                    Kind::MissingTranslation,
                    Location::file(&file),
                    format!("the interface string `{key}` has no {lang} translation"),
                )
                .with_help(format!("add `{key}: …` to {}", file.display()));
                self.diags.push(d);
            }
            for (key, msg) in &ui.catalogs[&lang] {
                if let Message::Plural(forms) = msg {
                    let have = [
                        ("one", forms.one.is_some()),
                        ("few", forms.few.is_some()),
                        ("many", forms.many.is_some()),
                    ];
                    for need in required_categories(lang) {
                        if have.iter().any(|(n, present)| n == need && !present) {
                            self.push_at(&file, key, |loc| {
                                Diagnostic::warning(
                                    Kind::MissingKey,
                                    loc,
                                    format!(
                                        "`{key}` has no `{need}` plural form, which {lang} needs"
                                    ),
                                )
                                .with_help(format!(
                                    "{lang} uses the forms {}",
                                    required_categories(lang).join(", ")
                                ))
                            });
                        }
                    }
                }
            }
        }
    }

    fn locate(&self, file: &Path, path: &str) -> Location {
        match self.by_file.get(file) {
            Some(src) => src.locate(path),
            None => Location::file(file),
        }
    }

    fn service_slugs(&self) -> Vec<&'a str> {
        self.content
            .services
            .iter()
            .map(|s| s.slug.as_str())
            .collect()
    }
    fn form_slugs(&self) -> Vec<&'a str> {
        self.content.forms.iter().map(|s| s.slug.as_str()).collect()
    }
    fn guide_slugs(&self) -> Vec<&'a str> {
        self.content
            .guides
            .iter()
            .map(|s| s.slug.as_str())
            .collect()
    }

    fn services(&mut self) {
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

    fn guides(&mut self) {
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
    fn check_link(&self, dest: &str, lang: Lang) -> Option<(String, String)> {
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

    fn forms(&mut self) {
        let c = self.content;
        let services = self.service_slugs();
        for form in &c.forms {
            let f = form.file.as_path();
            let d = &form.data;
            self.reference(f, "service", "service", &d.service, &services);
            check_slug(self, f, "slug", &form.slug);
            let names: Vec<&str> = d.fields().map(|x| x.name.as_str()).collect();
            for (i, key) in d.applicant_key.iter().enumerate() {
                self.reference(f, &format!("applicant_key.{i}"), "field", key, &names);
            }
            let mut seen = Vec::new();
            for (si, section) in d.sections.iter().enumerate() {
                for (fi, field) in section.fields.iter().enumerate() {
                    let path = format!("sections.{si}.fields.{fi}");
                    seen.push((field.name.clone(), f, format!("{path}.name")));
                    if !field
                        .name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                        || field.name.is_empty()
                    {
                        self.push_at(f, &format!("{path}.name"), |loc| {
                            Diagnostic::error(
                                Kind::InvalidValue,
                                loc,
                                format!(
                                    "the field name `{}` has characters a form cannot send safely",
                                    field.name
                                ),
                            )
                            .with_help(
                                "use lowercase Latin letters, digits and `_`, e.g. `full_name`",
                            )
                        });
                    }
                    let needs_options = matches!(
                        field.kind,
                        crate::form::FieldType::Choice | crate::form::FieldType::Select
                    );
                    if needs_options && field.options.is_empty() {
                        self.push_at(f, &path, |loc| {
                            Diagnostic::error(
                                Kind::MissingKey,
                                loc,
                                format!("the choice field `{}` has no options", field.name),
                            )
                            .with_help("add `options:` with a `value` and `label` for each choice")
                        });
                    }
                    self.duplicates(
                        "the option value",
                        field.options.iter().enumerate().map(|(oi, o)| {
                            (o.value.clone(), f, format!("{path}.options.{oi}.value"))
                        }),
                    );
                    if let Some(p) = &field.pattern
                        && regex::Regex::new(&format!("^(?:{})$", p.regex)).is_err()
                    {
                        self.push_at(f, &format!("{path}.pattern.regex"), |loc| {
                            Diagnostic::error(
                                Kind::InvalidValue,
                                loc,
                                "this pattern is not a valid regular expression",
                            )
                            .with_help(
                                "check the brackets and escapes; test it on an example answer",
                            )
                        });
                    }
                    if let Some(cond) = &field.show_if {
                        self.reference(
                            f,
                            &format!("{path}.show_if.field"),
                            "field",
                            &cond.field,
                            &names,
                        );
                        if let Some(other) = d.field(&cond.field) {
                            let values: Vec<&str> =
                                other.options.iter().map(|o| o.value.as_str()).collect();
                            for (vi, v) in cond.is.iter().enumerate() {
                                self.reference(
                                    f,
                                    &format!("{path}.show_if.is.{vi}"),
                                    "option",
                                    v,
                                    &values,
                                );
                            }
                            for (vi, v) in cond.is_not.iter().enumerate() {
                                self.reference(
                                    f,
                                    &format!("{path}.show_if.is_not.{vi}"),
                                    "option",
                                    v,
                                    &values,
                                );
                            }
                        }
                    }
                }
            }
            self.duplicates(
                "the field name",
                seen.iter().map(|(a, b, c)| (a.clone(), *b, c.clone())),
            );
        }
        self.duplicates(
            "the slug",
            c.forms
                .iter()
                .map(|s| (s.slug.clone(), s.file.as_path(), "slug".to_string())),
        );
    }

    fn workplan(&mut self) {
        let Some(plan) = &self.content.workplan else {
            return;
        };
        let units: Vec<&str> = self
            .content
            .glossary
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        if plan.meta.first_year().is_none() {
            let year = plan.meta.academic_year.clone();
            self.push_at(Path::new("workplan/plan.yaml"), "academic_year", |loc| {
                Diagnostic::error(
                    Kind::InvalidValue,
                    loc,
                    format!("`{year}` is not an academic year"),
                )
                .with_help("write the two calendar years it spans, e.g. `academic_year: 2025-2026`")
            });
        }
        let mut numbers = Vec::new();
        for entry in &plan.sections {
            let section = &entry.data;
            let f = entry.file.clone();
            numbers.push((section.number.to_string(), f.clone(), "number".to_string()));
            if let Some(u) = &section.unit {
                self.reference(&f, "unit", "glossary entry", u, &units);
            }
            for (ri, row) in section.rows.iter().enumerate() {
                for (ui, u) in row.units.iter().enumerate() {
                    self.reference(
                        &f,
                        &format!("rows.{ri}.units.{ui}"),
                        "glossary entry",
                        u,
                        &units,
                    );
                }
            }
            self.duplicates(
                "the row number",
                section
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(ri, r)| (r.no.to_string(), f.as_path(), format!("rows.{ri}.no")))
                    .collect::<Vec<_>>(),
            );
        }
        self.duplicates(
            "the section number",
            numbers
                .iter()
                .map(|(a, b, c)| (a.clone(), b.as_path(), c.clone()))
                .collect::<Vec<_>>(),
        );
    }

    fn glossary(&mut self) {
        let f = Path::new("glossary.yaml");
        let entries = &self.content.glossary.entries;
        self.duplicates(
            "the id",
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), f, format!("entries.{i}.id"))),
        );
    }

    fn holidays(&mut self) {
        for y in &self.content.holidays {
            let file = PathBuf::from(format!("holidays/{}.yaml", y.year));
            use chrono::Datelike;
            for (i, d) in y.days_off.iter().enumerate() {
                if d.date.year() != y.year {
                    let year = y.year;
                    self.push_at(&file, &format!("days_off.{i}.date"), |loc| {
                        Diagnostic::error(
                            Kind::InvalidValue,
                            loc,
                            format!("{} is not in {year}", d.date),
                        )
                        .with_help(format!("move it to holidays/{}.yaml", d.date.year()))
                    });
                }
            }
            self.duplicates(
                "the date",
                y.days_off
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        (
                            d.date.to_string(),
                            file.as_path(),
                            format!("days_off.{i}.date"),
                        )
                    })
                    .collect::<Vec<_>>(),
            );
        }
    }

    fn notifications(&mut self) {
        let f = Path::new("notifications.yaml");
        for (event, t) in &self.content.notifications.events {
            for (part, text) in [
                ("email_subject", &t.email_subject),
                ("email_body", &t.email_body),
                ("sms", &t.sms),
            ] {
                for lang in Lang::ALL {
                    let Some(s) = text.exact(lang) else { continue };
                    for name in crate::placeholders::names(s) {
                        if !PLACEHOLDERS.contains(&name) {
                            let allowed: Vec<String> =
                                PLACEHOLDERS.iter().map(|p| p.to_string()).collect();
                            let path = format!("events.{}.{part}.{lang}", event.as_str());
                            self.push_at(f, &path, |loc| {
                                Diagnostic::error(
                                    Kind::UnknownReference,
                                    loc,
                                    format!("the placeholder `{{{name}}}` is not one the portal fills in"),
                                )
                                .with_help(suggest(name, &allowed, "placeholder"))
                            });
                        }
                    }
                }
            }
        }
    }
}

fn check_slug(v: &mut Validator<'_>, file: &Path, path: &str, slug: &str) {
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        v.push_at(file, path, |loc| {
            Diagnostic::error(
                Kind::InvalidValue,
                loc,
                format!("`{slug}` cannot be used in a web address"),
            )
            .with_help("use lowercase Latin letters, digits and `-`, e.g. `dormitory-place` (rename the file or set `slug:`)")
        });
    }
}
