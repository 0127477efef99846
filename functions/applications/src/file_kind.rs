//! The file types the portal accepts, recognised from the bytes, not the name.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png];

    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    /// The kind a content type names (`image/png` → PNG); `None` for any other type.
    pub fn from_content_type(content_type: &str) -> Option<FileKind> {
        FileKind::ALL
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_types_from_the_bytes() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(FileKind::Png)
        );
        assert_eq!(FileKind::sniff(b"MZ\x90\x00 not a pdf"), None);
    }

    #[test]
    fn content_types_name_kinds_both_ways() {
        for k in FileKind::ALL {
            assert_eq!(FileKind::from_content_type(k.content_type()), Some(k));
        }
        assert_eq!(FileKind::from_content_type("text/html"), None);
    }
}
