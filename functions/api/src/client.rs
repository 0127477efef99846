//! Who is asking, as far as the server can tell: the language they read (`?lang=`), and
//! where they are — the connection's peer (the local listener records it), or behind API
//! Gateway the source address it verified (the `aws` crate's Lambda wiring puts it in
//! the same place).

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use content_model::Lang;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};

/// `?lang=kk|ru|en`, as every page link of the API carries it.
#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

impl LangQuery {
    /// The language asked for, or the default one.
    pub fn lang(&self) -> Lang {
        Lang::or_default(self.lang.as_deref())
    }

    /// The language a body names, else the query's.
    pub fn or_body(&self, body: Option<&str>) -> Lang {
        Lang::or_default(body.or(self.lang.as_deref()))
    }
}

/// The client, for the per-client throttle. Never `X-Forwarded-For`: its first entry is
/// whatever the client wrote, so trusting it would let anyone pick a fresh key for
/// every guess.
pub fn client_key(parts: &Parts) -> String {
    format!(
        "client:{}",
        client_ip(parts)
            .map(|ip| ip.to_string())
            .unwrap_or_default()
    )
}

/// The client's address as text, for a staff member's line in an audit trail (an
/// applicant's address is never recorded).
pub fn address(parts: &Parts) -> Option<String> {
    client_ip(parts).map(|ip| ip.to_string())
}

/// The client's address, where it is known (the local listener and the Lambda wiring
/// always know it; a test that calls the router directly may not).
pub fn client_ip(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}
