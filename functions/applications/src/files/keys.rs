//! The keys files are stored under: the prefix says who owns the file.

use crate::ids::random_id;

/// Where uploads sent on their own wait to be named by an application.
pub const INCOMING: &str = "incoming-";
/// Documents of drafts and applications.
pub const DOCUMENT: &str = "doc-";

/// The key of the upload a client knows by `id` (from `POST /api/uploads` or an upload
/// URL); `None` for anything that is not an id this portal gives out, so that a client
/// can name nothing but an upload.
pub fn incoming(id: &str) -> Option<String> {
    let is_id = id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    is_id.then(|| format!("{INCOMING}{id}"))
}

/// A new upload's id (told to the client) and its key.
pub fn new_incoming() -> (String, String) {
    let id = random_id();
    let key = format!("{INCOMING}{id}");
    (id, key)
}

/// A new key for a document: never told to a client.
pub fn new_document() -> String {
    format!("{DOCUMENT}{}", random_id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_the_portal_gives_name_an_upload() {
        let (id, key) = new_incoming();
        assert_eq!(incoming(&id), Some(key));
        for bad in [
            "",
            "../secret",
            "doc-0123",
            &format!("{id}0"),
            &id.to_uppercase(),
        ] {
            assert_eq!(incoming(bad), None, "{bad:?}");
        }
    }
}
