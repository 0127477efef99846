//! Markdown with YAML front matter: splitting the two, heading anchors, and the links a
//! guide makes, with their positions for diagnostics.

use crate::position::Pos;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The pulldown-cmark options the whole site uses (tables, heading ids, footnotes).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
}

/// `---\n<yaml>\n---\n<markdown>` split into its parts. `None` when there is no front
/// matter block.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

pub fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// A heading's anchor: lowercase letters and digits of any script, words joined by `-`.
/// Cyrillic stays Cyrillic, so Kazakh and Russian anchors stay readable.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    out
}

/// The headings of a document with unique anchors, in order.
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Option<String>)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    String::new(),
                    id.map(|s| s.to_string()),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, id)) = current.take() {
                    let base = id.unwrap_or_else(|| slugify(&text));
                    let id = unique(&out, base);
                    out.push(Heading { level, text, id });
                }
            }
            _ => {}
        }
    }
    out
}

fn unique(existing: &[Heading], base: String) -> String {
    if !existing.iter().any(|h| h.id == base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !existing.iter().any(|h| &h.id == c))
        .expect("an unused suffix")
}

pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A link written in the Markdown, with where it stands relative to the body's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub pos: Pos,
}

pub fn links(markdown: &str) -> Vec<LinkRef> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let line = line_starts.partition_point(|s| *s <= range.start);
                let col = markdown[line_starts[line - 1]..range.start].chars().count() + 1;
                Some(LinkRef {
                    dest: dest_url.to_string(),
                    pos: Pos::new(line, col),
                })
            }
            _ => None,
        })
        .collect()
}

/// An internal link `@/kind/slug#anchor`: to another page of the site in the same
/// language, checked at build time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink<'a> {
    pub kind: &'a str,
    pub slug: Option<&'a str>,
    pub anchor: Option<&'a str>,
}

pub fn parse_internal(dest: &str) -> Option<InternalLink<'_>> {
    let rest = dest.strip_prefix("@/")?;
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    let (kind, slug) = match path.split_once('/') {
        Some((k, s)) => (k, Some(s.trim_end_matches(".yaml"))),
        None => (path, None),
    };
    Some(InternalLink { kind, slug, anchor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split_front_matter("---\ntitle: A\nsummary: B\n---\n# Hi\n").unwrap();
        assert_eq!(s.yaml, "title: A\nsummary: B\n");
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_line, 5);
        assert!(split_front_matter("# No front matter\n").is_none());
    }

    #[test]
    fn anchors_keep_kazakh_letters_and_are_unique() {
        let h =
            headings("## Құжаттар тізімі\n\n## Құжаттар тізімі\n\n### Step 1: apply {#apply}\n");
        assert_eq!(h[0].id, "құжаттар-тізімі");
        assert_eq!(h[1].id, "құжаттар-тізімі-1");
        assert_eq!(h[2].id, "apply");
    }

    #[test]
    fn finds_links_with_positions() {
        let l = links("Intro\n\nSee [the form](@/forms/dormitory#start) now.\n");
        assert_eq!(l[0].dest, "@/forms/dormitory#start");
        assert_eq!(l[0].pos, Pos::new(3, 5));
        let i = parse_internal(&l[0].dest).unwrap();
        assert_eq!(
            (i.kind, i.slug, i.anchor),
            ("forms", Some("dormitory"), Some("start"))
        );
    }
}
