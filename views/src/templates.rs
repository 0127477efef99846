//! The Tera templates: built into the binary, or read from a folder (`serve` reads
//! `views/templates/` so that editing a template reloads the page).

use std::path::Path;

/// A template that does not compile or does not render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template error: {0}")]
pub struct TemplateError(pub String);

const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("home.html", include_str!("../templates/home.html")),
    (
        "catalogue.html",
        include_str!("../templates/catalogue.html"),
    ),
    ("service.html", include_str!("../templates/service.html")),
    ("guides.html", include_str!("../templates/guides.html")),
    ("guide.html", include_str!("../templates/guide.html")),
    ("workplan.html", include_str!("../templates/workplan.html")),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("_errors.html", include_str!("../templates/_errors.html")),
    ("_rounds.html", include_str!("../templates/_rounds.html")),
    (
        "review-report.html",
        include_str!("../templates/review-report.html"),
    ),
    (
        "review-trail.html",
        include_str!("../templates/review-trail.html"),
    ),
    (
        "_plan_views.html",
        include_str!("../templates/_plan_views.html"),
    ),
    (
        "_fee_calculator.html",
        include_str!("../templates/_fee_calculator.html"),
    ),
    (
        "_due_calculator.html",
        include_str!("../templates/_due_calculator.html"),
    ),
    ("form.html", include_str!("../templates/form.html")),
    ("check.html", include_str!("../templates/check.html")),
    ("done.html", include_str!("../templates/done.html")),
    ("status.html", include_str!("../templates/status.html")),
    ("message.html", include_str!("../templates/message.html")),
    (
        "review-login.html",
        include_str!("../templates/review-login.html"),
    ),
    (
        "review-queue.html",
        include_str!("../templates/review-queue.html"),
    ),
    (
        "review-detail.html",
        include_str!("../templates/review-detail.html"),
    ),
];

/// The templates, from `dir` where it has them (a missing one is the built-in one).
pub fn load(dir: Option<&Path>) -> Result<tera::Tera, TemplateError> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let sources: Vec<(String, String)> = match dir {
        None => BUILT_IN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect(),
        Some(dir) => BUILT_IN
            .iter()
            .map(|(n, builtin)| {
                let text =
                    std::fs::read_to_string(dir.join(n)).unwrap_or_else(|_| builtin.to_string());
                (n.to_string(), text)
            })
            .collect(),
    };
    tera.add_raw_templates(sources)
        .map_err(|e| TemplateError(describe(&e)))?;
    Ok(tera)
}

/// Tera's error with its causes, on one line each.
pub fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    msg
}
