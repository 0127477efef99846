//! Who is applying, as the store may know it: one applicant per form may have one
//! application under review, identified by an HMAC of the form and their IIN or
//! passport, so the store never holds the number itself.

use crate::secret::Secret;

pub fn applicant_hash(secret: &Secret, form: &str, id: &str) -> String {
    secret.mac_hex(&[b"applicant:", form.as_bytes(), b":", id.as_bytes()])
}
