//! `sitemap.xml` with every page's translations as `xhtml:link` alternates.

use content_model::Lang;
use views::Page;
use views::words::escape;

pub fn sitemap(base_url: &str, pages: &[Page]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut urls: Vec<&Page> = pages.iter().filter(|p| p.indexed).collect();
    urls.sort_by(|a, b| a.url.cmp(&b.url));
    for p in urls {
        out.push_str(&format!(
            "<url><loc>{}</loc>",
            escape(&format!("{base_url}{}", p.url))
        ));
        for l in Lang::ALL {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>",
                escape(&format!("{base_url}{}", p.url_in(l)))
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
