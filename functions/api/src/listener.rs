//! The local server's HTTP/1 listener. `axum::serve` sets no timeouts: a client that
//! sends its request headers a byte at a time (a slow-loris) would hold a connection,
//! and a task, for ever. Here headers must arrive within `Limits::header_read` (then the
//! connection is closed) and a whole request, body included, is answered within
//! `Limits::request` (408 after that). API Gateway gives production the same bounds.

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::timeout::TimeoutLayer;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time for the request line and headers to arrive.
    pub header_read: Duration,
    /// Time from the headers to the response, reading the body included.
    pub request: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            // Generous: a 60 MB upload from a slow phone connection.
            request: Duration::from_secs(120),
        }
    }
}

/// Serve `app` on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = app.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request,
    ));
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors, say: wait a little rather than spin or stop.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        // The peer, for handlers that need it (the status lookups' per-client throttle).
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        ));
        let builder = builder.clone();
        tokio::spawn(async move {
            // A connection's error (reset, timed out headers) concerns it alone.
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
        });
    }
}
