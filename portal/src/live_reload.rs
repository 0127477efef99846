//! Live reload: every open page listens on `/__livereload` (server-sent events) and
//! reloads after a rebuild, or shows the build's error over itself until it is fixed.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

const SCRIPT: &str = include_str!("../assets/livereload.js");

#[derive(Clone, Debug)]
enum Signal {
    Reload,
    Error(String),
}

/// What the open pages are told.
#[derive(Clone)]
pub struct LiveReload {
    tx: broadcast::Sender<Signal>,
    /// The last build's error, shown to pages that connect while it stands.
    last_error: Arc<Mutex<Option<String>>>,
}

impl Default for LiveReload {
    fn default() -> Self {
        LiveReload {
            tx: broadcast::channel(16).0,
            last_error: Arc::new(Mutex::new(None)),
        }
    }
}

impl LiveReload {
    /// A build succeeded: reload.
    pub fn reload(&self) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.tx.send(Signal::Reload);
    }

    /// A build failed: show its error.
    pub fn error(&self, text: String) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
        let _ = self.tx.send(Signal::Error(text));
    }

    /// `/__livereload` and `/__livereload.js`.
    pub fn routes(&self) -> Router {
        Router::new()
            .route("/__livereload", get(events))
            .route(
                "/__livereload.js",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                        SCRIPT,
                    )
                }),
            )
            .with_state(self.clone())
    }
}

async fn events(
    State(live): State<LiveReload>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = live
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let first = stream::iter(current.map(|e| Ok(Event::default().event("error-report").data(e))));
    let updates = BroadcastStream::new(live.tx.subscribe()).filter_map(|s| async move {
        match s {
            Ok(Signal::Reload) => Some(Ok(Event::default().event("reload").data("reload"))),
            Ok(Signal::Error(e)) => Some(Ok(Event::default().event("error-report").data(e))),
            Err(_) => None,
        }
    });
    Sse::new(first.chain(updates)).keep_alive(KeepAlive::default())
}
