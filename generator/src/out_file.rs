//! A file of the finished site.

/// A file of the finished site.
#[derive(Clone)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
