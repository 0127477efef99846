//! `portal build`: content → pages → a finished folder, swapped in only when complete.

use crate::error::BuildError;
use crate::options::BuildOptions;
use crate::out_file::OutFile;
use crate::report::BuildReport;
use crate::staging::Staging;
use crate::workplan;
use content_model::{Content, Diagnostics, Lang};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;
use views::{Page, Renderer, Words, assets, calculators, edition, pages};

/// Read the content folder and build the site from it.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let loaded = if opts.strict {
        content_model::load_strict(&opts.content, opts.stale)
    } else {
        content_model::load(&opts.content)
    }
    .map_err(BuildError::Content)?;
    build_content(&loaded.content, loaded.warnings, opts, started)
}

/// Build the site from content already read (`portal serve` reads it once per change and
/// gives the same to the API).
pub fn build_content(
    content: &Content,
    warnings: Diagnostics,
    opts: &BuildOptions,
    started: Instant,
) -> Result<BuildReport, BuildError> {
    // Each file is written as soon as it is rendered, not held until the end: a site of
    // 30,000 pages would otherwise keep ~300 MB of HTML in memory.
    let staging = Staging::new(&opts.out)?;
    let counts = Mutex::new((BTreeMap::new(), 0));
    let written = render_site_to(content, opts, &|f| {
        if f.path.ends_with(".html") {
            let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
            match edition::all()
                .into_iter()
                .find(|e| f.path.starts_with(&format!("{}/", e.code)))
            {
                Some(e) => *counts.0.entry(e.code.to_owned()).or_insert(0) += 1,
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
    let (pages, other_pages) = counts.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(BuildReport {
        pages,
        other_pages,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Render every file of the site, handing each to `emit` as soon as it is ready (from
/// several threads). Only the pages something later needs are kept: those the search
/// index reads, and the Kazakh 404 page the root one copies.
pub fn render_site_to(
    content: &Content,
    opts: &BuildOptions,
    emit: &(dyn Fn(OutFile) -> Result<(), BuildError> + Sync),
) -> Result<(), BuildError> {
    let renderer = Renderer::new(content, &opts.render_options())?;
    let base_url = renderer.base_url().to_string();
    emit(OutFile {
        path: assets::style_path(),
        bytes: assets::STYLE.as_bytes().to_vec(),
    })?;
    emit(OutFile {
        path: assets::script_path(),
        bytes: assets::SCRIPT.as_bytes().to_vec(),
    })?;
    let today = opts.today();
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
        let write = |p: &Page, latin: bool| {
            let (html, path) = if latin {
                (renderer.render_latin(p, false), p.latin_file())
            } else {
                (renderer.render(p, false), p.file())
            };
            let html = match html {
                Ok(html) => html,
                Err(e) => {
                    errors.lock().unwrap_or_else(|e| e.into_inner()).push(e.0);
                    return Ok(());
                }
            };
            let file = OutFile {
                path,
                bytes: html.into_bytes(),
            };
            let searched = indexed && p.kind.is_searched();
            if searched || file.path == "kk/404.html" {
                kept.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(file.clone());
            }
            emit(file)
        };
        pages.into_par_iter().try_for_each(|p| {
            write(&p, false)?;
            // The Latin-script edition is made from each Kazakh page.
            if lang == Lang::Kk {
                write(&p, true)?;
            }
            Ok::<(), BuildError>(())
        })?;
    }
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(BuildError::Template(errors.join("\n")));
    }
    let mut kept = kept.into_inner().unwrap_or_else(|e| e.into_inner());
    // The index is the same whatever order the threads finished in.
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    #[cfg(feature = "search")]
    if indexed {
        for f in crate::search::index(&kept)? {
            emit(f)?;
        }
    }
    emit(root_page(content, &renderer)?)?;
    emit(root_not_found(&kept))?;
    for f in workplan::export::files(content, &base_url, today) {
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

/// Every page of one language.
fn pages_for(
    content: &Content,
    lang: Lang,
    today: chrono::NaiveDate,
    hosted_sign_in: bool,
) -> Vec<Page> {
    let mut out = Vec::new();
    let new = || Words::new(lang, content);
    out.push(pages::home(&new()));
    out.push(pages::catalogue(&new()));
    out.extend(content.services.iter().map(|s| {
        let mut p = pages::service(&new(), s);
        calculators::add_to_service(&mut p, &new(), s, today);
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
    out.extend(workplan::page(&new(), today));
    out.extend(workplan::filtered_pages(content, lang, today));
    out.push(pages::glossary(&new()));
    out.push(pages::not_found(&new()));
    out.extend(
        content
            .forms
            .iter()
            .map(|f| pages::form_page(&new(), f, None)),
    );
    out.push(pages::status_page(&new(), None));
    out.push(pages::review_login_page(&new(), false, hosted_sign_in));
    out
}

/// `/index.html`: the choice of language.
fn root_page(content: &Content, renderer: &Renderer) -> Result<OutFile, BuildError> {
    // An edition's words: its language's, in Latin letters for the Latin one.
    let spelt = |e: &edition::Edition, text: &str| {
        if e.latin {
            renderer.latin_text(text)
        } else {
            text.to_owned()
        }
    };
    let editions = edition::all();
    let langs: Vec<serde_json::Value> = editions
        .iter()
        .map(|e| {
            serde_json::json!({
                "lang": e.code,
                "tag": e.tag,
                "name": e.name,
                "unit": spelt(e, content.site.organisation.unit.or_empty(e.lang)),
            })
        })
        .collect();
    let title = editions
        .iter()
        .map(|e| spelt(e, &content.ui.text(e.lang, "root_title")))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut ctx = tera::Context::new();
    ctx.insert("langs", &langs);
    ctx.insert("title", &title);
    ctx.insert("css", &format!("/{}", assets::style_path()));
    ctx.insert("base_url", renderer.base_url());
    let html = renderer.render_other("root.html", &ctx)?;
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
