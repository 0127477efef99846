//! The reviewer's cookies: the token after sign-in, and (production only) the hosted
//! sign-in's flow between its two steps. Over HTTPS they carry the `__Host-` prefix: a
//! browser takes such a cookie only from this host, over HTTPS, for the whole site, so
//! no other subdomain of the same site can set or shadow it. The local server speaks
//! plain HTTP on 127.0.0.1, where the prefix cannot be used: its cookie keeps the plain
//! name and the API's path.

use views::urls;

/// The reviewer cookies of a server that sets them `Secure` (HTTPS) or not.
#[derive(Debug, Clone, Copy)]
pub struct ReviewerCookies {
    pub secure: bool,
}

/// The hosted sign-in's flow cookie: production only, so always `__Host-`.
pub const FLOW: &str = "__Host-portal_review_flow";

impl ReviewerCookies {
    /// The token cookie's name (what CloudFront copies into `Authorization`).
    pub fn token_name(self) -> &'static str {
        if self.secure {
            "__Host-portal_review"
        } else {
            "portal_review"
        }
    }

    fn attributes(self) -> String {
        if self.secure {
            "Path=/; HttpOnly; Secure".to_string()
        } else {
            format!("Path={}; HttpOnly", urls::api::REVIEW_COOKIE_PATH)
        }
    }

    /// `Set-Cookie` for the token.
    pub fn token(self, token: &str, same_site: &str, max_age: i64) -> String {
        format!(
            "{}={token}; {}; SameSite={same_site}; Max-Age={max_age}",
            self.token_name(),
            self.attributes()
        )
    }

    /// `Set-Cookie` that removes the token.
    pub fn clear_token(self) -> String {
        format!(
            "{}=; {}; SameSite=Lax; Max-Age=0",
            self.token_name(),
            self.attributes()
        )
    }

    /// `Set-Cookie` for the hosted sign-in's flow (or its removal, with `None`).
    pub fn flow(value: Option<&str>) -> String {
        let (value, max_age) = match value {
            Some(v) => (v, 600),
            None => ("", 0),
        };
        format!("{FLOW}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}")
    }
}
