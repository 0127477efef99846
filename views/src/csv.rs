//! Tables as CSV (RFC 4180), for the downloads: the work plan, the reports, the
//! applications.

/// One field: quoted when it holds a comma, a quote or a line break. A field a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
/// first: what an applicant may type) is written with a `'` before it, as OWASP advises,
/// so that opening the file runs nothing.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// What a CSV download starts with: the UTF-8 byte order mark, without which Excel
/// reads Cyrillic and Kazakh text as another code page.
pub const BOM: &str = "\u{feff}";

/// One record of fields, with its CRLF line end.
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let fields: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
    format!("{}\r\n", fields.join(","))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(super::field("Алматы"), "Алматы");
        assert_eq!(super::field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(super::record(&["1", "x\ny"]), "1,\"x\ny\"\r\n");
    }

    #[test]
    fn nothing_a_spreadsheet_would_run_is_written_as_it_is() {
        assert_eq!(
            super::field("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(super::field("+77011234567"), "'+77011234567");
        assert_eq!(super::field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::field("-1+1"), "'-1+1");
        assert_eq!(super::field("\tx"), "'\tx");
        assert_eq!(super::field("Асанов = 1"), "Асанов = 1");
    }
}
