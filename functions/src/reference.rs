//! Application references people can read out on the phone (8 characters, no
//! look-alikes, as GOV.UK Forms does) and the access code that goes with each.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

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
pub fn access_code(secret: &[u8], reference: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"access-code:");
    mac.update(reference.as_bytes());
    let bytes = mac.finalize().into_bytes();
    bytes
        .iter()
        .take(LENGTH)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Constant-time check of a code typed by the applicant.
pub fn code_matches(secret: &[u8], reference: &str, typed: &str) -> bool {
    let Some(typed) = normalise(typed) else {
        return false;
    };
    let expected = access_code(secret, reference);
    typed
        .bytes()
        .zip(expected.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
        && typed.len() == expected.len()
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
        let code = access_code(b"secret", "ABCD2345");
        assert_eq!(code, access_code(b"secret", "ABCD2345"));
        assert_ne!(code, access_code(b"other", "ABCD2345"));
        let typed = format!("{} {}", &code[..4], code[4..].to_lowercase());
        assert!(code_matches(b"secret", "ABCD2345", &typed));
        assert!(!code_matches(b"secret", "ABCD2346", &code));
    }
}
