//! `portal serve`: one local server for editors and for trying the forms. It builds the
//! site, serves it with the application API under `/api/`, watches `content/` and the
//! templates, rebuilds on change and reloads the open page (or shows the build error
//! over it).

use crate::build::{BuildOptions, build};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use notify::RecursiveMode;
use notify_debouncer_full::new_debouncer;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub struct ServeOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    pub data: PathBuf,
    pub templates: Option<PathBuf>,
    pub host: String,
    pub port: u16,
    /// Served under `/api/`: the application API (the functions' router).
    pub api: Router,
}

#[derive(Clone, Debug)]
enum Signal {
    Reload,
    Error(String),
}

#[derive(Clone)]
struct Shared {
    out: PathBuf,
    tx: broadcast::Sender<Signal>,
    /// The last build's error, shown to pages that connect while it stands.
    last_error: Arc<Mutex<Option<String>>>,
}

const LIVERELOAD_JS: &str = include_str!("../assets/livereload.js");

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
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

fn rebuild(opts: &BuildOptions, shared: &Shared) {
    match build(opts) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprintln!("{}\n", report.warnings);
            }
            println!("{}", report.summary());
            *shared.last_error.lock().expect("not poisoned") = None;
            let _ = shared.tx.send(Signal::Reload);
        }
        Err(e) => {
            let text = e.to_string();
            eprintln!("{text}\n\nThe previous build is still being served.");
            *shared.last_error.lock().expect("not poisoned") = Some(text.clone());
            let _ = shared.tx.send(Signal::Error(text));
        }
    }
}

pub async fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let mut build_opts = BuildOptions::new(&opts.content, &opts.out);
    build_opts.live_reload = true;
    build_opts.templates = opts.templates.clone();
    build_opts.base_url = Some(format!("http://{}:{}", opts.host, opts.port));
    let (tx, _) = broadcast::channel(16);
    let shared = Shared {
        out: opts.out.clone(),
        tx,
        last_error: Arc::new(Mutex::new(None)),
    };
    rebuild(&build_opts, &shared);

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
    let rebuild_shared = shared.clone();
    tokio::spawn(async move {
        while change_rx.recv().await.is_some() {
            while change_rx.try_recv().is_ok() {}
            let opts = build_opts.clone();
            let shared = rebuild_shared.clone();
            let _ = tokio::task::spawn_blocking(move || rebuild(&opts, &shared)).await;
        }
    });

    let app = Router::new()
        .route("/__livereload", get(events))
        .route(
            "/__livereload.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVERELOAD_JS,
                )
            }),
        )
        .with_state(shared.clone())
        .merge(opts.api)
        .fallback(move |req: Request<Body>| static_file(shared.out.clone(), req));

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
    crate::http_server::run(listener, app, Default::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(ServeError::Server)?;
    drop(debouncer);
    Ok(())
}

async fn events(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared.last_error.lock().expect("not poisoned").clone();
    let first = stream::iter(current.map(|e| Ok(Event::default().event("error-report").data(e))));
    let updates = BroadcastStream::new(shared.tx.subscribe()).filter_map(|s| async move {
        match s {
            Ok(Signal::Reload) => Some(Ok(Event::default().event("reload").data("reload"))),
            Ok(Signal::Error(e)) => Some(Ok(Event::default().event("error-report").data(e))),
            Err(_) => None,
        }
    });
    Sse::new(first.chain(updates)).keep_alive(KeepAlive::default())
}

/// Serve a file of the built site; a missing page gets the 404 page of its language.
pub async fn static_file(out: PathBuf, req: Request<Body>) -> Response {
    let path = req.uri().path().to_string();
    let res = ServeDir::new(&out)
        .oneshot(req)
        .await
        .map(IntoResponse::into_response)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    if res.status() != StatusCode::NOT_FOUND {
        let mut res = res;
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return res;
    }
    let lang = ["kk", "ru", "en"]
        .into_iter()
        .find(|l| path.starts_with(&format!("/{l}/")));
    let page = match lang {
        Some(l) => out.join(l).join("404.html"),
        None => out.join("404.html"),
    };
    let body = tokio::fs::read(&page).await.unwrap_or_default();
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
