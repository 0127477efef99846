//! `portal build`: content → pages → a finished folder, swapped in only when complete.

use crate::html::Lx;
use crate::pages::{self, Page};
use crate::templates;
use content_model::{Content, Diagnostics, Lang};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Missing translations are errors (the production build).
    pub strict: bool,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Read templates from this folder instead of the ones built into the binary.
    pub templates: Option<PathBuf>,
    /// Add the live-reload script (`serve` only).
    pub live_reload: bool,
    /// The date the site is built for ("this month", the tables of due dates); `None`
    /// is the build date (see `workplan_views::build_date`).
    pub today: Option<chrono::NaiveDate>,
    /// The reviewers' sign-in page links to Cognito's hosted UI (production) instead of
    /// showing the local accounts' form.
    pub hosted_sign_in: bool,
    /// Build the search index (`/pagefind/`); off only to measure or preview faster.
    pub search: bool,
}

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>, out: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            content: content.into(),
            out: out.into(),
            strict: false,
            base_url: None,
            templates: None,
            live_reload: false,
            today: None,
            hosted_sign_in: false,
            search: true,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: BTreeMap<Lang, usize>,
    /// Pages outside the language folders (the language chooser, the root 404).
    pub other_pages: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// One line for the terminal: pages per language and the time it took.
    pub fn summary(&self) -> String {
        let per: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let warnings = self.warnings.len();
        format!(
            "built {} pages ({}) in {} ms{}",
            self.pages.values().sum::<usize>() + self.other_pages,
            per.join(", "),
            self.elapsed.as_millis(),
            if warnings > 0 {
                format!(
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(Diagnostics),
    #[error("template error: {0}")]
    Template(String),
    #[cfg(feature = "search")]
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A file of the finished site.
#[derive(Clone)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Fingerprinted name for long caching: `style.3f2a9c1b0d.css`.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let loaded = if opts.strict {
        content_model::load_strict(&opts.content)
    } else {
        content_model::load(&opts.content)
    }
    .map_err(BuildError::Content)?;
    let content = loaded.content;
    // Each file is written as soon as it is rendered, not held until the end: a site of
    // 30,000 pages would otherwise keep ~300 MB of HTML in memory.
    let staging = Staging::new(&opts.out)?;
    let counts = Mutex::new((BTreeMap::new(), 0));
    let written = render_site_to(&content, opts, &|f| {
        if f.path.ends_with(".html") {
            let mut counts = counts.lock().expect("not poisoned");
            match Lang::ALL
                .iter()
                .find(|l| f.path.starts_with(&format!("{l}/")))
            {
                Some(l) => *counts.0.entry(*l).or_insert(0) += 1,
                None => counts.1 += 1,
            }
        }
        staging.write(&f)
    });
    if let Err(e) = written {
        staging.abandon();
        return Err(e);
    }
    staging.commit()?;
    let (pages, other_pages) = counts.into_inner().expect("not poisoned");
    Ok(BuildReport {
        pages,
        other_pages,
        elapsed: started.elapsed(),
        warnings: loaded.warnings,
    })
}

/// The templates and the per-language shared values: everything needed to render a
/// page, built once (the functions keep one to render form pages with errors).
pub struct Renderer {
    pub tera: tera::Tera,
    pub commons: BTreeMap<Lang, tera::Value>,
    pub base_url: String,
    pub css_name: String,
}

impl Renderer {
    pub fn new(content: &Content, opts: &BuildOptions) -> Result<Renderer, BuildError> {
        let tera = templates::load(opts.templates.as_deref())?;
        let base_url = opts
            .base_url
            .clone()
            .unwrap_or_else(|| content.site.base_url.clone())
            .trim_end_matches('/')
            .to_string();
        let css_name = format!(
            "assets/{}",
            fingerprint("style.css", crate::assets::STYLE.as_bytes())
        );
        let js_name = format!(
            "assets/{}",
            fingerprint("site.js", crate::assets::SCRIPT.as_bytes())
        );
        let css_href = format!("/{css_name}");
        let js_href = format!("/{js_name}");
        let livereload = opts.live_reload.then_some("/__livereload.js");
        let commons = Lang::ALL
            .iter()
            .map(|l| {
                let v = pages::common(content, *l, &css_href, &js_href, livereload, &base_url);
                (*l, tera::Value::from_serializable(&v))
            })
            .collect();
        Ok(Renderer {
            tera,
            commons,
            base_url,
            css_name,
        })
    }

    /// Render one page; `error` makes the title start with "Error:" in its language.
    pub fn render(&self, p: &Page, error: bool) -> Result<String, String> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("c", self.commons[&p.lang].clone());
        let base_url = &self.base_url;
        let alternates: Vec<serde_json::Value> = Lang::ALL
            .iter()
            .map(|l| {
                let href = p.url_in(*l);
                serde_json::json!({
                    "lang": l.code(),
                    "name": l.native_name(),
                    "href": href,
                    "abs": format!("{base_url}{href}"),
                    "current": *l == p.lang,
                })
            })
            .collect();
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": p.title,
                "description": p.description,
                "kind": p.kind,
                "section": p.section,
                "canonical": format!("{base_url}{}", p.url),
                "alternates": alternates,
                "fallback_notice": p.fallbacks > 0,
                "error": error,
                "search": crate::pages::SEARCHED.contains(&p.kind),
            }),
        );
        ctx.insert_value("data", tera::Value::from_serializable(&p.data));
        self.tera
            .render(p.template, &ctx)
            .map_err(|e| format!("{} ({}): {}", p.template, p.url, templates::describe(&e)))
    }
}

/// Render every file of the site, handing each to `emit` as soon as it is ready (from
/// several threads). Only the pages something later needs are kept: those the search
/// index reads, and the Kazakh 404 page the root one copies.
pub fn render_site_to(
    content: &Content,
    opts: &BuildOptions,
    emit: &(dyn Fn(OutFile) -> Result<(), BuildError> + Sync),
) -> Result<(), BuildError> {
    let renderer = Renderer::new(content, opts)?;
    let base_url = renderer.base_url.clone();
    emit(OutFile {
        path: renderer.css_name.clone(),
        bytes: crate::assets::STYLE.as_bytes().to_vec(),
    })?;
    emit(OutFile {
        path: format!(
            "assets/{}",
            fingerprint("site.js", crate::assets::SCRIPT.as_bytes())
        ),
        bytes: crate::assets::SCRIPT.as_bytes().to_vec(),
    })?;
    let today = opts.today.unwrap_or_else(crate::workplan_views::build_date);
    #[cfg(feature = "search")]
    let indexed = opts.search;
    #[cfg(not(feature = "search"))]
    let indexed = false;
    let kept = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    // One language at a time, each page dropped once written: only a third of the
    // pages' data is ever in memory. The sitemap keeps the pages without their data.
    let mut listed = Vec::new();
    for lang in Lang::ALL {
        let pages = pages_for(content, lang, today, opts.hosted_sign_in);
        listed.extend(pages.iter().map(Page::without_data));
        pages.into_par_iter().try_for_each(|p| {
            let html = match renderer.render(&p, false) {
                Ok(html) => html,
                Err(e) => {
                    errors.lock().expect("not poisoned").push(e);
                    return Ok(());
                }
            };
            let file = OutFile {
                path: p.file(),
                bytes: html.into_bytes(),
            };
            let searched = indexed && crate::pages::SEARCHED.contains(&p.kind);
            if searched || file.path == "kk/404.html" {
                kept.lock().expect("not poisoned").push(file.clone());
            }
            emit(file)
        })?;
    }
    let mut errors = errors.into_inner().expect("not poisoned");
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(BuildError::Template(errors.join("\n")));
    }
    let mut kept = kept.into_inner().expect("not poisoned");
    // The index is the same whatever order the threads finished in.
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    let css_href = format!("/{}", renderer.css_name);
    #[cfg(feature = "search")]
    if indexed {
        for f in crate::search::index(&kept)? {
            emit(f)?;
        }
    }
    emit(root_page(content, &renderer.tera, &css_href, &base_url)?)?;
    emit(root_not_found(&kept))?;
    for f in crate::plan_export::files(content, &base_url, today) {
        emit(f)?;
    }
    emit(OutFile {
        path: "sitemap.xml".into(),
        bytes: crate::sitemap::sitemap(&base_url, &listed).into_bytes(),
    })?;
    emit(OutFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {base_url}/sitemap.xml\n"
        )
        .into_bytes(),
    })?;
    Ok(())
}

fn pages_for(
    content: &Content,
    lang: Lang,
    today: chrono::NaiveDate,
    hosted_sign_in: bool,
) -> Vec<Page> {
    let mut out = Vec::new();
    let new = || Lx::new(lang, content);
    out.push(pages::home(&new()));
    out.push(pages::catalogue(&new()));
    out.extend(content.services.iter().map(|s| {
        let mut p = pages::service(&new(), s);
        crate::calculators::add_to_service(&mut p, &new(), s, today);
        p
    }));
    out.push(pages::guides(&new()));
    // Guides are most of a large site: their pages are made in parallel.
    let guides: Vec<Page> = content
        .guides
        .par_iter()
        .filter_map(|g| pages::guide(&new(), g))
        .collect();
    out.extend(guides);
    out.extend(pages::workplan(&new()).map(|mut p| {
        crate::workplan_views::add_nav(&mut p, &new(), today);
        p
    }));
    out.extend(crate::workplan_views::pages(content, lang, today));
    out.push(pages::glossary(&new()));
    out.push(pages::not_found(&new()));
    out.extend(
        content
            .forms
            .iter()
            .map(|f| crate::forms::form_page(&new(), f, None)),
    );
    out.push(crate::forms::status_page(&new(), None));
    out.push(crate::forms::review_login_page(
        &new(),
        false,
        hosted_sign_in,
    ));
    out
}

fn root_page(
    content: &Content,
    tera: &tera::Tera,
    css: &str,
    base_url: &str,
) -> Result<OutFile, BuildError> {
    let langs: Vec<serde_json::Value> = Lang::ALL
        .iter()
        .map(|l| {
            serde_json::json!({
                "lang": l.code(),
                "name": l.native_name(),
                "unit": content.site.organisation.unit.or_empty(*l),
            })
        })
        .collect();
    let title = Lang::ALL
        .iter()
        .map(|l| content.ui.text(*l, "root_title"))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut ctx = tera::Context::new();
    ctx.insert("langs", &langs);
    ctx.insert("title", &title);
    ctx.insert("css", css);
    ctx.insert("base_url", base_url);
    let html = tera
        .render("root.html", &ctx)
        .map_err(|e| BuildError::Template(format!("root.html: {}", templates::describe(&e))))?;
    Ok(OutFile {
        path: "index.html".into(),
        bytes: html.into_bytes(),
    })
}

/// `/404.html` for paths outside any language: the Kazakh page, whose links lead on.
fn root_not_found(files: &[OutFile]) -> OutFile {
    let kk = files
        .iter()
        .find(|f| f.path == "kk/404.html")
        .map(|f| f.bytes.clone())
        .unwrap_or_default();
    OutFile {
        path: "404.html".into(),
        bytes: kk,
    }
}

/// A build's output folder while it is written: a sibling of the real one, swapped in
/// only when complete, so a failed or interrupted build never leaves a half-written
/// site where the old one was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging, BuildError> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        Ok(Staging {
            out: out.to_path_buf(),
            old: parent.join(format!(".{name}.old-{}", std::process::id())),
            dir,
        })
    }

    pub fn write(&self, f: &OutFile) -> Result<(), BuildError> {
        let path = self.dir.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &f.bytes).map_err(io(&path))
    }

    /// Swap the new site in.
    pub fn commit(self) -> Result<(), BuildError> {
        if !self.dir.exists() {
            std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io(&self.out))?;
        }
        std::fs::rename(&self.dir, &self.out).map_err(io(&self.out))?;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io(&self.old))?;
        }
        Ok(())
    }

    /// Leave the old site as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
