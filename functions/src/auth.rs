//! Reviewer sign-in. Every reviewer route requires a token whose `groups` claim holds
//! `reviewers`. Locally the portal signs its own tokens (HS256) for accounts from local
//! configuration; in production Cognito issues them, API Gateway verifies the signature,
//! and the function checks the group claim again.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const GROUP: &str = "reviewers";
pub const COOKIE: &str = "portal_review";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    #[serde(default, rename = "cognito:groups")]
    pub groups: Vec<String>,
    pub exp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("no token")]
    Missing,
    #[error("the token is malformed")]
    Malformed,
    #[error("the token's signature is wrong")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the user is not a reviewer")]
    NotReviewer,
}

fn sign(secret: &[u8], input: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A signed HS256 JWT for a local reviewer.
pub fn issue(secret: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
    let input = format!("{header}.{payload}");
    let sig = sign(secret, &input);
    format!("{input}.{sig}")
}

fn decode_claims(payload: &str) -> Result<Claims, AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| AuthError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| AuthError::Malformed)
}

fn check(claims: Claims, now: i64) -> Result<Claims, AuthError> {
    if claims.exp <= now {
        return Err(AuthError::Expired);
    }
    if !claims.groups.iter().any(|g| g == GROUP) {
        return Err(AuthError::NotReviewer);
    }
    Ok(claims)
}

/// Verify a locally issued token.
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<Claims, AuthError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthError::Malformed);
    };
    let header = URL_SAFE_NO_PAD
        .decode(h)
        .map_err(|_| AuthError::Malformed)?;
    if !String::from_utf8_lossy(&header).contains("\"HS256\"") {
        return Err(AuthError::Malformed);
    }
    let expected = sign(secret, &format!("{h}.{p}"));
    let same = expected.len() == s.len()
        && expected
            .bytes()
            .zip(s.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err(AuthError::BadSignature);
    }
    check(decode_claims(p)?, now)
}

/// Claims of a token API Gateway has already verified (production): only the payload
/// is read, and the group is checked again here.
pub fn verified_by_gateway(token: &str, now: i64) -> Result<Claims, AuthError> {
    let payload = token.split('.').nth(1).ok_or(AuthError::Malformed)?;
    check(decode_claims(payload)?, now)
}

/// Local reviewer accounts: `name:password` lines (from `PORTAL_REVIEWERS`, or the
/// file the local server creates on first start).
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    accounts: Vec<(String, String)>,
}

impl Accounts {
    pub fn parse(text: &str) -> Accounts {
        Accounts {
            accounts: text
                .split([',', '\n'])
                .filter_map(|l| l.trim().split_once(':'))
                .map(|(u, p)| (u.trim().to_string(), p.trim().to_string()))
                .filter(|(u, p)| !u.is_empty() && !p.is_empty())
                .collect(),
        }
    }

    pub fn check(&self, user: &str, password: &str) -> bool {
        // Compare every account in full, so timing says nothing about which part was wrong.
        self.accounts.iter().fold(false, |found, (u, p)| {
            let same = u.len() == user.len()
                && p.len() == password.len()
                && u.bytes()
                    .zip(user.bytes())
                    .chain(p.bytes().zip(password.bytes()))
                    .fold(0u8, |a, (x, y)| a | (x ^ y))
                    == 0;
            found | same
        })
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(groups: &[&str], exp: i64) -> Claims {
        Claims {
            sub: "aigerim".into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            exp,
        }
    }

    #[test]
    fn a_signed_reviewer_token_is_accepted_until_it_expires() {
        let t = issue(b"k", &claims(&["reviewers"], 100));
        assert_eq!(verify(b"k", &t, 50).unwrap().sub, "aigerim");
        assert_eq!(verify(b"k", &t, 100), Err(AuthError::Expired));
    }

    #[test]
    fn wrong_signature_wrong_group_and_junk_are_refused() {
        let t = issue(b"k", &claims(&["reviewers"], 100));
        assert_eq!(verify(b"other", &t, 50), Err(AuthError::BadSignature));
        let student = issue(b"k", &claims(&["students"], 100));
        assert_eq!(verify(b"k", &student, 50), Err(AuthError::NotReviewer));
        assert_eq!(verify(b"k", "abc", 50), Err(AuthError::Malformed));
        // A token whose payload was edited keeps its old signature.
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged =
            URL_SAFE_NO_PAD.encode(br#"{"sub":"x","cognito:groups":["reviewers"],"exp":999}"#);
        parts[1] = &forged;
        assert_eq!(
            verify(b"k", &parts.join("."), 50),
            Err(AuthError::BadSignature)
        );
    }

    #[test]
    fn accounts_check_name_and_password() {
        let a = Accounts::parse("reviewer:secret, second:pw2");
        assert!(a.check("reviewer", "secret") && a.check("second", "pw2"));
        assert!(!a.check("reviewer", "pw2") && !a.check("nobody", "secret"));
    }
}
