//! `portal serve`: one local server for editors and for trying the forms. It builds the
//! site, serves it with the application API under `/api/`, watches `content/` and the
//! templates, and on every change rebuilds, gives the API the new content and templates
//! (a changed form rule or message applies from the next request), and reloads the open
//! page — or shows the build error over it while the previous site stays served.

use crate::live_reload::LiveReload;
use crate::local_api::{self, LocalError};
use crate::static_files::static_file;
use api::{App, Site};
use axum::body::Body;
use axum::http::Request;
use content_model::{Diagnostics, Loaded};
use generator::{BuildError, BuildOptions};
use notify::RecursiveMode;
use notify_debouncer_full::new_debouncer;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use views::RenderOptions;

pub struct ServeOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Where the local store, uploads and the notification outbox live.
    pub data: PathBuf,
    pub templates: Option<PathBuf>,
    pub host: String,
    pub port: u16,
    /// Load tests only: no per-client limits on applications, drafts and uploads.
    pub no_rate_limits: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the content cannot be loaded:\n{0}")]
    Content(Diagnostics),
    #[error("{0}")]
    Templates(#[from] views::TemplateError),
    #[error("starting the application API: {0}")]
    Api(#[from] LocalError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot watch {path}: {source}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("server error: {0}")]
    Server(std::io::Error),
}

/// What a rebuild needs: how to build, how the API renders, whom to tell.
struct Rebuilder {
    build: BuildOptions,
    render: RenderOptions,
    api: std::sync::Arc<App>,
    live: LiveReload,
}

impl Rebuilder {
    /// Read the content once, build the site from it, and give the same content to the
    /// API; then reload the open pages. On a mistake, nothing changes but the overlay.
    fn rebuild(&self) {
        let started = Instant::now();
        let built = load(&self.build).and_then(|Loaded { content, warnings }| {
            let report = generator::build_content(&content, warnings, &self.build, started)?;
            let site = Site::new(content, &self.render)?;
            Ok((report, site))
        });
        match built {
            Ok((report, site)) => {
                if !report.warnings.is_empty() {
                    eprintln!("{}\n", report.warnings);
                }
                println!("{}", report.summary());
                // The API first: the page that reloads may post to it at once.
                self.api.replace_site(site);
                self.live.reload();
            }
            Err(e) => {
                let text = e.to_string();
                eprintln!("{text}\n\nThe previous build is still being served.");
                self.live.error(text);
            }
        }
    }
}

fn load(opts: &BuildOptions) -> Result<Loaded, BuildError> {
    content_model::load(&opts.content).map_err(BuildError::Content)
}

pub async fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let base_url = format!("http://{}:{}", opts.host, opts.port);
    let mut build = BuildOptions::new(&opts.content, &opts.out);
    build.live_reload = true;
    build.templates = opts.templates.clone();
    build.base_url = Some(base_url.clone());
    // The API's pages: the same templates, without the live-reload script (a page with
    // someone's answers is not reloaded under them).
    let render = RenderOptions {
        base_url: Some(base_url.clone()),
        templates: opts.templates.clone(),
        live_reload: false,
    };
    let first = content_model::load(&opts.content).map_err(ServeError::Content)?;
    let api = local_api::start(
        &opts.data,
        &base_url,
        Site::new(first.content, &render)?,
        !opts.no_rate_limits,
    )?;
    let rebuilder = std::sync::Arc::new(Rebuilder {
        build,
        render,
        api: api.clone(),
        live: LiveReload::default(),
    });
    rebuilder.rebuild();

    // Watch content and templates; rebuild off the async threads.
    let (change_tx, mut change_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut debouncer = new_debouncer(
        Duration::from_millis(15),
        None,
        move |res: notify_debouncer_full::DebounceEventResult| {
            // Reading files (as every build does) raises access events: only changes
            // count, or each build would start the next.
            let changed = res.is_ok_and(|events| {
                events
                    .iter()
                    .any(|e| !matches!(e.kind, notify::EventKind::Access(_)))
            });
            if changed {
                let _ = change_tx.send(());
            }
        },
    )
    .map_err(|source| ServeError::Watch {
        path: opts.content.clone(),
        source,
    })?;
    let mut watched = vec![opts.content.clone()];
    watched.extend(opts.templates.clone());
    for path in &watched {
        debouncer
            .watch(path, RecursiveMode::Recursive)
            .map_err(|source| ServeError::Watch {
                path: path.clone(),
                source,
            })?;
    }
    let watcher = rebuilder.clone();
    tokio::spawn(async move {
        while change_rx.recv().await.is_some() {
            while change_rx.try_recv().is_ok() {}
            let rebuilder = watcher.clone();
            let _ = tokio::task::spawn_blocking(move || rebuilder.rebuild()).await;
        }
    });

    let out = opts.out.clone();
    let app = rebuilder
        .live
        .routes()
        .merge(api::router(api))
        .fallback(move |req: Request<Body>| static_file(out.clone(), req));

    let addr = format!("{}:{}", opts.host, opts.port);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.clone(),
            source,
        })?;
    println!(
        "serving http://{addr}/ (the API under /api/, data in {}); Ctrl+C stops",
        opts.data.display()
    );
    api::listener::run(listener, app, Default::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(ServeError::Server)?;
    drop(debouncer);
    Ok(())
}
