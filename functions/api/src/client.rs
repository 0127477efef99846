//! Who is asking, as far as the server can tell: the connection's peer (the local
//! listener records it), or behind API Gateway the source address it verified (the
//! `aws` crate's Lambda wiring puts it in the same place).

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use std::net::SocketAddr;

/// The client, for the per-client throttle. Never `X-Forwarded-For`: its first entry is
/// whatever the client wrote, so trusting it would let anyone pick a fresh key for
/// every guess.
pub fn client_key(parts: &Parts) -> String {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    format!(
        "client:{}",
        peer.map(|p| p.ip().to_string()).unwrap_or_default()
    )
}
