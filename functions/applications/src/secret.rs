//! The server's secret, and what is derived from it with HMAC-SHA256: access codes,
//! applicant hashes, the local reviewers' tokens. One keyed MAC, with a label per use so
//! that no value made for one purpose is valid for another.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The secret itself: never logged, never shown.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(bytes.into())
    }

    /// HMAC-SHA256 of the parts (each one after the other, as given).
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        // HMAC takes a key of any length: the error cannot happen.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            unreachable!("HMAC accepts any key length")
        };
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    /// The MAC as lower-case hex.
    pub fn mac_hex(&self, parts: &[&[u8]]) -> String {
        self.mac(parts).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Whether two secrets (codes, MACs, passwords) are equal, in time that does not depend
/// on where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mac_is_hmac_sha256() {
        // RFC 4231, test case 2.
        let s = Secret::new(b"Jefe".to_vec());
        assert_eq!(
            s.mac_hex(&[b"what do ya want ", b"for nothing?"]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
        assert_eq!(format!("{s:?}"), "Secret(…)");
    }
}
