//! Reviewer tokens. Every reviewer route requires a token whose `groups` claim holds
//! `reviewers`. Locally the portal signs its own tokens (HS256 JWTs) for the accounts of
//! local configuration; in production Cognito issues them, API Gateway verifies the
//! signature, and the function checks the group claim again.

use applications::secret::{Secret, same};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

pub const GROUP: &str = "reviewers";
/// Reviewers who may also release and decide what another reviewer has taken.
pub const LEADS: &str = "leads";
/// A group `forms-<slug>` gives a reviewer the applications to that form (dormitory
/// staff do not see school admissions); `forms-all` gives every form, and a lead sees
/// every form too. A reviewer in none of these sees none: access is given, never
/// assumed, so taking a reviewer's last form group away narrows it to nothing.
pub const FORMS_PREFIX: &str = "forms-";
/// The group of reviewers of every form.
pub const ALL_FORMS: &str = "forms-all";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    #[serde(default, rename = "cognito:groups")]
    pub groups: Vec<String>,
    pub exp: i64,
}

impl Claims {
    /// Whether the reviewer is a lead.
    pub fn is_lead(&self) -> bool {
        self.groups.iter().any(|g| g == LEADS)
    }

    /// Whether the reviewer may see the applications to `form`.
    pub fn may_see(&self, form: &str) -> bool {
        self.is_lead()
            || self
                .groups
                .iter()
                .any(|g| g == ALL_FORMS || g.strip_prefix(FORMS_PREFIX).is_some_and(|f| f == form))
    }
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

fn sign(secret: &Secret, input: &str) -> String {
    URL_SAFE_NO_PAD.encode(secret.mac(&[input.as_bytes()]))
}

/// A signed HS256 JWT for a local reviewer.
pub fn issue(secret: &Secret, claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    // Strings and a number: serialising cannot fail.
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
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
pub fn verify(secret: &Secret, token: &str, now: i64) -> Result<Claims, AuthError> {
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
    if !same(expected.as_bytes(), s.as_bytes()) {
        return Err(AuthError::BadSignature);
    }
    check(decode_claims(p)?, now)
}

/// The claims API Gateway's JWT authorizer verified, as it hands them to the function
/// in the request's context (`requestContext.authorizer.jwt.claims`: every value a
/// string, a list written `[a b]`). The `aws` crate's Lambda wiring puts them in the
/// request's extensions; nothing else can, so a route that API Gateway does not guard
/// with the authorizer has none and is refused, whatever token the request carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayClaims(pub std::collections::HashMap<String, String>);

impl GatewayClaims {
    /// The reviewer these claims name, if the token is still valid and of the group.
    pub fn reviewer(&self, now: i64) -> Result<Claims, AuthError> {
        let get = |k: &str| self.0.get(k).map(String::as_str);
        let sub = get("sub").ok_or(AuthError::Malformed)?.to_string();
        let exp = get("exp")
            .and_then(|e| e.trim().parse::<f64>().ok())
            .ok_or(AuthError::Malformed)? as i64;
        let groups = get("cognito:groups")
            .unwrap_or("")
            .trim_matches(['[', ']'])
            .split([' ', ','])
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect();
        check(Claims { sub, groups, exp }, now)
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
    fn the_gateways_claims_are_read_as_api_gateway_writes_them() {
        let claims = |groups: &str, exp: &str| {
            GatewayClaims(
                [("sub", "r-1"), ("cognito:groups", groups), ("exp", exp)]
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .into(),
            )
        };
        assert_eq!(
            claims("[staff reviewers]", "100").reviewer(50).unwrap().sub,
            "r-1"
        );
        assert_eq!(
            claims("[students]", "100").reviewer(50),
            Err(AuthError::NotReviewer)
        );
        assert_eq!(
            claims("[reviewers]", "100").reviewer(100),
            Err(AuthError::Expired)
        );
        assert_eq!(
            GatewayClaims::default().reviewer(0),
            Err(AuthError::Malformed)
        );
    }

    #[test]
    fn a_signed_reviewer_token_is_accepted_until_it_expires() {
        let k = Secret::new(b"k".to_vec());
        let t = issue(&k, &claims(&["reviewers"], 100));
        assert_eq!(verify(&k, &t, 50).unwrap().sub, "aigerim");
        assert_eq!(verify(&k, &t, 100), Err(AuthError::Expired));
    }

    #[test]
    fn a_reviewer_sees_the_forms_given_and_a_lead_sees_all() {
        let with = |groups: &[&str]| Claims {
            sub: "x".into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            exp: 0,
        };
        let dormitory = with(&[GROUP, "forms-dormitory"]);
        assert!(dormitory.may_see("dormitory") && !dormitory.may_see("school-admission"));
        assert!(!with(&[GROUP]).may_see("dormitory"), "none given: none");
        assert!(with(&[GROUP, ALL_FORMS]).may_see("school-admission"));
        assert!(with(&[GROUP, LEADS]).may_see("school-admission"));
    }

    #[test]
    fn wrong_signature_wrong_group_and_junk_are_refused() {
        let (k, other) = (Secret::new(b"k".to_vec()), Secret::new(b"other".to_vec()));
        let t = issue(&k, &claims(&["reviewers"], 100));
        assert_eq!(verify(&other, &t, 50), Err(AuthError::BadSignature));
        let student = issue(&k, &claims(&["students"], 100));
        assert_eq!(verify(&k, &student, 50), Err(AuthError::NotReviewer));
        assert_eq!(verify(&k, "abc", 50), Err(AuthError::Malformed));
        // A token whose payload was edited keeps its old signature.
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged =
            URL_SAFE_NO_PAD.encode(br#"{"sub":"x","cognito:groups":["reviewers"],"exp":999}"#);
        parts[1] = &forged;
        assert_eq!(
            verify(&k, &parts.join("."), 50),
            Err(AuthError::BadSignature)
        );
    }
}
