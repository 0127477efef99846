//! `sitemap.xml` with every page's translations as `xhtml:link` alternates; a Kazakh
//! page is listed twice, in Cyrillic and in the Latin-script edition made from it.

use content_model::Lang;
use views::Page;
use views::edition;
use views::words::escape;

pub fn sitemap(base_url: &str, pages: &[Page]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut urls: Vec<(String, &Page)> = Vec::new();
    for p in pages.iter().filter(|p| p.indexed) {
        urls.push((p.url.clone(), p));
        if p.lang == Lang::Kk {
            urls.push((p.url_in_latin(), p));
        }
    }
    urls.sort_by(|a, b| a.0.cmp(&b.0));
    for (url, p) in urls {
        out.push_str(&format!(
            "<url><loc>{}</loc>",
            escape(&format!("{base_url}{url}"))
        ));
        for e in edition::all() {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                e.tag,
                escape(&format!("{base_url}{}", p.url_in_edition(&e)))
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
