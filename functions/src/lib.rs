//! The application API.
pub mod local;
