//! Files built into the binary, so `portal` works from anywhere.

pub const STYLE: &str = include_str!("../assets/style.css");
