//! The cookies of the API: the reviewer's token after sign-in, the hosted sign-in's flow
//! between its two steps, and the proof that a draft is this browser's.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

/// The bearer token, or the cookie `name`'s.
pub fn token_from(headers: &HeaderMap, name: &str) -> Option<String> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    get(headers, name)
}

/// A cookie's value.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Add a `Set-Cookie` to an answer.
pub fn set(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}
