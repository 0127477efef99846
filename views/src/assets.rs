//! The stylesheet and the script, built into the binary so `portal` works from anywhere,
//! and published under fingerprinted names for long caching.

use sha2::{Digest, Sha256};

pub const STYLE: &str = include_str!("../assets/style.css");

/// The only script of the built site: progressive enhancement for forms (conditional
/// questions, the fee calculator) and the search box. Every page works without it.
pub const SCRIPT: &str = include_str!("../assets/site.js");

/// Fingerprinted name for long caching: `style.3f2a9c1b0d.css`.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

/// Where the stylesheet is published, relative to the site root.
pub fn style_path() -> String {
    format!("assets/{}", fingerprint("style.css", STYLE.as_bytes()))
}

/// Where the script is published, relative to the site root.
pub fn script_path() -> String {
    format!("assets/{}", fingerprint("site.js", SCRIPT.as_bytes()))
}
