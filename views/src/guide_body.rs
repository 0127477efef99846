//! A guide's Markdown as HTML: headings get their anchors, `@/` links become the same
//! page in the reader's language, external links are marked for the print checklist.

use content_model::Lang;
use content_model::guide::GuideBody;
use content_model::markdown::{options, parse_internal};
use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

/// The site path an `@/kind/slug#anchor` link stands for in `lang`.
pub fn internal_href(dest: &str, lang: Lang) -> Option<String> {
    let link = parse_internal(dest)?;
    let mut href = format!("/{lang}/{}/", link.kind);
    if let Some(slug) = link.slug {
        href.push_str(slug);
        href.push('/');
    }
    if let Some(anchor) = link.anchor {
        href.push('#');
        href.push_str(anchor);
    }
    Some(href)
}

pub fn render(body: &GuideBody, lang: Lang) -> String {
    let mut heading_index = 0;
    let events = Parser::new_ext(&body.markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let id = body
                .headings
                .get(heading_index)
                .map(|h| CowStr::from(h.id.clone()));
            heading_index += 1;
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = internal_href(&dest_url, lang)
                .map(CowStr::from)
                .unwrap_or(dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        // Raw HTML in guides is shown as text: editors write Markdown, and the site's
        // Content-Security-Policy forbids inline script anyway.
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        e => e,
    });
    let mut out = String::with_capacity(body.markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Tables scroll on phones instead of breaking the layout.
    out.replace("<table>", r#"<div class="table-wrap"><table>"#)
        .replace("</table>", "</table></div>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use content_model::guide::FrontMatter;
    use content_model::markdown::headings;

    fn body(md: &str) -> GuideBody {
        GuideBody {
            front: FrontMatter {
                title: "t".into(),
                summary: "s".into(),
            },
            markdown: md.into(),
            body_line: 1,
            headings: headings(md),
        }
    }

    #[test]
    fn rewrites_internal_links_and_sets_heading_ids() {
        let html = render(
            &body(
                "## Құжаттар\n\nSee [form](@/forms/dormitory) and [doc](@/services/dormitory#cost).\n\n<script>x</script>\n",
            ),
            Lang::Kk,
        );
        assert!(
            html.contains(r#"<h2 id="құжаттар">Құжаттар</h2>"#),
            "{html}"
        );
        assert!(html.contains(r#"href="/kk/forms/dormitory/""#));
        assert!(html.contains(r#"href="/kk/services/dormitory/#cost""#));
        assert!(!html.contains("<script>"));
    }
}
