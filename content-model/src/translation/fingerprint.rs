//! A short, stable name for a text: the first 12 hex digits of the SHA-256 of its words.
//! Only the words count, so re-wrapping a paragraph or changing its indentation does
//! not make its translations stale.

use sha2::{Digest, Sha256};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(String);

/// Hex digits kept: 48 bits, so two different texts of one unit share a fingerprint
/// with a chance of 1 in 2^48.
const DIGITS: usize = 12;

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let mut hash = Sha256::new();
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                hash.update(b" ");
            }
            hash.update(word.as_bytes());
        }
        let digest = hash.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Fingerprint(hex[..DIGITS].to_owned())
    }

    /// A fingerprint as written in the record, if it is one.
    pub fn parse(s: &str) -> Option<Fingerprint> {
        (s.len() == DIGITS
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Fingerprint(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_words_count() {
        let a = Fingerprint::of("Студент подаёт онлайн-заявку\n  на место в общежитии.");
        let b = Fingerprint::of("  Студент подаёт онлайн-заявку на место   в общежитии.\n");
        assert_eq!(a, b);
        assert_ne!(
            a,
            Fingerprint::of("Студент подаёт заявку на место в общежитии.")
        );
        assert_eq!(a.as_str().len(), 12);
    }

    #[test]
    fn parses_only_what_it_writes() {
        let f = Fingerprint::of("text");
        assert_eq!(Fingerprint::parse(f.as_str()), Some(f));
        assert_eq!(Fingerprint::parse("ABCDEF012345"), None);
        assert_eq!(Fingerprint::parse("abc"), None);
    }
}
