//! Application references people can read out on the phone (8 characters, no
//! look-alikes, as GOV.UK Forms does) and the access code that goes with each.

use crate::secret::{Secret, same};
use rand::Rng;

/// No I, O, Q, Z, 0 or 1: nothing that reads as another character.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXY23456789";
pub const LENGTH: usize = 8;

/// A random reference: 30^8 ≈ 6.6·10^11 values, drawn from the OS's generator, so
/// neither guessable nor in sequence.
pub fn new_reference() -> String {
    let mut rng = rand::rng();
    (0..LENGTH)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Upper-cases and drops spaces and hyphens; `None` when it cannot be a reference.
pub fn normalise(input: &str) -> Option<String> {
    let r: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (r.len() == LENGTH && r.bytes().all(|b| ALPHABET.contains(&b))).then_some(r)
}

/// The access code of a reference: derived with a server secret, so it is never stored
/// and cannot be computed without the secret. Shown once, on the confirmation page.
pub fn access_code(secret: &Secret, reference: &str) -> String {
    secret
        .mac(&[b"access-code:", reference.as_bytes()])
        .iter()
        .take(LENGTH)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Constant-time check of a code typed by the applicant.
pub fn code_matches(secret: &Secret, reference: &str, typed: &str) -> bool {
    let Some(typed) = normalise(typed) else {
        return false;
    };
    same(typed.as_bytes(), access_code(secret, reference).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_use_the_unambiguous_alphabet_and_differ() {
        let refs: std::collections::HashSet<String> = (0..1000).map(|_| new_reference()).collect();
        assert_eq!(refs.len(), 1000);
        for r in &refs {
            assert_eq!(r.len(), 8);
            assert!(!r.contains(['I', 'O', 'Q', 'Z', '0', '1']), "{r}");
        }
    }

    #[test]
    fn access_codes_depend_on_the_secret_and_check_loosely_typed_input() {
        let (secret, other) = (
            Secret::new(b"secret".to_vec()),
            Secret::new(b"other".to_vec()),
        );
        let code = access_code(&secret, "ABCD2345");
        assert_eq!(code, access_code(&secret, "ABCD2345"));
        assert_ne!(code, access_code(&other, "ABCD2345"));
        let typed = format!("{} {}", &code[..4], code[4..].to_lowercase());
        assert!(code_matches(&secret, "ABCD2345", &typed));
        assert!(!code_matches(&secret, "ABCD2346", &code));
    }
}
