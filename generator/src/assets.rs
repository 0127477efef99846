//! Files built into the binary, so `portal` works from anywhere.

pub const STYLE: &str = include_str!("../assets/style.css");

/// The only script of the built site: progressive enhancement for forms (conditional
/// questions, the fee calculator). Every page works without it.
pub const SCRIPT: &str = include_str!("../assets/site.js");
